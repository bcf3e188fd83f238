/**
 * AST of an upstart job file.
 *
 * Every node carries a half-open `span` (1-based line/column in UTF-16 code units, 0-based
 * offsets). Values are stored exactly as upstart 1.13 stores them (see
 * ../shared/docs/upstart-grammar.md): WORD arguments dequoted, COMMANDs raw, script bodies both raw
 * and indentation-stripped.
 */

/** 1-based line and column (UTF-16 code units); 0-based offset into the text. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Half-open: `end` is the first position after the spanned text. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** One argument token as upstart's WORD or KEYWORD reader sees it. */
export interface Word {
  readonly type: 'Word';
  /** The exact source text of the token (quotes, backslashes and continuations included). */
  readonly raw: string;
  /** The value upstart stores: dequoted for WORD arguments, raw text for sub-keywords. */
  readonly value: string;
  readonly span: Span;
}

/** The rest of a logical line, as `exec` and `pre-start exec …` store it. */
export interface Command {
  readonly type: 'Command';
  /** Source text from the first non-blank byte to the end of the command (continuations included). */
  readonly raw: string;
  /** What upstart stores: quotes and backslashes kept, continuations collapsed to one space. */
  readonly value: string;
  readonly span: Span;
}

export interface ScriptLine {
  /** The line as written, without its line terminator. */
  readonly raw: string;
  /** The line after upstart removed the block's common indentation. */
  readonly text: string;
  readonly span: Span;
}

export interface ScriptBody {
  readonly type: 'ScriptBody';
  /** Body exactly as in the file (every line with its newline). */
  readonly raw: string;
  /** Body as upstart stores and runs it: common indentation removed, newlines kept. */
  readonly text: string;
  /** The indentation upstart removed from every line ('' when none). */
  readonly indent: string;
  readonly lines: readonly ScriptLine[];
  /** Span of the body lines (empty span at the terminator when the body is empty). */
  readonly span: Span;
  /** Span of the `end script` line, or null when the block is unterminated. */
  readonly terminator: Span | null;
}

export interface Comment {
  readonly type: 'Comment';
  /** Text after the `#`, without the line terminator. */
  readonly text: string;
  readonly span: Span;
  /** True when the comment is the only thing on its line. */
  readonly ownLine: boolean;
  /**
   * True for a `#` line inside a `script` block: a shell comment, not an upstart one. Collected so
   * that suppression directives can sit next to the script line they are about.
   */
  readonly inScript: boolean;
}

// ---------------------------------------------------------------------------------------------
// Event expressions (`start on`, `stop on`)

export interface EventArg {
  readonly type: 'EventArg';
  readonly word: Word;
  /** Variable name for `KEY=VALUE` / `KEY!=VALUE`; null for a positional argument. */
  readonly name: string | null;
  readonly operator: '=' | '!=' | null;
  /** Match value (a glob), dequoted; for positional arguments the whole word. */
  readonly value: string;
  readonly span: Span;
}

export interface EventMatch {
  readonly type: 'EventMatch';
  readonly event: Word;
  readonly args: readonly EventArg[];
  readonly span: Span;
}

