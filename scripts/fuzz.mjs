#!/usr/bin/env node
// Soak test (npm run fuzz -- --count N [--seed S] [--workers W] [--timeout-ms T] [--json]):
// mutated corpus files, random bytes and grammar-aware generated jobs through parse(),
// lintText() with every rule, and applyFixes() of the built package (dist/). See
// scripts/fuzz/check.mjs for what is checked. Each input runs in a worker thread under a time
// limit: an input still running after --timeout-ms is a finding ("hang"), and its worker is
// replaced. Findings go to fuzz-out/findings.jsonl (--out DIR), appended as they are found; exit code 1 when there is any.
//
//   npm run fuzz -- --count 1000000 --seed 1     the one-million-input soak
//   npm run fuzz -- --seed 1 --only 4242         re-run (and print) one input
//
// A seeded 20,000-input slice runs in `npm test` (test/fuzz.test.ts).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { allRulesOn, checkInput } from './fuzz/check.mjs';
import { makeInput } from './fuzz/generate.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run fuzz -- [--count N] [--seed S] [--workers W] [--timeout-ms T] [--only INDEX] [--json] [--no-corpus] [--api MODULE] [--out DIR]';

function parseArgs(argv) {
  const o = {
    count: 10_000,
    seed: 1,
    workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    timeoutMs: 10_000,
    only: null,
    json: false,
    corpus: true,
    api: path.join(repoRoot, 'dist/index.js'),
    out: path.join(repoRoot, 'fuzz-out'),
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, not ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--count') o.count = num(flag, value());
    else if (flag === '--seed') o.seed = num(flag, value());
    else if (flag === '--workers') o.workers = Math.max(1, num(flag, value()));
    else if (flag === '--timeout-ms') o.timeoutMs = Math.max(1, num(flag, value()));
    else if (flag === '--only') o.only = num(flag, value());
    else if (flag === '--json') o.json = true;
    else if (flag === '--no-corpus') o.corpus = false;
    else if (flag === '--api') o.api = path.resolve(value() ?? ''); // another build of the API (the harness's own tests)
    else if (flag === '--out') o.out = path.resolve(value() ?? ''); // where findings.jsonl goes
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`fuzz: ${error.message}`);
  process.exit(2);
}
const apiUrl = pathToFileURL(opts.api).href;
const corpusDir = opts.corpus ? path.resolve(repoRoot, '../shared/corpus/files') : null;

if (opts.only !== null) {
  // One input, in this thread: print it and what the checks say.
  const { readFileSync, readdirSync } = await import('node:fs');
  const api = await import(apiUrl);
  const corpus = corpusDir ? readdirSync(corpusDir).sort().map((f) => readFileSync(path.join(corpusDir, f), 'utf8')) : [];
  const input = makeInput(opts.seed, opts.only, corpus);
  console.log(JSON.stringify({ index: opts.only, family: input.family, filePath: input.filePath, text: input.text, overrideText: input.overrideText, confText: input.confText }, null, 2));
  const findings = checkInput(api, input, allRulesOn(api.rules));
  console.log(findings.length === 0 ? 'no findings' : JSON.stringify(findings, null, 2));
  process.exit(findings.length === 0 ? 0 : 1);
}

const started = performance.now();
const outDir = opts.out;
const findingsFile = path.join(outDir, 'findings.jsonl');
mkdirSync(outDir, { recursive: true });
writeFileSync(findingsFile, '');
/** Findings as they come (appended at once, so a long run that is stopped keeps them). */
const findings = {
  list: [],
  get length() {
    return this.list.length;
  },
  push(f) {
    this.list.push(f);
    appendFileSync(findingsFile, JSON.stringify({ seed: opts.seed, ...f }) + '\n');
  },
};
const totals = { inputs: 0, bytes: 0, diagnostics: 0, fatal: 0, fixedInputs: 0, slowestMs: 0, slowestIndex: -1, families: {} };
const W = Math.min(opts.workers, Math.max(1, opts.count));
let hangs = 0;
/** Every worker's shared counters: [1] counts the inputs it has checked (progress lines). */
const counters = [];

function addStats(s) {
  for (const k of ['inputs', 'bytes', 'diagnostics', 'fatal', 'fixedInputs']) totals[k] += s[k];
  if (s.slowestMs > totals.slowestMs) {
    totals.slowestMs = s.slowestMs;
    totals.slowestIndex = s.slowestIndex;
  }
  for (const [f, n] of Object.entries(s.families)) totals.families[f] = (totals.families[f] ?? 0) + n;
}

