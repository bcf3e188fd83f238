/**
 * Inline suppression directives in job-file comments.
 *
 *   # upstart-lint disable-next-line require-setuid -- binds port 80
 *   exec /usr/sbin/daemon            # upstart-lint disable-line require-setuid
 *   # upstart-lint disable valid-env-path, require-log-redirect
 *   …
 *   # upstart-lint enable
 *   # upstart-lint disable-file require-setgid -- reason
 *
 * Without rule ids a directive applies to every rule. Load errors (`fatal` syntax diagnostics)
 * cannot be suppressed: upstart refuses the file whatever a comment says. Directives that suppress
 * nothing, name unknown rules or are misspelt are reported as `unused-directive`.
 * Pure: works on the comment list the parser collected (including `#` lines in script blocks).
 */
import type { Comment } from '../grammar/ast.js';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface DirectiveOptions {
  /** Every rule id that exists (an unknown id in a directive is reported). */
  readonly knownRuleIds: { has(id: string): boolean };
  /** Rule ids that ran in this lint (a directive for a rule that did not run is not "unused"). */
  readonly activeRuleIds: { has(id: string): boolean };
  /** Severity for unused/unknown directive reports, or 'off'. */
  readonly reportUnused: Severity | 'off';
}

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';

const KINDS: readonly DirectiveKind[] = ['disable', 'enable', 'disable-line', 'disable-next-line', 'disable-file'];

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids named by the directive; empty means every rule. */
  readonly ruleIds: readonly string[];
  /** Text after ` -- `, or null when no reason was given. */
  readonly reason: string | null;
  readonly comment: Comment;
}

/** A comment that starts with `upstart-lint` but is not a valid directive. */
export interface MalformedDirective {
  readonly comment: Comment;
  readonly word: string;
}

const PREFIX = /^\s*upstart-lint(?=\s|$)/;

/** Parses one comment; null when it is not addressed to upstart-lint at all. */
export function parseDirective(comment: Comment): Directive | MalformedDirective | null {
  const prefix = PREFIX.exec(comment.text);
  if (!prefix) return null;
  let rest = comment.text.slice(prefix[0].length);
  let reason: string | null = null;
  const sep = /(?:^|\s)--(?:\s|$)/.exec(rest);
  if (sep) {
    reason = rest.slice(sep.index + sep[0].length).trim();
    rest = rest.slice(0, sep.index);
  }
  const words = rest.trim().split(/[\s,]+/).filter((w) => w !== '');
  const word = words[0] ?? '';
  const kind = KINDS.find((k) => k === word);
  if (!kind) return { comment, word };
  return { kind, ruleIds: [...new Set(words.slice(1))], reason, comment };
}

function isDirective(d: Directive | MalformedDirective | null): d is Directive {
  return d !== null && 'kind' in d;
}

const ALL = '*';

/** Tracks which (directive, rule id) pairs suppressed something. */
class Usage {
  private readonly used = new Map<Directive, Set<string>>();
  mark(d: Directive, id: string): void {
    let s = this.used.get(d);
    if (!s) this.used.set(d, (s = new Set()));
    s.add(d.ruleIds.length === 0 ? ALL : id);
  }
  has(d: Directive, id: string): boolean {
    return this.used.get(d)?.has(id) ?? false;
  }
}

interface RangeState {
  all: Directive | null;
  rules: Map<string, Directive>;
  /** Rules re-enabled while every rule is disabled. */
  exceptions: Set<string>;
}

function step(state: RangeState, d: Directive): void {
  if (d.kind === 'disable') {
    if (d.ruleIds.length === 0) {
      state.all = d;
      state.rules.clear();
      state.exceptions.clear();
    } else {
      for (const id of d.ruleIds) {
        state.rules.set(id, d);
        state.exceptions.delete(id);
      }
    }
  } else if (d.kind === 'enable') {
    if (d.ruleIds.length === 0) {
      state.all = null;
      state.rules.clear();
      state.exceptions.clear();
    } else {
      for (const id of d.ruleIds) {
        state.rules.delete(id);
        if (state.all) state.exceptions.add(id);
      }
    }
  }
}

function disabledBy(state: RangeState, ruleId: string): Directive | null {
  return state.rules.get(ruleId) ?? (state.all && !state.exceptions.has(ruleId) ? state.all : null);
}

/**
 * Filters `diagnostics` (all located in the file the `comments` come from) through the file's
 * directives, and appends `unused-directive` reports.
 */
