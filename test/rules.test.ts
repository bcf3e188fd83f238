/**
 * The generic rule-fixture harness: every fixtures/rules/<id>/{valid,invalid}/*.conf runs with
 * only its rule (plus `@also` rules) enabled. See test/helpers/fixtures.ts for the format.
 */
import { dirname } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, test } from 'vitest';
import type { LintOptions, RuleSetting } from '../src/core/config.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { applyFixes } from '../src/core/fix.js';
import { lintText } from '../src/index.js';
import { rules } from '../src/rules/index.js';
import { shellcheckExternal } from './helpers/shellcheck.js';
import { fixtureProject, markerLabels, readFixture, renderSnapshot, type Fixture } from './helpers/fixtures.js';

const files = fg.sync('fixtures/rules/*/{valid,invalid}/*.conf').sort();

function lintFixture(fx: Fixture, text: string): Diagnostic[] {
  const config: Record<string, RuleSetting> = {};
  config[fx.ruleId] = fx.header.options === undefined ? 'error' : ['error', fx.header.options];
  for (const id of fx.header.also) config[id] ??= 'error';
  const filePath = fx.header.path ?? fx.file;
  const project = fixtureProject(fx.header, dirname(fx.file), filePath, text);
  const options: LintOptions = {
    filePath,
    ...(project ? { project } : {}),
    ...(fx.header.kind ? { jobKind: fx.header.kind } : {}),
    rules: config,
    onlyListedRules: true,
    ...(fx.header.target ? { targetVersion: fx.header.target } : {}),
    ...(fx.overrideText !== undefined ? { overrideText: fx.overrideText } : {}),
    inlineConfig: false,
  };
  // A rule that relays ShellCheck gets ShellCheck's findings, as the lint layer gives them.
  const external = rules.get(fx.ruleId)?.meta.external ? { external: shellcheckExternal(text, options) } : {};
  return lintText(text, Object.assign({}, options, external));
}

/** Marker file label: null for the fixture itself, the override's name for the companion file. */
const fileLabelFor = (fx: Fixture) => (d: Diagnostic): string | null =>
  d.filePath === undefined ? null : (fx.header.override ?? d.filePath);

test('fixtures exist', () => {
  expect(files.length).toBeGreaterThan(0);
});

describe.for(files)('%s', (file) => {
  const fx = readFixture(file);
  const rule = rules.get(fx.ruleId);

  test('names a registered rule', () => {
    expect(rule, `no rule "${fx.ruleId}" in src/rules/index.ts`).toBeDefined();
    for (const id of fx.header.also) expect(rules.has(id), `@also: unknown rule "${id}"`).toBe(true);
  });

  test('is valid upstart', () => {
    const syntax = lintFixture(fx, fx.text).filter((d) => d.ruleId === 'syntax');
    expect(syntax.map((d) => `${d.span.start.line}: ${d.message}`)).toEqual([]);
  });

  if (fx.expectation === 'valid') {
    test('has no markers', () => expect(fx.markers).toEqual([]));
    test('reports nothing', () => {
      const diagnostics = lintFixture(fx, fx.text);
      expect(diagnostics.map((d) => `${d.span.start.line} ${d.ruleId}/${d.messageId}: ${d.message}`)).toEqual([]);
    });
    return;
  }

  test('has at least one marker', () => expect(fx.markers.length).toBeGreaterThan(0));

  test('reports exactly the marked lines', () => {
    const { actual, expected } = markerLabels(lintFixture(fx, fx.text), fx.markers, fileLabelFor(fx));
    expect(actual).toEqual(expected);
  });

  test('matches the reviewed snapshot', async () => {
    const diagnostics = lintFixture(fx, fx.text);
    const fixed = rule?.meta.fixable
      ? applyFixes(fx.text, diagnostics, (t) => lintFixture(fx, t)).output
      : undefined;
    const name = (p: string): string => fx.header.override ?? p.split('/').pop() ?? p;
    await expect(renderSnapshot(fx.text, diagnostics, fixed, name)).toMatchFileSnapshot(`../${file}.out`);
  });

  // Defined only for fixable rules (a test that does not apply is not a skipped test).
  if (rule?.meta.fixable === true) test('fixes are complete and keep the file valid', () => {
    const before = lintFixture(fx, fx.text);
    const fixed = applyFixes(fx.text, before, (t) => lintFixture(fx, t)).output;
    if (before.some((d) => d.fix)) expect(fixed).not.toBe(fx.text);
    const after = lintFixture(fx, fixed);
    expect(after.filter((d) => d.ruleId === 'syntax').map((d) => d.message)).toEqual([]);
    expect(after.filter((d) => d.ruleId === fx.ruleId && d.fix).map((d) => `${d.span.start.line}: ${d.message}`)).toEqual([]);
  });
});
