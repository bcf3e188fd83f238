/**
 * The chevrotain grammar of one stanza, over the tokens of lexer.ts.
 *
 * Structure errors (a missing argument, an extra token, a bad sub-keyword) surface as chevrotain
 * recognition exceptions and are classified by structure-errors.ts. Value errors (numbers,
 * enumerations, empty quoted strings, unterminated quotes) are found by the embedded actions as
 * each token is consumed (stanza-values.ts), so that the first error of a stanza is the one
 * upstart's handler would hit first. Script blocks are built by script-body.ts; event expressions
 * are a flat list of items here, which event-expression.ts combines with upstart's own operator
 * stack.
 */
import { EmbeddedActionsParser, type IOrAlt, type TokenType } from 'chevrotain';
import type { NormalExitValue, ProcessPhase, Span, Stanza, Word } from './ast.js';
import { EventExpressionBuilder } from './event-expression.js';
import * as M from './messages.js';
import { spanOfTokens, type LineIndex } from './positions.js';
import { buildScript } from './script-body.js';
import * as V from './stanza-values.js';
import * as T from './tokens.js';
import type { SemanticError, UToken } from './tokens.js';

const PHASE_BY_HOOK: Readonly<Record<string, ProcessPhase>> = {
  'pre-start': 'pre-start',
  'post-start': 'post-start',
  'pre-stop': 'pre-stop',
  'post-stop': 'post-stop',
};

export class StanzaParser extends EmbeddedActionsParser {
  /** Set by load() before each stanza. */
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
  // helpers

  /** CONSUME with our token type: the lexer creates every token as a UToken. */
  private take(type: TokenType, idx = 0): UToken {
    return this.consume(idx, type) as UToken;
  }

  private span(first: UToken, last: UToken = first): Span {
    return spanOfTokens(this.lines, first, last);
  }

  private word(tok: UToken): Word {
    return V.word(this.lines, tok);
  }

