/**
 * The project model from the command line: the tree of a run, a single file's siblings, standard
 * input, nginx consumers with related locations in every format that carries them, configuration
 * `knownJobs`/`knownEvents`, and `--no-project`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO, assertBuilt, cleanup, isolatedConfig, run, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

interface Related {
  message: string;
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
interface Message {
  ruleId: string;
  messageId: string;
  line: number;
  column: number;
  message: string;
  related?: Related[];
}
interface Result {
  filePath: string;
  messages: Message[];
}

const json = (stdout: string): Result[] => JSON.parse(stdout) as Result[];
const findings = (results: Result[], root: string): string[] =>
  results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line}:${m.column} ${m.ruleId}/${m.messageId}`));

const PROJECT_RULES = {
  'no-unknown-job': 'error',
  'no-unknown-event': 'error',
  'no-orphan-override': 'error',
  'no-duplicate-job': 'error',
  'socket-bridge-permissions': 'error',
};

function tree(files: Record<string, string>, config: Record<string, unknown> = {}): string {
  const root = tempRepo();
  writeFiles(root, { '.upstart-lint.json': isolatedConfig(PROJECT_RULES, config), ...files });
  return root;
}

const SIBLINGS = {
  'etc/init/webapp.conf': 'emits webapp-ready\nstart on runlevel [2345]\nexec /srv/webapp/bin/server\n',
  'etc/init/frontend.conf': 'start on started webapps or webapp-redy\nexec /srv/frontend/bin/server\n',
};

describe('the tree of a run', () => {
  test('a directory: jobs and events of the other files are known, typos get a did-you-mean', () => {
    const root = tree(SIBLINGS);
    const r = run(['-f', 'json', '.'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(findings(json(r.stdout), root)).toEqual([
      'etc/init/frontend.conf:1:18 no-unknown-job/unknownJobTypo',
      'etc/init/frontend.conf:1:29 no-unknown-event/unknownEventTypo',
    ]);
    expect(r.code).toBe(1);
  });

  test('a file named alone sees the job files beside it', () => {
    const root = tree(SIBLINGS);
    const r = run(['-f', 'json', 'etc/init/frontend.conf'], { cwd: root });
    expect(findings(json(r.stdout), root)).toEqual([
      'etc/init/frontend.conf:1:18 no-unknown-job/unknownJobTypo',
      'etc/init/frontend.conf:1:29 no-unknown-event/unknownEventTypo',
    ]);
    const messages = json(r.stdout)[0]?.messages ?? [];
    expect(messages[0]?.message).toContain('did you mean `webapp`?');
    expect(messages[1]?.message).toContain('did you mean `webapp-ready`?');
  });

  test('standard input with --stdin-filename sees the job files beside that path', () => {
    const root = tree(SIBLINGS);
    const r = run(['-f', 'json', '--stdin', '--stdin-filename', 'etc/init/new.conf'], {
      cwd: root,
      input: 'start on started webap and started databse\nexec /srv/new/bin/server\n',
    });
    // `webap` is a near miss of the sibling `webapp`; `databse` is merely unknown (strict only).
    expect(findings(json(r.stdout), root)).toEqual(['etc/init/new.conf:1:18 no-unknown-job/unknownJobTypo']);
    const strict = run(['-f', 'json', '--rule', 'no-unknown-job: [error, {strict: true}]', '--stdin', '--stdin-filename', 'etc/init/new.conf'], {
      cwd: root,
      input: 'start on started webap and started databse\nexec /srv/new/bin/server\n',
    });
    expect(findings(json(strict.stdout), root)).toEqual([
      'etc/init/new.conf:1:18 no-unknown-job/unknownJobTypo',
      'etc/init/new.conf:1:36 no-unknown-job/unknownJob',
    ]);
  });

  test('a single file with no siblings reports only near misses', () => {
    const root = tree({ 'etc/init/alone.conf': 'start on started my-backend or started network-manger\nexec /x\n' });
    const r = run(['-f', 'json', 'etc/init/alone.conf'], { cwd: root });
    expect(findings(json(r.stdout), root)).toEqual(['etc/init/alone.conf:1:40 no-unknown-job/unknownJobTypo']);
  });

  test('an .override whose .conf was renamed', () => {
    const root = tree({
      'etc/init/web-app.conf': 'start on runlevel [2345]\nexec /srv/web-app/bin/server\n',
      'etc/init/webapp.override': 'manual\n',
      'etc/init/ssh.override': 'manual\n',
    });
    const r = run(['-f', 'json', 'etc/init'], { cwd: root });
    expect(findings(json(r.stdout), root)).toEqual(['etc/init/webapp.override:1:1 no-orphan-override/orphanOverrideTypo']);
  });

  test('the same job twice in one Session Init, with the winning copy as a related location', () => {
    const root = tree({
      'home/alice/.config/upstart/notes.conf': 'start on desktop-start\nexec /home/alice/bin/notes\n',
      'home/alice/.init/notes.conf': 'start on desktop-start\nexec /home/alice/bin/notes --old\n',
    });
    const r = run(['-f', 'json'], { cwd: root });
    const results = json(r.stdout);
    expect(findings(results, root)).toEqual(['home/alice/.init/notes.conf:1:1 no-duplicate-job/shadowedSessionJob']);
    const related = results.flatMap((x) => x.messages)[0]?.related ?? [];
    expect(related.map((x) => `${x.filePath.slice(root.length + 1)}:${x.line}:${x.column} ${x.message}`)).toEqual([
      'home/alice/.config/upstart/notes.conf:1:1 This copy wins',
    ]);
  });

  test('configuration knownJobs and knownEvents (globs) declare what comes from elsewhere', () => {
    const root = tree(
      {
        'etc/init/a.conf': 'start on started vendor-agent and vendor-ready-7\nexec /x\n',
        'etc/init/b.conf': 'start on runlevel [2345]\nexec /y\n',
      },
      { knownJobs: ['vendor-agent'], knownEvents: ['vendor-ready-*'] },
    );
    const r = run(['-f', 'json', '.'], { cwd: root });
    expect(findings(json(r.stdout), root)).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('--no-project: each file alone', () => {
    const root = tree(SIBLINGS);
    const r = run(['-f', 'json', '--no-project', '.'], { cwd: root });
    expect(findings(json(r.stdout), root)).toEqual([]);
  });

  test('a named file that is not a job file makes no tree (no walk of /proc)', () => {
    const root = tree(SIBLINGS);
    const r = run(['-f', 'json', '/proc/self/status', 'etc/init/webapp.conf'], { cwd: root });
    // It ends (the helper kills a run after 60 s), linting /proc/self/status as the job it was named as.
    expect(r.code).toBe(1);
    expect(json(r.stdout).map((x) => x.filePath)).toEqual(['/proc/self/status', join(root, 'etc/init/webapp.conf')]);
  });
});

describe('the unicorn example: nginx as a related location', () => {
  const examples = (): string => {
    const root = tempRepo();
    cpSync(join(REPO, 'examples'), root, { recursive: true });
    return root;
  };

  test('stylish names nginx, its user and both nginx lines', () => {
    const root = examples();
    const r = run(['etc/init/unicorn.conf'], { cwd: root });
    expect(r.stdout).toContain('nginx connects to `/var/run/unicorn.sock` as `www-data` (the `user` directive of its nginx.conf)');
    expect(r.stdout).toContain('note: nginx connects to `/var/run/unicorn.sock` here (`server`) (etc/nginx/sites-enabled/unicorn:4:5)');
    expect(r.stdout).toContain("note: nginx's worker processes run as `www-data` here (etc/nginx/nginx.conf:3:1)");
    expect(r.code).toBe(1);
  });

  test('JSON carries the related locations with their file paths', () => {
    const root = examples();
    const r = run(['-f', 'json', 'etc/init/unicorn.conf'], { cwd: root });
    const m = json(r.stdout)[0]?.messages.find((x) => x.ruleId === 'socket-bridge-permissions');
    expect(m?.messageId).toBe('consumerCannotConnect');
    expect(m?.related).toEqual([
      {
        message: 'nginx connects to `/var/run/unicorn.sock` here (`server`)',
        filePath: join(root, 'etc/nginx/sites-enabled/unicorn'),
        line: 4,
        column: 5,
        endLine: 4,
        endColumn: 54,
      },
      {
        message: "nginx's worker processes run as `www-data` here",
        filePath: join(root, 'etc/nginx/nginx.conf'),
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 15,
      },
    ]);
  });

  test('an absolute directory argument, run from elsewhere, finds nginx as a relative one does', () => {
    const root = examples();
    const r = run(['-f', 'json', root], { cwd: REPO });
    const m = json(r.stdout)
      .flatMap((x) => x.messages)
      .find((x) => x.ruleId === 'socket-bridge-permissions');
    expect(m?.messageId).toBe('consumerCannotConnect');
    expect(m?.related?.map((x) => x.filePath)).toEqual([join(root, 'etc/nginx/sites-enabled/unicorn'), join(root, 'etc/nginx/nginx.conf')]);
  });

  test('nginx configuration is not linted as job files', () => {
    const root = examples();
    const r = run(['-f', 'json', '.'], { cwd: root });
    expect(json(r.stdout).map((x) => x.filePath.slice(root.length + 1)).filter((p) => p.includes('nginx'))).toEqual([]);
  });

  test('--no-project: the generic finding, no related locations', () => {
    const root = examples();
    const r = run(['-f', 'json', '--no-project', 'etc/init/unicorn.conf'], { cwd: root });
    const m = json(r.stdout)[0]?.messages.find((x) => x.ruleId === 'socket-bridge-permissions');
    expect(m?.messageId).toBe('rootOwnedSocket');
    expect(m?.related).toBeUndefined();
  });

  const tool = join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  test.runIf(process.platform === 'linux' && process.arch === 'x64')('SARIF relatedLocations validate with sarif-multitool', () => {
    expect(existsSync(tool), `${tool} is missing: npm install`).toBe(true);
    const root = examples();
    expect(run(['-f', 'sarif:out.sarif', 'etc/init/unicorn.conf'], { cwd: root }).code).toBe(1);
    const log = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[] }[] }[];
    };
    const result = log.runs[0]?.results.find((x) => x.ruleId === 'socket-bridge-permissions');
    expect(result?.relatedLocations?.map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine} ${l.message.text}`)).toEqual([
      'etc/nginx/sites-enabled/unicorn:4 nginx connects to `/var/run/unicorn.sock` here (`server`).',
      "etc/nginx/nginx.conf:3 nginx's worker processes run as `www-data` here.",
    ]);
    const v = spawnSync(tool, ['validate', join(root, 'out.sarif'), '-o', join(root, 'out.validation'), '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      timeout: 120_000,
    });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(root, 'out.validation'), 'utf8')) as { runs: { results?: { level?: string }[] }[] };
    expect((report.runs[0]?.results ?? []).filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined)).toEqual([]);
  });
});
