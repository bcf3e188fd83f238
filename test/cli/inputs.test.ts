import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  assertBuilt,
  BIN,
  cleanup,
  copyFixture,
  isolatedConfig,
  parseJson,
  run,
  summarize,
  tempRepo,
  worldReadableCli,
  writeFiles,
} from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const MISSION = { 'require-setuid': 'warn', 'require-setgid': 'warn' };

function project(): string {
  const root = copyFixture('project');
  writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig(MISSION));
  return root;
}

describe('usage', () => {
  test('--help lists every option and exits 0', () => {
    const r = run(['--help'], { cwd: tempRepo() });
    expect(r.code).toBe(0);
    for (const opt of [
      '--format', '--config', '--rule', '--job-kind', '--max-warnings', '--quiet', '--fix', '--fix-dry-run',
      '--stdin', '--stdin-filename', '--syntax-only', '--no-inline-config', '--print-config', '--list-rules',
      '--color', '--no-color', '--version', '--help', '--report-unused-directives', '--no-ignore', '--target-version',
    ]) {
      expect(r.stdout).toContain(opt);
    }
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = run(['--version'], { cwd: tempRepo() });
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  test.each([
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--fromat', 'json'], /did you mean "--format"/],
    [['--max-warnings', 'many'], /--max-warnings many: expected a whole number/],
    [['--job-kind', 'daemon'], /--job-kind daemon: expected system, user or session/],
    [['-f', 'xml'], /unknown format "xml"/],
    [['--rule', 'no-such-rule:error'], /unknown rule "no-such-rule"/],
    [['--rule', 'require-setuid:loud'], /invalid severity "loud"/],
    [['--format'], /needs a value/],
    [['--stdin', '--fix'], /--fix cannot write standard input/],
    [['-f', 'json', '-f', 'unix'], /only one --format can write to standard output/],
  ])('%j is a usage error: exit 2, one message, no stack trace', (args, message) => {
    const r = run(args, { cwd: tempRepo() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^upstart-lint: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('finding files', () => {
  test('no arguments: job directories at any depth and debian/*.upstart, nothing else', () => {
    const root = project();
    const r = run(['-f', 'json'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root)).toEqual([
      'debian/example.upstart:',
      'etc/init/broken.conf: syntax@2 require-setuid@3',
      'etc/init/good.conf:',
      'etc/init/pair.conf:',
      'etc/init/pair.override:',
      'etc/init/root.conf: require-setuid@6',
      'home/alice/.config/upstart/applet.conf:',
    ]);
    expect(r.code).toBe(1);
  });

  test('no arguments and no job files is an error', () => {
    const root = tempRepo();
    writeFiles(root, { 'src/app.conf': 'exec /bin/true\n' });
    const r = run([], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no job files found under .* \(looked in etc\/init\/, \.init\/, \.config\/upstart\//);
  });

  test('a directory expands to the .conf and .override files in it', () => {
    const root = project();
    const r = run(['-f', 'json', 'docs', 'etc/init'], { cwd: root });
    const files = summarize(parseJson(r.stdout), root).map((s) => s.split(':')[0]);
    expect(files).toEqual([
      'docs/nginx.conf',
      'etc/init/broken.conf',
      'etc/init/good.conf',
      'etc/init/pair.conf',
      'etc/init/pair.override',
      'etc/init/root.conf',
    ]);
  });

  test('globs are expanded; a glob matching nothing is an error while the rest is still linted', () => {
    const root = project();
    const r = run(['-f', 'json', 'etc/init/g*.conf', 'nowhere/**/*.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('upstart-lint: no files match the pattern "nowhere/**/*.conf"');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  test('.gitignore and configured ignores filter expansions', () => {
    const root = project();
    writeFileSync(join(root, '.gitignore'), 'etc/init/broken.conf\n');
    writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig(MISSION, { ignores: ['root.conf', 'debian/'] }));
    const r = run(['-f', 'json'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root).map((s) => s.split(':')[0])).toEqual([
      'etc/init/good.conf',
      'etc/init/pair.conf',
      'etc/init/pair.override',
      'home/alice/.config/upstart/applet.conf',
    ]);
    expect(r.code).toBe(0);
    const all = run(['-f', 'json', '--no-ignore'], { cwd: root });
    expect(parseJson(all.stdout)).toHaveLength(7);
  });

  test('a named file that `ignores` matches is skipped with a note on standard error, exit 0 (as ESLint)', () => {
    const root = project();
    writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig(MISSION, { ignores: ['root.conf'] }));
    const r = run(['-f', 'json', 'etc/init/root.conf', 'etc/init/good.conf'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
    expect(r.stderr).toBe('upstart-lint: etc/init/root.conf: file ignored because of a matching ignore pattern (`ignores` in .upstart-lint.json); use --no-ignore to lint it\n');
    expect(r.code).toBe(0);
    const stdin = run(['-f', 'json', '--stdin', '--stdin-filename', 'etc/init/root.conf'], { cwd: root, input: readFileSync(join(root, 'etc/init/root.conf')) });
    expect(stdin.stdout).toBe('[]\n');
    expect(stdin.stderr).toContain('upstart-lint: etc/init/root.conf: file ignored because of a matching ignore pattern');
    const forced = run(['-f', 'json', '--no-ignore', 'etc/init/root.conf'], { cwd: root });
    expect(summarize(parseJson(forced.stdout), root)).toEqual(['etc/init/root.conf: require-setuid@6']);
    expect(forced.stderr).toBe('');
  });

  test('a directory whose files are all ignored is an error', () => {
    const root = project();
    writeFileSync(join(root, '.gitignore'), 'docs/\n');
    const r = run(['docs'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('are ignored');
  });

  test('a directory without job files is an error', () => {
    const root = project();
    writeFiles(root, { 'empty/readme.txt': 'nothing here\n' });
    const r = run(['empty'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no job files (*.conf, *.override, debian/*.upstart) in directory "empty"');
  });
});

describe('unreadable, missing and binary inputs', () => {
  test('a missing file: clear message, exit 2, the other files still linted', () => {
    const root = project();
    const r = run(['-f', 'json', 'etc/init/nope.conf', 'etc/init/root.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: cannot read etc/init/nope.conf: no such file or directory\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/root.conf: require-setuid@6']);
  });

  test('an unreadable path (symbolic link loop): clear message, exit 2, the other files still linted', () => {
    const root = project();
    symlinkSync('loop.conf', join(root, 'etc/init/loop.conf'));
    const r = run(['-f', 'json', 'etc/init/loop.conf', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: cannot read etc/init/loop.conf: too many levels of symbolic links\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  test.runIf(existsSync('/proc/self/mem'))('a file that fails while being read (/proc/self/mem): clear message, exit 2', () => {
    const root = project();
    const r = run(['-f', 'json', '/proc/self/mem', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: cannot read /proc/self/mem: input/output error\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  // As root (CI), permissions do not stop reads: run the CLI as `nobody` through setpriv instead,
  // from a world-readable copy of the built command (the clone may sit in a private directory).
  const isRoot = process.getuid?.() === 0;
  test('a file without read permission: clear message, exit 2, the other files still linted', () => {
    const root = project();
    chmodSync(join(root, 'etc/init/root.conf'), 0o000);
    const args = ['-f', 'json', 'etc/init/root.conf', 'etc/init/good.conf'];
    let r;
    if (isRoot) {
      const cli = worldReadableCli();
      // nobody must be able to reach the project directory.
      for (let dir = root; dir.startsWith(tmpdir() + sep); dir = dirname(dir)) chmodSync(dir, statSync(dir).mode | 0o005);
      r = run(['--reuid=65534', '--regid=65534', '--clear-groups', cli.node, cli.bin, ...args], {
        cwd: root,
        command: 'setpriv',
        env: { UPSTART_LINT_CODE_CACHE: '0' },
      });
    } else {
      r = run(args, { cwd: root });
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: cannot read etc/init/root.conf: permission denied\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  test('a file over 16 MiB: clear message, exit 2, the other files still linted', () => {
    const root = project();
    // Exactly 17 MiB of comment: valid upstart, but no job file is that large.
    writeFileSync(join(root, 'etc/init/huge.conf'), `${'#'.repeat(17 * 1024 * 1024 - 1)}\n`);
    const r = run(['-f', 'json', 'etc/init/huge.conf', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: etc/init/huge.conf: 17.0 MiB is too large for a job file; upstart-lint lints files of up to 16 MiB\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  test('a FIFO named on the command line is read without waiting for a writer (it hung)', () => {
    const root = project();
    execFileSync('mkfifo', [join(root, 'etc/init/pipe.conf')]);
    const r = run(['-f', 'json', 'etc/init/pipe.conf', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/pipe.conf:', 'etc/init/good.conf:']);
  });

  test('a device that never ends (/dev/zero) named as a job: read to the limit only, exit 2, the other files still linted', () => {
    const root = project();
    symlinkSync('/dev/zero', join(root, 'etc/init/zero.conf'));
    const r = run(['-f', 'json', 'etc/init/zero.conf', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: etc/init/zero.conf: more than 16 MiB, too large for a job file; upstart-lint lints files of up to 16 MiB\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
  });

  test('standard input that never ends, or cannot be read: a message and exit 2', () => {
    const root = project();
    const cli = (redirect: string): ReturnType<typeof run> =>
      run(['-c', `exec "$0" "$1" --stdin --stdin-filename etc/init/in.conf ${redirect}`, process.execPath, BIN], { cwd: root, command: 'sh' });
    const zero = cli('< /dev/zero');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('upstart-lint: etc/init/in.conf: more than 16 MiB, too large for a job file; upstart-lint lints files of up to 16 MiB\n');
    // Opened for writing only: reads fail with EBADF (an internal error with a stack before).
    const unreadable = cli('0>/dev/null');
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe('upstart-lint: cannot read standard input: bad file descriptor\n');
  });

  test('a binary file (NUL bytes): clear message, exit 2, the other files still linted', () => {
    const root = project();
    writeFileSync(join(root, 'etc/init/blob.conf'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]));
    const r = run(['-f', 'json', 'etc/init/blob.conf', 'etc/init/good.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upstart-lint: etc/init/blob.conf: binary file (it contains NUL bytes), not an upstart job file\n');
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/good.conf:']);
    const stylish = run(['etc/init/blob.conf'], { cwd: root });
    expect(stylish.stdout).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('.conf and .override', () => {
  test('a .override is linted merged with its .conf, and reported once', () => {
    const root = project();
    const r = run(['-f', 'json', 'etc/init/pair.conf', 'etc/init/pair.override'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/pair.conf:', 'etc/init/pair.override:']);
    expect(r.code).toBe(0);
  });

  test('without its .override, the .conf runs as root', () => {
    const root = project();
    const r = run(['-f', 'json', '--stdin', '--stdin-filename', 'elsewhere/etc/init/pair.conf'], {
      cwd: root,
      input: readFileSync(join(root, 'etc/init/pair.conf')),
    });
    expect(summarize(parseJson(r.stdout), root)).toEqual(['elsewhere/etc/init/pair.conf: require-setuid@6']);
  });

  test('an .override given alone is linted with its .conf; problems in the .conf are reported under its path', () => {
    const root = project();
    writeFileSync(join(root, 'etc/init/pair.conf'), 'description "x"\nfrobnicate\nexec /bin/paired\n');
    const r = run(['-f', 'json', 'etc/init/pair.override'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root)).toEqual(['etc/init/pair.override:', 'etc/init/pair.conf: syntax@2']);
    expect(r.code).toBe(1);
  });
});

describe('standard input', () => {
  test('--stdin-filename decides the job kind (a session job needs no setuid)', () => {
    const root = project();
    const text = 'exec /opt/applet/bin/applet\n';
    const session = run(['-f', 'json', '--stdin', '--stdin-filename', 'home/bob/.config/upstart/a.conf'], { cwd: root, input: text });
    expect(summarize(parseJson(session.stdout), root)).toEqual(['home/bob/.config/upstart/a.conf:']);
    const system = run(['-f', 'json', '--stdin', '--stdin-filename', 'etc/init/a.conf'], { cwd: root, input: text });
    expect(summarize(parseJson(system.stdout), root)).toEqual(['etc/init/a.conf: require-setuid@1']);
    expect(system.code).toBe(0);
  });

  test('--stdin-filename decides the configuration and merges the .override on disk', () => {
    const root = project();
    writeFiles(root, { 'etc/init/.upstart-lint.json': JSON.stringify({ rules: { 'require-setuid': 'error' } }) });
    const input = readFileSync(join(root, 'etc/init/root.conf'));
    const r = run(['-f', 'unix', '--stdin', '--stdin-filename', 'etc/init/root.conf'], { cwd: root, input });
    expect(r.stdout).toContain('etc/init/root.conf:6:1: error:');
    expect(r.code).toBe(1);
    const paired = run(['-f', 'json', '--stdin', '--stdin-filename', 'etc/init/pair.conf'], {
      cwd: root,
      input: readFileSync(join(root, 'etc/init/pair.conf')),
    });
    expect(parseJson(paired.stdout)[0]?.messages).toEqual([]);
  });

  test('"-" reads standard input; without a file name it is called "standard input"', () => {
    const root = project();
    const r = run(['-f', 'unix', '-'], { cwd: root, input: 'descripton "x"\n' });
    expect(r.stdout).toMatch(/^standard input:1:1: error: .* \[syntax\]$/m);
    expect(r.code).toBe(1);
    const json = run(['-f', 'json', '--stdin'], { cwd: root, input: 'exec /srv/x/bin/x\n' });
    expect(parseJson(json.stdout).map((x) => x.filePath)).toEqual(['standard input']);
    const stylish = run(['--stdin'], { cwd: root, input: 'exec /srv/x/bin/x\n' });
    expect(stylish.stdout).toMatch(/^standard input\n/);
    expect(`${json.stdout}${stylish.stdout}`).not.toContain('<stdin>');
  });

  test('--fix-dry-run returns the fixed text in "output" and writes nothing', () => {
    const root = project();
    writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig({ 'no-debug': 'warn' }));
    const input = 'description "x"\ndebug\nexec /bin/true\n';
    const r = run(['-f', 'json', '--fix-dry-run', '--stdin', '--stdin-filename', 'etc/init/new.conf'], { cwd: root, input });
    const [result] = parseJson(r.stdout);
    expect(result?.output).toBe('description "x"\nexec /bin/true\n');
    expect(result?.messages).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('--syntax-only (init-checkconf replacement)', () => {
  test('any file name; only what upstart rejects; exit 1 on a load error, 0 otherwise', () => {
    const root = tempRepo();
    writeFiles(root, {
      'tmpA1b2C3': 'exec /usr/bin/runs-as-root\n',
      'tmpZ9y8X7': 'start on (started a\nexec /bin/true\n',
    });
    const ok = run(['--syntax-only', 'tmpA1b2C3'], { cwd: root });
    expect(ok).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const bad = run(['--syntax-only', '-f', 'json', 'tmpZ9y8X7'], { cwd: root });
    expect(bad.code).toBe(1);
    const messages = parseJson(bad.stdout)[0]?.messages ?? [];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.ruleId === 'syntax' && m.fatal === true)).toBe(true);
  });

  test('an invalid configuration does not matter to --syntax-only', () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': '{ not json', 'job.tmp': 'exec /bin/true\n' });
    expect(run(['--syntax-only', 'job.tmp'], { cwd: root }).code).toBe(0);
    expect(run(['job.tmp'], { cwd: root }).code).toBe(2);
  });

  test('--job-kind overrides the kind derived from the path', () => {
    const root = project();
    const r = run(['-f', 'json', '--job-kind', 'session', 'etc/init/root.conf'], { cwd: root });
    expect(parseJson(r.stdout)[0]?.messages).toEqual([]);
  });
});

describe('--list-rules', () => {
  test('a table, or JSON with --format json', () => {
    const root = tempRepo();
    const table = run(['--list-rules'], { cwd: root });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^RULE\s+CATEGORY\s+DEFAULT\s+FIX\s+DESCRIPTION$/m);
    expect(table.stdout).toMatch(/^require-setuid\s+security\s+\w+/m);
    const json = run(['--list-rules', '-f', 'json'], { cwd: root });
    const list = JSON.parse(json.stdout) as { id: string; url: string }[];
    expect(list.find((r) => r.id === 'valid-env-path')?.url).toMatch(/docs\/rules\/valid-env-path\.md$/);
  });
});
