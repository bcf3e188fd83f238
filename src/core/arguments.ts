/**
 * Argument checks of the public API: a wrong argument is a `TypeError` that names the function and
 * the parameter, not a crash somewhere inside the engine. Cheap type tests only (they run once per
 * linted file); the values of rule settings and versions are checked where they are used
 * (`ConfigError`).
 */
import { JOB_KINDS } from './job-kind.js';
import { ShellTreeCache } from './process-shell.js';

/** How a value is shown in a message: its kind, and the value itself when it is short. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length <= 40 ? `the string ${JSON.stringify(value)}` : 'a string';
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value === 'boolean' ? 'the boolean' : 'the number'} ${String(value)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

/** `fn: name must be expected, not <value>`. */
export function argumentError(fn: string, name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${fn}: ${name} must be ${expected}, not ${describeValue(value)}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkString(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'string') throw argumentError(fn, name, 'a string', value);
}

function checkOptional(fn: string, name: string, value: unknown, ok: boolean, expected: string): void {
  if (value !== undefined && !ok) throw argumentError(fn, name, expected, value);
}

const SEVERITIES_OR_OFF: readonly unknown[] = ['off', 'info', 'warning', 'error'];

/** `lintText(text, options)` and `lintJob(text, options, registry)`. */
export function checkLintArguments(fn: string, text: unknown, options: unknown): void {
  checkString(fn, 'text', text);
  if (!isObject(options)) {
    throw argumentError(fn, 'options', 'an object such as { filePath: "/etc/init/web.conf" }', options);
  }
  const filePath = options['filePath'];
  if (typeof filePath !== 'string' || filePath === '') {
    const hint = 'path' in options && !('filePath' in options) ? ' (the option is called `filePath`, not `path`)' : '';
    throw argumentError(fn, 'options.filePath', `the job file's path as a non-empty string, e.g. "/etc/init/web.conf"${hint}`, filePath);
  }
  const o = options;
  checkOptional(fn, 'options.jobKind', o['jobKind'], (JOB_KINDS as readonly unknown[]).includes(o['jobKind']), '"system", "user" or "session"');
  checkOptional(fn, 'options.overrideText', o['overrideText'], typeof o['overrideText'] === 'string', 'a string');
  checkOptional(fn, 'options.confText', o['confText'], typeof o['confText'] === 'string', 'a string');
  checkOptional(fn, 'options.rules', o['rules'], isObject(o['rules']), 'an object of rule id → setting, e.g. { "require-setuid": "error" }');
  checkOptional(fn, 'options.onlyListedRules', o['onlyListedRules'], typeof o['onlyListedRules'] === 'boolean', 'a boolean');
  checkOptional(fn, 'options.targetVersion', o['targetVersion'], typeof o['targetVersion'] === 'string', 'a version string such as "1.13"');
  checkOptional(fn, 'options.inlineConfig', o['inlineConfig'], typeof o['inlineConfig'] === 'boolean', 'a boolean');
  checkOptional(
    fn,
    'options.reportUnusedDirectives',
    o['reportUnusedDirectives'],
    SEVERITIES_OR_OFF.includes(o['reportUnusedDirectives']),
    '"off", "info", "warning" or "error"',
  );
  checkOptional(fn, 'options.syntaxOnly', o['syntaxOnly'], typeof o['syntaxOnly'] === 'boolean', 'a boolean');
  checkOptional(fn, 'options.project', o['project'], o['project'] === null || isObject(o['project']), 'a project model or null');
  checkOptional(fn, 'options.shellTrees', o['shellTrees'], o['shellTrees'] instanceof ShellTreeCache, 'a ShellTreeCache (`new ShellTreeCache()`)');
  for (const key of ['knownJobs', 'knownEvents']) {
    const v = o[key];
    checkOptional(fn, `options.${key}`, v, Array.isArray(v) && v.every((x: unknown) => typeof x === 'string'), 'an array of strings');
  }
}

