/** Public API of upstart-lint. Pure: no file system, no process, no colours. */
export { parse } from './grammar/parse.js';
export type * from './grammar/ast.js';
export { LineIndex } from './grammar/positions.js';
export { lintText, lintJob, type JobLintResult } from './core/linter.js';
export { applyFixes, type ApplyFixesResult } from './core/fix.js';
export type { Diagnostic, Severity, TextEdit, Fix, Suggestion, Related } from './core/diagnostic.js';
export type { LintOptions, RuleSetting, RulesConfig, SeverityName } from './core/config.js';
export { resolveRules, normalizeSeverity } from './core/config.js';
export { rules } from './rules/index.js';
export { defineRule, docsUrl, syntaxDocsUrl, ConfigError, interpolate } from './core/rule.js';
export type { Rule, RuleMeta, RuleContext, RuleCategory, Report, Editor } from './core/rule.js';
export { JobModel, walkExpression, type JobSource, type Node, type StanzaKeyword } from './core/job-model.js';
export { jobKindFromPath, jobNameFromPath, companionPath, isOverridePath, JOB_KINDS, type JobKind } from './core/job-kind.js';
export { DEFAULT_TARGET_VERSION, KNOWN_VERSIONS, parseVersion, type UpstartVersion } from './core/version.js';
