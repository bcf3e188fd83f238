/**
 * Stable fingerprints for SARIF and GitLab reports. A module of its own so that the formats that
 * do not need it (stylish, unix, …) never load node:crypto at start-up.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostic.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A fingerprint that survives unrelated edits: rule, message id, file, the trimmed text of the
 * flagged line, and how many identical (rule, message id, line text) findings came before it.
 */
export function fingerprints(filePath: string, source: string, messages: readonly Diagnostic[]): string[] {
  const lines = source.split('\n');
  const counts = new Map<string, number>();
  return messages.map((d) => {
    const lineText = (lines[d.span.start.line - 1] ?? '').replace(/\r$/, '').trim();
    const key = `${d.ruleId}\u0000${d.messageId}\u0000${filePath}\u0000${lineText}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return sha256(`${key}\u0000${n}`);
  });
}