export interface AndExpression {
  readonly type: 'AndExpression';
  readonly left: EventExpression;
  readonly right: EventExpression;
  /** Span of the `and` token. */
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface OrExpression {
  readonly type: 'OrExpression';
  readonly left: EventExpression;
  readonly right: EventExpression;
  /** Span of the `or` token. */
  readonly operatorSpan: Span;
  readonly span: Span;
}

/** A parenthesised sub-expression, kept so that rules can see where the user wrote parentheses. */
export interface GroupExpression {
  readonly type: 'GroupExpression';
  readonly expression: EventExpression;
  readonly span: Span;
}

export type EventExpression = EventMatch | AndExpression | OrExpression | GroupExpression;

// ---------------------------------------------------------------------------------------------
// Stanzas

export type ProcessPhase = 'main' | 'pre-start' | 'post-start' | 'pre-stop' | 'post-stop';

interface StanzaBase {
  /** The keyword as written in init(5): 'exec', 'pre-start', 'kill timeout', 'respawn limit', … */
  readonly keyword: string;
  /** Span of the whole stanza, from the keyword to the end of its last argument (or block). */
  readonly span: Span;
  /** Span of the stanza keyword token. */
  readonly head: Span;
}

export interface ExecStanza extends StanzaBase {
  readonly type: 'ExecStanza';
  readonly phase: ProcessPhase;
  readonly command: Command;
}

export interface ScriptStanza extends StanzaBase {
  readonly type: 'ScriptStanza';
  readonly phase: ProcessPhase;
  readonly body: ScriptBody;
}

export interface StartOnStanza extends StanzaBase {
  readonly type: 'StartOnStanza';
  readonly expression: EventExpression;
}

export interface StopOnStanza extends StanzaBase {
  readonly type: 'StopOnStanza';
  readonly expression: EventExpression;
}

export interface EnvStanza extends StanzaBase {
  readonly type: 'EnvStanza';
  readonly arg: Word;
  /** Text before the first `=` (the whole value when there is no `=`). */
  readonly name: string;
  /** Text after the first `=`, or null for `env KEY` (copied from init's environment). */
  readonly value: string | null;
}

export interface ExportStanza extends StanzaBase {
  readonly type: 'ExportStanza';
  readonly names: readonly Word[];
}

export interface EmitsStanza extends StanzaBase {
  readonly type: 'EmitsStanza';
  readonly events: readonly Word[];
}

/** Stanzas whose single WORD argument is free text or a name. */
export type TextKeyword =
  | 'description'
  | 'author'
  | 'version'
  | 'usage'
  | 'instance'
  | 'chroot'
  | 'chdir'
  | 'setuid'
  | 'setgid'
  | 'apparmor load'
  | 'apparmor switch';

export interface TextStanza extends StanzaBase {
  readonly type: 'TextStanza';
  readonly keyword: TextKeyword;
  readonly arg: Word;
  readonly value: string;
}

export interface ExpectStanza extends StanzaBase {
  readonly type: 'ExpectStanza';
  readonly mode: 'stop' | 'daemon' | 'fork' | 'none';
  readonly arg: Word;
}

export interface ConsoleStanza extends StanzaBase {
  readonly type: 'ConsoleStanza';
  readonly mode: 'none' | 'output' | 'owner' | 'log';
  readonly arg: Word;
}

/** `task`, `respawn`, `manual`, `debug`: no arguments. */
export interface FlagStanza extends StanzaBase {
  readonly type: 'FlagStanza';
  readonly keyword: 'task' | 'respawn' | 'manual' | 'debug';
}

export interface KillTimeoutStanza extends StanzaBase {
  readonly type: 'KillTimeoutStanza';
  readonly seconds: number;
  readonly arg: Word;
}

export interface SignalValue {
  /** The signal number (as upstart stores it; numbers are not checked against real signals). */
  readonly number: number;
  /** Canonical name without `SIG` when given by name, otherwise null. */
  readonly name: string | null;
}

export interface SignalStanza extends StanzaBase {
  readonly type: 'SignalStanza';
  readonly keyword: 'kill signal' | 'reload signal';
  readonly signal: SignalValue;
  readonly arg: Word;
}

export interface RespawnLimitStanza extends StanzaBase {
  readonly type: 'RespawnLimitStanza';
  /** True for `respawn limit unlimited`, or when COUNT or INTERVAL is 0. */
  readonly unlimited: boolean;
  readonly count: number;
  readonly interval: number;
  readonly args: readonly Word[];
}

export interface NormalExitValue {
  readonly arg: Word;
  readonly kind: 'status' | 'signal';
  /** Exit status, or signal number for `kind: 'signal'`. */
  readonly value: number;
  readonly signalName: string | null;
}

export interface NormalExitStanza extends StanzaBase {
  readonly type: 'NormalExitStanza';
  readonly values: readonly NormalExitValue[];
}

export interface UmaskStanza extends StanzaBase {
  readonly type: 'UmaskStanza';
  readonly value: number;
  readonly arg: Word;
}

export interface NiceStanza extends StanzaBase {
  readonly type: 'NiceStanza';
  readonly value: number;
  readonly arg: Word;
}

export interface OomStanza extends StanzaBase {
  readonly type: 'OomStanza';
  /** 'oom score' (1.3+) or 'oom' (legacy -17…15 adjustment). */
  readonly keyword: 'oom' | 'oom score';
  /** The score upstart stores (-1000…1000), after scaling the legacy form. */
  readonly score: number;
  /** The number as written (legacy adjustment or score); -1000 / -17 for `never`. */
  readonly written: number;
  readonly never: boolean;
  readonly arg: Word;
}

export type LimitResource =
  | 'as' | 'core' | 'cpu' | 'data' | 'fsize' | 'memlock' | 'msgqueue'
  | 'nice' | 'nofile' | 'nproc' | 'rss' | 'rtprio' | 'sigpending' | 'stack';

export interface LimitStanza extends StanzaBase {
  readonly type: 'LimitStanza';
  readonly resource: LimitResource;
  /** 'unlimited' or the value as an unsigned 64-bit integer. */
  readonly soft: bigint | 'unlimited';
  readonly hard: bigint | 'unlimited';
  readonly args: readonly [Word, Word, Word];
}

export interface CgroupStanza extends StanzaBase {
  readonly type: 'CgroupStanza';
  readonly controller: Word;
  readonly name: Word | null;
  readonly key: Word | null;
  readonly value: Word | null;
  readonly args: readonly Word[];
}

/**
 * A stanza upstart rejects. Produced for recovery: the file still yields the stanzas around it,
 * and the syntax diagnostic explains why this one is not a stanza.
 */
export interface InvalidStanza extends StanzaBase {
  readonly type: 'InvalidStanza';
  /** The keyword token as written (raw). */
  readonly keyword: string;
  /** Arguments read before the error (for reference only). */
  readonly args: readonly Word[];
  /** The messageId of the syntax diagnostic that rejected it. */
  readonly error: string;
}

export type Stanza =
  | ExecStanza
  | ScriptStanza
  | StartOnStanza
  | StopOnStanza
  | EnvStanza
  | ExportStanza
  | EmitsStanza
  | TextStanza
  | ExpectStanza
  | ConsoleStanza
  | FlagStanza
  | KillTimeoutStanza
  | SignalStanza
  | RespawnLimitStanza
  | NormalExitStanza
  | UmaskStanza
  | NiceStanza
  | OomStanza
  | LimitStanza
  | CgroupStanza
  | InvalidStanza;

export type ProcessStanza = ExecStanza | ScriptStanza;

export interface JobFile {
  readonly type: 'JobFile';
  /** Every stanza in source order, duplicates included. */
  readonly stanzas: readonly Stanza[];
  /** Every `#` comment outside script bodies, in source order. */
  readonly comments: readonly Comment[];
  readonly span: Span;
  /** True when the text starts with a UTF-8 byte-order mark (U+FEFF). */
  readonly bom: boolean;
  /** Line terminator style seen in the file. */
  readonly lineEndings: 'lf' | 'crlf' | 'mixed' | 'none';
}

/** Syntax diagnostic: a condition that makes upstart refuse the whole file. */
export type SyntaxMessageId =
  | 'unknownStanza'
  | 'expectedToken'
  | 'unexpectedToken'
  | 'trailingSlash'
  | 'unterminatedQuote'
  | 'unterminatedBlock'
  | 'illegalInterval'
  | 'illegalExit'
  | 'illegalSignal'
  | 'illegalUmask'
  | 'illegalNice'
  | 'illegalOom'
  | 'illegalLimit'
  | 'expectedEvent'
  | 'expectedOperator'
  | 'expectedVariable'
  | 'mismatchedParens'
  | 'nulByte';

export interface SyntaxDiagnostic {
  readonly ruleId: 'syntax';
  readonly messageId: SyntaxMessageId;
  readonly severity: 'error';
  readonly fatal: true;
  readonly message: string;
  readonly span: Span;
  /**
   * The line upstart itself logs for this error (section 1.9 of the grammar document), which can
   * differ from `span` (upstart reports unterminated quotes at the end of the file, for example).
   * It is the line upstart would log if this were the first error in the file (upstart stops at
   * the first). Null when upstart logs no line number at all (illegal signal).
   */
  readonly upstartLine: number | null;
  /** upstart's own error identifier, e.g. NIH_CONFIG_UNKNOWN_STANZA. */
  readonly upstartError: string;
}

export interface ParseResult {
  readonly ast: JobFile;
  readonly diagnostics: readonly SyntaxDiagnostic[];
  /**
   * Set when an unclosed `(` swallowed lines that the parser then read again as stanzas: the offset
   * of the error after which the file is a reconstruction (upstart read it as the event expression),
   * whatever error upstart found in the expression first. Unterminated quotes and `script` blocks
   * are told by their diagnostics' messageId.
   */
  readonly recoveredFrom?: number;
}
