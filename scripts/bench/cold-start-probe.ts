/**
 * Entry of the cold-start probe (bundled by scripts/bench/cold-start.mjs exactly like the CLI:
 * same esbuild options, same loader and code cache, skipped grammar validation). Does what the
 * CLI does for one job file with `--shellcheck false` (the bench runs every command so), in the
 * same order, with a timestamp after each step, and prints the timings as JSON on standard error:
 * no ShellCheck step; the project model's pass as the CLI runs it for one named file; the stylish
 * stream without colour (standard output is a pipe), written to file descriptor 1 (the CLI builds
 * no process.stdout stream). `performance.now()` counts from the start of the process, so the
 * first figure is node's own start-up plus the loader and the bundle's top level.
 *
 * Usage: node probe.mjs FILE
 */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';

const tStart = performance.now();

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  const [api, fmt, files, lint] = await Promise.all([
    import('../../src/index.js'),
    import('../../src/formatters/index.js'),
    import('../../src/load/find-files.js'),
    import('../../src/lint/file-linter.js'),
  ]);
  const tLoaded = performance.now();

  api.parse('');
  const tParser = performance.now();

  const path = resolve(file);
  const cwd = process.cwd();
  const linter = new lint.FileLinter({
    registry: api.rules,
    cwd,
    config: { rules: {}, inlineConfig: true },
    shellcheck: { mode: false, modeSource: '--shellcheck false' },
  });
  const config = await linter.loader.forFile(path);
  const tConfig = performance.now();

  const isIgnored = async (abs: string): Promise<boolean> => linter.isIgnored(abs);
  const { gatherProject, nginxWatcher } = await import('../../src/load/project.js');
  const nginxSeen = nginxWatcher();
  const found = files.findFiles([file], { cwd, gitignore: true, isIgnored, also: nginxSeen.also });
  const gathered = await gatherProject({ cwd, patterns: [file], found, nginxSeen, gitignore: true, isIgnored });
  linter.useProject(gathered.model);
  const tProject = performance.now();

  const outcome = await linter.lintFile({ path });
  const result = outcome.results[0];
  if (!result) throw new Error(`cannot lint ${file}: ${outcome.errors.join('; ')}`);
  const messages = result.messages;
  const text = result.source;
  const tLint = performance.now();

  // As the CLI writes to a pipe: the stylish stream without colour (chalk is not loaded).
  const make = await fmt.loadStreamFormatter('stylish', { color: 0 });
  const stream = make({ cwd, color: 0, rules: api.rules, docsUrl: api.docsUrl, toolVersion: '0' });
  const count = (s: string): number => messages.filter((m) => m.severity === s).length;
  const lintResult = {
    filePath: file,
    messages,
    source: text,
    errorCount: count('error'),
    warningCount: count('warning'),
    infoCount: count('info'),
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
  const totals = fmt.emptyTotals();
  fmt.addToTotals(totals, lintResult);
  const out = stream.begin() + stream.file(lintResult) + stream.end(totals);
  if (out !== '') writeSync(1, out);
  const tOutput = performance.now();

  process.stderr.write(
    `${JSON.stringify({
      nodeStart: tStart,
      moduleLoad: tLoaded - tStart,
      parserConstruction: tParser - tLoaded,
      config: tConfig - tParser,
      project: tProject - tConfig,
      lint: tLint - tProject,
      output: tOutput - tLint,
      total: tOutput,
      configFiles: config.configFiles.length,
    })}\n`,
  );
}

void main();
