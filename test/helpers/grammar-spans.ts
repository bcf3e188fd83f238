/**
 * Span checks and snapshot renderers for the grammar tests. Positions are recomputed here from the
 * text alone (not with src/grammar/positions.ts), so the checks are independent of the parser.
 */
import type { JobFile, Span, SyntaxDiagnostic } from '../../src/grammar/ast.js';

function isPosition(x: unknown): x is { line: number; column: number; offset: number } {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return typeof p['line'] === 'number' && typeof p['column'] === 'number' && typeof p['offset'] === 'number';
}

export function isSpan(x: unknown): x is Span {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return isPosition(s['start']) && isPosition(s['end']);
}

/** Every span-valued property reachable from `root`, with the property path that leads to it. */
export function collectSpans(root: unknown): { path: string; span: Span }[] {
  const out: { path: string; span: Span }[] = [];
  const seen = new Set<object>();
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '$' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    if (isSpan(value)) {
      out.push({ path, span: value });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({ value: v, path: `${path}.${k}` });
      }
    }
  }
  return out;
}

/** Line starts of `text` (offsets just after every LF, plus 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Returns a function that checks one span against `text`: offsets inside the text and ordered,
 * line and column (1-based, UTF-16 units) equal to what the offset implies. Returns an error
 * string, or null when the span is consistent.
 */
export function spanChecker(text: string): (span: Span) => string | null {
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const checkPos = (name: string, p: { line: number; column: number; offset: number }): string | null => {
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) {
      return `${name}.offset ${p.offset} outside 0..${text.length}`;
    }
    const line = lineOf(p.offset);
    const column = p.offset - starts[line - 1]! + 1;
    if (p.line !== line || p.column !== column) {
      return `${name} is ${p.line}:${p.column} but offset ${p.offset} is ${line}:${column}`;
    }
    return null;
  };
  return (span) =>
    checkPos('start', span.start) ??
    checkPos('end', span.end) ??
    (span.start.offset <= span.end.offset ? null : `start.offset ${span.start.offset} > end.offset ${span.end.offset}`);
}

/** Calls `visit` for every span reachable from `root` (fast: no paths, no allocation per key). */
function forEachSpan(root: unknown, visit: (span: Span) => void): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (isSpan(value)) {
      visit(value);
      continue;
    }
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'object' && v !== null) stack.push(v);
    } else {
      const rec = value as Record<string, unknown>;
      for (const k in rec) {
        const v = rec[k];
        if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
}

/** All span problems of a parse result (AST and diagnostics), as readable strings. */
export function spanProblems(text: string, ast: JobFile, diagnostics: readonly SyntaxDiagnostic[]): string[] {
  const check = spanChecker(text);
  const problems: string[] = [];
  let astBad = false;
  forEachSpan(ast, (span) => {
    if (!astBad && check(span) !== null) astBad = true;
  });
  if (astBad) {
    // Slow path, only on failure: name the offending nodes by their property path.
    for (const { path, span } of collectSpans(ast)) {
      const err = check(span);
      if (err) problems.push(`ast ${path}: ${err}`);
    }
  }
  diagnostics.forEach((d, i) => {
    const err = check(d.span);
    if (err) problems.push(`diagnostics[${i}] (${d.messageId}): ${err}`);
  });
  return problems;
}

export function formatSpan(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

const KEY_ORDER = ['type', 'keyword', 'phase', 'head', 'span'];

function keyRank(k: string): number {
  const i = KEY_ORDER.indexOf(k);
  return i === -1 ? KEY_ORDER.length : i;
}

/**
 * JSON snapshot of an AST: spans are written compactly as `"L:C-L:C @start-end"`, bigints as
 * `"123n"`. Keys are ordered (type, keyword, phase, head, span, then alphabetically) so that the
 * snapshot does not depend on the order in which the parser builds its objects.
 */
export function renderAst(ast: JobFile): string {
  return (
    JSON.stringify(
      ast,
      (_key, value: unknown) => {
        if (typeof value === 'bigint') return `${value}n`;
        if (isSpan(value)) return `${formatSpan(value)} @${value.start.offset}-${value.end.offset}`;
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const rec = value as Record<string, unknown>;
          const keys = Object.keys(rec).sort((a, b) => keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0));
          return Object.fromEntries(keys.map((k) => [k, rec[k]]));
        }
        return value;
      },
      2,
    ) + '\n'
  );
}

export function formatDiagnostic(d: SyntaxDiagnostic): string {
  return `${formatSpan(d.span)} ${d.messageId} (upstart line ${d.upstartLine ?? 'none'}) ${d.message}`;
}

/** Snapshot of the syntax diagnostics of a file plus the stanzas the recovered AST still has. */
export function renderErrorSnapshot(ast: JobFile, diagnostics: readonly SyntaxDiagnostic[]): string {
  const lines = diagnostics.map(formatDiagnostic);
  lines.push('--- stanzas ---');
  for (const s of ast.stanzas) {
    lines.push(
      s.type === 'InvalidStanza'
        ? `${s.span.start.line}: invalid ${JSON.stringify(s.keyword)} (${s.error})`
        : `${s.span.start.line}: ${s.keyword}`,
    );
  }
  return lines.join('\n') + '\n';
}
