/**
 * docs/api.md, the library's reference: every example runs against the built package (imported
 * as `upstart-lint`, as a dependent project imports it) and prints exactly the block that follows
 * it, and every export of the package is documented.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const REPO = resolve(import.meta.dirname, '..');
const PAGE = readFileSync(join(REPO, 'docs/api.md'), 'utf8');

interface Example {
  readonly line: number;
  readonly code: string;
  readonly output: string | undefined;
}

/** Each ```js block, with the ```text block right after it (blank lines between allowed). */
function examples(): Example[] {
  const out: Example[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```\n/gm;
  const blocks = [...PAGE.matchAll(re)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '', start: m.index, end: m.index + m[0].length }));
  blocks.forEach((b, i) => {
    if (b.lang !== 'js') return;
    const next = blocks[i + 1];
    const adjacent = next !== undefined && next.lang === 'text' && PAGE.slice(b.end, next.start).trim() === '';
    out.push({ line: PAGE.slice(0, b.start).split('\n').length, code: b.text, output: adjacent ? next.text : undefined });
  });
  return out;
}

const all = examples();

test('the page has runnable examples, each followed by what it prints', () => {
  expect(all.length).toBeGreaterThanOrEqual(8);
  expect(all.filter((e) => e.output === undefined).map((e) => `docs/api.md:${e.line}`)).toEqual([]);
});

describe.for(all)('docs/api.md:$line', (ex) => {
  test('runs and prints the block after it', () => {
    // Node resolves `upstart-lint` through the package's own "exports" (self-reference) from the
    // repository, exactly as a project that installed it would; `npm test` builds dist/ first.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', ex.code], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(ex.output);
  });
});

test('every export of the package is documented', async () => {
  const api = (await import('../src/index.js')) as Record<string, unknown>;
  const documented = (name: string): boolean => PAGE.includes(`\`${name}\``) || PAGE.includes(`\`${name}(`) || PAGE.includes(`## ${name}(`) || PAGE.includes(`## ${name}\n`);
  expect(Object.keys(api).filter((name) => !documented(name))).toEqual([]);
  // Type-only exports, named in src/index.ts.
  const index = readFileSync(join(REPO, 'src/index.ts'), 'utf8');
  const types = [...index.matchAll(/export type \{([^}]*)\}/g), ...index.matchAll(/\btype (\w+)\b(?=[,\s}])/g)]
    .flatMap((m) => (m[1] ?? '').split(','))
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter((s) => /^[A-Z]\w*$/.test(s));
  expect(types.length).toBeGreaterThan(10);
  expect([...new Set(types)].filter((name) => !documented(name))).toEqual([]);
});
