/**
 * The shipped command is the esbuild bundle (dist/bin/upstart-lint-<hash>.cjs and its loader
 * dist/bin/upstart-lint.cjs, built by scripts/build-bin.mjs). These tests check that only the
 * argument parsing initialises at start-up (everything else on demand), the V8 code cache, that
 * the bundle behaves exactly like the unbundled tsc output on the same inputs, and that it runs
 * with no node_modules at all.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundle } from '../../scripts/build-bin.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/upstart-lint.js');
const UNBUNDLED = join(REPO, 'dist/cli/main.js');

function assertBuilt(): void {
  for (const f of [join(REPO, 'dist/bin/upstart-lint.cjs'), UNBUNDLED]) {
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

describe('bundle layout: what a run loads', () => {
  let meta: Metafile;

  beforeAll(async () => {
    meta = (await bundle()).metafile;
  });

  /** Inputs that initialise with src/cli/main.ts: its imports other than import(), transitively. */
  function eagerInputs(): Set<string> {
    const seen = new Set<string>(['src/cli/main.ts']);
    const queue = ['src/cli/main.ts'];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      for (const imp of meta.inputs[key]?.imports ?? []) {
        if (imp.kind !== 'dynamic-import' && !imp.external && !seen.has(imp.path)) {
          seen.add(imp.path);
          queue.push(imp.path);
        }
      }
    }
    return seen;
  }

  test('only the argument parsing initialises at start-up: no dependency, engine, formatter or config loading', () => {
    // heap.ts is one class with no imports; it loads node:v8 only after 256 files.
    expect([...eagerInputs()].sort()).toEqual(['src/cli/args.ts', 'src/cli/heap.ts', 'src/cli/main.ts']);
  });

  test.each([
    ['chevrotain (the parser)', /node_modules\/chevrotain\//],
    ['js-yaml (configuration in YAML)', /node_modules\/js-yaml\//],
    ['jsonc-parser (configuration in JSON)', /node_modules\/jsonc-parser\//],
    ['the precompiled configuration validator', /^src\/load\/config-validator\.generated\.ts$/],
    ['fast-glob', /node_modules\/fast-glob\//],
    ['chalk', /node_modules\/chalk\//],
    ['the SARIF writer', /^src\/formatters\/sarif\.ts$/],
    ['the stylish formatter', /^src\/formatters\/stylish\.ts$/],
  ])('%s is in the bundle, initialised only on demand', (_name, pattern) => {
    expect(Object.keys(meta.inputs).some((i) => pattern.test(i))).toBe(true);
    expect([...eagerInputs()].some((i) => pattern.test(i))).toBe(false);
  });

  test('the language server is a bundle of its own: the CLI bundle has none of it and loads it only with --lsp', async () => {
    expect(Object.keys(meta.inputs).filter((i) => /node_modules\/vscode-|^src\/lsp\//.test(i))).toEqual([]);
    const external = (meta.inputs['src/cli/main.ts']?.imports ?? []).filter((i) => i.external && !i.path.startsWith('node:'));
    expect(external.map((i) => [i.path, i.kind])).toEqual([['./upstart-lint-lsp.cjs', 'dynamic-import']]);
    const lsp = (await bundle({ entryPoints: ['src/lsp/server.ts'] })).metafile;
    expect(Object.keys(lsp.inputs).some((i) => /node_modules\/vscode-languageserver\//.test(i))).toBe(true);
  });

  test('Ajv is not in the bundle: the configuration schema is compiled at build time', () => {
    expect(Object.keys(meta.inputs).filter((i) => /node_modules\/(ajv|fast-uri|json-schema-traverse)\//.test(i))).toEqual([]);
  });

  test('the SARIF writer and YAML initialise only when used: node built-ins they need stay unloaded otherwise', () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-lazy-'));
    try {
      mkdirSync(join(dir, '.git'));
      mkdirSync(join(dir, 'etc/init'), { recursive: true });
      writeFileSync(join(dir, 'etc/init/a.conf'), 'start on runlevel [2345]\nstop on runlevel [!2345]\nsetuid a\nsetgid a\nexec /usr/bin/a\n');
      const hook = join(dir, 'loaded.cjs');
      writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify(process.moduleLoadList)));\n`);
      const loaded = (args: string[]): string[] => {
        const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { cwd: dir, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8')) as string[];
      };
      // --version: nothing but the argument parsing (crypto is used by fingerprints and atomic writes).
      expect(loaded(['--version'])).not.toContain('NativeModule crypto');
      // A lint with the unix format does not initialise chalk (which loads tty) nor the SARIF writer.
      expect(loaded(['-f', 'unix', 'etc/init/a.conf'])).not.toContain('NativeModule tty');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the code cache', () => {
  let dir: string;
  let cache: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'upstart-lint-cache-'));
    cache = join(dir, 'cache');
    mkdirSync(join(dir, '.git'));
    cpSync(join(REPO, 'examples'), join(dir, 'examples'), { recursive: true });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lint = (env: Record<string, string>, args = ['-f', 'unix', 'examples/']): Run => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const cacheFiles = (): string[] => (existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.v8cache')) : []);

  test('the first lint run writes it (private to the user), later runs use it unchanged, with the same output', () => {
    const first = lint({ UPSTART_LINT_CODE_CACHE: cache });
    expect(first.code).toBe(1);
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    const file = join(cache, files[0] ?? '');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const before = readFileSync(file);
    const second = lint({ UPSTART_LINT_CODE_CACHE: cache });
    expect(second).toEqual(first);
    // Accepted by V8: not rewritten.
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('a cache written by a lint of a job without a script still holds the shell parser and the rules', () => {
    // V8's function events name every function compiled from source: with the cache a run over a
    // job without any shell wrote, a lint of a job with a script compiles none of the bundle's.
    const work = join(dir, 'warm');
    mkdirSync(join(work, 'etc/init'), { recursive: true });
    writeFileSync(join(work, 'etc/init/plain.conf'), 'start on runlevel [2345]\nexec /usr/sbin/daemon --foreground\n');
    writeFileSync(
      join(work, 'etc/init/scripted.conf'),
      'start on runlevel [2345]\nscript\n  if [ -r /etc/default/x ]; then . /etc/default/x; fi\n  case "$MODE" in a) A=1 ;; *) A=$(cat /x | wc -l) ;; esac\n  exec /usr/sbin/x --mode "${MODE:-a}" >>/var/log/x.log 2>&1\nend script\n',
    );
    const log = join(dir, 'functions.log');
    const run = (file: string): string => {
      const r = spawnSync(process.execPath, ['--log-function-events', `--logfile=${log}`, '--no-logfile-per-isolate', BIN, '--shellcheck', 'false', file], {
        cwd: work,
        env: { ...process.env, UPSTART_LINT_CODE_CACHE: join(dir, 'cache-warm') },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(log, 'utf8');
    };
    run('etc/init/plain.conf');
    const events = run('etc/init/scripted.conf').split('\n');
    const bundleIds = new Set(events.filter((l) => /^script-details,\d+,.*upstart-lint-[0-9a-f]+\.cjs,/.test(l)).map((l) => l.split(',')[1]));
    expect(bundleIds.size).toBe(1);
    const compiled = events.filter((l) => l.startsWith('function,interpreter,') && bundleIds.has(l.split(',')[2] ?? ''));
    expect(compiled).toEqual([]);
  });

  test('--version and --help leave the cache to a lint run', () => {
    const other = join(dir, 'cache-version');
    expect(lint({ UPSTART_LINT_CODE_CACHE: other }, ['--version']).code).toBe(0);
    expect(lint({ UPSTART_LINT_CODE_CACHE: other }, ['--help']).code).toBe(0);
    expect(existsSync(other)).toBe(false);
  });

  test('a damaged cache is rejected by V8 and replaced; the output does not change', () => {
    const reference = lint({ UPSTART_LINT_CODE_CACHE: '0' });
    const file = join(cache, cacheFiles()[0] ?? '');
    const damaged = readFileSync(file);
    damaged.fill(0x5a, 64, 4096);
    writeFileSync(file, damaged);
    expect(lint({ UPSTART_LINT_CODE_CACHE: cache })).toEqual(reference);
    expect(readFileSync(file).equals(damaged)).toBe(false);
    expect(lint({ UPSTART_LINT_CODE_CACHE: cache })).toEqual(reference);
  });

  test('UPSTART_LINT_CODE_CACHE=0 writes nothing; an unusable cache location is not an error', () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const off = lint({ UPSTART_LINT_CODE_CACHE: '0', HOME: home, XDG_CACHE_HOME: '' });
    expect(off.code).toBe(1);
    expect(readdirSync(home)).toEqual([]);
    // A file where the directory should be.
    writeFileSync(join(dir, 'not-a-dir'), '');
    const blocked = lint({ UPSTART_LINT_CODE_CACHE: join(dir, 'not-a-dir') });
    expect(blocked).toEqual(off);
  });

  test('by default the cache goes to $XDG_CACHE_HOME/upstart-lint', () => {
    const xdg = join(dir, 'xdg');
    const env: Record<string, string> = { XDG_CACHE_HOME: xdg };
    const r = spawnSync(process.execPath, [BIN, '-f', 'unix', 'examples/'], {
      cwd: dir,
      env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([k]) => k !== 'UPSTART_LINT_CODE_CACHE')),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(readdirSync(join(xdg, 'upstart-lint')).filter((n) => n.endsWith('.v8cache'))).toHaveLength(1);
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
      for (const p of ['bin', 'dist/bin', 'schema', 'presets', 'package.json']) cpSync(join(REPO, p), join(pkg, p), { recursive: true });
      const work = join(pkg, 'work');
      cpSync(join(REPO, 'examples'), join(work, 'examples'), { recursive: true });
      mkdirSync(join(work, '.git'));
      // A preset is read from the package's presets/ directory.
      writeFileSync(join(work, 'strict.yaml'), 'extends: strict\n');
      for (const args of [['examples/'], ['-f', 'sarif', 'examples/'], ['examples/**/*.conf'], ['--config', 'strict.yaml', '-f', 'unix', 'examples/']]) {
        const alone = run(join(pkg, 'bin/upstart-lint.js'), args, work);
        const inRepo = run(BIN, args, work);
        expect(alone.stderr).toBe('');
        expect(alone).toEqual(inRepo);
      }
      // The language server too: initialize, shutdown, exit (written at once: exit code 0 says the
      // shutdown was handled before the exit).
      const message = (id: number | null, method: string, params: unknown): string => {
        const body = JSON.stringify(id === null ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', id, method, params });
        return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      };
      const input = message(1, 'initialize', { processId: null, rootUri: null, capabilities: {} }) + message(null, 'initialized', {}) + message(2, 'shutdown', null) + message(null, 'exit', null);
      const lsp = run(join(pkg, 'bin/upstart-lint.js'), ['--lsp'], work, input);
      expect(lsp.stderr).toBe('');
      expect(lsp.code).toBe(0);
      expect(lsp.stdout).toContain('"serverInfo":{"name":"upstart-lint"');

    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});
