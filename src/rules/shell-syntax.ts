/**
 * Shell that `/bin/sh` (dash on Debian and Ubuntu) refuses to parse: the process fails every
 * time it starts, and upstart accepted the job file. The parser in src/shell follows dash
 * decision for decision; this rule reports dash's first complaint, in plain words, where the
 * user has to act, with dash's own line as a related location when it differs.
 */
import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import type { ShellSyntaxError } from '../shell/index.js';
import { onTemplateLine } from './_shared/template.js';
import { processLabel } from './_shared/process-label.js';

/** What is left open at the end of the text, and the word that closes it. */
const OPENERS: Readonly<Record<string, readonly [string, string]>> = {
  if: ['this `if` is never closed', 'add the missing `fi`'],
  while: ['this `while` loop is never closed', 'add the missing `done`'],
  until: ['this `until` loop is never closed', 'add the missing `done`'],
  for: ['this `for` loop is never closed', 'add the missing `done`'],
  case: ['this `case` is never closed', 'end its last item with `;;` and add the missing `esac`'],
  '{': ['this `{` group is never closed', 'add the missing `}` (after a `;` or a newline)'],
  '(': ['this `(` subshell is never closed', 'add the missing `)`'],
  '$(': ['this `$(` command substitution is never closed', 'add the missing `)`'],
  function: ['this function body is never closed', 'close it'],
};

