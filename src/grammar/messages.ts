/**
 * Every syntax-error message of the parser, and the hint tables behind them, in one place.
 *
 * A message starts with upstart's own error text (grammar document section 2.4) and then says
 * what to change. The parser decides which error applies; this module only words it.
 */
import type { SyntaxMessageId } from './ast.js';
import { LIMIT_RESOURCES } from './values.js';

/** upstart's error identifier for each messageId. */
export const UPSTART_ERRORS: Readonly<Record<SyntaxMessageId, string>> = {
  unknownStanza: 'NIH_CONFIG_UNKNOWN_STANZA',
  expectedToken: 'NIH_CONFIG_EXPECTED_TOKEN',
  unexpectedToken: 'NIH_CONFIG_UNEXPECTED_TOKEN',
  trailingSlash: 'NIH_CONFIG_TRAILING_SLASH',
  unterminatedQuote: 'NIH_CONFIG_UNTERMINATED_QUOTE',
  unterminatedBlock: 'NIH_CONFIG_UNTERMINATED_BLOCK',
  illegalInterval: 'PARSE_ILLEGAL_INTERVAL',
  illegalExit: 'PARSE_ILLEGAL_EXIT',
  illegalSignal: 'PARSE_ILLEGAL_SIGNAL',
  illegalUmask: 'PARSE_ILLEGAL_UMASK',
  illegalNice: 'PARSE_ILLEGAL_NICE',
  illegalOom: 'PARSE_ILLEGAL_OOM',
  illegalLimit: 'PARSE_ILLEGAL_LIMIT',
  expectedEvent: 'PARSE_EXPECTED_EVENT',
  expectedOperator: 'PARSE_EXPECTED_OPERATOR',
  expectedVariable: 'PARSE_EXPECTED_VARIABLE',
  mismatchedParens: 'PARSE_MISMATCHED_PARENS',
  nulByte: 'NUL_BYTE',
};

/** Stanza names that earlier upstart versions knew (section 2.5), and words that start no stanza. */
const HINT_OBSOLETE: Readonly<Record<string, string>> = {
  daemon: '`daemon` is from upstart 0.3; use `expect daemon` (or `expect fork`)',
  service: '`service` is from upstart 0.3; a job without `task` is a service',
  pid: '`pid …` is from upstart 0.3; use `expect fork`/`expect daemon` so upstart tracks the process',
  wait: '`wait for` was renamed `expect` in 2008',
  session: '`session leader` is from upstart 0.5 and no longer exists',
  on: '`on EVENT` is from upstart 0.3; use `start on EVENT`',
  and: 'outside parentheses a `start on` expression ends at the end of its line, so this `and` starts a new stanza; wrap a multi-line expression in parentheses',
  or: 'outside parentheses a `start on` expression ends at the end of its line, so this `or` starts a new stanza; wrap a multi-line expression in parentheses',
};

/** The sub-keywords each stanza takes (for "Unknown stanza" and "Expected token" messages). */
export const SUB_KEYWORDS: Readonly<Record<string, string>> = {
  'pre-start': '`exec COMMAND` or `script`',
  'post-start': '`exec COMMAND` or `script`',
  'pre-stop': '`exec COMMAND` or `script`',
  'post-stop': '`exec COMMAND` or `script`',
  start: '`on`',
  stop: '`on`',
  kill: '`timeout` or `signal`',
  reload: '`signal`',
  respawn: '`limit` (or nothing)',
  normal: '`exit`',
  apparmor: '`load` or `switch`',
};

