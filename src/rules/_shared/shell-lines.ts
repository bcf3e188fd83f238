/**
 * A line classifier for `/bin/sh` script bodies: enough shell to tell code from comments, blank
 * lines and here-document bodies, without parsing the shell grammar. Quotes spanning lines and
 * here-documents (`<<WORD`, `<<-WORD`, quoted delimiters) are followed; everything else is left alone.
 */

export type ShellLineRole = 'code' | 'blank' | 'comment' | 'heredoc' | 'heredocEnd';

export interface HeredocStart {
  /** The delimiter word (quotes removed). */
  readonly word: string;
  /** True for `<<-` (leading tabs are stripped from the body and the terminator). */
  readonly stripTabs: boolean;
  /** Offset of `<<` in the line. */
  readonly offset: number;
}

export interface ShellLine {
  /** Index of the line in the input. */
  readonly index: number;
  readonly role: ShellLineRole;
  /** For code lines: where the code ends (an unquoted comment or the end of the line, blanks trimmed). */
  readonly codeEnd: number;
  /** For code lines: here-documents opened on this line, in order. */
  readonly heredocs: readonly HeredocStart[];
  /** For code lines: true when the line ends inside a quoted string (the command goes on). */
  readonly openQuote: boolean;
  /** For code lines: true when the code ends with a backslash (line continuation). */
  readonly continued: boolean;
  /** For heredoc and heredocEnd lines: the here-document this line belongs to. */
  readonly heredoc: HeredocStart | null;
}

/** `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"`, `<<\\WORD`, matched where the scanner stands. */
const HEREDOC = /<<(-?)[ \t]*(?:'([^']*)'|"([^"]*)"|\\?([^\s;&|()<>'"]+))/y;

const WORD_BREAK = new Set([' ', '\t', '\r', ';', '&', '|', '(', ')', '<', '>']);

/** Classifies each line as the shell reads it. `lines` are the script lines without newlines. */
export function scanShell(lines: readonly string[]): ShellLine[] {
  const out: ShellLine[] = [];
  let quote: '"' | "'" | '`' | null = null;
  const pending: HeredocStart[] = [];
  let current: HeredocStart | null = null;
  lines.forEach((line, index) => {
    if (current) {
      const candidate = current.stripTabs ? line.replace(/^\t+/, '') : line;
      if (candidate === current.word) {
        out.push(role(index, 'heredocEnd', current));
        current = pending.shift() ?? null;
      } else {
        out.push(role(index, 'heredoc', current));
      }
      return;
    }
    if (quote === null) {
      if (/^[ \t\r]*$/.test(line)) {
        out.push(role(index, 'blank', null));
        return;
      }
      if (/^[ \t\r]*#/.test(line)) {
        out.push(role(index, 'comment', null));
        return;
      }
    }
    const heredocs: HeredocStart[] = [];
    let codeEnd = line.length;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quote !== null) {
        if (c === '\\' && quote !== "'") i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        quote = c;
        continue;
      }
      if (c === '#' && (i === 0 || WORD_BREAK.has(line[i - 1] as string))) {
        codeEnd = i;
        break;
      }
      if (c === '<' && line[i + 1] === '<' && line[i - 1] !== '<' && line[i + 2] !== '<') {
        HEREDOC.lastIndex = i;
        const m = HEREDOC.exec(line);
        if (m) {
          const word = m[2] ?? m[3] ?? m[4] ?? '';
          if (word !== '') heredocs.push({ word, stripTabs: m[1] === '-', offset: i });
          i += m[0].length - 1;
        }
      }
    }
    const code = trimEndBlanks(line.slice(0, codeEnd));
    out.push({
      index,
      role: 'code',
      codeEnd: code.length,
      heredocs,
      openQuote: quote !== null,
      continued: quote === null && trailingBackslashes(code) % 2 === 1,
      heredoc: null,
    });
    if (quote === null && heredocs.length > 0) {
      pending.push(...heredocs);
      current = pending.shift() ?? null;
    }
  });
  return out;
}

/** `text` without trailing spaces, tabs and CRs (a loop: the regex form is quadratic on long blank runs). */
export function trimEndBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t' || text[end - 1] === '\r')) end--;
  return text.slice(0, end);
}

function trailingBackslashes(text: string): number {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === '\\') n++;
  return n;
}

function role(index: number, r: ShellLineRole, heredoc: HeredocStart | null): ShellLine {
  return { index, role: r, codeEnd: 0, heredocs: [], openQuote: false, continued: false, heredoc };
}
