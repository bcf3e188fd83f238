#!/usr/bin/env node
// Benchmark (npm run bench: builds, then runs this with --expose-gc). Runs the sections listed in
// scripts/bench/sections.mjs in order, prints a small table for each, and writes every figure to
// bench-out/parser.json. Nothing timed is asserted: the exit code is non-zero only on a crash.
// Run a subset with: node --expose-gc scripts/bench.mjs linearity lintSpeed
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sectionModules } from './bench/sections.mjs';
import { printTable, repoRoot } from './bench/util.mjs';

const only = new Set(process.argv.slice(2));
const started = performance.now();
const results = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  gcExposed: typeof globalThis.gc === 'function',
  sections: {},
};
if (!results.gcExposed) console.log('note: run with --expose-gc for steadier figures (npm run bench does)');

for (const rel of sectionModules) {
  const { default: section } = await import(new URL(rel, new URL('./bench/', import.meta.url)).href);
  if (only.size > 0 && !only.has(section.name)) continue;
  console.log(`\n${section.title}`);
  const t0 = performance.now();
  const { rows, data } = await section.run();
  printTable(rows);
  results.sections[section.name] = { ...data, sectionSeconds: (performance.now() - t0) / 1000 };
}

results.totalSeconds = (performance.now() - started) / 1000;
const outDir = path.join(repoRoot, 'bench-out');
mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'parser.json');
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
console.log(`\ntotal ${results.totalSeconds.toFixed(1)} s; figures written to ${path.relative(process.cwd(), outFile)}`);
