/** Helpers shared by several formatters. */
import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic, TextEdit } from '../core/diagnostic.js';

export const TOOL_NAME = 'upstart-lint';
export const TOOL_URI = 'https://github.com/upstart-lint/upstart-lint';

/** Forward-slash path relative to `cwd` (absolute when outside it; "standard input" unchanged). */
export function displayPath(filePath: string, cwd: string): string {
  if (!isAbsolute(filePath)) return filePath;
  const rel = relative(cwd, filePath);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? filePath : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function severityNumber(d: Diagnostic): 1 | 2 {
  return d.severity === 'error' ? 2 : 1;
}

/** Merges a multi-edit fix into one ESLint-style `{ range, text }` edit over `source`. */
export function mergeEdits(source: string, edits: readonly TextEdit[]): { range: [number, number]; text: string } | null {
  if (edits.length === 0) return null;
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  const start = sorted[0]?.range[0] ?? 0;
  const end = sorted.reduce((m, e) => Math.max(m, e.range[1]), 0);
  let text = '';
  let pos = start;
  for (const e of sorted) {
    text += source.slice(pos, e.range[0]) + e.text;
    pos = Math.max(pos, e.range[1]);
  }
  text += source.slice(pos, end);
  return { range: [start, end], text };
}

/** Removes characters XML 1.0 forbids and escapes markup. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function severityWord(d: Diagnostic): string {
  return d.severity;
}
