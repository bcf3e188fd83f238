// The benchmark's sections, run in this order by scripts/bench.mjs. Later issues append theirs.
// A section module default-exports { name, title, run(): Promise<{ rows, data }> }.
export const sectionModules = [
  './parser-construction.mjs',
  './corpus-throughput.mjs',
  './synthetic-set.mjs',
  './linearity.mjs',
  './lint-speed.mjs',
  './shell.mjs',
  './adversarial.mjs',
  './redos.mjs',
  './cold-start.mjs',
  './bulk.mjs',
  './lsp.mjs',
];
