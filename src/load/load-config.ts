/**
 * Configuration files: discovery (from each linted file's directory up to the repository root),
 * parsing (JSON, JSONC, YAML; never code), validation against the shipped JSON Schema, and
 * resolution of what applies to one file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { JobKind } from '../core/job-kind.js';
import type { RuleSetting, RulesConfig, SeverityName } from '../core/config.js';
import type { Severity } from '../core/diagnostic.js';
import type { Rule } from '../core/rule.js';

export const CONFIG_FILE_NAMES = ['.upstart-lint.json', '.upstart-lint.jsonc', '.upstart-lint.yaml', '.upstart-lint.yml'] as const;

/** An error the user must fix in a configuration file or option: exit code 2. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/** Presets shipped in the package (presets/NAME.json): rule settings applied before a file's own. */
export const PRESET_NAMES = ['recommended', 'strict', 'chromeos'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** `shellcheck`: run ShellCheck when it is on PATH (`auto`), always (`true`: a missing program is an error), or never. */
export type ShellCheckMode = 'auto' | true | false;

export interface ConfigOverride {
  readonly files: readonly string[];
  readonly excludedFiles: readonly string[];
  readonly extends: readonly PresetName[];
  readonly rules?: RulesConfig;
  readonly jobKind?: JobKind;
  readonly targetVersion?: string;
  readonly shellcheck?: ShellCheckMode;
  readonly shellcheckExclude: readonly string[];
}

/** One parsed and validated configuration file. */
export interface ConfigFile {
  readonly path: string;
  /** Directory that globs in the file are relative to. */
  readonly dir: string;
  readonly root: boolean;
  /** Presets applied before `rules`, in order. */
  readonly extends: readonly PresetName[];
  readonly rules?: RulesConfig;
  readonly targetVersion?: string;
  readonly ignores: readonly string[];
  readonly reportUnusedDirectives?: Severity | 'off';
  readonly noInlineConfig?: boolean;
  readonly overrides: readonly ConfigOverride[];
  readonly knownJobs: readonly string[];
  readonly knownEvents: readonly string[];
  readonly shellcheck?: ShellCheckMode;
  readonly shellcheckExclude: readonly string[];
}

/** What applies to one file after cascading, overrides and command-line options. */
export interface FileConfig {
  /** Configuration files that were applied, outermost first. */
  readonly configFiles: readonly string[];
  /** Presets applied, in order: `recommended` (the rule defaults) first, then every `extends`. */
  readonly presets: readonly PresetName[];
  readonly rules: Record<string, RuleSetting>;
  readonly jobKind?: JobKind;
  readonly targetVersion?: string;
  readonly reportUnusedDirectives?: Severity | 'off';
  readonly inlineConfig: boolean;
  /** True when an `ignores` entry matches the file. */
  readonly ignored: boolean;
  /** `knownJobs` of every configuration file of the chain. */
  readonly knownJobs: readonly string[];
  /** `knownEvents` of every configuration file of the chain. */
  readonly knownEvents: readonly string[];
  /** The configuration file whose `ignores` matched (when `ignored`). */
  readonly ignoredBy?: string;
  /** Whether ShellCheck runs for the file (default `auto`). */
  readonly shellcheck: ShellCheckMode;
  /** ShellCheck codes not reported (`SC2086`): every configuration file and override of the chain adds to the list. */
  readonly shellcheckExclude: readonly string[];
}

export interface CliConfigOptions {
  /** `--config PATH`: use only this file (no discovery). */
  readonly configPath?: string;
  /** `--rule id:severity`, applied last. */
  readonly rules?: RulesConfig;
  readonly jobKind?: JobKind;
  /** `--target-version`, applied last. */
  readonly targetVersion?: string;
  readonly reportUnusedDirectives?: Severity | 'off';
  readonly inlineConfig?: boolean;
  /** `--shellcheck`: applies over every configuration file. */
  readonly shellcheck?: ShellCheckMode;
}

type Validator = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null };
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

export function presetPath(name: PresetName): string {
  // Like the schema: two levels below the package in dist/ and in src/.
  return fileURLToPath(new URL(`../../presets/${name}.json`, import.meta.url));
}

