/**
 * Locating part of a WORD argument in the source: value offsets map to source offsets only when
 * the word is written plainly or wrapped in one pair of quotes; otherwise the whole word is used.
 */
import type { JobModel } from '../../core/job-model.js';
import type { Span, Word } from '../../grammar/ast.js';

/** The span of `word.value.slice(start, end)` in the source, or the whole word when it cannot be mapped. */
export function valueSpan(job: JobModel, word: Word, start: number, end: number): Span {
  const shift = valueShift(word);
  if (shift === null) return word.span;
  const base = word.span.start.offset + shift;
  return job.spanIn(word, base + start, base + end);
}

/** Offset of `value[0]` inside `raw`, or null when the value is not a plain copy of the source. */
function valueShift(word: Word): number | null {
  if (word.raw === word.value) return 0;
  const q = word.raw[0];
  if ((q === '"' || q === "'") && word.raw.length === word.value.length + 2 && word.raw.endsWith(q) && word.raw.slice(1, -1) === word.value) {
    return 1;
  }
  return null;
}
