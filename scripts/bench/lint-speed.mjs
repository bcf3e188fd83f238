// (e) Lint speed: lintText over the corpus with every registered rule on (files/s), next to
// syntax-only linting for the parser's share. Each measurement runs in a fresh process
// (lint-speed-child.mjs), so that what other sections ran does not shape V8's heap or its
// optimised code, without forced collections, and warms up for 3 s: with 48 rules and the shell
// parser, V8 was still optimising after the 0.5 s this section used to allow.
//
// UPSTART_LINT_BENCH_BASELINE=DIR (a checkout of another commit, built) measures that build too,
// in alternating rounds, and then both in one process in alternating short turns
// (lint-speed-pair-child.mjs), and prints the ratios: how issue 9's "no slower than 1.2 × the
// figure before the shell rules" is checked (docs/design.md, "Lint speed"). The turns are the
// figure to trust on a machine whose speed changes from minute to minute; the rounds show the
// throughput of each build in a process of its own.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MB, distDir, median } from './util.mjs';

const WARM_UP_MS = 3000;
const SAMPLES = 3;
const ROUNDS = Number(process.env.UPSTART_LINT_BENCH_SPEED_ROUNDS ?? 3);
const PAIR_MS = Number(process.env.UPSTART_LINT_BENCH_PAIR_SECONDS ?? 20) * 1000;
// Two builds in one process take longer to settle: with 3 s, the first eight pairs of turns still
// showed this build getting faster (511 ms falling to 240 ms a turn).
const PAIR_WARM_UP_MS = 10000;
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lint-speed-child.mjs');
const pairChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lint-speed-pair-child.mjs');

/** The first, middle and third quartile of `xs`. */
function quartiles(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return [at(0.25), median(xs), at(0.75)];
}

function measure(dist) {
  // Without --expose-gc: a forced full collection before each sample (util.mjs sampleAtLeast)
  // threw away V8's optimised code, and the sample then measured the re-optimisation (half the
  // speed with 48 rules and the shell parser, a third less with the 36 rules before them).
  const out = execFileSync(process.execPath, [child, dist, String(WARM_UP_MS), String(SAMPLES)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

export default {
  name: 'lintSpeed',
  title: `(e) lintText over the corpus, all rules on (a fresh process per round, ${WARM_UP_MS / 1000} s warm-up, median of ${SAMPLES} samples of ≥ 1 s, median of ${ROUNDS} rounds)`,
  async run() {
    const baselineDir = process.env.UPSTART_LINT_BENCH_BASELINE;
    const baselineDist = baselineDir ? path.resolve(baselineDir, 'dist') : null;
    if (baselineDist && !existsSync(path.join(baselineDist, 'index.js'))) {
      throw new Error(`UPSTART_LINT_BENCH_BASELINE: ${baselineDist}/index.js is missing (build that checkout first)`);
    }
    const own = [];
    const base = [];
    for (let r = 0; r < ROUNDS; r++) {
      own.push(measure(distDir));
      if (baselineDist) base.push(measure(baselineDist));
    }
    const first = own[0];
    const allRulesFps = median(own.map((m) => m.allRulesFilesPerSec));
    const syntaxOnlyFps = median(own.map((m) => m.syntaxOnlyFilesPerSec));
    const data = {
      rules: first.rules,
      files: first.files,
      diagnostics: first.diagnostics,
      allRulesFilesPerSec: allRulesFps,
      allRulesMbPerSec: (allRulesFps * first.bytes) / first.files / MB,
      syntaxOnlyFilesPerSec: syntaxOnlyFps,
      rounds: own.map((m) => Math.round(m.allRulesFilesPerSec)),
      warmUpMs: WARM_UP_MS,
    };
    const rows = [
      { measure: 'rules on', value: data.rules, unit: '' },
      { measure: 'diagnostics over the corpus', value: data.diagnostics, unit: '' },
      { measure: 'lintText, all rules', value: Math.round(allRulesFps), unit: `files/s (${data.allRulesMbPerSec.toFixed(2)} MB/s; rounds ${data.rounds.join(', ')})` },
      { measure: 'lintText, syntaxOnly', value: Math.round(syntaxOnlyFps), unit: 'files/s' },
    ];
    if (baselineDist) {
      const baseFps = median(base.map((m) => m.allRulesFilesPerSec));
      // Per round: the two builds measured one after the other, under about the same load.
      const perRound = own.map((m, i) => base[i].allRulesFilesPerSec / m.allRulesFilesPerSec);
      Object.assign(data, {
        baseline: baselineDir,
        baselineRules: base[0].rules,
        baselineAllRulesFilesPerSec: baseFps,
        baselineRounds: base.map((m) => Math.round(m.allRulesFilesPerSec)),
        timeRatioOfMedians: baseFps / allRulesFps,
        timeRatioPerRound: perRound,
        timeRatioMedianOfRounds: median(perRound),
      });
      rows.push(
        { measure: `baseline (${baselineDir}), all ${base[0].rules} of its rules`, value: Math.round(baseFps), unit: `files/s (rounds ${data.baselineRounds.join(', ')})` },
        { measure: 'time per file, this build ÷ baseline, rounds', value: Number(median(perRound).toFixed(3)), unit: `× (median of per-round ratios ${perRound.map((x) => x.toFixed(2)).join(', ')}; ratio of medians ${(baseFps / allRulesFps).toFixed(3)})` },
      );
      const out = execFileSync(process.execPath, [pairChild, distDir, baselineDist, String(PAIR_WARM_UP_MS), String(PAIR_MS)], { encoding: 'utf8' });
      const { pairs, filesPerTurn } = JSON.parse(out.trim().split('\n').pop());
      const ratios = pairs.map((p) => p.ownMs / p.baseMs);
      const [q1, mid, q3] = quartiles(ratios);
      const ownUs = (median(pairs.map((p) => p.ownMs)) * 1000) / filesPerTurn;
      const baseUs = (median(pairs.map((p) => p.baseMs)) * 1000) / filesPerTurn;
      Object.assign(data, { pairTurns: pairs.length, pairRatioMedian: mid, pairRatioQuartiles: [q1, q3], pairOwnMicrosPerFile: ownUs, pairBaselineMicrosPerFile: baseUs });
      rows.push({
        measure: 'time per file, this build ÷ baseline, turns',
        value: Number(mid.toFixed(3)),
        unit: `× (median of ${pairs.length} pairs of turns in one process after ${PAIR_WARM_UP_MS / 1000} s of warm-up, quartiles ${q1.toFixed(3)} to ${q3.toFixed(3)}; CPU µs per file ${ownUs.toFixed(1)} and ${baseUs.toFixed(1)})`,
      });
    }
    return { rows, data };
  },
};
