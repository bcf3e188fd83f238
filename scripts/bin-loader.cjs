// Template of dist/bin/upstart-lint.cjs, written by scripts/build-bin.mjs (which fills in the two
// placeholders); bin/upstart-lint.js requires it. CommonJS on purpose: an ES module entry costs
// node about 15 ms more to start (its module loader), a tenth of the whole run. It runs the bundled CLI (one CommonJS file) through vm.Script with a V8 code
// cache, so that a run after the first skips most of the parsing and compiling of the bundle:
// Node 20 has no code cache for ES modules (module.enableCompileCache() arrived in Node 22).
//
// The cache is one file per build, Node version and architecture, in $UPSTART_LINT_CODE_CACHE,
// else $XDG_CACHE_HOME/upstart-lint, else ~/.cache/upstart-lint; UPSTART_LINT_CODE_CACHE=0
// turns it off. It is written (atomically, mode 0600) at the end of a run that had no usable
// cache, is only read when the current user owns it, and V8 itself rejects a cache that does not
// match (then it is rewritten). Any failure just means no cache.
'use strict';
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUILD_ID = '__UPSTART_LINT_BUILD_ID__';
const BUNDLE = join(__dirname, '__UPSTART_LINT_BUNDLE__');
const KEEP_CACHES = 6;

function cacheDirectory() {
  const setting = process.env.UPSTART_LINT_CODE_CACHE;
  if (setting === '0' || setting === 'off' || setting === 'false') return null;
  if (setting) return setting;
  let home = '';
  try {
    home = homedir();
  } catch {
    // no home directory: no cache
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
    return st.isFile() && ours ? readFileSync(fd) : undefined;
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

const dir = cacheDirectory();
const cacheFile = dir === null ? null : join(dir, `${BUILD_ID}-${process.version}-${process.arch}.v8cache`);
const cachedData = cacheFile === null ? undefined : readCache(cacheFile);
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(BUNDLE, 'utf8')}\n})`, {
  filename: BUNDLE,
  cachedData,
});
if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit, so that the cache holds the functions this run compiled too.
  process.once('exit', () => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
      prune(dir);
    } catch {
      // caching is optional
    }
  });
}
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
