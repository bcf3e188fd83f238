// (i) The language server (`upstart-lint --lsp`, the built command), driven over its standard
// input and output the way an editor drives it:
//   - start to first diagnostics: from spawning the process to the publishDiagnostics of a job
//     opened right after `initialize` (median of RUNS starts; goal ≤ 300 ms);
//   - re-lint after a one-character edit of a 1,000-line job: what the server does for an edit
//     (update the document, lint it through the file-linting layer, convert the diagnostics and
//     serialise them), timed in this process (median of EDITS edits; goal ≤ 5 ms); and end to end,
//     from sending didChange to receiving the diagnostics of that version with the debounce set
//     to 0, which adds the pipes and the scheduling of two processes;
//   - with ShellCheck on (the real `shellcheck`, when it is installed): from didChange to the first
//     diagnostics (the core's, published at once) and to ShellCheck's answer (the second publish),
//     median of SC_EDITS edits of the job's 390-line pre-start script, debounce 0;
//   - memory over 10,000 such edits, each linted and waited for: the server process's resident set
//     size (VmRSS) every 1,000 edits, and the live heap (after a full collection) of the same
//     server run in this process at 1,000 and 10,000 edits, which should stay flat (RSS also holds
//     garbage V8 has not collected yet, so it creeps up slowly before it levels off).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distUrl, gc, median, repoRoot } from './util.mjs';

const RUNS = Math.max(5, Number(process.env.UPSTART_LINT_BENCH_RUNS) || 15);
const EDITS = 300;
/** Edits timed with ShellCheck on (each waits for ShellCheck, about 0.6 s). */
const SC_EDITS = Math.max(5, Number(process.env.UPSTART_LINT_BENCH_RUNS) || 15);
// UPSTART_LINT_BENCH_MEMORY_EDITS shortens the memory part on a busy machine (at least 2,000, so
// that there are two points to compare).
const MEMORY_EDITS = Math.max(2000, Number(process.env.UPSTART_LINT_BENCH_MEMORY_EDITS) || 10_000);

const bin = path.join(repoRoot, 'bin/upstart-lint.js');

/** A 1,000-line job: a few stanzas, env lines, and two long scripts (what large real jobs hold). */
export function thousandLineJob() {
  const lines = ['description "a large job"', 'start on (local-filesystems and net-device-up IFACE!=lo)', 'stop on runlevel [!2345]', 'setuid app', 'setgid app', 'respawn', 'respawn limit 10 5', 'kill timeout 30'];
  for (let i = 0; lines.length < 200; i++) lines.push(`env SETTING_${i}=value-${i}`);
  lines.push('pre-start script');
  for (let i = 0; lines.length < 590; i++) lines.push(`  [ -d /var/lib/app/part${i} ] || mkdir -p /var/lib/app/part${i}`);
  lines.push('end script');
  lines.push('script');
  for (let i = 0; lines.length < 998; i++) lines.push(`  echo "step ${i}" >> /var/log/app/start.log`);
  lines.push('  exec /usr/bin/app --foreground');
  lines.push('end script');
  return `${lines.join('\n')}\n`;
}

