// (c) A synthetic set of 10,000 job files generated in memory from the corpus: env values renamed,
// stanzas shuffled (whole stanzas, cut at the parser's own stanza spans, so script blocks stay
// intact), and concatenations of 2–3 files. Reports files/s and MB/s (median of 3 passes).
import { MB, bytesOf, distUrl, loadCorpus, median, pick, rng, timeOnce, gc, warmUp } from './util.mjs';

const COUNT = 10_000;
const PASSES = 3;

function renameEnv(text, rand) {
  return text.replace(/^([ \t]*env[ \t]+[A-Za-z_][A-Za-z0-9_]*=)(\S*)/gm, (_m, head) => {
    const n = Math.floor(rand() * 1e6).toString(36);
    return `${head}${rand() < 0.3 ? `"value ${n} with spaces"` : `v_${n}`}`;
  });
}

/** Cuts a file into [prefix, ...stanza chunks] at stanza starts (comments stay with the stanza before). */
function chunks(text, ast) {
  const starts = ast.stanzas.map((s) => s.span.start.offset).filter((o, i, a) => i === 0 || o > a[i - 1]);
  if (starts.length === 0) return { prefix: text, parts: [] };
  // A stanza start is cut at the beginning of its line so indentation stays with it.
  const lineStart = (o) => text.lastIndexOf('\n', o - 1) + 1;
  const cuts = [...new Set(starts.map(lineStart))].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < cuts.length; i++) {
    let part = text.slice(cuts[i], cuts[i + 1] ?? text.length);
    if (!part.endsWith('\n')) part += '\n';
    parts.push(part);
  }
  return { prefix: text.slice(0, cuts[0]), parts };
}

function shuffle(xs, rand) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function generateSet(parse, corpus, count, seed = 42) {
  const rand = rng(seed);
  const split = corpus.map((f) => chunks(f.text, parse(f.text).ast));
  const files = [];
  const kinds = { renamed: 0, shuffled: 0, concatenated: 0, 'shuffled+renamed': 0 };
  for (let i = 0; i < count; i++) {
    const k = i % 4;
    const idx = Math.floor(rand() * corpus.length);
    const base = corpus[idx].text;
    let text;
    if (k === 0) {
      text = renameEnv(base, rand);
      kinds.renamed++;
    } else if (k === 1 || k === 3) {
      const { prefix, parts } = split[idx];
      text = prefix + shuffle(parts, rand).join('');
      if (k === 3) text = renameEnv(text, rand);
      kinds[k === 1 ? 'shuffled' : 'shuffled+renamed']++;
    } else {
      const n = 2 + Math.floor(rand() * 2);
      const pieces = [base];
      for (let j = 1; j < n; j++) pieces.push(pick(rand, corpus).text);
      text = pieces.map((p) => (p.endsWith('\n') ? p : p + '\n')).join('\n');
      kinds.concatenated++;
    }
    files.push(text);
  }
  return { files, kinds };
}

export default {
  name: 'syntheticSet',
  title: '(c) synthetic set of 10,000 files generated from the corpus (median of 3 passes)',
  async run() {
    const { parse } = await import(distUrl('grammar/parse.js'));
    const corpus = loadCorpus();
    const genMs = [];
    let set;
    genMs.push(timeOnce(() => (set = generateSet(parse, corpus, COUNT))));
    const { files, kinds } = set;
    const bytes = files.reduce((n, t) => n + bytesOf(t), 0);
    warmUp(() => {
      for (let i = 0; i < 500; i++) parse(files[i]);
    }, 500);
    const times = [];
    let rejected = 0;
    for (let p = 0; p < PASSES; p++) {
      gc();
      let bad = 0;
      times.push(
        timeOnce(() => {
          for (const t of files) if (parse(t).diagnostics.length > 0) bad++;
        }),
      );
      rejected = bad;
    }
    const ms = median(times);
    const data = {
      files: files.length,
      bytes,
      kinds,
      generationMs: genMs[0],
      medianPassMs: ms,
      filesPerSec: files.length / (ms / 1000),
      mbPerSec: bytes / MB / (ms / 1000),
      filesWithSyntaxDiagnostics: rejected,
    };
    return {
      rows: [
        { measure: 'files (renamed / shuffled / concatenated / both)', value: `${kinds.renamed} / ${kinds.shuffled} / ${kinds.concatenated} / ${kinds['shuffled+renamed']}`, unit: '' },
        { measure: 'total size', value: bytes / MB, unit: 'MB' },
        { measure: 'files with syntax diagnostics', value: rejected, unit: '' },
        { measure: 'pass time (median)', value: ms, unit: 'ms' },
        { measure: 'files per second', value: Math.round(data.filesPerSec), unit: 'files/s' },
        { measure: 'throughput', value: data.mbPerSec, unit: 'MB/s' },
      ],
      data,
    };
  },
};
