// (b) Parser throughput over the whole shared corpus: one sample = full passes over every file
// until ≥ 1 s of work; median of 5 samples.
import { MB, bytesOf, distUrl, loadCorpus, median, sampleAtLeast, warmUp } from './util.mjs';

const SAMPLES = 5;

export default {
  name: 'corpusThroughput',
  title: '(b) parse throughput over the corpus (≥ 1 s per sample, median of 5)',
  async run() {
    const { parse } = await import(distUrl('grammar/parse.js'));
    const corpus = loadCorpus();
    const texts = corpus.map((f) => f.text);
    const bytes = texts.reduce((n, t) => n + bytesOf(t), 0);
    warmUp(() => {
      for (const t of texts) parse(t);
    }, 1000);
    const mbps = [];
    const fps = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { ms, passes } = sampleAtLeast(() => {
        for (const t of texts) parse(t);
      }, 1000);
      mbps.push((bytes * passes) / MB / (ms / 1000));
      fps.push((texts.length * passes) / (ms / 1000));
    }
    const data = { files: texts.length, bytes, mbPerSec: median(mbps), filesPerSec: median(fps), samplesMbPerSec: mbps };
    return {
      rows: [
        { measure: 'files', value: data.files, unit: '' },
        { measure: 'size', value: bytes / 1024, unit: 'KiB' },
        { measure: 'throughput (median)', value: data.mbPerSec, unit: 'MB/s' },
        { measure: 'throughput min / max', value: `${Math.min(...mbps).toFixed(2)} / ${Math.max(...mbps).toFixed(2)}`, unit: 'MB/s' },
        { measure: 'files per second (median)', value: Math.round(data.filesPerSec), unit: 'files/s' },
      ],
      data,
    };
  },
};