/** A rule registry: a Map (or any object with Map's reading methods) of rule id → rule. */
export function checkRegistry(fn: string, name: string, registry: unknown): void {
  const r = registry as { get?: unknown; has?: unknown; keys?: unknown; [Symbol.iterator]?: unknown } | null;
  const ok = typeof r === 'object' && r !== null && typeof r.get === 'function' && typeof r.has === 'function' && typeof r.keys === 'function' && typeof r[Symbol.iterator] === 'function';
  if (!ok) throw argumentError(fn, name, 'a Map of rule id → rule, such as `rules`', registry);
}

/** `applyFixes(text, diagnostics, relint?)`. */
export function checkFixArguments(fn: string, text: unknown, diagnostics: unknown, relint: unknown): void {
  checkString(fn, 'text', text);
  if (!Array.isArray(diagnostics)) throw argumentError(fn, 'diagnostics', 'an array of diagnostics (what lintText returns)', diagnostics);
  diagnostics.forEach((d: unknown, i) => {
    if (!isObject(d)) throw argumentError(fn, `diagnostics[${i}]`, 'a diagnostic object', d);
    const fix = d['fix'];
    if (fix === undefined) return;
    const edits = isObject(fix) ? fix['edits'] : undefined;
    if (!Array.isArray(edits)) throw argumentError(fn, `diagnostics[${i}].fix`, 'an object { edits: [{ range: [start, end], text }] }', fix);
    edits.forEach((e: unknown, j) => {
      const range = isObject(e) ? e['range'] : undefined;
      const ok = isObject(e) && typeof e['text'] === 'string' && Array.isArray(range) && range.length === 2 && Number.isInteger(range[0]) && Number.isInteger(range[1]);
      if (!ok) throw argumentError(fn, `diagnostics[${i}].fix.edits[${j}]`, 'an edit { range: [start, end], text } with integer offsets', e);
    });
  });
  if (relint !== undefined && typeof relint !== 'function') {
    throw argumentError(fn, 'relint', 'a function (text) => diagnostics, or left out', relint);
  }
}

const CATEGORIES: readonly unknown[] = ['security', 'correctness', 'portability', 'style'];
const DEFAULT_SEVERITIES: readonly unknown[] = ['off', 'info', 'warning', 'error'];

/** `defineRule(rule)`: the shape the engine relies on. */
export function checkRuleDefinition(fn: string, rule: unknown): void {
  if (!isObject(rule)) throw argumentError(fn, 'rule', 'an object { meta, check }', rule);
  const meta = rule['meta'];
  if (!isObject(meta)) throw argumentError(fn, 'rule.meta', 'an object (id, category, description, defaultSeverity, messages, defaultOptions)', meta);
  const id = meta['id'];
  if (typeof id !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    throw argumentError(fn, 'rule.meta.id', 'a kebab-case rule id such as "require-setuid"', id);
  }
  const at = (key: string): string => `rule.meta.${key} (rule "${id}")`;
  if (!CATEGORIES.includes(meta['category'])) throw argumentError(fn, at('category'), '"security", "correctness", "portability" or "style"', meta['category']);
  if (typeof meta['description'] !== 'string') throw argumentError(fn, at('description'), 'a string', meta['description']);
  if (!DEFAULT_SEVERITIES.includes(meta['defaultSeverity'])) {
    throw argumentError(fn, at('defaultSeverity'), '"off", "info", "warning" or "error"', meta['defaultSeverity']);
  }
  const messages = meta['messages'];
  if (!isObject(messages) || Object.values(messages).some((m) => typeof m !== 'string')) {
    throw argumentError(fn, at('messages'), 'an object of messageId → message template (strings)', messages);
  }
  for (const key of ['fixable', 'hasSuggestions']) {
    if (meta[key] !== undefined && meta[key] !== true) throw argumentError(fn, at(key), 'true or left out', meta[key]);
  }
  if (meta['parseOptions'] !== undefined && typeof meta['parseOptions'] !== 'function') {
    throw argumentError(fn, at('parseOptions'), 'a function or left out', meta['parseOptions']);
  }
  if (typeof rule['check'] !== 'function') throw argumentError(fn, `rule.check (rule "${id}")`, 'a function (context) => void', rule['check']);
}
