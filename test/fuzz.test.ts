/**
 * The soak harness (scripts/fuzz.mjs, `npm run fuzz`): a seeded 20,000-input slice of it runs
 * here, against the built package, and the harness's own checks and time limit are tested.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as api from '../src/index.js';
import type { Diagnostic } from '../src/index.js';
import { allRulesOn, checkInput, type FuzzApi } from '../scripts/fuzz/check.mjs';
import { repoRoot } from './helpers/grammar-corpus.js';

interface Summary {
  readonly inputs: number;
  readonly seconds: number;
  readonly inputsPerSecond: number;
  readonly families: Record<string, number>;
  readonly lint: { readonly diagnostics: number; readonly fatal: number; readonly inputsFixed: number };
  readonly findings: number;
  readonly findingsByCheck: Record<string, number>;
}

function fuzz(...args: string[]): { status: number | null; summary: Summary; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/fuzz.mjs'), '--json', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 900_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let summary: Summary;
  try {
    summary = JSON.parse(last) as Summary;
  } catch {
    throw new Error(`fuzz printed no summary (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, summary, stderr: r.stderr };
}

describe('soak', () => {
  test('a seeded 20,000-input slice: no exception, no hang, spans inside the text, safe and stable fixes', () => {
    const { status, summary } = fuzz('--count', '20000', '--seed', '14');
    console.log(
      `fuzz slice: ${summary.inputs} inputs in ${summary.seconds} s (${summary.inputsPerSecond}/s); ` +
        `${summary.lint.diagnostics} diagnostics, ${summary.lint.fatal} fatal, ${summary.lint.inputsFixed} inputs fixed`,
    );
    expect(summary.findingsByCheck).toEqual({});
    expect(status).toBe(0);
    expect(summary.inputs).toBe(20_000);
    expect(Object.keys(summary.families).sort()).toEqual(['generated', 'generated-broken', 'mutated', 'random']);
    // The slice exercises the linter, not just the parser: findings and fixes happen.
    expect(summary.lint.diagnostics).toBeGreaterThan(20_000);
    expect(summary.lint.inputsFixed).toBeGreaterThan(1000);
  }, 900_000);

  test('an input that runs past the time limit is a finding, and the run goes on after it', () => {
    const args = ['--count', '8', '--seed', '3', '--workers', '1', '--timeout-ms', '400', '--no-corpus'];
    const { status, summary } = fuzz(...args, '--api', 'test/helpers/fuzz-slow-api.mjs');
    expect(status).toBe(1);
    expect(summary.inputs).toBe(8);
    expect(summary.findingsByCheck['hang']).toBeGreaterThan(0);
    expect(summary.findingsByCheck['hang']).toBe(summary.findings);
    expect(summary.findingsByCheck['hang']).toBeLessThan(8);
  }, 120_000);
});

describe('the checks', () => {
  const input = { text: 'exec /usr/bin/app\n', filePath: '/etc/init/app.conf' };
  const rules = allRulesOn(api.rules);
  const checks = (fake: Partial<FuzzApi>): string[] => checkInput({ ...api, ...fake }, input, rules).map((f) => f.check);
  const fixable = (text: string): Diagnostic[] => [
    {
      ruleId: 'fake',
      messageId: 'fake',
      severity: 'warning',
      message: 'fake',
      span: new api.LineIndex(text).span(0, 1),
      fix: { edits: [{ range: [0, 0], text: 'x' }] },
    },
  ];

  test('pass a clean input', () => {
    expect(checkInput(api, input, rules)).toEqual([]);
  });

  test('report a parser or linter that throws', () => {
    expect(checks({ parse: () => { throw new Error('boom'); } })).toEqual(['parse-throws']);
    expect(checks({ lintText: () => { throw new Error('boom'); } })).toEqual(['lint-throws']);
  });

  test('report spans and edits outside the text, or at the wrong line and column', () => {
    const lines = new api.LineIndex(input.text);
    const outside = { ...fixable(input.text)[0], span: lines.span(0, 5), fix: { edits: [{ range: [0, 99] as [number, number], text: '' }] } } as Diagnostic;
    const shifted = { ...outside, span: { start: { line: 2, column: 1, offset: 0 }, end: { line: 2, column: 1, offset: 0 } }, fix: undefined } as unknown as Diagnostic;
    const found = checks({ lintText: () => [outside, shifted] });
    expect(found).toContain('edit-outside');
    expect(found).toContain('span-position');
  });

  test('report a fix that adds a load error, and a fix that a second pass changes again', () => {
    const addsError = checks({
      lintText: (text) => {
        if (text === input.text) return fixable(text);
        const loadError: Diagnostic = { ruleId: 'syntax', messageId: 'unknownStanza', severity: 'error', fatal: true, message: 'x', span: new api.LineIndex(text).span(0, 1) };
        return [loadError];
      },
    });
    expect(addsError).toContain('fix-adds-fatal');
    // A fix that always applies: every pass changes the text again.
    expect(checks({ lintText: (text) => fixable(text) })).toContain('fix-not-idempotent');
  });
});
