/**
 * No regular expression in src/ takes super-linear time. Every regular-expression literal and every
 * `new RegExp(…)` / `RegExp(…)` in src/ is collected by parsing the TypeScript sources (so
 * expressions added later are checked too) and analysed by recheck, a ReDoS checker; a pattern
 * built at run time from anything but a literal fails the test until it is analysed here. Globs
 * from job files are not compiled to regular expressions at all (src/core/project.ts,
 * globToRegExp). Time on long adversarial lines is measured by `npm run bench` (section redos).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSync } from 'recheck';
import { describe, expect, test } from 'vitest';
import { globToRegExp } from '../src/core/project.js';
import { repoRoot } from './helpers/grammar-corpus.js';
import { regexSites } from './helpers/regex-sites.js';

describe('regular expressions in src/', () => {
  const sites = regexSites(repoRoot);

  test('are all found: literals and RegExp calls, none built from anything but literals', () => {
    expect(sites.length).toBeGreaterThan(200);
    expect(sites.filter((s) => s.dynamic).map((s) => `${s.where}: ${s.text}`)).toEqual([]);
  });

  test('are all safe according to recheck (no exponential or polynomial backtracking)', () => {
    const unsafe: string[] = [];
    for (const s of sites) {
      const r = checkSync(s.source, s.flags, { timeout: 20_000, randomSeed: 14 });
      if (r.status === 'vulnerable') unsafe.push(`${s.where} /${s.source}/${s.flags}: ${r.complexity.type}, attack ${r.attack.pattern}`);
      else if (r.status !== 'safe') unsafe.push(`${s.where} /${s.source}/${s.flags}: not analysed (${JSON.stringify(r.error)})`);
    }
    expect(unsafe).toEqual([]);
  }, 600_000);
});

describe('the checker', () => {
  test('finds literals, RegExp calls and templates in a source tree, and marks a dynamic pattern', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'upstart-lint-redos-'));
    try {
      mkdirSync(path.join(dir, 'src/sub'), { recursive: true });
      writeFileSync(
        path.join(dir, 'src/sub/a.ts'),
        'const a = /x+$/i;\nconst b = new RegExp(`^${name}(a|a)*$`, "s");\nconst c = RegExp(pattern);\nconst d = String.raw`/not-a-regex/`;\n',
      );
      const found = regexSites(dir).map((s) => [s.where, s.source, s.flags, s.dynamic]);
      expect(found).toEqual([
        ['src/sub/a.ts:1', 'x+$', 'i', false],
        ['src/sub/a.ts:2', '^x(a|a)*$', 's', false],
        ['src/sub/a.ts:3', '', '', true],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('recheck reports the kinds of pattern this test exists for', () => {
    expect(checkSync('^(a|a)*$', '').status).toBe('vulnerable');
    expect(checkSync('\\/+$', '').status).toBe('vulnerable'); // quadratic: every start of a run of slashes
    expect(checkSync('(?<!\\/)\\/+$', '').status).toBe('safe');
  });
});

describe('globs (fnmatch) without regular expressions', () => {
  test('match as fnmatch(3) without flags', () => {
    const cases: [string, string, boolean][] = [
      ['*-up', 'net-device-up', true],
      ['*-up', 'net-device-down', false],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['[2345]', '3', true],
      ['[!2345]', '3', false],
      ['[a-c]x', 'bx', true],
      ['a*', 'a/b', true],
      ['a\\*', 'a*', true],
      ['a\\*', 'ab', false],
      ['[', '[', true],
      ['*', '', true],
      ['**a', 'ba', true],
      ['foo*bar', 'foobazbar', true],
      ['foo*bar', 'foobazba', false],
      ['*a*a*a*a*a*a*c', 'a'.repeat(200), false],
      ['*a*a*a*a*a*a*c', `${'a'.repeat(200)}c`, true],
    ];
    expect(cases.filter(([g, s, want]) => globToRegExp(g).test(s) !== want)).toEqual([]);
  });
});
