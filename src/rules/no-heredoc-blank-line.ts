import { defineRule } from '../core/rule.js';
import type { TextEdit } from '../core/diagnostic.js';
import type { ScriptLine } from '../grammar/ast.js';
import { processLabel } from './_shared/process-label.js';
import { parseShell, walkShell } from '../shell/index.js';

const BLANK = /^[ \t\r]*$/;

/** Length of the common run of WS bytes (space, TAB, CR) at the start of `a` and `prefix`. */
function commonIndent(line: string, prefix: string): number {
  let n = 0;
  while (n < prefix.length && n < line.length && line[n] === prefix[n]) n++;
  return n;
}

export default defineRule({
  meta: {
    id: 'no-heredoc-blank-line',
    category: 'correctness',
    description: 'Disallow blank lines in indented script blocks whose here-documents rely on the indentation being removed',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      heredocNeverEnds:
        'Here-document `{word}` in the `{process}` block of job `{job}` never ends: a blank line stops upstart from removing the block indentation, so this terminator keeps its leading blanks; indent the blank line like the block or use `<<-` with tab indentation',
      blankLine: 'This blank line keeps upstart from removing the block indentation',
      indentBlankLines: 'Indent the blank lines like the rest of the block',
      dedentTerminator: 'Move the terminator `{word}` to the start of its line',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.processes) {
      if (stanza.type !== 'ScriptStanza') continue;
      const lines = stanza.body.lines;
      // Only here-documents are at stake: a script without `<<` is never parsed here.
      if (!lines.some((l) => l.raw.includes('<<'))) continue;
      // The indentation upstart would remove if blank lines did not count (grammar section 1.7).
      const firstCode = lines.find((l) => !BLANK.test(l.raw));
      if (!firstCode) continue;
      const prefix = /^[ \t\r]*/.exec(firstCode.raw)?.[0] ?? '';
      let intended = prefix.length;
      for (const l of lines) if (!BLANK.test(l.raw)) intended = Math.min(intended, commonIndent(l.raw, prefix));
      if (intended === 0 || stanza.body.indent.length >= intended) continue;

      // Here-documents whose end line would be found with the indentation removed, but is not.
      const wanted = heredocEnds(lines.map((l) => (BLANK.test(l.raw) ? '' : l.raw.slice(intended))));
      const actual = heredocEnds(lines.map((l) => l.text));
      const end = wanted.find((h) => !actual.some((a) => a.opener === h.opener && a.terminator === h.terminator));
      if (!end) continue;
      const terminator = lines[end.terminator] as ScriptLine;
      const culprits = lines.filter((l) => BLANK.test(l.raw) && commonIndent(l.raw, prefix) < intended);
      const data = { job: job.name, process: processLabel(stanza), word: end.delimiter };
      const indent = prefix.slice(0, intended);
      const lead = /^[ \t\r]*/.exec(terminator.raw)?.[0].length ?? 0;
      report({
        messageId: 'heredocNeverEnds',
        data,
        at: terminator.span,
        origin: stanza,
        related: culprits.slice(0, 1).map((l) => ({ at: l.span, messageId: 'blankLine' as const })),
        suggest: [
          {
            messageId: 'indentBlankLines',
            data,
            fix: (edit) =>
              culprits.map((l): TextEdit => edit.replace(l.span, indent + (l.raw.endsWith('\r') ? '\r' : ''))),
          },
          {
            messageId: 'dedentTerminator',
            data,
            fix: (edit) =>
              edit.replace(job.spanIn(stanza, terminator.span.start.offset, terminator.span.start.offset + lead), ''),
          },
        ],
      });
    }
  },
});

interface HeredocEnd {
  readonly delimiter: string;
  /** Line index of the `<<` and of the line that ends the document. */
  readonly opener: number;
  readonly terminator: number;
}

/** The here-documents of a script given as lines, with the lines that end them. */
function heredocEnds(lines: readonly string[]): HeredocEnd[] {
  const text = lines.map((l) => `${l}\n`).join('');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: HeredocEnd[] = [];
  walkShell(parseShell(text).script, (n) => {
    if (n.type === 'Redirect' && n.heredoc?.terminator) {
      out.push({ delimiter: n.heredoc.delimiter, opener: lineOf(n.start), terminator: lineOf(n.heredoc.terminator.start) });
    }
    return true;
  });
  return out;
}
