/**
 * The engine: parse, build the job model, run the rules, apply suppression directives.
 * Pure and synchronous: no file system, no process, no colours.
 */
import { parseSource } from '../grammar/parse.js';
import type { ParseResult, Span } from '../grammar/ast.js';
import { resolveRulesOnce, type LintOptions, type ResolvedRule } from './config.js';
import type { Diagnostic, Severity, Suggestion, TextEdit } from './diagnostic.js';
import { applyDirectives } from './directives.js';
import { companionPath, isOverridePath, jobKindFromPath, jobNameFromPath } from './job-kind.js';
import { JobModel, lastLineOf, type JobSource, type Node } from './job-model.js';
import { ProjectModel, type ProjectView } from './project.js';
import { ConfigError, docsUrl, interpolate, syntaxDocsUrl, type Editor, type FixFunction, type Report, type Rule } from './rule.js';
import { DEFAULT_TARGET_VERSION, parseVersion } from './version.js';

export interface JobLintResult {
  /** The model the rules saw (conf and override merged). */
  readonly job: JobModel;
  /** Diagnostics of every file of the job, sorted by file then position. */
  readonly diagnostics: Diagnostic[];
}

function isSpan(x: Node | Span): x is Span {
  return 'start' in x && 'end' in x && !('span' in x);
}

function spanOf(at: Node | Span): Span {
  return isSpan(at) ? at : at.span;
}


/**
 * Lints one job file (and, when given, the other file of its `.conf`/`.override` pair) with the
 * rules of `registry`, and returns every diagnostic and the job model the rules saw. Diagnostics
 * located in the companion file carry its path in `filePath`. Throws ConfigError for invalid
 * options (unknown rule, bad severity, bad target version).
 *
 * The core knows no rules of its own: the public entry (src/index.ts) hands it the built-in
 * registry, and tests or embedders hand it theirs.
 */