  private get failed(): boolean {
    return this.semantic.length > 0;
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
    const kw = this.take(T.KwText);
    const arg = this.take(T.Word);
    const node = this.ACTION(() => V.textStanza(this, kw, arg));
    this.take(T.Eol);
    return node;
  });

  /** export emits */
  private wordListStanza = this.RULE('wordListStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwWordList);
    const args: UToken[] = [];
    this.AT_LEAST_ONE(() => {
      const w = this.take(T.Word);
      this.ACTION(() => {
        if (!this.failed) V.checkArg(this, w, `an \`${kw.value}\` name`);
        args.push(w);
      });
    });
    const eol = this.take(T.Eol);
    return this.ACTION((): Stanza => {
      const words = args.map((a) => this.word(a));
      const head = this.span(kw);
      const span = this.span(kw, args[args.length - 1] ?? eol);
      // Object literals, not `{ ...base, more }`: on Node 20 that spread form gets its objects
      // promoted to the old generation, and peak memory then grows with the number of files.
      return kw.value === 'export'
        ? { head, span, type: 'ExportStanza', keyword: 'export', names: words }
        : { head, span, type: 'EmitsStanza', keyword: 'emits', events: words };
    });
  });

  private taskStanza = this.RULE('taskStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwTask);
    this.take(T.Eol);
    return this.ACTION((): Stanza => ({ type: 'FlagStanza', keyword: 'task', head: this.span(kw), span: this.span(kw) }));
  });

  private bareStanza = this.RULE('bareStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwBare);
    return this.ACTION((): Stanza => ({
      type: 'FlagStanza',
      keyword: kw.value === 'manual' ? 'manual' : 'debug',
      head: this.span(kw),
      span: this.span(kw),
    }));
  });

  /** respawn | respawn limit (unlimited | COUNT INTERVAL) */
  private respawnStanza = this.RULE('respawnStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwRespawn);
    let sub: UToken | null = null;
    let countTok: UToken | null = null;
    let intervalTok: UToken | null = null;
    let count: number | 'unlimited' | null = null;
    let interval: number | null = 0;
    this.OPTION(() => {
      sub = this.take(T.LimitSub);
      countTok = this.take(T.Word);
      this.ACTION(() => {
        count = V.respawnCount(this, countTok as UToken);
      });
      this.OPTION2({
        GATE: () => count !== 'unlimited',
        DEF: () => {
          intervalTok = this.take(T.Word, 2);
          this.ACTION(() => {
            if (!this.failed) interval = V.interval(this, intervalTok as UToken, false);
          });
        },
      });
    });
    const eol = this.take(T.Eol);
    return this.ACTION((): Stanza | undefined => {
      if (sub === null) return { type: 'FlagStanza', keyword: 'respawn', head: this.span(kw), span: this.span(kw) };
      if (count !== 'unlimited' && intervalTok === null && !this.failed) {
        this.semantic.push({ messageId: 'expectedToken', token: eol, upstartLine: this.lines.lineOf(eol.startOffset), message: M.valueMessages.respawnIncomplete });
      }
      if (this.failed) return undefined;
      return V.respawnLimitStanza(this, kw, sub, countTok as UToken, intervalTok, count ?? 0, interval ?? 0);
    });
  });

  private execStanza = this.RULE('execStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwExec);
    const cmd = this.take(T.Command);
    const node = this.ACTION(() => this.execNode(kw, null, cmd, 'main'));
    this.take(T.Eol);
    return node;
  });

  private execNode(kw: UToken, sub: UToken | null, cmd: UToken, phase: ProcessPhase): Stanza | undefined {
    if (!V.checkArg(this, cmd, 'the command')) return undefined;
    return {
      type: 'ExecStanza',
      keyword: phase === 'main' ? 'exec' : phase,
      phase,
      head: this.span(kw, sub ?? kw),
      span: this.span(kw, cmd),
      command: { type: 'Command', raw: cmd.image, value: cmd.value, span: this.span(cmd) },
    };
  }

  private scriptStanza = this.RULE('scriptStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwScript);
    this.take(T.Eol);
    const block = this.take(T.Block);
    return this.ACTION(() => this.scriptNode(kw, null, block, 'main'));
  });

  private scriptNode(kw: UToken, sub: UToken | null, blockTok: UToken, phase: ProcessPhase): Stanza | undefined {
    if (!blockTok.block) return undefined;
    const built = buildScript(this.src, this.lines, kw, sub, blockTok.block, phase);
    if ('type' in built) return built;
    this.semantic.push(built);
    return undefined;
  }

  /** pre-start | post-start | pre-stop | post-stop, then exec COMMAND | script BLOCK */
  private hookStanza = this.RULE('hookStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwHook);
    return this.OR([
      {
        ALT: () => {
          const sub = this.take(T.SubExec);
          const cmd = this.take(T.Command);
          const node = this.ACTION(() => this.execNode(kw, sub, cmd, PHASE_BY_HOOK[kw.value] ?? 'pre-start'));
          this.take(T.Eol);
          return node;
        },
      },
      {
        ALT: () => {
          const sub = this.take(T.SubScript);
          this.take(T.Eol, 2);
          const block = this.take(T.Block);
          return this.ACTION(() => this.scriptNode(kw, sub, block, PHASE_BY_HOOK[kw.value] ?? 'pre-start'));
        },
      },
    ]);
  });

  /** kill timeout N | kill signal SIG */
  private killStanza = this.RULE('killStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwKill);
    const node = this.OR([
      {
        ALT: () => {
          const sub = this.take(T.Timeout);
          const arg = this.take(T.Word);
          return this.ACTION((): Stanza | undefined => {
            const seconds = V.interval(this, arg, true);
            if (seconds === null) return undefined;
            return { type: 'KillTimeoutStanza', keyword: 'kill timeout', head: this.span(kw, sub), span: this.span(kw, arg), seconds, arg: this.word(arg) };
          });
        },
      },
      {
        ALT: () => {
          const sub = this.take(T.Signal);
          const arg = this.take(T.Word, 2);
          return this.ACTION(() => V.signalStanza(this, kw, sub, arg, 'kill signal'));
        },
      },
    ]);
    this.take(T.Eol);
    return node;
  });

  private reloadStanza = this.RULE('reloadStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwReload);
    const sub = this.take(T.Signal);
    const arg = this.take(T.Word);
    const node = this.ACTION(() => V.signalStanza(this, kw, sub, arg, 'reload signal'));
    this.take(T.Eol);
    return node;
  });

  /** normal exit (STATUS | SIGNAL)+ */
  private normalStanza = this.RULE('normalStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwNormal);
    const sub = this.take(T.Exit);
    const values: NormalExitValue[] = [];
    let last: UToken = sub;
    this.AT_LEAST_ONE(() => {
      const w = this.take(T.Word);
      this.ACTION(() => {
        last = w;
        if (this.failed) return;
        const value = V.exitValue(this, w);
        if (value) values.push(value);
      });
    });
    this.take(T.Eol);
    return this.ACTION((): Stanza | undefined =>
      this.failed ? undefined : { type: 'NormalExitStanza', keyword: 'normal exit', head: this.span(kw, sub), span: this.span(kw, last), values },
    );
  });

  /** oom score (N | never) | oom (N | never) */
  private oomStanza = this.RULE('oomStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwOom);
    const node = this.OR([
      {
        ALT: () => {
          const sub = this.take(T.Score);
          const arg = this.take(T.Word);
          return this.ACTION(() => V.oomStanza(this, kw, sub, arg));
        },
      },
      {
        ALT: () => {
          const arg = this.take(T.Word, 2);
          return this.ACTION(() => V.oomStanza(this, kw, null, arg));
        },
      },
    ]);
    this.take(T.Eol);
    return node;
  });

  /** limit RESOURCE SOFT HARD */
  private limitStanza = this.RULE('limitStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwLimit);
    const res = this.take(T.Word);
    this.ACTION(() => V.limitResource(this, res));
    const soft = this.take(T.Word, 2);
    const softValue = this.ACTION(() => V.limitValue(this, soft));
    const hard = this.take(T.Word, 3);
    const hardValue = this.ACTION(() => V.limitValue(this, hard));
    this.take(T.Eol);
    return this.ACTION(() => (this.failed ? undefined : V.limitStanza(this, kw, res, soft, softValue, hard, hardValue)));
  });

  /** apparmor load PROFILE | apparmor switch NAME */
  private apparmorStanza = this.RULE('apparmorStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwApparmor);
    const sub = this.OR([{ ALT: () => this.take(T.Load) }, { ALT: () => this.take(T.Switch) }]);
    const arg = this.take(T.Word);
    const node = this.ACTION(() => V.apparmorStanza(this, kw, sub, arg));
    this.take(T.Eol);
    return node;
  });

  /** cgroup CONTROLLER [NAME] [KEY VALUE] — 1 to 4 words */
  private cgroupStanza = this.RULE('cgroupStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwCgroup);
    const args: UToken[] = [];
    const keep = (w: UToken): void => {
      this.ACTION(() => {
        if (!this.failed) V.checkArg(this, w, 'a `cgroup` argument');
        args.push(w);
      });
    };
    keep(this.take(T.Word));
    this.OPTION(() => {
      keep(this.take(T.Word, 2));
      this.OPTION2(() => {
        keep(this.take(T.Word, 3));
        this.OPTION3(() => keep(this.take(T.Word, 4)));
      });
    });
    this.take(T.Eol);
    return this.ACTION(() => (this.failed ? undefined : V.cgroupStanza(this, kw, args)));
  });

  private itemAlts: IOrAlt<UToken>[] | undefined;
  private endAlts: IOrAlt<UToken>[] | undefined;

  /** start on EXPR | stop on EXPR: the items are checked and combined by EventExpressionBuilder. */
  private eventStanza = this.RULE('eventStanza', (): Stanza | undefined => {
    const kw = this.take(T.KwEvent);
    const sub = this.take(T.On);
    const items: UToken[] = [];
    this.MANY(() => {
      const item = this.OR(
        (this.itemAlts ??= [
          { ALT: () => this.take(T.LParen) },
          { ALT: () => this.take(T.RParen) },
          { ALT: () => this.take(T.And) },
          { ALT: () => this.take(T.Or) },
          { ALT: () => this.take(T.Word) },
          { ALT: () => this.take(T.BlankInParens) },
        ]),
      );
      this.ACTION(() => items.push(item));
    });
    const end = this.OR2((this.endAlts ??= [{ ALT: () => this.take(T.Eol) }, { ALT: () => this.take(T.Eof) }]));
    return this.ACTION((): Stanza | undefined => {
      const built = new EventExpressionBuilder(this.src, this.lines).build(kw, sub, items, end);
      if ('type' in built) return built;
      this.semantic.push(built);
      return undefined;
    });
  });
}
