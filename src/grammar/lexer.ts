/**
 * The pre-scanner: reads ONE stanza at a time with the readers upstart uses for it (grammar
 * document sections 1.2–1.7, 3.3 and 9) and emits chevrotain tokens for the parser.
 *
 * Upstart's language is context-sensitive (the keyword decides how the rest of the line is read:
 * WORDs, a raw COMMAND, a script BLOCK, an event expression spanning lines inside parentheses), so
 * a single regular token set cannot describe it; this module is the lexer mode switch.
 *
 * Scan errors (unterminated quote, trailing backslash) are attached to tokens and reported only if
 * the parser reaches the token, exactly as upstart only fails on what it actually reads. A token
 * with an unterminated quote is cut at the end of the line where the quote opened, so that the rest
 * of the file can still be parsed (error recovery).
 */
import { createTokenInstance, type TokenType } from 'chevrotain';
import {
  HASH,
  LPAREN,
  NL,
  RPAREN,
  ScanError,
  isWS,
  lineEndFrom,
  newScanResult,
  scanToken,
  skipInterTokenWS,
  skipWS,
  terminatorEnd,
  type ScanResult,
} from './scanner.js';
import { readScriptBlock } from './script-body.js';
import * as T from './tokens.js';
import type { UToken } from './tokens.js';

export interface LexedStanza {
  readonly tokens: UToken[];
  /** Where the top-level loop continues. */
  readonly end: number;
  /** `#` comments read inside the stanza: [offset of '#', offset of the line end). */
  readonly comments: Array<readonly [number, number]>;
  /**
   * Line starts that an unclosed `(` swallowed and that begin with a known stanza keyword: where
   * parsing resumes after reporting the error (upstart itself reads on to the end of the file).
   */
  readonly recoveryPoints: number[];
}

interface Scanned {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly error: ScanError;
  readonly errorAt: number;
  readonly escapedNewlineAtEnd: boolean;
}

const HOOK_SUBS: Readonly<Record<string, TokenType>> = { exec: T.SubExec, script: T.SubScript };
const EVENT_SUBS: Readonly<Record<string, TokenType>> = { on: T.On };
const KILL_SUBS: Readonly<Record<string, TokenType>> = { timeout: T.Timeout, signal: T.Signal };
const RELOAD_SUBS: Readonly<Record<string, TokenType>> = { signal: T.Signal };
const RESPAWN_SUBS: Readonly<Record<string, TokenType>> = { limit: T.LimitSub };
const NORMAL_SUBS: Readonly<Record<string, TokenType>> = { exit: T.Exit };
const APPARMOR_SUBS: Readonly<Record<string, TokenType>> = { load: T.Load, switch: T.Switch };
const OOM_SUBS: Readonly<Record<string, TokenType>> = { score: T.Score };

class StanzaLexer {
  readonly tokens: UToken[] = [];
  readonly comments: Array<readonly [number, number]> = [];
  readonly recoveryPoints: number[] = [];
  private readonly sr: ScanResult = newScanResult();
  private readonly n: number;

  constructor(
    private readonly src: string,
    public pos: number,
  ) {
    this.n = src.length;
  }

  private emit(type: TokenType, start: number, end: number, value: string, scanned?: Scanned): UToken {
    const tok = createTokenInstance(type, this.src.slice(start, end), start, end - 1, NaN, NaN, NaN, NaN) as UToken;
    tok.end = end;
    tok.value = value;
    tok.scanError = scanned ? scanned.error : ScanError.None;
    tok.scanErrorAt = scanned ? scanned.errorAt : -1;
    tok.empty = value === '' && !(scanned?.escapedNewlineAtEnd ?? false);
    this.tokens.push(tok);
    return tok;
  }

  private atEol(): boolean {
    if (this.pos >= this.n) return true;
    const c = this.src.charCodeAt(this.pos);
    return c === HASH || c === NL;
  }

  /** Scans a token at `pos`; an unterminated quote is cut at the end of the quote's line. */
  private scan(wsDelimits: boolean, parenDelimits: boolean, dequote: boolean): Scanned {
    const start = this.pos;
    const r = scanToken(this.src, start, wsDelimits, parenDelimits, dequote, this.sr);
    if (r.error === ScanError.UnterminatedQuote) {
      const error = r.error;
      const errorAt = r.errorAt;
      const limit = lineEndFrom(this.src, errorAt);
      const cut = scanToken(this.src, start, wsDelimits, parenDelimits, dequote, this.sr, limit);
      return { start, end: limit, value: cut.value, error, errorAt, escapedNewlineAtEnd: false };
    }
    return {
      start,
      end: r.end,
      value: r.value,
      error: r.error,
      errorAt: r.errorAt,
      escapedNewlineAtEnd: r.escapedNewlineAtEnd,
    };
  }

