/**
 * parse(text) → { ast, diagnostics }: upstart's top-level loop (grammar document section 1.2), one
 * stanza at a time through the lexer and the chevrotain parser, with recovery at the next stanza.
 * Never throws.
 */
import type { IRecognitionException, TokenType } from 'chevrotain';
import type { Comment, InvalidStanza, JobFile, ParseResult, Span, Stanza, SyntaxDiagnostic, SyntaxMessageId, Word } from './ast.js';
import { lexStanza } from './lexer.js';
import { StanzaParser, type SemanticError } from './parser.js';
import { LineIndex } from './positions.js';
import { HASH, NL, ScanError, lineEndFrom, skipWS } from './scanner.js';
import * as T from './tokens.js';
import type { UToken } from './tokens.js';

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

/** At most this many syntax diagnostics per file (a binary file would otherwise yield one per line). */
export const MAX_SYNTAX_DIAGNOSTICS = 1000;

let shared: StanzaParser | null = null;
let skipGrammarValidation = false;

/**
 * Skips chevrotain's grammar self-validation when the parser is first built (the shipped bundle
 * does this; the test suite builds it with validation on).
 */
export function setSkipGrammarValidation(skip: boolean): void {
  skipGrammarValidation = skip;
}

/** The single parser instance (chevrotain's self-analysis runs once per process). */
export function getParser(): StanzaParser {
  shared ??= new StanzaParser(skipGrammarValidation);
  return shared;
}

export function parse(text: string): ParseResult {
  return parseSource(text).result;
}

/** parse(), plus the line index it built (the engine reuses it instead of building another). */
export function parseSource(text: string): { readonly result: ParseResult; readonly lines: LineIndex } {
  const input = typeof text === 'string' ? text : String(text);
  const lines = new LineIndex(input);
  try {
    return { result: new FileParser(input, lines).run(), lines };
  } catch (error) {
    // Unreachable by design (the property tests throw random input at the parser); kept so that a
    // bug becomes a diagnostic instead of a crash of the caller.
    return { result: internalErrorResult(input, lines, error), lines };
  }
}

function internalErrorResult(input: string, lines: LineIndex, error: unknown): ParseResult {
  const span = lines.span(0, 0);
  return {
    ast: { type: 'JobFile', stanzas: [], comments: [], span: lines.span(0, input.length), bom: false, lineEndings: 'none' },
    diagnostics: [
      {
        ruleId: 'syntax',
        messageId: 'unexpectedToken',
        severity: 'error',
        fatal: true,
        message: `upstart-lint internal parser error (${error instanceof Error ? error.message : String(error)}); please report this bug`,
        span,
        upstartLine: null,
        upstartError: 'INTERNAL',
      },
    ],
  };
}

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

const SUB_KEYWORDS: ReadonlyMap<TokenType, string> = new Map([
  [T.KwHook, '`exec COMMAND` or `script`'],
  [T.KwEvent, '`on`'],
  [T.KwKill, '`timeout` or `signal`'],
  [T.KwReload, '`signal`'],
  [T.KwRespawn, '`limit` (or nothing)'],
  [T.KwNormal, '`exit`'],
  [T.KwApparmor, '`load` or `switch`'],
]);

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

function quoteValue(s: string): string {
  const short = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  return JSON.stringify(short);
}

/** The variable an `env` stanza sets (`env A=b c` → `A`). */
function envName(tokens: readonly UToken[]): string {
  const first = tokens.slice(1).find((t) => t.tokenType === T.Word)?.value ?? 'KEY';
  const eq = first.indexOf('=');
  return eq === -1 ? first : first.slice(0, eq);
}

/**
 * True when an `env` value written over several words holds shell expansions (`$X`, `` `cmd` ``,
 * `$(cmd)`): upstart stores env values literally, so the quoted form would only lead into
 * no-variable-in-env.
 */
