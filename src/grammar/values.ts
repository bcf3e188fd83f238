/**
 * Numeric and enumerated stanza values, validated exactly as upstart does (grammar document 2.2,
 * 2.3): C `strtol`/`strtoul` on the whole token.
 */

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const ULONG_MAX = 18446744073709551615n;
export const INT_MAX = 2147483647;

/** C isspace(): space, \t, \n, \v, \f, \r. */
function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

interface Digits {
  readonly negative: boolean;
  readonly magnitude: bigint;
}

/** Parses [space*][+|-]digits+ covering the whole string; null if anything else. */
function digits(text: string, base: 8 | 10): Digits | null {
  let i = 0;
  while (i < text.length && isCSpace(text[i] as string)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  const max = base === 8 ? '7' : '9';
  while (i < text.length && (text[i] as string) >= '0' && (text[i] as string) <= max) i++;
  if (i === start || i !== text.length) return null;
  const body = text.slice(start, i);
  // Cap the work on absurdly long digit strings: anything this long overflows anyway.
  if (body.length > 64) return { negative, magnitude: ULONG_MAX + 1n };
  const magnitude = base === 8 ? BigInt(`0o${body}`) : BigInt(body);
  return { negative, magnitude };
}

/** strtol(text, &end, base) with *end == '\0' and no ERANGE; null otherwise. */
export function strtol(text: string, base: 8 | 10 = 10): bigint | null {
  const d = digits(text, base);
  if (!d) return null;
  const v = d.negative ? -d.magnitude : d.magnitude;
  if (v > LONG_MAX || v < LONG_MIN) return null;
  return v;
}

/** strtoul(text, &end, 10) with *end == '\0' and no ERANGE; a leading '-' negates modulo 2^64. */
export function strtoul(text: string): bigint | null {
  const d = digits(text, 10);
  if (!d || d.magnitude > ULONG_MAX) return null;
  if (!d.negative || d.magnitude === 0n) return d.magnitude;
  return ULONG_MAX + 1n - d.magnitude;
}

/** Linux signal numbers (x86/ARM) for the names libnih accepts (section 2.3). */
export const SIGNALS: ReadonlyMap<string, number> = new Map([
  ['HUP', 1], ['INT', 2], ['QUIT', 3], ['ILL', 4], ['TRAP', 5], ['ABRT', 6], ['IOT', 6], ['BUS', 7],
  ['FPE', 8], ['KILL', 9], ['USR1', 10], ['SEGV', 11], ['USR2', 12], ['PIPE', 13], ['ALRM', 14],
  ['TERM', 15], ['STKFLT', 16], ['CHLD', 17], ['CLD', 17], ['CONT', 18], ['STOP', 19], ['TSTP', 20],
  ['TTIN', 21], ['TTOU', 22], ['URG', 23], ['XCPU', 24], ['XFSZ', 25], ['VTALRM', 26], ['PROF', 27],
  ['WINCH', 28], ['IO', 29], ['POLL', 29], ['PWR', 30], ['SYS', 31], ['UNUSED', 31],
]);

const ALIASES: ReadonlyMap<string, string> = new Map([
  ['IOT', 'ABRT'],
  ['CLD', 'CHLD'],
  ['POLL', 'IO'],
  ['UNUSED', 'SYS'],
]);

/**
 * A signal name with optional `SIG` prefix (uppercase only) → { name, number }, else null. The
 * name is canonical: aliases resolve to the usual name (`IOT` → `ABRT`).
 */
export function signalByName(text: string): { name: string; number: number } | null {
  const written = text.startsWith('SIG') ? text.slice(3) : text;
  const number = SIGNALS.get(written);
  return number === undefined ? null : { name: ALIASES.get(written) ?? written, number };
}

/** `kill signal` / `reload signal`: a name, or a decimal 0…INT_MAX (not checked against real signals). */
export function parseSignal(text: string): { number: number; name: string | null } | null {
  const named = signalByName(text);
  if (named) return { number: named.number, name: named.name };
  const v = strtoul(text);
  if (v === null || v > BigInt(INT_MAX)) return null;
  return { number: Number(v), name: null };
}

export const EXPECT_MODES = ['stop', 'daemon', 'fork', 'none'] as const;
export const CONSOLE_MODES = ['none', 'output', 'owner', 'log'] as const;
export const LIMIT_RESOURCES = [
  'as', 'core', 'cpu', 'data', 'fsize', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss',
  'rtprio', 'sigpending', 'stack',
] as const;

/** Legacy `oom N` adjustment (−17…15) scaled to a score as upstart does (truncating). */
export function scaleLegacyOom(adj: number): number {
  if (adj === -17) return -1000;
  return adj < 0 ? Math.trunc((adj * 1000) / 17) : Math.trunc((adj * 1000) / 15);
}

/** Wraps a C long to a 32-bit int, as upstart stores the `respawn limit` count. */
export function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}
