/**
 * The README's quick start, run verbatim the way a new user runs it: the one line from the README,
 * in a fresh clone (a commit of this working tree: no node_modules, no dist), through `sh -c`.
 * `npm ci` installs from npm's cache and builds through `prepare`, then `npx upstart-lint
 * examples/` lints the examples: exit code 1, by design, with the findings the README shows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { NPM_OFFLINE_ENV, REPO, sh, snapshotRepository } from './snapshot.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const quickStart = README.slice(README.indexOf('\n## Quick start\n'), README.indexOf('\n## ', README.indexOf('\n## Quick start\n') + 1));
const blocks = [...quickStart.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));

let work = '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the quick-start line installs upstart-lint in a fresh clone and lints the examples', () => {
  const line = blocks.find((b) => b.lang === 'sh')?.text.trim() ?? '';
  expect(line).toBe('npm ci && npx upstart-lint examples/');
  work = mkdtempSync(join(tmpdir(), 'upstart-lint-quick-start-'));
  const clone = join(work, 'upstart-lint');
  snapshotRepository(clone);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // As a user's terminal would have it: no CI or colour settings from the test run.
    if (!['GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'CI'].includes(k) && !k.startsWith('npm_') && !k.startsWith('VITEST')) env[k] = v;
  }
  const r = sh('sh', ['-c', line], clone, { ...env, ...NPM_OFFLINE_ENV, NO_COLOR: '1' });
  const output = `${r.stdout}\n${r.stderr}`;
  expect(r.status, output).toBe(1);
  // npm ci says nothing a user would take for a problem: no warnings (install scripts not covered
  // by package.json's allowScripts, EBADENGINE, deprecations) and no errors.
  expect(output.split('\n').filter((l) => /^npm (warn|WARN|err|ERR)/.test(l)), output).toEqual([]);
  // The findings the README shows: file headings, positions, severities, rule ids, the summary.
  const skeleton = (text: string): string[] =>
    text
      .split('\n')
      .map((l) => /^(examples\/\S*\.conf)$/.exec(l)?.[1] ?? /^\s+(\d+:\d+)\s+(error|warning|info)\s.*\s(\S+)$/.exec(l)?.slice(1).join(' ') ?? /^✖ .*$/.exec(l)?.[0] ?? null)
      .filter((x): x is string => x !== null);
  const shown = skeleton(blocks.find((b) => b.lang === 'text')?.text ?? '');
  expect(shown.length).toBeGreaterThan(4);
  expect(skeleton(r.stdout)).toEqual(shown);
}, 900_000);
