/**
 * Trailing-character trims in linear time. A pattern such as `/\/+$/` is quadratic on a long run
 * of the character not at the end (each start in the run is tried, and each scans the run), so
 * these trims are loops (test/redos.test.ts checks every regular expression in src/).
 */

/** `text` without the characters of `chars` at its end. */
export function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the word (non-whitespace run) at its end. */
export function withoutLastWord(text: string): string {
  let end = text.length;
  while (end > 0 && !/\s/.test(text[end - 1] as string)) end--;
  return text.slice(0, end);
}