  /** Reads the end of the stanza line: an optional comment, then LF or end of file. */
  private eol(): void {
    const start = this.pos;
    if (start >= this.n) {
      this.emit(T.Eol, this.n, this.n, '');
      return;
    }
    let p = start;
    if (this.src.charCodeAt(p) === HASH) {
      p = lineEndFrom(this.src, p);
      this.comments.push([start, p]);
    }
    const end = p < this.n ? p + 1 : p;
    this.emit(T.Eol, start, end, '');
    this.pos = end;
  }

  stanza(): void {
    const kwStart = this.pos;
    const k = this.scan(true, false, false);
    const type = k.error === ScanError.None ? (T.STANZA_KEYWORDS.get(k.value) ?? T.KwUnknown) : T.KwUnknown;
    this.emit(type, kwStart, k.end, k.value, k);
    if (k.error !== ScanError.None) {
      this.pos = k.end;
      this.words();
      return;
    }
    this.pos = skipInterTokenWS(this.src, k.end);
    switch (type) {
      case T.KwBare:
        return; // `manual`/`debug` leave their line to the top-level loop (section 1.2)
      case T.KwExec:
        this.command();
        this.eol();
        return;
      case T.KwScript:
        this.scriptBlock();
        return;
      case T.KwHook: {
        const sub = this.subKeyword(HOOK_SUBS, false);
        if (sub === T.SubExec) {
          this.command();
          this.eol();
        } else if (sub === T.SubScript) {
          this.scriptBlock();
        } else {
          this.words();
        }
        return;
      }
      case T.KwEvent:
        if (this.subKeyword(EVENT_SUBS, false) === T.On) this.expression();
        else this.words();
        return;
      case T.KwKill:
        this.subKeyword(KILL_SUBS, false);
        break;
      case T.KwReload:
        this.subKeyword(RELOAD_SUBS, false);
        break;
      case T.KwRespawn:
        this.subKeyword(RESPAWN_SUBS, false);
        break;
      case T.KwNormal:
        this.subKeyword(NORMAL_SUBS, false);
        break;
      case T.KwApparmor:
        this.subKeyword(APPARMOR_SUBS, false);
        break;
      case T.KwOom:
        this.subKeyword(OOM_SUBS, true); // upstart reads `score` with the WORD reader
        break;
      default:
        break;
    }
    this.words();
  }

  /** Reads a sub-keyword (raw, or dequoted for `oom score`); emits the matching type or Word. */
  private subKeyword(subs: Readonly<Record<string, TokenType>>, dequote: boolean): TokenType | null {
    if (this.atEol()) return null;
    const s = this.scan(true, false, dequote);
    if (s.error !== ScanError.None) {
      this.emit(T.Word, s.start, s.end, s.value, s);
      this.pos = s.end;
      return T.Word;
    }
    const type = Object.prototype.hasOwnProperty.call(subs, s.value) ? (subs[s.value] as TokenType) : T.Word;
    this.emit(type, s.start, s.end, s.value, s);
    this.pos = skipInterTokenWS(this.src, s.end);
    return type;
  }

  /** WORD arguments up to the end of the line, then the end of line. */
  private words(): void {
    while (!this.atEol()) {
      const s = this.scan(true, false, true);
      this.emit(T.Word, s.start, s.end, s.value, s);
      if (s.error !== ScanError.None) {
        this.pos = s.end;
        break;
      }
      this.pos = skipInterTokenWS(this.src, s.end);
    }
    this.eol();
  }

  /** The COMMAND reader: the rest of the logical line, raw (section 1.6). */
  private command(): void {
    if (this.atEol()) return;
    const s = this.scan(false, false, false);
    this.pos = s.end;
    if (s.value === '' && !s.escapedNewlineAtEnd && s.error === ScanError.None) return;
    // The source span ends at the last byte that contributed to the value.
    let end = s.end;
    for (;;) {
      if (end > s.start && isWS(this.src.charCodeAt(end - 1))) end--;
      else if (end - 1 > s.start && this.src.charCodeAt(end - 1) === NL && this.src.charCodeAt(end - 2) === 92) end -= 2;
      else break;
    }
    if (s.error !== ScanError.None) end = s.end;
    this.emit(T.Command, s.start, end, s.value, s);
  }

