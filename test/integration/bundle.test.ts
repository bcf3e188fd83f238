/**
 * The shipped command is the esbuild bundle (dist/bin/upstart-lint.mjs, built by
 * scripts/build-bin.mjs). These tests check that the entry chunk holds only the argument parsing
 * (everything else is a lazy chunk), that the bundle behaves exactly like the unbundled tsc output
 * on the same inputs, and that it runs with no node_modules at all.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundle } from '../../scripts/build-bin.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/upstart-lint.js');
const UNBUNDLED = join(REPO, 'dist/cli/main.js');

function assertBuilt(): void {
  for (const f of [join(REPO, 'dist/bin/upstart-lint.mjs'), UNBUNDLED]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`);
  }
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(script: string, args: readonly string[], cwd: string, input = ''): Run {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!['GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS', 'CI'].includes(k)) env[k] = v;
  }
  const r = spawnSync(process.execPath, [script, ...args], { cwd, input, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bundle layout (esbuild metafile)', () => {
  let meta: Metafile;
  let entryKey: string;

  beforeAll(async () => {
    const result = await bundle();
    meta = result.metafile;
    const key = Object.keys(meta.outputs).find((k) => k.endsWith('dist/bin/upstart-lint.mjs'));
    if (key === undefined) throw new Error(`no entry output in ${Object.keys(meta.outputs).join(', ')}`);
    entryKey = key;
  });

  /** Outputs loaded at start-up: the entry and what it imports statically, transitively. */
  function staticClosure(): Set<string> {
    const seen = new Set<string>([entryKey]);
    const queue = [entryKey];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      for (const imp of meta.outputs[key]?.imports ?? []) {
        if (imp.kind === 'import-statement' && !imp.external && !seen.has(imp.path)) {
          seen.add(imp.path);
          queue.push(imp.path);
        }
      }
    }
    return seen;
  }

  const inputsOf = (keys: Iterable<string>): string[] => [...keys].flatMap((k) => Object.keys(meta.outputs[k]?.inputs ?? {}));

  test('the entry chunk holds the argument parsing and nothing else', () => {
    expect(Object.keys(meta.outputs[entryKey]?.inputs ?? {}).sort()).toEqual(['src/cli/args.ts', 'src/cli/main.ts']);
  });

  test('nothing heavy is loaded at start-up: no dependency, no engine, no formatter, no config loading', () => {
    const eager = inputsOf(staticClosure());
    expect(eager.filter((i) => i.includes('node_modules/'))).toEqual([]);
    expect(eager.filter((i) => /^src\/(grammar|core|rules|formatters|load)\//.test(i))).toEqual([]);
  });

  test.each([
    ['chevrotain (the parser)', /node_modules\/chevrotain\//],
    ['yaml', /node_modules\/yaml\//],
    ['ajv', /node_modules\/ajv\//],
    ['fast-glob', /node_modules\/fast-glob\//],
    ['chalk', /node_modules\/chalk\//],
    ['the SARIF writer', /^src\/formatters\/sarif\.ts$/],
    ['the stylish formatter', /^src\/formatters\/stylish\.ts$/],
  ])('%s is bundled, in a lazy chunk', (_name, pattern) => {
    const all = inputsOf(Object.keys(meta.outputs));
    const eager = inputsOf(staticClosure());
    expect(all.some((i) => pattern.test(i))).toBe(true);
    expect(eager.some((i) => pattern.test(i))).toBe(false);
  });

  test('the SARIF writer and YAML are not in the chunk that the engine is in', () => {
    const engine = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).includes('src/grammar/parse.ts'));
    expect(engine).toBeDefined();
    const inputs = Object.keys(engine?.[1].inputs ?? {});
    expect(inputs.some((i) => i.includes('node_modules/yaml/') || i.includes('node_modules/ajv/') || i === 'src/formatters/sarif.ts')).toBe(false);
  });
});

describe('the bundle behaves like the unbundled build', () => {
  let root: string;

  beforeAll(() => {
    assertBuilt();
    root = mkdtempSync(join(tmpdir(), 'upstart-lint-bundle-'));
    mkdirSync(join(root, '.git'));
    cpSync(join(REPO, 'examples'), join(root, 'examples'), { recursive: true });
    cpSync(join(REPO, 'fixtures/cli/project'), join(root, 'project'), { recursive: true });
    mkdirSync(join(root, 'jsonc/etc/init'), { recursive: true });
    writeFileSync(join(root, 'jsonc/.upstart-lint.jsonc'), '{\n  // comments are allowed\n  "rules": { "require-setgid": "error", },\n}\n');
    writeFileSync(join(root, 'jsonc/etc/init/svc.conf'), 'start on runlevel [2345]\nstop on runlevel [!2345]\nsetuid svc\nexec /usr/bin/svc\n');
    mkdirSync(join(root, 'badyaml/etc/init'), { recursive: true });
    writeFileSync(join(root, 'badyaml/.upstart-lint.yaml'), 'rules:\n  require-setgid: [error\n');
    writeFileSync(join(root, 'badyaml/etc/init/svc.conf'), 'exec /usr/bin/svc\n');
    mkdirSync(join(root, 'fix/etc/init'), { recursive: true });
    writeFileSync(join(root, 'fix/etc/init/old.conf'), 'start on runlevel [2345]\nstop on runlevel [!2345]\nsetuid svc\nsetgid svc\noom -5\nkill signal 9\nexec /usr/bin/svc\n');
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const userJob = readFileSync(join(REPO, 'examples/home/alice/.init/webapp.conf'), 'utf8');
  const cases: [string, string[], string?][] = [
    ['stylish (default)', ['examples/']],
    ...['unix', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle'].map((f): [string, string[]] => [`--format ${f}`, ['-f', f, 'examples/']]),
    ['several formats, one to a file', ['-f', 'unix', '-f', 'sarif:out/report.sarif', 'examples/']],
    ['a glob', ['examples/**/*.conf']],
    ['no paths: the job directories under the working directory', []],
    ['a project tree with .override, debian/*.upstart and a broken job', ['project']],
    ['--stdin with --stdin-filename (user job)', ['--stdin', '--stdin-filename', 'examples/home/alice/.init/webapp.conf'], userJob],
    ['--list-rules', ['--list-rules']],
    ['--list-rules -f json', ['--list-rules', '-f', 'json']],
    ['--print-config (YAML configuration)', ['--print-config', 'examples/home/alice/.config/upstart/notes-sync.override']],
    ['JSONC configuration', ['jsonc']],
    ['invalid YAML configuration', ['badyaml']],
    ['--fix-dry-run', ['--fix-dry-run', '-f', 'json', 'fix']],
    ['--rule and --quiet', ['--rule', 'require-log-redirect:off', '--quiet', 'examples/']],
    ['--syntax-only', ['--syntax-only', 'project']],
    ['a missing file', ['examples/etc/init/nope.conf']],
    ['an unknown option', ['--colour']],
    ['--help', ['--help']],
    ['--version', ['--version']],
  ];

  test.each(cases)('%s', (_name, args, input) => {
    const viaBundle = run(BIN, args, root, input);
    const outBundle = existsSync(join(root, 'out/report.sarif')) ? readFileSync(join(root, 'out/report.sarif'), 'utf8') : null;
    rmSync(join(root, 'out'), { recursive: true, force: true });
    const viaTsc = run(UNBUNDLED, args, root, input);
    const outTsc = existsSync(join(root, 'out/report.sarif')) ? readFileSync(join(root, 'out/report.sarif'), 'utf8') : null;
    rmSync(join(root, 'out'), { recursive: true, force: true });
    expect(viaBundle).toEqual(viaTsc);
    expect(outBundle).toEqual(outTsc);
    expect(viaBundle.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  test('the quick start: examples/ shows the two findings the README describes, exit code 1', () => {
    const r = run(BIN, ['-f', 'unix', 'examples/'], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^examples\/home\/alice\/\.init\/webapp\.conf:\d+:\d+: error: .*\[require-log-redirect\]$/m);
    expect(r.stdout).toMatch(/^examples\/etc\/init\/unicorn\.conf:\d+:\d+: error: .*\[socket-bridge-permissions\]$/m);
    expect(r.stdout).not.toContain('web.conf');
    expect(r.stdout).not.toContain('notes-sync');
  });
});

describe('the bundle is self-contained', () => {
  test('runs from a copy of the package with no node_modules', () => {
    assertBuilt();
    const pkg = mkdtempSync(join(tmpdir(), 'upstart-lint-nomodules-'));
    try {
      for (const p of ['bin', 'dist/bin', 'schema', 'package.json']) cpSync(join(REPO, p), join(pkg, p), { recursive: true });
      const work = join(pkg, 'work');
      cpSync(join(REPO, 'examples'), join(work, 'examples'), { recursive: true });
      mkdirSync(join(work, '.git'));
      for (const args of [['examples/'], ['-f', 'sarif', 'examples/'], ['examples/**/*.conf']]) {
        const alone = run(join(pkg, 'bin/upstart-lint.js'), args, work);
        const inRepo = run(BIN, args, work);
        expect(alone.stderr).toBe('');
        expect(alone).toEqual(inRepo);
      }
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});