export function applyDirectives(
  comments: readonly Comment[],
  diagnostics: readonly Diagnostic[],
  options: DirectiveOptions,
): Diagnostic[] {
  const parsed = comments.map(parseDirective).filter((d) => d !== null);
  if (parsed.length === 0) return [...diagnostics];
  const directives = parsed.filter(isDirective);
  const malformed = parsed.filter((d): d is MalformedDirective => !isDirective(d));

  const fileWide = directives.filter((d) => d.kind === 'disable-file');
  const byLine = new Map<number, Directive[]>();
  for (const d of directives) {
    const line =
      d.kind === 'disable-line' ? d.comment.span.start.line : d.kind === 'disable-next-line' ? d.comment.span.end.line + 1 : 0;
    if (line === 0) continue;
    const list = byLine.get(line) ?? [];
    list.push(d);
    byLine.set(line, list);
  }
  const ranges = directives
    .filter((d) => d.kind === 'disable' || d.kind === 'enable')
    .sort((a, b) => a.comment.span.start.offset - b.comment.span.start.offset);

  const usage = new Usage();
  const applies = (d: Directive, id: string): boolean => d.ruleIds.length === 0 || d.ruleIds.includes(id);

  const kept: Diagnostic[] = [];
  for (const diag of diagnostics) {
    if (diag.fatal || diag.ruleId === 'unused-directive') {
      kept.push(diag);
      continue;
    }
    const id = diag.ruleId;
    let by: Directive | null = byLine.get(diag.span.start.line)?.find((d) => applies(d, id)) ?? null;
    if (!by) {
      const state: RangeState = { all: null, rules: new Map(), exceptions: new Set() };
      for (const d of ranges) {
        if (d.comment.span.start.offset > diag.span.start.offset) break;
        step(state, d);
      }
      by = disabledBy(state, id);
    }
    by ??= fileWide.find((d) => applies(d, id)) ?? null;
    if (by) usage.mark(by, id);
    else kept.push(diag);
  }

  if (options.reportUnused === 'off') return kept;
  const severity = options.reportUnused;
  const report = (comment: Comment, messageId: string, message: string): void => {
    kept.push({ ruleId: 'unused-directive', messageId, severity, message, span: comment.span });
  };

  for (const m of malformed) {
    report(
      m.comment,
      'unknownDirective',
      m.word === ''
        ? 'This `upstart-lint` comment names no directive; use `disable-next-line`, `disable-line`, `disable`, `enable` or `disable-file`'
        : `\`${m.word}\` is not an upstart-lint directive; use \`disable-next-line\`, \`disable-line\`, \`disable\`, \`enable\` or \`disable-file\``,
    );
  }

  // `enable` directives that re-enable nothing.
  const state: RangeState = { all: null, rules: new Map(), exceptions: new Set() };
  const uselessEnable = new Map<Directive, string[]>();
  for (const d of ranges) {
    if (d.kind === 'enable') {
      const ids = d.ruleIds.length === 0 ? [ALL] : d.ruleIds;
      const idle = ids.filter((id) =>
        id === ALL ? state.all === null && state.rules.size === 0 : disabledBy(state, id) === null,
      );
      if (idle.length > 0) uselessEnable.set(d, idle);
    }
    step(state, d);
  }

  for (const d of directives) {
    if (d.ruleIds.includes('syntax')) {
      report(d.comment, 'syntaxNotSuppressible', 'Syntax errors cannot be suppressed because upstart refuses the file; remove `syntax` from this directive and fix the error');
    }
    const unknown = d.ruleIds.filter((id) => id !== 'syntax' && !options.knownRuleIds.has(id));
    for (const id of unknown) {
      report(d.comment, 'unknownRule', `\`${id}\` in this \`upstart-lint ${d.kind}\` comment is not a rule; fix the rule id or remove it`);
    }
    if (d.kind === 'enable') {
      for (const id of uselessEnable.get(d) ?? []) {
        if (id !== ALL && (!options.knownRuleIds.has(id) || !options.activeRuleIds.has(id))) continue;
        report(
          d.comment,
          'unusedEnable',
          id === ALL
            ? 'This `upstart-lint enable` comment re-enables nothing because no rule is disabled here; remove it'
            : `This \`upstart-lint enable\` comment re-enables \`${id}\`, which is not disabled here; remove it`,
        );
      }
      continue;
    }
    if (d.ruleIds.length === 0) {
      if (!usage.has(d, ALL)) {
        report(d.comment, 'unusedDirective', `This \`upstart-lint ${d.kind}\` comment suppresses no problem; remove it`);
      }
      continue;
    }
    for (const id of d.ruleIds) {
      if (!options.knownRuleIds.has(id) || !options.activeRuleIds.has(id)) continue;
      if (!usage.has(d, id)) {
        report(d.comment, 'unusedDirective', `This \`upstart-lint ${d.kind}\` comment suppresses no \`${id}\` problem; remove \`${id}\` from it`);
      }
    }
  }
  return kept;
}