/** What each stanza needs when its argument is missing. */
const NEEDS: Readonly<Record<string, string>> = {
  description: 'a quoted description',
  author: 'a quoted author',
  version: 'a version string',
  usage: 'a quoted usage text',
  instance: 'an instance name (e.g. `$TTY`)',
  chroot: 'a directory',
  chdir: 'a directory',
  setuid: 'a user name',
  setgid: 'a group name',
  env: 'a `KEY=VALUE` argument',
  umask: 'an octal mask (e.g. `022`)',
  nice: 'a value from -20 to 19',
  expect: '`stop`, `daemon`, `fork` or `none`',
  console: '`log`, `none`, `output` or `owner`',
  export: 'at least one variable name',
  emits: 'at least one event name',
  exec: 'a command',
  kill: '`timeout SECONDS` or `signal SIGNAL`',
  reload: '`signal SIGNAL`',
  normal: '`exit` and at least one exit status or signal',
  oom: '`score N` (or a legacy adjustment)',
  limit: 'a resource, a soft and a hard value (`limit nofile 4096 4096`)',
  apparmor: '`load PROFILE` or `switch NAME`',
  cgroup: 'a controller (and optionally a name, key and value)',
  start: '`on` and an event expression',
  stop: '`on` and an event expression',
  'pre-start': '`exec COMMAND` or `script`',
  'post-start': '`exec COMMAND` or `script`',
  'pre-stop': '`exec COMMAND` or `script`',
  'post-stop': '`exec COMMAND` or `script`',
};

/** A value shown in a message: JSON-quoted, cut at 60 characters. */
export function quoteValue(s: string): string {
  const short = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return JSON.stringify(short);
}

// ---------------------------------------------------------------------------------------------
// Lexical errors

export const UNTERMINATED_QUOTE =
  'Unterminated quoted string: the quote opened here is never closed, so upstart reads to the end of the file and rejects it; close the quote';
export const TRAILING_SLASH =
  'Trailing slash in file: the file ends with a backslash that escapes nothing; remove it or end the file with a newline after it';

export function emptyArgument(what: string): string {
  return `Expected token: ${what} cannot be an empty string`;
}

export function nulByte(count: number): string {
  return `NUL byte: the file contains ${count} NUL byte${count === 1 ? '' : 's'} (first here); upstart's reader stops or misreads at NUL, so a job file must be plain text`;
}

export function internalError(error: unknown): string {
  return `upstart-lint internal parser error (${error instanceof Error ? error.message : String(error)}); please report this bug`;
}

// ---------------------------------------------------------------------------------------------
// Stanza values

export const valueMessages = {
  umask: (v: string) => `Illegal file creation mask, expected octal integer: \`umask ${v}\` is not an octal number from 0 to 0777`,
  nice: (v: string) => `Illegal nice value, expected -20 to 19: \`nice ${v}\` is not a decimal number in that range`,
  expect: (v: string) => `Unknown stanza: \`expect\` takes \`stop\`, \`daemon\`, \`fork\` or \`none\` (lowercase), not "${v}"`,
  console: (v: string) =>
    `Unknown stanza: \`console\` takes \`log\`, \`none\`, \`output\` or \`owner\`, not "${v}"${v === 'logged' ? ' (`console logged` is from upstart 0.5; use `console log`)' : ''}`,
  respawnCount: (v: string) => `Illegal limit, expected 'unlimited' or integer: respawn count "${v}" is not a non-negative decimal number`,
  respawnInterval: (v: string) => `Illegal interval, expected number of seconds: "${v}" is not a non-negative decimal number`,
  respawnIncomplete: 'Expected token: `respawn limit` needs a COUNT and an INTERVAL in seconds (or `unlimited`)',
  killTimeout: (v: string) => `Illegal interval, expected number of seconds: \`kill timeout ${v}\` is not a non-negative decimal number (no units)`,
  signal: (v: string) =>
    `Illegal signal status, expected integer: "${v}" is neither a signal name (uppercase, e.g. \`TERM\` or \`SIGTERM\`) nor a number (upstart logs this one without a line number)`,
  exitStatus: (v: string) => `Illegal exit status, expected integer: "${v}" is neither a decimal exit status nor a signal name (uppercase, e.g. \`TERM\`)`,
  oomScore: (v: string) => `Illegal oom score adjustment, expected -999 to 1000 or 'never': "${v}" is out of range (upstart also accepts -1000)`,
  oomLegacy: (v: string) =>
    `Illegal oom adjustment, expected -16 to 15 or 'never': "${v}" is out of range for the legacy \`oom\` form; use \`oom score\` (-1000 to 1000)`,
  limitResource: (v: string) => `Unknown stanza: "${v}" is not a \`limit\` resource; use one of ${LIMIT_RESOURCES.join(', ')} (lowercase)`,
  limitValue: (v: string) => `Illegal limit, expected 'unlimited' or integer: "${v}" is not a decimal number (no unit suffixes)`,
} as const;

