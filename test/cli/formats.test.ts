import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDebianPackages, unavailableInCi } from '../integration/apt.js';
import { assertBuilt, BIN, cleanup, copyFixture, isolatedConfig, normalizePaths, REPO, run, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const RULES = { 'require-setuid': 'warn', 'no-debug': 'warn' };
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function tree(): string {
  const root = copyFixture('formats');
  writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig(RULES));
  return root;
}

function normalize(text: string, root: string): string {
  return normalizePaths(text, root).split(`"${VERSION}"`).join('"<version>"');
}

const FORMATS = ['stylish', 'unix', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle'] as const;

describe.each(FORMATS)('--format %s', (format) => {
  test('matches the reviewed snapshot', async () => {
    const root = tree();
    const r = run(['-f', format], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    await expect(normalize(r.stdout, root)).toMatchFileSnapshot(`../../fixtures/cli/snapshots/${format}.txt`);
  });

  test('prints nothing problematic for a clean file', () => {
    const root = tree();
    const r = run(['-f', format, 'etc/init/clean.conf'], { cwd: root });
    expect(r.code).toBe(0);
    if (format === 'stylish' || format === 'unix' || format === 'github') expect(r.stdout).toBe('');
    if (format === 'json' || format === 'gitlab') expect(JSON.parse(r.stdout)).toHaveLength(format === 'json' ? 1 : 0);
  });
});

describe('machine formats are well-formed', () => {
  test('json is ESLint-shaped, with merged fixes', () => {
    const root = tree();
    const results = JSON.parse(run(['-f', 'json'], { cwd: root }).stdout) as {
      filePath: string;
      messages: { ruleId: string; fix?: { range: [number, number]; text: string } }[];
      fixableWarningCount: number;
    }[];
    const rootJob = results.find((r) => r.filePath.endsWith('root.conf'));
    const debug = rootJob?.messages.find((m) => m.ruleId === 'no-debug');
    const text = readFileSync(join(root, 'etc/init/root.conf'), 'utf8');
    const fix = debug?.fix;
    expect(fix).toBeDefined();
    if (fix) expect(text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1])).not.toContain('debug\n');
    expect(rootJob?.fixableWarningCount).toBe(1);
  });

  test('json gives syntax errors the line upstart logs (docs/syntax.md), other findings none', () => {
    const root = tree();
    // upstart reports an unterminated quote at the end of the file, not where it opens.
    const r = run(['-f', 'json', '--stdin', '--stdin-filename', 'etc/init/q.conf'], { cwd: root, input: 'exec /srv/app/run\ndescription "web\nrespawn\n' });
    const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; upstartLine?: number | null }[] }[])[0]?.messages ?? [];
    expect(messages.map((m) => [m.ruleId, m.line, m.upstartLine])).toEqual([
      ['require-setuid', 1, undefined],
      ['syntax', 2, 4],
    ]);
  });

  test('github is chosen when GITHUB_ACTIONS=true and no format is given', () => {
    const root = tree();
    const r = run(['etc/init/broken.conf'], { cwd: root, env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).toMatch(/^::error file=etc\/init\/broken\.conf,line=2,col=1,endLine=2,endColumn=7,title=upstart-lint syntax::/m);
    const explicit = run(['-f', 'unix', 'etc/init/broken.conf'], { cwd: root, env: { GITHUB_ACTIONS: 'true' } });
    expect(explicit.stdout).toMatch(/^etc\/init\/broken\.conf:2:1: error: /);
  });

  test('several formats at once: NAME:PATH writes a file', () => {
    const root = tree();
    const r = run(['-f', 'unix', '-f', 'json:reports/lint.json', '-f', 'sarif:reports/lint.sarif'], { cwd: root });
    expect(r.stdout).toMatch(/^etc\/init\/broken\.conf:2:1: error: /m);
    expect(JSON.parse(readFileSync(join(root, 'reports/lint.json'), 'utf8'))).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(root, 'reports/lint.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  test('an unwritable report path is an I/O error (exit 2)', () => {
    const root = tree();
    writeFiles(root, { 'reports': 'a file, not a directory' });
    const r = run(['-f', 'json:reports/lint.json', 'etc/init/clean.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^upstart-lint: cannot write the json report to reports\/lint\.json: /);
  });

  test('SARIF fingerprints are stable when unrelated lines move', () => {
    const root = tree();
    const prints = (): string[] => {
      const log = JSON.parse(run(['-f', 'sarif', 'etc/init/root.conf'], { cwd: root }).stdout) as {
        runs: { results: { partialFingerprints: Record<string, string> }[] }[];
      };
      return (log.runs[0]?.results ?? []).map((x) => x.partialFingerprints['upstartLint/v1'] ?? '');
    };
    const before = prints();
    const file = join(root, 'etc/init/root.conf');
    writeFileSync(file, `# a new first line\n\n${readFileSync(file, 'utf8')}`);
    expect(prints()).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
  });
});

describe('a line of 350 KB with 50,000 findings', () => {
  // Stylish showed the whole line under each finding, SARIF and GitLab hashed it for each (17 GB
  // of text either way): none of them finished in minutes.
  const N = 50_000;
  const job = `start on runlevel [2345]\nsetuid nobody\nsetgid nogroup\nscript\n${'((1)); '.repeat(N)}\nend script\n`;
  /** The report goes to a file: tens of megabytes are more than spawnSync keeps of standard output. */
  const lint = (format: string): { code: number | null; stdout: string } => {
    const root = tree();
    writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig({ 'no-bashism': 'error' }));
    const started = performance.now();
    const r = run(['-f', `${format}:report`, '--no-project', '--stdin', '--stdin-filename', 'etc/init/long.conf'], { cwd: root, input: job });
    expect(performance.now() - started).toBeLessThan(40_000);
    expect(r.stderr).toBe('');
    return { code: r.code, stdout: readFileSync(join(root, 'report'), 'utf8') };
  };

  test('stylish shows 240 characters of the line around each finding', () => {
    const r = lint('stylish');
    expect(r.code).toBe(1);
    const frames = r.stdout.split('\n').filter((l) => /^ +5 \| /.test(l));
    expect(frames).toHaveLength(N);
    expect(Math.max(...frames.map((l) => l.length))).toBeLessThan(300);
    // The finding at column 35 001: 40 characters of the line before it, behind an ellipsis.
    const at = r.stdout.split('\n').findIndex((l) => l.startsWith('  5:35001 '));
    const [line, marks] = r.stdout.split('\n').slice(at + 1, at + 3);
    expect(line).toMatch(/^ +5 \| …1\)\); \(\(1\)\); /);
    expect(line?.endsWith('…')).toBe(true);
    expect((marks ?? '').indexOf('^') - (line ?? '').indexOf('…')).toBe(41);
  }, 60_000);

  test.each(['sarif', 'gitlab'])('%s has a distinct fingerprint for each', (format) => {
    const r = lint(format);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as unknown;
    const prints =
      format === 'sarif'
        ? ((report as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }).runs[0]?.results ?? []).map((x) => x.partialFingerprints['upstartLint/v1'])
        : (report as { fingerprint: string }[]).map((x) => x.fingerprint);
    expect(prints).toHaveLength(N);
    expect(new Set(prints).size).toBe(N);
  }, 60_000);
});

