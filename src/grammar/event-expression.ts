/**
 * Event expressions of `start on` / `stop on` (grammar document section 3), built the way
 * upstart's parse_on does: one item at a time onto an operator stack, combined strictly left to
 * right when an operator, a `)` or the end of the expression "collects" the stack.
 *
 * Reproducing that stack, rather than a textbook grammar, is what makes the first error and its
 * line agree with upstart. Some errors are found only when the stack is collected: in
 * `(a) b … and c` the missing operator before `b` is reported when `and` is read, so a lexical
 * error in between (an unterminated quote, a blank line inside parentheses) comes first.
 *
 * No recursion: 100,000 nested parentheses are a deep array, not a deep call stack.
 */
import type { EventArg, EventExpression, EventMatch, Span, StartOnStanza, StopOnStanza, Word } from './ast.js';
import * as M from './messages.js';
import { spanOfTokens, type LineIndex } from './positions.js';
import { ScanError, skipInterTokenWS } from './scanner.js';
import * as T from './tokens.js';
import type { SemanticError, UToken } from './tokens.js';

/** An entry of upstart's operator stack. */
type Entry =
  | { readonly kind: 'open'; readonly tok: UToken }
  | { readonly kind: 'op'; readonly tok: UToken; readonly left: EventExpression }
  | { readonly kind: 'match'; readonly event: UToken; readonly args: EventArg[]; named: boolean; last: UToken };

/** The error upstart's stack collection raises, with the stack entry it concerns. */
type CollectError =
  | { readonly kind: 'noRightOperand'; readonly op: UToken }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'operandAfterGroup'; readonly event: UToken };

export class EventExpressionBuilder {
  private stack: Entry[] = [];
  private root: EventExpression | null = null;

  constructor(
    private readonly src: string,
    private readonly lines: LineIndex,
  ) {}

  /**
   * `items`: the tokens between `on` and `end` (parentheses, operators, words, blank lines inside
   * parentheses); `end`: Eol, or Eof when the file ended inside parentheses.
   */
  build(kw: UToken, sub: UToken, items: readonly UToken[], end: UToken): StartOnStanza | StopOnStanza | SemanticError {
    this.stack = [];
    this.root = null;
    const keyword = kw.value;
    if (items.length === 0) {
      return this.error('expectedToken', end, this.lines.lineOf(end.startOffset), M.eventMessages.noExpression(keyword));
    }
    let prev: UToken | null = null;
    for (const tok of items) {
      const error = this.item(tok, prev, keyword);
      if (error) return error;
      prev = tok;
    }
    // The end of the expression collects what is left; upstart logs the line of the last item.
    const last = items[items.length - 1] as UToken;
    const lastLine = this.lines.lineOf(last.startOffset);
    const failed = this.collect();
    if (failed) {
      if (failed.kind === 'operandAfterGroup') return this.operandAfterGroup(failed.event, lastLine);
      if (failed.kind === 'noRightOperand') {
        const message = end.tokenType === T.Eof ? M.eventMessages.operatorAtEof(failed.op.image) : M.eventMessages.trailingOperator(failed.op.image, keyword);
        return this.error('expectedEvent', failed.op, lastLine, message);
      }
      return this.error('expectedEvent', last, lastLine, M.eventMessages.eventAfter(`\`${last.image}\``));
    }
    const open = this.stack.find((e) => e.kind === 'open');
    if (open) {
      return this.error('mismatchedParens', open.tok, this.lines.lineCount, M.eventMessages.unclosedParen(keyword));
    }
    const expression = this.current() as EventExpression;
    const head = spanOfTokens(this.lines, kw, sub);
    const span = this.lines.span(kw.startOffset, expression.span.end.offset);
    return keyword === 'start'
      ? { head, span, expression, type: 'StartOnStanza', keyword: 'start on' }
      : { head, span, expression, type: 'StopOnStanza', keyword: 'stop on' };
  }

  private item(tok: UToken, prev: UToken | null, keyword: string): SemanticError | null {
    const line = this.lines.lineOf(tok.startOffset);
    switch (tok.tokenType) {
      case T.BlankInParens:
        return this.error('expectedToken', tok, line, M.eventMessages.blankInParens(keyword), tok.startOffset, tok.end);
      case T.LParen: {
        // A group may start only where an operand may: not after an event or another group.
        const top = this.stack[this.stack.length - 1];
        if (this.root !== null && top?.kind === 'match') return this.operandAfterGroup(top.event, line);
        if (this.root !== null || top?.kind === 'match') {
          const message =
            prev !== null && prev.tokenType === T.Word && prev.end === tok.startOffset
              ? M.eventMessages.groupAfterName(prev.image)
              : M.eventMessages.operatorBefore('a parenthesised group');
          return this.error('expectedOperator', tok, line, message);
        }
        this.stack.push({ kind: 'open', tok });
        return null;
      }
      case T.RParen: {
        const failed = this.collect();
        if (failed) {
          if (failed.kind === 'operandAfterGroup') return this.operandAfterGroup(failed.event, line);
          const what = failed.kind === 'nothing' && prev?.tokenType === T.LParen ? 'empty parentheses `()`' : '`)`';
          return this.error('expectedEvent', tok, line, M.eventMessages.eventBefore(what));
        }
        const open = this.stack.pop();
        if (open === undefined || open.kind !== 'open') return this.error('mismatchedParens', tok, line, M.eventMessages.strayCloseParen);
        const inner = this.current() as EventExpression;
        this.root = { type: 'GroupExpression', expression: inner, span: spanOfTokens(this.lines, open.tok, tok) };
        return null;
      }
      case T.And:
      case T.Or: {
        const failed = this.collect();
        if (failed) {
          if (failed.kind === 'operandAfterGroup') return this.operandAfterGroup(failed.event, line);
          return this.error('expectedEvent', tok, line, M.eventMessages.eventBefore(`\`${tok.image}\``));
        }
        this.stack.push({ kind: 'op', tok, left: this.current() as EventExpression });
        this.root = null;
        return null;
      }
      default:
        return this.operand(tok);
    }
  }

