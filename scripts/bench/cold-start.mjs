// Cold start: linting one job file from a fresh process, next to `node -e 0`, run side by side in
// alternating order (each round runs every command once, in a rotated order), median of RUNS
// rounds (default 21; UPSTART_LINT_BENCH_RUNS overrides, at least 15). The goals: one job file in a
// directory without configuration ≤ 1.3 × `node -e 0`, and with a `.upstart-lint.json` or a
// `.upstart-lint.yaml` (the usual set-up of a repository) ≤ 1.4 ×.
//
// The command runs with its V8 code cache (see scripts/bin-loader.cjs), written by the warm-up
// rounds, as it is for every run after a user's first; rows without the cache
// (UPSTART_LINT_CODE_CACHE=0) and for a first run (empty cache directory) are shown too. Each
// command has a cache directory of its own: a cache holds what its first run compiled, and a
// user's runs in one repository are alike (a YAML configuration every time, or none).
//
// Wall-clock time on a shared machine moves with the load of the other processes, so two figures
// that do not are printed beside it: CPU time (user + sys of each command, the mean over the rounds,
// from the cumulative times of waited-for children in /proc/self/stat, so the 10 ms tick of one
// reading does not matter), and, when valgrind is installed, the instructions each headline
// command executes (valgrind --tool=callgrind, the median of 3 runs each, as runs differ by a few
// million (UPSTART_LINT_BENCH_CALLGRIND_RUNS overrides), after the timed rounds, with the command's
// warm code cache; UPSTART_LINT_BENCH_CALLGRIND=0 leaves it out). The goal lines give
// the ratio for each figure; the load average before and after the rounds is printed.
//
// Every command runs with `--shellcheck false`: the `shellcheck` rule's default (auto) runs the
// system's ShellCheck when it is on PATH, and a figure with it measures ShellCheck's start-up, not
// ours (it made the "scripted" job 120 ms slower). One row with ShellCheck on `auto` is printed for
// information.
//
// NODE_EXTRA_CA_CERTS is removed from every command's environment (and printed when it was set):
// node then parses a certificate bundle at start-up, which makes `node -e 0` several times slower
// and every ratio look better than it is on a machine without it.
//
// Per-step figures come from a probe (scripts/bench/cold-start-probe.ts) bundled exactly like the
// CLI (same esbuild options, loader and cache), which does the CLI's steps for one file with a
// timestamp after each: node start (process start to the first line of the bundle: node itself,
// the loader, reading and compiling the bundle), module load (initialising the engine, formatters
// and loaders), parser construction, configuration, lint, output. When hyperfine is installed its figures for the two headline commands are printed
// too, as a cross-check (hyperfine runs each command in a batch, not alternating).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { median, repoRoot } from './util.mjs';

const RUNS = Math.max(15, Number(process.env.UPSTART_LINT_BENCH_RUNS) || 21);
const WARMUP_ROUNDS = 2;
const GOALS = { lint: 1.3, lintJson: 1.4, lintYaml: 1.4 };
const SHELL_GOAL_MS = 3;

const bin = path.join(repoRoot, 'bin/upstart-lint.js');
const bundleEntry = path.join(repoRoot, 'dist/bin/upstart-lint.cjs');
const unbundled = path.join(repoRoot, 'dist/cli/main.js');
const exampleJob = path.join(repoRoot, 'examples/etc/init/web.conf');
// A job whose main process is a 46-line script (issue 9: the embedded shell adds under 3 ms to a
// cold lint), and the same job with the script replaced by one `exec` line.
const scriptedJob = path.join(repoRoot, 'fixtures/bench/scripted.conf');
function scriptless(text) {
  return text.replace(/^script\n[\s\S]*?^end script\n/m, 'exec /usr/sbin/exampled --foreground\n');
}

async function buildProbe(dir) {
  const { writeBundle } = await import('../build-bin.mjs');
  rmSync(dir, { recursive: true, force: true });
  const r = await writeBundle({ entry: 'scripts/bench/cold-start-probe.ts', dir, name: 'probe' });
  return r.loader;
}

