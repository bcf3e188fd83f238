/**
 * A direct transcription of the reference pseudo-code in upstart-grammar.md (1.3.1 token scanner,
 * 1.4 inter-token whitespace, 1.7 block reader), which the spec says agrees with the compiled
 * libnih code on thousands of random inputs. Used as an oracle for differential tests of the
 * parser. Deliberately simple and slow; only for short test inputs.
 */
import type { EventExpression, JobFile, Word } from '../../src/grammar/ast.js';

const NL = '\n';
const isWS = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';

export interface ScanResult {
  readonly value: string;
  /** Index of the first byte not consumed (a delimiter, or the end of the text). */
  readonly end: number;
  /** Line counter after the scan (1-based). */
  readonly line: number;
  readonly error: 'trailingSlash' | 'unterminatedQuote' | null;
  /** True when the token's source text ends with backslash-newline (the emptiness quirk, 1.3.1). */
  readonly endedWithEscapedNewline: boolean;
}

/** 1.3.1 scanToken. `delims` is the set of unquoted, unescaped bytes that end the token. */
export function scanToken(src: string, start: number, line: number, delims: string, dequote: boolean): ScanResult {
  let out = '';
  let pendWS = '';
  let pendNL = false;
  let esc = false;
  let quote: string | null = null;
  let i = start;
  const flush = (): void => {
    out += pendNL ? ' ' : pendWS;
    pendWS = '';
    pendNL = false;
  };
  const flushQuirk = (): void => {
    if (pendNL) out += ' ';
    else if (pendWS !== '') out += pendWS.slice(1) + '\\';
    pendWS = '';
    pendNL = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (esc) {
      esc = false;
      if (c === NL) {
        pendNL = true;
        line++;
      } else if (c === '\\' || isWS(c)) {
        flush();
        if (!dequote) out += '\\';
        out += c;
      } else {
        out += '\\';
        flushQuirk();
        out += c;
      }
    } else if (c === '\\') {
      esc = true;
    } else if (quote !== null) {
      if (c === quote) {
        quote = null;
        flush();
        if (!dequote) out += c;
      } else if (c === NL) {
        pendNL = true;
        line++;
      } else if (isWS(c)) {
        pendWS += c;
      } else {
        flush();
        out += c;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      flush();
      if (!dequote) out += c;
    } else if (delims.includes(c)) {
      break;
    } else if (isWS(c)) {
      pendWS += c;
    } else {
      flush();
      out += c;
    }
    i++;
  }
  const error = esc ? 'trailingSlash' : quote !== null ? 'unterminatedQuote' : null;
  return { value: out, end: i, line, error, endedWithEscapedNewline: src.slice(start, i).endsWith('\\\n') };
}

/** 1.4 inter-token whitespace: WS bytes and backslash-newline pairs. */
export function skipInterToken(src: string, i: number, line: number): { i: number; line: number } {
  for (;;) {
    if (isWS(src[i])) i++;
    else if (src[i] === '\\' && src[i + 1] === NL) {
      i += 2;
      line++;
    } else return { i, line };
  }
}

export const WORD_DELIMS = ' \t\r#\n';
export const COMMAND_DELIMS = '#\n';

/** Line upstart reports at end of file: number of LF + 1. */
export function eofLine(src: string): number {
  let n = 1;
  for (const c of src) if (c === NL) n++;
  return n;
}

export type StanzaOutcome =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly error: 'trailingSlash' | 'unterminatedQuote' | 'expectedToken' | 'unexpectedToken'; readonly line: number };

/**
 * Outcome of the first stanza of `src`, which must start with `keyword` + one WS byte, for a
 * stanza taking one WORD (`dequote`, then end of line) or a COMMAND (raw, rest of line).
 */
export function firstStanza(src: string, keyword: string, reader: 'WORD' | 'COMMAND'): StanzaOutcome {
  let { i, line } = skipInterToken(src, keyword.length, 1);
  const tokenLine = line;
  const r = scanToken(src, i, line, reader === 'WORD' ? WORD_DELIMS : COMMAND_DELIMS, reader === 'WORD');
  if (r.error) return { ok: false, error: r.error, line: eofLine(src) };
  if (r.value === '' && !r.endedWithEscapedNewline) return { ok: false, error: 'expectedToken', line: tokenLine };
  if (reader === 'WORD') {
    ({ i, line } = skipInterToken(src, r.end, r.line));
    if (i < src.length && src[i] !== '#' && src[i] !== NL) return { ok: false, error: 'unexpectedToken', line };
  }
  return { ok: true, value: r.value };
}

