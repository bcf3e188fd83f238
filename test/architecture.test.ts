import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, test } from 'vitest';

/** Import specifiers of a TypeScript file, with whether the import is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec) out.push({ spec, typeOnly: Boolean(m[2]) });
  }
  return out;
}

const FORBIDDEN_IN_CORE = [/^(node:)?fs(\/|$)/, /^(node:)?child_process$/, /^(node:)?process$/, /^chalk$/, /^fast-glob$/, /^(node:)?path$/, /^(node:)?os$/];
const pure = fg.sync(['src/grammar/**/*.ts', 'src/core/**/*.ts', 'src/rules/**/*.ts']).sort();

describe('architecture: the core is pure', () => {
  test('there are core files to check', () => {
    expect(pure.length).toBeGreaterThan(10);
  });

  test.each(pure)('%s imports no file system, process, colours or globbing', (file) => {
    const bad = imports(file).filter((i) => FORBIDDEN_IN_CORE.some((re) => re.test(i.spec)));
    expect(bad).toEqual([]);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(text).not.toMatch(/\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/);
  });

  test.each(fg.sync('src/grammar/**/*.ts').sort())('%s (grammar) imports only chevrotain and grammar modules', (file) => {
    const bad = imports(file).filter((i) => !i.spec.startsWith('./') && i.spec !== 'chevrotain');
    expect(bad).toEqual([]);
  });

  test.each(fg.sync('src/rules/**/*.ts').sort())('%s (rules) uses grammar only for types', (file) => {
    const bad = imports(file).filter((i) => i.spec.includes('/grammar/') && !i.typeOnly);
    expect(bad).toEqual([]);
  });

  test.each(fg.sync('src/core/**/*.ts').sort())('%s (core) does not import load, cli or formatters', (file) => {
    const bad = imports(file).filter((i) => /\/(load|cli|formatters)\//.test(i.spec));
    expect(bad).toEqual([]);
  });

  test('chalk is imported only by the stylish formatter', () => {
    const users = fg.sync('src/**/*.ts').filter((f) => imports(f).some((i) => i.spec === 'chalk'));
    expect(users.every((f) => f === 'src/formatters/stylish.ts')).toBe(true);
  });
});

describe('architecture: per-file code avoids a Node 20 memory trap', () => {
  // On Node 20 (V8 11.3) an object literal that starts with a spread and adds properties,
  // `{ ...base, key: value }`, has its objects promoted to the old generation even when they die
  // young. Built once per stanza or per diagnostic, they filled the heap between full collections
  // and peak memory grew with the number of files linted (docs/design.md, "Memory"). Code run for
  // every file writes the properties out, or uses Object.assign.
  const perFile = fg.sync(['src/grammar/**/*.ts', 'src/core/**/*.ts', 'src/rules/**/*.ts', 'src/formatters/**/*.ts', 'src/load/**/*.ts']).sort();

  test.each(perFile)('%s has no `{ ...spread, more }` object literal', (file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const hits = [...text.matchAll(/\{\s*\.\.\.[\w.$]+(?:\([^()]*\))?\s*,/g)].map((m) => m[0].replace(/\s+/g, ' '));
    expect(hits).toEqual([]);
  });
});