/** A client of the server: in a child process (`upstart-lint --lsp`), or in this one (`inProcess`). */
class Server {
  constructor(cwd, inProcess, PassThrough) {
    this.t0 = performance.now();
    if (inProcess) {
      const input = new PassThrough();
      const output = new PassThrough();
      inProcess({ input, output });
      this.stdin = input;
      output.on('data', (chunk) => this.read(chunk));
    } else {
      this.child = spawn(process.execPath, [bin, '--lsp'], { cwd, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, UPSTART_LINT_CODE_CACHE: path.join(cwd, 'code-cache') } });
      this.stdin = this.child.stdin;
      this.child.stdout.on('data', (chunk) => this.read(chunk));
    }
    this.buffer = Buffer.alloc(0);
    this.waiting = new Map();
    this.onPublish = null;
    this.nextId = 1;
  }

  read(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && this.waiting.has(message.id)) {
        this.waiting.get(message.id)(message.result);
        this.waiting.delete(message.id);
      } else if (message.id !== undefined && message.method) {
        this.write({ jsonrpc: '2.0', id: message.id, result: null });
      } else if (message.method === 'textDocument/publishDiagnostics') {
        this.onPublish?.(message.params);
      }
    }
  }

  write(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the diagnostics published for `uri` at `version`. */
  published(uri, version) {
    return this.publishedWhere((p) => p.uri === uri && (version === undefined || p.version === version));
  }

  /** Resolves with the first diagnostics published from now on that pass `test`. */
  publishedWhere(test) {
    return new Promise((resolve) => {
      this.onPublish = (p) => {
        if (test(p)) {
          this.onPublish = null;
          resolve(p);
        }
      };
    });
  }

  /** CPU time the server's threads have used so far, in milliseconds (the schedstat of each of its threads). */
  cpuMs() {
    let ns = 0;
    for (const task of readdirSync(`/proc/${this.child.pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${this.child.pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // a thread that ended meanwhile
      }
    }
    return ns / 1e6;
  }

  rss() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  }

  async start(folder, debounce) {
    // No processId in process: the library would watch this process with a timer that never ends.
    await this.request('initialize', { processId: this.child ? process.pid : null, rootUri: pathToFileURL(folder).href, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }], capabilities: {}, initializationOptions: { debounce } });
    this.notify('initialized', {});
  }

  async stop() {
    await this.request('shutdown', null);
    this.notify('exit');
    await new Promise((resolve) => this.child.on('exit', resolve));
  }
}

/** Whether a `shellcheck` program is on PATH (what the server's `auto` looks for). */
function shellcheckInstalled() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(path.join(dir, 'shellcheck'), fsConstants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * From didChange to the first publish and to ShellCheck's (the publish with a `shellcheck`
 * finding: the job's main script has one, `$APP_OPTS` unquoted), for SC_EDITS edits of the
 * pre-start script, in a folder with the default `shellcheck: auto`.
 */
async function shellcheckEdits(work) {
  // A repository of its own: the configuration of `work` (ShellCheck off) does not apply in it.
  const folder = path.join(work, 'sc');
  mkdirSync(path.join(folder, '.git'), { recursive: true });
  mkdirSync(path.join(folder, 'etc/init'), { recursive: true });
  const file = path.join(folder, 'etc/init/big.conf');
  const text = thousandLineJob().replace('  exec /usr/bin/app --foreground', '  exec /usr/bin/app --foreground $APP_OPTS');
  writeFileSync(file, text);
  const s = new Server(work);
  await s.start(folder, 0);
  const uri = pathToFileURL(file).href;
  const withShellCheck = (version) => (p) => p.uri === uri && p.version === version && p.diagnostics.some((d) => d.code === 'shellcheck');
  let version = 1;
  const opened = s.publishedWhere(withShellCheck(version));
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'upstart', version, text } });
  // Every wait ends within a minute: a missing publish is an error, not a hang.
  const within = async (promise, what) => {
    let timer;
    try {
      return await Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`bench (i), ShellCheck on: no ${what} within 60 s`)), 60_000)))]);
    } finally {
      clearTimeout(timer);
    }
  };
  await within(opened, 'ShellCheck finding published after opening the job');
  // A space at the start of a line of the pre-start script: every edit gives a new text (ShellCheck's
  // answers are kept by text), without changing what the script does.
  const change = (i, v) => {
    const line = 300 + (i % 200);
    s.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }] });
  };
  // Warm-up, as typing: 50 edits, each waiting for its first publish only (ShellCheck runs for few
  // of them: one at a time, the latest waiting), then ShellCheck's answer on the last.
  for (let i = 0; i < 50; i++) {
    version++;
    const wanted = i === 49 ? s.publishedWhere(withShellCheck(version)) : s.published(uri, version);
    change(1000 + i, version);
    await within(wanted, `publish of version ${version}`);
  }
  const first = [];
  const firstCpu = [];
  const answer = [];
  for (let i = 1; i <= SC_EDITS; i++) {
    version++;
    const v = version;
    const t = performance.now();
    const c = s.cpuMs();
    let firstAt = 0;
    let cpuAt = 0;
    const done = s.publishedWhere((p) => {
      if (p.uri === uri && p.version === v && firstAt === 0) {
        firstAt = performance.now();
        cpuAt = s.cpuMs();
      }
      return withShellCheck(v)(p);
    });
    change(i, v);
    await within(done, `ShellCheck finding published for version ${v}`);
    first.push(firstAt - t);
    firstCpu.push(cpuAt - c);
    answer.push(performance.now() - t);
  }
  await s.stop();
  return { first, firstCpu, answer };
}

/**
 * Edit number i: one character of a line of the 390-line pre-start script (`  [ -d /var/…`, the
 * `v` of `/var`), replaced by a letter, so that every edit gives a text not seen before: the
 * script is parsed and its rules run again, as after a keystroke in it. (Until this stop the edit
 * flipped a `[` back and forth, so most edits gave a text seen before and took the script's tree
 * from the cache.)
 */
function edit(i) {
  const line = 300 + (i % 200);
  return { range: { start: { line, character: 8 }, end: { line, character: 9 } }, text: String.fromCharCode(97 + (i % 26)) };
}

/** Edit number i outside the scripts: one character of an `env` line's value. */
function envEdit(i) {
  const line = 20 + (i % 100);
  return { range: { start: { line, character: 4 }, end: { line, character: 5 } }, text: String.fromCharCode(65 + (i % 26)) };
}

export default {
  name: 'lsp',
  title: `(i) language server: start to first diagnostics (median of ${RUNS}), re-lint of a 1,000-line job after a one-character edit (median of ${EDITS}), RSS over ${MEMORY_EDITS.toLocaleString('en-US')} edits`,
  async run() {
    const work = mkdtempSync(path.join(tmpdir(), 'upstart-lint-bench-lsp-'));
    try {
      mkdirSync(path.join(work, '.git'));
      mkdirSync(path.join(work, 'etc/init'), { recursive: true });
      // The server's own work: ShellCheck (the rule's `auto` default runs it when it is on PATH)
      // takes about 0.6 s per edit of this job's 390-line script, and is another program.
      writeFileSync(path.join(work, '.upstart-lint.json'), '{ "shellcheck": false }\n');
      const small = path.join(work, 'etc/init/web.conf');
      writeFileSync(small, readFileSync(path.join(repoRoot, 'examples/etc/init/web.conf'), 'utf8'));
      const bigPath = path.join(work, 'etc/init/big.conf');
      const big = thousandLineJob();
      writeFileSync(bigPath, big);

      // Start to first diagnostics, alternating with `node -e 0` (the floor on this machine now).
      const starts = [];
      const startsCpu = [];
      const nodeStarts = [];
      const nodeCpu = [];
      // The first start writes the server's code cache (in a directory of this run), as an
      // editor's first start does; the figures are of the starts after it.
      for (let i = -1; i < RUNS; i++) {
        const t = performance.now();
        // `node -e 0`, reporting the CPU time it used (all threads, getrusage) as it ends.
        const n = spawnSync(process.execPath, ['-e', 'const u = process.cpuUsage(); process.stdout.write(String(u.user + u.system))'], { encoding: 'utf8' });
        nodeStarts.push(performance.now() - t);
        nodeCpu.push(Number(n.stdout) / 1000);
        const s = new Server(work);
        const uri = pathToFileURL(small).href;
        const first = s.published(uri);
        await s.start(work, 150);
        s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'upstart', version: 1, text: readFileSync(small, 'utf8') } });
        await first;
        if (i >= 0) {
          starts.push(performance.now() - s.t0);
          startsCpu.push(s.cpuMs());
        } else {
          nodeStarts.pop();
          nodeCpu.pop();
        }
        await s.stop();
      }

      // Re-lint after an edit, end to end, and memory over many edits.
      const s = new Server(work);
      await s.start(work, 0);
      const uri = pathToFileURL(bigPath).href;
      let version = 1;
      const opened = s.published(uri, version);
      s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'upstart', version, text: big } });
      await opened;
      const relint = [];
      const rss = [{ edits: 0, mb: s.rss() }];
      for (let i = 1; i <= MEMORY_EDITS; i++) {
        version++;
        const done = s.published(uri, version);
        const t = performance.now();
        s.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit(i)] });
        await done;
        if (i <= EDITS) relint.push(performance.now() - t);
        if (i % 1000 === 0) rss.push({ edits: i, mb: s.rss() });
      }
      await s.stop();

      // With ShellCheck on: the core's diagnostics first, ShellCheck's when it answers.
      const sc = shellcheckInstalled() ? await shellcheckEdits(work) : null;

      // The server's own share: the same server code in this process, spoken to over in-memory
      // streams (no pipes, no second process to schedule), for the time of an edit, and for its
      // live heap after a full collection (RSS also counts what V8 has not collected yet).
      const inProcess = [];
      const inProcessCpu = [];
      const envInProcess = [];
      const envInProcessCpu = [];
      const heap = [];
      {
        const [{ startServer }, { PassThrough }] = await Promise.all([import(distUrl('lsp/server.js')), import('node:stream')]);
        const local = new Server(null, ({ input, output }) => startServer({ input, output, version: 'bench' }), PassThrough);
        await local.start(work, 0);
        let v = 1;
        const opened2 = local.published(uri, v);
        local.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'upstart', version: v, text: big } });
        await opened2;
        /** Sends one change and waits for its diagnostics: wall and CPU milliseconds. */
        const timedEdit = async (change) => {
          v++;
          const done = local.published(uri, v);
          const t = performance.now();
          const c = process.cpuUsage();
          local.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
          await done;
          const used = process.cpuUsage(c);
          return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
        };
        for (let i = 1; i <= MEMORY_EDITS; i++) {
          const { wall, cpu } = await timedEdit(edit(i));
          if (i > 50 && i <= EDITS + 50) {
            inProcess.push(wall);
            inProcessCpu.push(cpu);
          }
          if (i === 1000 || i === MEMORY_EDITS) {
            gc();
            gc();
            heap.push({ edits: i, mb: process.memoryUsage().heapUsed / (1024 * 1024) });
          }
        }
        // Edits outside the scripts: the scripts' trees (and what rules derived from them) are
        // reused from the cache of recent trees.
        for (let i = 1; i <= EDITS + 50; i++) {
          const { wall, cpu } = await timedEdit(envEdit(i));
          if (i > 50) {
            envInProcess.push(wall);
            envInProcessCpu.push(cpu);
          }
        }
      }

      const startMs = median(starts);
      const startCpuMs = median(startsCpu);
      const nodeMs = median(nodeStarts);
      const relintMs = median(relint);
      const serverMs = median(inProcess);
      const serverCpuMs = median(inProcessCpu);
      // Wall-clock times on a shared machine include waiting for a CPU; CPU times do not, and are
      // what an idle machine's wall-clock time comes down to for this CPU-bound work.
      const rows = [
        { measure: 'node -e 0, wall (alternating with the starts below)', 'median ms': nodeMs, 'min ms': Math.min(...nodeStarts), goal: '', met: '' },
        { measure: 'node -e 0, CPU time', 'median ms': median(nodeCpu), 'min ms': Math.min(...nodeCpu), goal: '', met: '' },
        { measure: 'start to first diagnostics, wall (spawn → publishDiagnostics)', 'median ms': startMs, 'min ms': Math.min(...starts), goal: '≤ 300 ms', met: startMs <= 300 ? 'yes' : 'NO' },
        { measure: 'start to first diagnostics, CPU time of the server (all threads)', 'median ms': startCpuMs, 'min ms': Math.min(...startsCpu), goal: '≤ 300 ms', met: startCpuMs <= 300 ? 'yes' : 'NO' },
        { measure: 're-lint of a 1,000-line job after a 1-character edit in its 390-line script, wall (didChange → publishDiagnostics, server in process)', 'median ms': serverMs, 'min ms': Math.min(...inProcess), goal: '≤ 5 ms', met: serverMs <= 5 ? 'yes' : 'NO' },
        { measure: 'the same, CPU time', 'median ms': serverCpuMs, 'min ms': Math.min(...inProcessCpu), goal: '≤ 5 ms', met: serverCpuMs <= 5 ? 'yes' : 'NO' },
        { measure: 're-lint after a 1-character edit of an env line (outside the scripts), wall, server in process', 'median ms': median(envInProcess), 'min ms': Math.min(...envInProcess), goal: '≤ 5 ms', met: median(envInProcess) <= 5 ? 'yes' : 'NO' },
        { measure: 'the same, CPU time', 'median ms': median(envInProcessCpu), 'min ms': Math.min(...envInProcessCpu), goal: '≤ 5 ms', met: median(envInProcessCpu) <= 5 ? 'yes' : 'NO' },
        { measure: 're-lint end to end, wall: didChange sent → publishDiagnostics received (debounce 0, two processes)', 'median ms': relintMs, 'min ms': Math.min(...relint), goal: '', met: '' },
      ];
      const scFirstMs = sc === null ? null : median(sc.first);
      const scAnswerMs = sc === null ? null : median(sc.answer);
      const notInstalled = 'not installed';
      rows.push(
        { measure: `first diagnostics after an edit, ShellCheck on: didChange → first publish (390-line script, median of ${SC_EDITS})`, 'median ms': scFirstMs ?? notInstalled, 'min ms': sc === null ? '' : Math.min(...sc.first), goal: '', met: '' },
        { measure: 'the same, CPU time of the server (all threads; ShellCheck is another process)', 'median ms': sc === null ? notInstalled : median(sc.firstCpu), 'min ms': sc === null ? '' : Math.min(...sc.firstCpu), goal: '', met: '' },
        { measure: `ShellCheck's answer after the same edits: didChange → second publish (with ShellCheck's findings)`, 'median ms': scAnswerMs ?? notInstalled, 'min ms': sc === null ? '' : Math.min(...sc.answer), goal: '', met: '' },
      );
      for (const r of rss) rows.push({ measure: `RSS after ${r.edits.toLocaleString('en-US')} edits (MiB)`, 'median ms': r.mb, 'min ms': '', goal: '', met: '' });
      const growth = rss[rss.length - 1].mb - rss[1].mb;
      rows.push({ measure: `RSS growth from 1,000 to ${MEMORY_EDITS.toLocaleString('en-US')} edits (MiB)`, 'median ms': growth, 'min ms': '', goal: '', met: '' });
      for (const h of heap) rows.push({ measure: `live heap after ${h.edits.toLocaleString('en-US')} edits, after a full collection (MiB; server in process)`, 'median ms': h.mb, 'min ms': '', goal: '', met: '' });
      const heapGrowth = (heap[1].mb - heap[0].mb) * 1024;
      rows.push({ measure: `live heap growth from 1,000 to ${MEMORY_EDITS.toLocaleString('en-US')} edits (KiB)`, 'median ms': heapGrowth, 'min ms': '', goal: 'flat', met: heapGrowth <= 1024 ? 'yes' : 'NO' });
      return {
        rows,
        data: { nodeStartMs: nodeMs, nodeCpuMs: median(nodeCpu), startToFirstDiagnosticsMs: startMs, startToFirstDiagnosticsCpuMs: startCpuMs, relintInProcessMedianMs: serverMs, relintInProcessCpuMedianMs: serverCpuMs, relintEnvEditInProcessMedianMs: median(envInProcess), relintEnvEditInProcessCpuMedianMs: median(envInProcessCpu), relintEndToEndMedianMs: relintMs, shellcheckFirstPublishMedianMs: scFirstMs, shellcheckAnswerMedianMs: scAnswerMs, rssMiB: rss, rssGrowthMiB: growth, liveHeapMiB: heap, liveHeapGrowthKiB: heapGrowth, runs: RUNS, edits: EDITS, memoryEdits: MEMORY_EDITS },
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
