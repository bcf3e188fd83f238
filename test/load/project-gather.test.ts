/**
 * The project pass of a run (src/load/project.ts): the files it reads for the model, and the bytes
 * of the run's own files it keeps so that the lint pass does not read them a second time.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findFiles } from '../../src/load/find-files.js';
import { gatherProject } from '../../src/load/project.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'upstart-lint-gather-'));
  roots.push(root);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), body);
  }
  return root;
}

const options = (cwd: string) => ({ cwd, gitignore: false, isIgnored: async () => false });

describe('gatherProject keeps the bytes of the run\'s files for the lint pass', () => {
  test('each file the run lints, byte for byte (invalid UTF-8 included); not the siblings it reads for the model', async () => {
    const latin1 = Uint8Array.from([...Buffer.from('description "caf'), 0xe9, ...Buffer.from('"\nexec /bin/true\n')]);
    const root = tree({
      'etc/init/web.conf': 'start on started db\nexec /usr/bin/web\n',
      'etc/init/web.override': 'manual\n',
      'etc/init/cafe.conf': latin1,
      'etc/init/db.conf': 'exec /usr/bin/db\n',
    });
    const web = join(root, 'etc/init/web.conf');
    const cafe = join(root, 'etc/init/cafe.conf');
    const found = findFiles([web, cafe], options(root));
    const gathered = await gatherProject({ ...options(root), patterns: [web, cafe], found });
    expect([...gathered.kept.keys()].sort()).toEqual([cafe, web].sort());
    expect(Buffer.from(gathered.kept.get(web) as Uint8Array).toString('utf8')).toBe(readFileSync(web, 'utf8'));
    expect(Buffer.compare(Buffer.from(gathered.kept.get(cafe) as Uint8Array), Buffer.from(latin1))).toBe(0);
    // The sibling db.conf and web.override were read for the model, but are not kept.
    expect(gathered.model.jobNames('system').sort()).toEqual(['cafe', 'db', 'web']);
    expect(gathered.model.job(join(root, 'etc/init/web'))?.override).not.toBeNull();
  });

  test('nothing is kept without the lint pass\'s own discovery (the language server gathers without it)', async () => {
    const root = tree({ 'etc/init/a.conf': 'exec /bin/a\n', 'etc/init/b.conf': 'exec /bin/b\n' });
    const gathered = await gatherProject({ ...options(root), patterns: [join(root, 'etc/init')] });
    expect(gathered.candidates).toBeNull();
    expect(gathered.kept.size).toBe(0);
  });
});

describe('a run searches for nginx configuration only when a job it lints needs it', () => {
  const NGINX = {
    'deploy/nginx/nginx.conf': 'user www-data;\nhttp { include sites-enabled/*; }\n',
    'deploy/nginx/sites-enabled/app': 'server { location / { proxy_pass http://unix:/run/app.sock; } }\n',
  };
  const SOCKET_JOB = 'start on socket PROTO=unix PATH=/run/app.sock\nexec /usr/bin/app\n';
  const PLAIN_JOB = 'start on runlevel [2345]\nexec /usr/bin/app\n';

  async function nginxFilesFor(files: Record<string, string>, named: string, onDemand: { stdinText?: string } | undefined, stdin = false): Promise<number> {
    const root = tree({ ...NGINX, ...files });
    const file = join(root, named);
    const base = { ...options(root), patterns: stdin ? [] : [file], ...(onDemand ? { nginxOnDemand: onDemand } : {}) };
    const gathered = stdin
      ? await gatherProject({ ...base, stdinPath: file })
      : await gatherProject({ ...base, found: findFiles([file], options(root)) });
    return gathered.model.nginxFiles.length;
  }

  test('a named job that asks upstart-socket-bridge for a unix socket: the tree is searched', async () => {
    expect(await nginxFilesFor({ 'etc/init/app.conf': SOCKET_JOB }, 'etc/init/app.conf', {})).toBe(2);
  });

  test('a named job without one: not searched on demand, searched without nginxOnDemand (the language server)', async () => {
    expect(await nginxFilesFor({ 'etc/init/app.conf': PLAIN_JOB }, 'etc/init/app.conf', {})).toBe(0);
    expect(await nginxFilesFor({ 'etc/init/app.conf': PLAIN_JOB }, 'etc/init/app.conf', undefined)).toBe(2);
  });

  test('the socket in the .override of the named .conf, or in the .conf of the named .override', async () => {
    const pair = { 'etc/init/app.conf': PLAIN_JOB, 'etc/init/app.override': 'start on socket PROTO=unix SOCKET_PATH=/run/app.sock\n' };
    expect(await nginxFilesFor(pair, 'etc/init/app.conf', {})).toBe(2);
    const other = { 'etc/init/app.conf': SOCKET_JOB, 'etc/init/app.override': 'nice 5\n' };
    expect(await nginxFilesFor(other, 'etc/init/app.override', {})).toBe(2);
  });

  test('only operands socket-bridge-permissions reads count: a TCP socket or PROTO=unix after another argument does not', async () => {
    expect(await nginxFilesFor({ 'etc/init/app.conf': 'start on socket PROTO=inet PORT=80 ADDR=127.0.0.1\nexec /usr/bin/app\n' }, 'etc/init/app.conf', {})).toBe(0);
    expect(await nginxFilesFor({ 'etc/init/app.conf': 'start on socket PATH=/run/app.sock PROTO=unix\nexec /usr/bin/app\n' }, 'etc/init/app.conf', {})).toBe(0);
    // A unix socket without a path is still a unix socket of the bridge (the rule checks it).
    expect(await nginxFilesFor({ 'etc/init/app.conf': 'start on socket PROTO=unix\nexec /usr/bin/app\n' }, 'etc/init/app.conf', {})).toBe(2);
  });

  test('standard input: its text decides, and the file on disk it stands for adds to it', async () => {
    expect(await nginxFilesFor({ 'etc/init/app.conf': PLAIN_JOB }, 'etc/init/app.conf', { stdinText: SOCKET_JOB }, true)).toBe(2);
    expect(await nginxFilesFor({ 'etc/init/app.conf': PLAIN_JOB }, 'etc/init/app.conf', { stdinText: PLAIN_JOB }, true)).toBe(0);
    expect(await nginxFilesFor({ 'etc/init/app.conf': SOCKET_JOB }, 'etc/init/app.conf', { stdinText: PLAIN_JOB }, true)).toBe(2);
  });
});
