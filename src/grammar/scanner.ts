/**
 * libnih's configuration tokenizer, reproduced exactly (grammar document sections 1.2–1.7).
 *
 * Upstart's reader is byte-oriented; every byte it treats specially is ASCII, and UTF-16 code
 * units of non-ASCII characters are never ASCII, so scanning the decoded string gives the same
 * token boundaries and values as scanning the bytes.
 */

export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SPACE = 32;
export const DQUOTE = 34;
export const HASH = 35;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const BACKSLASH = 92;

/** Upstart's whitespace: space, TAB and CR. (Not form feed, not vertical tab.) */
export function isWS(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

export const ScanError = {
  None: 0,
  TrailingSlash: 1,
  UnterminatedQuote: 2,
} as const;
export type ScanError = (typeof ScanError)[keyof typeof ScanError];

/** Mutable result of `scanToken` (reused to avoid an allocation per token). */
export interface ScanResult {
  /** Decoded value (dequoted in dequote mode; raw with quotes/backslashes in raw mode). */
  value: string;
  /** Offset of the delimiter that ended the token (or the limit). */
  end: number;
  error: ScanError;
  /** Offset of the opening quote (unterminated quote) or backslash (trailing slash). */
  errorAt: number;
  /** True when the token ended with a pending backslash-newline (the "empty but accepted" case). */
  escapedNewlineAtEnd: boolean;
}

export function newScanResult(): ScanResult {
  return { value: '', end: 0, error: ScanError.None, errorAt: -1, escapedNewlineAtEnd: false };
}

/**
 * Scans one token starting at `start` (section 1.3, and the reference pseudo-code of 1.3.1).
 *
 * @param wsDelimits  WS ends the token (KEYWORD/WORD readers); otherwise WS is kept (COMMAND).
 * @param parenDelimits `(` and `)` end the token (event-expression words).
 * @param dequote     remove quotes and resolve escapes (WORD) or keep them (KEYWORD, COMMAND).
 * @param limit       scan no further than this offset (used only for error recovery).
 */
export function scanToken(
  src: string,
  start: number,
  wsDelimits: boolean,
  parenDelimits: boolean,
  dequote: boolean,
  out: ScanResult,
  limit: number = src.length,
): ScanResult {
  let value = '';
  let pendWS = '';
  let pendNL = false;
  let escNL = false;
  let esc = false;
  let escAt = -1;
  let quote = 0;
  let quoteAt = -1;
  let i = start;

  while (i < limit) {
    const c = src.charCodeAt(i);
    if (esc) {
      esc = false;
      if (c === NL) {
        pendNL = true;
        escNL = true;
      } else if (c === BACKSLASH || isWS(c)) {
        // A real escape: the byte is literal and never a delimiter.
        value += pending(pendNL, pendWS);
        pendWS = '';
        pendNL = false;
        escNL = false;
        if (!dequote) value += '\\';
        value += src[i];
      } else {
        // Backslash kept; then libnih's whitespace-flush defect (section 1.3 table).
        value += '\\';
        if (pendNL) value += ' ';
        else if (pendWS !== '') value += pendWS.slice(1) + '\\';
        pendWS = '';
        pendNL = false;
        escNL = false;
        value += src[i];
      }
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      esc = true;
      escAt = i;
      i++;
      continue;
    }
    if (quote !== 0) {
      if (c === quote) {
        quote = 0;
        value += pending(pendNL, pendWS);
        pendWS = '';
        pendNL = false;
        escNL = false;
        if (!dequote) value += src[i];
      } else if (c === NL) {
        pendNL = true;
      } else if (isWS(c)) {
        pendWS += src[i];
      } else {
        value += pending(pendNL, pendWS);
        pendWS = '';
        pendNL = false;
        escNL = false;
        value += src[i];
      }
      i++;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      quote = c;
      quoteAt = i;
      value += pending(pendNL, pendWS);
      pendWS = '';
      pendNL = false;
      escNL = false;
      if (!dequote) value += src[i];
      i++;
      continue;
    }
    if (c === HASH || c === NL || (wsDelimits && isWS(c)) || (parenDelimits && (c === LPAREN || c === RPAREN))) {
      break;
    }
    if (isWS(c)) {
      pendWS += src[i];
      i++;
      continue;
    }
    // An ordinary byte: flush what is pending, then copy the whole run of ordinary bytes at once.
    value += pending(pendNL, pendWS);
    pendWS = '';
    pendNL = false;
    escNL = false;
    let j = i + 1;
    while (j < limit) {
      const d = src.charCodeAt(j);
      if (
        d === BACKSLASH || d === DQUOTE || d === SQUOTE || d === HASH || d === NL || isWS(d) ||
        (parenDelimits && (d === LPAREN || d === RPAREN))
      ) {
        break;
      }
      j++;
    }
    value += src.slice(i, j);
    i = j;
  }

  out.value = value;
  out.end = i;
  out.escapedNewlineAtEnd = escNL && pendNL;
  if (esc && i >= src.length) {
    out.error = ScanError.TrailingSlash;
    out.errorAt = escAt;
  } else if (quote !== 0 && i >= src.length) {
    out.error = ScanError.UnterminatedQuote;
    out.errorAt = quoteAt;
  } else {
    out.error = ScanError.None;
    out.errorAt = -1;
  }
  return out;
}

/**
 * What pending whitespace becomes when a byte follows it: a newline (escaped or quoted), with any
 * blanks around it, collapses to one space; otherwise the blanks are kept verbatim (section 1.3).
 */
function pending(pendNL: boolean, pendWS: string): string {
  return pendNL ? ' ' : pendWS;
}

/** Skips WS only (the top-level loop, section 1.2 step 1). */
export function skipWS(src: string, i: number): number {
  const n = src.length;
  while (i < n && isWS(src.charCodeAt(i))) i++;
  return i;
}

/** Skips inter-token whitespace: WS and backslash-newline pairs (section 1.4). */
export function skipInterTokenWS(src: string, i: number): number {
  const n = src.length;
  for (;;) {
    if (i >= n) return i;
    const c = src.charCodeAt(i);
    if (isWS(c)) i++;
    else if (c === BACKSLASH && src.charCodeAt(i + 1) === NL) i += 2;
    else return i;
  }
}

/** Offset of the LF ending the line that contains `i` (or the text length). */
export function lineEndFrom(src: string, i: number): number {
  const nl = src.indexOf('\n', i);
  return nl === -1 ? src.length : nl;
}

/** Offset just after the LF ending the line that contains `i` (or the text length). */
export function nextLineStart(src: string, i: number): number {
  const nl = src.indexOf('\n', i);
  return nl === -1 ? src.length : nl + 1;
}

/**
 * If a script-block terminator line starts at `p` (section 1.7), returns the offset just after it
 * (after its LF, or the end of text); otherwise -1.
 */
export function terminatorEnd(src: string, p: number): number {
  const n = src.length;
  let i = p;
  while (i < n && isWS(src.charCodeAt(i))) i++;
  if (src.charCodeAt(i) !== 101 /* e */ || src.charCodeAt(i + 1) !== 110 /* n */ || src.charCodeAt(i + 2) !== 100 /* d */) {
    return -1;
  }
  i += 3;
  if (!isWS(src.charCodeAt(i))) return -1;
  while (i < n && isWS(src.charCodeAt(i))) i++;
  if (!src.startsWith('script', i)) return -1;
  i += 6;
  while (i < n && isWS(src.charCodeAt(i))) i++;
  if (i < n && src.charCodeAt(i) === HASH) i = lineEndFrom(src, i);
  if (i >= n) return n;
  return src.charCodeAt(i) === NL ? i + 1 : -1;
}

export interface BlockScan {
  /** [start, endIncludingLF) of each body line. */
  readonly lines: Array<readonly [number, number]>;
  /** Number of indentation bytes stripped from every line. */
  readonly indent: number;
  /** Offset where the terminator line starts, or -1 when unterminated. */
  readonly terminatorStart: number;
  /** Offset just after the terminator line (or the end of text when unterminated). */
  readonly next: number;
}

/** Reads a script body starting at `p`, the first byte after the `script` line (section 1.7). */
export function readBlock(src: string, p: number): BlockScan {
  const n = src.length;
  const lines: Array<readonly [number, number]> = [];
  let indent = -1;
  let first = -1;
  for (;;) {
    const term = p < n ? terminatorEnd(src, p) : -1;
    if (term !== -1) {
      return { lines, indent: indent < 0 ? 0 : indent, terminatorStart: p, next: term };
    }
    if (p >= n) return { lines, indent: indent < 0 ? 0 : indent, terminatorStart: -1, next: n };
    const a = p;
    if (indent < 0) {
      let k = p;
      while (k < n && isWS(src.charCodeAt(k))) k++;
      indent = k - p;
      first = p;
    } else if (indent > 0) {
      let k = 0;
      while (k < indent && src.charCodeAt(a + k) === src.charCodeAt(first + k)) k++;
      indent = k;
    }
    p = nextLineStart(src, p);
    lines.push([a, p]);
  }
}