/** Runs inputs start, start + W, … below count in a worker; resolves when they are all done. */
function runSlot(start) {
  return new Promise((resolve) => {
    const shared = new SharedArrayBuffer(8);
    const state = new Int32Array(shared);
    Atomics.store(state, 0, -1);
    counters.push(state);
    const worker = new Worker(new URL('./fuzz/worker.mjs', import.meta.url), {
      workerData: { apiUrl, seed: opts.seed, start, step: W, end: opts.count, corpusDir, shared, keepText: false },
    });
    let seen = -1;
    let since = performance.now();
    let finished = false;
    const watch = setInterval(() => {
      const current = Atomics.load(state, 0);
      const now = performance.now();
      if (current !== seen) {
        seen = current;
        since = now;
      } else if (current >= 0 && now - since > opts.timeoutMs) {
        // The input has run past the limit: record it, replace the worker, go on after it.
        finished = true;
        clearInterval(watch);
        hangs++;
        totals.inputs += Atomics.load(state, 1) + 1;
        findings.push({ index: current, findings: [{ check: 'hang', message: `still running after ${opts.timeoutMs} ms` }] });
        void worker.terminate().then(() => resolve(runSlot(current + W)));
      }
    }, Math.min(250, opts.timeoutMs));
    worker.on('message', (m) => {
      if (m.type === 'finding') findings.push(m);
      else if (m.type === 'done') addStats(m.stats);
    });
    worker.on('error', (error) => {
      findings.push({ index: Atomics.load(state, 0), findings: [{ check: 'worker-crash', message: String(error?.stack ?? error) }] });
    });
    worker.on('exit', () => {
      if (finished) return;
      finished = true;
      clearInterval(watch);
      resolve();
    });
  });
}

const progress = opts.json
  ? null
  : setInterval(() => {
      const s = (performance.now() - started) / 1000;
      const done = counters.reduce((n, c) => n + Atomics.load(c, 1), 0) + hangs;
      process.stderr.write(`  … ${s.toFixed(0)} s, ${done} inputs (${Math.round(done / s)}/s), ${findings.length} finding(s)\n`);
    }, 30_000);
await Promise.all(Array.from({ length: W }, (_, w) => runSlot(w)));
if (progress) clearInterval(progress);

const seconds = (performance.now() - started) / 1000;
const summary = {
  seed: opts.seed,
  count: opts.count,
  workers: W,
  timeoutMs: opts.timeoutMs,
  inputs: totals.inputs,
  seconds: Number(seconds.toFixed(2)),
  inputsPerSecond: Math.round(totals.inputs / seconds),
  megabytes: Number((totals.bytes / 1e6).toFixed(1)),
  families: totals.families,
  lint: { diagnostics: totals.diagnostics, fatal: totals.fatal, inputsFixed: totals.fixedInputs },
  slowest: { ms: Number(totals.slowestMs.toFixed(1)), index: totals.slowestIndex },
  hangs,
  findings: findings.length,
  findingsByCheck: {},
};
for (const f of findings.list) for (const x of f.findings) summary.findingsByCheck[x.check] = (summary.findingsByCheck[x.check] ?? 0) + 1;

if (opts.json) {
  console.log(JSON.stringify(summary));
} else {
  console.log(`fuzz: ${summary.inputs} inputs (seed ${summary.seed}, ${W} workers) in ${summary.seconds} s: ${summary.inputsPerSecond} inputs/s, ${summary.megabytes} MB`);
  console.log(`  families: ${Object.entries(summary.families).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  console.log(`  the linter found ${summary.lint.diagnostics} diagnostics (${summary.lint.fatal} fatal); --fix changed ${summary.lint.inputsFixed} inputs`);
  console.log(`  slowest input: #${summary.slowest.index}, ${summary.slowest.ms} ms (limit ${opts.timeoutMs} ms)`);
  console.log(`  findings: ${summary.findings}${summary.findings ? ` ${JSON.stringify(summary.findingsByCheck)}; see ${path.relative(process.cwd(), findingsFile)}, re-run one with --seed ${opts.seed} --only INDEX` : ''}`);
}
process.exit(findings.length === 0 ? 0 : 1);