test('stylish cuts a long line between characters, never inside a surrogate pair', () => {
  // The 240-character window around the finding starts inside an emoji (two UTF-16 units) here.
  const line = `x${'😀'.repeat(200)}z ((1)); z${'😀'.repeat(200)}`;
  const job = `start on runlevel [2345]\nsetuid nobody\nsetgid nogroup\nscript\n${line}\nend script\n`;
  const root = tree();
  writeFileSync(join(root, '.upstart-lint.json'), isolatedConfig({ 'shell-syntax': 'error' }));
  const r = run(['--no-project', '--stdin', '--stdin-filename', 'etc/init/emoji.conf'], { cwd: root, input: job });
  expect(r.code).toBe(1);
  const frame = r.stdout.split('\n').find((l) => /^ +5 \| /.test(l)) ?? '';
  expect(frame).toContain('((1))');
  expect(frame).toMatch(/^ +5 \| …😀.*😀…$/u);
  expect(r.stdout).not.toContain('\uFFFD');
});

describe('SARIF validates with Microsoft sarif-multitool (no errors, no warnings)', () => {
  const tool = join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  test.runIf(process.platform === 'linux' && process.arch === 'x64')('sarif-multitool validate', () => {
    expect(existsSync(tool), `${tool} is missing: npm install`).toBe(true);
    const root = tree();
    // the fixture tree (errors, warnings, clean file), unnamed standard input, a file outside the
    // working directory (absolute file: URI)
    expect(run(['-f', 'sarif:out.sarif'], { cwd: root }).code).toBe(1);
    expect(run(['-f', 'sarif:../stdin.sarif', '-'], { cwd: join(root, 'etc'), input: 'frobnicate\n' }).code).toBe(1);
    mkdirSync(join(root, 'sub'));
    expect(run(['-f', 'sarif:../outside.sarif', '../etc/init/root.conf'], { cwd: join(root, 'sub') }).code).toBe(0);
    const problems: unknown[] = [];
    for (const name of ['out.sarif', 'stdin.sarif', 'outside.sarif']) {
      const v = spawnSync(tool, ['validate', join(root, name), '-o', join(root, `${name}.validation`), '--log', 'ForceOverwrite'], {
        encoding: 'utf8',
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
        timeout: 120_000,
      });
      expect(v.status, v.stdout + v.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(root, `${name}.validation`), 'utf8')) as {
        runs: { results?: { ruleId: string; level?: string; message: unknown }[] }[];
      };
      const results = report.runs[0]?.results ?? [];
      problems.push(...results.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined).map((x) => ({ name, ...x })));
    }
    expect(problems).toEqual([]);
    // Three CLI runs and three .NET start-ups: under a loaded machine this takes more than the
    // default 60 s (each validation alone may take up to its 120 s timeout).
  }, 420_000);
});

