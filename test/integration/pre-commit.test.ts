/**
 * The pre-commit hook, end to end with the real `pre-commit` (Debian package, installed here when
 * missing). The hook repository is a fresh commit of this working tree as a clone would see it
 * (no node_modules, no dist): pre-commit's `language: node` installs it with
 * `npm install` (which builds through `prepare`), `npm pack` and `npm install -g`, so this proves
 * that the repository works as a hook from a plain clone. The real repository's git state is never
 * touched.
 */
import { type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDebianPackages, unavailableInCi } from './apt.js';
import { git, NPM_OFFLINE_ENV, REPO, sh, snapshotRepository } from './snapshot.js';

const unavailable = ensureDebianPackages(['pre-commit', 'git'], ['pre-commit', 'git']);
unavailableInCi('pre-commit', unavailable);

const CLEAN_SYSTEM_JOB = readFileSync(join(REPO, 'examples/etc/init/web.conf'), 'utf8');
const CLEAN_SESSION_JOB = readFileSync(join(REPO, 'examples/home/alice/.config/upstart/notes-sync.conf'), 'utf8');
const CLEAN_OVERRIDE = readFileSync(join(REPO, 'examples/home/alice/.config/upstart/notes-sync.override'), 'utf8');

const title = unavailable === null ? 'pre-commit with the upstart-lint hook' : `pre-commit (SKIPPED: ${unavailable})`;

/** The README's `.pre-commit-config.yaml` snippet. */
function readmeSnippet(): { repos: { repo: string; rev: string; hooks: { id: string }[] }[] } {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## pre-commit\n');
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(readme.slice(start))?.[1] ?? '';
  return parseYaml(block) as ReturnType<typeof readmeSnippet>;
}

describe.skipIf(unavailable !== null)(title, () => {
  let work: string;
  let hookRepo: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'upstart-lint-pre-commit-'));
    hookRepo = join(work, 'hook-repo');
    project = join(work, 'project');
    snapshotRepository(hookRepo);
    const files: Record<string, string> = {
      'etc/init/web.conf': CLEAN_SYSTEM_JOB,
      'home/alice/.config/upstart/notes-sync.conf': CLEAN_SESSION_JOB,
      'home/alice/.config/upstart/notes-sync.override': CLEAN_OVERRIDE,
      // Not a job location: the hook's `files:` pattern must leave it alone although it would fail.
      'config/app.conf': 'listen = 8080\nworkers = 4\n',
      'README.md': '# a project with upstart jobs\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(project, rel)), { recursive: true });
      writeFileSync(join(project, rel), text);
    }
    git(project, 'init', '-q');
    git(project, 'add', '-A');
    git(project, 'commit', '-q', '-m', 'jobs');
    env = {
      ...process.env,
      PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
      // The packages are in npm's cache already (npm ci); skip network round trips where possible.
      ...NPM_OFFLINE_ENV,
      NO_COLOR: '1',
    };
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // Each try-repo installs the hook (npm install, build, npm pack): about 25 s on an idle 2-core
  // machine, over two minutes on a loaded one; vitest's default of 60 s is not enough there.
  const INSTALL_TIMEOUT = 600_000;

  const tryRepo = (...extra: string[]): SpawnSyncReturns<string> =>
    sh('pre-commit', ['try-repo', hookRepo, 'upstart-lint', '--ref', 'HEAD', '--color', 'never', ...extra], project, env);

  test('try-repo passes on clean jobs (the hook installs from a plain clone: npm install, build, npm pack)', () => {
    const r = tryRepo('--all-files');
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) {
      const log = join(env['PRE_COMMIT_HOME'] as string, 'pre-commit.log');
      throw new Error(`pre-commit exited ${String(r.status)}:\n${output}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    }
    expect(output).toMatch(/^upstart-lint\.+Passed$/m);
  }, INSTALL_TIMEOUT);

  test("the README's configuration, rev as written, fails on bad jobs staged for commit, naming each file and problem and nothing else", () => {
    // `kill timeout 0` makes init abort when the job stops: an error by default.
    writeFileSync(join(project, 'etc/init/worker.conf'), CLEAN_SYSTEM_JOB.replace('kill timeout 20', 'kill timeout 0'));
    // A job upstart refuses to load, in a session directory.
    writeFileSync(join(project, 'home/alice/.config/upstart/broken.conf'), 'start on desktop-start\nexec /usr/bin/foo\nrespawn limit ten 5\n');
    git(project, 'add', 'etc/init/worker.conf', 'home/alice/.config/upstart/broken.conf');
    // The README's snippet with only the repository's address replaced by the clone: its `rev`
    // must be one that exists there. One run (an install, about 25 s) covers both bad files.
    const config = readmeSnippet();
    const entry = config.repos[0];
    expect(entry?.repo).toBe('https://github.com/upstart-lint/upstart-lint');
    if (entry) entry.repo = hookRepo;
    writeFileSync(join(project, '.pre-commit-config.yaml'), toYaml(config));
    git(project, 'add', '.pre-commit-config.yaml');
    const r = sh('pre-commit', ['run', '--color', 'never'], project, env);
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status, output).toBe(1);
    expect(output).toMatch(/^upstart-lint\.+Failed$/m);
    expect(output).toMatch(/etc\/init\/worker\.conf\n\s+\d+:\d+\s+error\s.*no-kill-timeout-zero/);
    expect(output).toMatch(/home\/alice\/\.config\/upstart\/broken\.conf\n\s+3:15\s+error\s.*syntax/);
    // Only the staged jobs were linted: the clean ones and config/app.conf are not mentioned.
    expect(output).not.toContain('web.conf');
    expect(output).not.toContain('notes-sync');
    expect(output).not.toContain('app.conf');
  }, INSTALL_TIMEOUT);
});