export function lintJob(text: string, options: LintOptions, registry: ReadonlyMap<string, Rule>): JobLintResult {
  const targetText = options.targetVersion ?? DEFAULT_TARGET_VERSION;
  const targetVersion = parseVersion(targetText);
  if (!targetVersion) {
    throw new ConfigError('targetVersion', `invalid upstart version ${JSON.stringify(targetText)}; expected e.g. "1.13"`);
  }
  const resolved = options.syntaxOnly ? [] : withExternalData(resolveRulesOnce(registry, options.rules, options.onlyListedRules ?? false), options.external);

  const filePath = options.filePath;
  const primaryRole = isOverridePath(filePath) ? 'override' : 'conf';
  const { result: primaryParse, lines: primaryLines } = parseSource(text);
  const primary: JobSource = {
    path: filePath,
    role: primaryRole,
    text,
    lines: primaryLines,
    ast: primaryParse.ast,
    ...appliedUntil(primaryRole, primaryParse),
  };
  // Object.assign, not `{ ...d, url }`: on Node 20 that spread form promotes its copies to the old
  // generation, so a long run's heap would fill with them between full collections.
  const diagnostics: Diagnostic[] = primaryParse.diagnostics.map((d) => Object.assign({}, d, { url: syntaxDocsUrl(d.messageId) }));

  let companion: JobSource | undefined;
  let companionFrom: number | null = null;
  const otherText = primaryRole === 'override' ? options.confText : options.overrideText;
  const otherPath = companionPath(filePath);
  if (otherText !== undefined && otherPath !== null) {
    const { result: otherParse, lines: otherLines } = parseSource(otherText);
    companion = {
      path: otherPath,
      role: primaryRole === 'override' ? 'conf' : 'override',
      text: otherText,
      lines: otherLines,
      ast: otherParse.ast,
      ...appliedUntil(primaryRole === 'override' ? 'conf' : 'override', otherParse),
    };
    companionFrom = recoveredFrom(otherParse);
    for (const d of otherParse.diagnostics) diagnostics.push(Object.assign({}, d, { filePath: otherPath, url: syntaxDocsUrl(d.messageId) }));
  }

  const job = new JobModel({
    name: jobNameFromPath(filePath),
    kind: options.jobKind ?? jobKindFromPath(filePath),
    targetVersion,
    primary,
    ...(companion ? { companion } : {}),
    ...(options.shellTrees ? { shellTrees: options.shellTrees } : {}),
  });

  // The project view is built when a rule first asks for it: most rules never do.
  let view: ProjectView | null | undefined;
  const project = (): ProjectView | null => {
    if (view !== undefined) return view;
    const model = options.project === undefined ? ProjectModel.alone : options.project;
    view = model === null
      ? null
      : model.view({
          filePath,
          kind: job.kind,
          targetVersion,
          ...(options.knownJobs ? { knownJobs: options.knownJobs } : {}),
          ...(options.knownEvents ? { knownEvents: options.knownEvents } : {}),
        });
    return view;
  };

  const context = new Context(job, project, diagnostics);
  for (const entry of resolved) context.run(entry, options.external?.[entry.rule.meta.id]);

  let result = diagnostics;
  if (options.inlineConfig !== false) {
    const reportUnused = options.reportUnusedDirectives ?? 'warning';
    // Built only when a file has a directive that names rules.
    let active: Set<string> | null = null;
    const activeRuleIds = { has: (id: string): boolean => (active ??= new Set(resolved.map((r) => r.rule.meta.id))).has(id) };
    result = [];
    for (const file of job.files) {
      const own = diagnostics.filter((d) => (d.filePath ?? filePath) === file.path);
      const kept = applyDirectives(file.ast.comments, own, { knownRuleIds: registry, reportUnused, activeRuleIds });
      for (const d of kept) result.push(file.path === filePath || d.filePath ? d : Object.assign({}, d, { filePath: file.path }));
    }
  }
  const regions = new Map<string, number>();
  const primaryFrom = recoveredFrom(primaryParse);
  if (primaryFrom !== null) regions.set(filePath, primaryFrom);
  if (companion && companionFrom !== null) regions.set(companion.path, companionFrom);
  result = withoutRecoveredFindings(result, filePath, regions);
  result.sort(compareDiagnostics(filePath));
  return { job, diagnostics: result };
}

let lastResolved: readonly ResolvedRule[] | null = null;
let lastRelays = false;

/** The rules that run: a rule relaying an external program runs only with that program's findings. */
function withExternalData(resolved: readonly ResolvedRule[], external: LintOptions['external']): readonly ResolvedRule[] {
  // resolveRulesOnce hands the same array to lint after lint: look at its rules once.
  if (resolved !== lastResolved) {
    lastResolved = resolved;
    lastRelays = resolved.some((r) => r.rule.meta.external);
  }
  if (!lastRelays) return resolved;
  return resolved.filter((r) => !r.rule.meta.external || external?.[r.rule.meta.id] !== undefined);
}

/**
 * Errors after which upstart reads the rest of the file as one token: an unterminated quote (a
 * string), an unterminated `script` (its body) and an unclosed `(` (the event expression). What
 * the parser recovered after them is a reconstruction: upstart never read that text as stanzas.
 */
const SWALLOWING_ERRORS: ReadonlySet<string> = new Set(['unterminatedQuote', 'unterminatedBlock', 'mismatchedParens']);

/** Offset from which recovery reconstructed the file (the first swallowing error), or null. */
function recoveredFrom(parsed: ParseResult): number | null {
  let from: number | null = parsed.recoveredFrom ?? null;
  const diagnostics: readonly Diagnostic[] = parsed.diagnostics;
  for (const d of diagnostics) {
    if (d.fatal && d.messageId !== undefined && SWALLOWING_ERRORS.has(d.messageId)) {
      if (from === null || d.span.start.offset < from) from = d.span.start.offset;
    }
  }
  return from;
}

/**
 * Where the stanzas upstart reads end: for an override, its first fatal error (upstart applies
 * what came before it); for any file, the first swallowing error.
 */