describe('colour', () => {
  const ESC = '\u001b[';
  test('never in a pipe by default; --color forces it; --no-color and NO_COLOR disable it', () => {
    const root = tree();
    expect(run(['etc/init/broken.conf'], { cwd: root }).stdout).not.toContain(ESC);
    expect(run(['--color', 'etc/init/broken.conf'], { cwd: root }).stdout).toContain(ESC);
    expect(run(['etc/init/broken.conf'], { cwd: root, env: { FORCE_COLOR: '1' } }).stdout).toContain(ESC);
    expect(run(['--no-color', 'etc/init/broken.conf'], { cwd: root, env: { FORCE_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(run(['etc/init/broken.conf'], { cwd: root, env: { FORCE_COLOR: '0' } }).stdout).not.toContain(ESC);
    expect(run(['--color', 'etc/init/broken.conf'], { cwd: root, env: { NO_COLOR: '1' } }).stdout).toContain(ESC);
  });

  // `script` (util-linux) runs the command on a pseudo-terminal.
  const scriptMissing = process.platform === 'linux' ? ensureDebianPackages(['script'], ['bsdutils']) : 'not Linux';
  unavailableInCi('script (a pseudo-terminal)', scriptMissing);
  test.runIf(scriptMissing === null)('a terminal is coloured by default, unless NO_COLOR is set', () => {
    const root = tree();
    const onTty = (env: Record<string, string | undefined>): string =>
      run(['-qec', `"${process.execPath}" "${BIN}" etc/init/broken.conf`, '/dev/null'], { cwd: root, env, command: 'script' }).stdout;
    expect(onTty({})).toContain(ESC);
    expect(onTty({ NO_COLOR: '1' })).not.toContain(ESC);
    expect(onTty({ NO_COLOR: '1' })).toContain('etc/init/broken.conf');
    expect(onTty({ TERM: 'dumb' })).not.toContain(ESC);
  });

  test('machine formats are never coloured', () => {
    const root = tree();
    for (const f of ['unix', 'json', 'github']) {
      expect(run(['--color', '-f', f, 'etc/init/broken.conf'], { cwd: root }).stdout).not.toContain(ESC);
    }
  });

  test('a coloured stylish report reads the same once escapes are removed', () => {
    const root = tree();
    const plain = run(['etc/init/root.conf'], { cwd: root }).stdout;
    // eslint-disable-next-line no-control-regex
    const coloured = run(['--color', 'etc/init/root.conf'], { cwd: root }).stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(coloured).toBe(plain);
  });
});
