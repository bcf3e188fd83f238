/**
 * `info` findings (style) are counted and shown the same way in every format: JSON has `infoCount`
 * beside `errorCount` and `warningCount` and the three add up to the messages; JUnit does not make
 * them failures; SARIF calls them `note`; the line formats say `info`; none of them fails the run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, cleanup, isolatedConfig, run, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

// One error (kill timeout 0), one warning (debug) and one info (legacy oom) in one job.
const JOB = 'oom 10\ndebug\nkill timeout 0\nexec /usr/bin/example\n';
const RULES = { 'prefer-oom-score': 'info', 'no-debug': 'warn', 'no-kill-timeout-zero': 'error' };

function tree(job = JOB): string {
  const root = tempRepo();
  writeFiles(root, { '.upstart-lint.json': isolatedConfig(RULES), 'etc/init/mixed.conf': job });
  return root;
}

describe('an info finding', () => {
  test('json: infoCount beside warningCount, and the counts add up to the messages', () => {
    const r = run(['-f', 'json', 'etc/init/mixed.conf'], { cwd: tree() });
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; severity: number }[]; errorCount: number; warningCount: number; infoCount: number }[];
    expect(result).toBeDefined();
    if (!result) return;
    expect([result.errorCount, result.warningCount, result.infoCount]).toEqual([1, 1, 1]);
    expect(result.errorCount + result.warningCount + result.infoCount).toBe(result.messages.length);
    // ESLint's JSON has only 1 and 2: info is 1, told apart by infoCount and the rule's level.
    expect(result.messages.find((m) => m.ruleId === 'prefer-oom-score')?.severity).toBe(1);
  });

  test('junit: errors and warnings fail, the info case passes and keeps the text', () => {
    const out = run(['-f', 'junit', 'etc/init/mixed.conf'], { cwd: tree() }).stdout;
    expect(out).toContain('<testsuites name="upstart-lint" tests="3" failures="2" errors="0">');
    expect(out).toContain('tests="3" failures="2" errors="0" skipped="0">');
    expect((out.match(/<failure /g) ?? []).length).toBe(2);
    expect(out).not.toMatch(/<failure type="info"/);
    expect(out).toMatch(/<system-out>etc\/init\/mixed\.conf:1:1: info: .*\[prefer-oom-score\]<\/system-out>/);
  });

  test('junit: a file with only info findings has no failures', () => {
    const out = run(['-f', 'junit', 'etc/init/mixed.conf'], { cwd: tree('oom 10\nexec /usr/bin/example\n') }).stdout;
    expect(out).toContain('tests="1" failures="0"');
    expect(out).not.toContain('<failure');
  });

  test('sarif: level note', () => {
    const sarif = JSON.parse(run(['-f', 'sarif', 'etc/init/mixed.conf'], { cwd: tree() }).stdout) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    const levels = Object.fromEntries((sarif.runs[0]?.results ?? []).map((x) => [x.ruleId, x.level]));
    expect(levels).toEqual({ 'prefer-oom-score': 'note', 'no-debug': 'warning', 'no-kill-timeout-zero': 'error' });
  });

  test('line and CI formats name it info (notice for GitHub)', () => {
    const root = tree();
    expect(run(['-f', 'unix', 'etc/init/mixed.conf'], { cwd: root }).stdout).toMatch(/^etc\/init\/mixed\.conf:1:1: info: .*\[prefer-oom-score\]$/m);
    expect(run(['-f', 'github', 'etc/init/mixed.conf'], { cwd: root }).stdout).toMatch(/^::notice file=etc\/init\/mixed\.conf,line=1,.*title=upstart-lint prefer-oom-score::/m);
    expect(run(['-f', 'checkstyle', 'etc/init/mixed.conf'], { cwd: root }).stdout).toMatch(/<error line="1" column="1" severity="info" .*source="upstart-lint\.prefer-oom-score"/);
    const gitlab = JSON.parse(run(['-f', 'gitlab', 'etc/init/mixed.conf'], { cwd: root }).stdout) as { check_name: string; severity: string }[];
    expect(gitlab.find((i) => i.check_name === 'prefer-oom-score')?.severity).toBe('info');
    expect(run(['-f', 'stylish', '--no-color', 'etc/init/mixed.conf'], { cwd: root }).stdout).toContain('✖ 3 problems (1 error, 1 warning, 1 info)');
  });

  test('info alone exits 0, also with --max-warnings 0', () => {
    const root = tree('oom 10\nexec /usr/bin/example\n');
    expect(run(['etc/init/mixed.conf'], { cwd: root }).code).toBe(0);
    expect(run(['--max-warnings', '0', 'etc/init/mixed.conf'], { cwd: root }).code).toBe(0);
  });
});
