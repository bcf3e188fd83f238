// (a) Parser construction: what a fresh process pays before the first parse (module import,
// chevrotain grammar recording, lexer set-up), measured in child processes, apart from the
// steady-state cost of a parse.
import { execFileSync } from 'node:child_process';
import { distUrl, median, sampleAtLeast } from './util.mjs';

const CHILD_RUNS = 5;

function child(code) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

export default {
  name: 'parserConstruction',
  title: '(a) parser construction (fresh child process, median of 5) vs steady state',
  async run() {
    const chevrotainUrl = import.meta.resolve('chevrotain');
    const parseUrl = distUrl('grammar/parse.js');
    const baseline = [];
    const importParse = [];
    const firstParse = [];
    const secondParse = [];
    for (let i = 0; i < CHILD_RUNS; i++) {
      baseline.push(
        child(`const t0 = performance.now(); await import(${JSON.stringify(chevrotainUrl)});
console.log(JSON.stringify({ ms: performance.now() - t0 }));`).ms,
      );
      const r = child(`const t0 = performance.now();
const m = await import(${JSON.stringify(parseUrl)});
const t1 = performance.now();
m.parse('');
const t2 = performance.now();
m.parse('');
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 }));`);
      importParse.push(r.importMs);
      firstParse.push(r.firstMs);
      secondParse.push(r.secondMs);
    }

    const { parse } = await import(parseUrl);
    parse('');
    const s = sampleAtLeast(() => {
      for (let i = 0; i < 1000; i++) parse('');
    }, 300);
    const steadyEmptyUs = (s.ms * 1000) / (s.passes * 1000);
    const small = 'description "x"\nstart on runlevel [2345]\nrespawn\nexec /bin/true\n';
    const s2 = sampleAtLeast(() => {
      for (let i = 0; i < 1000; i++) parse(small);
    }, 300);
    const steadySmallUs = (s2.ms * 1000) / (s2.passes * 1000);

    const data = {
      chevrotainImportMs: median(baseline),
      parseModuleImportMs: median(importParse),
      firstParseEmptyMs: median(firstParse),
      secondParseEmptyMs: median(secondParse),
      constructionTotalMs: median(importParse.map((v, i) => v + (firstParse[i] ?? 0))),
      steadyParseEmptyUs: steadyEmptyUs,
      steadyParseSmallJobUs: steadySmallUs,
    };
    const rows = [
      { measure: 'import chevrotain alone (child)', value: data.chevrotainImportMs, unit: 'ms' },
      { measure: 'import dist/grammar/parse.js (child)', value: data.parseModuleImportMs, unit: 'ms' },
      { measure: "first parse('') after import (child)", value: data.firstParseEmptyMs, unit: 'ms' },
      { measure: "second parse('') (child)", value: data.secondParseEmptyMs, unit: 'ms' },
      { measure: 'construction total: import + first parse', value: data.constructionTotalMs, unit: 'ms' },
      { measure: "steady state parse('')", value: data.steadyParseEmptyUs, unit: 'µs' },
      { measure: 'steady state parse(4-line job)', value: data.steadyParseSmallJobUs, unit: 'µs' },
    ];
    return { rows, data };
  },
};
