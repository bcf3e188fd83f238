/** Pure configuration types and severity resolution (loading config files is `src/load/`'s job). */
import type { Severity } from './diagnostic.js';
import type { JobKind } from './job-kind.js';
import type { ProjectModel } from './project.js';
import type { ShellTreeCache } from './process-shell.js';
import { argumentError, checkRegistry } from './arguments.js';
import { ConfigError, type Rule } from './rule.js';

/** Severity names accepted in configuration (`warn` is ESLint's spelling of `warning`). */
export type SeverityName = 'off' | 'info' | 'warn' | 'warning' | 'error';

/** `"error"`, or `["warn", { …options }]`. */
export type RuleSetting = SeverityName | readonly [SeverityName] | readonly [SeverityName, unknown];

export type RulesConfig = Readonly<Record<string, RuleSetting>>;

export interface LintOptions {
  /** Path of the file being linted; decides the job kind and name (no file is read). */
  readonly filePath: string;
  /** Overrides the job kind derived from `filePath`. */
  readonly jobKind?: JobKind;
  /** When linting a `.conf`: the text of its `.override`, parsed on top of it. */
  readonly overrideText?: string;
  /** When linting a `.override`: the text of the `.conf` it applies to. */
  readonly confText?: string;
  /** Rule severities and options; unlisted rules run at their default severity. */
  readonly rules?: RulesConfig;
  /** Run only the rules listed in `rules` (test isolation, like ESLint's RuleTester). */
  readonly onlyListedRules?: boolean;
  /** Upstart release the job is written for (default 1.13). */
  readonly targetVersion?: string;
  /** Honour `# upstart-lint …` comments (default true). */
  readonly inlineConfig?: boolean;
  /** Severity of reports about unused or unknown suppression directives (default warning). */
  readonly reportUnusedDirectives?: Severity | 'off';
  /** Report only what upstart itself rejects (syntax diagnostics). */
  readonly syntaxOnly?: boolean;
  /**
   * The project model the file belongs to (src/core/project.ts). Omitted: a model of this file
   * alone (and its companion), whose siblings are unknown. `null`: no model (`--no-project`);
   * rules that need one report nothing.
   */
  readonly project?: ProjectModel | null;
  /** Job names that exist outside the linted tree (configuration `knownJobs`). */
  readonly knownJobs?: readonly string[];
  /** Event names (globs allowed) emitted outside the linted tree (configuration `knownEvents`). */
  readonly knownEvents?: readonly string[];
  /**
   * Findings of external programs, by the id of the rule that relays them (`meta.external`): the
   * `shellcheck` rule takes ShellCheck's json1 comments per process (src/rules/shellcheck.ts).
   * A relaying rule without an entry here does not run.
   */
  readonly external?: Readonly<Record<string, unknown>>;
  /**
   * Shell trees kept between lints: give the same cache to every lint of an editing session, and
   * a script whose text did not change is not parsed again. Omitted: every lint parses its
   * scripts (a bulk run, where each script is seen once).
   */
  readonly shellTrees?: ShellTreeCache;
}

export interface ResolvedRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: unknown;
}

export function normalizeSeverity(name: unknown, path: string): Severity | 'off' {
  switch (name) {
    case 'off':
    case 'info':
    case 'error':
    case 'warning':
      return name;
    case 'warn':
      return 'warning';
    case 0:
      return 'off';
    case 1:
      return 'warning';
    case 2:
      return 'error';
    default:
      throw new ConfigError(path, `invalid severity ${JSON.stringify(name)}; expected "off", "info", "warn", "warning" or "error"`);
  }
}

/**
 * Resolves which rules run, at which severity and with which options.
 * Throws ConfigError for unknown rule ids, bad severities and invalid options.
 */
