/**
 * What `/bin/sh` receives for a process slot, and how its offsets map back into the job file
 * (grammar document sections 1.7 and 5.2):
 *
 * - a `script` block: the body after upstart removed its common indentation, run by `sh -e`;
 *   a one-line body (only trailing newlines after it) goes to `sh -e -c`, a longer one is fed
 *   through a pipe whose first line, `exec 9<&-`, upstart writes itself, so dash's line numbers
 *   there are one past the body's;
 * - an `exec` line with one of upstart's shell characters: `sh -e -c "exec COMMAND"`;
 * - an `exec` line without any: split on blanks and executed directly, with no shell at all.
 */
import type { ProcessStanza } from '../grammar/ast.js';
import { parseShell, type ShellParseResult } from '../shell/index.js';
import { trimTrailing } from './trim.js';

/** upstart's `SHELL_CHARS`: any of them sends an `exec` line through `/bin/sh`. */
const SHELL_CHARS = /[~`!$^&*()=|\\{}[\];"'<>?]/;

/** How a process is started. */
export type ProcessMode =
  /** A `script` block, read by `/bin/sh -e`. */
  | 'script'
  /** An `exec` line with shell characters: `/bin/sh -e -c "exec …"`. */
  | 'shell'
  /** An `exec` line without them: split on blanks, executed with no shell. */
  | 'direct';

export interface DirectWord {
  readonly value: string;
  /** Offsets in `text`. */
  readonly start: number;
  readonly end: number;
}

export interface ProcessShell {
  readonly stanza: ProcessStanza;
  readonly mode: ProcessMode;
  /** The text `/bin/sh` parses (`exec COMMAND` for `shell`); for `direct`, the command itself. */
  readonly text: string;
  /** How dash gets the text: as `-c` argument, from upstart's pipe, or not at all. */
  readonly delivery: '-c' | 'pipe' | 'none';
  /** The shell tree and syntax errors; null for `direct`. */
  readonly parsed: ShellParseResult | null;
  /** For `direct`: the argument vector upstart builds, with offsets in `text`. */
  readonly argv: readonly DirectWord[] | null;
  /** Job-file offset of an offset in `text` (the end of the text maps after its last character). */
  fileOffset(offset: number): number;
  /** The line of `text` (1-based) that dash's line number `dashLine` refers to. */
  textLine(dashLine: number): number;
}

/**
 * Trees of recently parsed shell texts. An editor lints the whole file again after every edit,
 * and most edits leave every script as it was: the same text gets the same (immutable) tree, and
 * what rules derive from it (kept with the tree) comes along. Bounded by count and by the total
 * length of the texts: a tree with what hangs on it weighs about 50 to 70 times its text (a
 * 23 KiB script's, about 1.5 MB), so 32 trees of long scripts kept an editor's server at 64 MB of
 * live heap; 128 KiB of text is about 8 MB.
 */
const recentTrees = new Map<string, ShellParseResult>();
const RECENT_TREES = 16;
const RECENT_TEXT_TOTAL = 128 * 1024;
let recentTextLength = 0;

function parsedText(text: string): ShellParseResult {
  if (text.length > RECENT_TEXT_TOTAL / 2) return parseShell(text);
  const known = recentTrees.get(text);
  if (known) {
    // Most recently used last, so the oldest goes first.
    recentTrees.delete(text);
    recentTrees.set(text, known);
    return known;
  }
  const parsed = parseShell(text);
  recentTrees.set(text, parsed);
  recentTextLength += text.length;
  while (recentTrees.size > RECENT_TREES || recentTextLength > RECENT_TEXT_TOTAL) {
    const oldest = recentTrees.keys().next().value as string;
    recentTrees.delete(oldest);
    recentTextLength -= oldest.length;
  }
  return parsed;
}

/** Builds the view of one process; the shell text is parsed on first use. */
export function processShell(stanza: ProcessStanza): ProcessShell {
  if (stanza.type === 'ScriptStanza') return scriptShell(stanza);
  return execShell(stanza);
}

function scriptShell(stanza: ProcessStanza & { type: 'ScriptStanza' }): ProcessShell {
  const body = stanza.body;
  const full = body.text;
  const trimmed = trimTrailing(full, '\n');
  const oneLine = !trimmed.includes('\n');
  const text = oneLine ? trimmed : full;
  const cut = body.indent.length;
  // Offsets in `text` where each body line starts, and where that line starts in the file.
  const textStarts: number[] = [];
  const fileStarts: number[] = [];
  let at = 0;
  for (const line of body.lines) {
    textStarts.push(at);
    fileStarts.push(line.span.start.offset + cut);
    at += line.text.length + 1;
  }
  const endOffset = body.terminator ? body.terminator.start.offset : body.span.end.offset;
  let parsed: ShellParseResult | null = null;
  return {
    stanza,
    mode: 'script',
    text,
    delivery: oneLine ? '-c' : 'pipe',
    get parsed() {
      parsed ??= parsedText(text);
      return parsed;
    },
    argv: null,
    fileOffset(offset) {
      if (textStarts.length === 0) return endOffset;
      let lo = 0;
      let hi = textStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((textStarts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      const line = body.lines[lo];
      const within = offset - (textStarts[lo] as number);
      if (line && within > line.text.length) return line.span.end.offset + 1;
      return (fileStarts[lo] as number) + within;
    },
    textLine: (dashLine) => (oneLine ? dashLine : dashLine - 1),
  };
}

function execShell(stanza: ProcessStanza & { type: 'ExecStanza' }): ProcessShell {
  const command = stanza.command;
  const value = command.value;
  const map = alignCommand(command.raw, value, command.span.start.offset);
  if (!SHELL_CHARS.test(value)) {
    const argv: DirectWord[] = [];
    const re = /[^ \t\r\n]+/g;
    for (let m = re.exec(value); m; m = re.exec(value)) argv.push({ value: m[0], start: m.index, end: m.index + m[0].length });
    return {
      stanza,
      mode: 'direct',
      text: value,
      delivery: 'none',
      parsed: null,
      argv,
      fileOffset: (offset) => map[Math.min(Math.max(offset, 0), value.length)] as number,
      textLine: (dashLine) => dashLine,
    };
  }
  const prefix = 'exec ';
  const text = prefix + value;
  let parsed: ShellParseResult | null = null;
  return {
    stanza,
    mode: 'shell',
    text,
    delivery: '-c',
    get parsed() {
      parsed ??= parsedText(text);
      return parsed;
    },
    argv: null,
    // The `exec ` upstart puts in front is the stanza's own `exec` keyword (and the blank after it).
    fileOffset: (offset) =>
      offset < prefix.length - 1
        ? stanza.head.end.offset - (prefix.length - 1) + Math.max(offset, 0)
        : offset === prefix.length - 1
          ? Math.min(stanza.head.end.offset, command.span.start.offset)
          : (map[Math.min(offset - prefix.length, value.length)] as number),
    textLine: (dashLine) => dashLine,
  };
}

/**
 * Maps each offset of an `exec` command's stored value to its offset in the file. The value is
 * the raw text with continuations and quoted newlines collapsed to one space (grammar document
 * 1.3), so the two are aligned character by character, skipping the blanks, backslashes and
 * newlines the collapse removed. `map[value.length]` is the end of the command.
 */
export function alignCommand(raw: string, value: string, base: number): Int32Array {
  const map = new Int32Array(value.length + 1);
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    while (j < raw.length && raw.charCodeAt(j) !== c && isCollapsible(raw.charCodeAt(j))) j++;
    map[i] = base + Math.min(j, raw.length);
    if (j < raw.length && raw.charCodeAt(j) === c) j++;
  }
  map[value.length] = base + Math.min(Math.max(j, 0), raw.length);
  return map;
}

function isCollapsible(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 92;
}
