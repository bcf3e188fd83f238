// Bulk: one CLI run over a generated tree of job files (default 10,000; UPSTART_LINT_BULK_FILES
// overrides), made from the shared corpus with deterministic variations and laid out where upstart
// reads jobs (etc/init/…, home/*/.init/, home/*/.config/upstart/, etc/xdg/upstart/,
// usr/share/upstart/sessions/, with some .override companions). Reports wall time, files per
// second and the peak RSS of the CLI process, also for a quarter of the tree, so that growth with
// the number of files shows. Peak RSS is process.resourceUsage().maxRSS read in the CLI process
// itself at exit, by a preloaded module (node --import), written to a file, with the process's CPU
// time (user + system), which other processes on a busy machine do not inflate as they do wall time.
//
// Project model on and off: the full tree is linted alternately with the model (the default) and
// with --no-project, UPSTART_LINT_BULK_REPEATS times each (default 5); the medians and the ratio of
// the CPU medians are printed (issue 11's goal: on costs at most 1.25 x off, peak RSS under 150 MB).
//
// Worker pool question: the same files linted in-process by one thread, then split across two
// worker_threads (node's own, no pool library), to show what a pool could gain on this machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MB, distUrl, loadCorpus, median, pick, repoRoot, rng } from './util.mjs';

const FILES = Math.max(100, Number(process.env.UPSTART_LINT_BULK_FILES) || 10_000);
const REPEATS = Math.max(1, Number(process.env.UPSTART_LINT_BULK_REPEATS) || 5);
const bin = path.join(repoRoot, 'bin/upstart-lint.js');

const LOCATIONS = [
  (u, g) => `etc/init/${g}`,
  (u) => `home/${u}/.init`,
  (u, g) => `home/${u}/.config/upstart/${g}`,
  () => 'etc/xdg/upstart',
  () => 'usr/share/upstart/sessions',
];

/** Small, deterministic edits so that no two files are identical. */
const VARIATIONS = [
  (t, i) => `# variant ${i}\n${t}`,
  (t, i) => `${t}${t.endsWith('\n') ? '' : '\n'}env BENCH_INDEX=${i}\n`,
  (t) => t.replace(/^respawn$/m, 'respawn\nrespawn limit 10 5'),
  (t) => `${t}${t.endsWith('\n') ? '' : '\n'}setuid nobody\nsetgid nogroup\n`,
  (t, i) => t.replace(/^description\s+"([^"]*)"/m, (_, d) => `description "${d} (${i})"`),
  (t) => t.replace(/\n/g, '\n\n'),
];

/** Writes `count` files under `dir` (about 1 in 12 jobs also gets an .override); returns the count. */
export function generateTree(dir, count, seed = 1) {
  const corpus = loadCorpus();
  const rand = rng(seed);
  let written = 0;
  for (let i = 0; written < count; i++) {
    const src = corpus[i % corpus.length];
    const user = `u${Math.floor(rand() * 40)}`;
    const group = `g${Math.floor(i / 200)}`;
    const where = path.join(dir, pick(rand, LOCATIONS)(user, group));
    mkdirSync(where, { recursive: true });
    let text = src.text;
    for (let k = 0; k < 2; k++) text = pick(rand, VARIATIONS)(text, i);
    const name = `${src.name.replace(/\.[^.]+$/, '')}-${i}`;
    writeFileSync(path.join(where, `${name}.conf`), text);
    written++;
    if (written < count && rand() < 1 / 12) {
      writeFileSync(path.join(where, `${name}.override`), `# local change ${i}\nnice ${i % 20}\n`);
      written++;
    }
  }
  return written;
}

function runCli(dir, extra = []) {
  const rssFile = path.join(os.tmpdir(), `upstart-lint-rss-${process.pid}-${Date.now()}.json`);
  const preload = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});`,
  )}`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, bin, '-f', 'unix', ...extra, '.'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * MB,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`upstart-lint exited ${r.status}: ${r.stderr.toString().slice(0, 2000)}`);
  const { maxRssKb, cpuUs } = JSON.parse(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  const lines = r.stdout.toString().split('\n').filter((l) => l !== '').length;
  return { ms, cpuMs: cpuUs / 1000, maxRssMb: maxRssKb / 1024, diagnostics: lines, exitCode: r.status };
}

/**
 * Lints `files` in `threads` worker threads (an even split). Returns the wall time of the whole
 * run (threads started to last result) and of the lint phase alone (the slowest worker's time
 * after it had loaded the engine).
 */
