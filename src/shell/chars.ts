/**
 * Character classes of dash's four reading modes ("syntaxes"): unquoted text, inside double
 * quotes, inside single quotes, and inside `$((…))`. A character's class decides what the word
 * scanner does with it; everything not listed is ordinary text (WORD).
 */

export const BASE = 0;
export const DQ = 1;
export const SQ = 2;
export const ARI = 3;

export const C_WORD = 0;
/** Newline: ends an unquoted word, is text elsewhere. */
export const C_NL = 1;
/** Backslash. */
export const C_BACK = 2;
/** `'` opening a single-quoted string. */
export const C_SQUOTE = 3;
/** `"` opening a double-quoted string. */
export const C_DQUOTE = 4;
/** The quote that closes the current quoting mode. */
export const C_ENDQUOTE = 5;
/** `` ` ``. */
export const C_BQUOTE = 6;
/** `$`. */
export const C_VAR = 7;
/** `}`: may close a `${`. */
export const C_ENDVAR = 8;
/** `(` and `)` inside `$((…))`. */
export const C_LP = 9;
export const C_RP = 10;
/** Blanks and operator characters: end an unquoted word. */
export const C_SPECIAL = 11;
/** Dropped (a `"` inside `$((…))`). */
export const C_IGNORE = 12;

function table(entries: Record<string, number>): Uint8Array {
  const t = new Uint8Array(128);
  for (const [chars, cls] of Object.entries(entries)) for (const ch of chars) t[ch.charCodeAt(0)] = cls;
  return t;
}

export const CLASSES: readonly Uint8Array[] = [
  table({ '\n': C_NL, '\\': C_BACK, "'": C_SQUOTE, '"': C_DQUOTE, '`': C_BQUOTE, $: C_VAR, '}': C_ENDVAR, '<>();&| \t': C_SPECIAL }),
  table({ '\n': C_NL, '\\': C_BACK, '"': C_ENDQUOTE, '`': C_BQUOTE, $: C_VAR, '}': C_ENDVAR }),
  table({ '\n': C_NL, "'": C_ENDQUOTE }),
  table({ '\n': C_NL, '\\': C_BACK, '`': C_BQUOTE, '"': C_IGNORE, $: C_VAR, '}': C_ENDVAR, '(': C_LP, ')': C_RP }),
];

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
export const isNameChar = (c: number): boolean => isNameStart(c) || isDigit(c);
/** Special parameters: `$!`, `$#`, `$$`, `$*`, `$-`, `$?`, `$@` and the digits. */
export const isSpecialParam = (c: number): boolean =>
  c === 33 || c === 35 || c === 36 || c === 42 || c === 45 || c === 63 || c === 64 || isDigit(c);

/** A valid shell name: what `for` variables and function names must be. */
export const isName = (s: string): boolean => {
  if (s.length === 0 || !isNameStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isNameChar(s.charCodeAt(i))) return false;
  return true;
};

/**
 * dash's special built-ins: a function may not take their names ("Bad function name"). `.` and
 * `:` are not names anyway.
 */
export const SPECIAL_BUILTINS: ReadonlySet<string> = new Set([
  'break',
  'continue',
  'eval',
  'exec',
  'exit',
  'export',
  'local',
  'readonly',
  'return',
  'set',
  'shift',
  'times',
  'trap',
  'unset',
]);
