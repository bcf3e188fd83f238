/**
 * Stanza values, checked as upstart's handlers check them (grammar document sections 2.1–2.3),
 * and the AST nodes built from them. The parser calls these from its embedded actions, in token
 * order, so the first failure recorded is the one upstart's handler hits first.
 */
import type { CgroupStanza, LimitResource, LimitStanza, NormalExitValue, OomStanza, RespawnLimitStanza, SignalStanza, Stanza, TextKeyword, TextStanza, Word } from './ast.js';
import * as M from './messages.js';
import { spanOfTokens, type LineIndex } from './positions.js';
import { ScanError } from './scanner.js';
import type { SemanticError, UToken } from './tokens.js';
import { CONSOLE_MODES, EXPECT_MODES, INT_MAX, LIMIT_RESOURCES, parseSignal, scaleLegacyOom, signalByName, strtol, strtoul, toInt32 } from './values.js';

/** What a check needs: the positions, and the list its failures go to (the parser itself). */
export interface ValueContext {
  readonly lines: LineIndex;
  readonly semantic: SemanticError[];
}

export function word(lines: LineIndex, tok: UToken): Word {
  return { type: 'Word', raw: tok.image, value: tok.value, span: spanOfTokens(lines, tok) };
}

/** A failure reported on the line where `token` starts (upstart's "error position"). */
function fail(ctx: ValueContext, messageId: SemanticError['messageId'], token: UToken, message: string): undefined {
  ctx.semantic.push({ messageId, token, upstartLine: ctx.lines.lineOf(token.startOffset), message });
  return undefined;
}

/** Upstart's argument reader checks: scan errors first (reported at the end of the file), then emptiness. */
export function checkArg(ctx: ValueContext, tok: UToken, what: string): boolean {
  if (tok.scanError === ScanError.UnterminatedQuote) {
    ctx.semantic.push({ messageId: 'unterminatedQuote', token: tok, start: tok.scanErrorAt, end: tok.end, upstartLine: ctx.lines.lineCount, message: M.UNTERMINATED_QUOTE });
    return false;
  }
  if (tok.scanError === ScanError.TrailingSlash) {
    ctx.semantic.push({ messageId: 'trailingSlash', token: tok, start: tok.scanErrorAt, end: tok.scanErrorAt + 1, upstartLine: ctx.lines.lineCount, message: M.TRAILING_SLASH });
    return false;
  }
  if (tok.empty) {
    fail(ctx, 'expectedToken', tok, M.emptyArgument(what));
    return false;
  }
  return true;
}

/** The one-WORD stanzas: description author version usage instance chroot chdir setuid setgid env umask nice expect console. */
export function textStanza(ctx: ValueContext, kw: UToken, argTok: UToken): Stanza | undefined {
  const keyword = kw.value;
  if (!checkArg(ctx, argTok, `\`${keyword}\``)) return undefined;
  const arg = word(ctx.lines, argTok);
  const head = spanOfTokens(ctx.lines, kw);
  const span = spanOfTokens(ctx.lines, kw, argTok);
  const v = argTok.value;
  switch (keyword) {
    case 'env': {
      const eq = v.indexOf('=');
      return { type: 'EnvStanza', keyword: 'env', head, span, arg, name: eq === -1 ? v : v.slice(0, eq), value: eq === -1 ? null : v.slice(eq + 1) };
    }
    case 'umask': {
      const n = strtol(v, 8);
      if (n === null || n < 0n || n > 0o777n) return fail(ctx, 'illegalUmask', argTok, M.valueMessages.umask(v));
      return { type: 'UmaskStanza', keyword: 'umask', head, span, arg, value: Number(n) };
    }
    case 'nice': {
      const n = strtol(v);
      if (n === null || n < -20n || n > 19n) return fail(ctx, 'illegalNice', argTok, M.valueMessages.nice(v));
      return { type: 'NiceStanza', keyword: 'nice', head, span, arg, value: Number(n) };
    }
    case 'expect':
      if (!(EXPECT_MODES as readonly string[]).includes(v)) return fail(ctx, 'unknownStanza', argTok, M.valueMessages.expect(v));
      return { type: 'ExpectStanza', keyword: 'expect', head, span, arg, mode: v as (typeof EXPECT_MODES)[number] };
    case 'console':
      if (!(CONSOLE_MODES as readonly string[]).includes(v)) return fail(ctx, 'unknownStanza', argTok, M.valueMessages.console(v));
      return { type: 'ConsoleStanza', keyword: 'console', head, span, arg, mode: v as (typeof CONSOLE_MODES)[number] };
    default:
      return { type: 'TextStanza', keyword: keyword as TextKeyword, head, span, arg, value: v };
  }
}

