/**
 * The shell grammar, following dash's parser decision for decision so that it accepts and
 * rejects exactly what `dash -n` does, with the same complaint.
 *
 * Recursion without the call stack: each grammar function is a generator, and one that descends
 * into a construct that can nest `yield`s its generator, which `drive` runs from an explicit
 * stack. A script nested 10,000 `(`, `{` or `$(` deep uses heap, not JavaScript stack frames.
 * Every descent into a command list (a compound command's body, a substitution's list) and into
 * a function definition's body is such a `yield`, and every cycle of the grammar passes one; the
 * other steps (a list's and-or lists with their pipelines, a compound command's redirections) are
 * delegated with `yield*`, which runs them inside their caller's resumption: the delegation
 * chains stay a few generators long.
 * Tokens are read with a plain call; only a read that stops at `$(` or must first read
 * here-documents takes the generator path (`slowRead`). A simple command, most of any script, is
 * read by a plain method (`simpleSteps`) that hands back to its generator caller only for such a
 * read: no generator is made for it or its redirections.
 */
import type {
  AndOrList,
  Assignment,
  CaseItem,
  Command,
  CommandList,
  Comment,
  IfBranch,
  ListItem,
  Operator,
  Pipeline,
  Redirect,
  Script,
  ShellNodeBase,
  ShellParseResult,
  ShellSyntaxError,
  SimpleCommand,
  Word,
} from './ast.js';
import { SPECIAL_BUILTINS, isName } from './chars.js';
import { Lexer, SyntaxSignal, type HereDocTarget, type OffsetMap, type WordState } from './lexer.js';
import { looseValue } from './query.js';
import { CHKEOFMARK, CHKKWD, CHKNL, T, TOKEN_NAMES, endsList, type Token, type TokenType } from './tokens.js';
import { remapOffsets } from './walk.js';

type Step<R> = Generator<Generator<unknown, unknown, unknown>, R, unknown>;

/** Widens `span` to cover every node of `nodes`. */
function extend(span: { start: number; end: number }, nodes: readonly ShellNodeBase[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as ShellNodeBase;
    if (n.start < span.start) span.start = n.start;
    if (n.end > span.end) span.end = n.end;
  }
}

/** Runs a generator-based descent with an explicit stack. */
function drive<R>(root: Step<R>): R {
  const stack: Generator<unknown, unknown, unknown>[] = [root];
  let value: unknown;
  for (;;) {
    const top = stack[stack.length - 1] as Generator<unknown, unknown, unknown>;
    const r = top.next(value);
    if (r.done) {
      stack.pop();
      value = r.value;
      if (stack.length === 0) return value as R;
    } else {
      stack.push(r.value as Generator<unknown, unknown, unknown>);
      value = undefined;
    }
  }
}

interface Open {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const emptyList = (at: number): CommandList => ({ type: 'CommandList', start: at, end: at, items: [] });

function listOf(items: ListItem[], at: number): CommandList {
  if (items.length === 0) return emptyList(at);
  return { type: 'CommandList', start: (items[0] as ListItem).start, end: (items[items.length - 1] as ListItem).end, items };
}

/** A here-document operator: its delimiter is read as dash's `checkkwd = CHKEOFMARK` word. */
const isHereDoc = (op: string): boolean => op === '<<' || op === '<<-';

/** The flags to read the target of the redirection operator `t` with. */
const targetFlags = (t: Token): number => (isHereDoc((t.redirect as NonNullable<Token['redirect']>).op) ? CHKEOFMARK : 0);

/** A simple command being read (`simpleSteps`): what it has so far. */
interface SimpleState {
  readonly assignments: Assignment[];
  readonly words: Word[];
  readonly redirects: Redirect[];
  /** Words are assignments until the first one that is not. */
  assigning: boolean;
  /** Its first token was read. */
  started: boolean;
  /** A redirection operator whose target is still to be read. */
  redirect: Token | null;
}

const newSimpleState = (): SimpleState => ({ assignments: [], words: [], redirects: [], assigning: true, started: false, redirect: null });

const STEP_DONE = 0;
const STEP_SLOW = 1;
const STEP_FUNCTION = 2;
const STEP_OTHER = 3;

function simpleNode(s: SimpleState): SimpleCommand {
  const span = { start: Infinity, end: -Infinity };
  extend(span, s.assignments);
  extend(span, s.words);
  extend(span, s.redirects);
  return { type: 'SimpleCommand', start: span.start, end: span.end, assignments: s.assignments, words: s.words, redirects: s.redirects };
}

export class ShellParser {
  private readonly lex: Lexer;
  private readonly opens: Open[] = [];
  private readonly errors: ShellSyntaxError[] = [];
  /** A command named `function` was read: a later stray `}` is bash's `function name {`. */
  private sawFunctionWord = false;
  /** The name of the last simple command read (to name bash's `select … do` in the error). */
  private lastCommandName: string | null = null;

