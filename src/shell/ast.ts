/**
 * Syntax tree of a POSIX shell script as dash (Debian's and Ubuntu's `/bin/sh`) reads it.
 *
 * Every node and word part carries `start`/`end`: half-open UTF-16 offsets into the text that
 * was parsed. Nothing here knows about upstart; the job model maps these offsets back into the
 * job file. Lists are flat arrays (no left-nested binary trees), so that walking a script of any
 * length needs no recursion.
 */

export interface ShellNodeBase {
  readonly start: number;
  readonly end: number;
}

/** A whole script: the top-level commands, in order. */
export interface Script extends ShellNodeBase {
  readonly type: 'Script';
  readonly body: CommandList;
}

/** A sequence of and-or lists separated by `;`, `&` or newlines. */
export interface CommandList extends ShellNodeBase {
  readonly type: 'CommandList';
  readonly items: readonly ListItem[];
}

export interface ListItem extends ShellNodeBase {
  readonly type: 'ListItem';
  readonly andOr: AndOrList;
  /** The operator that ended the item (`;`, `&`, or a newline), null at the end of the list. */
  readonly separator: Separator | null;
}

export interface Separator extends ShellNodeBase {
  readonly type: 'Separator';
  readonly op: ';' | '&' | '\n';
}

/** `a && b || c`: pipelines joined left to right. `operators[i]` joins pipelines i and i+1. */
export interface AndOrList extends ShellNodeBase {
  readonly type: 'AndOrList';
  readonly pipelines: readonly Pipeline[];
  readonly operators: readonly Operator[];
}

export interface Operator extends ShellNodeBase {
  readonly type: 'Operator';
  readonly op: '&&' | '||';
}

export interface Pipeline extends ShellNodeBase {
  readonly type: 'Pipeline';
  /** Offsets of a leading `!`, or null. */
  readonly bang: ShellNodeBase | null;
  readonly commands: readonly Command[];
}

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | IfClause
  | LoopClause
  | ForClause
  | CaseClause
  | FunctionDefinition;

export type CompoundCommand = Subshell | BraceGroup | IfClause | LoopClause | ForClause | CaseClause;

