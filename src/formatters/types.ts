/**
 * The data every formatter receives. Formatters are pure: (results, context) → text; each is a thin
 * wrapper over its streaming form (`StreamFormatter`, see `stream.ts`), the one the CLI uses.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Rule } from '../core/rule.js';

/** Problem counts, of one file (LintResult) or of a whole run (ReportTotals). */
export interface ProblemCounts {
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  readonly fatalErrorCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
}

export interface LintResult extends ProblemCounts {
  /** Absolute path (or "standard input" when standard input has no file name). */
  readonly filePath: string;
  /** Diagnostics located in this file, sorted by position. */
  readonly messages: readonly Diagnostic[];
  /** The text that was linted (after fixing, when fixes were applied), for code frames and fingerprints. */
  readonly source: string;
  /** The fixed text, when fixes changed it (`--fix-dry-run`, or what `--fix` wrote). */
  readonly output?: string;
}

export interface FormatterContext {
  /** Paths in human-oriented formats are shown relative to this directory. */
  readonly cwd: string;
  /** chalk colour level for `stylish` (0 = no colour). */
  readonly color: 0 | 1 | 2 | 3;
  /** Rule registry, for rule metadata (SARIF, --list-rules). */
  readonly rules: ReadonlyMap<string, Rule>;
  /** A rule's documentation page (formatters import only core types, so they are given it). */
  readonly docsUrl: (ruleId: string) => string;
  readonly toolVersion: string;
  /** Shown by stylish when warnings exceed `--max-warnings`. */
  readonly maxWarnings?: number;
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

/** Counts over every file reported, for the closing summary of a streamed report. */
export interface ReportTotals extends ProblemCounts {
  readonly fileCount: number;
}

/**
 * One report written file by file, so that no result (nor its source) is held after it is
 * written: the report is `begin()`, then `file(result)` for each file in order, then
 * `end(totals)`. A format whose opening needs the whole run (JUnit's outer counts, SARIF's
 * artifact list) also has `head()`: text known only after the last `file()`, that goes before
 * `begin()`'s. Its caller keeps the rest out of memory (spooled) until then. A stream is used once.
 */
export interface FormatStream {
  begin(): string;
  file(result: LintResult): string;
  end(totals: ReportTotals): string;
  head?(): string;
}

export type StreamFormatter = (context: FormatterContext) => FormatStream;