/** What went wrong and what to do, from dash's complaint. */
function explain(e: ShellSyntaxError): { problem: string; advice: string } {
  const found = e.found ?? '';
  const eof = found === 'end of file';
  switch (e.code) {
    case 'unterminatedQuote':
      return { problem: `the ${e.open?.kind === "'" ? 'single' : 'double'} quote opened here is never closed`, advice: 'add the closing quote' };
    case 'missingBrace':
      return { problem: 'this `${` has no closing `}`', advice: 'add the `}`' };
    case 'missingArithmetic':
      return { problem: 'this `$((` has no closing `))`', advice: 'add the `))`' };
    case 'unterminatedBackquote':
      return { problem: 'this backquote is never closed', advice: 'add the closing backquote, or use `$(…)`' };
    case 'badFunctionName':
      return { problem: 'this is not a name dash allows for a function (a special built-in, or not a plain name)', advice: 'rename the function' };
    case 'badForVariable':
      return e.bashism === 'arithmetic-for'
        ? { problem: '`for ((…))` is bash-only', advice: 'use `while` with `$((…))` arithmetic' }
        : { problem: '`for` must be followed by a variable name', advice: 'write `for NAME in WORDS; do`' };
    case 'internal':
      return { problem: 'upstart-lint could not read this shell text', advice: 'please report this upstart-lint bug' };
    default:
      break;
  }
  if (e.bashism) return { problem: `${BASHISMS[e.bashism] ?? 'this is bash-only syntax'}`, advice: 'rewrite it in POSIX sh (see no-bashism)' };
  const expected = e.expected?.replace(/"/g, '`');
  const what = found.startsWith('"') ? found.replace(/"/g, '`') : found;
  if (eof && e.open) {
    const [problem, advice] = OPENERS[e.open.kind] ?? [`\`${e.open.kind}\` is never closed`, expected ? `add the missing ${expected}` : 'close it'];
    return { problem, advice };
  }
  if (expected) {
    const hint =
      expected === '`then`' || expected === '`do`'
        ? ` (a \`;\` or a newline must come before ${expected})`
        : expected === '`}`'
          ? ' (a `;` or a newline must come before `}`)'
          : '';
    return { problem: `${what} appears where ${expected} is required`, advice: `add the missing ${expected}${hint}` };
  }
  if (found === 'end of file' || found === 'newline') {
    const where = found === 'newline' ? 'the line' : 'the text';
    return {
      problem: `${where} ends where dash expects more (a file name after a redirection, or a command after \`|\`, \`&&\` or \`||\`)`,
      advice: 'complete the command',
    };
  }
  return { problem: `${what} is not allowed here`, advice: 'remove it or complete the command before it' };
}

/** How no-bashism names the constructs that dash rejects outright. */
const BASHISMS: Readonly<Record<string, string>> = {
  'array-assignment': 'arrays (`name=(…)`) are bash-only',
  'here-string': 'here-strings (`<<<`) are bash-only',
  'pipe-stderr': '`|&` is bash-only',
  'function-keyword': 'the `function` keyword is bash-only',
  select: '`select` loops are bash-only',
  'function-brace': 'this `}` closes a bash-only `function name {` definition, which dash does not know',
  'arithmetic-for': '`for ((…))` is bash-only',
  'process-substitution': 'process substitution (`<(…)`, `>(…)`) is bash-only',
};

export default defineRule({
  meta: {
    id: 'shell-syntax',
    category: 'correctness',
    description: 'Disallow shell that `/bin/sh` (dash) refuses to parse in `exec` lines and `script` blocks',
    defaultSeverity: 'error',
    messages: {
      syntaxError: '`/bin/sh` cannot parse the `{process}` of job `{job}`, so it fails every time it starts: {problem}; {advice} (dash: "{dash}")',
      dashLine: 'dash reports the error on this line',
      dashLineInBackquote: 'dash\'s message names line {line} because it counts from the start of the backquoted command; read as a line of the script, that is this line',
      openedHere: 'the construct that needs it starts here',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.processes) {
      const parsed = job.shell(stanza).parsed;
      const e = parsed?.errors[0];
      if (!e) continue;
      // An error on a line of template markup is the markup's, not the shell's: the project
      // renders the file before installing it, and the other rules are quiet on templates too.
      const text = job.shell(stanza).text;
      if (onTemplateLine(text, e.start) || (e.open !== null && onTemplateLine(text, e.open.start))) continue;
      const { problem, advice } = explain(e);
      // At the end of the text, point at what was left open; dash's line becomes a related location.
      const atEnd = e.found === 'end of file' && e.open !== null;
      const target = atEnd && e.open ? e.open : e;
      const at = job.shellSpan(stanza, target.start, target.end);
      const related: { at: Span; messageId: 'dashLine' | 'dashLineInBackquote' | 'openedHere'; data?: { line: number } }[] = [];
      if (!atEnd && e.open && e.code === 'unexpected') related.push({ at: job.shellSpan(stanza, e.open.start, e.open.end), messageId: 'openedHere' });
      // The parser counts lines of the text itself (dash's number minus upstart's first line).
      // Inside backquotes dash counts from the start of the backquoted text, and prints that.
      const shell = job.shell(stanza);
      const textLine = e.inBackquote ? shell.textLine(e.dashLine) : e.dashLine;
      const dashAt = dashLineSpan(job, stanza, textLine);
      if (dashAt && dashAt.start.line !== at.start.line) {
        related.push(e.inBackquote ? { at: dashAt, messageId: 'dashLineInBackquote', data: { line: e.dashLine } } : { at: dashAt, messageId: 'dashLine' });
      }
      report({
        messageId: 'syntaxError',
        data: { process: processLabel(stanza), job: job.name, problem, advice, dash: e.dashMessage },
        at,
        origin: stanza,
        related,
      });
    }
  },
});

/** The job-file line holding line `line` (1-based) of a process's shell text. */
function dashLineSpan(job: JobModel, stanza: ProcessStanza, line: number): Span | null {
  if (stanza.type === 'ExecStanza' || line < 1) return line < 1 ? stanza.head : null;
  const lines = stanza.body.lines;
  if (line >= 1 && line <= lines.length) {
    const l = lines[line - 1];
    return l ? job.spanIn(stanza, l.span.start.offset, l.span.end.offset) : null;
  }
  // Past the last body line: dash stopped at the end of the script, which is the `end script` line.
  const end = stanza.body.terminator;
  return end ? job.spanIn(stanza, end.start.offset, end.end.offset) : null;
}
