/**
 * The chevrotain grammar of one stanza, over the tokens of lexer.ts.
 *
 * Structure errors (a missing argument, an extra token, a bad sub-keyword, event-expression
 * shape) surface as chevrotain recognition exceptions and are classified by parse.ts. Value errors
 * (numbers, enumerations, empty quoted strings, unterminated quotes) are found by the embedded
 * actions as each token is consumed, so that the first error of a stanza is the one upstart's
 * handler would hit first.
 *
 * Event expressions are a flat list of items here; event-expression.ts combines them with
 * upstart's own operator stack, which also decides the first error.
 */
import { EmbeddedActionsParser, type IOrAlt } from 'chevrotain';
import type {
  LimitResource,
  NormalExitValue,
  ProcessPhase,
  ScriptLine,
  Span,
  Stanza,
  TextKeyword,
  Word,
} from './ast.js';
import { EventExpressionBuilder } from './event-expression.js';
import type { LineIndex } from './positions.js';
import { ScanError } from './scanner.js';
import * as T from './tokens.js';
import type { SemanticError, UToken } from './tokens.js';
import {
  CONSOLE_MODES,
  EXPECT_MODES,
  INT_MAX,
  LIMIT_RESOURCES,
  parseSignal,
  scaleLegacyOom,
  signalByName,
  strtol,
  strtoul,
  toInt32,
} from './values.js';

const PHASE_BY_HOOK: Readonly<Record<string, ProcessPhase>> = {
  'pre-start': 'pre-start',
  'post-start': 'post-start',
  'pre-stop': 'pre-stop',
  'post-stop': 'post-stop',
};

export class StanzaParser extends EmbeddedActionsParser {
  /** Set by parse.ts before each stanza. */
  lines!: LineIndex;
  src = '';
  semantic: SemanticError[] = [];

