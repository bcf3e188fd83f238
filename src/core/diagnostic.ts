/**
 * The diagnostic shape shared by the parser, the rules, the formatters and the CLI.
 * ESLint/LSP conventions: 1-based line and column, exclusive end, half-open offset edits.
 */
import type { Position, Span } from '../grammar/ast.js';

export type { Position, Span };

export type Severity = 'error' | 'warning' | 'info';

/** Replace text[range[0], range[1]) with `text`. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface Fix {
  readonly edits: readonly TextEdit[];
}

export interface Suggestion {
  readonly messageId: string;
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface Related {
  readonly span: Span;
  readonly message: string;
  /** The file this location is in, when it is not the diagnostic's own file (override merge). */
  readonly filePath?: string;
}

export interface Diagnostic {
  /** Rule id, 'syntax' for what upstart rejects, or 'unused-directive'. */
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** True only for syntax diagnostics: upstart refuses to load the file. */
  readonly fatal?: true;
  /** For syntax diagnostics: the line upstart logs (null when it logs none). */
  readonly upstartLine?: number | null;
  /**
   * The file the diagnostic belongs to when it is not the file being linted: set when a
   * `.override` is linted merged with its `.conf` and the finding is in the `.conf`.
   */
  readonly filePath?: string;
  readonly fix?: Fix;
  readonly suggestions?: readonly Suggestion[];
  readonly related?: readonly Related[];
  /** Documentation URL of the rule. */
  readonly url?: string;
}