function appliedUntil(role: 'conf' | 'override', parsed: ParseResult): { appliedUntil?: number } {
  const diagnostics: readonly Diagnostic[] = parsed.diagnostics;
  let until = recoveredFrom(parsed);
  if (role === 'override') {
    for (const d of diagnostics) {
      if (d.fatal && (until === null || d.span.start.offset < until)) until = d.span.start.offset;
    }
  }
  return until === null ? {} : { appliedUntil: until };
}

/**
 * Drops rule findings located in, or pointing into, text that recovery reconstructed after a
 * swallowing error (syntax diagnostics stay): upstart read that text as a string, a script body or
 * an event expression, so findings about it as stanzas would be about a file upstart never saw.
 */
function withoutRecoveredFindings(diagnostics: Diagnostic[], primaryPath: string, regions: ReadonlyMap<string, number>): Diagnostic[] {
  if (regions.size === 0) return diagnostics;
  const inRegion = (path: string, span: Span): boolean => {
    const from = regions.get(path);
    return from !== undefined && span.start.offset >= from;
  };
  return diagnostics.filter((d) => {
    if (d.ruleId === 'syntax') return true;
    const path = d.filePath ?? primaryPath;
    if (inRegion(path, d.span)) return false;
    return !(d.related ?? []).some((r) => inRegion(r.filePath ?? path, r.span));
  });
}

function compareDiagnostics(primaryPath: string) {
  return (a: Diagnostic, b: Diagnostic): number => {
    const fa = a.filePath ?? primaryPath;
    const fb = b.filePath ?? primaryPath;
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (
      a.span.start.offset - b.span.start.offset ||
      a.span.end.offset - b.span.end.offset ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    );
  };
}

/**
 * The context the rules of one lint are given, one rule after the other: one object and one
 * `report` function per lint, not per rule (rules run synchronously, so `report` always belongs to
 * the rule that is running). `project` is built on first use. A class, so that V8 keeps one shape.
 */
class Context {
  options: unknown = undefined;
  external: unknown = undefined;
  private entry: ResolvedRule | null = null;
  readonly report = (r: Report<string>): void => {
    const entry = this.entry as ResolvedRule;
    this.out.push(toDiagnostic(entry.rule, entry.severity, this.job, r));
  };

  constructor(
    readonly job: JobModel,
    private readonly projectView: () => ProjectView | null,
    private readonly out: Diagnostic[],
  ) {}

  get project(): ProjectView | null {
    return this.projectView();
  }

