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
import { lastStartAtOrBefore } from '../grammar/positions.js';
import { parseShell, type DerivedValues, type ShellParseResult } from '../shell/index.js';
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
  /** What rules derived from this view during the lint (`derivedFrom` in src/shell/query.ts). */
  readonly derived: DerivedValues;
}

/**
 * Trees of recently parsed shell texts, kept between lints by whoever owns the cache (the
 * language server: an editor lints the whole file again after every edit, and most edits leave
 * every script as it was). The same text gets the same (immutable) tree, and what rules derived
 * from it (kept with the tree) comes along. A bulk run gives none: each of its scripts is parsed
 * once, and trees kept for nothing would be copied by every young-generation collection (5 % of a
 * corpus lint's CPU time, docs/design.md "Lint speed").
 *
 * Bounded by count and by the total length of the texts: a tree with what hangs on it weighs
 * about 50 to 70 times its text (a 23 KiB script's, about 1.5 MB), so 32 trees of long scripts
 * kept an editor's server at 64 MB of live heap; 128 KiB of text is about 8 MB.
 */
export class ShellTreeCache {
  private readonly texts: string[] = [];
  private readonly trees: ShellParseResult[] = [];
  private textLength = 0;

  constructor(
    private readonly maxTrees = 16,
    private readonly maxTextLength = 128 * 1024,
  ) {}

  /** The tree of `text`: a kept one, or a new parse (kept when the text is not too long). */
  parse(text: string): ShellParseResult {
    if (text.length > this.maxTextLength / 2) return parseShell(text);
    const texts = this.texts;
    const trees = this.trees;
    // A scan of at most `maxTrees` entries, not a Map: a Map lookup hashes the whole text of
    // every script that is not there, where a length rarely matches.
    for (let i = texts.length - 1; i >= 0; i--) {
      const known = texts[i] as string;
      if (known.length !== text.length || known !== text) continue;
      const tree = trees[i] as ShellParseResult;
      // Most recently used last, so the oldest goes first.
      texts.splice(i, 1);
      trees.splice(i, 1);
      texts.push(known);
      trees.push(tree);
      return tree;
    }
    const parsed = parseShell(text);
    texts.push(text);
    trees.push(parsed);
    this.textLength += text.length;
    while (texts.length > this.maxTrees || this.textLength > this.maxTextLength) {
      this.textLength -= (texts.shift() as string).length;
      trees.shift();
    }
    return parsed;
  }

  /** How many trees are kept. */
  get size(): number {
    return this.trees.length;
  }
}

function parsedText(text: string, trees: ShellTreeCache | null): ShellParseResult {
  return trees === null ? parseShell(text) : trees.parse(text);
}

/**
 * Builds the view of one process; the shell text is parsed on first use, through `trees` when
 * given (trees kept between lints).
 */
export function processShell(stanza: ProcessStanza, trees: ShellTreeCache | null = null): ProcessShell {
  if (stanza.type === 'ScriptStanza') return new ScriptShell(stanza, trees);
  const value = stanza.command.value;
  return SHELL_CHARS.test(value) ? new ExecShell(stanza, trees) : new DirectExec(stanza);
}

// The views are classes, not object literals with a `get parsed()`: on Node 20 each evaluation of
// a literal with an accessor allocates its accessor pair in the old generation, which then kept
// the young closure, its context and the parsed tree alive until the next full collection (a
// quarter of a microbenchmark's speed, and every shell tree of a bulk run promoted).

/** A `script` block: its body after upstart's indentation stripping. */
class ScriptShell implements ProcessShell {
  readonly mode = 'script' as const;
  readonly text: string;
  readonly delivery: '-c' | 'pipe';
  readonly argv = null;
  readonly derived: DerivedValues = new Map();
  private tree: ShellParseResult | null = null;
  /**
   * Offsets in `text` where each body line starts, and where that line starts in the file: built
   * when an offset is first mapped (most lints map none).
   */
  private textStarts: number[] | null = null;
  private fileStarts: number[] = [];
  private readonly endOffset: number;