  constructor(private readonly text: string) {
    this.lex = new Lexer(text, (inner, map) => parseBackquoted(inner, map));
  }

  /** The whole text, as dash's `-n` reads it: command after command to the end. */
  parseScript(): ShellParseResult {
    const items: ListItem[] = [];
    const lex = this.lex;
    for (;;) {
      try {
        const list = drive(this.list(1));
        for (const item of list.items) items.push(item);
        if (lex.pushedBack && lex.last.type === T.EOF) break;
      } catch (signal) {
        if (!(signal instanceof SyntaxSignal)) throw signal;
        this.errors.push(signal.error);
        if (!this.recover()) break;
      }
    }
    const body = listOf(items, 0);
    const script: Script = { type: 'Script', start: 0, end: this.text.length, body };
    return { script, comments: lex.comments, errors: this.errors, derived: new Map() };
  }

  /** A backquoted command: one list, whatever follows it is ignored (as dash does). */
  parseBackquoteBody(): { body: CommandList; comments: readonly Comment[] } {
    const body = drive(this.list(2));
    return { body, comments: this.lex.comments };
  }

  /** After an error: start again after the line it was found on. Returns false at the end. */
  private recover(): boolean {
    const lex = this.lex;
    const src = this.text;
    this.opens.length = 0;
    lex.heredocs = [];
    lex.suspended = null;
    const lastWasNewline = !lex.pushedBack && lex.last.type === T.NL;
    lex.pushedBack = false;
    if (lex.pos >= src.length) return false;
    if (!lastWasNewline || lex.last.end !== lex.pos) {
      const nl = src.indexOf('\n', lex.pos);
      if (nl < 0) return false;
      lex.pos = nl + 1;
    }
    lex.last = { type: T.NL, start: lex.pos - 1, end: lex.pos, word: null, text: null, quoted: false, redirect: null };
    return lex.pos < src.length;
  }

  // ---- errors -----------------------------------------------------------------------------

  /** dash's `synexpect`: "X unexpected", or "X unexpected (expecting Y)". */
  private unexpected(expected: TokenType | -1): SyntaxSignal {
    const lex = this.lex;
    const t = lex.last;
    const found = TOKEN_NAMES[t.type] as string;
    const want = expected >= 0 ? (TOKEN_NAMES[expected] as string) : null;
    const message = want ? `${found} unexpected (expecting ${want})` : `${found} unexpected`;
    const open = t.type === T.EOF || want !== null ? (this.opens[this.opens.length - 1] ?? null) : null;
    return lex.error('unexpected', message, t.start, t.end, {
      found,
      ...(want ? { expected: want } : {}),
      open,
      bashism: this.bashismAt(t),
    });
  }

  /** Names a bash construct that dash refused at this token, when it is one. */
  private bashismAt(t: Token): string | null {
    const { prev, prev2 } = this.lex;
    if (!prev) return null;
    const adjacent = prev.end === t.start;
    if (t.type === T.LP && prev.type === T.WORD && adjacent && prev.text !== null && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(prev.text)) return 'array-assignment';
    if (t.type === T.REDIR && t.redirect?.op === '<' && prev.type === T.REDIR && prev.redirect?.op === '<<' && adjacent) return 'here-string';
    if (t.type === T.BACKGND && prev.type === T.PIPE && adjacent) return 'pipe-stderr';
    if (t.type === T.LP && prev.type === T.WORD && prev2?.type === T.WORD && prev2.text === 'function') return 'function-keyword';
    if (t.type === T.END && this.sawFunctionWord) return 'function-brace';
    if (t.type === T.DO && this.lastCommandName === 'select') return 'select';
    if (t.type === T.LP && prev.type === T.REDIR && adjacent && (prev.redirect?.op === '<' || prev.redirect?.op === '>')) return 'process-substitution';
    return null;
  }

