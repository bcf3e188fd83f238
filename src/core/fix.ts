/**
 * Applies safe fixes: non-overlapping edits, in passes, until nothing changes (at most 10 passes,
 * as ESLint). Pure; the caller re-lints between passes through `relint`.
 */
import { checkFixArguments } from './arguments.js';
import type { Diagnostic, TextEdit } from './diagnostic.js';

export interface ApplyFixesResult {
  /** The text with every applied edit. */
  readonly output: string;
  /** Diagnostics whose fix was applied (in the last pass that applied anything). */
  readonly applied: readonly Diagnostic[];
  /** Diagnostics with a fix that could not be applied (overlap) in the final pass. */
  readonly remaining: readonly Diagnostic[];
  /** Passes that changed the text. */
  readonly passes: number;
}

const MAX_PASSES = 10;

/** Applies each diagnostic's fix (all its edits, or none) when it overlaps no earlier fix. */
export function applyFixesOnce(text: string, diagnostics: readonly Diagnostic[]): ApplyFixesResult {
  const candidates = diagnostics
    .filter((d) => d.fix && d.fix.edits.length > 0 && d.filePath === undefined)
    .map((d) => {
      const edits = [...(d.fix?.edits ?? [])].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
      return { d, edits, start: edits[0]?.range[0] ?? 0, end: edits.reduce((m, e) => Math.max(m, e.range[1]), 0) };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const accepted: TextEdit[] = [];
  const applied: Diagnostic[] = [];
  const remaining: Diagnostic[] = [];
  let lastEnd = -1;
  for (const c of candidates) {
    // Two insertions at the same offset would be ambiguous: treat touching ranges as overlapping
    // unless the previous fix ended strictly before this one starts.
    const internalOverlap = c.edits.some((e, i) => i > 0 && e.range[0] < (c.edits[i - 1]?.range[1] ?? 0));
    if (c.start <= lastEnd || internalOverlap || c.edits.some((e) => e.range[0] < 0 || e.range[1] > text.length || e.range[0] > e.range[1])) {
      remaining.push(c.d);
      continue;
    }
    for (const e of c.edits) accepted.push(e);
    applied.push(c.d);
    lastEnd = c.end;
  }
  let output = '';
  let pos = 0;
  for (const e of accepted) {
    output += text.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  output += text.slice(pos);
  return { output, applied, remaining, passes: applied.length > 0 ? 1 : 0 };
}

/**
 * Applies fixes repeatedly: after each pass `relint(output)` supplies fresh diagnostics, until a
 * pass applies nothing or the text stops changing. Without `relint`, a single pass is made.
 */
export function applyFixes(
  text: string,
  diagnostics: readonly Diagnostic[],
  relint?: (text: string) => readonly Diagnostic[],
): ApplyFixesResult {
  checkFixArguments('applyFixes(text, diagnostics, relint)', text, diagnostics, relint);
  let current = applyFixesOnce(text, diagnostics);
  if (!relint || current.applied.length === 0) return current;
  let passes = 1;
  let applied = current.applied;
  while (passes < MAX_PASSES) {
    const next = applyFixesOnce(current.output, relint(current.output));
    if (next.applied.length === 0 || next.output === current.output) {
      return { output: current.output, applied, remaining: next.remaining, passes };
    }
    passes++;
    applied = [...applied, ...next.applied];
    current = next;
  }
  return { output: current.output, applied, remaining: current.remaining, passes };
}
