/**
 * Structure errors: a chevrotain recognition exception (the grammar found a token it did not
 * expect) mapped to the error upstart raises there (grammar document sections 1.5, 1.6 and 1.9).
 */
import type { IRecognitionException } from 'chevrotain';
import type { SyntaxMessageId } from './ast.js';
import * as M from './messages.js';
import { ScanError } from './scanner.js';
import * as T from './tokens.js';
import type { UToken } from './tokens.js';

/** An error located in the stanza's text: [start, end) and the line upstart logs. */
export interface LocatedError {
  readonly messageId: SyntaxMessageId;
  readonly start: number;
  readonly end: number;
  /** The line upstart logs; 'eof' for the last line of the file. */
  readonly line: number | 'eof';
  readonly message: string;
}

/** The error for a token with a scan error: upstart reports both at the end of the file. */
export function scanError(tok: UToken): LocatedError {
  return tok.scanError === ScanError.TrailingSlash
    ? { messageId: 'trailingSlash', start: tok.scanErrorAt, end: tok.scanErrorAt + 1, line: 'eof', message: M.TRAILING_SLASH }
    : { messageId: 'unterminatedQuote', start: tok.scanErrorAt, end: tok.end, line: 'eof', message: M.UNTERMINATED_QUOTE };
}

/**
 * The error upstart raises where the grammar failed on `e.token` in the stanza `tokens`.
 * `lineOf` converts an offset to its line.
 */
export function structureError(e: IRecognitionException, tokens: readonly UToken[], lineOf: (offset: number) => number): LocatedError {
  const found = e.token as UToken;
  let idx = tokens.indexOf(found);
  if (idx === -1) idx = tokens.length;
  const tok: UToken = tokens[idx] ?? (tokens[tokens.length - 1] as UToken);
  const prev = tokens[idx - 1];
  const first = tokens[0] as UToken;
  const keyword = first.value;
  const type = tok.tokenType;
  const start = tok.startOffset;
  const end = tok.end;
  const line = lineOf(start);
  if (type === T.Eol || type === T.Eof || (tok === tokens[tokens.length - 1] && idx >= tokens.length)) {
    return { messageId: 'expectedToken', start, end, line, message: M.expectedToken(keyword, prev === first) };
  }
  if (prev && prev === first && M.SUB_KEYWORDS[keyword] !== undefined) {
    // upstart reads the whole sub-keyword token before comparing it, so its scan error comes first.
    if (tok.scanError !== ScanError.None) return scanError(tok);
    return { messageId: 'unknownStanza', start, end, line, message: M.unknownSubKeyword(keyword, tok.image) };
  }
  if (first.tokenType === T.KwScript || (first.tokenType === T.KwHook && prev?.tokenType === T.SubScript)) {
    return { messageId: 'unexpectedToken', start, end, line, message: M.scriptTrailing(tok.image) };
  }
  return { messageId: 'unexpectedToken', start, end, line, message: M.unexpectedToken(tok.value || tok.image, extraTokenHint(tokens, idx)) };
}

/** Why the token at `idx` is one too many, in the words of its stanza. */
function extraTokenHint(tokens: readonly UToken[], idx: number): M.ExtraTokenHint {
  const first = tokens[0] as UToken;
  const keyword = first.value;
  if (first.tokenType === T.KwRespawn && tokens[2]?.value === 'unlimited') return { kind: 'respawnUnlimited' };
  if (first.tokenType !== T.KwText) return { kind: 'noMore', keyword };
  if (['description', 'author', 'usage', 'version'].includes(keyword)) return { kind: 'oneQuoted', keyword };
  if (keyword === 'env') {
    // upstart stores env values literally: quoting a value with expansions would only lead into
    // no-variable-in-env.
    if (tokens.slice(1).some((t) => t.tokenType === T.Word && /[`$]/.test(t.value))) return { kind: 'envExpands', name: envName(tokens) };
    const arg = tokens[1]?.value ?? '';
    if (idx === 2 && !arg.includes('=')) return { kind: 'envJoin', name: tokens[1]?.value ?? 'KEY', value: (tokens[2] as UToken).value };
    return { kind: 'envQuote', quoted: quotedEnv(tokens) };
  }
  if (keyword === 'instance') return { kind: 'instance' };
  return { kind: 'noMore', keyword };
}

/** The variable an `env` stanza sets (`env A=b c` → `A`). */
function envName(tokens: readonly UToken[]): string {
  const first = tokens.slice(1).find((t) => t.tokenType === T.Word)?.value ?? 'KEY';
  const eq = first.indexOf('=');
  return eq === -1 ? first : first.slice(0, eq);
}

/** `env A=b c d` → `A="b c d"` (the suggestion for an unquoted multi-word env value). */
function quotedEnv(tokens: readonly UToken[]): string {
  const words = tokens.slice(1).filter((t) => t.tokenType === T.Word).map((t) => t.value);
  const first = words[0] ?? '';
  const eq = first.indexOf('=');
  const name = eq === -1 ? first : first.slice(0, eq);
  const value = [eq === -1 ? '' : first.slice(eq + 1), ...words.slice(1)].filter((w) => w !== '').join(' ');
  return `${name}="${value.replace(/["\\]/g, '\\$&')}"`;
}