  /** After `script`: only a comment may follow on the line; then the block (section 1.7). */
  private scriptBlock(): void {
    if (!this.atEol()) {
      // Upstart stops here with "Unexpected token"; the text is kept as a token and the block is
      // still read, so that parsing resumes after `end script` instead of inside the body.
      const start = this.pos;
      let end = lineEndFrom(this.src, start);
      const hash = this.src.indexOf('#', start);
      if (hash !== -1 && hash < end) end = hash;
      let trimmed = end;
      while (trimmed > start && isWS(this.src.charCodeAt(trimmed - 1))) trimmed--;
      this.emit(T.Word, start, trimmed, this.src.slice(start, trimmed));
      this.pos = end;
    }
    this.eol();
    const bodyStart = this.pos;
    const info = readScriptBlock(this.src, bodyStart);
    const tok = this.emit(T.Block, bodyStart, info.next, '');
    tok.block = info;
    this.pos = info.next;
  }

  /**
   * The event expression after `start on` / `stop on` (section 3.3), line by line as upstart's
   * parse_on reads it: at the start of every line it reads one item unconditionally (so a blank
   * or comment-only line inside parentheses is an empty item, "Expected token"), then more items
   * while the line has tokens; the expression goes on to the next line only while a parenthesis
   * is open.
   */
  private expression(): void {
    const src = this.src;
    const n = this.n;
    let depth = 0;
    let items = 0;
    for (;;) {
      this.pos = skipInterTokenWS(src, this.pos);
      do {
        const p = this.pos;
        const c = p < n ? src.charCodeAt(p) : -1;
        if (c === -1 || c === HASH || c === NL) {
          // An empty item. Right after `on` the parser reports it at the end-of-line token.
          if (items > 0) {
            const lineStart = src.lastIndexOf('\n', p - 1) + 1;
            this.emit(T.BlankInParens, lineStart, lineEndFrom(src, lineStart), '');
          }
          break;
        }
        items++;
        if (c === LPAREN || c === RPAREN) {
          this.emit(c === LPAREN ? T.LParen : T.RParen, p, p + 1, c === LPAREN ? '(' : ')');
          if (c === LPAREN) depth++;
          else if (depth > 0) depth--;
          this.pos = skipInterTokenWS(src, p + 1);
          continue;
        }
        const raw = this.scan(true, true, false);
        if (raw.error === ScanError.None && (raw.value === 'and' || raw.value === 'or')) {
          this.emit(raw.value === 'and' ? T.And : T.Or, raw.start, raw.end, raw.value, raw);
          this.pos = skipInterTokenWS(src, raw.end);
          continue;
        }
        const s = raw.error === ScanError.None ? this.scan(true, true, true) : raw;
        this.emit(T.Word, s.start, s.end, s.value, s);
        if (s.error !== ScanError.None) {
          this.pos = s.end;
          if (depth === 0) {
            this.eol();
            return;
          }
          break;
        }
        this.pos = skipInterTokenWS(src, s.end);
      } while (!this.atEol());
      // The end of the line: an optional comment, then LF.
      if (this.pos >= n) {
        this.emit(depth > 0 ? T.Eof : T.Eol, n, n, '');
        return;
      }
      if (depth === 0) {
        this.eol();
        return;
      }
      let q = this.pos;
      if (src.charCodeAt(q) === HASH) {
        q = lineEndFrom(src, q);
        this.comments.push([this.pos, q]);
      } else if (src.charCodeAt(q) !== NL) {
        q = lineEndFrom(src, q); // the rest of a line cut by an unterminated quote
      }
      this.pos = q < n ? q + 1 : q;
      if (this.pos >= n) {
        this.emit(T.Eof, n, n, '');
        return;
      }
      const r = skipWS(src, this.pos);
      if (r < n && src.charCodeAt(r) !== NL && src.charCodeAt(r) !== HASH) this.noteRecoveryPoint(this.pos, r);
    }
  }

  private noteRecoveryPoint(lineStart: number, firstByte: number): void {
    const s = scanToken(this.src, firstByte, true, false, false, this.sr);
    if (s.error === ScanError.None && T.STANZA_KEYWORDS.has(s.value)) this.recoveryPoints.push(lineStart);
  }
}

/** Lexes the stanza whose keyword starts at `start` (a non-blank, non-comment byte). */
export function lexStanza(src: string, start: number): LexedStanza {
  const lx = new StanzaLexer(src, start);
  lx.stanza();
  return { tokens: lx.tokens, end: lx.pos, comments: lx.comments, recoveryPoints: lx.recoveryPoints };
}

/** True if a terminator line starts at `p` (re-exported for tests). */
export function isTerminatorAt(src: string, p: number): boolean {
  return terminatorEnd(src, p) !== -1;
}
