/**
 * Line arithmetic for edits that remove whole stanzas.
 */
import { lastLineOf, type Node } from '../../core/job-model.js';

/**
 * The nodes of `ordered` (one file's stanzas, in source order) that share a line with another
 * one, as in `debug description "x"`: removing such a node's lines would remove its neighbour
 * too. Stanzas never overlap, so only neighbours in source order can share a line: one pass.
 */
export function nodesSharingLines<T extends Node>(ordered: readonly T[]): ReadonlySet<T> {
  const out = new Set<T>();
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1] as T;
    const cur = ordered[i] as T;
    if (lastLineOf(prev.span) >= cur.span.start.line) {
      out.add(prev);
      out.add(cur);
    }
  }
  return out;
}

/** `line 3`, `lines 3, 4 and 7`, or for long lists `lines 3, 4, 7, 9, 12 and 40 more`. */
export function lineList(lines: readonly number[], shown = 5): string {
  if (lines.length === 1) return `line ${lines[0] ?? ''}`;
  if (lines.length > shown + 1) return `lines ${lines.slice(0, shown).join(', ')} and ${lines.length - shown} more`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] ?? ''}`;
}
