/**
 * Linux signal numbers 1…31 (grammar document section 2.3: the names upstart accepts).
 *
 * Numbering is the x86/ARM one. `portable` marks the numbers that mean the same signal on every
 * Linux architecture (alpha, mips, parisc and sparc renumber the others), so replacing such a
 * number by its name never changes behaviour.
 */
export interface SignalInfo {
  readonly number: number;
  /** Canonical upstart name, without `SIG`. */
  readonly name: string;
  readonly portable: boolean;
}

const TABLE: readonly (readonly [string, boolean])[] = [
  ['HUP', true], ['INT', true], ['QUIT', true], ['ILL', true], ['TRAP', true], ['ABRT', true],
  ['BUS', false], ['FPE', true], ['KILL', true], ['USR1', false], ['SEGV', true], ['USR2', false],
  ['PIPE', true], ['ALRM', true], ['TERM', true], ['STKFLT', false], ['CHLD', false], ['CONT', false],
  ['STOP', false], ['TSTP', false], ['TTIN', false], ['TTOU', false], ['URG', false], ['XCPU', false],
  ['XFSZ', false], ['VTALRM', false], ['PROF', false], ['WINCH', false], ['IO', false], ['PWR', false],
  ['SYS', false],
];

/** The signal with this number on x86/ARM Linux (1…31), or null. */
export function signalByNumber(n: number): SignalInfo | null {
  if (!Number.isInteger(n) || n < 1 || n > TABLE.length) return null;
  const entry = TABLE[n - 1];
  return entry ? { number: n, name: entry[0], portable: entry[1] } : null;
}

/** Highest signal number the Linux kernel accepts (`_NSIG - 1`, real-time signals included). */
export const MAX_SIGNAL = 64;
