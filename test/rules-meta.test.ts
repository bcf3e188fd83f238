/**
 * One id everywhere: registry ↔ src/rules/*.ts ↔ fixtures/rules/* ↔ docs/rules/*.md, plus metadata
 * sanity. No exception lists: a rule that does not fit gets fixed, not excused.
 */
import { existsSync, readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../src/core/rule.js';
import { rules } from '../src/rules/index.js';

const ids = [...rules.keys()];
const ruleFiles = fg
  .sync('src/rules/*.ts')
  .map((f) => f.slice('src/rules/'.length, -'.ts'.length))
  .filter((n) => n !== 'index' && !n.startsWith('_'))
  .sort();
const fixtureDirs = fg.sync('fixtures/rules/*', { onlyDirectories: true }).map((f) => f.split('/').pop() ?? '').sort();
const docPages = fg
  .sync('docs/rules/*.md')
  .map((f) => f.slice('docs/rules/'.length, -'.md'.length))
  .filter((n) => n !== 'README')
  .sort();

/** Every snapshot line of a rule's fixtures (markers may also name @also rules, so all are read). */
const allSnapshots = fg.sync('fixtures/rules/*/invalid/*.conf.out').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

const CATEGORIES = ['security', 'correctness', 'portability', 'style'];
const SEVERITIES = ['error', 'warning', 'info', 'off'];
const ID_SHAPE = /^(require|no|valid|prefer|duplicate)-[a-z0-9]+(-[a-z0-9]+)*$/;
/**
 * The naming convention (docs/design.md, "Rule names"): a rule that checks stanzas starts with a
 * verb prefix; a rule that stands for a whole checker takes that checker's name instead: the
 * shell's own syntax, ShellCheck, the socket bridge's permission model.
 */
const CHECKER_IDS = new Set(['shell-syntax', 'shellcheck', 'socket-bridge-permissions']);

test('the registry is sorted', () => {
  expect(ids).toEqual([...ids].sort());
});

test('registry ids equal the rule files in src/rules/', () => {
  expect(ids).toEqual(ruleFiles);
});

test('registry ids equal the fixture folders', () => {
  expect(fixtureDirs).toEqual(ids);
});

test('registry ids equal the doc pages', () => {
  expect(docPages).toEqual(ids);
});

describe.for(ids)('%s', (id) => {
  const rule = rules.get(id);
  if (!rule) throw new Error(`no rule ${id}`);
  const meta = rule.meta;
  const messageIds = Object.keys(meta.messages);
  const own = allSnapshots.filter((s) => s.file.startsWith(`fixtures/rules/${id}/`));

  test('meta.id is the registry key and has the naming shape', () => {
    expect(meta.id).toBe(id);
    expect(ID_SHAPE.test(id) || CHECKER_IDS.has(id), `${id}: kebab-case with a require-/no-/valid-/prefer-/duplicate- prefix`).toBe(true);
  });

  test('category, severity and description are well formed', () => {
    expect(CATEGORIES).toContain(meta.category);
    expect(SEVERITIES).toContain(meta.defaultSeverity);
    expect(meta.description).toMatch(/^[A-Z][a-z]+ /);
    expect(meta.description.endsWith('.')).toBe(false);
    const verb = meta.description.split(' ')[0] ?? '';
    // Imperative: "Require …", not "Requires …".
    expect(/[^s]s$/.test(verb), `"${verb}" reads as third person; use the imperative`).toBe(false);
  });

  test('messages are camelCase ids with one-sentence text that does not name the rule', () => {
    expect(messageIds.length).toBeGreaterThan(0);
    for (const [key, text] of Object.entries(meta.messages as Record<string, string>)) {
      expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(text.length).toBeGreaterThan(0);
      expect(text.includes(id), `message ${key} names the rule id`).toBe(false);
    }
  });

  test('options: schema and parser come together and parse to the defaults', () => {
    expect(meta.optionsSchema === undefined).toBe(meta.parseOptions === undefined);
    if (!meta.parseOptions) return;
    expect(meta.parseOptions({})).toEqual(meta.defaultOptions);
    expect(() => meta.parseOptions?.('not an object')).toThrow(ConfigError);
    expect(() => meta.parseOptions?.({ noSuchOption: true })).toThrow(ConfigError);
  });

  test('has at least one valid and one invalid fixture', () => {
    expect(fg.sync(`fixtures/rules/${id}/valid/*.conf`).length).toBeGreaterThan(0);
    expect(fg.sync(`fixtures/rules/${id}/invalid/*.conf`).length).toBeGreaterThan(0);
  });

  test('every invalid fixture has its snapshot', () => {
    for (const f of fg.sync(`fixtures/rules/${id}/invalid/*.conf`)) {
      expect(existsSync(`${f}.out`), `${f}.out missing; run npx vitest run test/rules.test.ts -u and review it`).toBe(true);
    }
  });

  test('every messageId appears in some snapshot', () => {
    const text = allSnapshots.map((s) => s.text).join('\n');
    for (const m of messageIds) {
      const asDiagnostic = text.includes(` ${id}/${m} `);
      const asSuggestion = own.some((s) => s.text.includes(`  suggestion ${m}: `));
      const asRelated = own.length > 0 && snapshotHasRelated(own.map((s) => s.text), meta.messages as Record<string, string>, m);
      // A rule relaying a program (meta.external) shows the program's code as the messageId: the
      // template is exercised by a diagnostic with such a code whose message it produces.
      const asExternal = meta.external !== undefined && externalHasTemplate(own.map((s) => s.text), id, meta.external.codes, (meta.messages as Record<string, string>)[m] ?? '');
      expect(asDiagnostic || asSuggestion || asRelated || asExternal, `${id}: messageId ${m} is never exercised by a fixture`).toBe(true);
    }
  });

  test('fix sections match the fixable flag', () => {
    const withFixed = own.filter((s) => s.text.includes('\n--- fixed ---\n') || s.text.startsWith('--- fixed ---\n'));
    const withFixLines = own.filter((s) => /^ {2}fix /m.test(s.text));
    if (meta.fixable) {
      expect(withFixed.length, `${id} is fixable but no snapshot has a --- fixed --- section`).toBeGreaterThan(0);
      expect(withFixLines.length, `${id} is fixable but no fixture produces a fix`).toBeGreaterThan(0);
    } else {
      expect(withFixed).toEqual([]);
      expect(withFixLines).toEqual([]);
    }
  });

  test('suggestions match the hasSuggestions flag', () => {
    const withSuggestions = own.filter((s) => /^ {2}suggestion /m.test(s.text));
    if (meta.hasSuggestions) expect(withSuggestions.length).toBeGreaterThan(0);
    else expect(withSuggestions).toEqual([]);
  });
});

/**
 * A messageId used only for `related` locations: its template (placeholders as wildcards) must
 * match a `related` line of the rule's snapshots.
 */
function snapshotHasRelated(texts: readonly string[], messages: Record<string, string>, messageId: string): boolean {
  const template = messages[messageId];
  if (template === undefined) return false;
  const pattern = new RegExp(
    `^ {2}related [^ ]+: ${template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`,
    'm',
  );
  return texts.some((t) => pattern.test(t));
}

/** Whether a snapshot has a diagnostic of `id` with a program code (`shellcheck/SC2086`) whose message `template` produces. */
function externalHasTemplate(snapshots: readonly string[], id: string, codes: RegExp, template: string): boolean {
  const pattern = new RegExp(`^${template.split(/\{[a-zA-Z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
  for (const text of snapshots) {
    for (const line of text.split('\n')) {
      const m = new RegExp(`^\\S+ \\w+ ${id}/(\\S+) (.*)$`).exec(line);
      if (m && codes.test(m[1] as string) && pattern.test(m[2] as string)) return true;
    }
  }
  return false;
}
