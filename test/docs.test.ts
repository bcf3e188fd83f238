/**
 * Rule docs: the generated blocks and index are current (scripts/gen-docs.mjs --check, run on the
 * sources), the hand-written sections come in the fixed order, and every ```upstart example is
 * linted with its rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { RuleSetting } from '../src/core/config.js';
import { lintText } from '../src/index.js';
import { docsUrl } from '../src/core/rule.js';
import { rules } from '../src/rules/index.js';
import { END, DEFAULT_DOCS_DIR, planDocs, staleFiles } from '../scripts/gen-docs.mjs';
import { fixtureProject, parseExampleHeader } from './helpers/fixtures.js';

interface Example {
  readonly kind: 'incorrect' | 'correct';
  readonly text: string;
  /** 1-based line of the first code line in the page. */
  readonly line: number;
}

function examplesOf(page: string): { examples: Example[]; bad: string[] } {
  const lines = page.split('\n');
  const examples: Example[] = [];
  const bad: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```upstart(?:\s+(\S+))?\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const kind = open[1];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') j++;
    if (kind === 'incorrect' || kind === 'correct') {
      examples.push({ kind, text: `${lines.slice(i + 1, j).join('\n')}\n`, line: i + 2 });
    } else {
      bad.push(`line ${i + 1}: \`\`\`upstart block must be marked incorrect or correct`);
    }
    i = j;
  }
  return { examples, bad };
}

function lintExample(id: string, ex: Example, where: string) {
  const header = parseExampleHeader(ex.text, where);
  const config: Record<string, RuleSetting> = {};
  config[id] = header.options === undefined ? 'error' : ['error', header.options];
  for (const also of header.also) config[also] ??= 'error';
  const filePath = header.path ?? '/etc/init/example.conf';
  const project = fixtureProject(header, 'docs/rules', filePath, ex.text);
  return lintText(ex.text, {
    filePath,
    ...(project ? { project } : {}),
    ...(header.kind ? { jobKind: header.kind } : {}),
    rules: config,
    onlyListedRules: true,
    ...(header.target ? { targetVersion: header.target } : {}),
    inlineConfig: false,
  });
}

test('generated blocks and the index are up to date (npm run docs)', () => {
  const plan = planDocs({ rules, docsUrl, docsDir: DEFAULT_DOCS_DIR });
  expect(staleFiles(plan).map((p) => p.slice(DEFAULT_DOCS_DIR.length))).toEqual([]);
});

describe.for([...rules.keys()])('docs/rules/%s.md', (id) => {
  const path = `docs/rules/${id}.md`;
  const rule = rules.get(id);
  const page = existsSync(path) ? readFileSync(path, 'utf8') : '';

  test('exists', () => expect(existsSync(path)).toBe(true));

  test('has the hand-written sections in order', () => {
    const hand = page.slice(page.indexOf(END) + END.length);
    // Headings outside fenced code blocks (a `# comment` in an example is not a heading).
    const headings = hand.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').split('\n').filter((l) => /^#{1,3} /.test(l));
    const expected = ['## Why', '## Examples', '### Incorrect', '### Correct'];
    if (rule?.meta.parseOptions) expected.push('## Options');
    expected.push('## When not to use it');
    expect(headings).toEqual(expected);
  });

  test('"Why" cites the grammar document and contains no TODO', () => {
    const why = page.slice(page.indexOf('## Why'), page.indexOf('## Examples'));
    expect(why).toMatch(/section \d+(\.\d+)?/);
    expect(page.includes('TODO')).toBe(false);
  });

  const { examples, bad } = examplesOf(page);

  test('has incorrect and correct examples, all labelled', () => {
    expect(bad).toEqual([]);
    expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
    expect(examples.some((e) => e.kind === 'correct')).toBe(true);
  });

  for (const ex of examples) {
    test(`${ex.kind} example at line ${ex.line}`, () => {
      const diagnostics = lintExample(id, ex, `${path}:${ex.line}`);
      expect(diagnostics.filter((d) => d.ruleId === 'syntax').map((d) => d.message)).toEqual([]);
      const own = diagnostics.filter((d) => d.ruleId === id);
      if (ex.kind === 'incorrect') expect(own.length).toBeGreaterThan(0);
      else expect(own.map((d) => `${d.span.start.line}: ${d.message}`)).toEqual([]);
    });
  }
});
