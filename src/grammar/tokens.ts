/**
 * Token types. The pre-scanner (lexer.ts) reads each stanza with the reader upstart uses for it
 * and emits these tokens; the chevrotain parser (parser.ts) checks their structure.
 *
 * Stanza keywords are grouped by argument shape (one token type per shape, the keyword itself is
 * the token's image), mirroring the dispatch table of upstart's parse_job.c.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { SyntaxMessageId } from './ast.js';
import type { ScanError } from './scanner.js';

const t = (name: string): TokenType => createToken({ name, pattern: Lexer.NA });

// Stanza keywords, by shape.
export const KwText = t('KwText'); // one WORD: description author version usage instance chroot chdir setuid setgid env umask nice expect console
export const KwWordList = t('KwWordList'); // WORDS (≥1): export emits
export const KwTask = t('KwTask'); // task
export const KwRespawn = t('KwRespawn'); // respawn [limit …]
export const KwBare = t('KwBare'); // manual debug (do not consume their line)
export const KwExec = t('KwExec'); // exec COMMAND
export const KwScript = t('KwScript'); // script BLOCK
export const KwHook = t('KwHook'); // pre-start post-start pre-stop post-stop
export const KwEvent = t('KwEvent'); // start stop
export const KwKill = t('KwKill');
export const KwReload = t('KwReload');
export const KwNormal = t('KwNormal');
export const KwOom = t('KwOom');
export const KwLimit = t('KwLimit');
export const KwApparmor = t('KwApparmor');
export const KwCgroup = t('KwCgroup');
export const KwUnknown = t('KwUnknown');

// Sub-keywords (read raw, except `score`, which upstart reads dequoted).
export const On = t('On');
export const SubExec = t('SubExec');
export const SubScript = t('SubScript');
export const Timeout = t('Timeout');
export const Signal = t('Signal');
export const LimitSub = t('LimitSub');
export const Exit = t('Exit');
export const Load = t('Load');
export const Switch = t('Switch');
export const Score = t('Score');

// Arguments and structure.
export const Word = t('Word');
export const Command = t('Command');
export const Block = t('Block');
export const Eol = t('Eol');
/** End of file inside an open parenthesis of an event expression. */
export const Eof = t('Eof');
export const LParen = t('LParen');
export const RParen = t('RParen');
export const And = t('And');
export const Or = t('Or');
/** A blank or comment-only line inside parentheses: upstart's "Expected token". */
export const BlankInParens = t('BlankInParens');

export const allTokens: TokenType[] = [
  KwText, KwWordList, KwTask, KwRespawn, KwBare, KwExec, KwScript, KwHook, KwEvent, KwKill, KwReload,
  KwNormal, KwOom, KwLimit, KwApparmor, KwCgroup, KwUnknown,
  On, SubExec, SubScript, Timeout, Signal, LimitSub, Exit, Load, Switch, Score,
  Word, Command, Block, Eol, Eof, LParen, RParen, And, Or, BlankInParens,
];

/** Stanza keyword → token type (exact, case-sensitive: section 2.1). */
export const STANZA_KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ...['description', 'author', 'version', 'usage', 'instance', 'chroot', 'chdir', 'setuid', 'setgid',
    'env', 'umask', 'nice', 'expect', 'console'].map((k): [string, TokenType] => [k, KwText]),
  ['export', KwWordList],
  ['emits', KwWordList],
  ['task', KwTask],
  ['respawn', KwRespawn],
  ['manual', KwBare],
  ['debug', KwBare],
  ['exec', KwExec],
  ['script', KwScript],
  ...['pre-start', 'post-start', 'pre-stop', 'post-stop'].map((k): [string, TokenType] => [k, KwHook]),
  ['start', KwEvent],
  ['stop', KwEvent],
  ['kill', KwKill],
  ['reload', KwReload],
  ['normal', KwNormal],
  ['oom', KwOom],
  ['limit', KwLimit],
  ['apparmor', KwApparmor],
  ['cgroup', KwCgroup],
]);

/** Script-block details carried by a Block token. */
export interface BlockInfo {
  readonly lines: ReadonlyArray<readonly [number, number]>;
  readonly indent: number;
  readonly terminatorStart: number;
  readonly next: number;
  /** Unterminated block only: start of a line that looks like a mistyped `end script`, else -1. */
  readonly near: number;
}

/** A token with the decoded value and any scan error (reported only if the parser consumes it). */
export interface UToken extends IToken {
  /** Inclusive end offset (chevrotain's convention; always set by the lexer). */
  endOffset: number;
  /** Exclusive end offset: spans are built from `startOffset` and this (positions.ts). */
  end: number;
  /** Decoded value: dequoted for WORDs, raw for sub-keywords and COMMANDs. */
  value: string;
  scanError: ScanError;
  /** Offset of the opening quote or trailing backslash when `scanError` is set. */
  scanErrorAt: number;
  /** True when the token's value is empty (upstart: "Expected token"). */
  empty: boolean;
  block?: BlockInfo;
}

/**
 * An error found while building a stanza from its tokens (a value upstart rejects, a scan error
 * of a token it reads, an event-expression error). parse.ts turns it into a diagnostic.
 */
export interface SemanticError {
  readonly messageId: SyntaxMessageId;
  readonly token: UToken;
  /** Span override (defaults to the token's span). */
  readonly start?: number;
  readonly end?: number;
  readonly message: string;
  /** The line upstart logs for this error; null when it logs none (illegal signal). */
  readonly upstartLine: number | null;
}
