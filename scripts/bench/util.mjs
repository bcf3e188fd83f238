// Shared helpers for the benchmark sections (scripts/bench/*.mjs). No timing assertions here:
// the benchmark prints figures; only crashes make it fail.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.join(repoRoot, 'dist');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/files');

/** URL of a built module, e.g. distUrl('grammar/parse.js'); throws a clear error when not built. */
export function distUrl(rel) {
  const file = path.join(distDir, rel);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does).`);
  return pathToFileURL(file).href;
}

export function loadCorpus() {
  if (!existsSync(corpusDir)) {
    throw new Error(`The shared corpus is missing: expected ${corpusDir} (shared/ beside the repository checkout).`);
  }
  return readdirSync(corpusDir)
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(corpusDir, name), 'utf8') }));
}

/** The corpus as system jobs to lint: each file under /etc/init/, named after its file. */
export function corpusJobs(corpus = loadCorpus()) {
  return corpus.map((f) => ({ text: f.text, filePath: `/etc/init/${f.name.replace(/\.[^.]*$/, '')}.conf` }));
}

export const bytesOf = (text) => Buffer.byteLength(text, 'utf8');
export const MB = 1024 * 1024;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/** Milliseconds taken by fn() (one call). */
export function timeOnce(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * One sample = repeat `pass` until at least `minMs` elapsed; returns {ms, passes}.
 * The caller divides work by passes. No forced collection first: a `gc()` throws away code V8 has
 * optimised, so each sample measured re-optimisation (lint speed with every rule fell to 40 % of
 * its steady state; docs/design.md, "Lint speed").
 */
export function sampleAtLeast(pass, minMs) {
  let passes = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    pass();
    passes++;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return { ms: elapsed, passes };
}

/** Runs fn repeatedly for about `ms` milliseconds so the JIT has settled before measuring. */
export function warmUp(fn, ms = 500) {
  const t0 = performance.now();
  do fn();
  while (performance.now() - t0 < ms);
}

/** Deterministic PRNG (mulberry32) so synthetic inputs are the same on every run. */
export { rng } from '../prng.mjs';

export const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];

export function fmt(n, digits = 2) {
  if (typeof n !== 'number') return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints rows (array of objects with the same keys) as an aligned text table. */
export function printTable(rows) {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]);
  const cells = rows.map((r) => keys.map((k) => fmt(r[k] ?? '')));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => vals.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(keys));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