  /** An event name (a new match) or an argument of the event on top of the stack. */
  private operand(tok: UToken): SemanticError | null {
    const top = this.stack[this.stack.length - 1];
    const isArg = top?.kind === 'match';
    const scanned = this.checkToken(tok, isArg ? 'an event argument' : 'an event name');
    if (scanned) return scanned;
    if (!isArg) {
      this.stack.push({ kind: 'match', event: tok, args: [], named: false, last: tok });
      return null;
    }
    const v = tok.value;
    const ne = v.indexOf('!=');
    const eq = v.indexOf('=');
    let name: string | null = null;
    let operator: '=' | '!=' | null = null;
    let value = v;
    if (ne !== -1) {
      name = v.slice(0, ne);
      operator = '!=';
      value = v.slice(ne + 2);
    } else if (eq !== -1) {
      name = v.slice(0, eq);
      operator = '=';
      value = v.slice(eq + 1);
    }
    if (name === null && top.named) {
      // upstart has already read the whitespace after the argument when it checks.
      const line = this.lines.lineOf(skipInterTokenWS(this.src, tok.end));
      return this.error('expectedVariable', tok, line, M.eventMessages.expectedVariable(v));
    }
    if (name !== null) top.named = true;
    const word = this.word(tok);
    top.args.push({ type: 'EventArg', word, name, operator, value, span: word.span });
    top.last = tok;
    return null;
  }

  /** The reader's own errors: scan errors at the end of the file, then an empty value. */
  private checkToken(tok: UToken, what: string): SemanticError | null {
    if (tok.scanError === ScanError.UnterminatedQuote) {
      return this.error('unterminatedQuote', tok, this.lines.lineCount, M.UNTERMINATED_QUOTE, tok.scanErrorAt, tok.end);
    }
    if (tok.scanError === ScanError.TrailingSlash) {
      return this.error('trailingSlash', tok, this.lines.lineCount, M.TRAILING_SLASH, tok.scanErrorAt, tok.scanErrorAt + 1);
    }
    if (tok.empty) {
      // The reader stops where the token ends, before skipping the whitespace after it.
      return this.error('expectedToken', tok, this.lines.lineOf(tok.end), M.emptyArgument(what));
    }
    return null;
  }

  /**
   * upstart's parse_on_collect: pops entries down to the nearest `(` (kept), folding each into
   * `root`; an operator takes `root` as its right operand.
   */
  private collect(): CollectError | null {
    const stack = this.stack;
    for (let top = stack[stack.length - 1]; top !== undefined && top.kind !== 'open'; top = stack[stack.length - 1]) {
      stack.pop();
      if (top.kind === 'op') {
        if (this.root === null) return { kind: 'noRightOperand', op: top.tok };
        const left = top.left;
        const right = this.root;
        const span = this.lines.span(left.span.start.offset, right.span.end.offset);
        const operatorSpan = this.span(top.tok);
        this.root =
          top.tok.tokenType === T.And
            ? { type: 'AndExpression', left, right, operatorSpan, span }
            : { type: 'OrExpression', left, right, operatorSpan, span };
      } else {
        if (this.root !== null) return { kind: 'operandAfterGroup', event: top.event };
        this.root = this.match(top);
      }
    }
    return this.root === null ? { kind: 'nothing' } : null;
  }

  /** The expression collected so far (a method, so that TypeScript does not keep a stale narrowing). */
  private current(): EventExpression | null {
    return this.root;
  }

  private match(entry: Extract<Entry, { kind: 'match' }>): EventMatch {
    return {
      type: 'EventMatch',
      event: this.word(entry.event),
      args: entry.args,
      span: spanOfTokens(this.lines, entry.event, entry.last),
    };
  }

  /** An event read after a group with no operator between: reported at the event, on upstart's line. */
  private operandAfterGroup(event: UToken, line: number): SemanticError {
    return this.error('expectedOperator', event, line, M.eventMessages.operatorBefore(`"${event.value}"`));
  }

  private span(tok: UToken): Span {
    return spanOfTokens(this.lines, tok);
  }

  private word(tok: UToken): Word {
    return { type: 'Word', raw: tok.image, value: tok.value, span: this.span(tok) };
  }

  private error(
    messageId: SemanticError['messageId'],
    token: UToken,
    upstartLine: number,
    message: string,
    start?: number,
    end?: number,
  ): SemanticError {
    return start === undefined || end === undefined ? { messageId, token, upstartLine, message } : { messageId, token, upstartLine, message, start, end };
  }
}