  /** Runs one rule; a rule that throws gets one diagnostic saying so, the run goes on. */
  run(entry: ResolvedRule, external: unknown): void {
    const rule = entry.rule;
    this.entry = entry;
    this.options = entry.options;
    this.external = external;
    try {
      rule.check(this);
    } catch (error) {
      // A rule bug must not take the whole run down: report it where the job starts.
      const id = rule.meta.id;
      const first = this.job.primary.ast.span;
      this.out.push({
        ruleId: id,
        messageId: 'ruleFailed',
        severity: 'error',
        message: `Rule "${id}" failed on this file (${error instanceof Error ? error.message : String(error)}); please report this upstart-lint bug`,
        span: { start: first.start, end: first.start },
        url: docsUrl(id),
      });
    }
  }
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

function toDiagnostic(rule: Rule, severity: Severity, job: JobModel, r: Report<string>): Diagnostic {
  const meta = rule.meta;
  const template = (meta.messages as Record<string, string>)[r.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${r.messageId}"`);
  let messageId = r.messageId;
  if (r.code !== undefined) {
    if (!meta.external?.codes.test(r.code)) throw new Error(`rule ${meta.id} reported code "${r.code}", which is not a code of the program it relays`);
    messageId = r.code;
  }
  const span = spanOf(r.at);
  const file = job.fileOf(r.origin ?? r.at);
  const inPrimary = file === job.primary;
  let fix: Diagnostic['fix'];
  if (r.fix) {
    if (!meta.fixable) throw new Error(`rule ${meta.id} reported a fix but is not declared fixable`);
    const edits = inPrimary ? runFix(r.fix, file) : null;
    if (edits && edits.length > 0) fix = { edits };
  }
  let suggestions: Suggestion[] | undefined;
  if (r.suggest && r.suggest.length > 0) {
    if (!meta.hasSuggestions) throw new Error(`rule ${meta.id} reported suggestions but does not declare hasSuggestions`);
    suggestions = [];
    for (const s of r.suggest) {
      const edits = inPrimary ? runFix(s.fix, file) : null;
      const message = interpolate((meta.messages as Record<string, string>)[s.messageId] ?? s.messageId, s.data);
      if (edits && edits.length > 0) suggestions.push({ messageId: s.messageId, message, edits });
    }
  }
  const related = r.related?.map((rel) => {
    const relPath = rel.filePath ?? job.fileOf(rel.at).path;
    const out: { span: Span; message: string; filePath?: string } = {
      span: spanOf(rel.at),
      message: interpolate((meta.messages as Record<string, string>)[rel.messageId] ?? rel.messageId, rel.data),
    };
    if (relPath !== file.path) out.filePath = relPath;
    return out;
  });
  const ceiling = (meta.messageSeverity as Readonly<Record<string, Severity | undefined>> | undefined)?.[r.messageId];
  // Properties assigned one by one, in the order of the Diagnostic interface (the JSON output's
  // order), not with conditional spreads: each spread built and copied an object per report.
  const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    ruleId: meta.id,
    messageId,
    severity: ceiling !== undefined && SEVERITY_RANK[ceiling] < SEVERITY_RANK[severity] ? ceiling : severity,
    message: interpolate(template, r.data),
    span,
  };
  if (!inPrimary) out.filePath = file.path;
  if (fix) out.fix = fix;
  if (suggestions && suggestions.length > 0) out.suggestions = suggestions;
  if (related && related.length > 0) out.related = related;
  out.url = docsUrl(meta.id);
  return out;
}

function runFix(fn: FixFunction, file: JobSource): TextEdit[] | null {
  const result = fn(makeEditor(file));
  if (result === null) return null;
  const list: readonly TextEdit[] = Array.isArray(result) ? (result as readonly TextEdit[]) : [result as TextEdit];
  return [...list];
}

export function makeEditor(file: JobSource): Editor {
  const text = file.text;
  const lineBounds = (span: Span): { start: number; end: number; indent: string } => {
    const start = file.lines.lineStart(span.start.line);
    const lineEnd = file.lines.lineEnd(lastLineOf(span));
    const end = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    const indent = /^[ \t]*/.exec(text.slice(start, file.lines.lineEnd(span.start.line)))?.[0] ?? '';
    return { start, end, indent };
  };
  // The file's line end, looked up on the first edit that inserts a line (most fixes insert none).
  let lineEnd: string | null = null;
  const eolOf = (): string => (lineEnd ??= text.includes('\r\n') ? '\r\n' : '\n');
  return {
    replace: (at, replacement) => ({ range: [spanOf(at).start.offset, spanOf(at).end.offset], text: replacement }),
    remove: (at) => ({ range: [spanOf(at).start.offset, spanOf(at).end.offset], text: '' }),
    removeLines: (at) => {
      const b = lineBounds(spanOf(at));
      return { range: [b.start, b.end], text: '' };
    },
    insertLineBefore: (at, line) => {
      const b = lineBounds(spanOf(at));
      return { range: [b.start, b.start], text: `${b.indent}${line}${eolOf()}` };
    },
    insertLineAfter: (at, line) => {
      const b = lineBounds(spanOf(at));
      const atEof = b.end === text.length && !text.endsWith('\n');
      const eol = eolOf();
      return { range: [b.end, b.end], text: atEof ? `${eol}${b.indent}${line}` : `${b.indent}${line}${eol}` };
    },
  };
}
