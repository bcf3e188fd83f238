// (s) The embedded shell: parsing every process of the corpus exactly as /bin/sh receives it
// (MB/s and processes/s, median of 3 samples of at least 1 s), the share of the shell rules in a
// lint of the corpus, and linear time on deep nesting (10,000 and 40,000 levels of `$(`, `(`,
// `{`): the ratio of the two times should be near 4.
import { MB, bytesOf, corpusJobs, distUrl, loadCorpus, median, sampleAtLeast, timeOnce, warmUp } from './util.mjs';

const SHELL_RULES = ['shell-syntax', 'no-bashism', 'no-unreachable-status-check', 'require-chdir', 'no-root-write-after-setuid', 'require-expect'];

export default {
  name: 'shell',
  title: '(s) embedded shell: parse throughput over the corpus, shell rules, depth',
  async run() {
    const { parse, lintText, rules } = await import(distUrl('index.js'));
    const { parseShell } = await import(distUrl('shell/index.js'));
    const { processShell } = await import(distUrl('core/process-shell.js'));
    const corpus = loadCorpus();
    const texts = [];
    for (const f of corpus) {
      for (const st of parse(f.text).ast.stanzas) {
        if (st.type !== 'ExecStanza' && st.type !== 'ScriptStanza') continue;
        const shell = processShell(st);
        if (shell.delivery !== 'none') texts.push(shell.text);
      }
    }
    const bytes = texts.reduce((n, t) => n + bytesOf(t), 0);
    const parseAll = () => {
      for (const t of texts) parseShell(t);
    };
    warmUp(parseAll, 2000);
    const rates = [];
    for (let i = 0; i < 3; i++) {
      const { ms, passes } = sampleAtLeast(parseAll, 1000);
      rates.push((bytes * passes) / MB / (ms / 1000));
    }
    const mbPerSec = median(rates);

    // Lint of the corpus with every rule, with and without the rules that read shell.
    const jobs = corpusJobs(corpus);
    const all = Object.fromEntries([...rules.keys()].map((id) => [id, 'error']));
    const noShell = Object.fromEntries([...rules.keys()].filter((id) => !SHELL_RULES.includes(id)).map((id) => [id, 'error']));
    const lintRate = (ruleSet) => {
      const pass = () => {
        for (const j of jobs) lintText(j.text, { filePath: j.filePath, rules: ruleSet, onlyListedRules: true });
      };
      // As long as bench (e) warms up: V8 is still optimising the rules after 0.5 s.
      warmUp(pass, 3000);
      const r = [];
      for (let i = 0; i < 3; i++) {
        const { ms, passes } = sampleAtLeast(pass, 1000);
        r.push((jobs.length * passes) / (ms / 1000));
      }
      return median(r);
    };
    const allFps = lintRate(all);
    const noShellFps = lintRate(noShell);

    // Depth: linear in the nesting, no stack overflow.
    const nest = (n) => ({
      '$(': `echo ${'$('.repeat(n)}x${')'.repeat(n)}\n`,
      '(': `${'('.repeat(n)}x${')'.repeat(n)}\n`,
      '{': `${'{ '.repeat(n)}x; ${'} '.repeat(n)}\n`,
    });
    const small = nest(10_000);
    const large = nest(40_000);
    const depth = {};
    for (const k of Object.keys(small)) {
      parseShell(small[k]);
      const a = median([0, 1, 2].map(() => timeOnce(() => parseShell(small[k]))));
      const b = median([0, 1, 2].map(() => timeOnce(() => parseShell(large[k]))));
      depth[k] = { ms10k: a, ms40k: b, ratio: b / a };
    }

    const data = {
      processes: texts.length,
      bytes,
      parseMbPerSec: mbPerSec,
      parseProcessesPerSec: (mbPerSec * MB * texts.length) / bytes,
      lintAllRulesFilesPerSec: allFps,
      lintWithoutShellRulesFilesPerSec: noShellFps,
      depth,
    };
    return {
      rows: [
        { measure: 'processes handed to /bin/sh in the corpus', value: texts.length, unit: `(${(bytes / 1024).toFixed(0)} KiB)` },
        { measure: 'parseShell over them', value: mbPerSec.toFixed(2), unit: `MB/s (${Math.round(data.parseProcessesPerSec)} processes/s)` },
        { measure: 'lintText, corpus, all rules', value: Math.round(allFps), unit: 'files/s' },
        { measure: 'lintText, corpus, all but the shell rules', value: Math.round(noShellFps), unit: 'files/s' },
        ...Object.entries(depth).map(([k, d]) => ({
          measure: `${k} nested 10,000 / 40,000 deep`,
          value: `${d.ms10k.toFixed(0)} / ${d.ms40k.toFixed(0)}`,
          unit: `ms (ratio ${d.ratio.toFixed(2)} for 4× the depth)`,
        })),
      ],
      data,
    };
  },
};