  // ---- tokens -----------------------------------------------------------------------------

  /** Finishes a read that stopped at `$(` or at here-documents. */
  private *slowRead(): Step<Token> {
    const lex = this.lex;
    for (;;) {
      const flags = lex.pendingFlags;
      let t: Token | null;
      if (lex.pendingKind === 'word') {
        const ws = lex.suspended as WordState;
        lex.suspended = null;
        yield* this.completeWord(ws, true);
        t = lex.finish(lex.wordToken(ws), flags);
      } else {
        yield* this.readHeredocs();
        const next = lex.scanToken(false);
        if (next === null) {
          lex.pendingKind = 'word';
          lex.pendingFlags = flags;
          continue;
        }
        t = lex.finish(next, flags);
      }
      if (t !== null) return t;
    }
  }

  /** Reads a word to its end; `stopped` when it is waiting at a `$(` already. */
  private *completeWord(ws: WordState, stopped: boolean): Step<void> {
    if (stopped) yield* this.substitution(ws);
    while (!this.lex.scanWord(ws)) yield* this.substitution(ws);
  }

  /** `$(…)`: the command inside, then `)`. Pending here-documents wait for the outer newline. */
  private *substitution(ws: WordState): Step<void> {
    const lex = this.lex;
    const start = ws.substStart;
    this.opens.push({ kind: '$(', start, end: start + 2 });
    const saved = lex.heredocs;
    lex.heredocs = [];
    const body = (yield this.list(2)) as CommandList;
    const t = lex.read(0) ?? (yield* this.slowRead());
    if (t.type !== T.RP) throw this.unexpected(T.RP);
    lex.heredocs = saved;
    this.opens.pop();
    lex.addSubstitution(ws, { type: 'CommandSubstitution', start, end: t.end, body, backquoted: false });
  }

  private *readHeredocs(): Step<void> {
    const lex = this.lex;
    const docs = lex.heredocs;
    lex.heredocs = [];
    for (const doc of docs) {
      const ws = lex.startHeredoc(doc);
      yield* this.completeWord(ws, false);
      lex.finishHeredoc(doc, ws);
    }
  }

  // ---- grammar ----------------------------------------------------------------------------

  /**
   * A command list. `nl` is dash's `nlflag`: 1 for the top level (a newline ends the list),
   * 0 for compound lists, 2 for `$(…)`, backquotes and case items (which may be empty).
   */
  private *list(nl: 0 | 1 | 2): Step<CommandList> {
    const lex = this.lex;
    const chknl = nl === 1 ? 0 : CHKNL;
    const items: ListItem[] = [];
    let flag: number = nl;
    const at = lex.pos;
    for (;;) {
      const t = lex.read(chknl | CHKKWD) ?? (yield* this.slowRead());
      if (t.type === T.NL) {
        if (lex.heredocs.length > 0) yield* this.readHeredocs();
        return listOf(items, at);
      }
      if (t.type === T.EOF) {
        if (lex.heredocs.length > 0) yield* this.readHeredocs();
        lex.unread();
        return listOf(items, at);
      }
      lex.unread();
      if (flag === 2 && endsList(t.type)) return listOf(items, at);
      flag |= 2;
      const andOr = yield* this.andOr();
      const sep = lex.read(0) ?? (yield* this.slowRead());
      switch (sep.type) {
        case T.EOF:
          items.push({ type: 'ListItem', start: andOr.start, end: andOr.end, andOr, separator: null });
          if (lex.heredocs.length > 0) yield* this.readHeredocs();
          lex.unread();
          return listOf(items, at);
        case T.NL:
          items.push({ type: 'ListItem', start: andOr.start, end: sep.end, andOr, separator: { type: 'Separator', start: sep.start, end: sep.end, op: '\n' } });
          lex.unread();
          break;
        case T.BACKGND:
        case T.SEMI:
          items.push({
            type: 'ListItem',
            start: andOr.start,
            end: sep.end,
            andOr,
            separator: { type: 'Separator', start: sep.start, end: sep.end, op: sep.type === T.SEMI ? ';' : '&' },
          });
          break;
        default:
          if (!chknl) throw this.unexpected(-1);
          lex.unread();
          items.push({ type: 'ListItem', start: andOr.start, end: andOr.end, andOr, separator: null });
          return listOf(items, at);
      }
    }
  }

