// (e) Lint speed: lintText over the corpus with every registered rule on (files/s), next to
// syntax-only linting for the parser's share.
import { MB, bytesOf, distUrl, loadCorpus, median, sampleAtLeast, warmUp } from './util.mjs';

const SAMPLES = 3;

export default {
  name: 'lintSpeed',
  title: '(e) lintText over the corpus, all rules on (≥ 1 s per sample, median of 3)',
  async run() {
    const { lintText, rules } = await import(distUrl('index.js'));
    const corpus = loadCorpus();
    const bytes = corpus.reduce((n, f) => n + bytesOf(f.text), 0);
    const allOn = Object.fromEntries([...rules.keys()].map((id) => [id, 'error']));
    const jobs = corpus.map((f) => ({ text: f.text, filePath: `/etc/init/${f.name.replace(/\.[^.]*$/, '')}.conf` }));
    let diagnostics = 0;
    for (const j of jobs) diagnostics += lintText(j.text, { filePath: j.filePath, rules: allOn }).length; // warm-up + count
    const measure = (options) => {
      warmUp(() => {
        for (const j of jobs) lintText(j.text, { filePath: j.filePath, ...options });
      }, 500);
      const fps = [];
      for (let i = 0; i < SAMPLES; i++) {
        const { ms, passes } = sampleAtLeast(() => {
          for (const j of jobs) lintText(j.text, { filePath: j.filePath, ...options });
        }, 1000);
        fps.push((jobs.length * passes) / (ms / 1000));
      }
      return median(fps);
    };
    const allRulesFps = measure({ rules: allOn });
    const syntaxOnlyFps = measure({ syntaxOnly: true });
    const data = {
      rules: rules.size,
      files: jobs.length,
      diagnostics,
      allRulesFilesPerSec: allRulesFps,
      allRulesMbPerSec: (allRulesFps * bytes) / jobs.length / MB,
      syntaxOnlyFilesPerSec: syntaxOnlyFps,
    };
    return {
      rows: [
        { measure: 'rules on', value: data.rules, unit: '' },
        { measure: 'diagnostics over the corpus', value: diagnostics, unit: '' },
        { measure: 'lintText, all rules', value: Math.round(allRulesFps), unit: `files/s (${data.allRulesMbPerSec.toFixed(2)} MB/s)` },
        { measure: 'lintText, syntaxOnly', value: Math.round(syntaxOnlyFps), unit: 'files/s' },
      ],
      data,
    };
  },
};
