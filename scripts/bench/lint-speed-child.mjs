// One measurement of bench (e), in a process of its own (see lint-speed.mjs): lintText over the
// corpus with every rule of the build in `argv[2]` (a dist directory), after a warm-up long enough
// for V8 to have optimised what it runs. Prints one JSON line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bytesOf, corpusJobs, loadCorpus, median, sampleAtLeast, warmUp } from './util.mjs';

const [dist, warmUpMs, samples] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const { lintText, rules } = await import(pathToFileURL(path.join(dist, 'index.js')).href);
const corpus = loadCorpus();
const jobs = corpusJobs(corpus);
const allOn = Object.fromEntries([...rules.keys()].map((id) => [id, 'error']));
let diagnostics = 0;
for (const j of jobs) diagnostics += lintText(j.text, { filePath: j.filePath, rules: allOn }).length;
const measure = (options) => {
  const pass = () => {
    for (const j of jobs) lintText(j.text, { filePath: j.filePath, ...options });
  };
  warmUp(pass, warmUpMs);
  const fps = [];
  for (let i = 0; i < samples; i++) {
    const { ms, passes } = sampleAtLeast(pass, 1000);
    fps.push((jobs.length * passes) / (ms / 1000));
  }
  return median(fps);
};
const allRulesFilesPerSec = measure({ rules: allOn });
const syntaxOnlyFilesPerSec = measure({ syntaxOnly: true });
const bytes = corpus.reduce((n, f) => n + bytesOf(f.text), 0);
process.stdout.write(`${JSON.stringify({ rules: rules.size, files: jobs.length, bytes, diagnostics, allRulesFilesPerSec, syntaxOnlyFilesPerSec })}\n`);