const presetCache = new Map<PresetName, RulesConfig>();

/**
 * The rule settings of a preset (data in the package, validated by the schema in the tests).
 * Throws ConfigFileError when the file is missing or names a rule this build does not have.
 */
export function readPreset(name: PresetName, registry: ReadonlyMap<string, Rule>): RulesConfig {
  const cached = presetCache.get(name);
  if (cached) return cached;
  const file = presetPath(name);
  let data: { rules?: Record<string, RuleSetting> };
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as { rules?: Record<string, RuleSetting> };
  } catch (error) {
    throw new ConfigFileError(`cannot read preset "${name}" (${file}): ${error instanceof Error ? error.message : String(error)}; the package is damaged`);
  }
  const rules = data.rules ?? {};
  for (const id of Object.keys(rules)) {
    if (!registry.has(id)) throw new ConfigFileError(`preset "${name}" (${file}) names unknown rule "${id}"; the package is damaged`);
  }
  presetCache.set(name, rules);
  return rules;
}

/**
 * The schema's validation function, compiled at build time (scripts/gen-config-validator.mjs,
 * Ajv's standalone code): a run reads no schema and loads no Ajv. Loaded with the first
 * configuration file.
 */
async function validator(): Promise<Validator> {
  return (await import('./config-validator.generated.js')).validate as Validator;
}

/** `/overrides/0/rules/foo` → `overrides[0].rules.foo` */
function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(top level)' : out;
}

function describeError(e: AjvError, data: unknown): string {
  const where = keyPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const at = e.instancePath === '' ? 'at the top level' : `in ${where}`;
      return `unknown key "${key}" ${at}`;
    }
    case 'propertyNames':
      return `${keyPath(e.instancePath, String(e.params['propertyName']))}: rule ids are kebab-case, like "require-setuid"`;
    case 'required':
      return `${where}: missing required key "${String(e.params['missingProperty'])}"`;
    case 'enum': {
      const allowed = (e.params['allowedValues'] as unknown[]).filter((v) => typeof v === 'string' || typeof v === 'boolean').map((v) => JSON.stringify(v));
      return `${where}: ${JSON.stringify(valueAt(data, e.instancePath))} is not one of ${allowed.join(', ')}`;
    }
    case 'pattern':
      return /shellcheckExclude/.test(e.instancePath)
        ? `${where}: ${JSON.stringify(valueAt(data, e.instancePath))} is not a ShellCheck code like "SC2086"`
        : `${where}: ${JSON.stringify(valueAt(data, e.instancePath))} is not a version like "1.13"`;
    default:
      return `${where}: ${e.message ?? 'invalid value'}`;
  }
}

function valueAt(data: unknown, instancePath: string): unknown {
  let cur = data;
  for (const p of instancePath.split('/').slice(1)) {
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return cur;
}

/** Picks the most useful schema errors: `anyOf` branches produce noise, keep the deepest ones. */
function pickErrors(errors: readonly AjvError[]): AjvError[] {
  // A value that may be one item or a list of them (`extends`) fails both branches: keep the
  // error on the item (`extends[0]`), which says which one is wrong.
  const deeper = (e: AjvError): boolean => errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`));
  const meaningful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if' && !(e.keyword === 'enum' && deeper(e)) && !(e.keyword === 'type' && (deeper(e) || errors.some((o) => o.keyword === 'enum' && o.instancePath === e.instancePath))));
  const seen = new Set<string>();
  const out: AjvError[] = [];
  for (const e of meaningful) {
    // For a rule setting that is neither a severity nor an array, report once.
    const key = /\/rules\/[^/]+/.test(e.instancePath) ? e.instancePath.replace(/(\/rules\/[^/]+).*/, '$1') : `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(/\/rules\/[^/]+/.test(e.instancePath) ? ruleSettingError(e) : e);
  }
  return out.length > 0 ? out : errors.slice(0, 1);
}