async function lintInWorkers(files, threads) {
  const apiUrl = distUrl('index.js');
  const code = `
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const { lintText } = await import(${JSON.stringify(apiUrl)});
lintText('', { filePath: '/etc/init/warm-up.conf' });
const t0 = performance.now();
let n = 0;
for (const f of workerData) n += lintText(readFileSync(f, 'utf8'), { filePath: f }).length;
parentPort.postMessage({ n, lintMs: performance.now() - t0 });`;
  const url = new URL(`data:text/javascript,${encodeURIComponent(code)}`);
  const t0 = performance.now();
  const parts = Array.from({ length: threads }, (_, k) => files.filter((_, i) => i % threads === k));
  const results = await Promise.all(
    parts.map(
      (part) =>
        new Promise((resolve, reject) => {
          const w = new Worker(url, { workerData: part });
          w.once('message', (m) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  return { wallMs: performance.now() - t0, lintMs: Math.max(...results.map((r) => r.lintMs)) };
}

function listConf(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.conf')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export default {
  name: 'bulk',
  title: `(h) bulk: one CLI run over a generated tree of ${FILES.toLocaleString('en-US')} job files (and a quarter and four times as many)`,
  async run() {
    const work = mkdtempSync(path.join(os.tmpdir(), 'upstart-lint-bulk-'));
    try {
      const rows = [];
      const data = { files: FILES, runs: [] };
      for (const n of [Math.round(FILES / 4), FILES, FILES * 4]) {
        const dir = path.join(work, `tree-${n}`);
        const t0 = performance.now();
        const written = generateTree(dir, n);
        const genMs = performance.now() - t0;
        // ShellCheck off here (its run is the row below), so that these figures compare with earlier ones.
        const r = runCli(dir, ['--shellcheck', 'false']);
        // The full tree is kept for the worker experiment below; the others can go now.
        if (n !== FILES) rmSync(dir, { recursive: true, force: true });
        rows.push({
          files: written,
          'wall s': r.ms / 1000,
          'cpu s': r.cpuMs / 1000,
          'files/s': Math.round(written / (r.ms / 1000)),
          'peak RSS MB': r.maxRssMb,
          'output lines': r.diagnostics,
          exit: r.exitCode,
        });
        data.runs.push({ files: written, wallMs: r.ms, cpuMs: r.cpuMs, filesPerSecond: written / (r.ms / 1000), peakRssMb: r.maxRssMb, outputLines: r.diagnostics, exitCode: r.exitCode, generateMs: genMs });
      }

      // Project model on and off, alternating so that a change in the machine's load hits both.
      const full = path.join(work, `tree-${FILES}`);
      const samples = { on: [], off: [] };
      for (let i = 0; i < REPEATS; i++) {
        samples.on.push(runCli(full, ['--shellcheck', 'false']));
        samples.off.push(runCli(full, ['--no-project', '--shellcheck', 'false']));
      }
      const summary = {};
      for (const mode of ['on', 'off']) {
        const xs = samples[mode];
        summary[mode] = {
          wallMs: median(xs.map((x) => x.ms)),
          cpuMs: median(xs.map((x) => x.cpuMs)),
          peakRssMb: Math.max(...xs.map((x) => x.maxRssMb)),
          outputLines: xs[0].diagnostics,
          cpuMsEach: xs.map((x) => x.cpuMs),
        };
        const s = summary[mode];
        rows.push({
          files: `${FILES} (model ${mode}, median of ${REPEATS})`,
          'wall s': s.wallMs / 1000,
          'cpu s': s.cpuMs / 1000,
          'files/s': Math.round(FILES / (s.wallMs / 1000)),
          'peak RSS MB': s.peakRssMb,
          'output lines': s.outputLines,
          exit: xs[0].exitCode,
        });
      }
      data.project = { repeats: REPEATS, on: summary.on, off: summary.off, cpuRatio: summary.on.cpuMs / summary.off.cpuMs, wallRatio: summary.on.wallMs / summary.off.wallMs };
      rows.push({
        files: `model on / off (goal <= 1.25, peak RSS < 150 MB)`,
        'wall s': `x${data.project.wallRatio.toFixed(2)}`,
        'cpu s': `x${data.project.cpuRatio.toFixed(2)}`,
        'files/s': '',
        'peak RSS MB': '',
        'output lines': '',
        exit: '',
      });

      // The full tree again with ShellCheck on (issue 9): the rule `shellcheck` runs the system
      // program over every process's shell, in batches. Peak RSS is the CLI's own (ShellCheck's
      // processes are separate: about 110 MB each, two at a time).
      if (spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0) {
        const r = runCli(path.join(work, `tree-${FILES}`), ['--shellcheck', 'true']);
        const written = data.runs.find((x) => x.outputLines !== undefined && x.files >= FILES)?.files ?? FILES;
        rows.push({ files: `${written}, shellcheck on`, 'wall s': r.ms / 1000, 'cpu s': r.cpuMs / 1000, 'files/s': Math.round(written / (r.ms / 1000)), 'peak RSS MB': r.maxRssMb, 'output lines': r.diagnostics, exit: r.exitCode });
        data.shellcheck = { files: written, wallMs: r.ms, cpuMs: r.cpuMs, filesPerSecond: written / (r.ms / 1000), peakRssMb: r.maxRssMb, outputLines: r.diagnostics, exitCode: r.exitCode };
      } else {
        rows.push({ files: 'shellcheck on: not measured (no shellcheck on PATH)', 'wall s': '', 'files/s': '', 'peak RSS MB': '', 'output lines': '', exit: '' });
      }

      // Worker pool experiment on the full tree's .conf files (the load average is printed too:
      // on a busy machine a second thread has no idle core to run on).
      const files = listConf(path.join(work, `tree-${FILES}`));
      const one = await lintInWorkers(files, 1);
      const two = await lintInWorkers(files, 2);
      const load = os.loadavg()[0];
      data.workers = { cpus: os.cpus().length, loadAverage1m: load, files: files.length, one, two, speedupWall: one.wallMs / two.wallMs, speedupLint: one.lintMs / two.lintMs };
      for (const [label, r] of [['1 worker thread', one], ['2 worker threads', two]]) {
        rows.push({
          files: `lint only, ${label}`,
          'wall s': r.wallMs / 1000,
          'cpu s': '',
          'files/s': Math.round(files.length / (r.lintMs / 1000)),
          'peak RSS MB': '',
          'output lines': `lint phase ${(r.lintMs / 1000).toFixed(2)} s`,
          exit: r === two ? `×${(one.lintMs / two.lintMs).toFixed(2)}` : '',
        });
      }
      rows.push({ files: `cpus ${os.cpus().length}, load average ${load.toFixed(2)}`, 'wall s': '', 'cpu s': '', 'files/s': '', 'peak RSS MB': '', 'output lines': '', exit: '' });
      return { rows, data };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

