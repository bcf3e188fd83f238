// One fuzz worker thread: generates inputs start, start + step, … (< end) and checks each one.
// Before each input it stores the input's index in shared memory, so that the main thread can
// see an input that runs past the time limit and terminate this worker.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { allRulesOn, checkInput } from './check.mjs';
import { makeInput } from './generate.mjs';

const { apiUrl, seed, start, step, end, corpusDir, shared, keepText } = workerData;
const api = await import(apiUrl);
const corpus = corpusDir ? readdirSync(corpusDir).sort().map((f) => readFileSync(path.join(corpusDir, f), 'utf8')) : [];
const rulesConfig = allRulesOn(api.rules);
const state = new Int32Array(shared);

const stats = { inputs: 0, bytes: 0, diagnostics: 0, fatal: 0, fixedInputs: 0, slowestMs: 0, slowestIndex: -1, families: {} };
for (let i = start; i < end; i += step) {
  Atomics.store(state, 0, i);
  const input = makeInput(seed, i, corpus);
  const t0 = performance.now();
  const findings = checkInput(api, input, rulesConfig, stats);
  const ms = performance.now() - t0;
  stats.inputs++;
  stats.bytes += input.text.length;
  stats.families[input.family] = (stats.families[input.family] ?? 0) + 1;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowestIndex = i;
  }
  if (findings.length > 0) {
    parentPort.postMessage({
      type: 'finding',
      index: i,
      family: input.family,
      filePath: input.filePath,
      findings,
      text: keepText || input.text.length <= 4096 ? input.text : undefined,
    });
  }
  Atomics.add(state, 1, 1);
}
Atomics.store(state, 0, -2); // finished: nothing left to time
parentPort.postMessage({ type: 'done', stats });