/** 1.7 isTerminator. */
export function isTerminator(src: string, p: number): boolean {
  while (isWS(src[p])) p++;
  if (!src.startsWith('end', p)) return false;
  p += 3;
  if (!isWS(src[p])) return false;
  while (isWS(src[p])) p++;
  if (!src.startsWith('script', p)) return false;
  p += 6;
  while (isWS(src[p])) p++;
  if (src[p] === '#') while (p < src.length && src[p] !== NL) p++;
  return p >= src.length || src[p] === NL;
}

export type BlockOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly line: number };

/** 1.7 readBlock from `p` (the first byte after the `script` line). */
export function readBlock(src: string, p: number): BlockOutcome {
  const lines: [number, number][] = [];
  let W: number | null = null;
  let first = 0;
  for (;;) {
    if (isTerminator(src, p)) {
      const w = W ?? 0;
      return { ok: true, text: lines.map(([a, b]) => src.slice(a + w, b)).join('') };
    }
    const a = p;
    if (W === null) {
      let n = 0;
      while (isWS(src[p + n])) n++;
      W = n;
      first = p;
    } else {
      let n = 0;
      while (n < W && p + n < src.length && src[p + n] === src[first + n]) n++;
      W = Math.min(W, n);
    }
    const nl = src.indexOf(NL, p);
    p = nl === -1 ? src.length : nl + 1;
    lines.push([a, p]);
    if (p === src.length) return { ok: false, line: eofLine(src) };
  }
}

export const EVENT_DELIMS = ' \t\r#\n()';

/**
 * Re-scans every argument of every stanza with the oracle, starting at the argument's span, and
 * returns the disagreements: the value must be what the scanner decodes, the span must end where the
 * scanner stops (WORD and event words), and `raw` must be the source text under the span.
 */
export function wordProblems(src: string, ast: JobFile): string[] {
  type W = Word;
  type E = EventExpression;
  const problems: string[] = [];
  const check = (w: W, delims: string, dequote: boolean, what: string): void => {
    const r = scanToken(src, w.span.start.offset, w.span.start.line, delims, dequote);
    const raw = src.slice(w.span.start.offset, w.span.end.offset);
    if (r.value !== w.value || r.end !== w.span.end.offset || raw !== w.raw) {
      problems.push(
        `${what} at ${w.span.start.line}:${w.span.start.column}: value ${JSON.stringify(w.value)} raw ${JSON.stringify(w.raw)} ` +
          `end ${w.span.end.offset}; oracle value ${JSON.stringify(r.value)} raw ${JSON.stringify(src.slice(w.span.start.offset, r.end))} end ${r.end}`,
      );
    }
  };
  const word = (w: W, what: string): void => check(w, WORD_DELIMS, true, what);
  const expr = (e: E): void => {
    const stack: E[] = [e];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x.type === 'GroupExpression') stack.push(x.expression);
      else if (x.type === 'AndExpression' || x.type === 'OrExpression') stack.push(x.left, x.right);
      else {
        check(x.event, EVENT_DELIMS, true, 'event name');
        for (const a of x.args) check(a.word, EVENT_DELIMS, true, 'event argument');
      }
    }
  };
  for (const s of ast.stanzas) {
    switch (s.type) {
      case 'EnvStanza':
      case 'TextStanza':
      case 'ExpectStanza':
      case 'ConsoleStanza':
      case 'KillTimeoutStanza':
      case 'SignalStanza':
      case 'UmaskStanza':
      case 'NiceStanza':
      case 'OomStanza':
        word(s.arg, s.keyword);
        break;
      case 'RespawnLimitStanza':
      case 'LimitStanza':
      case 'CgroupStanza':
        for (const w of s.args) word(w, s.keyword);
        break;
      case 'ExportStanza':
        for (const w of s.names) word(w, s.keyword);
        break;
      case 'EmitsStanza':
        for (const w of s.events) word(w, s.keyword);
        break;
      case 'NormalExitStanza':
        for (const v of s.values) word(v.arg, s.keyword);
        break;
      case 'ExecStanza': {
        const r = scanToken(src, s.command.span.start.offset, s.command.span.start.line, COMMAND_DELIMS, false);
        if (r.value !== s.command.value || src.slice(s.command.span.start.offset, s.command.span.end.offset) !== s.command.raw) {
          problems.push(`command at ${s.command.span.start.line}: value ${JSON.stringify(s.command.value)}; oracle ${JSON.stringify(r.value)}`);
        }
        break;
      }
      case 'StartOnStanza':
      case 'StopOnStanza':
        expr(s.expression);
        break;
      default:
        break;
    }
  }
  return problems;
}
