/**
 * Line arithmetic for edits that remove whole stanzas.
 */
import type { Node } from '../../core/job-model.js';

/** Last line a node occupies (a span ending at column 1 of a later line ends on the line before). */
export function lastLineOf(node: Node): number {
  const { start, end } = node.span;
  return end.column === 1 && end.line > start.line ? end.line - 1 : end.line;
}

/**
 * True when a node of `others` (same file as `target`) is on one of `target`'s lines, as in
 * `debug description "x"`: removing the lines of `target` would remove it too.
 */
export function sharesLines(others: readonly Node[], target: Node): boolean {
  const first = target.span.start.line;
  const last = lastLineOf(target);
  return others.some((n) => n !== target && lastLineOf(n) >= first && n.span.start.line <= last);
}
