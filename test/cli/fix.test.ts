import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, cleanup, isolatedConfig, parseJson, run, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

// `no-debug` (remove the stanza) and `no-crlf` (convert line endings) are safe, fixable rules.
const FIXABLE = { 'no-debug': 'warn', 'no-crlf': 'error', 'require-setuid': 'warn' };
// require-setuid reports an application (a program under /opt) that runs as root.
const JOB = 'description "x"\ndebug\nexec /opt/x/bin/x\n';
const FIXED = 'description "x"\nexec /opt/x/bin/x\n';

function repo(files: Record<string, string | Buffer>): string {
  const root = tempRepo();
  writeFiles(root, { '.upstart-lint.json': isolatedConfig(FIXABLE), ...files });
  return root;
}

describe('--fix', () => {
  test('writes the fixed text, keeps permissions, reports what remains, and is idempotent', () => {
    const root = repo({ 'etc/init/job.conf': JOB });
    const file = join(root, 'etc/init/job.conf');
    chmodSync(file, 0o640);
    const r = run(['-f', 'json', '--fix'], { cwd: root });
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const [result] = parseJson(r.stdout);
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['require-setuid']);
    expect(result?.output).toBe(FIXED);
    expect(r.code).toBe(0);
    // no temporary files left behind
    expect(readdirSync(join(root, 'etc/init'))).toEqual(['job.conf']);

    const before = statSync(file).mtimeMs;
    const again = run(['-f', 'json', '--fix'], { cwd: root });
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(statSync(file).mtimeMs).toBe(before);
    expect(parseJson(again.stdout)[0]?.output).toBeUndefined();
  });

  test('CRLF files are converted and keep their byte-order mark (itself a load error, not a fixable one)', () => {
    const root = repo({ 'etc/init/win.conf': '\uFEFFdescription "x"\r\nexec /opt/x/bin/x\r\n' });
    const r = run(['-f', 'json', '--fix', 'etc/init/win.conf'], { cwd: root });
    expect(readFileSync(join(root, 'etc/init/win.conf'), 'utf8')).toBe('\uFEFFdescription "x"\nexec /opt/x/bin/x\n');
    expect(parseJson(r.stdout)[0]?.messages.map((m) => m.ruleId)).toEqual(['syntax', 'require-setuid']);
    expect(r.code).toBe(1);
  });

  test('never rewrites a file that is not valid UTF-8: its bytes survive', () => {
    const bytes = Buffer.concat([Buffer.from('description "caf'), Buffer.from([0xe9]), Buffer.from('"\ndebug\nexec /opt/x/bin/x\n')]);
    const root = repo({ 'etc/init/latin1.conf': bytes });
    const r = run(['-f', 'json', '--fix', 'etc/init/latin1.conf'], { cwd: root });
    expect(readFileSync(join(root, 'etc/init/latin1.conf')).equals(bytes)).toBe(true);
    expect(r.stderr).toContain('etc/init/latin1.conf: not fixed: the file is not valid UTF-8');
    expect(parseJson(r.stdout)[0]?.messages.map((m) => m.ruleId)).toEqual(['no-debug', 'require-setuid']);
  });

  test('never rewrites a file containing NUL bytes', () => {
    const bytes = Buffer.from('description "x"\ndebug\nexec /opt/x/bin/x\n\u0000\n', 'utf8');
    const root = repo({ 'etc/init/nul.conf': bytes });
    const r = run(['--fix', 'etc/init/nul.conf'], { cwd: root });
    expect(readFileSync(join(root, 'etc/init/nul.conf')).equals(bytes)).toBe(true);
    expect(r.stderr).toContain('binary file (it contains NUL bytes)');
    expect(r.code).toBe(2);
  });

  test('a file with nothing to fix is not touched', () => {
    const root = repo({ 'etc/init/ok.conf': FIXED });
    const file = join(root, 'etc/init/ok.conf');
    const before = statSync(file).mtimeMs;
    run(['--fix', 'etc/init/ok.conf'], { cwd: root });
    expect(statSync(file).mtimeMs).toBe(before);
  });

  test('an .override linted with its .conf is fixed too', () => {
    const root = repo({ 'etc/init/pair.conf': JOB, 'etc/init/pair.override': 'debug\nsetuid nobody\n' });
    const r = run(['-f', 'json', '--fix'], { cwd: root });
    expect(readFileSync(join(root, 'etc/init/pair.conf'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(root, 'etc/init/pair.override'), 'utf8')).toBe('setuid nobody\n');
    const results = parseJson(r.stdout);
    expect(results.map((x) => [x.filePath.slice(root.length + 1), x.messages.length, x.output])).toEqual([
      ['etc/init/pair.conf', 0, FIXED],
      ['etc/init/pair.override', 0, 'setuid nobody\n'],
    ]);
    expect(r.code).toBe(0);
  });

  test('--fix-dry-run writes nothing', () => {
    const root = repo({ 'etc/init/job.conf': JOB });
    const r = run(['-f', 'json', '--fix-dry-run'], { cwd: root });
    expect(readFileSync(join(root, 'etc/init/job.conf'), 'utf8')).toBe(JOB);
    expect(parseJson(r.stdout)[0]?.output).toBe(FIXED);
  });
});

