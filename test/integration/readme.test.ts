/**
 * README.md, tried the way a new user would: its commands use options that exist, its quick start
 * shows what the command really prints, its configuration example is valid, its CI commands write
 * the reports they name, its editor patterns read the real output, and its rules table is current.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { isFormatName } from '../../src/formatters/index.js';
import { rules } from '../../src/rules/index.js';
import { refreshReadme } from '../../scripts/gen-readme.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/upstart-lint.js');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
/** The quick start and the test command, exactly as the issue tracker and new users expect them. */
const QUICK_START = 'npm ci && npx upstart-lint examples/';
const TEST_COMMAND = 'npm test';

interface Block {
  readonly lang: string;
  readonly text: string;
}

const blocks: Block[] = [...README.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));
const section = (title: string): Block[] => {
  const start = README.indexOf(`\n## ${title}\n`);
  const end = README.indexOf('\n## ', start + 1);
  const part = README.slice(start, end === -1 ? undefined : end);
  return [...part.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));
};

function cli(args: readonly string[], cwd: string, input = '', env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!['GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS', 'CI'].includes(k)) base[k] = v;
  }
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Splits a shell-like command line (quotes removed; no expansions). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Every upstart-lint invocation written in a code block, as argument lists. */
function invocations(): { line: string; args: string[] }[] {
  const out: { line: string; args: string[] }[] = [];
  for (const b of blocks) {
    for (const raw of b.text.split('\n')) {
      const m = /(?:^|\s|"|-\s|\/node_modules\/\.bin\/)(?:npx (?:--yes )?)?upstart-lint(?:@[\d.]+)?'?((?:\s+[^#<|\n"]*)?)/.exec(raw);
      if (!m || raw.includes('upstart-lint/upstart-lint') || /^\s*#/.test(raw) || /id: upstart-lint|name:|label|owner/.test(raw)) continue;
      if (/^\s*upstart-lint \[options\]/.test(raw)) continue;
      const args = words(m[1] ?? '').filter((w) => w !== '');
      out.push({ line: raw.trim(), args });
    }
  }
  return out;
}

