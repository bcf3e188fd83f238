/**
 * File discovery (src/load/find-files.ts) in-process: the streaming walk must find exactly what
 * fast-glob finds, in the same sorted order, with .conf/.override pairs joined; .gitignore files
 * apply to their own subtree only; links back up the tree, FIFOs and skipped directories are not
 * followed or read.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fg from 'fast-glob';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_PATTERNS, findFiles, type Candidate } from '../../src/load/find-files.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'upstart-lint-find-'));
  roots.push(root);
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'task\n');
  }
  return root;
}

async function find(args: readonly string[], cwd: string, isIgnored: (p: string) => boolean = () => false): Promise<{ files: Candidate[]; errors: string[] }> {
  const r = findFiles(args, { cwd, isIgnored: async (p) => isIgnored(p) });
  const files: Candidate[] = [];
  for await (const c of r.files) files.push(c);
  return { files, errors: r.errors.map((e) => e.message) };
}

/** What the old collect-and-sort discovery gave: fast-glob's matches, sorted, pairs joined. */
async function oracle(patterns: readonly string[], cwd: string): Promise<{ path: string; withCompanion: boolean }[]> {
  const all = (await fg([...patterns], { cwd, absolute: true, dot: true, onlyFiles: true, unique: true, ignore: ['**/node_modules/**', '**/.git/**'] })).sort();
  const set = new Set(all);
  const other = (p: string): string | null =>
    p.endsWith('.conf') ? `${p.slice(0, -5)}.override` : p.endsWith('.override') ? `${p.slice(0, -9)}.conf` : null;
  return all
    .filter((p) => !(p.endsWith('.override') && set.has(other(p) as string)))
    .map((p) => ({ path: p, withCompanion: other(p) !== null && set.has(other(p) as string) }));
}

const strip = (cs: readonly Candidate[]) => cs.map((c) => ({ path: c.path, withCompanion: c.withCompanion }));

const PROJECT = [
  'etc/init/a.conf',
  'etc/init/a.override',
  'etc/init/a-b.conf',
  'etc/init/a/inner.conf',
  'etc/init/a.b.conf',
  'etc/init/Z.conf',
  'etc/init/é.conf',
  'etc/init/lone.override',
  'etc/init/notes.txt',
  'etc/init/net/ssh.conf',
  'etc/ini2/x.conf',
  'home/al/.init/irssi.conf',
  'home/al/.config/upstart/applet.conf',
  'home/al/.config/upstart/applet.override',
  'usr/share/upstart/sessions/unity.conf',
  'etc/xdg/upstart/xdg.conf',
  'pkg/debian/web.upstart',
  'pkg/debian/sub/deep.upstart',
  'node_modules/etc/init/dep.conf',
  '.git/etc/init/objects.conf',
  'a/x/one.conf',
  'b/x/two.conf',
  'misc/other.conf',
];

