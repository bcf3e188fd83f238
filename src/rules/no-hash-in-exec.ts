/**
 * `#` starts a comment anywhere on an `exec` line, even glued to an argument (grammar document
 * section 1.5, case E03): `exec app --color=#fff` runs `app --color=`.
 */
import { defineRule } from '../core/rule.js';
import { processLabel } from './_shared/process-label.js';

export default defineRule({
  meta: {
    id: 'no-hash-in-exec',
    category: 'correctness',
    description: 'Disallow a `#` glued to an `exec` argument, where upstart cuts the command',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      truncated:
        'Upstart cuts this `{stanza}` command at `#`: it runs `{command}` and drops `{dropped}`; escape the `#` as `\\#` or quote the argument',
      escapeHash: 'Escape the `#` as `\\#` so the shell receives it',
      separateComment: 'Put a space before `#` to show it starts a comment (what upstart already does)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.stanzas) {
      if (stanza.type !== 'ExecStanza') continue;
      const file = job.fileOf(stanza);
      const end = stanza.command.span.end.offset;
      // Glued: no whitespace between the command's last byte and the `#`.
      if (file.text[end] !== '#' || /[ \t\r\n]/.test(file.text[end - 1] ?? ' ')) continue;
      const comment = file.ast.comments.find((c) => c.span.start.offset === end);
      const dropped = comment ? `#${comment.text}`.replace(/\r$/, '').trimEnd() : '#';
      report({
        messageId: 'truncated',
        data: { stanza: processLabel(stanza), command: shorten(stanza.command.value), dropped: shorten(dropped) },
        at: comment ? job.spanIn(stanza, end, end + dropped.length) : job.spanIn(stanza, end, end + 1),
        origin: stanza,
        suggest: [
          { messageId: 'escapeHash', fix: (edit) => edit.replace(job.spanIn(stanza, end, end), '\\') },
          { messageId: 'separateComment', fix: (edit) => edit.replace(job.spanIn(stanza, end, end), ' ') },
        ],
      });
    }
  },
});

function shorten(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}
