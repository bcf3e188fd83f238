/**
 * Stable fingerprints for SARIF and GitLab reports. A module of its own so that the formats that
 * do not need it (stylish, unix, …) never load node:crypto at start-up.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostic.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A fingerprint that survives unrelated edits: rule, message id, file, the trimmed text of the
 * flagged line, and how many identical (rule, message id, line text) findings came before it.
 *
 * Each line's text is taken and hashed once, not once per finding: 50,000 findings on one line of
 * 350 KB (a script on one line) otherwise hashed 17 GB and never finished. The hash of everything
 * up to the count is kept per (rule, message id, line text) and copied for each finding, so the
 * fingerprints are the same as hashing each finding's whole key.
 */
export function fingerprints(filePath: string, source: string, messages: readonly Diagnostic[]): string[] {
  const lines = source.split('\n');
  /** Line number → a number shared by every line of the same trimmed text. */
  const lineIds = new Map<number, number>();
  const textIds = new Map<string, number>();
  const lineTexts: string[] = [];
  const prefixes = new Map<string, { hash: Hash; count: number }>();
  return messages.map((d) => {
    const line = d.span.start.line;
    let id = lineIds.get(line);
    if (id === undefined) {
      const lineText = (lines[line - 1] ?? '').replace(/\r$/, '').trim();
      id = textIds.get(lineText);
      if (id === undefined) {
        id = lineTexts.length;
        textIds.set(lineText, id);
        lineTexts.push(lineText);
      }
      lineIds.set(line, id);
    }
    const key = `${d.ruleId}\u0000${d.messageId}\u0000${id}`;
    let prefix = prefixes.get(key);
    if (prefix === undefined) {
      prefix = { hash: createHash('sha256').update(`${d.ruleId}\u0000${d.messageId}\u0000${filePath}\u0000${lineTexts[id] as string}`), count: 0 };
      prefixes.set(key, prefix);
    }
    const n = prefix.count++;
    return prefix.hash.copy().update(`\u0000${n}`).digest('hex');
  });
}