// ---------------------------------------------------------------------------------------------
// Script blocks

/** `near`: the text and line of a line that looks like a mistyped `end script`, if any. */
export function unterminatedBlock(near: { readonly line: number; readonly text: string } | null): string {
  const base = 'Unterminated block: no `end script` line closes this script, so upstart reads to the end of the file and rejects it';
  if (near === null) return `${base}; add an \`end script\` line`;
  return `${base}; line ${near.line} ("${near.text}") does not count: the terminator is exactly \`end script\`, lowercase, with whitespace between the words`;
}

export function scriptTrailing(image: string): string {
  return `Unexpected token ${quoteValue(image)}: only a comment may follow \`script\` on its line; the body starts on the next line`;
}

// ---------------------------------------------------------------------------------------------
// Event expressions (`start on`, `stop on`)

export const eventMessages = {
  expectedVariable: (v: string) =>
    `Expected variable name before value: positional argument "${v}" follows a KEY=VALUE argument; put positional arguments first or write it as KEY=${v}`,
  strayCloseParen: 'Mismatched parentheses: this `)` closes no `(`; remove it or add the missing `(`',
  unclosedParen: (keyword: string) =>
    `Mismatched parentheses: this \`(\` is never closed, so upstart reads the rest of the file as part of \`${keyword} on\` and rejects it; add the missing \`)\``,
  blankInParens: (keyword: string) =>
    `Expected token: a blank or comment-only line inside the parentheses of \`${keyword} on\` is an error for upstart; remove the line, or move the comment to the end of the previous line`,
  noExpression: (keyword: string) => `Expected token: \`${keyword} on\` needs an event expression`,
  trailingOperator: (op: string, keyword: string) =>
    `Expected event: \`${op}\` at the end of the line has no right-hand side; outside parentheses the expression ends with the line, so wrap a multi-line \`${keyword} on\` in parentheses`,
  operatorAtEof: (op: string) =>
    `Expected event: \`${op}\` has no right-hand side before the end of the file; add the missing event and close the parentheses`,
  /** `what`: the token no event name follows, already worded (e.g. "`(`"). */
  eventAfter: (what: string) => `Expected event: no event name follows ${what} before the end of the expression`,
  /** `what`: the token an event name must precede, already worded (e.g. "`or`", "empty parentheses `()`"). */
  eventBefore: (what: string) => `Expected event: an event name must come before ${what}`,
  groupAfterName: (name: string) =>
    `Expected operator: \`${name}(\` is an event followed by a group; \`(\` inside an event name needs quoting, and groups need \`and\`/\`or\` before them`,
  /** `what`: "a parenthesised group" or the quoted operand. */
  operatorBefore: (what: string) => `Expected operator: \`and\` or \`or\` must separate ${what} from what comes before it`,
} as const;

// ---------------------------------------------------------------------------------------------
// Stanza structure

export function expectedToken(keyword: string, afterKeywordOnly: boolean): string {
  const subs = SUB_KEYWORDS[keyword];
  const needs = subs !== undefined && afterKeywordOnly ? `needs ${subs}` : `needs ${NEEDS[keyword] ?? 'an argument'}`;
  return `Expected token: \`${keyword}\` ${needs}`;
}

