/**
 * The default human format: problems grouped by file, each with a code frame that underlines the
 * span, the rule id and its documentation link, then a summary. The only module importing chalk.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { displayPath } from './util.js';

const TAB = '    ';

/** The line as shown: tabs expanded, control characters made visible, BOM dropped. */
function displayLine(raw: string): { text: string; map: (column: number) => number } {
  const cols: number[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    cols.push(text.length);
    const ch = raw[i] ?? '';
    if (ch === '\t') text += TAB;
    else if (ch === '\uFEFF') text += '';
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001F\u007F]/.test(ch)) text += '\uFFFD';
    else text += ch;
  }
  cols.push(text.length);
  return { text, map: (column) => cols[Math.min(Math.max(column - 1, 0), cols.length - 1)] ?? 0 };
}

type Paint = (text: string) => string;

/** The styles stylish uses; chalk's instances have them, and PLAIN is the colourless one. */
interface Styler {
  readonly red: Paint & { readonly bold: Paint };
  readonly yellow: Paint & { readonly bold: Paint };
  readonly blue: Paint & { readonly bold: Paint };
  readonly dim: Paint;
  readonly underline: Paint;
}

const same: Paint = (text) => text;
const sameBold = Object.assign((text: string) => text, { bold: same });
const PLAIN: Styler = { red: sameBold, yellow: sameBold, blue: sameBold, dim: same, underline: same };

let chalk: typeof import('chalk') | null = null;

/**
 * Loads chalk for coloured output. A colourless run never loads it (nor the terminal detection it
 * brings), which matters for an editor's or a hook's start-up time.
 */
export async function loadColour(): Promise<void> {
  chalk ??= await import('chalk');
}

/**
 * The longest line a code frame shows whole; of a longer one it shows this many characters from a
 * little before the span, with `…` where it cuts. Showing such a line whole made the report of a
 * one-line script with 50,000 findings hold 50,000 copies of the line (gigabytes, and no end).
 */
const FRAME_CHARS = 240;
const FRAME_BEFORE = 40;

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function frame(c: Styler, d: Diagnostic, lines: readonly string[], indent: string): string {
  const { start, end } = d.span;
  let raw = (lines[start.line - 1] ?? '').replace(/\r$/, '');
  // Columns of `raw` (1-based) from here on are counted from `cut`, after the `…` shown before it.
  let cut = 0;
  let before = '';
  let after = '';
  if (raw.length > FRAME_CHARS) {
    cut = Math.min(Math.max(start.column - 1 - FRAME_BEFORE, 0), raw.length - FRAME_CHARS);
    let until = cut + FRAME_CHARS;
    // Never between the two halves of a surrogate pair (an emoji would print as two U+FFFD).
    if (cut > 0 && isLowSurrogate(raw.charCodeAt(cut))) cut--;
    if (until < raw.length && isLowSurrogate(raw.charCodeAt(until))) until++;
    if (cut > 0) before = '…';
    if (until < raw.length) after = '…';
    raw = raw.slice(cut, until);
  }
  const shown = displayLine(raw);
  const text = before + shown.text + after;
  const from = before.length + shown.map(start.column - cut);
  // A span that goes on past the cut (or to a later line) is underlined to the end of what is shown.
  const to = end.line === start.line && end.column - 1 <= cut + raw.length ? before.length + shown.map(end.column - cut) : text.length;
  const width = Math.max(to - from, 1);
  const gutter = String(start.line);
  const pad = ' '.repeat(gutter.length);
  const mark = d.severity === 'error' ? c.red : d.severity === 'warning' ? c.yellow : c.blue;
  return (
    `${indent}${c.dim(`${gutter} |`)} ${text}\n` +
    `${indent}${c.dim(`${pad} |`)} ${' '.repeat(from)}${mark('^'.repeat(width))}\n`
  );
}

export const stylishStream: StreamFormatter = (ctx) => {
  const c: Styler = ctx.color > 0 && chalk ? new chalk.Chalk({ level: ctx.color }) : PLAIN;
  return {
    begin: () => '',
    file(r) {
      if (r.messages.length === 0) return '';
      const lines = r.source.split('\n');
      let out = `${c.underline(displayPath(r.filePath, ctx.cwd))}\n`;
      const positions = r.messages.map((d) => `${d.span.start.line}:${d.span.start.column}`);
      const posWidth = positions.reduce((m, p) => Math.max(m, p.length), 0);
      r.messages.forEach((d, i) => {
        const pos = (positions[i] ?? '').padEnd(posWidth);
        const sev =
          d.severity === 'error' ? c.red('error  ') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
        out += `  ${c.dim(pos)}  ${sev}  ${d.message}  ${c.dim(d.ruleId)}\n`;
        const indent = ' '.repeat(posWidth + 4);
        out += frame(c, d, lines, indent);
        for (const rel of d.related ?? []) {
          const where = `${rel.filePath ? `${displayPath(rel.filePath, ctx.cwd)}:` : ''}${rel.span.start.line}:${rel.span.start.column}`;
          out += `${indent}${c.dim('note:')} ${rel.message} ${c.dim(`(${where})`)}\n`;
        }
        if (d.url) out += `${indent}${c.dim(`docs: ${d.url}`)}\n`;
      });
      return `${out}\n`;
    },
    end(totals) {
      const errors = totals.errorCount;
      const warnings = totals.warningCount;
      const infos = totals.infoCount;
      const total = errors + warnings + infos;
      if (total === 0) return '';
      const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
      const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
      if (infos > 0) parts.push(plural(infos, 'info'));
      const summary = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
      let out = `${errors > 0 ? c.red.bold(summary) : warnings > 0 ? c.yellow.bold(summary) : c.blue.bold(summary)}\n`;
      if (totals.fixableErrorCount + totals.fixableWarningCount > 0) {
        out += `  ${plural(totals.fixableErrorCount, 'error')} and ${plural(totals.fixableWarningCount, 'warning')} potentially fixable with the \`--fix\` option.\n`;
      }
      return out;
    },
  };
};

export const stylish = pure(stylishStream);