export function resolveRules(
  registry: ReadonlyMap<string, Rule>,
  config: RulesConfig | undefined,
  onlyListed = false,
): ResolvedRule[] {
  checkRegistry('resolveRules(registry, config)', 'registry', registry);
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw argumentError('resolveRules(registry, config)', 'config', 'an object of rule id → setting, or left out', config);
  }
  if (config) {
    for (const id in config) {
      if (Object.hasOwn(config, id) && !registry.has(id)) throw new ConfigError(`rules.${id}`, `unknown rule "${id}"`);
    }
  }
  const out: ResolvedRule[] = [];
  // Called once per lint: forEach, not for…of over entries, allocates no [id, rule] pair per rule.
  registry.forEach((rule, id) => {
    const setting = config !== undefined && Object.hasOwn(config, id) ? config[id] : undefined;
    if (setting === undefined && onlyListed) return;
    let severity: Severity | 'off' = rule.meta.defaultSeverity;
    let rawOptions: unknown = undefined;
    if (setting !== undefined) {
      if (Array.isArray(setting)) {
        severity = normalizeSeverity(setting[0], `rules.${id}[0]`);
        rawOptions = setting[1];
      } else {
        severity = normalizeSeverity(setting, `rules.${id}`);
      }
    }
    if (severity === 'off') return;
    let options: unknown = rule.meta.defaultOptions;
    if (rawOptions !== undefined) {
      if (!rule.meta.parseOptions) {
        throw new ConfigError(`rules.${id}[1]`, `rule "${id}" takes no options`);
      }
      options = rule.meta.parseOptions(rawOptions);
    }
    out.push({ rule, severity, options });
  });
  return out;
}

/**
 * `resolveRules` for the engine, which lints file after file with the same settings: the last
 * resolution is reused while the registry and the settings are the same. Settings are compared by
 * value (a severity, and the JSON of a rule's options), so a caller that edits its configuration
 * object between two lints gets the new settings. The array returned is shared: read it only.
 */
export function resolveRulesOnce(registry: ReadonlyMap<string, Rule>, config: RulesConfig | undefined, onlyListed: boolean): readonly ResolvedRule[] {
  const last = lastResolution;
  if (last !== null && last.registry === registry && last.onlyListed === onlyListed && sameRules(last.registered, registry) && sameSettings(last.settings, config)) {
    return last.rules;
  }
  const rules = resolveRules(registry, config, onlyListed);
  lastResolution = { registry, registered: [...registry.values()], onlyListed, settings: settingsOf(config), rules };
  return rules;
}

interface Resolution {
  readonly registry: ReadonlyMap<string, Rule>;
  /** The registry's rules when it was resolved (a Map can be changed in place). */
  readonly registered: readonly Rule[];
  readonly onlyListed: boolean;
  /** Rule id, then the setting's value (see `settingValue`), for each own key of the settings. */
  readonly settings: readonly string[];
  readonly rules: readonly ResolvedRule[];
}

let lastResolution: Resolution | null = null;

function settingValue(setting: unknown): string {
  return typeof setting === 'string' ? setting : JSON.stringify(setting) ?? String(setting);
}

function settingsOf(config: RulesConfig | undefined): string[] {
  const out: string[] = [];
  if (config === undefined) return out;
  for (const id of Object.keys(config)) out.push(id, settingValue(config[id]));
  return out;
}

function sameRules(known: readonly Rule[], registry: ReadonlyMap<string, Rule>): boolean {
  if (known.length !== registry.size) return false;
  let i = 0;
  let same = true;
  registry.forEach((rule) => {
    if (known[i++] !== rule) same = false;
  });
  return same;
}

function sameSettings(known: readonly string[], config: RulesConfig | undefined): boolean {
  if (config === undefined) return known.length === 0;
  // Object.keys and Object.values: the own enumerable keys and their values, in the same order,
  // without a keyed property lookup per rule (a lookup by a different name each time is slow).
  const ids = Object.keys(config);
  if (ids.length * 2 !== known.length) return false;
  for (let k = 0; k < ids.length; k++) if (known[2 * k] !== ids[k]) return false;
  const values = Object.values(config);
  for (let k = 0; k < values.length; k++) if (known[2 * k + 1] !== settingValue(values[k])) return false;
  return true;
}
