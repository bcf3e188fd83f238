/**
 * Entry of the cold-start probe (bundled by scripts/bench/cold-start.mjs exactly like the CLI:
 * same esbuild options, same loader and code cache, skipped grammar validation). Does what the
 * CLI does for one job file, in the same order, with a timestamp after each step, and prints the
 * timings as JSON on standard error. `performance.now()` counts from the start of the process, so
 * the first figure is node's own start-up plus the loader and the bundle's top level.
 *
 * Usage: node probe.mjs FILE
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src/core/diagnostic.js';

const tStart = performance.now();

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  const [api, fmt, cfg] = await Promise.all([
    import('../../src/index.js'),
    import('../../src/formatters/index.js'),
    import('../../src/load/load-config.js'),
    import('../../src/load/find-files.js'),
    import('../../src/load/read-job.js'),
  ]);
  const tLoaded = performance.now();

  api.parse('');
  const tParser = performance.now();

  const loader = new cfg.ConfigLoader(api.rules, { rules: {}, inlineConfig: true }, process.cwd());
  const config = await loader.forFile(file);
  const tConfig = performance.now();

  const text = readFileSync(file, 'utf8');
  const messages: Diagnostic[] = api.lintText(text, { filePath: file, rules: config.rules });
  const tLint = performance.now();

  const formatter = await fmt.loadFormatter('stylish');
  const count = (s: string): number => messages.filter((m) => m.severity === s).length;
  const out = formatter(
    [
      {
        filePath: file,
        messages,
        source: text,
        errorCount: count('error'),
        warningCount: count('warning'),
        infoCount: count('info'),
        fatalErrorCount: messages.filter((m) => m.fatal).length,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ],
    { cwd: process.cwd(), color: 0, rules: api.rules, toolVersion: '0' },
  );
  await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  const tOutput = performance.now();

  process.stderr.write(
    `${JSON.stringify({
      nodeStart: tStart,
      moduleLoad: tLoaded - tStart,
      parserConstruction: tParser - tLoaded,
      config: tConfig - tParser,
      lint: tLint - tConfig,
      output: tOutput - tLint,
      total: tOutput,
      configFiles: config.configFiles.length,
    })}\n`,
  );
}

void main();
