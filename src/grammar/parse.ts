/**
 * parse(text) → { ast, diagnostics }: upstart's top-level loop (grammar document section 1.2), one
 * stanza at a time through the lexer and the chevrotain parser, with recovery at the next stanza.
 * Never throws on any text (only a `text` that is not a string is a TypeError).
 */
import type { Comment, InvalidStanza, JobFile, ParseResult, Stanza, SyntaxDiagnostic, SyntaxMessageId, Word } from './ast.js';
import { lexStanza } from './lexer.js';
import * as M from './messages.js';
import { StanzaParser } from './parser.js';
import { LineIndex, spanOfTokens } from './positions.js';
import { HASH, NL, ScanError, lineEndFrom, skipInterTokenWS, skipWS } from './scanner.js';
import { scriptCommentRanges } from './script-body.js';
import { scanError, structureError, type LocatedError } from './structure-errors.js';
import * as T from './tokens.js';
import type { SemanticError, UToken } from './tokens.js';

export { UPSTART_ERRORS } from './messages.js';

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
  // The public entry: a wrong argument is the caller's mistake, not a job file to report on.
  if (typeof text !== 'string') {
    const kind = text === undefined || text === null ? String(text) : Array.isArray(text) ? 'an array' : typeof text === 'object' ? 'an object' : `a ${typeof text}`;
    throw new TypeError(`parse(text): text must be a string, not ${kind}`);
  }
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

/**
 * Runs the grammar on one stanza without stack traces: chevrotain reports every structure error
 * as a thrown exception, and capturing its stack trace was half the time spent on a broken file
 * (the stacks are never read).
 */
function parseStanza(parser: StanzaParser): Stanza | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parser.stanza();
  } finally {
    Error.stackTraceLimit = limit;
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
        message: M.internalError(error),
        span,
        upstartLine: null,
        upstartError: 'INTERNAL',
      },
    ],
  };
}

class FileParser {
  private readonly lines: LineIndex;
  private readonly stanzas: Stanza[] = [];
  private readonly comments: Comment[] = [];
  private readonly diagnostics: SyntaxDiagnostic[] = [];
  /** See ParseResult.recoveredFrom. */
  private recoveredFrom: number | null = null;
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
    return this.recoveredFrom === null ? { ast, diagnostics: this.diagnostics } : { ast, diagnostics: this.diagnostics, recoveredFrom: this.recoveredFrom };
  }

  /** Parses the stanza at `pos`; returns where the top-level loop continues. */
  private stanza(pos: number): number {
    const lx = lexStanza(this.text, pos);
    for (const [a, b] of lx.comments) this.addComment(a, b, false);
    const first = lx.tokens[0] as UToken;

    if (first.tokenType === T.KwUnknown) {
      const d =
        first.scanError !== ScanError.None
          ? this.located(scanError(first))
          : // upstart looks the keyword up after reading it and the whitespace (and continuations) after it.
            this.diag('unknownStanza', first.startOffset, first.end, this.lines.lineOf(skipInterTokenWS(this.text, first.end)), this.unknownKeywordMessage(first));
      this.report(d);
      this.stanzas.push(this.invalid(lx.tokens, d.messageId));
      return lx.end;
    }

    const parser = this.parser;
    parser.load(this.text, this.lines, lx.tokens);
    const node = parseStanza(parser);
    let error: SyntaxDiagnostic | null = null;
    const semantic = parser.semantic[0];
    const structural = parser.errors[0];
    if (semantic) error = this.semanticDiagnostic(semantic);
    else if (structural) error = this.located(structureError(structural, lx.tokens, (offset) => this.lines.lineOf(offset)));
    else if (!node) error = this.diag('unexpectedToken', first.startOffset, first.end, this.lines.lineOf(first.startOffset), 'Unexpected token');

    if (error) {
      this.report(error);
      this.stanzas.push(this.invalid(lx.tokens, error.messageId));
      const at = error.span.start.offset;
      const resume = lx.recoveryPoints.find((p) => p > at);
      // Resuming inside lines an unclosed `(` swallowed: what follows is a reconstruction.
      if (resume !== undefined && this.recoveredFrom === null) this.recoveredFrom = at;
      return resume ?? lx.end;
    }
    const stanza = node as Stanza;
    this.stanzas.push(stanza);
    if (stanza.type === 'ScriptStanza') {
      for (const [a, b] of scriptCommentRanges(stanza)) this.addComment(a, b, true);
    }
    return lx.end;
  }

  private report(d: SyntaxDiagnostic): void {
    if (this.diagnostics.length < MAX_SYNTAX_DIAGNOSTICS) this.diagnostics.push(d);
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
      upstartError: M.UPSTART_ERRORS[messageId],
    };
  }

  private checkNul(): void {
    const first = this.text.indexOf('\0');
    if (first === -1) return;
    let count = 0;
    for (let i = first; i !== -1; i = this.text.indexOf('\0', i + 1)) count++;
    this.report(this.diag('nulByte', first, first + 1, this.lines.lineOf(first), M.nulByte(count)));
  }

  private addComment(start: number, end: number, inScript: boolean): void {
    let e = end;
    if (e > start && this.text.charCodeAt(e - 1) === 13) e--;
    const lineStart = this.lines.lineStart(this.lines.lineOf(start));
    const ownLine = /^[ \t\r]*$/.test(this.text.slice(lineStart, start));
    this.comments.push({ type: 'Comment', text: this.text.slice(start + 1, e), span: this.lines.span(start, e), ownLine, inScript });
  }

  private word(tok: UToken): Word {
    return { type: 'Word', raw: tok.image, value: tok.value, span: spanOfTokens(this.lines, tok) };
  }

  private invalid(tokens: readonly UToken[], error: SyntaxMessageId): InvalidStanza {
    const first = tokens[0] as UToken;
    const args: Word[] = [];
    let last: UToken = first;
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i] as UToken;
      if (t.tokenType === T.Eol || t.tokenType === T.Eof || t.tokenType === T.BlankInParens) continue;
      if (t.tokenType !== T.Block) args.push(this.word(t));
      if (t.end > t.startOffset) last = t;
    }
    return {
      type: 'InvalidStanza',
      keyword: first.image,
      head: spanOfTokens(this.lines, first),
      span: spanOfTokens(this.lines, first, last.end >= first.end ? last : first),
      args,
      error,
    };
  }

  private located(e: LocatedError): SyntaxDiagnostic {
    return this.diag(e.messageId, e.start, e.end, e.line === 'eof' ? this.lastLine : e.line, e.message);
  }

  private semanticDiagnostic(e: SemanticError): SyntaxDiagnostic {
    return this.diag(e.messageId, e.start ?? e.token.startOffset, e.end ?? e.token.end, e.upstartLine, e.message);
  }

  private unknownKeywordMessage(tok: UToken): string {
    const prevLine = this.lines.lineOf(tok.startOffset) - 1;
    const afterCrContinuation = prevLine >= 1 && /\\\r$/.test(this.text.slice(this.lines.lineStart(prevLine), this.lines.lineEnd(prevLine)));
    return M.unknownKeyword(tok.value, { caseOnly: T.STANZA_KEYWORDS.has(tok.value.toLowerCase()), afterCrContinuation });
  }
}