const baseEnv = { ...process.env, NO_COLOR: '1' };
delete baseEnv.NODE_EXTRA_CA_CERTS;

// Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux build that matters.
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** user + sys CPU ms of this process's waited-for children so far; null without /proc. */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3 of proc(5), cutime 16 and cstime 17.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

function runOnce(cmd) {
  cmd.before?.();
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), { cwd: cmd.cwd, input: cmd.input ?? '', encoding: 'utf8', env: { ...baseEnv, ...cmd.env } });
  const ms = performance.now() - t0;
  const cpu1 = childrenCpuMs();
  if (r.error) throw r.error;
  if (r.status !== cmd.expectStatus) {
    throw new Error(`${cmd.label}: exit code ${r.status}, expected ${cmd.expectStatus}\n${r.stdout}${r.stderr}`);
  }
  return { ms, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, stderr: r.stderr };
}

const CALLGRIND_RUNS = Math.max(1, Number(process.env.UPSTART_LINT_BENCH_CALLGRIND_RUNS) || 3);

/** Instructions the command executes (median of CALLGRIND_RUNS), or null without valgrind. */
function instructions(cmd) {
  const counts = [];
  for (let i = 0; i < CALLGRIND_RUNS; i++) {
    const n = instructionsOnce(cmd);
    if (n === null) return null;
    counts.push(n);
  }
  return median(counts);
}

/** Instructions of one run (callgrind's "Collected"), or null. */
function instructionsOnce(cmd) {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...cmd.argv], {
    cwd: cmd.cwd,
    input: cmd.input ?? '',
    encoding: 'utf8',
    env: { ...baseEnv, ...cmd.env },
  });
  if (r.error || r.status !== cmd.expectStatus) return null;
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr);
  return m ? Number(m[1]) : null;
}

const haveValgrind = () => process.env.UPSTART_LINT_BENCH_CALLGRIND !== '0' && spawnSync('valgrind', ['--version']).status === 0;
const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function hyperfine(commands, cwd) {
  if (spawnSync('hyperfine', ['--version']).status !== 0) return null;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'upstart-lint-hyperfine-')), 'h.json');
  const r = spawnSync(
    'hyperfine',
    ['-N', '--style', 'none', '--warmup', '3', '--runs', String(RUNS), '--export-json', out, ...commands],
    { cwd, encoding: 'utf8', env: baseEnv },
  );
  if (r.status !== 0) return null;
  const json = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(path.dirname(out), { recursive: true, force: true });
  return json.results.map((x) => ({ command: x.command, medianMs: x.median * 1000 }));
}