  constructor(skipValidations = false) {
    // The grammar is LL(1) by construction (every alternative starts with its own token type); a
    // deeper lookahead only makes self-analysis slower. The test suite validates with it.
    super(T.allTokens, { recoveryEnabled: false, skipValidations, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  load(src: string, lines: LineIndex, tokens: UToken[]): void {
    this.src = src;
    this.lines = lines;
    this.semantic = [];
    this.input = tokens;
  }

  // -------------------------------------------------------------------------------------------
  // helpers (only called inside ACTION)

  span(tok: UToken): Span {
    return this.lines.span(tok.startOffset, tok.endOffset + 1);
  }

  spanFrom(a: UToken, b: UToken): Span {
    return this.lines.span(a.startOffset, Math.max(a.startOffset, b.endOffset + 1));
  }

  lineOf(tok: UToken): number {
    return this.lines.lineOf(tok.startOffset);
  }

  word(tok: UToken): Word {
    return { type: 'Word', raw: tok.image, value: tok.value, span: this.span(tok) };
  }

  fail(e: SemanticError): void {
    this.semantic.push(e);
  }

  /** Upstart's argument reader checks: scan errors first, then emptiness. */
  checkArg(tok: UToken, what: string): boolean {
    if (tok.scanError === ScanError.UnterminatedQuote) {
      this.fail({
        messageId: 'unterminatedQuote',
        token: tok,
        start: tok.scanErrorAt,
        end: tok.endOffset + 1,
        upstartLine: this.lines.lineCount,
        message: `Unterminated quoted string: the quote opened here is never closed, so upstart reads to the end of the file and rejects it; close the quote`,
      });
      return false;
    }
    if (tok.scanError === ScanError.TrailingSlash) {
      this.fail({
        messageId: 'trailingSlash',
        token: tok,
        start: tok.scanErrorAt,
        end: tok.scanErrorAt + 1,
        upstartLine: this.lines.lineCount,
        message: 'Trailing slash in file: the file ends with a backslash that escapes nothing; remove it or end the file with a newline after it',
      });
      return false;
    }
    if (tok.empty) {
      this.fail({
        messageId: 'expectedToken',
        token: tok, upstartLine: this.lineOf(tok),
        message: `Expected token: ${what} cannot be an empty string`,
      });
      return false;
    }
    return true;
  }

  private head(kw: UToken, sub: UToken | null): Span {
    return sub ? this.spanFrom(kw, sub) : this.span(kw);
  }

  private end(first: UToken, last: UToken): Span {
    return this.spanFrom(first, last);
  }

  // -------------------------------------------------------------------------------------------
  // grammar

  private stanzaAlts: IOrAlt<Stanza | undefined>[] | undefined;

  stanza = this.RULE('stanza', (): Stanza | undefined =>
    this.OR((this.stanzaAlts ??= [
      { ALT: () => this.SUBRULE(this.textStanza) },
      { ALT: () => this.SUBRULE(this.wordListStanza) },
      { ALT: () => this.SUBRULE(this.taskStanza) },
      { ALT: () => this.SUBRULE(this.respawnStanza) },
      { ALT: () => this.SUBRULE(this.bareStanza) },
      { ALT: () => this.SUBRULE(this.execStanza) },
      { ALT: () => this.SUBRULE(this.scriptStanza) },
      { ALT: () => this.SUBRULE(this.hookStanza) },
      { ALT: () => this.SUBRULE(this.eventStanza) },
      { ALT: () => this.SUBRULE(this.killStanza) },
      { ALT: () => this.SUBRULE(this.reloadStanza) },
      { ALT: () => this.SUBRULE(this.normalStanza) },
      { ALT: () => this.SUBRULE(this.oomStanza) },
      { ALT: () => this.SUBRULE(this.limitStanza) },
      { ALT: () => this.SUBRULE(this.apparmorStanza) },
      { ALT: () => this.SUBRULE(this.cgroupStanza) },
    ])),
  );

  /** description author version usage instance chroot chdir setuid setgid env umask nice expect console */
  private textStanza = this.RULE('textStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwText) as UToken;
    const arg = this.CONSUME(T.Word) as UToken;
    const node = this.ACTION(() => this.textValue(kw, arg));
    this.CONSUME(T.Eol);
    return node;
  });

  private textValue(kw: UToken, argTok: UToken): Stanza | undefined {
    const keyword = kw.value;
    if (!this.checkArg(argTok, `\`${keyword}\``)) return undefined;
    const arg = this.word(argTok);
    const head = this.span(kw);
    const span = this.end(kw, argTok);
    const v = argTok.value;
    switch (keyword) {
      case 'env': {
        const eq = v.indexOf('=');
        return { type: 'EnvStanza', keyword: 'env', head, span, arg, name: eq === -1 ? v : v.slice(0, eq), value: eq === -1 ? null : v.slice(eq + 1) };
      }
      case 'umask': {
        const n = strtol(v, 8);
        if (n === null || n < 0n || n > 0o777n) {
          this.fail({ messageId: 'illegalUmask', token: argTok, upstartLine: this.lineOf(argTok), message: `Illegal file creation mask, expected octal integer: \`umask ${v}\` is not an octal number from 0 to 0777` });
          return undefined;
        }
        return { type: 'UmaskStanza', keyword: 'umask', head, span, arg, value: Number(n) };
      }
      case 'nice': {
        const n = strtol(v);
        if (n === null || n < -20n || n > 19n) {
          this.fail({ messageId: 'illegalNice', token: argTok, upstartLine: this.lineOf(argTok), message: `Illegal nice value, expected -20 to 19: \`nice ${v}\` is not a decimal number in that range` });
          return undefined;
        }
        return { type: 'NiceStanza', keyword: 'nice', head, span, arg, value: Number(n) };
      }
      case 'expect': {
        if (!(EXPECT_MODES as readonly string[]).includes(v)) {
          this.fail({ messageId: 'unknownStanza', token: argTok, upstartLine: this.lineOf(argTok), message: `Unknown stanza: \`expect\` takes \`stop\`, \`daemon\`, \`fork\` or \`none\` (lowercase), not "${v}"` });
          return undefined;
        }
        return { type: 'ExpectStanza', keyword: 'expect', head, span, arg, mode: v as (typeof EXPECT_MODES)[number] };
      }
      case 'console': {
        if (!(CONSOLE_MODES as readonly string[]).includes(v)) {
          const hint = v === 'logged' ? ' (`console logged` is from upstart 0.5; use `console log`)' : '';
          this.fail({ messageId: 'unknownStanza', token: argTok, upstartLine: this.lineOf(argTok), message: `Unknown stanza: \`console\` takes \`log\`, \`none\`, \`output\` or \`owner\`, not "${v}"${hint}` });
          return undefined;
        }
        return { type: 'ConsoleStanza', keyword: 'console', head, span, arg, mode: v as (typeof CONSOLE_MODES)[number] };
      }
      default:
        return { type: 'TextStanza', keyword: keyword as TextKeyword, head, span, arg, value: v };
    }
  }

  /** export emits */
  private wordListStanza = this.RULE('wordListStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwWordList) as UToken;
    const args: UToken[] = [];
    this.AT_LEAST_ONE(() => {
      const w = this.CONSUME(T.Word) as UToken;
      this.ACTION(() => {
        if (this.semantic.length === 0) this.checkArg(w, `an \`${kw.value}\` name`);
        args.push(w);
      });
    });
    const eol = this.CONSUME(T.Eol) as UToken;
    return this.ACTION((): Stanza => {
      const words = args.map((a) => this.word(a));
      const head = this.span(kw);
      const span = this.end(kw, args[args.length - 1] ?? eol);
      // Object literals, not `{ ...base, more }`: on Node 20 that spread form gets its objects
      // promoted to the old generation, and peak memory then grows with the number of files.
      return kw.value === 'export'
        ? { head, span, type: 'ExportStanza', keyword: 'export', names: words }
        : { head, span, type: 'EmitsStanza', keyword: 'emits', events: words };
    });
  });

  private taskStanza = this.RULE('taskStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwTask) as UToken;
    this.CONSUME(T.Eol);
    return this.ACTION((): Stanza => ({ type: 'FlagStanza', keyword: 'task', head: this.span(kw), span: this.span(kw) }));
  });

