// (e) Lint speed: lintText over the corpus with every registered rule on (files/s), next to
// syntax-only linting for the parser's share. Each measurement runs in a fresh process
// (lint-speed-child.mjs), so that what other sections ran does not shape V8's heap or its
// optimised code, without forced collections, and warms up for 3 s: with 48 rules and the shell
// parser, V8 was still optimising after the 0.5 s this section used to allow.
//
// UPSTART_LINT_BENCH_BASELINE=DIR (a checkout of another commit, built) measures that build too,
// in alternating rounds, and prints the ratio: how issue 9's "no slower than 1.2 × the figure
// before the shell rules" is checked (docs/design.md, "Lint speed").
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MB, distDir, median } from './util.mjs';

const WARM_UP_MS = 3000;
const SAMPLES = 3;
const ROUNDS = Number(process.env.UPSTART_LINT_BENCH_SPEED_ROUNDS ?? 3);
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lint-speed-child.mjs');

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
        { measure: 'time per file, this build ÷ baseline', value: Number(median(perRound).toFixed(3)), unit: `× (median of per-round ratios ${perRound.map((x) => x.toFixed(2)).join(', ')}; ratio of medians ${(baseFps / allRulesFps).toFixed(3)})` },
      );
    }
    return { rows, data };
  },
};