export default {
  name: 'coldStart',
  title: `(g) cold start: one job file from a fresh process vs node -e 0, without configuration and with .upstart-lint.json or .upstart-lint.yaml (alternating, median of ${RUNS} rounds)`,
  async run() {
    if (!existsSync(bundleEntry)) throw new Error(`${bundleEntry} is missing: run \`npm run build\` first (npm run bench does).`);
    const work = mkdtempSync(path.join(tmpdir(), 'upstart-lint-cold-'));
    try {
      // The same job in three repositories (a .git marks the root, where configuration discovery
      // stops): without configuration, with examples/.upstart-lint.yaml, and with the same settings
      // as .upstart-lint.json.
      const repo = (name, config) => {
        const dir = path.join(work, name);
        mkdirSync(path.join(dir, 'etc/init'), { recursive: true });
        mkdirSync(path.join(dir, '.git'));
        copyFileSync(exampleJob, path.join(dir, 'etc/init/web.conf'));
        if (config) writeFileSync(path.join(dir, config.name), config.text);
        return dir;
      };
      const yamlText = readFileSync(path.join(repoRoot, 'examples/.upstart-lint.yaml'), 'utf8');
      const { load } = await import('js-yaml');
      const plainRepo = repo('plain');
      const scripted = readFileSync(scriptedJob, 'utf8');
      writeFileSync(path.join(plainRepo, 'etc/init/scripted.conf'), scripted);
      writeFileSync(path.join(plainRepo, 'etc/init/scriptless.conf'), scriptless(scripted));
      const yamlRepo = repo('yaml', { name: '.upstart-lint.yaml', text: yamlText });
      const jsonRepo = repo('json', { name: '.upstart-lint.json', text: `${JSON.stringify(load(yamlText), null, 2)}\n` });
      const cacheOf = (key) => ({ UPSTART_LINT_CODE_CACHE: path.join(work, 'cache', key) });
      const probe = await buildProbe(path.join(repoRoot, 'bench-out/cold-start-probe'));
      const node = process.execPath;

      const off = ['--shellcheck', 'false'];
      const lintJob = (key, label, cwd) => ({ key, label, argv: [node, bin, ...off, 'etc/init/web.conf'], cwd, env: cacheOf(key), expectStatus: 0 });
      const commands = [
        { key: 'node', label: 'node -e 0', argv: [node, '-e', '0'], cwd: plainRepo, expectStatus: 0 },
        lintJob('lint', 'upstart-lint etc/init/web.conf (no configuration)', plainRepo),
        { key: 'scripted', label: 'upstart-lint etc/init/scripted.conf (a 46-line main script)', argv: [node, bin, ...off, 'etc/init/scripted.conf'], cwd: plainRepo, env: { ...cacheOf('scripted'), UPSTART_LINT_TIMING: '1' }, expectStatus: 0 },
        { key: 'scriptless', label: 'the same job with one exec line instead of the script', argv: [node, bin, ...off, 'etc/init/scriptless.conf'], cwd: plainRepo, env: { ...cacheOf('scriptless'), UPSTART_LINT_TIMING: '1' }, expectStatus: 0 },
        lintJob('lintJson', 'upstart-lint etc/init/web.conf, .upstart-lint.json', jsonRepo),
        lintJob('lintYaml', 'upstart-lint etc/init/web.conf, .upstart-lint.yaml', yamlRepo),
        {
          key: 'stdin',
          label: 'upstart-lint --stdin --stdin-filename (editor)',
          argv: [node, bin, ...off, '--format', 'unix', '--stdin', '--stdin-filename', 'etc/init/web.conf'],
          cwd: plainRepo,
          env: cacheOf('stdin'),
          input: readFileSync(exampleJob, 'utf8'),
          expectStatus: 0,
        },
        {
          key: 'noCache',
          label: 'upstart-lint etc/init/web.conf, no code cache',
          argv: [node, bin, ...off, 'etc/init/web.conf'],
          cwd: plainRepo,
          env: { UPSTART_LINT_CODE_CACHE: '0' },
          expectStatus: 0,
        },
        {
          key: 'firstRun',
          label: 'upstart-lint etc/init/web.conf, first run (writes the cache)',
          argv: [node, bin, ...off, 'etc/init/web.conf'],
          cwd: plainRepo,
          env: { UPSTART_LINT_CODE_CACHE: path.join(work, 'first-run-cache') },
          before: () => rmSync(path.join(work, 'first-run-cache'), { recursive: true, force: true }),
          expectStatus: 0,
        },
        // --version writes no cache of its own (scripts/bin-loader.cjs): it runs with the cache a
        // lint run wrote, as it does for a user who lints.
        { key: 'version', label: 'upstart-lint --version (with the lint run\'s code cache)', argv: [node, bin, '--version'], cwd: plainRepo, env: cacheOf('lint'), expectStatus: 0 },
        { key: 'sarif', label: 'upstart-lint -f sarif etc/init/web.conf', argv: [node, bin, ...off, '-f', 'sarif', 'etc/init/web.conf'], cwd: plainRepo, env: cacheOf('sarif'), expectStatus: 0 },
        { key: 'shellcheckAuto', label: 'upstart-lint etc/init/scripted.conf, ShellCheck auto (information)', argv: [node, bin, 'etc/init/scripted.conf'], cwd: plainRepo, env: cacheOf('shellcheckAuto'), expectStatus: 0 },
        { key: 'probe', label: 'probe (bundled like the CLI, per step)', argv: [node, probe, 'etc/init/web.conf'], cwd: plainRepo, env: cacheOf('probe'), expectStatus: 0 },
        { key: 'probeScripted', label: 'probe, etc/init/scripted.conf', argv: [node, probe, 'etc/init/scripted.conf'], cwd: plainRepo, env: cacheOf('probeScripted'), expectStatus: 0 },
        { key: 'probeScriptless', label: 'probe, the same job without the script', argv: [node, probe, 'etc/init/scriptless.conf'], cwd: plainRepo, env: cacheOf('probeScriptless'), expectStatus: 0 },
      ];
      if (existsSync(unbundled)) {
        commands.push({ key: 'unbundled', label: 'node dist/cli/main.js (tsc output, unbundled)', argv: [node, unbundled, ...off, 'etc/init/web.conf'], cwd: plainRepo, expectStatus: 0 });
      }

      const times = Object.fromEntries(commands.map((c) => [c.key, []]));
      const cpu = Object.fromEntries(commands.map((c) => [c.key, []]));
      const steps = [];
      // The CPU time the CLI reports for itself (UPSTART_LINT_TIMING=1: process.cpuUsage() at the
      // end of the run, in µs), for the scripted/scriptless pair: /proc's child times count in
      // ticks of 10 ms, too coarse for a difference of a few ms.
      const selfCpu = { scripted: [], scriptless: [] };
      const loadBefore = loadAverage();
      for (let round = 0; round < WARMUP_ROUNDS + RUNS; round++) {
        const order = commands.map((_, i) => commands[(i + round) % commands.length]);
        for (const cmd of order) {
          const { ms, cpuMs, stderr } = runOnce(cmd);
          if (round < WARMUP_ROUNDS) continue;
          times[cmd.key].push(ms);
          if (cpuMs !== null) cpu[cmd.key].push(cpuMs);
          if (cmd.key === 'probe') steps.push(JSON.parse(stderr.trim().split('\n').pop()));
          if (cmd.key in selfCpu) {
            const m = /timing: .*run ([\d.]+) ms \(CPU\)/.exec(stderr);
            if (!m) throw new Error(`${cmd.label}: no timing line on standard error`);
            selfCpu[cmd.key].push(Number(m[1]));
          }
        }
      }

      const loadAfter = loadAverage();
      const base = median(times.node);
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const cpuMean = Object.fromEntries(commands.map((c) => [c.key, cpu[c.key].length === RUNS ? mean(cpu[c.key]) : null]));
      const rows = commands.map((c) => ({
        command: c.label,
        'median ms': median(times[c.key]),
        'min ms': Math.min(...times[c.key]),
        '× node -e 0': median(times[c.key]) / base,
        'CPU ms': cpuMean[c.key] ?? '',
        'CPU ×': cpuMean[c.key] !== null && cpuMean.node ? cpuMean[c.key] / cpuMean.node : '',
      }));
      const stepNames = ['nodeStart', 'moduleLoad', 'parserConstruction', 'config', 'project', 'lint', 'output', 'total'];
      const stepMedians = Object.fromEntries(stepNames.map((k) => [k, median(steps.map((s) => s[k]))]));
      for (const k of stepNames) rows.push({ command: `  step: ${k}`, 'median ms': stepMedians[k], 'min ms': Math.min(...steps.map((s) => s[k])), '× node -e 0': '' });

      const ratios = Object.fromEntries(Object.keys(GOALS).map((k) => [k, median(times[k]) / base]));
      const cpuRatios = cpuMean.node ? Object.fromEntries(Object.keys(GOALS).map((k) => [k, cpuMean[k] / cpuMean.node])) : null;
      let instr = null;
      if (haveValgrind()) {
        instr = {};
        for (const key of ['node', ...Object.keys(GOALS), 'scripted', 'scriptless']) instr[key] = instructions(commands.find((c) => c.key === key));
        if (Object.values(instr).some((x) => x === null)) instr = null;
      }
      const instrRatios = instr ? Object.fromEntries(Object.keys(GOALS).map((k) => [k, instr[k] / instr.node])) : null;
      if (instr) {
        for (const key of ['node', ...Object.keys(GOALS), 'scripted', 'scriptless']) {
          const label = commands.find((c) => c.key === key)?.label ?? key;
          rows.push({ command: `  instructions: ${label}`, 'median ms': `${(instr[key] / 1e6).toFixed(1)} M`, 'min ms': '', '× node -e 0': instr[key] / instr.node });
        }
      }
      const hf = hyperfine([`${node} -e 0`, `${node} ${bin} --shellcheck false etc/init/web.conf`], plainRepo);
      if (hf) {
        for (const h of hf) rows.push({ command: `  hyperfine: ${h.command.replace(node, 'node').replace(bin, 'bin/upstart-lint.js')}`, 'median ms': h.medianMs, 'min ms': '', '× node -e 0': h.medianMs / hf[0].medianMs });
      }
      for (const [key, goal] of Object.entries(GOALS)) {
        const label = commands.find((c) => c.key === key)?.label.replace(/^upstart-lint etc\/init\/web\.conf,? ?/, '') ?? key;
        const verdict = (r) => `${r.toFixed(2)} ${r <= goal ? 'met' : 'NOT met'}`;
        const figures = [`wall ${verdict(ratios[key])}`];
        if (cpuRatios) figures.push(`CPU ${verdict(cpuRatios[key])}`);
        if (instrRatios) figures.push(`instructions ${verdict(instrRatios[key])}`);
        rows.push({ command: `goal: ${label || 'no configuration'} ≤ ${goal} × node -e 0`, 'median ms': '', 'min ms': '', '× node -e 0': figures.join(', ') });
      }
      rows.push({ command: `load average (1, 5, 15 min): ${loadBefore} before the rounds, ${loadAfter} after (${os.cpus().length} CPUs)`, 'median ms': '', 'min ms': '', '× node -e 0': '' });
      // What the embedded shell adds to a cold lint: the two jobs run next to each other in every
      // round, so the median of the per-round differences of their CPU time (node's own start-up
      // cancels out) is what the script costs. The CPU time is the one each run reports for itself.
      let shellAdds = null;
      if (selfCpu.scripted.length > 0 && selfCpu.scripted.length === selfCpu.scriptless.length) {
        shellAdds = median(selfCpu.scripted.map((t, i) => t - selfCpu.scriptless[i]));
        rows.push({ command: `goal: a 46-line script adds < ${SHELL_GOAL_MS} ms CPU (median of per-round differences)`, 'median ms': shellAdds, 'min ms': '', '× node -e 0': shellAdds < SHELL_GOAL_MS ? 'met' : 'NOT met' });
        if (instr) rows.push({ command: '  the same in instructions (load-independent)', 'median ms': `${((instr.scripted - instr.scriptless) / 1e6).toFixed(1)} M`, 'min ms': '', '× node -e 0': '' });
      }
      if (process.env.NODE_EXTRA_CA_CERTS) rows.push({ command: 'note: NODE_EXTRA_CA_CERTS is set here; removed for these runs', 'median ms': '', 'min ms': '', '× node -e 0': '' });

      return {
        rows,
        data: {
          runs: RUNS,
          medianMs: Object.fromEntries(commands.map((c) => [c.key, median(times[c.key])])),
          ratios,
          cpuMeanMs: cpuMean,
          cpuRatios,
          instructions: instr,
          instructionRatios: instrRatios,
          load: { before: loadBefore, after: loadAfter },
          goals: GOALS,
          goalsMet: Object.fromEntries(Object.entries(GOALS).map(([k, g]) => [k, ratios[k] <= g])),
          stepsMedianMs: stepMedians,
          hyperfine: hf,
          shellAddsMs: shellAdds,
          shellGoalMet: shellAdds !== null && shellAdds < SHELL_GOAL_MS,
        },
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
