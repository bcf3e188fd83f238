/**
 * Public API of upstart-lint. Pure: no file system, no process, no colours.
 * This is where the built-in rule registry is handed to the engine: src/core imports no rules.
 */
import { checkLintArguments, checkRegistry } from './core/arguments.js';
import { lintJob as lintJobWith, type JobLintResult } from './core/linter.js';
import type { LintOptions } from './core/config.js';
import type { Diagnostic } from './core/diagnostic.js';
import type { Rule } from './core/rule.js';
import { rules } from './rules/index.js';

export { parse } from './grammar/parse.js';
export type * from './grammar/ast.js';
export { LineIndex } from './grammar/positions.js';
export type { JobLintResult };

/**
 * Lints one job file (and, when given, the other file of its `.conf`/`.override` pair) with the
 * built-in rules and returns every diagnostic. Diagnostics located in the companion file carry its
 * path in `filePath`. Throws ConfigError for invalid options (unknown rule, bad severity, bad
 * target version).
 */
export function lintText(text: string, options: LintOptions): Diagnostic[] {
  checkLintArguments('lintText(text, options)', text, options);
  return lintJobWith(text, options, rules).diagnostics;
}

/** Like lintText, returning the job model too; `registry` defaults to the built-in rules. */
export function lintJob(text: string, options: LintOptions, registry: ReadonlyMap<string, Rule> = rules): JobLintResult {
  checkLintArguments('lintJob(text, options, registry)', text, options);
  checkRegistry('lintJob(text, options, registry)', 'registry', registry);
  return lintJobWith(text, options, registry);
}
export { applyFixes, type ApplyFixesResult } from './core/fix.js';
export type { Diagnostic, Severity, TextEdit, Fix, Suggestion, Related } from './core/diagnostic.js';
export type { LintOptions, RuleSetting, RulesConfig, SeverityName } from './core/config.js';
export { resolveRules, normalizeSeverity } from './core/config.js';
export { rules };
export { defineRule, docsUrl, syntaxDocsUrl, ConfigError, interpolate } from './core/rule.js';
export type { Rule, RuleMeta, RuleContext, RuleCategory, Report, Editor } from './core/rule.js';
export { ShellTreeCache } from './core/process-shell.js';
export { JobModel, walkExpression, type JobSource, type Node, type StanzaKeyword } from './core/job-model.js';
export { jobKindFromPath, jobNameFromPath, companionPath, isOverridePath, JOB_KINDS, type JobKind } from './core/job-kind.js';
export { DEFAULT_TARGET_VERSION, KNOWN_VERSIONS, parseVersion, type UpstartVersion } from './core/version.js';
