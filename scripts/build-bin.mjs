#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts) into dist/bin/: one entry file, upstart-lint.mjs, plus lazy
// chunks for what main.ts loads with import() (the engine, each formatter, configuration loading,
// YAML, ajv, fast-glob). Run by `npm run build` after tsc. bin/upstart-lint.js imports the entry.
//
// The shipped bundle skips chevrotain's grammar self-validation (about 10 ms at every start): the
// test suite builds the parser from src/ and dist/ with validation on, so the grammar is still
// validated, just not at every run of the command. This is done by appending a call to the
// exported setSkipGrammarValidation(true) to src/grammar/parse.ts while bundling (nothing in src/
// changes).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/**
 * True when `file` is CommonJS: by extension, else by the nearest package.json ("type", or a
 * "module" field naming this very file, which by convention is an ES module build).
 */
function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8'));
      if (typeof json.module === 'string' && path.resolve(dir, json.module) === file) return false;
      return json.type !== 'module';
    }
    if (path.dirname(dir) === dir) return true;
  }
}

/**
 * `await import('some-cjs-package')` in a split bundle: esbuild turns the package into a chunk that
 * only has a default export, while Node (and so the code in src/, which runs unbundled in tests)
 * also offers its named exports. This facade gives the chunk Node's shape: default =
 * module.exports, plus one named export per property of module.exports.
 */
const cjsDynamicImportFacade = {
  name: 'cjs-dynamic-import-facade',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.facade) return undefined;
      const r = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, pluginData: { facade: true } });
      if (r.errors.length > 0 || r.external || !isCommonJs(r.path)) return undefined;
      return { path: r.path, namespace: 'cjs-facade' };
    });
    b.onLoad({ filter: /.*/, namespace: 'cjs-facade' }, (args) => {
      const exported = createRequire(args.path)(args.path);
      const names = Object.keys(exported).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
      const lines = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;'];
      if (names.length > 0) lines.push(`export const { ${names.join(', ')} } = m;`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** esbuild's options for the CLI bundle (exported for test/integration/bundle.test.ts). */
export const buildOptions = {
  absWorkingDir: root,
  entryPoints: { 'upstart-lint': 'src/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  // Chunks sit next to the entry: the code that finds package.json and schema/ with
  // new URL('../../…', import.meta.url) then resolves to the package root, as it does from dist/*/.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer a package's ES module build when it has one (jsonc-parser's "main" is a UMD build whose
  // require() calls esbuild cannot follow).
  mainFields: ['module', 'main'],
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies (fast-glob, ajv) call require() for Node built-ins.
  banner: { js: "import{createRequire as __upstartLintRequire}from'node:module';const require=__upstartLintRequire(import.meta.url);" },
  plugins: [skipGrammarValidation, cjsDynamicImportFacade],
  write: false,
};

/** Builds the bundle in memory: { outputFiles, metafile }. */
export function bundle() {
  return build(buildOptions);
}

async function writeBundle() {
  const result = await bundle();
  // Other processes may be running or building the bundle meanwhile (a test run while `npm run
  // build` runs elsewhere): chunks are content-named, so write them first, then replace the entry
  // atomically, and delete only files that this build does not use and that are old enough that no
  // running process or concurrent build still needs them.
  await mkdir(outdir, { recursive: true });
  const entryFile = path.join(outdir, 'upstart-lint.mjs');
  const atomicWrite = async (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, contents);
    await rename(tmp, file);
  };
  for (const f of result.outputFiles) if (f.path !== entryFile) await atomicWrite(f.path, f.contents);
  await atomicWrite(entryFile, result.outputFiles.find((f) => f.path === entryFile).contents);
  const keep = new Set(result.outputFiles.map((f) => path.basename(f.path)));
  const staleBefore = Date.now() - 10 * 60 * 1000;
  for (const name of await readdir(outdir)) {
    const file = path.join(outdir, name);
    if (keep.has(name)) continue;
    const mtime = (await stat(file).catch(() => null))?.mtimeMs ?? Infinity;
    if (mtime < staleBefore) await rm(file, { force: true });
  }

  const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.mjs'));
  const entry = outputs.find(([f]) => f.endsWith('/upstart-lint.mjs'))?.[1];
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  const total = outputs.reduce((n, [, o]) => n + o.bytes, 0);
  // Standard error: `npm pack` runs this through `prepare`, and its standard output is the tarball name.
  console.error(`bundle: dist/bin/upstart-lint.mjs ${kb(entry?.bytes ?? 0)} (entry) + ${outputs.length - 1} lazy chunks, ${kb(total)} in all`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await writeBundle();
