// Template of dist/bin/upstart-lint.cjs, written by scripts/build-bin.mjs (which fills in the two
// placeholders); bin/upstart-lint.js requires it. CommonJS on purpose: an ES module entry costs
// node about 15 ms more to start (its module loader), a tenth of the whole run. It runs the bundled CLI (one CommonJS file) through vm.Script with a V8 code
// cache, so that a run after the first skips most of the parsing and compiling of the bundle:
// Node 20 has no code cache for ES modules (module.enableCompileCache() arrived in Node 22). The
// language server's bundle, which the CLI bundle requires only for `--lsp`, is run the same way
// with a cache of its own, written by a server run.
//
// The cache is one file per build, Node version, architecture and node options, in $UPSTART_LINT_CODE_CACHE,
// else $XDG_CACHE_HOME/upstart-lint, else ~/.cache/upstart-lint; UPSTART_LINT_CODE_CACHE=0
// turns it off. It is written (atomically, mode 0600) at the end of a run that had no usable
// cache, and only read when the current user owns it and its CRC-32 matches: V8 rejects a cache
// made for other source, flags or versions (it is then rewritten), but release builds of V8 do not
// checksum the data, and a damaged cache could crash node (zlib's CRC-32 costs less than turning
// on V8's own check with --verify-snapshot-checksum). zlib.crc32 needs Node 20.15; without it
// there is no cache. Any failure just means no cache.
//
// Start-up cost: this file loads only node:fs, node:path and node:vm. The CRC-32 comes from zlib's
// native binding (process.binding('zlib').crc32, the function behind zlib.crc32): the public
// node:zlib module builds the whole streams stack when it loads, about a tenth of what node needs
// for `node -e 0`. process.binding is deprecated in the documentation only; when pending
// deprecations are turned on (it would then print a warning) node:zlib is loaded instead. The
// home directory comes from $HOME (node:os only without it), and the bundle gets this file's own
// require (both files are in dist/bin/, so relative paths resolve the same; node:module would load
// node's ES module loader).
'use strict';
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

function zlibCrc32() {
  const pending =
    process.execArgv.includes('--pending-deprecation') ||
    /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') ||
    process.env.NODE_PENDING_DEPRECATION === '1';
  if (!pending && typeof process.binding === 'function') {
    try {
      const native = process.binding('zlib').crc32;
      if (typeof native === 'function') return (data) => native(data, 0) >>> 0;
    } catch {
      // not there: the public module below
    }
  }
  try {
    return require('node:zlib').crc32;
  } catch {
    return undefined;
  }
}

const BUILD_ID = '__UPSTART_LINT_BUILD_ID__';
const BUNDLE = join(__dirname, '__UPSTART_LINT_BUNDLE__');
// The language server's bundle (`--lsp`), which the CLI bundle requires by this name.
const LSP_BUNDLE = '__UPSTART_LINT_LSP_BUNDLE__';
const KEEP_CACHES = 6;

function cacheDirectory() {
  const setting = process.env.UPSTART_LINT_CODE_CACHE;
  if (setting === '0' || setting === 'off' || setting === 'false') return null;
  if (setting) return setting;
  let home = process.env.HOME ?? '';
  if (!home) {
    try {
      home = require('node:os').homedir();
    } catch {
      // no home directory: no cache
    }
  }
  const base = process.env.XDG_CACHE_HOME || (home ? join(home, '.cache') : '');
  return base ? join(base, 'upstart-lint') : null;
}

function readCache(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    const ours = typeof process.getuid !== 'function' || st.uid === process.getuid();
    if (!st.isFile() || !ours) return undefined;
    const data = readFileSync(fd);
    return data.length > 4 && crc32(data.subarray(4)) === data.readUInt32LE(0) ? data.subarray(4) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Keeps the most recent caches (other builds, other Node versions) and deletes the rest. */
function prune(dir) {
  const caches = readdirSync(dir)
    .filter((n) => n.endsWith('.v8cache'))
    .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of caches.slice(KEEP_CACHES)) unlinkSync(join(dir, n));
}

/** V8 rejects a cache made with other flags: runs with different node options get their own. */
function flagsKey() {
  const flags = `${process.execArgv.join(' ')}|${process.env.NODE_OPTIONS ?? ''}`;
  if (flags === '|') return '';
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return `-${h.toString(16).padStart(8, '0')}`;
}

const crc32 = cacheDirectory() === null ? undefined : zlibCrc32();
const dir = typeof crc32 === 'function' ? cacheDirectory() : null;

/**
 * Runs a CommonJS bundle through vm.Script with its code cache (`key` names the cache file). With
 * `writeCache`, a missing or rejected cache is written at exit.
 */
function runCached(file, key, writeCache, requireFor) {
  const cacheFile = dir === null ? null : join(dir, `${key}-${process.version}-${process.arch}${flagsKey()}.v8cache`);
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
    filename: file,
    cachedData,
  });
  if (cacheFile !== null && writeCache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so that the cache holds the functions this run compiled too.
    process.once('exit', () => {
      try {
        // The CLI bundle lints a few jobs in memory first, so that the cache holds the code of
        // every lint, not only of the file this run happened to lint (src/cli/warm-up.ts).
        if (typeof mod.exports.warmCodeCache === 'function') mod.exports.warmCodeCache();
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        const data = script.createCachedData();
        const header = Buffer.alloc(4);
        header.writeUInt32LE(crc32(data), 0);
        writeFileSync(tmp, Buffer.concat([header, data]), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        prune(dir);
      } catch {
        // caching is optional
      }
    });
  }
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, requireFor(file), mod, file, __dirname);
  return mod.exports;
}

const args = process.argv.slice(2);
// Runs that lint nothing compile little of the CLI bundle: a cache written by them would be
// accepted by later lint runs but hold almost nothing, so they leave the cache to the next lint
// run. The language server keeps caches of its own (of the CLI bundle's part it runs, and of its
// own bundle).
const lintsNothing = args.some((a) => /^(-h|--help|-v|--version|--list-rules|--print-config)(=|$)/.test(a));
const serves = args.includes('--lsp');

/** The CLI bundle's require: the language server's bundle goes through the code cache too. */
function requireFor(file) {
  const plain = require;
  if (LSP_BUNDLE === '' || file !== BUNDLE) return plain;
  let lsp;
  const wrapped = (id) => {
    if (id !== `./${LSP_BUNDLE}`) return plain(id);
    lsp ??= runCached(join(__dirname, LSP_BUNDLE), LSP_BUNDLE.replace(/\.cjs$/, ''), serves, () => require);
    return lsp;
  };
  return Object.assign(wrapped, plain);
}

runCached(BUNDLE, serves ? `${BUILD_ID}-lsp` : BUILD_ID, !lintsNothing, requireFor);
