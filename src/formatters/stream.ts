/** Running totals and the pure-formatter wrapper over a streaming formatter. */
import type { FormatStream, Formatter, LintResult, ReportTotals, StreamFormatter } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function emptyTotals(): Mutable<ReportTotals> {
  return { fileCount: 0, errorCount: 0, warningCount: 0, infoCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
}

/** Adds one file's counts to `totals` (in place). */
export function addToTotals(totals: Mutable<ReportTotals>, r: LintResult): void {
  totals.fileCount++;
  totals.errorCount += r.errorCount;
  totals.warningCount += r.warningCount;
  totals.infoCount += r.infoCount;
  totals.fatalErrorCount += r.fatalErrorCount;
  totals.fixableErrorCount += r.fixableErrorCount;
  totals.fixableWarningCount += r.fixableWarningCount;
}

/** The whole report of `stream` over `results`, as one string. */
export function streamAll(stream: FormatStream, results: readonly LintResult[]): string {
  const totals = emptyTotals();
  let body = stream.begin();
  for (const r of results) {
    addToTotals(totals, r);
    body += stream.file(r);
  }
  body += stream.end(totals);
  return (stream.head?.() ?? '') + body;
}

/** The pure `(results, context) → text` form of a streaming formatter. */
export function pure(make: StreamFormatter): Formatter {
  return (results, context) => streamAll(make(context), results);
}