  /** An and-or list: pipelines (each with an optional `!`) joined by `&&` and `||`. */
  private *andOr(): Step<AndOrList> {
    const lex = this.lex;
    const pipelines: Pipeline[] = [];
    const operators: Operator[] = [];
    let flags = 0;
    for (;;) {
      const t = lex.read(flags) ?? (yield* this.slowRead());
      let bang: ShellNodeBase | null = null;
      let commandFlags = 0;
      if (t.type === T.NOT) {
        bang = { start: t.start, end: t.end };
        commandFlags = CHKKWD;
      } else {
        lex.unread();
      }
      const commands: Command[] = [];
      for (;;) {
        // A simple command is read here with plain calls; anything else through `command`.
        const s = newSimpleState();
        let step = this.simpleSteps(s, commandFlags);
        while (step === STEP_SLOW) {
          yield* this.slowRead();
          lex.unread();
          step = this.simpleSteps(s, commandFlags);
        }
        commands.push(step === STEP_DONE ? simpleNode(s) : step === STEP_FUNCTION ? yield* this.functionDefinition(s) : yield* this.command(commandFlags));
        const next = lex.read(0) ?? (yield* this.slowRead());
        if (next.type !== T.PIPE) break;
        commandFlags = CHKNL | CHKKWD;
      }
      lex.unread();
      const first = commands[0] as Command;
      const last = commands[commands.length - 1] as Command;
      pipelines.push({ type: 'Pipeline', start: bang ? bang.start : first.start, end: last.end, bang, commands });
      const op = lex.read(0) ?? (yield* this.slowRead());
      if (op.type !== T.AND && op.type !== T.OR) {
        lex.unread();
        return { type: 'AndOrList', start: (pipelines[0] as Pipeline).start, end: last.end, pipelines, operators };
      }
      operators.push({ type: 'Operator', start: op.start, end: op.end, op: op.type === T.AND ? '&&' : '||' });
      flags = CHKNL | CHKKWD;
    }
  }

