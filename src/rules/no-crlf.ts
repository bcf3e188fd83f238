import { defineRule } from '../core/rule.js';
import type { TextEdit } from '../core/diagnostic.js';
import type { Stanza } from '../grammar/ast.js';
import { processLabel } from './_shared/process-label.js';

export default defineRule({
  meta: {
    id: 'no-crlf',
    category: 'correctness',
    description: 'Require LF line endings, since upstart keeps CR bytes in scripts and breaks continuations',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      crlfFile:
        'Job file `{job}` has CRLF line endings, which break backslash continuations and leave a CR at the end of every script line; convert it to LF',
      crInScript:
        'The `{process}` block of job `{job}` contains CR bytes, which the shell sees as part of its commands; convert the file to LF line endings',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const file = job.primary;
    const text = file.text;
    const first = text.indexOf('\r\n');
    if (first !== -1) {
      report({
        messageId: 'crlfFile',
        data: { job: job.name },
        at: file.lines.span(first, first + 1),
        // Converting `\` CR LF outside a script to `\` LF would make upstart join that line with
        // the next one: it reads differently, so that file is left for a person to convert.
        fix: (edit) => {
          if (continuationWouldJoin(text, job.stanzasIn(file))) return null;
          const edits: TextEdit[] = [];
          for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) {
            edits.push(edit.replace(file.lines.span(i, i + 1), ''));
          }
          return edits;
        },
      });
    }
    // Each effective script of this file that carries CR bytes: that is where the job breaks.
    for (const stanza of job.processes) {
      if (stanza.type !== 'ScriptStanza' || job.fileOf(stanza) !== file) continue;
      const line = stanza.body.lines.find((l) => l.raw.includes('\r'));
      if (!line) continue;
      report({
        messageId: 'crInScript',
        data: { job: job.name, process: processLabel(stanza) },
        at: line.span,
      });
    }
  },
});

/**
 * True when some CR LF outside a script body follows a backslash that escapes it (an odd run of
 * backslashes): upstart reads that backslash as escaping the CR, and after the conversion it would
 * read a line continuation instead.
 */
function continuationWouldJoin(text: string, stanzas: readonly Stanza[]): boolean {
  // Script bodies in source order; the search below moves forward through them once.
  const bodies: Array<readonly [number, number]> = [];
  for (const s of stanzas) if (s.type === 'ScriptStanza') bodies.push([s.body.span.start.offset, s.body.span.end.offset]);
  let b = 0;
  for (let i = text.indexOf('\\\r\n'); i !== -1; i = text.indexOf('\\\r\n', i + 1)) {
    let run = 1;
    while (i - run >= 0 && text.charCodeAt(i - run) === 92) run++;
    if (run % 2 === 0) continue;
    while (b < bodies.length && (bodies[b] as readonly [number, number])[1] <= i) b++;
    const body = bodies[b];
    if (!body || i < body[0]) return true;
  }
  return false;
}