describe('inline suppressions', () => {
  const RULES = { 'require-setuid': 'error', 'no-debug': 'error' };
  function lint(text: string, args: string[] = []): { code: number | null; messages: string[]; stderr: string } {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': isolatedConfig(RULES), 'etc/init/job.conf': text });
    const r = run(['-f', 'json', ...args, 'etc/init/job.conf'], { cwd: root });
    const messages = (parseJson(r.stdout)[0]?.messages ?? []).map((m) => `${m.line} ${m.ruleId}/${m.messageId} ${m.severity}`);
    return { code: r.code, messages, stderr: r.stderr };
  }

  test('disable-next-line with a reason', () => {
    const r = lint('# upstart-lint disable-next-line require-setuid -- binds port 80\nexec /opt/d/bin/d\n');
    expect(r).toMatchObject({ code: 0, messages: [] });
  });

  test('disable-line as a trailing comment', () => {
    const r = lint('debug # upstart-lint disable-line no-debug\nexec /opt/d/bin/d # upstart-lint disable-line require-setuid\n');
    expect(r).toMatchObject({ code: 0, messages: [] });
  });

  test('disable … enable ranges', () => {
    const r = lint('# upstart-lint disable no-debug\ndebug\n# upstart-lint enable no-debug\ndebug\n# upstart-lint disable-file require-setuid\nexec /opt/x/bin/x\n');
    expect(r.messages).toEqual(['4 no-debug/debugStanza 2']);
  });

  test('disable-file without rule ids silences everything but load errors', () => {
    const r = lint('# upstart-lint disable-file -- vendored file\ndebug\nexec /opt/x/bin/x\n');
    expect(r).toMatchObject({ code: 0, messages: [] });
  });

  test('directives in script blocks apply to the script lines', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': isolatedConfig({ 'no-log-in-tmp': 'error' }),
      'etc/init/job.conf': [
        'pre-start script',
        '    # upstart-lint disable-next-line no-log-in-tmp -- scratch marker, not a log',
        '    date > /tmp/started',
        '    date > /tmp/again',
        '    # upstart-lint disable-line no-log-in-tmp',
        'end script',
        'setuid nobody',
        'exec /opt/x/bin/x',
        '',
      ].join('\n'),
    });
    const r = run(['-f', 'json'], { cwd: root });
    const messages = parseJson(r.stdout)[0]?.messages ?? [];
    // line 3 is suppressed; line 4 is not; the directive on line 5 suppresses nothing on its own line
    expect(messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['4 no-log-in-tmp', '5 unused-directive']);
  });

  test('unused directives and unknown rule ids are reported as warnings', () => {
    const r = lint('# upstart-lint disable-next-line no-debug, requre-setuid\nexec /opt/x/bin/x # upstart-lint disable-line require-setuid\n');
    expect(r.messages).toEqual(['1 unused-directive/unknownRule 1', '1 unused-directive/unusedDirective 1']);
    expect(r.code).toBe(0);
  });

  test('--report-unused-directives sets their severity', () => {
    const r = lint('# upstart-lint disable-file no-debug\nsetuid nobody\nexec /opt/x/bin/x\n', ['--report-unused-directives', 'error']);
    expect(r.messages).toEqual(['1 unused-directive/unusedDirective 2']);
    expect(r.code).toBe(1);
    expect(lint('# upstart-lint disable-file no-debug\nsetuid nobody\nexec /opt/x/bin/x\n', ['--report-unused-directives', 'off']).messages).toEqual([]);
  });

  test('--no-inline-config ignores every directive', () => {
    const r = lint('# upstart-lint disable-next-line require-setuid\nexec /opt/d/bin/d\n# upstart-lint bogus\n', ['--no-inline-config']);
    expect(r.messages).toEqual(['2 require-setuid/runsAsRoot 2']);
    expect(r.code).toBe(1);
  });

  test('load errors cannot be suppressed', () => {
    const r = lint('# upstart-lint disable-file\nfrobnicate\nsetuid nobody\nexec /opt/x/bin/x\n');
    // The directive suppressed nothing, so it is reported as unused.
    expect(r.messages).toEqual(['1 unused-directive/unusedDirective 1', '2 syntax/unknownStanza 2']);
    expect(r.code).toBe(1);
  });
});

describe('exit codes and thresholds', () => {
  const root = (): string => {
    const dir = tempRepo();
    writeFiles(dir, {
      '.upstart-lint.json': isolatedConfig({ 'require-setuid': 'warn' }),
      'etc/init/a.conf': 'exec /opt/a/bin/a\n',
      'etc/init/b.conf': 'exec /opt/b/bin/b\n',
      'etc/init/clean.conf': 'setuid nobody\nexec /opt/c/bin/c\n',
    });
    return dir;
  };

  test('0 when clean', () => {
    expect(run(['etc/init/clean.conf'], { cwd: root() })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  test('0 with warnings only; 1 with more warnings than --max-warnings', () => {
    const dir = root();
    expect(run([], { cwd: dir }).code).toBe(0);
    expect(run(['--max-warnings', '2'], { cwd: dir }).code).toBe(0);
    const over = run(['--max-warnings', '1'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('upstart-lint: too many warnings (2, maximum 1)\n');
  });

  test('1 with an error; --quiet reports errors only', () => {
    const dir = root();
    writeFileSync(join(dir, 'etc/init/bad.conf'), 'frobnicate\n');
    const r = run(['-f', 'json', '--quiet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(parseJson(r.stdout).flatMap((x) => x.messages.map((m) => m.ruleId))).toEqual(['syntax']);
    expect(run(['--quiet', 'etc/init/a.conf', '--max-warnings', '0'], { cwd: dir }).code).toBe(0);
  });

  test('2 for I/O errors even when the files that could be read are clean', () => {
    expect(run(['etc/init/clean.conf', 'missing.conf'], { cwd: root() }).code).toBe(2);
  });
});
