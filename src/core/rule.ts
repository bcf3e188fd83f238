/**
 * The rule contract: a rule is metadata plus a pure `check` over a JobModel.
 * Rules find problems and report them by messageId; the engine stamps rule id, severity and URL.
 */
import { checkRuleDefinition } from './arguments.js';
import type { Severity, Span, TextEdit } from './diagnostic.js';
import type { JobModel, Node } from './job-model.js';
import type { ProjectView } from './project.js';

export type RuleCategory = 'security' | 'correctness' | 'portability' | 'style';

export type MessageData = Readonly<Record<string, string | number>>;

/** Builds text edits; every method works on offsets of the file the node belongs to. */
export interface Editor {
  replace(at: Node | Span, text: string): TextEdit;
  remove(at: Node | Span): TextEdit;
  /** Removes the whole line(s) the node spans, including the line terminator. */
  removeLines(at: Node | Span): TextEdit;
  /** Inserts `line` as a new line above the node's first line, with the same indentation. */
  insertLineBefore(at: Node | Span, line: string): TextEdit;
  /** Inserts `line` as a new line below the node's last line, with the same indentation. */
  insertLineAfter(at: Node | Span, line: string): TextEdit;
}

export type FixFunction = (edit: Editor) => TextEdit | readonly TextEdit[] | null;

export interface RelatedReport<M extends string> {
  /** A node of the job, or a span in `filePath`. */
  readonly at: Node | Span;
  /** Another file of the project (a span from the project model): the location is in it. */
  readonly filePath?: string;
  readonly messageId: M;
  readonly data?: MessageData;
}

export interface Report<M extends string> {
  readonly messageId: M;
  readonly data?: MessageData;
  /** Where the user should act: a node, or a span inside the file of `origin` (default: the linted file). */
  readonly at: Node | Span;
  /** For a computed span: the node whose file the span is in (needed only for `.conf` + `.override`). */
  readonly origin?: Node;
  /** A safe fix (requires `meta.fixable`). */
  readonly fix?: FixFunction;
  /** Alternatives a person chooses between (requires `meta.hasSuggestions`). */
  readonly suggest?: readonly { readonly messageId: M; readonly data?: MessageData; readonly fix: FixFunction }[];
  readonly related?: readonly RelatedReport<M>[];
  /**
   * For a rule that relays an external program (`meta.external`): the program's own code for the
   * finding (`SC2086`), which becomes the diagnostic's messageId; the text still comes from the
   * template of `messageId`.
   */
  readonly code?: string;
}

export interface RuleContext<M extends string, O> {
  readonly job: JobModel;
  /**
   * The project the job belongs to, seen from this file (other jobs, their events, nginx
   * configurations), or null when linting without one (`--no-project`).
   */
  readonly project: ProjectView | null;
  readonly options: O;
  /** Bound: safe to destructure. */
  readonly report: (report: Report<M>) => void;
  /**
   * For a rule that relays an external program (`meta.external`): what the program found, as the
   * file-linting layer handed it to the core (`LintOptions.external[id]`). Never undefined when
   * such a rule runs; unknown data, so the rule checks its shape.
   */
  readonly external: unknown;
}

export interface RuleMeta<M extends string, O> {
  /** kebab-case, equal to the file name in src/rules/. */
  readonly id: string;
  readonly category: RuleCategory;
  /** One imperative sentence, no trailing period. */
  readonly description: string;
  readonly defaultSeverity: Severity | 'off';
  /**
   * Findings of less harm than the rule's main one (docs/configuration.md, "Severity policy"): the
   * highest severity each of these messages is reported at, whatever the rule is configured to.
   */
  readonly messageSeverity?: Readonly<Partial<Record<M, Severity>>>;
  readonly fixable?: true;
  readonly hasSuggestions?: true;
  /** messageId → template with `{placeholder}`s. */
  readonly messages: Readonly<Record<M, string>>;
  readonly defaultOptions: O;
  /** JSON Schema of the options object (used for config validation and the docs). */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /**
   * Validates raw options from configuration and merges them over the defaults.
   * Throws `ConfigError` naming the offending key. Omitted: the rule takes no options.
   */
  readonly parseOptions?: (raw: unknown) => O;
  /**
   * The rule relays the findings of a program that the file-linting layer runs over many files at
   * once (ShellCheck). The program's output reaches the core as data (`LintOptions.external`,
   * keyed by rule id) and the rule maps it onto the job, so its findings take the normal path:
   * configured severity, suppression comments, unused-directive reports, docs URL, every format.
   * Without that data the rule does not run at all (and a suppression comment naming it is not
   * reported as unused). `codes` is the shape of the program's codes: a report's `code` must match
   * it, and becomes the diagnostic's messageId.
   */
  readonly external?: { readonly codes: RegExp };
}

export interface Rule<M extends string = string, O = unknown> {
  readonly meta: RuleMeta<M, O>;
  check(context: RuleContext<M, O>): void;
}

/**
 * Identity at run time (after checking the rule's shape); infers the messageId union from
 * `meta.messages` so typos fail to compile.
 */
export function defineRule<const M extends string, O>(rule: Rule<M, O>): Rule<M, O> {
  checkRuleDefinition('defineRule(rule)', rule);
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/upstart-lint/upstart-lint/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}

/** Documentation of a syntax error kind: a section of docs/syntax.md. */
export function syntaxDocsUrl(messageId: string): string {
  const anchor = messageId.startsWith('illegal')
    ? 'illegalinterval-illegalexit-illegalsignal-illegalumask-illegalnice-illegaloom-illegallimit'
    : messageId.toLowerCase();
  return `${DOCS_BASE_URL.replace(/rules\/$/, '')}syntax.md#${anchor}`;
}

/** Thrown for invalid configuration (bad rule options, unknown rule ids, …). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Dotted path of the offending key, e.g. `rules.valid-env-path[1].allow`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.path = path;
  }
}

/** Fills `{name}` placeholders; unknown placeholders are left as written. */
export function interpolate(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  // Text and placeholder names alternate: text, name, text, …, text.
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as string;
    const value = data[key];
    out += (value === undefined ? `{${key}}` : String(value)) + (parts[i + 1] as string);
  }
  return out;
}

/** Templates split once: a rule's messages are a fixed set, each interpolated for every finding. */
const splitTemplates = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (parts === undefined) {
    // split with a capturing group keeps the names: ['text', 'name', 'text', …].
    parts = template.split(/\{(\w+)\}/);
    // Only rule messages come here, but a caller may interpolate any string: keep the map bounded.
    if (splitTemplates.size < 4096) splitTemplates.set(template, parts);
  }
  return parts;
}
