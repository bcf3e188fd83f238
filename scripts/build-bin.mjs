#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts) into dist/bin/: upstart-lint-<hash>.cjs, one minified
// CommonJS file, and upstart-lint.cjs, the loader that bin/upstart-lint.js requires (from
// scripts/bin-loader.cjs), which runs the bundle with a V8 code cache. Run by `npm run build`
// after tsc.
//
// What main.ts loads with import() (the engine, each formatter, configuration loading, YAML, ajv,
// fast-glob) stays lazy: esbuild turns each import() into a deferred initialisation, so a module
// runs only when a run needs it. One file instead of ES module chunks because Node 20 can cache
// compiled code only for scripts (vm.Script cachedData), not for ES modules; with the cache, the
// parse and compile time, the largest part of a cold start after node's own, mostly goes away.
//
// The language server (src/lsp/, `upstart-lint --lsp`) is a bundle of its own beside the CLI's,
// upstart-lint-lsp-<hash>.cjs: main.ts's import('../lsp/server.js') becomes a require() of that
// file, so a lint run neither loads nor compiles vscode-languageserver and the server's code.
//
// The shipped bundle skips chevrotain's grammar self-validation (about 10 ms at every start): the
// test suite builds the parser from src/ and dist/ with validation on, so the grammar is still
// validated, just not at every run of the command. This is done by appending a call to the
// exported setSkipGrammarValidation(true) to src/grammar/parse.ts while bundling (nothing in src/
// changes).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bin');
const parseModule = path.join(root, 'src', 'grammar', 'parse.ts');

/** Appends `setSkipGrammarValidation(true)` to parse.ts in the bundle only. */
const skipGrammarValidation = {
  name: 'skip-grammar-validation',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]grammar[\\/]parse\.ts$/ }, async (args) => {
      if (path.resolve(args.path) !== parseModule) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!/export function setSkipGrammarValidation\(/.test(text)) {
        return { errors: [{ text: 'src/grammar/parse.ts no longer exports setSkipGrammarValidation(); update scripts/build-bin.mjs' }] };
      }
      return { contents: `${text}\nsetSkipGrammarValidation(true);\n`, loader: 'ts' };
    });
  },
};

const lspSource = path.join(root, 'src', 'lsp', 'server.ts');

/** Resolves main.ts's import of the language server to the chunk file `file` beside the bundle. */
function lspChunk(file) {
  return {
    name: 'lsp-chunk',
    setup(b) {
      b.onResolve({ filter: /[\\/]lsp[\\/]server\.js$/ }, (args) => {
        if (path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) !== lspSource) return undefined;
        return { path: `./${file}`, external: true };
      });
    },
  };
}

/** esbuild's options for the CLI bundle (exported for the tests and the cold-start probe). */
export const buildOptions = {
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of bundled modules becomes a deferred require (no ES module loader inside vm.Script).
  supported: { 'dynamic-import': false },
  // Prefer a package's ES module build when it has one (jsonc-parser's "main" is a UMD build whose
  // require() calls esbuild cannot follow).
  mainFields: ['module', 'main'],
  // The code that finds package.json and schema/ with new URL('../../…', import.meta.url) gets the
  // bundle's own URL; the bundle sits in dist/bin/, so it resolves to the package root, as it does
  // from dist/*/.
  define: { 'import.meta.url': '__upstartLintModuleUrl' },
  banner: { js: 'var __upstartLintModuleUrl=require("node:url").pathToFileURL(__filename).href;' },
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [skipGrammarValidation],
  write: false,
};

/**
 * Builds the CLI bundle in memory: { outputFiles: [the .cjs], metafile }. The language server is
 * left out (an external chunk, `lspChunkFile`); `bundle({ entryPoints: ['src/lsp/server.ts'] })`
 * builds that chunk.
 */
export function bundle(overrides = {}, lspChunkFile = 'upstart-lint-lsp.cjs') {
  return build({ ...buildOptions, plugins: [...buildOptions.plugins, lspChunk(lspChunkFile)], outfile: path.join(outdir, 'bundle.cjs'), ...overrides });
}

/** The bundle's text; fails if it still has an import() that vm.Script could not run. */
function bundleText(result) {
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  const text = Buffer.from(code).toString('utf8');
  if (/\bimport\(/.test(text.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""'))) {
    throw new Error('the bundle still contains import(), which vm.Script cannot run');
  }
  return { code, text };
}

const atomicWrite = async (file, contents) => {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, file);
};

/**
 * Bundles `entry` into `dir`: NAME-<hash>.cjs and its loader NAME.cjs. Returns the paths and sizes.
 * Other processes may be running or building the bundle meanwhile (a test run while `npm run
 * build` runs elsewhere): the bundle is content-named and written first, the loader replaced
 * atomically, and only files this build does not use that are old enough are deleted.
 */
export async function writeBundle({ entry = 'src/cli/main.ts', dir = outdir, name = 'upstart-lint' } = {}) {
  await mkdir(dir, { recursive: true });
  // The language server's chunk first: the CLI bundle names it. (Other entries, such as the
  // cold-start probe, do not import it.)
  const lsp = entry === 'src/cli/main.ts' ? bundleText(await bundle({ entryPoints: ['src/lsp/server.ts'] })) : null;
  const lspName = lsp ? `${name}-lsp-${createHash('sha256').update(lsp.code).digest('hex').slice(0, 16)}.cjs` : undefined;
  if (lsp && lspName) await atomicWrite(path.join(dir, lspName), lsp.code);
  const { code } = bundleText(await bundle({ entryPoints: [entry] }, lspName));
  const buildId = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const bundleName = `${name}-${buildId}.cjs`;
  await atomicWrite(path.join(dir, bundleName), code);
  const template = await readFile(path.join(root, 'scripts', 'bin-loader.cjs'), 'utf8');
  const loader = template.replace('__UPSTART_LINT_BUILD_ID__', buildId).replace('__UPSTART_LINT_BUNDLE__', bundleName).replace('__UPSTART_LINT_LSP_BUNDLE__', lspName ?? '');
  await atomicWrite(path.join(dir, `${name}.cjs`), loader);
  const staleBefore = Date.now() - 10 * 60 * 1000;
  for (const file of await readdir(dir)) {
    if (file === bundleName || file === lspName || file === `${name}.cjs`) continue;
    const mtime = (await stat(path.join(dir, file)).catch(() => null))?.mtimeMs ?? Infinity;
    if (mtime < staleBefore) await rm(path.join(dir, file), { force: true });
  }
  return { loader: path.join(dir, `${name}.cjs`), bundle: path.join(dir, bundleName), lsp: lspName && path.join(dir, lspName), bytes: code.length, lspBytes: lsp?.code.length ?? 0, buildId };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await writeBundle();
  // Standard error: `npm pack` runs this through `prepare`, and its standard output is the tarball name.
  console.error(`bundle: ${path.relative(root, r.bundle)} ${(r.bytes / 1024).toFixed(1)} kB, language server ${path.relative(root, r.lsp)} ${(r.lspBytes / 1024).toFixed(1)} kB, loader ${path.relative(root, r.loader)}`);
}
