/**
 * The shell lexer: tokens, words and here-document bodies, read the way dash reads them.
 *
 * dash decides how to read each character from a stack of reading modes (unquoted, double
 * quotes, single quotes, arithmetic), each with its count of open `${`. `WordScanner` keeps that
 * stack as data, and a second stack of the word parts being built, so that a word can stop at
 * `$(` and resume after the parser has read the command inside: the parser runs that command
 * without recursion, and a word nested 10,000 `$(` deep costs heap, not call stack.
 *
 * Facts followed here (checked against dash 0.5.12 with `dash -n`):
 * - `\` + newline is removed everywhere except inside single quotes and comments.
 * - Inside `${…}`, blanks, operators and newlines are part of the word.
 * - After `${name`, the next character is taken as the operator even when it is not one
 *   (`${a!b}`, `${v//x/y}` parse, and fail only when run); a newline taken that way is not
 *   counted in dash's line numbers.
 * - `$((` always starts arithmetic; a lone `)` inside it at depth 0 is text.
 * - A backquoted command is collected first (`\\`, `` \` ``, `\$`, and `\"` inside double quotes
 *   lose their backslash), then parsed as a text of its own whose lines count from 1.
 * - A here-document line ends the document only when, after leading tabs for `<<-`, it is exactly
 *   the delimiter; that check happens at every line start, even inside `${…}` or `$((…))`.
 */
import type { Comment, RedirectOp, ShellSyntaxError, Word, WordPart } from './ast.js';
import {
  ARI,
  BASE,
  C_BACK,
  C_BQUOTE,
  C_DQUOTE,
  C_ENDQUOTE,
  C_ENDVAR,
  C_IGNORE,
  C_LP,
  C_NL,
  C_RP,
  C_SPECIAL,
  C_SQUOTE,
  C_VAR,
  C_WORD,
  CLASSES,
  DQ,
  SQ,
  isDigit,
  isNameChar,
  isNameStart,
  isSpecialParam,
} from './chars.js';
import { CHKEOFMARK, CHKKWD, CHKNL, KEYWORDS, T, type Token, type TokenType } from './tokens.js';

/** Thrown (as a plain object, no stack trace) to stop parsing at a syntax error. */
export class SyntaxSignal {
  constructor(readonly error: ShellSyntaxError) {}
}

/**
 * Where each offset of a backquoted command's collected text is in the outer text (clamped to
 * the collected text: its length maps to the closing backquote).
 */
export type OffsetMap = (offset: number) => number;

/** Parses the text collected from a backquoted command; offsets are already in the outer text. */
export type BackquoteParser = (text: string, map: OffsetMap) => { body: import('./ast.js').CommandList; comments: readonly Comment[] };

const MODE_TOKEN = 0;
const MODE_HEREDOC = 1;
const MODE_EOFMARK = 2;

// Parameter expansion subtypes, as dash numbers them.
const VSNORMAL = 1;
const VSTRIMRIGHT = 6;
const VSTRIMLEFT = 8;
const VSLENGTH = 10;
const VSNUL = 0x10;
const OPERATOR_CHARS = '}-+?=';

interface Level {
  syntax: number;
  dblquote: boolean;
  /** Open `${` at this level. */
  varnest: number;
  /** Those of them opened inside double quotes. */
  dqvarnest: number;
  /** Inside a `"…"` that is itself inside `${…}`. */
  innerdq: boolean;
  /** Open `(` inside `$((…))`. */
  parenlevel: number;
  /** The level was pushed for one `${` and ends with it. */
  varpushed: boolean;
}

const F_WORD = 0;
const F_DQ = 1;
const F_SQ = 2;
const F_PARAM = 3;
const F_ARITH = 4;

interface Frame {
  readonly kind: number;
  readonly start: number;
  readonly parts: WordPart[];
  lit: string;
  litStart: number;
  litEnd: number;
  // F_PARAM only
  readonly name?: string;
  readonly op?: string | null;
  readonly length?: boolean;
  readonly bad?: boolean;
  readonly argStart?: number;
}

export interface HereDocTarget {
  readonly start: number;
  readonly delimiter: string;
  readonly quoted: boolean;
  readonly stripTabs: boolean;
  /** Receives the body once it has been read. */
  readonly done: (body: Word, terminator: { start: number; end: number } | null, start: number, end: number) => void;
}

