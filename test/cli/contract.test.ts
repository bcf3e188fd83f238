/**
 * The command's contract where it used to break: exit codes under a closed pipe and failed writes,
 * and the options users expect from ESLint (--max-warnings -1, --rule with options,
 * --no-error-on-unmatched-pattern).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, BIN, cleanup, isolatedConfig, parseJson, run, summarize, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const ROOT_JOB = 'start on runlevel [2345]\nstop on runlevel [!2345]\nexec /srv/rootd/bin/rootd\n';
const DEBUG_JOB = 'start on runlevel [2345]\nstop on runlevel [!2345]\nsetuid d\nsetgid d\ndebug\nexec /usr/sbin/d\n';

/** A repository of `count` jobs that run as root (require-setuid at `severity`). */
function manyJobs(count: number, severity: string): string {
  const root = tempRepo();
  const files: Record<string, string> = { '.upstart-lint.json': isolatedConfig({ 'require-setuid': severity }) };
  for (let i = 0; i < count; i++) files[`etc/init/job-${String(i).padStart(4, '0')}.conf`] = ROOT_JOB;
  writeFiles(root, files);
  return root;
}

/** Runs the CLI with standard output going into `cmd` (a pipe) under bash; returns the CLI's own exit status. */
function piped(args: readonly string[], cwd: string, into: string): { status: number; stderr: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${quoted} | ${into}; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  const status = /status=(\d+)\s*$/.exec(r.stderr)?.[1];
  return { status: Number(status), stderr: r.stderr.replace(/status=\d+\s*$/, '') };
}

describe('exit codes never lie', () => {
  test('a closed pipe (| head -c 10) keeps the verdict, and a report file is still written in full', () => {
    // About 130 KB of output: twice what a pipe holds, so the CLI meets the closed pipe.
    const root = manyJobs(600, 'error');
    const intoFile = run(['-f', 'unix'], { cwd: root });
    expect(intoFile.code).toBe(1);
    expect(intoFile.stdout.length).toBeGreaterThan(128 * 1024);
    const r = piped(['-f', 'unix', '-f', 'sarif:report.sarif'], root, 'head -c 10 >/dev/null');
    expect(r).toEqual({ status: 1, stderr: '' });
    const sarif = JSON.parse(readFileSync(join(root, 'report.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(600);
    // Warnings only: exit 0 into a pipe as into a file.
    const warnings = manyJobs(600, 'warn');
    expect(piped(['-f', 'unix'], warnings, 'head -c 10 >/dev/null')).toEqual({ status: 0, stderr: '' });
    // --max-warnings is still counted over every file.
    expect(piped(['-f', 'unix', '--max-warnings', '10'], warnings, 'head -c 10 >/dev/null')).toEqual({
      status: 1,
      stderr: 'upstart-lint: too many warnings (600, maximum 10)\n',
    });
  });

  const full = existsSync('/dev/full');
  test.runIf(full)('a failed write to standard output (/dev/full) is a run failure: exit 2 and one line', () => {
    const root = manyJobs(3, 'error');
    const intoFull = (args: readonly string[]): { code: number | null; stderr: string } => {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: root, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
        return { code: r.status, stderr: r.stderr };
      } finally {
        closeSync(fd);
      }
    };
    expect(intoFull(['-f', 'json'])).toEqual({ code: 2, stderr: 'upstart-lint: cannot write the json report to standard output: no space left on device\n' });
    expect(intoFull(['-f', 'unix', 'etc/init/job-0000.conf'])).toEqual({ code: 2, stderr: 'upstart-lint: cannot write the unix report to standard output: no space left on device\n' });
    for (const args of [['--help'], ['--version'], ['--list-rules'], ['--print-config', 'etc/init/job-0000.conf']]) {
      expect(intoFull(args), args.join(' ')).toEqual({ code: 2, stderr: 'upstart-lint: cannot write to standard output: no space left on device\n' });
    }
  });

  test.runIf(full)('nothing to print is no write: a clean run into /dev/full exits 0', () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': isolatedConfig({ 'require-setuid': 'error' }), 'etc/init/ok.conf': 'setuid a\nsetgid a\nexec /bin/a\n' });
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '-f', 'unix'], { cwd: root, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([0, '']);
    } finally {
      closeSync(fd);
    }
  });
});

