/**
 * `and` and `or` mixed without parentheses: upstart has no operator precedence and combines
 * strictly left to right (grammar document section 3.2, case E15).
 */
import type { AndExpression, EventExpression, OrExpression } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { walkExpression } from '../core/job-model.js';

export default defineRule({
  meta: {
    id: 'no-mixed-and-or',
    category: 'correctness',
    description: 'Require parentheses where `and` and `or` are mixed in an event expression',
    defaultSeverity: 'warning',
    messageSeverity: { unparenthesised: 'info' },
    hasSuggestions: true,
    messages: {
      surprising:
        'Upstart has no operator precedence: this `and` applies to `({left})`, not just to `{last}`; add parentheses to say which you mean',
      unparenthesised:
        '`and` and `or` are mixed without parentheses: upstart reads this as `({left}) or …` (strictly left to right); add parentheses to make that visible',
      addParentheses: 'Add parentheses around `{left}` (the grouping upstart already uses)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of [...job.findAll('start on'), ...job.findAll('stop on')]) {
      for (const node of walkExpression(stanza.expression)) {
        if (node.type !== 'AndExpression' && node.type !== 'OrExpression') continue;
        const left = node.left;
        if (!isOtherOperator(left, node)) continue;
        const file = job.fileOf(stanza);
        const leftText = file.text.slice(left.span.start.offset, left.span.end.offset);
        const lastText = file.text.slice(left.right.span.start.offset, left.right.span.end.offset);
        const data = { left: shorten(leftText), last: shorten(lastText) };
        report({
          messageId: node.type === 'AndExpression' ? 'surprising' : 'unparenthesised',
          data,
          at: node.operatorSpan,
          origin: stanza,
          suggest: [
            {
              messageId: 'addParentheses',
              data,
              fix: (edit) => [
                edit.replace(job.spanIn(stanza, left.span.start.offset, left.span.start.offset), '('),
                edit.replace(job.spanIn(stanza, left.span.end.offset, left.span.end.offset), ')'),
              ],
            },
          ],
        });
      }
    }
  },
});

/** True when `child` is an unparenthesised operator of the other kind than `node`. */
function isOtherOperator(child: EventExpression, node: AndExpression | OrExpression): child is AndExpression | OrExpression {
  return (
    (node.type === 'AndExpression' && child.type === 'OrExpression') ||
    (node.type === 'OrExpression' && child.type === 'AndExpression')
  );
}

/** One line of at most 60 characters, for messages. */
function shorten(text: string): string {
  const flat = text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= 60 ? flat : `${flat.slice(0, 57)}...`;
}