/** A word being read: everything needed to stop at `$(` and carry on afterwards. */
export interface WordState {
  readonly start: number;
  readonly mode: number;
  readonly marker: string;
  readonly stripTabs: boolean;
  readonly levels: Level[];
  readonly frames: Frame[];
  quoted: boolean;
  lineStart: boolean;
  /** Offset of the `$` of the `$(` the word stopped at. */
  substStart: number;
  terminator: { start: number; end: number } | null;
  end: number;
}

function newLevel(syntax: number, varpushed: boolean): Level {
  return { syntax, dblquote: syntax !== BASE && syntax !== SQ, varnest: 0, dqvarnest: 0, innerdq: false, parenlevel: 0, varpushed };
}

function newFrame(kind: number, start: number): Frame {
  return { kind, start, parts: [], lit: '', litStart: -1, litEnd: -1 };
}

function flush(frame: Frame): void {
  if (frame.litStart >= 0) {
    frame.parts.push({ type: 'Literal', start: frame.litStart, end: frame.litEnd, value: frame.lit });
    frame.lit = '';
    frame.litStart = -1;
  }
}

function addLiteral(frame: Frame, start: number, end: number, value: string): void {
  if (frame.litStart < 0) frame.litStart = start;
  frame.lit += value;
  frame.litEnd = end;
}

function addPart(frame: Frame, part: WordPart): void {
  flush(frame);
  frame.parts.push(part);
}

export class Lexer {
  readonly src: string;
  pos = 0;
  /** dash's `tokpushback`: the next read returns `last` again. */
  pushedBack = false;
  last: Token;
  /** The two tokens read before `last` (to name bash constructs in error messages). */
  prev: Token | null = null;
  prev2: Token | null = null;
  /** Here-documents whose bodies start at the next newline. */
  heredocs: HereDocTarget[] = [];
  readonly comments: Comment[] = [];
  /** Set when a read stopped inside a word at `$(`. */
  suspended: WordState | null = null;
  /** What the parser must do before the suspended read can finish. */
  pendingKind: 'word' | 'heredocs' = 'word';
  pendingFlags = 0;
  /** Newlines dash consumes as a `${` operator without counting a line. */
  private readonly uncounted: number[] = [];
  private lineStarts: Int32Array | null = null;
  private lastGet = 0;

  constructor(
    src: string,
    private readonly parseBackquote: BackquoteParser,
  ) {
    this.src = src;
    this.last = { type: T.EOF, start: 0, end: 0, word: null, text: null, quoted: false, redirect: null };
  }