/** `respawn limit` COUNT: `unlimited`, or a non-negative decimal stored as a 32-bit int. */
export function respawnCount(ctx: ValueContext, tok: UToken): number | 'unlimited' | null {
  if (!checkArg(ctx, tok, '`respawn limit`')) return null;
  if (tok.value === 'unlimited') return 'unlimited';
  const n = strtol(tok.value);
  if (n === null || n < 0n) {
    fail(ctx, 'illegalLimit', tok, M.valueMessages.respawnCount(tok.value));
    return null;
  }
  return toInt32(n);
}

/** `respawn limit` INTERVAL, or `kill timeout` (`killTimeout`): non-negative seconds. */
export function interval(ctx: ValueContext, tok: UToken, killTimeout: boolean): number | null {
  if (!checkArg(ctx, tok, killTimeout ? '`kill timeout`' : 'the `respawn limit` interval')) return null;
  const n = strtol(tok.value);
  if (n === null || n < 0n) {
    fail(ctx, 'illegalInterval', tok, killTimeout ? M.valueMessages.killTimeout(tok.value) : M.valueMessages.respawnInterval(tok.value));
    return null;
  }
  return Number(n);
}

export function signalStanza(ctx: ValueContext, kw: UToken, sub: UToken, arg: UToken, keyword: 'kill signal' | 'reload signal'): SignalStanza | undefined {
  if (!checkArg(ctx, arg, `\`${keyword}\``)) return undefined;
  const sig = parseSignal(arg.value);
  if (!sig) {
    // upstart logs this one error without a line number (section 2.4).
    ctx.semantic.push({ messageId: 'illegalSignal', token: arg, upstartLine: null, message: M.valueMessages.signal(arg.value) });
    return undefined;
  }
  return { type: 'SignalStanza', keyword, head: spanOfTokens(ctx.lines, kw, sub), span: spanOfTokens(ctx.lines, kw, arg), signal: sig, arg: word(ctx.lines, arg) };
}

/** One `normal exit` value: a signal name (killed by it) or a decimal exit status. */
export function exitValue(ctx: ValueContext, tok: UToken): NormalExitValue | null {
  if (!checkArg(ctx, tok, 'a `normal exit` value')) return null;
  const sig = signalByName(tok.value);
  if (sig) return { arg: word(ctx.lines, tok), kind: 'signal', value: sig.number, signalName: sig.name };
  const n = strtoul(tok.value);
  if (n === null || n > BigInt(INT_MAX)) {
    fail(ctx, 'illegalExit', tok, M.valueMessages.exitStatus(tok.value));
    return null;
  }
  return { arg: word(ctx.lines, tok), kind: 'status', value: Number(n), signalName: null };
}

/** `oom score N|never` (sub given) or the legacy `oom N|never`. */
export function oomStanza(ctx: ValueContext, kw: UToken, sub: UToken | null, arg: UToken): OomStanza | undefined {
  if (!checkArg(ctx, arg, '`oom`')) return undefined;
  const head = spanOfTokens(ctx.lines, kw, sub ?? kw);
  const span = spanOfTokens(ctx.lines, kw, arg);
  const w = word(ctx.lines, arg);
  const node = (keyword: 'oom' | 'oom score', score: number, written: number, never: boolean): OomStanza => ({
    type: 'OomStanza',
    head,
    span,
    arg: w,
    keyword,
    score,
    written,
    never,
  });
  if (arg.value === 'never') return sub ? node('oom score', -1000, -1000, true) : node('oom', -1000, -17, true);
  const n = strtol(arg.value);
  if (sub) {
    if (n === null || n < -1000n || n > 1000n) return fail(ctx, 'illegalOom', arg, M.valueMessages.oomScore(arg.value));
    return node('oom score', Number(n), Number(n), false);
  }
  if (n === null || n < -17n || n > 15n) return fail(ctx, 'illegalOom', arg, M.valueMessages.oomLegacy(arg.value));
  return node('oom', scaleLegacyOom(Number(n)), Number(n), false);
}