function ruleSettingError(e: AjvError): AjvError {
  const path = e.instancePath.replace(/(\/rules\/[^/]+).*/, '$1');
  return {
    instancePath: path,
    keyword: 'ruleSetting',
    params: {},
    message: 'expected "off", "info", "warn", "error", or an array [severity, options]',
  };
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes (a trailing comma is allowed only in .jsonc files)',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the configuration',
  InvalidCommentToken: 'comments are allowed only in .jsonc files',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** The source line at 1-based `line` with a caret under 1-based `column`, indented for stderr. */
function codeFrame(text: string, line: number, column: number): string {
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  const gutter = String(line);
  return `\n  ${gutter} | ${source}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^`;
}

/** How deep arrays and objects of a JSON configuration may nest (js-yaml's limit for YAML). */
const MAX_CONFIG_DEPTH = 100;

/** jsonc-parser's token kinds (a const enum there) that open and close arrays and objects. */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF_TOKEN = 17;

/** The offset of the first `{` or `[` nested deeper than `max` levels, or -1. */
function nestedBeyond(scanner: import('jsonc-parser').JSONScanner, max: number): number {
  let depth = 0;
  for (let t: number = scanner.scan(); t !== EOF_TOKEN; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > max) return scanner.getTokenOffset();
    } else if ((t === CLOSE_BRACE || t === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
  }
  return -1;
}

async function parseText(path: string, text: string): Promise<unknown> {
  const name = basename(path);
  if (name.endsWith('.yaml') || name.endsWith('.yml')) {
    // js-yaml, loaded only for YAML: YAML 1.2's core schema (`off` stays a string), duplicate
    // keys are errors, and an error carries its position and a snippet of the source.
    const { loadAll } = await import('js-yaml');
    let documents: unknown[];
    try {
      documents = loadAll(text);
    } catch (error) {
      const e = error as { reason?: unknown; mark?: { line?: unknown; column?: unknown; snippet?: unknown } | null };
      const mark = e.mark && typeof e.mark.line === 'number' && typeof e.mark.column === 'number' ? { line: e.mark.line + 1, column: e.mark.column + 1 } : null;
      const reason = typeof e.reason === 'string' ? e.reason : error instanceof Error ? error.message : String(error);
      const snippet = typeof e.mark?.snippet === 'string' ? `\n${e.mark.snippet.replace(/^/gm, '  ')}` : mark ? codeFrame(text, mark.line, mark.column) : '';
      throw new ConfigFileError(`${path}${mark ? `:${mark.line}:${mark.column}` : ''}: invalid YAML: ${reason}${snippet}`);
    }
    if (documents.length > 1) {
      throw new ConfigFileError(`${path}: ${documents.length} YAML documents (separated by ---); a configuration file holds one`);
    }
    // An empty file (or only comments) has no document: reported as not being a mapping.
    return documents[0] ?? null;
  }
  const { createScanner, parse, printParseErrorCode } = await import('jsonc-parser');
  const errors: { error: number; offset: number; length: number }[] = [];
  const jsonc = name.endsWith('.jsonc');
  // jsonc-parser's parse recurses once per level of nesting: 100,000 `[` overflowed the call
  // stack (an internal error). Its scanner does not recurse: deeper nesting than js-yaml allows a
  // YAML file is refused first.
  /** The error at `offset` of the text: its line and column, and a frame of the line. */
  const invalid = (offset: number, reason: string): ConfigFileError => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    return new ConfigFileError(`${path}:${line}:${col}: invalid ${jsonc ? 'JSONC' : 'JSON'}: ${reason}${codeFrame(text, line, col)}`);
  };
  const deep = nestedBeyond(createScanner(text, false), MAX_CONFIG_DEPTH);
  if (deep >= 0) throw invalid(deep, `nested more than ${MAX_CONFIG_DEPTH} levels deep`);
  const value = parse(text, errors, { allowTrailingComma: jsonc, disallowComments: !jsonc, allowEmptyContent: false }) as unknown;
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error as Parameters<typeof printParseErrorCode>[0]);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more ${errors.length === 2 ? 'error' : 'errors'} after it)` : '';
    throw invalid(first.offset, `${JSON_ERRORS[code] ?? code}${more}`);
  }
  return value;
}

const SEVERITY_MAP: Record<string, Severity | 'off'> = { off: 'off', info: 'info', warn: 'warning', warning: 'warning', error: 'error', '0': 'off', '1': 'warning', '2': 'error' };

export function severityOf(name: unknown): Severity | 'off' | undefined {
  return SEVERITY_MAP[String(name)];
}

function asList(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

/** Reads, parses and validates one configuration file. Throws ConfigFileError. */
export async function readConfigFile(path: string, registry: ReadonlyMap<string, Rule>): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`cannot read configuration file ${path}: ${ioReason(error)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const data = await parseText(path, text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigFileError(`${path}: the configuration must be an object (a mapping of keys to values)`);
  }
  const validate = await validator();
  if (!validate(data)) {
    const messages = pickErrors(validate.errors ?? []).map((e) => describeError(e, data));
    throw new ConfigFileError(`${path}: ${messages.join('; ')}`);
  }
  const raw = data as Record<string, unknown>;
  const check = (rules: unknown, at: string): RulesConfig | undefined => {
    if (rules === undefined) return undefined;
    const out: Record<string, RuleSetting> = {};
    for (const [id, setting] of Object.entries(rules as Record<string, unknown>)) {
      if (!registry.has(id)) {
        throw new ConfigFileError(`${path}: ${at}.${id}: unknown rule "${id}"${suggest(id, registry)}`);
      }
      const rule = registry.get(id);
      if (Array.isArray(setting) && setting.length > 1 && rule && !rule.meta.parseOptions) {
        throw new ConfigFileError(`${path}: ${at}.${id}[1]: rule "${id}" takes no options`);
      }
      if (Array.isArray(setting) && setting.length > 1 && rule?.meta.parseOptions) {
        try {
          rule.meta.parseOptions(setting[1]);
        } catch (error) {
          const msg = error instanceof Error ? error.message : String(error);
          throw new ConfigFileError(`${path}: ${at}.${id}[1]: ${msg.replace(/^rules\.[^:]*:\s*/, '')}`);
        }
      }
      out[id] = setting as RuleSetting;
    }
    return out;
  };
  const overrides = ((raw['overrides'] as Record<string, unknown>[] | undefined) ?? []).map((o, i): ConfigOverride => {
    const rules = check(o['rules'], `overrides[${i}].rules`);
    return {
      files: asList(o['files']),
      excludedFiles: asList(o['excludedFiles']),
      extends: asList(o['extends']) as PresetName[],
      ...(rules ? { rules } : {}),
      ...(o['jobKind'] !== undefined ? { jobKind: o['jobKind'] as JobKind } : {}),
      ...(o['targetVersion'] !== undefined ? { targetVersion: String(o['targetVersion']) } : {}),
      ...(o['shellcheck'] !== undefined ? { shellcheck: o['shellcheck'] as ShellCheckMode } : {}),
      shellcheckExclude: asList(o['shellcheckExclude']),
    };
  });
  const rules = check(raw['rules'], 'rules');
  const unused = raw['reportUnusedDirectives'];
  return {
    path,
    dir: dirname(path),
    root: raw['root'] === true,
    extends: asList(raw['extends']) as PresetName[],
    ...(rules ? { rules } : {}),
    ...(raw['targetVersion'] !== undefined ? { targetVersion: String(raw['targetVersion']) } : {}),
    ignores: asList(raw['ignores']),
    ...(unused !== undefined ? { reportUnusedDirectives: severityOf(unused) ?? 'warning' } : {}),
    ...(raw['noInlineConfig'] !== undefined ? { noInlineConfig: raw['noInlineConfig'] === true } : {}),
    overrides,
    knownJobs: asList(raw['knownJobs']),
    knownEvents: asList(raw['knownEvents']),
    ...(raw['shellcheck'] !== undefined ? { shellcheck: raw['shellcheck'] as ShellCheckMode } : {}),
    shellcheckExclude: asList(raw['shellcheckExclude']),
  };
}