  /** The line dash's counter shows with the reader at `offset`. */
  dashLine(offset: number): number {
    if (!this.lineStarts) {
      const starts: number[] = [];
      let i = this.src.indexOf('\n');
      while (i >= 0) {
        starts.push(i);
        i = this.src.indexOf('\n', i + 1);
      }
      this.lineStarts = Int32Array.from(starts);
    }
    let lo = 0;
    let hi = this.lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.lineStarts[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    let skipped = 0;
    for (const u of this.uncounted) if (u < offset) skipped++;
    return 1 + lo - skipped;
  }

  error(
    code: ShellSyntaxError['code'],
    dashMessage: string,
    start: number,
    end: number,
    extra?: { found?: string; expected?: string; open?: { kind: string; start: number; end: number } | null; bashism?: string | null },
  ): SyntaxSignal {
    return new SyntaxSignal({
      code,
      dashMessage,
      start,
      end,
      found: extra?.found ?? null,
      expected: extra?.expected ?? null,
      dashLine: this.dashLine(this.pos),
      open: extra?.open ?? null,
      bashism: extra?.bashism ?? null,
      inBackquote: false,
    });
  }

  // ---- characters -------------------------------------------------------------------------

  private skipContinuations(p: number): number {
    const src = this.src;
    while (src.charCodeAt(p) === 92 && src.charCodeAt(p + 1) === 10) p += 2;
    return p;
  }

  /** Next character with line continuations removed (dash's `pgetc_eatbnl`); -1 at the end. */
  private getc(): number {
    const p = this.skipContinuations(this.pos);
    this.lastGet = p;
    if (p >= this.src.length) {
      this.pos = this.src.length;
      return -1;
    }
    this.pos = p + 1;
    return this.src.charCodeAt(p);
  }

  /** Puts back the character the last `getc` returned. */
  private unget(): void {
    this.pos = this.lastGet;
  }

  // ---- tokens -----------------------------------------------------------------------------

  /**
   * Reads a token (dash's `readtoken`). Returns null when the read stopped at a `$(` or must
   * read here-documents first: the parser then does that work and calls `finish`.
   */
  read(flags: number): Token | null {
    if (this.pushedBack) {
      this.pushedBack = false;
      // dash re-reads a pushed-back token through the same newline and keyword checks.
      return this.finish(this.last, flags, false);
    }
    const t = this.scanToken((flags & CHKEOFMARK) !== 0);
    if (t === null) {
      this.pendingKind = 'word';
      this.pendingFlags = flags;
      return null;
    }
    return this.finish(t, flags);
  }

  unread(): void {
    this.pushedBack = true;
  }

  /** Skips newlines when asked to, recognises reserved words, records the token. */
  finish(token: Token, flags: number, fresh = true): Token | null {
    let t = token;
    if (flags & CHKNL) {
      while (t.type === T.NL) {
        if (this.heredocs.length > 0) {
          this.pendingKind = 'heredocs';
          this.pendingFlags = flags;
          return null;
        }
        const next = this.scanToken(false);
        if (next === null) {
          this.pendingKind = 'word';
          this.pendingFlags = flags & ~CHKNL;
          return null;
        }
        t = next;
        fresh = true;
      }
    }
    if (t.type === T.WORD && (flags & CHKKWD) && !t.quoted && t.text !== null) {
      // Reserved words are 1 to 5 characters: a longer word is not hashed for the lookup.
      const kw = t.text.length <= 5 ? KEYWORDS.get(t.text) : undefined;
      if (kw !== undefined) t.type = kw;
    }
    if (fresh) {
      this.prev2 = this.prev;
      this.prev = this.last;
      this.last = t;
    }
    return t;
  }

  private token(type: TokenType, start: number, end: number): Token {
    return { type, start, end, word: null, text: null, quoted: false, redirect: null };
  }

  /** dash's `xxreadtoken`: operators, newlines, comments, or the start of a word. */
  scanToken(eofmark: boolean): Token | null {
    const src = this.src;
    const n = src.length;
    for (;;) {
      const p = this.skipContinuations(this.pos);
      if (p >= n) {
        this.pos = n;
        return this.token(T.EOF, n, n);
      }
      const c = src.charCodeAt(p);
      switch (c) {
        case 32: // space
        case 9: // tab
          this.pos = p + 1;
          continue;
        case 35: {
          // `#` at the start of a token: a comment to the end of the line.
          let q = src.indexOf('\n', p);
          if (q < 0) q = n;
          this.comments.push({ type: 'Comment', start: p, end: q, text: src.slice(p + 1, q) });
          this.pos = q;
          continue;
        }
        case 10:
          this.pos = p + 1;
          return this.token(T.NL, p, p + 1);
        case 38: // &
        case 124: // |
        case 59: {
          // ;
          const q = this.skipContinuations(p + 1);
          if (src.charCodeAt(q) === c) {
            this.pos = q + 1;
            return this.token(c === 38 ? T.AND : c === 124 ? T.OR : T.ENDCASE, p, q + 1);
          }
          this.pos = q;
          return this.token(c === 38 ? T.BACKGND : c === 124 ? T.PIPE : T.SEMI, p, p + 1);
        }
        case 40:
          this.pos = p + 1;
          return this.token(T.LP, p, p + 1);
        case 41:
          this.pos = p + 1;
          return this.token(T.RP, p, p + 1);
        default: {
          const plain = this.plainWord(p);
          if (plain !== null) return plain;
          this.pos = p;
          const ws = this.startWord(p, eofmark ? MODE_EOFMARK : MODE_TOKEN, '', false);
          if (!this.scanWord(ws)) {
            this.suspended = ws;
            return null;
          }
          return this.wordToken(ws);
        }
      }
    }
  }

  /**
   * Most words are plain text up to a blank, a newline or an operator: read those directly,
   * without the scanner's mode stacks. Returns null for anything else (quotes, `$`, backslashes,
   * backquotes, a `<`/`>` after the word), which the full scanner reads.
   */
  private plainWord(p: number): Token | null {
    const src = this.src;
    const n = src.length;
    const base = CLASSES[BASE] as Uint8Array;
    let q = p;
    while (q < n) {
      const c = src.charCodeAt(q);
      if (c >= 128 || base[c] === C_WORD || c === 125) q++;
      else break;
    }
    if (q === p) return null;
    if (q < n) {
      const c = src.charCodeAt(q);
      // Only a blank, newline or operator may end it; `<`/`>` could make it a descriptor number.
      if (c !== 32 && c !== 9 && c !== 10 && c !== 59 && c !== 38 && c !== 124 && c !== 40 && c !== 41) return null;
    }
    this.pos = q;
    const value = src.slice(p, q);
    const word: Word = { type: 'Word', start: p, end: q, parts: [{ type: 'Literal', start: p, end: q, value }] };
    return { type: T.WORD, start: p, end: q, word, text: value, quoted: false, redirect: null };
  }

  /** The token for a finished word: a WORD, or a redirection when it was a lone fd digit. */
  wordToken(ws: WordState): Token {
    const frame = ws.frames[0] as Frame;
    flush(frame);
    const parts = frame.parts;
    const word: Word = { type: 'Word', start: ws.start, end: ws.end, parts };
    const first = parts[0];
    const text = parts.length === 0 ? '' : parts.length === 1 && first?.type === 'Literal' ? first.value : null;
    if (ws.mode !== MODE_HEREDOC && !ws.quoted && text !== null && (text === '' || (text.length === 1 && isDigit(text.charCodeAt(0))))) {
      const p = this.skipContinuations(this.pos);
      const c = this.src.charCodeAt(p);
      if (c === 60 || c === 62) {
        this.pos = p + 1;
        const op = this.redirectOperator(c);
        return { type: T.REDIR, start: ws.start, end: this.pos, word: null, text: null, quoted: false, redirect: { op, fd: text === '' ? null : Number(text) } };
      }
    }
    return { type: T.WORD, start: ws.start, end: ws.end, word, text, quoted: ws.quoted, redirect: null };
  }

  private redirectOperator(first: number): RedirectOp {
    const c = this.getc();
    if (first === 62) {
      if (c === 62) return '>>';
      if (c === 124) return '>|';
      if (c === 38) return '>&';
      this.unget();
      return '>';
    }
    if (c === 60) {
      const d = this.getc();
      if (d === 45) return '<<-';
      this.unget();
      return '<<';
    }
    if (c === 38) return '<&';
    if (c === 62) return '<>';
    this.unget();
    return '<';
  }

  // ---- words ------------------------------------------------------------------------------

  startWord(start: number, mode: number, marker: string, stripTabs: boolean): WordState {
    const base = newLevel(BASE, false);
    return {
      start,
      mode,
      marker,
      stripTabs,
      levels: [base],
      frames: [newFrame(F_WORD, start)],
      quoted: false,
      lineStart: mode === MODE_HEREDOC,
      substStart: -1,
      terminator: null,
      end: start,
    };
  }

  /** Begins the body of a here-document at the current position. */
  startHeredoc(doc: HereDocTarget): WordState {
    const ws: WordState = {
      start: this.pos,
      mode: MODE_HEREDOC,
      marker: doc.delimiter,
      stripTabs: doc.stripTabs,
      levels: [newLevel(doc.quoted ? SQ : DQ, false)],
      frames: [newFrame(F_WORD, this.pos)],
      quoted: false,
      lineStart: true,
      substStart: -1,
      terminator: null,
      end: this.pos,
    };
    return ws;
  }

  /** Hands the body of a finished here-document to its redirection. */
  finishHeredoc(doc: HereDocTarget, ws: WordState): void {
    const frame = ws.frames[0] as Frame;
    flush(frame);
    doc.done({ type: 'Word', start: ws.start, end: ws.end, parts: frame.parts }, ws.terminator, ws.start, ws.terminator ? ws.terminator.end : ws.end);
  }

  /** Adds the command substitution the parser read for the `$(` a word stopped at. */
  addSubstitution(ws: WordState, part: WordPart): void {
    addPart(ws.frames[ws.frames.length - 1] as Frame, part);
  }

  /**
   * Reads the rest of a word. Returns false when it stops just after a `$(` (the parser reads
   * the command, then calls `addSubstitution` and `scanWord` again), true when the word is done.
   */
  scanWord(ws: WordState): boolean {
    const src = this.src;
    const n = src.length;
    for (;;) {
      const level = ws.levels[ws.levels.length - 1] as Level;
      const frame = ws.frames[ws.frames.length - 1] as Frame;
      if (ws.lineStart) {
        ws.lineStart = false;
        if (this.heredocEnd(ws, level)) return true;
      }
      const p = level.syntax === SQ ? this.pos : this.skipContinuations(this.pos);
      this.pos = p;
      if (p >= n) {
        this.endWord(ws, level);
        return true;
      }
      const c = src.charCodeAt(p);
      const classes = CLASSES[level.syntax] as Uint8Array;
      const cls = c < 128 ? (classes[c] as number) : C_WORD;
      switch (cls) {
        case C_WORD: {
          let q = p + 1;
          while (q < n) {
            const d = src.charCodeAt(q);
            if (d < 128 && classes[d] !== C_WORD) break;
            q++;
          }
          addLiteral(frame, p, q, src.slice(p, q));
          this.pos = q;
          break;
        }
        case C_NL:
          if (level.syntax === BASE && level.varnest === 0) {
            this.endWord(ws, level);
            return true;
          }
          addLiteral(frame, p, p + 1, '\n');
          this.pos = p + 1;
          if (ws.mode === MODE_HEREDOC) ws.lineStart = true;
          break;
        case C_SPECIAL:
          if (level.varnest === 0) {
            this.endWord(ws, level);
            return true;
          }
          addLiteral(frame, p, p + 1, src[p] as string);
          this.pos = p + 1;
          break;
        case C_BACK:
          this.backslash(ws, level, frame, p);
          break;
        case C_SQUOTE:
          level.syntax = SQ;
          flush(frame);
          ws.frames.push(newFrame(F_SQ, p));
          this.pos = p + 1;
          break;
        case C_DQUOTE:
          level.syntax = DQ;
          level.dblquote = true;
          if (level.varnest > 0) level.innerdq = !level.innerdq;
          flush(frame);
          ws.frames.push(newFrame(F_DQ, p));
          this.pos = p + 1;
          break;
        case C_ENDQUOTE:
          this.endQuote(ws, level, frame, p, c);
          break;
        case C_VAR:
          if (!this.dollar(ws, level, frame, p)) return false;
          break;
        case C_ENDVAR:
          if (!level.innerdq && level.varnest > 0) {
            level.varnest--;
            if (level.varnest === 0 && level.varpushed) ws.levels.pop();
            else if (level.dqvarnest > 0) level.dqvarnest--;
            if (frame.kind === F_PARAM) this.closeParam(ws, frame, p + 1);
            else addLiteral(frame, p, p + 1, '}');
          } else {
            addLiteral(frame, p, p + 1, '}');
          }
          this.pos = p + 1;
          break;
        case C_LP:
          level.parenlevel++;
          addLiteral(frame, p, p + 1, '(');
          this.pos = p + 1;
          break;
        case C_RP: {
          if (level.parenlevel > 0) {
            level.parenlevel--;
            addLiteral(frame, p, p + 1, ')');
            this.pos = p + 1;
            break;
          }
          const q = this.skipContinuations(p + 1);
          if (src.charCodeAt(q) === 41) {
            ws.levels.pop();
            if (frame.kind === F_ARITH) {
              ws.frames.pop();
              flush(frame);
              const expression: Word = { type: 'Word', start: frame.start + 3, end: p, parts: frame.parts };
              addPart(ws.frames[ws.frames.length - 1] as Frame, { type: 'ArithmeticExpansion', start: frame.start, end: q + 1, expression });
            } else {
              addLiteral(frame, p, q + 1, '))');
            }
            this.pos = q + 1;
          } else {
            addLiteral(frame, p, p + 1, ')');
            this.pos = q;
          }
          break;
        }
        case C_BQUOTE:
          if (ws.mode === MODE_EOFMARK) {
            addLiteral(frame, p, p + 1, '`');
            this.pos = p + 1;
          } else {
            this.backquote(frame, level, p);
          }
          break;
        case C_IGNORE:
          this.pos = p + 1;
          break;
        default:
          this.pos = p + 1;
      }
    }
  }

  private backslash(ws: WordState, level: Level, frame: Frame, p: number): void {
    const src = this.src;
    const q = p + 1;
    if (q >= src.length) {
      addLiteral(frame, p, q, '\\');
      this.pos = q;
      return;
    }
    const d = src.charCodeAt(q);
    // A surrogate pair is one character.
    const width = d >= 0xd800 && d <= 0xdbff && q + 1 < src.length ? 2 : 1;
    const ch = src.slice(q, q + width);
    ws.quoted = true;
    const keep =
      level.dblquote &&
      d !== 92 &&
      d !== 96 &&
      d !== 36 &&
      (d !== 34 || (ws.mode === MODE_HEREDOC && level.varnest === 0)) &&
      (d !== 125 || level.varnest === 0);
    if (keep) addLiteral(frame, p, q + width, `\\${ch}`);
    else addPart(frame, { type: 'Escaped', start: p, end: q + width, value: ch });
    this.pos = q + width;
  }

  private endQuote(ws: WordState, level: Level, frame: Frame, p: number, c: number): void {
    this.pos = p + 1;
    if (ws.mode === MODE_HEREDOC && level.varnest === 0) {
      addLiteral(frame, p, p + 1, this.src[p] as string);
      return;
    }
    ws.quoted = true;
    if (c === 39) {
      if (level.dqvarnest === 0) {
        level.syntax = BASE;
        level.dblquote = false;
      }
      if (frame.kind === F_SQ) {
        ws.frames.pop();
        addPart(ws.frames[ws.frames.length - 1] as Frame, { type: 'SingleQuoted', start: frame.start, end: p + 1, value: frame.lit });
      }
      return;
    }
    let close: boolean;
    if (level.dqvarnest === 0) {
      level.syntax = BASE;
      level.dblquote = false;
      if (level.varnest > 0) level.innerdq = !level.innerdq;
      close = true;
    } else {
      level.innerdq = !level.innerdq;
      close = !level.innerdq;
    }
    if (close && frame.kind === F_DQ) {
      ws.frames.pop();
      flush(frame);
      addPart(ws.frames[ws.frames.length - 1] as Frame, { type: 'DoubleQuoted', start: frame.start, end: p + 1, parts: frame.parts });
    } else if (!close) {
      flush(frame);
      ws.frames.push(newFrame(F_DQ, p));
    }
  }

  private closeParam(ws: WordState, frame: Frame, end: number): void {
    ws.frames.pop();
    flush(frame);
    const argStart = frame.argStart ?? end - 1;
    const argument: Word | null = frame.parts.length > 0 || (frame.op !== null && !frame.length) ? { type: 'Word', start: argStart, end: end - 1, parts: frame.parts } : null;
    addPart(ws.frames[ws.frames.length - 1] as Frame, {
      type: 'ParameterExpansion',
      start: frame.start,
      end,
      name: frame.name ?? '',
      braced: true,
      length: frame.length ?? false,
      op: frame.op ?? null,
      argument,
      bad: frame.bad ?? false,
    });
  }

  /**
   * `$` (dash's `parsesub`): a literal `$`, `$((`, a parameter, or `$(` (returns false, with the
   * position just after the `(`).
   */
  private dollar(ws: WordState, level: Level, frame: Frame, p: number): boolean {
    this.pos = p + 1;
    let c = this.getc();
    if (ws.mode === MODE_EOFMARK || !(c === 40 || c === 123 || isNameStart(c) || isSpecialParam(c))) {
      if (c >= 0) this.unget();
      addLiteral(frame, p, p + 1, '$');
      return true;
    }
    if (c === 40) {
      if (this.getc() === 40) {
        flush(frame);
        ws.levels.push(newLevel(ARI, false));
        ws.frames.push(newFrame(F_ARITH, p));
        return true;
      }
      this.unget();
      ws.substStart = p;
      return false;
    }
    let subtype = VSNORMAL;
    const braced = c === 123;
    if (braced) {
      c = this.getc();
      subtype = 0;
    }
    let name = '';
    let op: string | null = null;
    let badsub = false;
    for (;;) {
      if (isNameStart(c)) {
        do {
          name += String.fromCharCode(c);
          c = this.getc();
        } while (isNameChar(c));
      } else if (isDigit(c)) {
        do {
          name += String.fromCharCode(c);
          c = this.getc();
        } while ((subtype <= 0 || subtype >= VSLENGTH) && isDigit(c));
      } else if (c !== 125) {
        let cc = c;
        c = this.getc();
        if (subtype === 0 && cc === 35) {
          subtype = VSLENGTH;
          if (c === 95 || isNameChar(c)) continue;
          cc = c;
          c = this.getc();
          if (cc === 125 || c !== 125) {
            if (c >= 0) this.unget();
            subtype = 0;
            c = cc;
            cc = 35;
          }
        }
        if (!isSpecialParam(cc)) {
          if (subtype === VSLENGTH) subtype = 0;
          badsub = true;
        } else {
          name = String.fromCharCode(cc);
        }
      } else {
        badsub = true;
      }
      break;
    }
    let newsyn = level.syntax;
    if (badsub) {
      if (c >= 0) this.unget();
    } else if (subtype === 0) {
      const cc = c;
      if (c === 37 || c === 35) {
        subtype = c === 35 ? VSTRIMLEFT : VSTRIMRIGHT;
        op = String.fromCharCode(c);
        const d = this.getc();
        if (d === cc) {
          subtype++;
          op += op;
        } else if (d >= 0) {
          this.unget();
        }
        newsyn = BASE;
      } else {
        op = '';
        if (c === 58) {
          subtype = VSNUL;
          op = ':';
          c = this.getc();
        }
        const index = c >= 0 ? OPERATOR_CHARS.indexOf(String.fromCharCode(c)) : -1;
        if (index >= 0) subtype |= index + VSNORMAL;
        if (c >= 0) op += String.fromCharCode(c);
      }
    } else {
      if (subtype === VSLENGTH && c !== 125) subtype = 0;
      if (c >= 0) this.unget();
    }
    // A newline taken as a name or operator character is not counted by dash's line counter.
    for (let i = p + 1; i < this.pos; i++) if (this.src.charCodeAt(i) === 10 && this.src.charCodeAt(i - 1) !== 92) this.uncounted.push(i);
    if (newsyn === ARI) newsyn = DQ;
    if (subtype === VSNORMAL) {
      addPart(frame, { type: 'ParameterExpansion', start: p, end: this.pos, name, braced, length: false, op: null, argument: null, bad: false });
      return true;
    }
    let top = level;
    if (newsyn !== level.syntax || level.innerdq) {
      top = newLevel(newsyn, true);
      ws.levels.push(top);
    }
    top.varnest++;
    if (top.dblquote) top.dqvarnest++;
    const length = subtype === VSLENGTH;
    const bad = (subtype & 0x0f) === 0;
    const opText = length ? null : op === '}' ? null : op;
    flush(frame);
    ws.frames.push({
      kind: F_PARAM,
      start: p,
      parts: [],
      lit: '',
      litStart: -1,
      litEnd: -1,
      name,
      op: opText,
      length,
      bad,
      argStart: this.pos,
    });
    return true;
  }

  /** Collects a backquoted command and parses it as a text of its own. */
  private backquote(frame: Frame, level: Level, p: number): void {
    const src = this.src;
    const n = src.length;
    // Most backquoted commands hold no backslash (so no escape and no line continuation either):
    // their text is a slice, and each offset moves by the same amount. The backslash is looked
    // for before the closing backquote only: a search to the end of the text for each of many
    // backquotes would be quadratic.
    const close = src.indexOf('`', p + 1);
    if (close >= 0) {
      let slash = p + 1;
      while (slash < close && src.charCodeAt(slash) !== 92) slash++;
      if (slash === close) {
        const from = p + 1;
        const length = close - from;
        this.pos = close + 1;
        this.addBackquoted(frame, p, close, this.parseBackquote(src.slice(from, close), (o) => from + (o < 0 ? 0 : o > length ? length : o)));
        return;
      }
    }
    let text = '';
    const map: number[] = [];
    let q = p + 1;
    for (;;) {
      q = this.skipContinuations(q);
      if (q >= n) {
        this.pos = n;
        throw this.error('unterminatedBackquote', 'EOF in backquote substitution', p, p + 1, { found: 'end of file', open: { kind: '`', start: p, end: p + 1 } });
      }
      const c = src.charCodeAt(q);
      if (c === 96) break;
      if (c === 92 && q + 1 < n) {
        const d = src.charCodeAt(q + 1);
        if (d !== 92 && d !== 96 && d !== 36 && !(level.dblquote && d === 34)) {
          text += '\\';
          map.push(q);
        }
        text += src[q + 1];
        map.push(q + 1);
        q += 2;
        continue;
      }
      text += src[q];
      map.push(q);
      q++;
    }
    map.push(q);
    this.pos = q + 1;
    const last = map.length - 1;
    this.addBackquoted(frame, p, q, this.parseBackquote(text, (o) => map[o < 0 ? 0 : o > last ? last : o] as number));
  }

  private addBackquoted(frame: Frame, open: number, close: number, inner: ReturnType<BackquoteParser>): void {
    for (const comment of inner.comments) this.comments.push(comment);
    addPart(frame, { type: 'CommandSubstitution', start: open, end: close + 1, body: inner.body, backquoted: true });
  }

  /** At a here-document line start: is this line the delimiter? */
  private heredocEnd(ws: WordState, level: Level): boolean {
    const src = this.src;
    let p = level.syntax === SQ ? this.pos : this.skipContinuations(this.pos);
    if (ws.stripTabs) while (src.charCodeAt(p) === 9) p++;
    this.pos = p;
    const marker = ws.marker;
    if (src.startsWith(marker, p)) {
      const after = p + marker.length;
      if (after >= src.length || src.charCodeAt(after) === 10) {
        const lineStart = src.lastIndexOf('\n', p - 1) + 1;
        const end = after >= src.length ? after : after + 1;
        ws.terminator = { start: lineStart, end };
        ws.end = lineStart;
        this.pos = end;
        this.endWord(ws, level);
        ws.end = lineStart;
        return true;
      }
    }
    return false;
  }

  /** The end of a word: dash's checks for what is still open. */
  private endWord(ws: WordState, level: Level): void {
    if (ws.terminator === null) ws.end = this.pos;
    const open = (kind: number, name: string): { kind: string; start: number; end: number } | null => {
      for (let i = ws.frames.length - 1; i >= 0; i--) {
        const f = ws.frames[i] as Frame;
        if (f.kind === kind) return { kind: name, start: f.start, end: f.start + (kind === F_ARITH ? 3 : kind === F_PARAM ? 2 : 1) };
      }
      return null;
    };
    if (level.syntax === ARI) {
      const o = open(F_ARITH, '$((');
      throw this.error('missingArithmetic', "Missing '))'", o?.start ?? ws.start, o?.end ?? this.pos, { open: o });
    }
    if (level.syntax !== BASE && ws.mode !== MODE_HEREDOC) {
      const o = open(level.syntax === SQ ? F_SQ : F_DQ, level.syntax === SQ ? "'" : '"');
      throw this.error('unterminatedQuote', 'Unterminated quoted string', o?.start ?? ws.start, o?.end ?? this.pos, { open: o });
    }
    if (level.varnest !== 0) {
      const o = open(F_PARAM, '${');
      throw this.error('missingBrace', "Missing '}'", o?.start ?? ws.start, o?.end ?? this.pos, { open: o });
    }
    // Frames still open in a here-document (quotes are text there) fold into the word.
    while (ws.frames.length > 1) {
      const f = ws.frames.pop() as Frame;
      flush(f);
      const parent = ws.frames[ws.frames.length - 1] as Frame;
      for (const part of f.parts) addPart(parent, part);
    }
  }
}

export { MODE_EOFMARK, MODE_HEREDOC, MODE_TOKEN, CHKEOFMARK, CHKKWD, CHKNL };