  private *command(flags: number): Step<Command> {
    const lex = this.lex;
    const t = lex.read(flags) ?? (yield* this.slowRead());
    const start = t.start;
    let node: Mutable<Command>;
    let close: TokenType;
    switch (t.type) {
      case T.IF: {
        this.opens.push({ kind: 'if', start, end: t.end });
        const branches: IfBranch[] = [];
        let condition = (yield this.list(0)) as CommandList;
        if ((lex.read(0) ?? (yield* this.slowRead())).type !== T.THEN) throw this.unexpected(T.THEN);
        let body = (yield this.list(0)) as CommandList;
        branches.push({ type: 'IfBranch', start, end: body.end, condition, body });
        let next = lex.read(0) ?? (yield* this.slowRead());
        while (next.type === T.ELIF) {
          const elif = next.start;
          condition = (yield this.list(0)) as CommandList;
          if ((lex.read(0) ?? (yield* this.slowRead())).type !== T.THEN) throw this.unexpected(T.THEN);
          body = (yield this.list(0)) as CommandList;
          branches.push({ type: 'IfBranch', start: elif, end: body.end, condition, body });
          next = lex.read(0) ?? (yield* this.slowRead());
        }
        let elseBody: CommandList | null = null;
        if (next.type === T.ELSE) elseBody = (yield this.list(0)) as CommandList;
        else lex.unread();
        node = { type: 'IfClause', start, end: 0, branches, elseBody, redirects: [] };
        close = T.FI;
        break;
      }
      case T.WHILE:
      case T.UNTIL: {
        this.opens.push({ kind: t.type === T.WHILE ? 'while' : 'until', start, end: t.end });
        const condition = (yield this.list(0)) as CommandList;
        if ((lex.read(0) ?? (yield* this.slowRead())).type !== T.DO) throw this.unexpected(T.DO);
        const body = (yield this.list(0)) as CommandList;
        node = { type: 'LoopClause', start, end: 0, kind: t.type === T.WHILE ? 'while' : 'until', condition, body, redirects: [] };
        close = T.DONE;
        break;
      }
      case T.FOR: {
        this.opens.push({ kind: 'for', start, end: t.end });
        const v = lex.read(0) ?? (yield* this.slowRead());
        if (v.type !== T.WORD || v.quoted || v.text === null || !isName(v.text)) {
          throw lex.error('badForVariable', 'Bad for loop variable', v.start, v.end, { bashism: v.type === T.LP ? 'arithmetic-for' : null });
        }
        let words: Word[] | null = null;
        const inTok = lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead());
        if (inTok.type === T.IN) {
          words = [];
          let w = lex.read(0) ?? (yield* this.slowRead());
          while (w.type === T.WORD) {
            words.push(w.word as Word);
            w = lex.read(0) ?? (yield* this.slowRead());
          }
          if (w.type !== T.NL && w.type !== T.SEMI) throw this.unexpected(-1);
        } else if (inTok.type !== T.SEMI) {
          lex.unread();
        }
        if ((lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead())).type !== T.DO) throw this.unexpected(T.DO);
        const body = (yield this.list(0)) as CommandList;
        node = { type: 'ForClause', start, end: 0, name: v.text, nameWord: v.word as Word, words, body, redirects: [] };
        close = T.DONE;
        break;
      }
      case T.CASE:
        this.opens.push({ kind: 'case', start, end: t.end });
        node = (yield* this.caseClause(t)) as Mutable<Command>;
        this.opens.pop();
        return yield* this.trailingRedirects(node);
      case T.LP: {
        this.opens.push({ kind: '(', start, end: t.end });
        const body = (yield this.list(0)) as CommandList;
        node = { type: 'Subshell', start, end: 0, body, redirects: [] };
        close = T.RP;
        break;
      }
      case T.BEGIN: {
        this.opens.push({ kind: '{', start, end: t.end });
        const body = (yield this.list(0)) as CommandList;
        node = { type: 'BraceGroup', start, end: 0, body, redirects: [] };
        close = T.END;
        break;
      }
      case T.WORD:
      case T.REDIR:
        lex.unread();
        return yield* this.simpleCommand();
      default:
        throw this.unexpected(-1);
    }
    const end = lex.read(0) ?? (yield* this.slowRead());
    if (end.type !== close) throw this.unexpected(close);
    this.opens.pop();
    node.end = end.end;
    return yield* this.trailingRedirects(node);
  }

  private *caseClause(caseTok: Token): Step<Command> {
    const lex = this.lex;
    const w = lex.read(0) ?? (yield* this.slowRead());
    if (w.type !== T.WORD) throw this.unexpected(T.WORD);
    if ((lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead())).type !== T.IN) throw this.unexpected(T.IN);
    const items: CaseItem[] = [];
    let t = lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead());
    while (t.type !== T.ESAC) {
      const itemStart = t.start;
      if (t.type === T.LP) t = lex.read(0) ?? (yield* this.slowRead());
      const patterns: Word[] = [patternWord(t)];
      let next = lex.read(0) ?? (yield* this.slowRead());
      while (next.type === T.PIPE) {
        const p = lex.read(0) ?? (yield* this.slowRead());
        patterns.push(patternWord(p));
        next = lex.read(0) ?? (yield* this.slowRead());
      }
      if (next.type !== T.RP) throw this.unexpected(T.RP);
      const body = (yield this.list(2)) as CommandList;
      t = lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead());
      if (t.type === T.ESAC) {
        items.push({ type: 'CaseItem', start: itemStart, end: body.items.length > 0 ? body.end : next.end, patterns, body, terminator: null });
        break;
      }
      if (t.type !== T.ENDCASE) throw this.unexpected(T.ENDCASE);
      items.push({ type: 'CaseItem', start: itemStart, end: t.end, patterns, body, terminator: { start: t.start, end: t.end } });
      t = lex.read(CHKNL | CHKKWD) ?? (yield* this.slowRead());
    }
    return { type: 'CaseClause', start: caseTok.start, end: t.end, word: w.word as Word, items, redirects: [] };
  }

  /** Redirections after a compound command (`done > log`). */
  private *trailingRedirects(node: Mutable<Command>): Step<Command> {
    const lex = this.lex;
    const redirects: Redirect[] = [];
    for (;;) {
      const t = lex.read(CHKKWD) ?? (yield* this.slowRead());
      if (t.type !== T.REDIR) break;
      redirects.push(yield* this.redirect(t));
    }
    lex.unread();
    if (redirects.length > 0 && node.type !== 'SimpleCommand' && node.type !== 'FunctionDefinition') {
      (node as { redirects: readonly Redirect[] }).redirects = redirects;
      node.end = (redirects[redirects.length - 1] as Redirect).end;
    }
    return node as Command;
  }

  /** A simple command, after its first token was read and put back (`command`). */
  private *simpleCommand(): Step<Command> {
    const s = newSimpleState();
    let step = this.simpleSteps(s, 0);
    while (step === STEP_SLOW) {
      yield* this.slowRead();
      this.lex.unread();
      step = this.simpleSteps(s, 0);
    }
    return step === STEP_FUNCTION ? yield* this.functionDefinition(s) : simpleNode(s);
  }

  /**
   * Reads a simple command with plain calls (most commands need nothing else), into `s`:
   * `STEP_DONE` when it is complete, `STEP_SLOW` when a read stopped at `$(` or here-documents
   * (the caller finishes it with `slowRead`, puts the token back and calls again),
   * `STEP_FUNCTION` at the `(` of a function definition, `STEP_OTHER` when the first token (read
   * with `flags`) starts no simple command (it is put back).
   */
  private simpleSteps(s: SimpleState, flags: number): number {
    const lex = this.lex;
    for (;;) {
      const pending = s.redirect;
      if (pending !== null) {
        // The target of a redirection (dash's `parsefname`); a here-document joins the queue.
        const target = lex.read(targetFlags(pending));
        if (target === null) return STEP_SLOW;
        s.redirect = null;
        s.redirects.push(this.redirectNode(pending, target));
        continue;
      }
      const t = lex.read(s.started ? 0 : flags);
      if (t === null) return STEP_SLOW;
      if (!s.started) {
        if (t.type !== T.WORD && t.type !== T.REDIR) {
          lex.unread();
          return STEP_OTHER;
        }
        s.started = true;
      }
      if (t.type === T.WORD) {
        const word = t.word as Word;
        const name = s.assigning ? assignmentName(word) : null;
        if (name !== null) {
          const valueStart = valueStartOf(this.text, word, name);
          s.assignments.push({ type: 'Assignment', start: word.start, end: word.end, name, value: valueOf(word, valueStart), word });
        } else {
          if (s.words.length === 0) {
            if (t.text === 'function') this.sawFunctionWord = true;
            this.lastCommandName = t.text;
          }
          s.words.push(word);
          s.assigning = false;
        }
        continue;
      }
      if (t.type === T.REDIR) {
        s.redirect = t;
        continue;
      }
      if (t.type === T.LP && s.words.length === 1 && s.assignments.length === 0 && s.redirects.length === 0) return STEP_FUNCTION;
      lex.unread();
      return STEP_DONE;
    }
  }

  /** `name() command`, after its `(`. */
  private *functionDefinition(s: SimpleState): Step<Command> {
    const lex = this.lex;
    const nameWord = s.words[0] as Word;
    const r = lex.read(0) ?? (yield* this.slowRead());
    if (r.type !== T.RP) throw this.unexpected(T.RP);
    const text = literalText(nameWord);
    if (text === null || !isName(text) || SPECIAL_BUILTINS.has(text)) {
      throw lex.error('badFunctionName', 'Bad function name', nameWord.start, nameWord.end);
    }
    this.opens.push({ kind: 'function', start: nameWord.start, end: r.end });
    const body = (yield this.command(CHKNL | CHKKWD)) as Command;
    this.opens.pop();
    return { type: 'FunctionDefinition', start: nameWord.start, end: body.end, name: text, nameWord, body };
  }

  /** A redirection whose target was read (by a simple command or after a compound command). */
  private *redirect(t: Token): Step<Redirect> {
    const target = this.lex.read(targetFlags(t)) ?? (yield* this.slowRead());
    return this.redirectNode(t, target);
  }

  /** The redirection `t` with its target (dash's `parsefname`); a here-document joins the queue. */
  private redirectNode(t: Token, target: Token): Redirect {
    const lex = this.lex;
    const r = t.redirect as NonNullable<Token['redirect']>;
    const here = isHereDoc(r.op);
    if (target.type !== T.WORD) throw this.unexpected(-1);
    const word = target.word as Word;
    const node: Mutable<Redirect> = { type: 'Redirect', start: t.start, end: target.end, op: r.op, fd: r.fd, target: word, heredoc: null };
    if (here) {
      const doc: HereDocTarget = {
        start: t.start,
        // Quote removal only: the delimiter is never expanded (`<<$X` ends at a line `$X`).
        delimiter: looseValue(word, lex.src),
        quoted: target.quoted,
        stripTabs: r.op === '<<-',
        done: (body, terminator, start, end) => {
          node.heredoc = {
            type: 'HereDocument',
            start,
            end,
            delimiter: doc.delimiter,
            quoted: doc.quoted,
            stripTabs: doc.stripTabs,
            body,
            terminator,
          };
        },
      };
      lex.heredocs.push(doc);
    }
    return node;
  }
}