describe('README.md', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'upstart-lint-readme-'));
    mkdirSync(join(work, '.git'));
    cpSync(join(REPO, 'examples'), join(work, 'examples'), { recursive: true });
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the rules table is up to date (node scripts/gen-readme.mjs rewrites it)', () => {
    expect(refreshReadme(README, rules)).toBe(README);
  });

  test('every upstart-lint command in the README uses options that exist', () => {
    const found = invocations();
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const { line, args } of found) {
      const parsed = (() => {
        try {
          return parseArgs(args.map((a) => a.replace(/\$\{file\}/g, '/x/etc/init/a.conf').replace(/^%s$/, '/x/a.conf')));
        } catch (error) {
          throw new Error(`README command \`${line}\`: ${(error as Error).message}`);
        }
      })();
      for (const f of parsed.formats) expect(isFormatName(f.name), `${line}: format ${f.name}`).toBe(true);
    }
  });

  test('the quick start is one line that installs and lints the examples, and one test command', () => {
    const commands = section('Quick start').filter((b) => b.lang === 'sh').map((b) => b.text);
    expect(commands).toEqual([`${QUICK_START}\n`, `${TEST_COMMAND}\n`]);
    // CI runs the README's test command verbatim (a fresh clone, npm ci, then this line).
    const ci = readFileSync(join(REPO, '.ci/run'), 'utf8').trim().split('\n');
    expect(ci.at(-1)).toBe(TEST_COMMAND);
    expect(ci).toContain('npm ci');
    expect((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['test']).toMatch(/vitest run/);
    // The Development section lists the same command.
    expect(section('Development').find((b) => b.lang === 'sh')?.text).toContain(`\n${TEST_COMMAND} `);
  });

  test('the quick start prints the findings the README shows, and exits 1', () => {
    const shown = section('Quick start').find((b) => b.lang === 'text');
    expect(shown).toBeDefined();
    // The lint half of the quick-start line, as written (the install half runs in quick-start.test.ts).
    const lintArgs = words(QUICK_START.split(' && ')[1] ?? '').slice(2);
    expect(lintArgs).toEqual(['examples/']);
    const r = cli(lintArgs, work, '', { NO_COLOR: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // File headings, positions, severities and rule ids must agree; message wording may evolve.
    const skeleton = (text: string): string[] =>
      text
        .split('\n')
        .map((l) => /^(\S.*\.conf)$/.exec(l)?.[1] ?? /^\s+(\d+:\d+)\s+(error|warning|info)\s.*\s(\S+)$/.exec(l)?.slice(1).join(' ') ?? /^✖ .*$/.exec(l)?.[0] ?? null)
        .filter((x): x is string => x !== null);
    expect(skeleton(shown?.text ?? '')).toEqual(skeleton(r.stdout));
    expect(skeleton(r.stdout)).toContain('15:1 error require-log-redirect');
  });

  test('the configuration example is valid and does what its comments say', () => {
    const example = section('Configuration').find((b) => b.lang === 'yaml');
    expect(example).toBeDefined();
    const dir = join(work, 'config-example');
    mkdirSync(join(dir, 'deploy/user-jobs'), { recursive: true });
    mkdirSync(join(dir, 'etc/init'), { recursive: true });
    writeFileSync(join(dir, '.upstart-lint.yaml'), example?.text ?? '');
    // The redirection is only in pre-start: reported for user jobs at every target version.
    writeFileSync(join(dir, 'deploy/user-jobs/sync.conf'), 'start on started dbus\npre-start exec >>/tmp/sync.log 2>&1\nexec /usr/bin/sync-notes\n');
    // An application (node) running as root: require-setuid, an error by default.
    writeFileSync(join(dir, 'etc/init/web.conf'), 'start on runlevel [2345]\nstop on runlevel [!2345]\nexec /usr/bin/node /srv/web/server.js\n');
    const printed = cli(['--print-config', 'deploy/user-jobs/sync.conf'], dir);
    expect(printed.code, printed.stderr).toBe(0);
    const config = JSON.parse(printed.stdout) as { jobKind: string; targetVersion: string; rules: Record<string, unknown> };
    expect(config.jobKind).toBe('user');
    expect(config.targetVersion).toBe('1.13');
    expect(config.rules['require-log-redirect']).toEqual(['error', expect.anything()]);
    expect(config.rules['prefer-oom-score']).toBe('off');
    // overrides add no files: without paths only the places upstart reads are linted ...
    const bare = cli(['-f', 'unix'], dir);
    expect(bare.stdout).toMatch(/^etc\/init\/web\.conf:/m);
    expect(bare.stdout).not.toContain('deploy/');
    // ... and the command the example's comment gives lints the directory too.
    const documented = /#\s+(upstart-lint .*)$/m.exec(example?.text ?? '')?.[1] ?? '';
    expect(documented).toBe('upstart-lint etc/init deploy/user-jobs');
    const lint = cli(['-f', 'unix', ...words(documented).slice(1)], dir);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toMatch(/^etc\/init\/web\.conf:\d+:\d+: error: .*\[require-setuid\]$/m);
    expect(lint.stdout).toMatch(/^deploy\/user-jobs\/sync\.conf:\d+:\d+: error: .*\[require-log-redirect\]$/m);
  });

  test('the suppression example suppresses exactly the finding it names', () => {
    const example = section('Suppressing a finding').find((b) => b.lang === 'upstart');
    const job = `start on runlevel [2345]\nstop on runlevel [!2345]\n${example?.text ?? ''}`;
    const withComment = cli(['-f', 'unix', '--stdin', '--stdin-filename', 'etc/init/legacy.conf'], work, job);
    expect(withComment.stdout).toBe('');
    expect(withComment.code).toBe(0);
    const without = cli(['-f', 'unix', '--stdin', '--stdin-filename', 'etc/init/legacy.conf'], work, job.replace(/^# upstart-lint.*\n/m, ''));
    expect(without.stdout).toMatch(/\[require-setuid\]$/m);
  });

  test('the GitHub Actions and GitLab CI commands write the reports they upload', () => {
    // A checkout holding only the examples: the CI commands lint every job under it.
    const repo = join(work, 'ci-checkout');
    mkdirSync(join(repo, '.git'), { recursive: true });
    cpSync(join(REPO, 'examples'), join(repo, 'examples'), { recursive: true });
    const gh = section('GitHub Actions').find((b) => b.lang === 'yaml');
    const workflow = parseYaml(gh?.text ?? '') as { jobs: Record<string, { steps: { run?: string; with?: Record<string, string> }[] }> };
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const lintStep = steps.find((s) => s.run?.includes('upstart-lint'));
    const upload = steps.find((s) => s.with?.['sarif_file'] !== undefined);
    const ghArgs = words(lintStep?.run ?? '').slice(2);
    const ghRun = cli(ghArgs, repo, '', { GITHUB_ACTIONS: 'true' });
    expect(ghRun.code).toBe(1);
    expect(ghRun.stdout).toMatch(/^::error file=examples\/home\/alice\/\.init\/webapp\.conf,line=15/m);
    const sarif = JSON.parse(readFileSync(join(repo, upload?.with?.['sarif_file'] ?? 'missing'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBe(3);

    const gl = section('GitLab CI').find((b) => b.lang === 'yaml');
    const job = Object.values(parseYaml(gl?.text ?? '') as Record<string, { script: string[]; artifacts: { reports: { codequality: string } } }>)[0];
    const glArgs = words(job?.script.find((s) => s.includes('upstart-lint')) ?? '').slice(2);
    const glRun = cli(glArgs, repo);
    expect(glRun.code).toBe(1);
    expect(glRun.stdout).toContain('✖ 3 problems');
    const report = JSON.parse(readFileSync(join(repo, job?.artifacts.reports.codequality ?? 'missing'), 'utf8')) as { check_name: string; location: { path: string } }[];
    expect(report.map((i) => `${i.location.path} ${i.check_name}`).sort()).toEqual([
      'examples/etc/init/unicorn.conf socket-bridge-permissions',
      'examples/etc/init/unicorn.conf valid-socket-event',
      'examples/home/alice/.init/webapp.conf require-log-redirect',
    ]);
  });

  test('the pre-commit snippet names a revision that exists', () => {
    const snippet = parseYaml(section('pre-commit').find((b) => b.lang === 'yaml')?.text ?? '') as { repos: { rev: string }[] };
    const rev = snippet.repos[0]?.rev ?? '';
    // Either the default branch or a release tag of this repository (pre-commit.test.ts runs the
    // snippet with its rev against a clone).
    const tags = spawnSync('git', ['tag', '--list'], { cwd: REPO, encoding: 'utf8' }).stdout.split('\n');
    expect(rev === 'main' || tags.includes(rev), `rev: ${rev}`).toBe(true);
    expect(README).toContain('pre-commit autoupdate');
  });

  test('recipes that run on every save call the installed command, not npx', () => {
    const editors = section('Editors');
    expect(editors.length).toBeGreaterThanOrEqual(5);
    for (const b of editors) expect(b.text, b.text.slice(0, 60)).not.toMatch(/\bnpx\b/);
    const vscode = editors.filter((b) => b.lang === 'json').map((b) => b.text).join('');
    expect(vscode).toContain("'${workspaceFolder}/node_modules/.bin/upstart-lint' --format unix");
  });

  test('the limits and the system packages the tests install are listed', async () => {
    const { MAX_JOB_FILE_BYTES } = await import('../../src/load/read-job.js');
    expect(MAX_JOB_FILE_BYTES).toBe(16 * 1024 * 1024);
    expect(README).toContain('larger than 16 MiB is not linted');
    const development = README.slice(README.indexOf('\n## Development\n'));
    const installed = new Set<string>();
    for (const file of readdirSync(join(REPO, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(REPO, 'test', file), 'utf8');
      for (const m of text.matchAll(/ensureDebianPackages\(\s*\[[^\]]*\]\s*,\s*\[([^\]]*)\]/g)) {
        for (const p of (m[1] ?? '').matchAll(/'([^']+)'/g)) installed.add(p[1] ?? '');
      }
    }
    expect(installed.size).toBeGreaterThanOrEqual(5);
    expect([...installed].filter((p) => !development.includes(`\`${p}\``))).toEqual([]);
  });

  test('the pre-commit snippet names the hook that .pre-commit-hooks.yaml defines', () => {
    const hooks = parseYaml(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; language: string; entry: string; files: string }[];
    const snippet = parseYaml(section('pre-commit').find((b) => b.lang === 'yaml')?.text ?? '') as { repos: { hooks: { id: string }[] }[] };
    expect(snippet.repos[0]?.hooks[0]?.id).toBe(hooks[0]?.id);
    expect(hooks[0]?.language).toBe('node');
    expect(hooks[0]?.entry).toBe('upstart-lint');
    const files = new RegExp(hooks[0]?.files ?? '$^');
    for (const p of ['etc/init/web.conf', 'srv/etc/init/net/apache.override', 'home/alice/.init/webapp.conf', 'home/a/.config/upstart/x.conf', 'etc/xdg/upstart/s.conf', 'usr/share/upstart/sessions/s.conf', 'debian/pkg.job.upstart']) {
      expect(files.test(p), p).toBe(true);
    }
    for (const p of ['etc/init.d/web', 'etc/initramfs/x.conf', 'config/app.conf', 'etc/nginx/nginx.conf', 'home/a/.config/upstart.conf']) {
      expect(files.test(p), p).toBe(false);
    }
  });

  test('the editor patterns read the real unix output, and the editor command lints the buffer', () => {
    const job = readFileSync(join(REPO, 'examples/etc/init/unicorn.conf'), 'utf8');
    const r = cli(['--format', 'unix', '--stdin', '--stdin-filename', join(work, 'examples/etc/init/unicorn.conf')], work, job);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(2);
    // VS Code's problem matcher (a JavaScript regular expression, as written in the JSON).
    const tasks = section('Editors').find((b) => b.lang === 'json' && b.text.includes('problemMatcher'));
    const matcher = (JSON.parse(tasks?.text ?? '{}') as { tasks: { problemMatcher: { pattern: { regexp: string } } }[] }).tasks[0]?.problemMatcher.pattern.regexp ?? '$^';
    // ALE's very-magic pattern, in JavaScript syntax (`[^]]` is `[^\]]`).
    const ale = /'\\v(\^.*\$)'\)/.exec(section('Editors').find((b) => b.lang === 'vim' && b.text.includes('ale#util#GetMatches'))?.text ?? '')?.[1]?.replace('[^]]', '[^\\]]') ?? '$^';
    for (const pattern of [matcher, ale]) {
      for (const line of lines) {
        const m = new RegExp(pattern).exec(line);
        expect(m, `${pattern} on ${line}`).not.toBeNull();
        expect(m?.[1]).toBe('examples/etc/init/unicorn.conf');
        expect(['error', 'warning']).toContain(m?.[4]);
        expect(['valid-socket-event', 'socket-bridge-permissions']).toContain(m?.[6]);
      }
    }
    // nvim-lint's parser compares result.filePath with the absolute buffer name.
    const json = cli(['--format', 'json', '--stdin', '--stdin-filename', join(work, 'examples/etc/init/unicorn.conf')], work, job);
    const results = JSON.parse(json.stdout) as { filePath: string; messages: { severity: number; line: number }[] }[];
    expect(results.map((x) => x.filePath)).toEqual([join(work, 'examples/etc/init/unicorn.conf')]);
    // valid-socket-event (the job never starts) and socket-bridge-permissions: both errors.
    expect(results[0]?.messages.map((m) => m.severity).sort()).toEqual([2, 2]);
  });

  test('the examples are laid out as the README says', () => {
    for (const p of [
      'etc/init/web.conf',
      'etc/init/unicorn.conf',
      'home/alice/.init/webapp.conf',
      'home/alice/.config/upstart/notes-sync.conf',
      'home/alice/.config/upstart/notes-sync.override',
      '.upstart-lint.yaml',
    ]) {
      expect(existsSync(join(REPO, 'examples', p)), p).toBe(true);
    }
  });
});