function envExpands(tokens: readonly UToken[]): boolean {
  return tokens.slice(1).some((t) => t.tokenType === T.Word && /[`$]/.test(t.value));
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

class FileParser {
  private readonly lines: LineIndex;
  private readonly stanzas: Stanza[] = [];
  private readonly comments: Comment[] = [];
  private readonly diagnostics: SyntaxDiagnostic[] = [];
  private readonly parser = getParser();
  private readonly lastLine: number;

  constructor(
    private readonly text: string,
    lines: LineIndex,
  ) {
    this.lines = lines;
    this.lastLine = this.lines.lineCount;
  }

  run(): ParseResult {
    const text = this.text;
    const n = text.length;
    this.checkNul();
    let pos = 0;
    for (;;) {
      pos = skipWS(text, pos);
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === HASH) {
        const end = lineEndFrom(text, pos);
        this.addComment(pos, end, false);
        pos = end + 1;
        continue;
      }
      if (c === NL) {
        pos++;
        continue;
      }
      pos = this.stanza(pos);
    }
    this.diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
    this.comments.sort((a, b) => a.span.start.offset - b.span.start.offset);
    const crlf = (text.match(/\r\n/g) ?? []).length;
    const lf = this.lastLine - 1;
    const ast: JobFile = {
      type: 'JobFile',
      stanzas: this.stanzas,
      comments: this.comments,
      span: this.lines.span(0, n),
      bom: text.charCodeAt(0) === 0xfeff,
      lineEndings: lf === 0 ? 'none' : crlf === 0 ? 'lf' : crlf === lf ? 'crlf' : 'mixed',
    };
    return { ast, diagnostics: this.diagnostics };
  }

  /** Parses the stanza at `pos`; returns where the top-level loop continues. */
  private stanza(pos: number): number {
    const lx = lexStanza(this.text, pos);
    for (const [a, b] of lx.comments) this.addComment(a, b, false);
    const first = lx.tokens[0] as UToken;

    if (first.tokenType === T.KwUnknown) {
      const d =
        first.scanError !== ScanError.None
          ? this.scanErrorDiagnostic(first)
          : this.diag('unknownStanza', first.startOffset, first.endOffset + 1, this.lineOfOffset(first.startOffset), this.unknownKeywordMessage(first));
      this.report(d);
      this.stanzas.push(this.invalid(lx.tokens, d.messageId));
      return lx.end;
    }

    const parser = this.parser;
    parser.load(this.text, this.lines, lx.tokens);
    const node = parser.stanza();
    let error: SyntaxDiagnostic | null = null;
    const semantic = parser.semantic[0];
    const structural = parser.errors[0];
    if (semantic) error = this.semanticDiagnostic(semantic);
    else if (structural) error = this.structuralDiagnostic(structural, lx.tokens);
    else if (!node) error = this.diag('unexpectedToken', first.startOffset, first.endOffset + 1, this.lineOfOffset(first.startOffset), 'Unexpected token');

    if (error) {
      this.report(error);
      this.stanzas.push(this.invalid(lx.tokens, error.messageId));
      const at = error.span.start.offset;
      const resume = lx.recoveryPoints.find((p) => p > at);
      return resume ?? lx.end;
    }
    const stanza = node as Stanza;
    this.stanzas.push(stanza);
    if (stanza.type === 'ScriptStanza') {
      for (const line of stanza.body.lines) {
        const hash = line.raw.search(/\S/);
        if (hash !== -1 && line.raw.charCodeAt(hash) === HASH) {
          this.addComment(line.span.start.offset + hash, line.span.end.offset, true);
        }
      }
    }
    return lx.end;
  }

  private report(d: SyntaxDiagnostic): void {
    if (this.diagnostics.length < MAX_SYNTAX_DIAGNOSTICS) this.diagnostics.push(d);
  }

  private lineOfOffset(offset: number): number {
    return this.lines.lineOf(offset);
  }

  private diag(messageId: SyntaxMessageId, start: number, end: number, upstartLine: number | null, message: string): SyntaxDiagnostic {
    return {
      ruleId: 'syntax',
      messageId,
      severity: 'error',
      fatal: true,
      message,
      span: this.lines.span(start, Math.max(start, end)),
      upstartLine,
      upstartError: UPSTART_ERRORS[messageId],
    };
  }

  private checkNul(): void {
    const first = this.text.indexOf('\0');
    if (first === -1) return;
    let count = 0;
    for (let i = first; i !== -1; i = this.text.indexOf('\0', i + 1)) count++;
    this.report(
      this.diag(
        'nulByte',
        first,
        first + 1,
        this.lineOfOffset(first),
        `NUL byte: the file contains ${count} NUL byte${count === 1 ? '' : 's'} (first here); upstart's reader stops or misreads at NUL, so a job file must be plain text`,
      ),
    );
  }

  private addComment(start: number, end: number, inScript: boolean): void {
    let e = end;
    if (e > start && this.text.charCodeAt(e - 1) === 13) e--;
    const lineStart = this.lines.lineStart(this.lines.lineOf(start));
    const ownLine = /^[ \t\r]*$/.test(this.text.slice(lineStart, start));
    this.comments.push({ type: 'Comment', text: this.text.slice(start + 1, e), span: this.lines.span(start, e), ownLine, inScript });
  }

  private word(tok: UToken): Word {
    return { type: 'Word', raw: tok.image, value: tok.value, span: this.lines.span(tok.startOffset, tok.endOffset + 1) };
  }

  private invalid(tokens: readonly UToken[], error: SyntaxMessageId): InvalidStanza {
    const first = tokens[0] as UToken;
    const args: Word[] = [];
    let last: UToken = first;
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i] as UToken;
      if (t.tokenType === T.Eol || t.tokenType === T.Eof || t.tokenType === T.BlankInParens) continue;
      if (t.tokenType !== T.Block) args.push(this.word(t));
      if (t.endOffset >= t.startOffset) last = t;
    }
    const head: Span = this.lines.span(first.startOffset, first.endOffset + 1);
    return {
      type: 'InvalidStanza',
      keyword: first.image,
      head,
      span: this.lines.span(first.startOffset, Math.max(first.endOffset, last.endOffset) + 1),
      args,
      error,
    };
  }

  private scanErrorDiagnostic(tok: UToken): SyntaxDiagnostic {
    if (tok.scanError === ScanError.TrailingSlash) {
      return this.diag('trailingSlash', tok.scanErrorAt, tok.scanErrorAt + 1, this.lastLine,
        'Trailing slash in file: the file ends with a backslash that escapes nothing; remove it or end the file with a newline after it');
    }
    return this.diag('unterminatedQuote', tok.scanErrorAt, tok.endOffset + 1, this.lastLine,
      'Unterminated quoted string: the quote opened here is never closed, so upstart reads to the end of the file and rejects it; close the quote');
  }

  private semanticDiagnostic(e: SemanticError): SyntaxDiagnostic {
    const start = e.start ?? e.token.startOffset;
    const end = e.end ?? e.token.endOffset + 1;
    const line = e.upstartLine === 'eof' ? this.lastLine : e.upstartLine === 'none' ? null : this.lineOfOffset(e.token.startOffset);
    return this.diag(e.messageId, start, end, line, e.message);
  }

  /** Maps a chevrotain recognition exception to upstart's error (section 1.9, 3.4). */
  private structuralDiagnostic(e: IRecognitionException, tokens: readonly UToken[]): SyntaxDiagnostic {
    const found = e.token as UToken;
    let idx = tokens.indexOf(found);
    if (idx === -1) idx = tokens.length;
    const tok: UToken = tokens[idx] ?? (tokens[tokens.length - 1] as UToken);
    const prev = tokens[idx - 1];
    const first = tokens[0] as UToken;
    const keyword = first.value;
    const type = tok.tokenType;
    const start = tok.startOffset;
    const end = tok.endOffset + 1;
    const line = this.lineOfOffset(start);
    const inExpression = first.tokenType === T.KwEvent && tokens[1]?.tokenType === T.On && idx >= 2;

    if (type === T.BlankInParens) {
      return this.diag('expectedToken', start, Math.max(start, lineEndFrom(this.text, start)), line,
        `Expected token: a blank or comment-only line inside the parentheses of \`${keyword} on\` is an error for upstart; remove the line, or move the comment to the end of the previous line`);
    }
    if (type === T.Eof) {
      const open = this.unclosedParen(tokens);
      return this.diag('mismatchedParens', open.startOffset, open.endOffset + 1, this.lastLine,
        `Mismatched parentheses: this \`(\` is never closed, so upstart reads the rest of the file as part of \`${keyword} on\` and rejects it; add the missing \`)\``);
    }
    if (inExpression && prev) {
      const prevType = prev.tokenType;
      if (type === T.Eol) {
        if (prevType === T.On) {
          return this.diag('expectedToken', start, end, line, `Expected token: \`${keyword} on\` needs an event expression`);
        }
        return this.diag('expectedEvent', prev.startOffset, prev.endOffset + 1, this.lineOfOffset(prev.startOffset),
          `Expected event: \`${prev.image}\` at the end of the line has no right-hand side; outside parentheses the expression ends with the line, so wrap a multi-line \`${keyword} on\` in parentheses`);
      }
      if (type === T.And || type === T.Or || type === T.RParen) {
        const what = type === T.RParen ? (prevType === T.LParen ? 'empty parentheses `()`' : '`)`') : `\`${tok.image}\``;
        return this.diag('expectedEvent', start, end, line, `Expected event: an event name must come before ${what}`);
      }
      if (type === T.LParen || type === T.Word) {
        return this.diag('expectedOperator', start, end, line,
          type === T.LParen && prevType === T.Word && prev.endOffset + 1 === start
            ? `Expected operator: \`${prev.image}(\` is an event followed by a group; \`(\` inside an event name needs quoting, and groups need \`and\`/\`or\` before them`
            : `Expected operator: \`and\` or \`or\` must separate ${type === T.LParen ? 'a parenthesised group' : `"${tok.value}"`} from what comes before it`);
      }
    }
    if (type === T.Eol || type === T.Eof || tok === tokens[tokens.length - 1] && idx >= tokens.length) {
      const subs = prev ? SUB_KEYWORDS.get(prev.tokenType) : undefined;
      const needs = subs && prev === first ? `needs ${subs}` : `needs ${NEEDS[keyword] ?? 'an argument'}`;
      return this.diag('expectedToken', start, end, line, `Expected token: \`${keyword}\` ${needs}`);
    }
    if (prev && prev === first && SUB_KEYWORDS.has(first.tokenType)) {
      const quoted = /^["']/.test(tok.image) ? '; sub-keywords cannot be quoted' : '';
      return this.diag('unknownStanza', start, end, line,
        `Unknown stanza: \`${keyword}\` must be followed by ${SUB_KEYWORDS.get(first.tokenType) ?? 'a sub-keyword'}, not ${quoteValue(tok.image)}${quoted}`);
    }
    if (first.tokenType === T.KwScript || (first.tokenType === T.KwHook && prev?.tokenType === T.SubScript)) {
      return this.diag('unexpectedToken', start, end, line, `Unexpected token ${quoteValue(tok.image)}: only a comment may follow \`script\` on its line; the body starts on the next line`);
    }
    const hint =
      first.tokenType === T.KwRespawn && tokens[2]?.value === 'unlimited'
        ? '; `respawn limit unlimited` takes no COUNT or INTERVAL'
        : first.tokenType === T.KwText && ['description', 'author', 'usage', 'version'].includes(keyword)
        ? `; \`${keyword}\` takes one argument, so quote a value with spaces`
        : first.tokenType === T.KwText && keyword === 'env' && envExpands(tokens)
          ? `; \`env\` takes one \`KEY=VALUE\` argument and upstart never runs or expands what is in it, so quoting would only store this text literally: compute the value in the script instead (\`export ${envName(tokens)}=…\`)`
        : first.tokenType === T.KwText && keyword === 'env' && idx === 2 && !(tokens[1]?.value ?? '').includes('=')
          ? `; \`env\` takes one \`KEY=VALUE\` argument: write \`env ${tokens[1]?.value ?? 'KEY'}=${tok.value}\``
          : first.tokenType === T.KwText && keyword === 'env'
          ? `; \`env\` takes one \`KEY=VALUE\` argument, so quote a value with spaces: \`env ${quotedEnv(tokens)}\``
          : first.tokenType === T.KwText && keyword === 'instance'
            ? '; `instance` takes one argument: join variables into one word (`instance $TTY-$BAUD`)'
            : `; \`${keyword}\` takes no more arguments here`;
    return this.diag('unexpectedToken', start, end, line, `Unexpected token ${quoteValue(tok.value || tok.image)}${hint}`);
  }

  private unclosedParen(tokens: readonly UToken[]): UToken {
    const open: UToken[] = [];
    for (const t of tokens) {
      if (t.tokenType === T.LParen) open.push(t);
      else if (t.tokenType === T.RParen) open.pop();
    }
    return open[0] ?? (tokens[tokens.length - 1] as UToken);
  }

  private unknownKeywordMessage(tok: UToken): string {
    const name = tok.value;
    const shown = quoteValue(name);
    let hint = '';
    const lower = name.toLowerCase();
    if (name.charCodeAt(0) === 0xfeff) {
      hint = 'the file starts with a UTF-8 byte-order mark, which upstart reads as part of the first keyword; save the file without a BOM';
    } else if (name.startsWith(' ') || name.startsWith('\t')) {
      hint = 'a line holding only a backslash joins this line to the previous one, so the keyword starts with a space';
    } else if (/^(<%|\{\{|\{%|\$\{|@@)/.test(name) || /<%|%>|\{\{|\}\}/.test(name)) {
      hint = 'this looks like template markup; lint the rendered file instead';
    } else if (T.STANZA_KEYWORDS.has(lower)) {
      hint = `keywords are case-sensitive: write \`${lower}\``;
    } else if (Object.prototype.hasOwnProperty.call(HINT_OBSOLETE, name)) {
      hint = HINT_OBSOLETE[name] as string;
    } else if (/^["']/.test(name)) {
      hint = 'stanza keywords cannot be quoted';
    } else {
      const prevLine = this.lineOfOffset(tok.startOffset) - 1;
      if (prevLine >= 1 && /\\\r$/.test(this.text.slice(this.lines.lineStart(prevLine), this.lines.lineEnd(prevLine)))) {
        hint = 'the previous line ends with a backslash before a CR: with CRLF line endings the continuation does not work; convert the file to LF';
      }
    }
    return `Unknown stanza ${shown}: upstart does not know this keyword and refuses the whole file${hint ? `; ${hint}` : ''}`;
  }
}
