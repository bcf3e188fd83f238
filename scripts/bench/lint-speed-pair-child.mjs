// Bench (e) with a baseline, the comparison that holds on a noisy machine: both builds loaded in
// one fresh process, linting the corpus with every rule of each in short turns that alternate
// (which goes first alternates too), each turn timed in CPU time. A slow phase of the machine
// (this 2-core VM has phases of a minute or more at half speed) falls on both turns of a pair,
// where separate processes one after the other land in different phases. Prints one JSON line:
// the per-pair time ratios (this build ÷ baseline).
//
// argv: this build's dist, the baseline's dist, warm-up ms, measuring ms.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusJobs } from './util.mjs';

const [ownDist, baseDist, warmUpMs, measureMs] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
const jobs = corpusJobs();

async function build(dist) {
  const { lintText, rules } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
  const options = { rules: Object.fromEntries([...rules.keys()].map((id) => [id, 'error'])) };
  return {
    rules: rules.size,
    /** CPU time (ms) of `passes` lints of the corpus. */
    turn(passes) {
      const before = process.cpuUsage();
      for (let p = 0; p < passes; p++) for (const j of jobs) lintText(j.text, { filePath: j.filePath, ...options });
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    },
  };
}

const own = await build(ownDist);
const base = await build(baseDist);
const PASSES = 4; // a turn of about 0.1 to 0.2 s
const warmUntil = performance.now() + warmUpMs;
while (performance.now() < warmUntil) {
  own.turn(1);
  base.turn(1);
}
const pairs = [];
const until = performance.now() + measureMs;
for (let i = 0; performance.now() < until; i++) {
  let a;
  let b;
  if (i % 2 === 0) {
    a = own.turn(PASSES);
    b = base.turn(PASSES);
  } else {
    b = base.turn(PASSES);
    a = own.turn(PASSES);
  }
  pairs.push({ ownMs: a, baseMs: b });
}
const filesPerTurn = PASSES * jobs.length;
process.stdout.write(`${JSON.stringify({ rules: own.rules, baselineRules: base.rules, filesPerTurn, pairs })}\n`);