  constructor(
    readonly stanza: ProcessStanza & { type: 'ScriptStanza' },
    private readonly trees: ShellTreeCache | null,
  ) {
    const body = stanza.body;
    const full = body.text;
    const trimmed = trimTrailing(full, '\n');
    const oneLine = !trimmed.includes('\n');
    this.text = oneLine ? trimmed : full;
    this.delivery = oneLine ? '-c' : 'pipe';
    this.endOffset = body.terminator ? body.terminator.start.offset : body.span.end.offset;
  }

  get parsed(): ShellParseResult {
    this.tree ??= parsedText(this.text, this.trees);
    return this.tree;
  }

  private lineStarts(): number[] {
    if (this.textStarts !== null) return this.textStarts;
    const body = this.stanza.body;
    const cut = body.indent.length;
    const textStarts: number[] = [];
    const fileStarts: number[] = [];
    let at = 0;
    for (const line of body.lines) {
      textStarts.push(at);
      fileStarts.push(line.span.start.offset + cut);
      at += line.text.length + 1;
    }
    this.fileStarts = fileStarts;
    this.textStarts = textStarts;
    return textStarts;
  }

  fileOffset(offset: number): number {
    const starts = this.lineStarts();
    if (starts.length === 0) return this.endOffset;
    const lo = lastStartAtOrBefore(starts, offset);
    const line = this.stanza.body.lines[lo];
    const within = offset - (starts[lo] as number);
    if (line && within > line.text.length) return line.span.end.offset + 1;
    return (this.fileStarts[lo] as number) + within;
  }

  textLine(dashLine: number): number {
    return this.delivery === '-c' ? dashLine : dashLine - 1;
  }
}

/** The `exec ` upstart puts in front of an `exec` line it hands to `sh -c`. */
const EXEC_PREFIX = 'exec ';

/** An `exec` line with shell characters: `/bin/sh -e -c "exec COMMAND"`. */
class ExecShell implements ProcessShell {
  readonly mode = 'shell' as const;
  readonly text: string;
  readonly delivery = '-c' as const;
  readonly argv = null;
  readonly derived: DerivedValues = new Map();
  private tree: ShellParseResult | null = null;
  /** Built when an offset is first mapped (most lints map none). */
  private map: Int32Array | null = null;

  constructor(
    readonly stanza: ProcessStanza & { type: 'ExecStanza' },
    private readonly trees: ShellTreeCache | null,
  ) {
    this.text = EXEC_PREFIX + stanza.command.value;
  }

  get parsed(): ShellParseResult {
    this.tree ??= parsedText(this.text, this.trees);
    return this.tree;
  }

  // The `exec ` in front is the stanza's own `exec` keyword (and the blank after it).
  fileOffset(offset: number): number {
    const head = this.stanza.head.end.offset;
    const n = EXEC_PREFIX.length;
    if (offset < n - 1) return head - (n - 1) + Math.max(offset, 0);
    if (offset === n - 1) return Math.min(head, this.stanza.command.span.start.offset);
    this.map ??= commandMap(this.stanza);
    return this.map[Math.min(offset - n, this.stanza.command.value.length)] as number;
  }

  textLine(dashLine: number): number {
    return dashLine;
  }
}

/** An `exec` line without shell characters: split on blanks, executed with no shell. */
class DirectExec implements ProcessShell {
  readonly mode = 'direct' as const;
  readonly text: string;
  readonly delivery = 'none' as const;
  readonly parsed = null;
  readonly argv: readonly DirectWord[];
  readonly derived: DerivedValues = new Map();
  private map: Int32Array | null = null;

  constructor(readonly stanza: ProcessStanza & { type: 'ExecStanza' }) {
    const value = stanza.command.value;
    this.text = value;
    const argv: DirectWord[] = [];
    const re = /[^ \t\r\n]+/g;
    for (let m = re.exec(value); m; m = re.exec(value)) argv.push({ value: m[0], start: m.index, end: m.index + m[0].length });
    this.argv = argv;
  }

  fileOffset(offset: number): number {
    this.map ??= commandMap(this.stanza);
    return this.map[Math.min(Math.max(offset, 0), this.text.length)] as number;
  }

  textLine(dashLine: number): number {
    return dashLine;
  }
}

function commandMap(stanza: ProcessStanza & { type: 'ExecStanza' }): Int32Array {
  const command = stanza.command;
  return alignCommand(command.raw, command.value, command.span.start.offset);
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