export function unknownSubKeyword(keyword: string, image: string): string {
  const quoted = /^["']/.test(image) ? '; sub-keywords cannot be quoted' : '';
  return `Unknown stanza: \`${keyword}\` must be followed by ${SUB_KEYWORDS[keyword] ?? 'a sub-keyword'}, not ${quoteValue(image)}${quoted}`;
}

/** What the extra token's stanza takes, for "Unexpected token". */
export type ExtraTokenHint =
  | { readonly kind: 'respawnUnlimited' }
  | { readonly kind: 'oneQuoted'; readonly keyword: string }
  | { readonly kind: 'envJoin'; readonly name: string; readonly value: string }
  | { readonly kind: 'envQuote'; readonly quoted: string }
  | { readonly kind: 'envExpands'; readonly name: string }
  | { readonly kind: 'instance' }
  | { readonly kind: 'noMore'; readonly keyword: string };

export function unexpectedToken(shown: string, hint: ExtraTokenHint): string {
  let text: string;
  switch (hint.kind) {
    case 'respawnUnlimited':
      text = '; `respawn limit unlimited` takes no COUNT or INTERVAL';
      break;
    case 'oneQuoted':
      text = `; \`${hint.keyword}\` takes one argument, so quote a value with spaces`;
      break;
    case 'envJoin':
      text = `; \`env\` takes one \`KEY=VALUE\` argument: write \`env ${hint.name}=${hint.value}\``;
      break;
    case 'envQuote':
      text = `; \`env\` takes one \`KEY=VALUE\` argument, so quote a value with spaces: \`env ${hint.quoted}\``;
      break;
    case 'envExpands':
      text = `; \`env\` takes one \`KEY=VALUE\` argument and upstart never runs or expands what is in it, so quoting would only store this text literally: compute the value in the script instead (\`export ${hint.name}=…\`)`;
      break;
    case 'instance':
      text = '; `instance` takes one argument: join variables into one word (`instance $TTY-$BAUD`)';
      break;
    default:
      text = `; \`${hint.keyword}\` takes no more arguments here`;
  }
  return `Unexpected token ${quoteValue(shown)}${text}`;
}

/** What surrounds an unknown stanza keyword, for the hint. */
export interface UnknownKeywordContext {
  /** True when the keyword, lowercased, is a stanza keyword. */
  readonly caseOnly: boolean;
  /** True when the previous line ends with a backslash and a CR. */
  readonly afterCrContinuation: boolean;
}

export function unknownKeyword(name: string, context: UnknownKeywordContext): string {
  let hint = '';
  if (name.charCodeAt(0) === 0xfeff) {
    hint = 'the file starts with a UTF-8 byte-order mark, which upstart reads as part of the first keyword; save the file without a BOM';
  } else if (name.startsWith(' ') || name.startsWith('\t')) {
    hint = 'a line holding only a backslash joins this line to the previous one, so the keyword starts with a space';
  } else if (/^(<%|\{\{|\{%|\$\{|@@)/.test(name) || /<%|%>|\{\{|\}\}/.test(name)) {
    hint = 'this looks like template markup; lint the rendered file instead';
  } else if (context.caseOnly) {
    hint = `keywords are case-sensitive: write \`${name.toLowerCase()}\``;
  } else if (Object.prototype.hasOwnProperty.call(HINT_OBSOLETE, name)) {
    hint = HINT_OBSOLETE[name] as string;
  } else if (/^["']/.test(name)) {
    hint = 'stanza keywords cannot be quoted';
  } else if (context.afterCrContinuation) {
    hint = 'the previous line ends with a backslash before a CR: with CRLF line endings the continuation does not work; convert the file to LF';
  }
  return `Unknown stanza ${quoteValue(name)}: upstart does not know this keyword and refuses the whole file${hint ? `; ${hint}` : ''}`;
}