/** The `limit` resource name; false (and a failure) when upstart does not know it. */
export function limitResource(ctx: ValueContext, tok: UToken): boolean {
  if (!checkArg(ctx, tok, 'the `limit` resource')) return false;
  if ((LIMIT_RESOURCES as readonly string[]).includes(tok.value)) return true;
  fail(ctx, 'unknownStanza', tok, M.valueMessages.limitResource(tok.value));
  return false;
}

/** A `limit` soft or hard value: `unlimited` or an unsigned 64-bit decimal. */
export function limitValue(ctx: ValueContext, tok: UToken): bigint | 'unlimited' | null {
  if (ctx.semantic.length > 0 || !checkArg(ctx, tok, 'a `limit` value')) return null;
  if (tok.value === 'unlimited') return 'unlimited';
  const n = strtoul(tok.value);
  if (n === null) {
    fail(ctx, 'illegalLimit', tok, M.valueMessages.limitValue(tok.value));
    return null;
  }
  return n;
}

export function limitStanza(
  ctx: ValueContext,
  kw: UToken,
  res: UToken,
  soft: UToken,
  softValue: bigint | 'unlimited' | null | undefined,
  hard: UToken,
  hardValue: bigint | 'unlimited' | null | undefined,
): LimitStanza | undefined {
  if (softValue === null || hardValue === null || softValue === undefined || hardValue === undefined) return undefined;
  return {
    type: 'LimitStanza',
    keyword: 'limit',
    head: spanOfTokens(ctx.lines, kw),
    span: spanOfTokens(ctx.lines, kw, hard),
    resource: res.value as LimitResource,
    soft: softValue,
    hard: hardValue,
    args: [word(ctx.lines, res), word(ctx.lines, soft), word(ctx.lines, hard)],
  };
}

/** `respawn limit COUNT INTERVAL` or `respawn limit unlimited` (`count` is 'unlimited'). */
export function respawnLimitStanza(
  ctx: ValueContext,
  kw: UToken,
  sub: UToken,
  countTok: UToken,
  intervalTok: UToken | null,
  count: number | 'unlimited',
  seconds: number,
): RespawnLimitStanza {
  const args = intervalTok ? [countTok, intervalTok] : [countTok];
  const n = count === 'unlimited' ? 0 : count;
  const interval = count === 'unlimited' ? 0 : seconds;
  return {
    type: 'RespawnLimitStanza',
    keyword: 'respawn limit',
    head: spanOfTokens(ctx.lines, kw, sub),
    span: spanOfTokens(ctx.lines, kw, args[args.length - 1] as UToken),
    unlimited: count === 'unlimited' || n === 0 || interval === 0,
    count: n,
    interval,
    args: args.map((a) => word(ctx.lines, a)),
  };
}

/** apparmor load PROFILE | apparmor switch NAME */
export function apparmorStanza(ctx: ValueContext, kw: UToken, sub: UToken, arg: UToken): TextStanza | undefined {
  if (!checkArg(ctx, arg, `\`apparmor ${sub.value}\``)) return undefined;
  return {
    type: 'TextStanza',
    keyword: sub.value === 'load' ? 'apparmor load' : 'apparmor switch',
    head: spanOfTokens(ctx.lines, kw, sub),
    span: spanOfTokens(ctx.lines, kw, arg),
    arg: word(ctx.lines, arg),
    value: arg.value,
  };
}

/** cgroup CONTROLLER [NAME] [KEY VALUE]: the number of words decides their meaning (section 2.2). */
export function cgroupStanza(ctx: ValueContext, kw: UToken, args: readonly UToken[]): CgroupStanza {
  const w = args.map((a) => word(ctx.lines, a));
  const [controller, a1, a2, a3] = w as [Word, Word?, Word?, Word?];
  const shape =
    w.length === 1 ? { name: null, key: null, value: null }
    : w.length === 2 ? { name: a1 ?? null, key: null, value: null }
    : w.length === 3 ? { name: null, key: a1 ?? null, value: a2 ?? null }
    : { name: a1 ?? null, key: a2 ?? null, value: a3 ?? null };
  return { type: 'CgroupStanza', keyword: 'cgroup', head: spanOfTokens(ctx.lines, kw), span: spanOfTokens(ctx.lines, kw, args[args.length - 1] as UToken), controller, ...shape, args: w };
}
