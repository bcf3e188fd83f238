/** The data every formatter receives. Formatters are pure: (results, context) → text. */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Rule } from '../core/rule.js';

export interface LintResult {
  /** Absolute path (or `<stdin>` when standard input has no file name). */
  readonly filePath: string;
  /** Diagnostics located in this file, sorted by position. */
  readonly messages: readonly Diagnostic[];
  /** The text that was linted (after fixing, when fixes were applied), for code frames and fingerprints. */
  readonly source: string;
  /** The fixed text, when fixes changed it (`--fix-dry-run`, or what `--fix` wrote). */
  readonly output?: string;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  readonly fatalErrorCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
}

export interface FormatterContext {
  /** Paths in human-oriented formats are shown relative to this directory. */
  readonly cwd: string;
  /** chalk colour level for `stylish` (0 = no colour). */
  readonly color: 0 | 1 | 2 | 3;
  /** Rule registry, for rule metadata (SARIF, --list-rules). */
  readonly rules: ReadonlyMap<string, Rule>;
  readonly toolVersion: string;
  /** Shown by stylish when warnings exceed `--max-warnings`. */
  readonly maxWarnings?: number;
}

export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