export interface SimpleCommand extends ShellNodeBase {
  readonly type: 'SimpleCommand';
  /** `NAME=value` words before the command name. */
  readonly assignments: readonly Assignment[];
  /** The command name and its arguments, in order. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

export interface Assignment extends ShellNodeBase {
  readonly type: 'Assignment';
  readonly name: string;
  /** The value after `=` (a word with no parts when empty); `start` is just after the `=`. */
  readonly value: Word;
  /** The whole `NAME=value` word. */
  readonly word: Word;
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-';

export interface Redirect extends ShellNodeBase {
  readonly type: 'Redirect';
  readonly op: RedirectOp;
  /** The explicit descriptor (`2>`), or null for the operator's default. */
  readonly fd: number | null;
  /** File name, `&N` target, or here-document delimiter as written. Null after a syntax error. */
  readonly target: Word | null;
  /** For `<<` and `<<-`: the document, filled in when its body has been read. */
  readonly heredoc: HereDocument | null;
}

export interface HereDocument extends ShellNodeBase {
  readonly type: 'HereDocument';
  /** The delimiter with quotes removed. */
  readonly delimiter: string;
  /** True when any part of the delimiter was quoted: the body is then taken literally. */
  readonly quoted: boolean;
  readonly stripTabs: boolean;
  /** The body (`start`/`end` of this node), as a word: expansions are parts when unquoted. */
  readonly body: Word;
  /** The delimiter line that ended the document, or null when the text ended first. */
  readonly terminator: ShellNodeBase | null;
}

interface CompoundBase extends ShellNodeBase {
  readonly redirects: readonly Redirect[];
}

export interface Subshell extends CompoundBase {
  readonly type: 'Subshell';
  readonly body: CommandList;
}

export interface BraceGroup extends CompoundBase {
  readonly type: 'BraceGroup';
  readonly body: CommandList;
}

export interface IfBranch extends ShellNodeBase {
  readonly type: 'IfBranch';
  readonly condition: CommandList;
  readonly body: CommandList;
}

export interface IfClause extends CompoundBase {
  readonly type: 'IfClause';
  /** The `if` branch, then each `elif`. */
  readonly branches: readonly IfBranch[];
  readonly elseBody: CommandList | null;
}

/** `while` and `until` loops. */
export interface LoopClause extends CompoundBase {
  readonly type: 'LoopClause';
  readonly kind: 'while' | 'until';
  readonly condition: CommandList;
  readonly body: CommandList;
}

export interface ForClause extends CompoundBase {
  readonly type: 'ForClause';
  readonly name: string;
  readonly nameWord: Word;
  /** The words after `in`, or null when there is no `in` (loops over `"$@"`). */
  readonly words: readonly Word[] | null;
  readonly body: CommandList;
}

export interface CaseItem extends ShellNodeBase {
  readonly type: 'CaseItem';
  readonly patterns: readonly Word[];
  readonly body: CommandList;
  /** The `;;`, or null for the last item when `esac` follows directly. */
  readonly terminator: ShellNodeBase | null;
}

export interface CaseClause extends CompoundBase {
  readonly type: 'CaseClause';
  readonly word: Word;
  readonly items: readonly CaseItem[];
}

export interface FunctionDefinition extends ShellNodeBase {
  readonly type: 'FunctionDefinition';
  readonly name: string;
  readonly nameWord: Word;
  readonly body: Command;
}

/** A word: what the shell splits into fields after expansion. */
export interface Word extends ShellNodeBase {
  readonly type: 'Word';
  readonly parts: readonly WordPart[];
}

export type WordPart =
  | Literal
  | Escaped
  | SingleQuoted
  | DoubleQuoted
  | ParameterExpansion
  | CommandSubstitution
  | ArithmeticExpansion;

/** Unquoted text (line continuations removed). */
export interface Literal extends ShellNodeBase {
  readonly type: 'Literal';
  readonly value: string;
}

/** A backslash and the character it quotes; `value` is that character. */
export interface Escaped extends ShellNodeBase {
  readonly type: 'Escaped';
  readonly value: string;
}

export interface SingleQuoted extends ShellNodeBase {
  readonly type: 'SingleQuoted';
  readonly value: string;
}

export interface DoubleQuoted extends ShellNodeBase {
  readonly type: 'DoubleQuoted';
  readonly parts: readonly WordPart[];
}

/**
 * `$name`, `$1`, `$?`, `${name}`, `${name:-word}`, `${#name}`, …
 * `op` is the operator as written (`-`, `:-`, `=`, `:=`, `?`, `:?`, `+`, `:+`, `#`, `##`, `%`,
 * `%%`), or the characters dash consumed in its place when the form is not POSIX (`bad`).
 */
export interface ParameterExpansion extends ShellNodeBase {
  readonly type: 'ParameterExpansion';
  readonly name: string;
  readonly braced: boolean;
  /** `${#name}`. */
  readonly length: boolean;
  readonly op: string | null;
  /** The word after the operator (inside the braces), or null. */
  readonly argument: Word | null;
  /**
   * True when dash parses the form but fails on it when the line runs ("Bad substitution"):
   * `${v//a/b}`, `${v:0:1}`, `${!v}`, `${v^^}`, `${}`.
   */
  readonly bad: boolean;
}

export interface CommandSubstitution extends ShellNodeBase {
  readonly type: 'CommandSubstitution';
  readonly body: CommandList;
  /** `` `…` `` rather than `$(…)`. */
  readonly backquoted: boolean;
}

export interface ArithmeticExpansion extends ShellNodeBase {
  readonly type: 'ArithmeticExpansion';
  /** The expression between `$((` and `))`, with its own expansions as parts. */
  readonly expression: Word;
}

export interface Comment extends ShellNodeBase {
  readonly type: 'Comment';
  /** The comment text after `#`. */
  readonly text: string;
}

export type ShellNode =
  | Script
  | CommandList
  | ListItem
  | Separator
  | AndOrList
  | Operator
  | Pipeline
  | Command
  | Assignment
  | Redirect
  | HereDocument
  | IfBranch
  | CaseItem
  | Word
  | WordPart
  | Comment;

/** What dash would say, and where. */
export interface ShellSyntaxError extends ShellNodeBase {
  /**
   * `unexpected` ("X unexpected", optionally "expecting Y"), `unterminatedQuote`,
   * `missingBrace` (`${` not closed), `missingArithmetic` (`$((` not closed),
   * `unterminatedBackquote`, `badFunctionName`, `badForVariable`.
   */
  readonly code:
    | 'unexpected'
    | 'unterminatedQuote'
    | 'missingBrace'
    | 'missingArithmetic'
    | 'unterminatedBackquote'
    | 'badFunctionName'
    | 'badForVariable'
    | 'internal';
  /** dash's own text after "Syntax error: ". */
  readonly dashMessage: string;
  /** The token dash did not expect (`"fi"`, `end of file`, `word`, …) for `unexpected`. */
  readonly found: string | null;
  /** What dash expected instead (`"then"`, `")"`), or null. */
  readonly expected: string | null;
  /** The line dash reports for this error (1-based, in the parsed text's own numbering). */
  readonly dashLine: number;
  /**
   * True for an error inside a backquoted command: dash counts its lines from the start of
   * that command's text, so `dashLine` is relative to it.
   */
  readonly inBackquote: boolean;
  /** For errors found at the end of the text: the construct that was left open. */
  readonly open: OpenConstruct | null;
  /**
   * When the error is a bash or ksh construct dash does not have: which one
   * (`function-keyword`, `array-assignment`, `here-string`, `arithmetic-command`, …).
   */
  readonly bashism: string | null;
}

export interface OpenConstruct extends ShellNodeBase {
  /** `if`, `while`, `until`, `for`, `case`, `{`, `(`, `$(`, `` ` ``, `"`, `'`, `${`, `$((`. */
  readonly kind: string;
}

export interface ShellParseResult {
  readonly script: Script;
  readonly comments: readonly Comment[];
  /** Syntax errors in the order dash would meet them; dash stops at the first. */
  readonly errors: readonly ShellSyntaxError[];
  /** What callers derived from this tree, each computed once (`derivedFrom` in query.ts). */
  readonly derived: DerivedValues;
}

/**
 * Values computed from one object and kept on it, by key (a symbol per kind of value). They live
 * on the object itself rather than in a module-level WeakMap: on Node 20, entries of a long-lived
 * WeakMap keep their young keys and values alive through every young-generation collection until
 * the next full one, so each tree (and what was derived from it) went to the old generation
 * (docs/design.md, "Memory of a bulk run").
 */
export type DerivedValues = Map<symbol, unknown>;