describe('the walk finds what fast-glob finds, in the same order', () => {
  const root = tree(PROJECT);

  test('no arguments: upstart job directories at any depth and debian/*.upstart', async () => {
    const { files, errors } = await find([], root);
    expect(errors).toEqual([]);
    expect(strip(files)).toEqual(await oracle(DEFAULT_PATTERNS, root));
    expect(files.map((f) => f.path)).not.toContain(join(root, 'misc/other.conf'));
  });

  test('a directory: every .conf and .override below it, and debian/*.upstart', async () => {
    const { files, errors } = await find(['.'], root);
    expect(errors).toEqual([]);
    expect(strip(files)).toEqual(await oracle(['**/*.{conf,override}', '**/debian/*.upstart'], root));
    // The order is that of the sorted paths, `a-b.conf` before `a/inner.conf` before `a.b.conf`.
    const names = files.map((f) => f.path.slice(root.length + 1)).filter((p) => p.startsWith('etc/init/a'));
    expect(names).toEqual(['etc/init/a-b.conf', 'etc/init/a.b.conf', 'etc/init/a.conf', 'etc/init/a/inner.conf']);
  });

  test.each([
    'etc/init/*.conf',
    '**/*.conf',
    '**/*.override',
    '{a,b}/x/*.conf',
    './etc/*/x.conf',
    'etc/init/**',
    '**/.init/*.conf',
    'etc/init/[a-c]*.conf',
    'etc/init/*.@(conf|override)',
    'pkg/debian/*.upstart',
  ])('the glob %s', async (pattern) => {
    const { files, errors } = await find([pattern], root);
    expect(errors).toEqual([]);
    expect(strip(files)).toEqual(await oracle([pattern], root));
  });

  test('an absolute glob', async () => {
    const pattern = `${root}/etc/init/*.conf`;
    const { files } = await find([pattern], '/');
    expect(strip(files)).toEqual(await oracle([pattern], '/'));
  });

  test('random trees (property): the same files, order and pairs as fast-glob', async () => {
    const segment = fc.constantFrom('a', 'b', 'a-b', 'a.b', 'A', 'etc', 'init', 'debian', '.init', 'node_modules', 'z z');
    const leaf = fc.constantFrom('a.conf', 'a.override', 'b.conf', 'a-b.conf', 'x.upstart', 'a.conf.bak', 'B.override', 'c.txt');
    const path = fc.tuple(fc.array(segment, { maxLength: 3 }), leaf).map(([dirs, file]) => [...dirs, file].join('/'));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(path, { minLength: 1, maxLength: 25 }), async (paths) => {
        // A path cannot be both a file and a directory: keep the first of each such pair.
        const files: string[] = [];
        for (const p of paths) {
          const clash = files.some((f) => f.startsWith(`${p}/`) || p.startsWith(`${f}/`));
          if (!clash) files.push(p);
        }
        const root = tree(files);
        const got = await find(['.'], root);
        const want = await oracle(['**/*.{conf,override}', '**/debian/*.upstart'], root);
        expect(strip(got.files)).toEqual(want);
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });
});

describe('pairs, ignores, links and special files', () => {
  test('a .conf found with its .override is linted with it; the .override is not listed alone', async () => {
    const root = tree(['etc/init/a.conf', 'etc/init/a.override', 'etc/init/b.override']);
    const { files } = await find(['.'], root);
    expect(strip(files)).toEqual([
      { path: join(root, 'etc/init/a.conf'), withCompanion: true },
      { path: join(root, 'etc/init/b.override'), withCompanion: false },
    ]);
  });

  test('an ignored .conf leaves its .override on its own', async () => {
    const root = tree(['etc/init/a.conf', 'etc/init/a.override']);
    const { files } = await find(['.'], root, (p) => p.endsWith('a.conf'));
    expect(strip(files)).toEqual([{ path: join(root, 'etc/init/a.override'), withCompanion: false }]);
  });

  test('named files pair whatever their order; a file named twice is listed once', async () => {
    const root = tree(['etc/init/a.conf', 'etc/init/a.override']);
    const { files } = await find(['etc/init/a.override', 'etc/init/a.conf', 'etc/init/a.conf'], root);
    expect(files).toEqual([{ path: join(root, 'etc/init/a.conf'), explicit: true, withCompanion: true }]);
  });

  test('a file reached by two arguments is listed once', async () => {
    const root = tree(['etc/init/a.conf', 'etc/init/b.conf']);
    const { files } = await find(['etc/init/a.conf', 'etc/init', '**/b.conf'], root);
    expect(files.map((f) => f.path)).toEqual([join(root, 'etc/init/a.conf'), join(root, 'etc/init/b.conf')]);
  });

  test('a .gitignore applies to its own directory and below, not to a sibling walked after it', async () => {
    const root = tree(['a/x.conf', 'a/keep.conf', 'b/x.conf', 'c/build/z.conf', 'c/early/e.conf', 'c/late.conf']);
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'a/.gitignore'), 'x.conf\n');
    writeFileSync(join(root, '.gitignore'), 'build/\n');
    // c/early/ is walked before c/late.conf (sorted paths): its `*` must not reach back up.
    writeFileSync(join(root, 'c/early/.gitignore'), '*\n');
    const { files, errors } = await find(['.'], root);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.path.slice(root.length + 1))).toEqual(['a/keep.conf', 'b/x.conf', 'c/late.conf']);
  });

  test('.gitignore files above the directory walked apply too (from the repository root down)', async () => {
    const root = tree(['proj/etc/init/a.conf', 'proj/etc/init/gen.conf']);
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.gitignore'), 'gen.conf\n');
    const { files } = await find(['etc/init'], join(root, 'proj'));
    expect(files.map((f) => f.path)).toEqual([join(root, 'proj/etc/init/a.conf')]);
  });

  test('everything ignored, or nothing matched: one clear error each', async () => {
    const root = tree(['etc/init/a.conf', 'empty/readme.txt']);
    const ignored = await find(['etc/init'], root, () => true);
    expect(ignored.files).toEqual([]);
    expect(ignored.errors).toEqual(['all the files matched by "etc/init" are ignored (by .gitignore or `ignores` in configuration)']);
    const none = await find(['empty', 'nothing/*.conf', 'missing.conf'], root);
    expect(none.errors).toEqual([
      'no job files (*.conf, *.override, debian/*.upstart) in directory "empty"',
      'no files match the pattern "nothing/*.conf"',
      'cannot read missing.conf: no such file or directory',
    ]);
  });

  test('a link back up the tree is not followed; a linked directory elsewhere is', async () => {
    const root = tree(['etc/init/a.conf', 'shared/s.conf']);
    symlinkSync(join(root, 'etc'), join(root, 'etc/init/loop'));
    symlinkSync(join(root, 'shared'), join(root, 'etc/init/linked'));
    symlinkSync(join(root, 'nowhere'), join(root, 'etc/init/broken.conf'));
    const { files, errors } = await find(['etc'], root);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.path.slice(root.length + 1))).toEqual(['etc/init/a.conf', 'etc/init/linked/s.conf']);
  });

  test('a FIFO named like a job is not listed (reading it would hang)', async () => {
    const root = tree(['etc/init/a.conf']);
    execFileSync('mkfifo', [join(root, 'etc/init/pipe.conf')]);
    const { files } = await find(['.'], root);
    expect(files.map((f) => f.path)).toEqual([join(root, 'etc/init/a.conf')]);
  });

  test('node_modules and .git are never entered', async () => {
    const root = tree(['node_modules/etc/init/a.conf', '.git/etc/init/b.conf', 'etc/init/c.conf']);
    const { files } = await find(['.'], root);
    expect(files.map((f) => f.path)).toEqual([join(root, 'etc/init/c.conf')]);
  });

  test('files come one at a time: the first arrives before a large tree is listed', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `etc/init/d${Math.floor(i / 100)}/j${i}.conf`);
    const root = tree(many);
    let listed = 0;
    const r = findFiles(['.'], {
      cwd: root,
      isIgnored: async () => {
        listed++;
        return false;
      },
    });
    for await (const c of r.files) {
      expect(c.path).toBe(join(root, 'etc/init/d0/j0.conf'));
      break;
    }
    // Only the first file was asked about, not the 3,000 of the tree.
    expect(listed).toBeLessThan(5);
  });
});