function suggest(id: string, registry: ReadonlyMap<string, Rule>): string {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const known of registry.keys()) {
    const d = distance(id, known);
    if (d < bestScore) {
      bestScore = d;
      best = known;
    }
  }
  return best !== null && bestScore <= Math.max(2, Math.floor(id.length / 4)) ? `; did you mean "${best}"?` : '';
}

/** Optimal string alignment distance (a transposition counts as one edit). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

export function ioReason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EIO':
      return 'input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      // Node's messages start with the code ("EBUSY: resource busy or locked, read"): keep the words.
      return withoutSyscall((error instanceof Error ? error.message : String(error)).replace(/^[A-Z]+: /, ''));
  }
}

/** Drops Node's `, SYSCALL` or `, SYSCALL 'PATH'` tail (tested from the first `, `, in linear time). */
function withoutSyscall(message: string): string {
  const i = message.indexOf(', ');
  return i !== -1 && /^, \w+(?: '[^\n]*')?$/.test(message.slice(i)) ? message.slice(0, i) : message;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The directory containing `.git` at or above `dir`, or null. */
export function repositoryRoot(dir: string): string | null {
  let cur = resolve(dir);
  for (;;) {
    if (existsSync(join(cur, '.git'))) return cur;
    const parent = dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
}

const loadMatchers = () =>
  Promise.all([import('ignore'), import('picomatch')]).then(([ig, pm]) => ({ ignore: ig.default, pm: pm.default }));

/** Stand-ins for a chain without ignores or overrides, where no glob is ever matched. */
const NO_MATCHERS = {
  ignore: (): never => {
    throw new Error('no ignore patterns to match');
  },
  pm: (): never => {
    throw new Error('no globs to match');
  },
} as unknown as Awaited<ReturnType<typeof loadMatchers>>;

/**
 * Chains of the directories seen last. A run walks the tree depth first, so the chains it needs
 * again are those of the directories above it: a few hundred cover any realistic depth, and the
 * cache no longer grows with the number of directories.
 */
const CHAIN_CACHE_SIZE = 512;

/** Loads configuration files, caching them by path and the chain of each recent directory. */
export class ConfigLoader {
  private readonly files = new Map<string, Promise<ConfigFile>>();
  private readonly chains = new Map<string, Promise<readonly ConfigFile[]>>();
  private mods: ReturnType<typeof loadMatchers> | undefined;

  constructor(
    private readonly registry: ReadonlyMap<string, Rule>,
    private readonly cli: CliConfigOptions,
    private readonly cwd: string,
  ) {}

  private load(path: string): Promise<ConfigFile> {
    let p = this.files.get(path);
    if (!p) {
      p = readConfigFile(path, this.registry);
      this.files.set(path, p);
    }
    return p;
  }

  /** The configuration files that apply in `dir`, outermost first. */
  chainFor(dir: string): Promise<readonly ConfigFile[]> {
    if (this.cli.configPath !== undefined) {
      const path = resolve(this.cwd, this.cli.configPath);
      return this.load(path).then((c) => [c]);
    }
    let p = this.chains.get(dir);
    if (p) {
      // Most recently used last: the first key is the one to drop.
      this.chains.delete(dir);
    } else {
      p = this.discover(dir);
      if (this.chains.size >= CHAIN_CACHE_SIZE) this.chains.delete(this.chains.keys().next().value as string);
    }
    this.chains.set(dir, p);
    return p;
  }

  private async discover(dir: string): Promise<readonly ConfigFile[]> {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      if (!existsSync(p)) continue;
      // A directory of that name is a mistake to report, not a configuration to pass over.
      if (isDir(p)) throw new ConfigFileError(`${p}: is a directory, not a configuration file`);
      found.push(p);
    }
    if (found.length > 1) {
      throw new ConfigFileError(`${dir}: several configuration files (${found.map((f) => basename(f)).join(', ')}); keep one`);
    }
    const here = found[0] ? await this.load(found[0]) : null;
    if (here?.root) return [here];
    const parent = dirname(dir);
    const stop = parent === dir || existsSync(join(dir, '.git'));
    const outer = stop ? [] : await this.chainFor(parent);
    return here ? [...outer, here] : outer;
  }

  private matcher(): ReturnType<typeof loadMatchers> {
    this.mods ??= loadMatchers();
    return this.mods;
  }

  /** Resolves what applies to `filePath` (absolute, or relative to the working directory). */
  async forFile(filePath: string): Promise<FileConfig> {
    const abs = resolve(this.cwd, filePath);
    const chain = await this.chainFor(dirname(abs));
    // The matchers load only when some configuration has globs to match (cold start).
    const { ignore, pm } = chain.some((c) => c.ignores.length > 0 || c.overrides.length > 0) ? await this.matcher() : NO_MATCHERS;
    const rules: Record<string, RuleSetting> = {};
    const presets: PresetName[] = ['recommended'];
    const applyPresets = (names: readonly PresetName[]): void => {
      for (const name of names) {
        mergeRules(rules, readPreset(name, this.registry));
        presets.push(name);
      }
    };
    let jobKind: JobKind | undefined;
    let targetVersion: string | undefined;
    let reportUnused: Severity | 'off' | undefined;
    let inline = true;
    let ignoredBy: string | undefined;
    const knownJobs: string[] = [];
    const knownEvents: string[] = [];
    let shellcheck: ShellCheckMode = 'auto';
    const shellcheckExclude: string[] = [];
    for (const cfg of chain) {
      knownJobs.push(...cfg.knownJobs);
      knownEvents.push(...cfg.knownEvents);
      if (cfg.shellcheck !== undefined) shellcheck = cfg.shellcheck;
      shellcheckExclude.push(...cfg.shellcheckExclude);
      const rel = toPosix(relative(cfg.dir, abs));
      const inside = rel !== '' && !rel.startsWith('../') && !isAbsolute(rel);
      if (cfg.ignores.length > 0 && inside && ignore().add([...cfg.ignores]).ignores(rel)) ignoredBy = cfg.path;
      applyPresets(cfg.extends);
      if (cfg.rules) mergeRules(rules, cfg.rules);
      if (cfg.targetVersion !== undefined) targetVersion = cfg.targetVersion;
      if (cfg.reportUnusedDirectives !== undefined) reportUnused = cfg.reportUnusedDirectives;
      if (cfg.noInlineConfig !== undefined) inline = !cfg.noInlineConfig;
      // A glob without a slash matches the file name at any depth (ESLint's overrides).
      const matches = (g: string): boolean => pm(g, { dot: true })(g.includes('/') ? rel : basename(rel));
      for (const o of cfg.overrides) {
        if (!o.files.some(matches)) continue;
        if (o.excludedFiles.some(matches)) continue;
        applyPresets(o.extends);
        if (o.rules) mergeRules(rules, o.rules);
        if (o.jobKind !== undefined) jobKind = o.jobKind;
        if (o.targetVersion !== undefined) targetVersion = o.targetVersion;
        if (o.shellcheck !== undefined) shellcheck = o.shellcheck;
        shellcheckExclude.push(...o.shellcheckExclude);
      }
    }
    if (this.cli.rules) mergeRules(rules, this.cli.rules);
    if (this.cli.jobKind !== undefined) jobKind = this.cli.jobKind;
    if (this.cli.targetVersion !== undefined) targetVersion = this.cli.targetVersion;
    if (this.cli.reportUnusedDirectives !== undefined) reportUnused = this.cli.reportUnusedDirectives;
    if (this.cli.inlineConfig === false) inline = false;
    if (this.cli.shellcheck !== undefined) shellcheck = this.cli.shellcheck;
    return {
      configFiles: chain.map((c) => c.path),
      presets,
      rules,
      ...(jobKind !== undefined ? { jobKind } : {}),
      ...(targetVersion !== undefined ? { targetVersion } : {}),
      ...(reportUnused !== undefined ? { reportUnusedDirectives: reportUnused } : {}),
      inlineConfig: inline,
      ignored: ignoredBy !== undefined,
      ...(ignoredBy !== undefined ? { ignoredBy } : {}),
      knownJobs,
      knownEvents,
      shellcheck,
      shellcheckExclude: [...new Set(shellcheckExclude)],
    };
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Nearer settings win; a severity-only setting keeps the options set further out (ESLint). */
function mergeRules(into: Record<string, RuleSetting>, from: RulesConfig): void {
  for (const [id, setting] of Object.entries(from)) {
    const prev = into[id];
    const severityOnly = !Array.isArray(setting) || setting.length < 2;
    if (severityOnly && Array.isArray(prev) && prev.length === 2) {
      const sev = (Array.isArray(setting) ? setting[0] : setting) as SeverityName;
      into[id] = [sev, prev[1]];
    } else {
      into[id] = setting;
    }
  }
}
