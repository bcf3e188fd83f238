/**
 * Legacy user jobs (`~/.init`, kind `user`) are linted with upstart 1.3–1.6 semantics whatever the
 * target version, as a new user meets them: a bare `exec` in ~/.init gets the output finding with
 * no configuration at all; `--job-kind session` or `jobKind: session` reads the same file as a
 * Session Init job.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, cleanup, run, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const JOB = 'start on started dbus\nexec /home/bob/bin/notes-sync\n';
const FILE = 'home/bob/.init/notes-sync.conf';

function findings(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => /\[([^\]]+)\]$/.exec(l)?.[1] ?? l);
}

describe('a ~/.init job', () => {
  test('with no configuration: its output is discarded (default target 1.13)', () => {
    const root = tempRepo();
    writeFiles(root, { [FILE]: JOB });
    const r = run(['-f', 'unix', FILE], { cwd: root });
    expect(findings(r.stdout)).toEqual(['require-log-redirect']);
    expect(r.stdout).toMatch(/Legacy user job `notes-sync` .*upstart 1\.3–1\.6.*set `jobKind: session`/);
    expect(r.code).toBe(0); // a warning
  });

  test('the same with targetVersion 1.13 set explicitly', () => {
    const root = tempRepo();
    writeFiles(root, { [FILE]: JOB, '.upstart-lint.yaml': 'root: true\ntargetVersion: "1.13"\n' });
    expect(findings(run(['-f', 'unix', FILE], { cwd: root }).stdout)).toEqual(['require-log-redirect']);
  });

  test('--job-kind session reads it as a Session Init job', () => {
    const root = tempRepo();
    writeFiles(root, { [FILE]: JOB });
    const r = run(['-f', 'unix', '--job-kind', 'session', FILE], { cwd: root });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  test('jobKind: session in an override does the same, and --print-config shows it', () => {
    const root = tempRepo();
    writeFiles(root, {
      [FILE]: JOB,
      '.upstart-lint.yaml': 'root: true\noverrides:\n  - files: ["home/*/.init/**"]\n    jobKind: session\n',
    });
    expect(run(['-f', 'unix', FILE], { cwd: root }).stdout).toBe('');
    const printed = JSON.parse(run(['--print-config', FILE], { cwd: root }).stdout) as { jobKind?: string };
    expect(printed.jobKind).toBe('session');
  });
});