describe('flags users expect', () => {
  test('--max-warnings -1 means no limit, as in ESLint; other negative numbers are usage errors', () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': isolatedConfig({ 'no-debug': 'warn' }), 'etc/init/d.conf': DEBUG_JOB });
    expect(run(['-f', 'unix', '--max-warnings', '0'], { cwd: root }).code).toBe(1);
    for (const args of [['--max-warnings', '-1'], ['--max-warnings=-1']]) {
      const r = run(['-f', 'unix', ...args], { cwd: root });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('[no-debug]');
    }
    const bad = run(['--max-warnings', '-2'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^upstart-lint: --max-warnings -2: expected a whole number of 0 or more, or -1 for no limit\n/);
  });

  test("--rule 'ID: [SEVERITY, OPTIONS]' sets options; '{ID: …, ID: …}' several rules; ID:SEVERITY as before", () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': isolatedConfig({ 'require-setuid': 'warn' }), 'etc/init/rootd.conf': ROOT_JOB });
    const lint = (...rules: string[]) => {
      const r = run(['-f', 'json', ...rules.flatMap((x) => ['--rule', x])], { cwd: root });
      return { code: r.code, stderr: r.stderr, found: summarize(parseJson(r.stdout || '[]'), root) };
    };
    expect(lint()).toEqual({ code: 0, stderr: '', found: ['etc/init/rootd.conf: require-setuid@3'] });
    expect(lint('require-setuid: [error, {allow: [rootd]}]')).toEqual({ code: 0, stderr: '', found: ['etc/init/rootd.conf:'] });
    expect(lint('require-setuid: ["error", {"allow": ["other"]}]').code).toBe(1);
    expect(lint('require-setuid:error')).toMatchObject({ code: 1 });
    expect(lint('require-setuid: off')).toMatchObject({ code: 0, found: ['etc/init/rootd.conf:'] });
    expect(lint('{require-setuid: error, no-debug: [warn]}')).toMatchObject({ code: 1 });
    const suggested = run(['-f', 'json', '--rule', 'require-setuid: [warn, {suggestedUser: daemon}]'], { cwd: root });
    expect(suggested.stdout).toContain('setuid daemon');
  });

  test.each([
    ['require-setuid: [error, {alow: [x]}]', /^upstart-lint: --rule require-setuid: \[error, \{alow: \[x\]\}\]: require-setuid: alow: /],
    ['no-debug: [error, {x: 1}]', /rule "no-debug" takes no options/],
    ['require-setuid: [loud]', /invalid severity "loud"; expected off, info, warn or error/],
    ['require-setiud: error', /unknown rule "require-setiud"/],
    ['require-setuid: [error', /not a rule setting \(.*\); expected ID:SEVERITY or 'ID: \[SEVERITY, \{OPTION: VALUE\}\]'/],
    ['require-setuid: [error, {}, 3]', /require-setuid: expected a severity or \[severity, options\]/],
  ])('--rule %j is an error: exit 2, one message', (value, message) => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/rootd.conf': ROOT_JOB });
    const r = run(['--rule', value], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--no-error-on-unmatched-pattern: globs, directories and a run without job files are no error; a missing file still is', () => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/ok.conf': 'setuid a\nsetgid a\nexec /bin/a\n', 'empty/readme.txt': 'x\n' });
    expect(run(['nowhere/*.conf'], { cwd: root }).code).toBe(2);
    for (const args of [['nowhere/*.conf'], ['empty'], ['etc/init/ok.conf', 'nowhere/**/*.conf']]) {
      const r = run(['-f', 'json', '--no-error-on-unmatched-pattern', ...args], { cwd: root });
      expect([r.code, r.stderr], args.join(' ')).toEqual([0, '']);
    }
    const none = tempRepo();
    writeFiles(none, { 'src/app.conf': 'x\n' });
    expect(run([], { cwd: none }).code).toBe(2);
    expect(run(['--no-error-on-unmatched-pattern'], { cwd: none })).toMatchObject({ code: 0, stderr: '' });
    const missing = run(['--no-error-on-unmatched-pattern', 'etc/init/gone.conf'], { cwd: root });
    expect([missing.code, missing.stderr]).toEqual([2, 'upstart-lint: cannot read etc/init/gone.conf: no such file or directory\n']);
  });
});
