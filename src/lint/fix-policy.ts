/**
 * The fix-safety policy: when safe fixes may be applied to a file, shared by `--fix`,
 * `--fix-dry-run` and the language server's "fix all".
 *
 * - Only the file's own fixes are applied (never edits meant for the other file of a
 *   `.conf`/`.override` pair).
 * - A file with NUL bytes or bytes that are not UTF-8 is never rewritten: decoding and encoding it
 *   again could change bytes upstart reads.
 * - Fixes are applied in passes with a re-lint between them (core/fix.ts), and the result is
 *   refused when it has more load errors than the text it came from: a fix must never make
 *   upstart refuse a job it accepted.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { applyFixes } from '../core/fix.js';

/** What the policy needs to know about the file's bytes. */
export interface FixableText {
  readonly path: string;
  readonly text: string;
  /** The bytes were valid UTF-8. */
  readonly validUtf8: boolean;
  /** The bytes contain a NUL byte. */
  readonly hasNul: boolean;
}

export type FixVerdict =
  /** Nothing to fix (no fix of this file, or the fixes change nothing). */
  | { readonly kind: 'none' }
  /** The fixed text. */
  | { readonly kind: 'fixed'; readonly text: string }
  /** Fixes exist but were refused; `reason` completes "FILE: not fixed: …". */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Applies the safe fixes of `before` (the diagnostics of `file.text` linted with `lint`) when the
 * policy allows it.
 */
export function fixText(file: FixableText, before: readonly Diagnostic[], lint: (text: string) => Diagnostic[]): FixVerdict {
  const own = (d: Diagnostic): boolean => d.filePath === undefined || d.filePath === file.path;
  if (!before.some((d) => d.fix && own(d))) return { kind: 'none' };
  if (file.hasNul || !file.validUtf8) {
    return {
      kind: 'refused',
      reason: `the file ${file.hasNul ? 'contains NUL bytes' : 'is not valid UTF-8'}, so rewriting it could change bytes upstart reads`,
    };
  }
  const fixed = applyFixes(file.text, before, lint).output;
  if (fixed === file.text) return { kind: 'none' };
  const fatal = (ds: readonly Diagnostic[]): number => ds.filter((d) => d.fatal && own(d)).length;
  if (fatal(lint(fixed)) > fatal(before)) {
    return {
      kind: 'refused',
      reason: 'the fixed text would not load in upstart (a fix produced a syntax error; please report this upstart-lint bug)',
    };
  }
  return { kind: 'fixed', text: fixed };
}