  private bareStanza = this.RULE('bareStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwBare) as UToken;
    return this.ACTION((): Stanza => ({
      type: 'FlagStanza',
      keyword: kw.value === 'manual' ? 'manual' : 'debug',
      head: this.span(kw),
      span: this.span(kw),
    }));
  });

  /** respawn | respawn limit (unlimited | COUNT INTERVAL) */
  private respawnStanza = this.RULE('respawnStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwRespawn) as UToken;
    let sub: UToken | null = null;
    let countTok: UToken | null = null;
    let intervalTok: UToken | null = null;
    let unlimited = false;
    let count = 0;
    let interval = 0;
    this.OPTION(() => {
      sub = this.CONSUME(T.LimitSub) as UToken;
      countTok = this.CONSUME(T.Word) as UToken;
      this.ACTION(() => {
        const c = countTok as UToken;
        if (!this.checkArg(c, '`respawn limit`')) return;
        if (c.value === 'unlimited') {
          unlimited = true;
          return;
        }
        const n = strtol(c.value);
        if (n === null || n < 0n) {
          this.fail({ messageId: 'illegalLimit', token: c, upstartLine: this.lineOf(c), message: `Illegal limit, expected 'unlimited' or integer: respawn count "${c.value}" is not a non-negative decimal number` });
          return;
        }
        count = toInt32(n);
      });
      this.OPTION2({
        GATE: () => !unlimited,
        DEF: () => {
          intervalTok = this.CONSUME2(T.Word) as UToken;
          this.ACTION(() => {
            const t = intervalTok as UToken;
            if (this.semantic.length > 0 || !this.checkArg(t, 'the `respawn limit` interval')) return;
            const n = strtol(t.value);
            if (n === null || n < 0n) {
              this.fail({ messageId: 'illegalInterval', token: t, upstartLine: this.lineOf(t), message: `Illegal interval, expected number of seconds: "${t.value}" is not a non-negative decimal number` });
              return;
            }
            interval = Number(n);
          });
        },
      });
    });
    const eol = this.CONSUME(T.Eol) as UToken;
    return this.ACTION((): Stanza | undefined => {
      if (sub === null) return { type: 'FlagStanza', keyword: 'respawn', head: this.span(kw), span: this.span(kw) };
      if (!unlimited && intervalTok === null && this.semantic.length === 0) {
        this.fail({ messageId: 'expectedToken', token: eol, upstartLine: this.lineOf(eol), message: 'Expected token: `respawn limit` needs a COUNT and an INTERVAL in seconds (or `unlimited`)' });
      }
      if (this.semantic.length > 0) return undefined;
      const args = [countTok, intervalTok].filter((x): x is UToken => x !== null);
      return {
        type: 'RespawnLimitStanza',
        keyword: 'respawn limit',
        head: this.head(kw, sub),
        span: this.end(kw, args[args.length - 1] ?? (sub as UToken)),
        unlimited: unlimited || count === 0 || interval === 0,
        count,
        interval,
        args: args.map((a) => this.word(a)),
      };
    });
  });

  private execStanza = this.RULE('execStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwExec) as UToken;
    const cmd = this.CONSUME(T.Command) as UToken;
    const node = this.ACTION(() => this.execNode(kw, null, cmd, 'main'));
    this.CONSUME(T.Eol);
    return node;
  });

  private execNode(kw: UToken, sub: UToken | null, cmd: UToken, phase: ProcessPhase): Stanza | undefined {
    if (!this.checkArg(cmd, 'the command')) return undefined;
    return {
      type: 'ExecStanza',
      keyword: phase === 'main' ? 'exec' : phase,
      phase,
      head: this.head(kw, sub),
      span: this.end(kw, cmd),
      command: { type: 'Command', raw: cmd.image, value: cmd.value, span: this.span(cmd) },
    };
  }

  private scriptStanza = this.RULE('scriptStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwScript) as UToken;
    this.CONSUME(T.Eol);
    const block = this.CONSUME(T.Block) as UToken;
    return this.ACTION(() => this.scriptNode(kw, null, block, 'main'));
  });

  private scriptNode(kw: UToken, sub: UToken | null, blockTok: UToken, phase: ProcessPhase): Stanza | undefined {
    const info = blockTok.block;
    if (!info) return undefined;
    const src = this.src;
    if (info.terminatorStart === -1) {
      this.fail({
        messageId: 'unterminatedBlock',
        token: kw,
        start: kw.startOffset,
        end: (sub ?? kw).endOffset + 1,
        upstartLine: this.lines.lineCount,
        message: unterminatedBlockMessage(src, this.lines, info.near),
      });
      return undefined;
    }
    const lines: ScriptLine[] = [];
    const texts: string[] = [];
    const indent = info.indent;
    for (const [a, e] of info.lines) {
      const contentEnd = e > a && src.charCodeAt(e - 1) === 10 ? e - 1 : e;
      const lineRaw = src.slice(a, contentEnd);
      const lineText = indent === 0 ? lineRaw : src.slice(a + indent, contentEnd);
      if (indent !== 0) texts.push(src.slice(a + indent, e));
      lines.push({ raw: lineRaw, text: lineText, span: this.lines.span(a, contentEnd) });
    }
    const bodyStart = info.lines[0]?.[0] ?? info.terminatorStart;
    const bodyEnd = info.lines.length > 0 ? (info.lines[info.lines.length - 1] as readonly [number, number])[1] : info.terminatorStart;
    const termEnd = info.next > info.terminatorStart && src.charCodeAt(info.next - 1) === 10 ? info.next - 1 : info.next;
    let termContentEnd = termEnd;
    while (termContentEnd > info.terminatorStart && /[ \t\r]/.test(src[termContentEnd - 1] ?? '')) termContentEnd--;
    const first = src.slice(bodyStart, bodyStart + indent);
    // One slice for the raw body; the stripped text is joined flat (no rope of line slices).
    const raw = src.slice(bodyStart, bodyEnd);
    const text = indent === 0 ? raw : texts.join('');
    return {
      type: 'ScriptStanza',
      keyword: phase === 'main' ? 'script' : phase,
      phase,
      head: this.head(kw, sub),
      span: this.lines.span(kw.startOffset, termContentEnd),
      body: {
        type: 'ScriptBody',
        raw,
        text,
        indent: first,
        lines,
        span: this.lines.span(bodyStart, bodyEnd),
        terminator: this.lines.span(info.terminatorStart, termContentEnd),
      },
    };
  }

  /** pre-start | post-start | pre-stop | post-stop, then exec COMMAND | script BLOCK */
  private hookStanza = this.RULE('hookStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwHook) as UToken;
    return this.OR([
      {
        ALT: () => {
          const sub = this.CONSUME(T.SubExec) as UToken;
          const cmd = this.CONSUME(T.Command) as UToken;
          const node = this.ACTION(() => this.execNode(kw, sub, cmd, PHASE_BY_HOOK[kw.value] ?? 'pre-start'));
          this.CONSUME(T.Eol);
          return node;
        },
      },
      {
        ALT: () => {
          const sub = this.CONSUME(T.SubScript) as UToken;
          this.CONSUME2(T.Eol);
          const block = this.CONSUME(T.Block) as UToken;
          return this.ACTION(() => this.scriptNode(kw, sub, block, PHASE_BY_HOOK[kw.value] ?? 'pre-start'));
        },
      },
    ]);
  });

  /** kill timeout N | kill signal SIG */
  private killStanza = this.RULE('killStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwKill) as UToken;
    const node = this.OR([
      {
        ALT: () => {
          const sub = this.CONSUME(T.Timeout) as UToken;
          const arg = this.CONSUME(T.Word) as UToken;
          return this.ACTION((): Stanza | undefined => {
            if (!this.checkArg(arg, '`kill timeout`')) return undefined;
            const n = strtol(arg.value);
            if (n === null || n < 0n) {
              this.fail({ messageId: 'illegalInterval', token: arg, upstartLine: this.lineOf(arg), message: `Illegal interval, expected number of seconds: \`kill timeout ${arg.value}\` is not a non-negative decimal number (no units)` });
              return undefined;
            }
            return { type: 'KillTimeoutStanza', keyword: 'kill timeout', head: this.head(kw, sub), span: this.end(kw, arg), seconds: Number(n), arg: this.word(arg) };
          });
        },
      },
      {
        ALT: () => {
          const sub = this.CONSUME(T.Signal) as UToken;
          const arg = this.CONSUME2(T.Word) as UToken;
          return this.ACTION(() => this.signalNode(kw, sub, arg, 'kill signal'));
        },
      },
    ]);
    this.CONSUME(T.Eol);
    return node;
  });

  private signalNode(kw: UToken, sub: UToken, arg: UToken, keyword: 'kill signal' | 'reload signal'): Stanza | undefined {
    if (!this.checkArg(arg, `\`${keyword}\``)) return undefined;
    const sig = parseSignal(arg.value);
    if (!sig) {
      this.fail({
        messageId: 'illegalSignal',
        token: arg,
        upstartLine: null,
        message: `Illegal signal status, expected integer: "${arg.value}" is neither a signal name (uppercase, e.g. \`TERM\` or \`SIGTERM\`) nor a number (upstart logs this one without a line number)`,
      });
      return undefined;
    }
    return { type: 'SignalStanza', keyword, head: this.head(kw, sub), span: this.end(kw, arg), signal: sig, arg: this.word(arg) };
  }

  private reloadStanza = this.RULE('reloadStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwReload) as UToken;
    const sub = this.CONSUME(T.Signal) as UToken;
    const arg = this.CONSUME(T.Word) as UToken;
    const node = this.ACTION(() => this.signalNode(kw, sub, arg, 'reload signal'));
    this.CONSUME(T.Eol);
    return node;
  });

  /** normal exit (STATUS | SIGNAL)+ */
  private normalStanza = this.RULE('normalStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwNormal) as UToken;
    const sub = this.CONSUME(T.Exit) as UToken;
    const values: NormalExitValue[] = [];
    let last: UToken = sub;
    this.AT_LEAST_ONE(() => {
      const w = this.CONSUME(T.Word) as UToken;
      this.ACTION(() => {
        last = w;
        if (this.semantic.length > 0 || !this.checkArg(w, 'a `normal exit` value')) return;
        const sig = signalByName(w.value);
        if (sig) {
          values.push({ arg: this.word(w), kind: 'signal', value: sig.number, signalName: sig.name });
          return;
        }
        const n = strtoul(w.value);
        if (n === null || n > BigInt(INT_MAX)) {
          this.fail({ messageId: 'illegalExit', token: w, upstartLine: this.lineOf(w), message: `Illegal exit status, expected integer: "${w.value}" is neither a decimal exit status nor a signal name (uppercase, e.g. \`TERM\`)` });
          return;
        }
        values.push({ arg: this.word(w), kind: 'status', value: Number(n), signalName: null });
      });
    });
    this.CONSUME(T.Eol);
    return this.ACTION((): Stanza | undefined =>
      this.semantic.length > 0
        ? undefined
        : { type: 'NormalExitStanza', keyword: 'normal exit', head: this.head(kw, sub), span: this.end(kw, last), values },
    );
  });

  /** oom score (N | never) | oom (N | never) */
  private oomStanza = this.RULE('oomStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwOom) as UToken;
    const node = this.OR([
      {
        ALT: () => {
          const sub = this.CONSUME(T.Score) as UToken;
          const arg = this.CONSUME(T.Word) as UToken;
          return this.ACTION(() => this.oomNode(kw, sub, arg));
        },
      },
      {
        ALT: () => {
          const arg = this.CONSUME2(T.Word) as UToken;
          return this.ACTION(() => this.oomNode(kw, null, arg));
        },
      },
    ]);
    this.CONSUME(T.Eol);
    return node;
  });

  private oomNode(kw: UToken, sub: UToken | null, arg: UToken): Stanza | undefined {
    if (!this.checkArg(arg, '`oom`')) return undefined;
    const head = this.head(kw, sub);
    const span = this.end(kw, arg);
    const word = this.word(arg);
    const node = (keyword: 'oom' | 'oom score', score: number, written: number, never: boolean): Stanza => ({
      type: 'OomStanza',
      head,
      span,
      arg: word,
      keyword,
      score,
      written,
      never,
    });
    if (arg.value === 'never') return sub ? node('oom score', -1000, -1000, true) : node('oom', -1000, -17, true);
    const n = strtol(arg.value);
    if (sub) {
      if (n === null || n < -1000n || n > 1000n) {
        this.fail({ messageId: 'illegalOom', token: arg, upstartLine: this.lineOf(arg), message: `Illegal oom score adjustment, expected -999 to 1000 or 'never': "${arg.value}" is out of range (upstart also accepts -1000)` });
        return undefined;
      }
      return node('oom score', Number(n), Number(n), false);
    }
    if (n === null || n < -17n || n > 15n) {
      this.fail({ messageId: 'illegalOom', token: arg, upstartLine: this.lineOf(arg), message: `Illegal oom adjustment, expected -16 to 15 or 'never': "${arg.value}" is out of range for the legacy \`oom\` form; use \`oom score\` (-1000 to 1000)` });
      return undefined;
    }
    return node('oom', scaleLegacyOom(Number(n)), Number(n), false);
  }

  /** limit RESOURCE SOFT HARD */
  private limitStanza = this.RULE('limitStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwLimit) as UToken;
    const res = this.CONSUME(T.Word) as UToken;
    this.ACTION(() => {
      if (!this.checkArg(res, 'the `limit` resource')) return;
      if (!(LIMIT_RESOURCES as readonly string[]).includes(res.value)) {
        this.fail({ messageId: 'unknownStanza', token: res, upstartLine: this.lineOf(res), message: `Unknown stanza: "${res.value}" is not a \`limit\` resource; use one of ${LIMIT_RESOURCES.join(', ')} (lowercase)` });
      }
    });
    const soft = this.CONSUME2(T.Word) as UToken;
    const softValue = this.ACTION(() => this.limitValue(soft));
    const hard = this.CONSUME3(T.Word) as UToken;
    const hardValue = this.ACTION(() => this.limitValue(hard));
    this.CONSUME(T.Eol);
    return this.ACTION((): Stanza | undefined => {
      if (this.semantic.length > 0 || softValue === null || hardValue === null || softValue === undefined || hardValue === undefined) return undefined;
      return {
        type: 'LimitStanza',
        keyword: 'limit',
        head: this.span(kw),
        span: this.end(kw, hard),
        resource: res.value as LimitResource,
        soft: softValue,
        hard: hardValue,
        args: [this.word(res), this.word(soft), this.word(hard)],
      };
    });
  });

  private limitValue(tok: UToken): bigint | 'unlimited' | null {
    if (this.semantic.length > 0 || !this.checkArg(tok, 'a `limit` value')) return null;
    if (tok.value === 'unlimited') return 'unlimited';
    const n = strtoul(tok.value);
    if (n === null) {
      this.fail({ messageId: 'illegalLimit', token: tok, upstartLine: this.lineOf(tok), message: `Illegal limit, expected 'unlimited' or integer: "${tok.value}" is not a decimal number (no unit suffixes)` });
      return null;
    }
    return n;
  }

  /** apparmor load PROFILE | apparmor switch NAME */
  private apparmorStanza = this.RULE('apparmorStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwApparmor) as UToken;
    const sub = this.OR([{ ALT: () => this.CONSUME(T.Load) as UToken }, { ALT: () => this.CONSUME(T.Switch) as UToken }]);
    const arg = this.CONSUME(T.Word) as UToken;
    const node = this.ACTION((): Stanza | undefined => {
      if (!this.checkArg(arg, `\`apparmor ${sub.value}\``)) return undefined;
      return {
        type: 'TextStanza',
        keyword: sub.value === 'load' ? 'apparmor load' : 'apparmor switch',
        head: this.head(kw, sub),
        span: this.end(kw, arg),
        arg: this.word(arg),
        value: arg.value,
      };
    });
    this.CONSUME(T.Eol);
    return node;
  });

  /** cgroup CONTROLLER [NAME] [KEY VALUE] — 1 to 4 words */
  private cgroupStanza = this.RULE('cgroupStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwCgroup) as UToken;
    const args: UToken[] = [];
    const take = (w: UToken): void => {
      this.ACTION(() => {
        if (this.semantic.length === 0) this.checkArg(w, 'a `cgroup` argument');
        args.push(w);
      });
    };
    take(this.CONSUME(T.Word) as UToken);
    this.OPTION(() => {
      take(this.CONSUME2(T.Word) as UToken);
      this.OPTION2(() => {
        take(this.CONSUME3(T.Word) as UToken);
        this.OPTION3(() => take(this.CONSUME4(T.Word) as UToken));
      });
    });
    this.CONSUME(T.Eol);
    return this.ACTION((): Stanza | undefined => {
      if (this.semantic.length > 0) return undefined;
      const w = args.map((a) => this.word(a));
      const [controller, a1, a2, a3] = w as [Word, Word?, Word?, Word?];
      const shape =
        w.length === 1 ? { name: null, key: null, value: null }
        : w.length === 2 ? { name: a1 ?? null, key: null, value: null }
        : w.length === 3 ? { name: null, key: a1 ?? null, value: a2 ?? null }
        : { name: a1 ?? null, key: a2 ?? null, value: a3 ?? null };
      return { type: 'CgroupStanza', keyword: 'cgroup', head: this.span(kw), span: this.end(kw, args[args.length - 1] as UToken), controller, ...shape, args: w };
    });
  });

  private itemAlts: IOrAlt<UToken>[] | undefined;
  private endAlts: IOrAlt<UToken>[] | undefined;

  /** start on EXPR | stop on EXPR: the items are checked and combined by EventExpressionBuilder. */
  private eventStanza = this.RULE('eventStanza', (): Stanza | undefined => {
    const kw = this.CONSUME(T.KwEvent) as UToken;
    const sub = this.CONSUME(T.On) as UToken;
    const items: UToken[] = [];
    this.MANY(() => {
      const item = this.OR(
        (this.itemAlts ??= [
          { ALT: () => this.CONSUME(T.LParen) as UToken },
          { ALT: () => this.CONSUME(T.RParen) as UToken },
          { ALT: () => this.CONSUME(T.And) as UToken },
          { ALT: () => this.CONSUME(T.Or) as UToken },
          { ALT: () => this.CONSUME(T.Word) as UToken },
          { ALT: () => this.CONSUME(T.BlankInParens) as UToken },
        ]),
      );
      this.ACTION(() => items.push(item));
    });
    const end = this.OR2((this.endAlts ??= [{ ALT: () => this.CONSUME(T.Eol) as UToken }, { ALT: () => this.CONSUME(T.Eof) as UToken }]));
    return this.ACTION((): Stanza | undefined => {
      const built = new EventExpressionBuilder(this.src, this.lines).build(kw, sub, items, end);
      if ('type' in built) return built;
      this.fail(built);
      return undefined;
    });
  });
}

function unterminatedBlockMessage(src: string, lines: LineIndex, near: number): string {
  const base = 'Unterminated block: no `end script` line closes this script, so upstart reads to the end of the file and rejects it';
  if (near === -1) return `${base}; add an \`end script\` line`;
  const line = lines.lineOf(near);
  const text = src.slice(near, lines.lineEnd(line)).trim();
  return `${base}; line ${line} ("${text}") does not count: the terminator is exactly \`end script\`, lowercase, with whitespace between the words`;
}
