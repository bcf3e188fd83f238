/**
 * Variable references in `start on` values: init evaluates `start on` with no environment at all
 * (grammar document section 3.5, case E60), so `$NAME` never matches and `${NAME:-x}` is always x.
 */
import type { EventMatch } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { walkExpression } from '../core/job-model.js';
import { expand, hasReference } from './_shared/expand.js';
import { valueSpan } from './_shared/word-span.js';

const NO_ENV: ReadonlyMap<string, string> = new Map();

export default defineRule({
  meta: {
    id: 'no-variable-in-start-on',
    category: 'correctness',
    description: 'Disallow variable references in `start on` event values, which init never expands',
    defaultSeverity: 'error',
    messageSeverity: { alwaysDefault: 'warning' },
    hasSuggestions: true,
    messages: {
      neverMatches:
        '`{operand}` in `start on` never matches: init expands `start on` values without any environment, so `{variable}` has no value; write the value literally',
      badSyntax:
        '`{operand}` in `start on` never matches: init cannot expand `{value}` (bad variable syntax), and `start on` has no variables anyway; write the value literally',
      alwaysDefault:
        '`{operand}` in `start on` always means `{result}`: init expands `start on` values without any environment; write `{result}` literally',
      alwaysEmpty:
        '`{operand}` in `start on` always expands to an empty value: init expands `start on` values without any environment; write the value literally',
      eventNameVariable:
        'Event names are never expanded: `start on {event}` waits for an event literally named `{event}`; write the event name',
      useLiteral: 'Replace `{reference}` with `{result}` (what init already uses)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const startOn = job.startOn;
    if (!startOn) return;
    for (const node of walkExpression(startOn.expression)) {
      if (node.type !== 'EventMatch') continue;
      checkMatch(node);
    }

    function checkMatch(match: EventMatch): void {
      if (hasReference(match.event.value)) {
        report({ messageId: 'eventNameVariable', data: { event: match.event.value }, at: match.event, origin: match.event });
      }
      for (const arg of match.args) {
        if (!hasReference(arg.value)) continue;
        const result = expand(arg.value, NO_ENV);
        const operand = arg.word.value;
        // Offset of the value inside the dequoted word (`KEY=` or `KEY!=` before it).
        const valueOffset = operand.length - arg.value.length;
        if (!result.ok && result.error !== 'unknownParameter') {
          report({ messageId: 'badSyntax', data: { operand, value: arg.value }, at: arg.word, origin: arg.word });
          continue;
        }
        if (!result.ok) {
          const ref = result.references.find((r) => r.operator === null) ?? result.references[0];
          const at = ref ? valueSpan(job, arg.word, valueOffset + ref.start, valueOffset + ref.end) : arg.word.span;
          report({
            messageId: 'neverMatches',
            data: { operand, variable: ref ? arg.value.slice(ref.start, ref.end) : '$' },
            at,
            origin: arg.word,
          });
          continue;
        }
        const first = result.references[0];
        const at = first ? valueSpan(job, arg.word, valueOffset + first.start, valueOffset + first.end) : arg.word.span;
        if (result.value === '') {
          report({ messageId: 'alwaysEmpty', data: { operand }, at, origin: arg.word });
          continue;
        }
        const canEdit = arg.word.raw === arg.word.value;
        const resultText = `${operand.slice(0, valueOffset)}${result.value}`;
        report({
          messageId: 'alwaysDefault',
          data: { operand, result: result.value },
          at,
          origin: arg.word,
          ...(canEdit && !/[\s"'\\#()]/.test(result.value)
            ? {
                suggest: [
                  {
                    messageId: 'useLiteral' as const,
                    data: { reference: arg.value, result: result.value },
                    fix: (edit) => edit.replace(arg.word, resultText),
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
});