/** The pattern word of a case item; dash takes whatever token stands there. */
function patternWord(t: Token): Word {
  return t.word ?? { type: 'Word', start: t.start, end: t.end, parts: [] };
}

function literalText(word: Word): string | null {
  if (word.parts.length === 0) return '';
  const first = word.parts[0];
  return word.parts.length === 1 && first?.type === 'Literal' ? first.value : null;
}

/** `NAME=` at the start of an unquoted word makes it an assignment (dash's `isassignment`). */
function assignmentName(word: Word): string | null {
  const first = word.parts[0];
  if (first?.type !== 'Literal') return null;
  const m = /^[A-Za-z_][A-Za-z0-9_]*(?==)/.exec(first.value);
  return m ? m[0] : null;
}

/** Offset just after the `=` of an assignment word (line continuations may sit in the name). */
function valueStartOf(src: string, word: Word, name: string): number {
  let p = word.start;
  let seen = 0;
  while (seen <= name.length && p < word.end) {
    if (src.charCodeAt(p) === 92 && src.charCodeAt(p + 1) === 10) {
      p += 2;
      continue;
    }
    p++;
    seen++;
  }
  return p;
}

function valueOf(word: Word, valueStart: number): Word {
  const parts = [];
  for (const part of word.parts) {
    if (part.end <= valueStart) continue;
    if (part.start < valueStart && part.type === 'Literal') {
      parts.push({ type: 'Literal' as const, start: valueStart, end: part.end, value: part.value.slice(valueStart - part.start) });
    } else {
      parts.push(part);
    }
  }
  return { type: 'Word', start: valueStart, end: word.end, parts };
}

/** Parses the text of a backquoted command and moves its offsets back into the outer text. */
function parseBackquoted(inner: string, map: OffsetMap): { body: CommandList; comments: readonly Comment[] } {
  const parser = new ShellParser(inner);
  try {
    const result = parser.parseBackquoteBody();
    remapOffsets(result.body, map);
    for (const c of result.comments) remapOffsets(c, map);
    return result;
  } catch (signal) {
    if (signal instanceof SyntaxSignal) {
      const e = signal.error as Mutable<ShellSyntaxError>;
      e.inBackquote = true;
      e.start = map(e.start);
      e.end = Math.max(e.start, e.end > 0 ? map(e.end - 1) + 1 : e.start);
      if (e.open) e.open = { kind: e.open.kind, start: map(e.open.start), end: map(Math.max(e.open.start, e.open.end - 1)) + 1 };
    }
    throw signal;
  }
}
