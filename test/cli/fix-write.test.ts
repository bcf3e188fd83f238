/**
 * How `--fix` writes (src/load/read-job.ts, writeFileAtomic): a temporary file beside the original,
 * renamed over it; mode, owner and group kept; symbolic links followed; the original whole when
 * the process is killed in the middle of a write; read-only files and directories refused with a
 * clear error and exit 2 while the other files are still fixed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, assertBuilt, baseEnv, cleanup, isolatedConfig, run, tempRepo, worldReadableCli, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const FIXABLE = { 'no-debug': 'warn' };
const JOB = 'description "x"\ndebug\nexec /opt/x/bin/x\n';
const FIXED = 'description "x"\nexec /opt/x/bin/x\n';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function repo(files: Record<string, string>): string {
  const root = tempRepo();
  writeFiles(root, { '.upstart-lint.json': isolatedConfig(FIXABLE), ...files });
  return root;
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (lstatSync(p).isDirectory()) for (const name of readdirSync(p)) chownTree(join(p, name), uid, gid);
}

describe('--fix writes safely', () => {
  test('mode (setgid bit included), owner and group are kept; no temporary file is left', () => {
    const root = repo({ 'etc/init/job.conf': JOB });
    const file = join(root, 'etc/init/job.conf');
    // As root the file is given to nobody, so that keeping the owner is something the fix must do.
    if (isRoot) chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o2640);
    const before = statSync(file);
    const r = run(['--fix', 'etc/init/job.conf'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(after.ino).not.toBe(before.ino); // replaced by rename, not rewritten in place
    expect({ mode: after.mode & 0o7777, uid: after.uid, gid: after.gid }).toEqual({ mode: 0o2640, uid: before.uid, gid: before.gid });
    expect(readdirSync(join(root, 'etc/init'))).toEqual(['job.conf']);
  });

  test('a symbolic link is followed: the file it points to is fixed in its own directory, the link stays a link', () => {
    const root = repo({ 'opt/jobs/real.conf': JOB });
    mkdirSync(join(root, 'etc/init'), { recursive: true });
    symlinkSync('../../opt/jobs/real.conf', join(root, 'etc/init/job.conf'));
    const r = run(['--fix', 'etc/init/job.conf'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lstatSync(join(root, 'etc/init/job.conf')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'etc/init/job.conf'))).toBe('../../opt/jobs/real.conf');
    expect(readFileSync(join(root, 'opt/jobs/real.conf'), 'utf8')).toBe(FIXED);
    expect(readdirSync(join(root, 'etc/init'))).toEqual(['job.conf']);
    expect(readdirSync(join(root, 'opt/jobs'))).toEqual(['real.conf']);
  });

  test('a read-only file and a file in a read-only directory: clear errors, exit 2, the other file still fixed', () => {
    const root = repo({ 'etc/init/ro.conf': JOB, 'etc/locked/job.conf': JOB, 'etc/init/good.conf': JOB });
    const args = ['--fix', 'etc/init/ro.conf', 'etc/locked/job.conf', 'etc/init/good.conf'];
    let r;
    if (isRoot) {
      // Permissions do not stop root: run the fix as nobody, on files nobody owns.
      chownTree(root, NOBODY, NOBODY);
      for (let dir = root; dir.startsWith(tmpdir() + sep); dir = dirname(dir)) chmodSync(dir, statSync(dir).mode | 0o005);
    }
    chmodSync(join(root, 'etc/init/ro.conf'), 0o444);
    chmodSync(join(root, 'etc/locked'), 0o555);
    try {
      if (isRoot) {
        const cli = worldReadableCli();
        r = run(['--reuid=65534', '--regid=65534', '--clear-groups', cli.node, cli.bin, ...args], {
          cwd: root,
          command: 'setpriv',
          env: { UPSTART_LINT_CODE_CACHE: '0' },
        });
      } else {
        r = run(args, { cwd: root });
      }
    } finally {
      chmodSync(join(root, 'etc/locked'), 0o755);
    }
    expect(r.stderr).toBe('upstart-lint: cannot write etc/init/ro.conf: permission denied\nupstart-lint: cannot write etc/locked/job.conf: permission denied\n');
    expect(r.code).toBe(2);
    expect(readFileSync(join(root, 'etc/init/ro.conf'), 'utf8')).toBe(JOB);
    expect(statSync(join(root, 'etc/init/ro.conf')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(root, 'etc/locked/job.conf'), 'utf8')).toBe(JOB);
    expect(readFileSync(join(root, 'etc/init/good.conf'), 'utf8')).toBe(FIXED);
    expect(readdirSync(join(root, 'etc/init')).sort()).toEqual(['good.conf', 'ro.conf']);
    expect(readdirSync(join(root, 'etc/locked'))).toEqual(['job.conf']);
  });

  test('SIGKILL in the middle of a write leaves the original whole', async () => {
    // A 4 MB job file (a fixable stanza and comments), so that writing and flushing it takes a
    // while. The test waits for the temporary file to appear, lets the writer run 0-5 ms more,
    // and kills the process: the original is always either untouched or completely fixed.
    const padding = '# padding line of a large job file, long enough to take time to write\n'.repeat(57_000);
    const original = JOB + padding;
    const fixed = FIXED + padding;
    let midWrite = 0;
    const delays = [0, 1, 5];
    for (const delayMs of delays) {
      const root = repo({ 'etc/init/big.conf': original });
      const dir = join(root, 'etc/init');
      const child = spawn(process.execPath, [BIN, '--fix', 'etc/init/big.conf'], { cwd: root, env: baseEnv(), stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      let exitedEarly = false;
      void exited.then(() => {
        exitedEarly = true;
      });
      const deadline = Date.now() + 120_000;
      let tmp: string | undefined;
      // Busy-wait (the child runs on its own) until the temporary file exists.
      while (tmp === undefined && Date.now() < deadline) {
        tmp = readdirSync(dir).find((n) => n.endsWith('.upstart-lint.tmp'));
        if (tmp === undefined) await new Promise((resolve) => setImmediate(resolve));
        if (exitedEarly) break;
      }
      expect(tmp, 'the fix never created its temporary file').toBeDefined();
      const until = performance.now() + delayMs;
      while (performance.now() < until) {
        // spin: a timer would add a millisecond or more of its own
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const now = readFileSync(join(dir, 'big.conf'), 'utf8');
      expect(now === original || now === fixed, 'the job file is neither the original nor the fixed text').toBe(true);
      const left = readdirSync(dir).filter((n) => n !== 'big.conf');
      if (now === original && left.length === 1 && statSync(join(dir, left[0] ?? '')).size < Buffer.byteLength(fixed)) midWrite++;
      if (delayMs === 0) {
        // A later run is not confused by a stale temporary file (upstart does not load it either: it is not a .conf).
        const again = run(['--fix', 'etc/init/big.conf'], { cwd: root });
        expect(again.code).toBe(0);
        expect(readFileSync(join(dir, 'big.conf'), 'utf8')).toBe(fixed);
      }
    }
    console.log(`kill test: ${midWrite} of ${delays.length} kills landed in the middle of the write (a partial temporary file, the original whole)`);
    expect(midWrite).toBeGreaterThan(0);
  }, 600_000);
});
