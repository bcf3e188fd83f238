/**
 * The `upstart-lint` command: argv → load → lint → format → exit code.
 * The only module that touches `process`. Everything heavy is imported lazily so that
 * `--help` and `--version` start fast.
 */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args.js';
import { BulkHeap } from './heap.js';

/** Exit code 2 with a one-line message (configuration, usage or I/O problems). */
class FatalError extends Error {
  override readonly name = 'FatalError';
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function colorLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  const force = env['FORCE_COLOR'];
  let forced: 0 | 1 | 2 | 3 | undefined;
  if (force !== undefined) {
    if (force === '' || force === 'true' || force === '1') forced = 1;
    else if (force === '2') forced = 2;
    else if (force === '3') forced = 3;
    else if (force === '0' || force === 'false') forced = 0;
  }
  if (flag === true) return forced !== undefined && forced > 0 ? forced : 1;
  if (forced !== undefined) return forced;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (!isTTY || env['TERM'] === 'dumb') return 0;
  return 1;
}

// Standard input and output go through file descriptors 0 and 1, not process.stdin/stdout: on a
// pipe, touching those builds a socket stream (net, tty and the streams stack), several
// milliseconds of start-up for an editor's on-save run. Writes are synchronous and complete.

/** Writes all of `text` to a file descriptor; throws the write's error (EPIPE included). */
function writeAll(fd: number, text: string): void {
  if (text === '') return;
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      // A non-blocking pipe that is full: wait a moment for the reader.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Standard output was closed by its reader (`| head`). What is still to print is dropped, but the
 * run goes on: the exit code stays the verdict (1 when there are errors, as into a file), report
 * files are written in full, and --fix still fixes. Other write errors (a full disk, /dev/full,
 * a closed descriptor) fail the run (exit 2), as they do for report files.
 */
let stdoutClosed = false;

/** Writes all of `text` to standard output; throws on a failed write, drops it after EPIPE. */
function writeOut(text: string): void {
  if (stdoutClosed) return;
  try {
    writeAll(1, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    stdoutClosed = true;
  }
}

/** The reason of a failed write, in words ("no space left on device"). */
function writeReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^[A-Z]+: /, '').replace(/, write$/, '');
}

/** Output of --help, --version, --list-rules, --print-config: a failed write is a failed run. */
function writeInfo(text: string): void {
  try {
    writeOut(text);
  } catch (error) {
    throw new FatalError(`cannot write to standard output: ${writeReason(error)}`);
  }
}

/** Whether standard output is a terminal; fstat answers for pipes and files without loading tty. */
async function stdoutIsTerminal(): Promise<boolean> {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (await import('node:tty')).isatty(1);
}


/**
 * One message on standard error, written synchronously through the descriptor (process.stderr
 * would build a stream). A closed or failing standard error cannot be told about: ignored.
 */
const say = (message: string): void => {
  try {
    writeAll(2, `upstart-lint: ${message}\n`);
  } catch {
    // nowhere to say it
  }
};

type FormatStream = import('../formatters/types.js').FormatStream;
type FsPromises = typeof import('node:fs/promises');

/** Where one report goes: standard output or an open file, written in chunks of about 64 KiB. */
interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

const stdoutSink: Sink = {
  async write(text) {
    // Synchronous and complete: a reader that cannot keep up holds the run, not our memory.
    writeOut(text);
  },
  close: () => Promise.resolve(),
};

interface FileSink extends Sink {
  /** Writes what is buffered (and keeps the file open). */
  flush(): Promise<void>;
}

function fileSink(handle: import('node:fs/promises').FileHandle): FileSink {
  let pending = '';
  let closed = false;
  const flush = async (): Promise<void> => {
    const text = pending;
    pending = '';
    if (text !== '') await handle.writeFile(text);
  };
  return {
    async write(text) {
      pending += text;
      if (pending.length >= 65536) await flush();
    },
    flush,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await flush();
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * One requested report, written as the files are linted: `begin()` with the first file, each
 * file's text right after it is linted, `end()` at the end. A format with a `head()` (known only at
 * the end) has its body spooled to a temporary file and copied after the head. The first I/O
 * error is kept as the report's error and the report is no longer written.
 */
/** Reports of this run, aborted when it ends with a fatal error (no partly written report file is left). */
const openReports: Report[] = [];

class Report {
  error: unknown = null;
  /** Said after the reason when `error` came from the spool, not the report itself. */
  errorNote = '';
  private started = false;
  private finished = false;
  private spool: { dir: string; handle: import('node:fs/promises').FileHandle; sink: FileSink } | null = null;

  private constructor(
    readonly stream: FormatStream,
    private readonly fs: FsPromises,
    private readonly sink: Sink | null,
    /** The report file, absolute (undefined for standard output). */
    private readonly target: string | undefined,
  ) {}

  /** Opens the report's file (and spool) up front; an error is kept in `error`, not thrown. */
  static async open(stream: FormatStream, fs: FsPromises, target: string | undefined): Promise<Report> {
    let sink: Sink | null = null;
    let error: unknown = null;
    try {
      if (target === undefined) sink = stdoutSink;
      else {
        const { dirname } = await import('node:path');
        await fs.mkdir(dirname(target), { recursive: true });
        sink = fileSink(await fs.open(target, 'w'));
      }
    } catch (e) {
      error = e;
    }
    const report = new Report(stream, fs, sink, target);
    report.error = error;
    if (sink && stream.head) {
      const [{ tmpdir }, { join }] = await Promise.all([import('node:os'), import('node:path')]);
      let dir: string | undefined;
      try {
        dir = await fs.mkdtemp(join(tmpdir(), 'upstart-lint-report-'));
        const handle = await fs.open(join(dir, 'body'), 'w+');
        report.spool = { dir, handle, sink: fileSink(handle) };
        // Removed at once where the system allows it (POSIX: the open file lives on), so that
        // nothing is left behind however the run ends; else after the report is written.
        await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      } catch (e) {
        if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
        report.error = e;
        report.errorNote = ` (a temporary file in ${tmpdir()})`;
        await report.abort();
      }
    }
    return report;
  }

  async file(result: import('../formatters/types.js').LintResult): Promise<void> {
    // Standard output closed by its reader: nothing more to format for it.
    if (this.target === undefined && stdoutClosed) return;
    if (this.error === null) await this.put(this.stream.file(result));
  }

  private async put(text: string): Promise<void> {
    if (this.error !== null) return;
    if (!this.started) {
      this.started = true;
      text = this.stream.begin() + text;
    }
    try {
      await (this.spool?.sink ?? this.sink)?.write(text);
    } catch (e) {
      this.error = e;
      await this.abort();
    }
  }

  async finish(totals: import('../formatters/types.js').ReportTotals): Promise<void> {
    await this.put(this.stream.end(totals));
    if (this.error !== null || !this.sink) return;
    try {
      if (this.spool) {
        await this.spool.sink.flush();
        await this.sink.write(this.stream.head?.() ?? '');
        const body = this.spool.handle.createReadStream({ start: 0, encoding: 'utf8', highWaterMark: 65536, autoClose: false });
        for await (const chunk of body) await this.sink.write(chunk as string);
        await this.spool.sink.close();
        await this.fs.rm(this.spool.dir, { recursive: true, force: true });
        this.spool = null;
      }
      await this.sink.close();
      this.finished = true;
    } catch (e) {
      this.error = e;
      await this.abort();
    }
  }

  /** Closes what is open and removes the spool and a partly written report file. */
  async abort(): Promise<void> {
    if (this.finished) return;
    const spool = this.spool;
    this.spool = null;
    if (spool) {
      await spool.sink.close().catch(() => undefined);
      await this.fs.rm(spool.dir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (this.sink && this.target !== undefined) {
      await this.sink.close().catch(() => undefined);
      await this.fs.rm(this.target, { force: true }).catch(() => undefined);
    }
  }
}

async function run(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      say(`${error.message}\nTry "upstart-lint --help" for the list of options.`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    writeInfo(USAGE);
    return 0;
  }
  const version = packageVersion();
  if (args.version) {
    writeInfo(`${version}\n`);
    return 0;
  }
  if (args.lsp) {
    // A chunk of its own in the bundle (scripts/build-bin.mjs): a lint run never loads it.
    const { runServer } = await import('../lsp/server.js');
    return runServer(version);
  }

  const cwd = process.cwd();
  const [api, fmt, cfg, files, lint, path, warmUp] = await Promise.all([
    import('../index.js'),
    import('../formatters/index.js'),
    import('../load/load-config.js'),
    import('../load/find-files.js'),
    import('../lint/file-linter.js'),
    import('node:path'),
    import('./warm-up.js'),
  ]);
  const registry = api.rules;
  loaded = { api, jobs: warmUp.WARM_UP_JOBS };

  // ---- options that need the registry -------------------------------------------------------
  const cliRules: Record<string, import('../core/config.js').RuleSetting> = {};
  if (args.rules.length > 0) {
    const { parseRuleOption } = await import('./rule-option.js');
    for (const text of args.rules) Object.assign(cliRules, await parseRuleOption(text, registry));
  }
  let reportUnused: import('../core/diagnostic.js').Severity | 'off' | undefined;
  if (args.reportUnusedDirectives !== undefined) {
    reportUnused = cfg.severityOf(args.reportUnusedDirectives);
    if (reportUnused === undefined) {
      throw new FatalError(`--report-unused-directives ${args.reportUnusedDirectives}: expected off, info, warn or error`);
    }
  }

  const requests = args.formats.length > 0 ? args.formats : [{ name: process.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'stylish' }];
  for (const r of requests) {
    if (!fmt.isFormatName(r.name)) {
      throw new FatalError(`unknown format "${r.name}"; expected one of ${fmt.FORMAT_NAMES.join(', ')}`);
    }
  }
  if (requests.filter((r) => r.path === undefined).length > 1) {
    throw new FatalError('only one --format can write to standard output; give the others a path (NAME:PATH)');
  }

  if (args.listRules) {
    const asJson = requests.some((r) => r.name === 'json');
    const { listRules } = await import('./list-rules.js');
    writeInfo(listRules(registry, asJson));
    return 0;
  }

  /** A path as the user would write it: relative inside the working directory, else absolute. */
  const shownPath = (p: string): string => {
    const rel = path.relative(cwd, p);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
  };

  const linter = new lint.FileLinter({
    registry,
    cwd,
    config: {
      ...(args.config !== undefined ? { configPath: args.config } : {}),
      rules: cliRules,
      ...(args.jobKind !== undefined ? { jobKind: args.jobKind } : {}),
      ...(args.targetVersion !== undefined ? { targetVersion: args.targetVersion } : {}),
      ...(reportUnused !== undefined ? { reportUnusedDirectives: reportUnused } : {}),
      inlineConfig: args.inlineConfig,
    },
    syntaxOnly: args.syntaxOnly,
    ...(args.shellcheck !== undefined ? { shellcheck: { mode: args.shellcheck, modeSource: `--shellcheck ${String(args.shellcheck)}` } } : {}),
    ...(args.fix ? { fix: 'write' as const } : args.fixDryRun ? { fix: 'dry-run' as const } : {}),
    showPath: shownPath,
  });
  // Fail early on a missing or invalid --config, even when no file would use it.
  await linter.checkConfig();

  if (args.printConfig !== undefined) {
    writeInfo(`${JSON.stringify(await linter.describeConfig(path.resolve(cwd, args.printConfig)), null, 2)}\n`);
    return 0;
  }

  // ---- inputs ---------------------------------------------------------------------------------
  // Discovery errors (missing paths, unreadable directories, empty patterns) come first in the
  // report, then the errors met while reading and writing files.
  const ioErrors: string[] = [];
  const heap = new BulkHeap();
  let found: import('../load/find-files.js').FindResult | null = null;
  let nginxSeen: import('../load/project.js').NginxWatcher | null = null;
  let stdinRequest: import('../lint/file-linter.js').LintRequest | null = null;
  /** A file the user named is never skipped silently (ESLint says the same). */
  const sayIgnored = async (arg: string, abs: string): Promise<void> => {
    const by = (await linter.loader.forFile(abs)).ignoredBy;
    say(`${arg}: file ignored because of a matching ignore pattern${by !== undefined ? ` (\`ignores\` in ${shownPath(by)})` : ''}; use --no-ignore to lint it`);
  };
  if (args.stdin) {
    // Up to one byte past the job file limit: `< /dev/zero` never ends.
    const { readLimited, overLimit, MAX_JOB_FILE_BYTES } = await import('../load/read-job.js');
    let bytes: Buffer | null = null;
    try {
      bytes = readLimited(0);
    } catch (error) {
      // A closed standard input (`<&-`: EBADF), a directory (`< dir`: EISDIR).
      ioErrors.push(`cannot read standard input: ${cfg.ioReason(error)}`);
    }
    const p = args.stdinFilename !== undefined ? path.resolve(cwd, args.stdinFilename) : lint.STDIN_PATH;
    const ignored = args.ignore && p !== lint.STDIN_PATH && (await linter.isIgnored(p));
    if (bytes === null) {
      // Nothing to lint; the error is reported with the others.
    } else if (ignored) await sayIgnored(args.stdinFilename ?? p, p);
    else if (bytes.length > MAX_JOB_FILE_BYTES) ioErrors.push(overLimit(p === lint.STDIN_PATH ? p : shownPath(p)).message);
    else stdinRequest = { path: p, bytes };
  } else {
    nginxSeen = args.project && !args.syntaxOnly ? (await import('../load/project.js')).nginxWatcher() : null;
    found = files.findFiles(args.patterns, {
      cwd,
      gitignore: args.ignore,
      errorOnUnmatchedPattern: args.errorOnUnmatchedPattern,
      // --syntax-only reads no configuration at all (a validate hook must not depend on it).
      isIgnored: async (abs) => args.ignore && (await linter.isIgnored(abs)),
      // The project model's nginx files, reported by the same walk.
      ...(nginxSeen ? { also: nginxSeen.also } : {}),
      onIgnoredFile: sayIgnored,
    });
  }

  // ---- the project model: a first, cheap pass over the run's tree (docs/design.md) --------------
  // It reads the files discovery finds and keeps their list, which the lint pass then goes through
  // instead of walking the tree again.
  let listed: readonly import('../load/find-files.js').Candidate[] | null = null;
  let kept: Map<string, Uint8Array> | null = null;
  let projectPassMs = 0;
  if (!args.project || args.syntaxOnly) linter.useProject(null);
  else if (!args.stdin || (stdinRequest !== null && stdinRequest.path !== lint.STDIN_PATH)) {
    const { gatherProject } = await import('../load/project.js');
    const before = process.cpuUsage();
    const gathered = await gatherProject({
      cwd,
      patterns: args.patterns,
      ...(args.stdin && stdinRequest ? { stdinPath: stdinRequest.path } : {}),
      ...(found ? { found } : {}),
      ...(nginxSeen ? { nginxSeen } : {}),
      // One run: nginx configuration is searched for only when a linted job needs it.
      nginxOnDemand: stdinRequest?.bytes ? { stdinText: new TextDecoder().decode(stdinRequest.bytes) } : {},
      gitignore: args.ignore,
      isIgnored: async (abs) => args.ignore && (await linter.isIgnored(abs)),
      onJobFile: () => heap.tick(),
    });
    linter.useProject(gathered.model);
    listed = gathered.candidates;
    // --fix rewrites files: it reads each one just before it lints and writes it, so that a file
    // changed while the project pass ran is not overwritten from the bytes read before.
    kept = args.fix ? null : gathered.kept;
    const spent = process.cpuUsage(before);
    projectPassMs = (spent.user + spent.system) / 1000;
  }

  /** Files come one at a time (from discovery, or the first pass's list of them). */
  async function* allRequests(): AsyncGenerator<import('../lint/file-linter.js').LintRequest> {
    if (stdinRequest) yield stdinRequest;
    if (found) {
      for await (const f of listed ?? found.files) {
        // The project pass read it already: lint those bytes (and let them go).
        const bytes = kept?.get(f.path);
        if (bytes === undefined) {
          yield { path: f.path, withCompanion: f.withCompanion };
          continue;
        }
        kept?.delete(f.path);
        yield { path: f.path, withCompanion: f.withCompanion, bytes };
      }
    }
  }

  // ---- reports: opened up front, written file by file ---------------------------------------------
  const ctxBase = {
    cwd,
    rules: registry,
    toolVersion: version,
    docsUrl: api.docsUrl,
    ...(args.maxWarnings !== undefined ? { maxWarnings: args.maxWarnings } : {}),
  };
  const planned: { request: (typeof requests)[number]; stream: FormatStream; target: string | undefined }[] = [];
  for (const request of requests) {
    const toStdout = request.path === undefined;
    const color = request.name === 'stylish' ? colorLevel(args.color, process.env, toStdout && (await stdoutIsTerminal())) : 0;
    const make = await fmt.loadStreamFormatter(request.name as import('../formatters/index.js').FormatName, { color });
    const target = toStdout ? undefined : path.resolve(cwd, request.path as string);
    planned.push({ request, stream: make({ ...ctxBase, color }), target });
  }
  // node:fs/promises only when a report goes to a file or needs a spool: a plain run to stdout
  // does not pay for loading it (cold start).
  const needsFs = planned.some((p) => p.target !== undefined || p.stream.head !== undefined);
  const fs = needsFs ? await import('node:fs/promises') : (null as unknown as FsPromises);
  const reports: { request: (typeof requests)[number]; report: Report }[] = [];
  for (const { request, stream, target } of planned) {
    const report = await Report.open(stream, fs, target);
    reports.push({ request, report });
    openReports.push(report);
  }
  const totals = fmt.emptyTotals();

  // ---- lint -------------------------------------------------------------------------------------
  // Several arguments may lead to the same file (a named .override, then its directory): report
  // each file once. One argument never does, so a plain run keeps no set of paths.
  const reported = args.patterns.length > 1 ? new Set<string>() : null;
  for await (const outcome of linter.lintFiles(allRequests())) {
    heap.tick();
    for (const notice of outcome.notices) say(notice);
    ioErrors.push(...outcome.errors);
    for (const file of outcome.results) {
      const messages = args.quiet ? file.messages.filter((d) => d.severity === 'error') : file.messages;
      // A file that was not asked for is reported only for its problems.
      if (!file.listed && messages.length === 0) continue;
      if (reported?.has(file.filePath)) continue;
      reported?.add(file.filePath);
      const result = makeResult(file.filePath, messages, file.source, file.output);
      fmt.addToTotals(totals, result);
      // Written now and dropped: no result (nor its source) outlives its file.
      for (const { report } of reports) await report.file(result);
    }
  }

  // ---- report -----------------------------------------------------------------------------------
  for (const { report } of reports) await report.finish(totals);
  for (const { request, report } of reports) {
    if (report.error === null) continue;
    const where = request.path === undefined ? 'standard output' : request.path;
    ioErrors.push(`cannot write the ${request.name} report to ${where}: ${cfg.ioReason(report.error)}${report.errorNote}`);
  }

  if (process.env['UPSTART_LINT_TIMING'] === '1') {
    // For the bench: CPU time of the project pass and of the whole run, in this process.
    const all = process.cpuUsage();
    say(`timing: project pass ${projectPassMs.toFixed(1)} ms, run ${((all.user + all.system) / 1000).toFixed(1)} ms (CPU)`);
  }
  const inputErrors = [...(found?.errors ?? []).map((e) => e.message), ...ioErrors];
  for (const message of inputErrors) say(message);
  const errors = totals.errorCount;
  const warnings = totals.warningCount;
  const tooManyWarnings = args.maxWarnings !== undefined && warnings > args.maxWarnings;
  if (tooManyWarnings) say(`too many warnings (${warnings}, maximum ${args.maxWarnings as number})`);
  if (inputErrors.length > 0) return 2;
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

function makeResult(
  filePath: string,
  messages: readonly import('../core/diagnostic.js').Diagnostic[],
  source: string,
  output: string | undefined,
): import('../formatters/types.js').LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const d of messages) {
    if (d.severity === 'error') {
      errorCount++;
      if (d.fix) fixableErrorCount++;
    } else if (d.severity === 'warning') {
      warningCount++;
      if (d.fix) fixableWarningCount++;
    } else {
      infoCount++;
    }
    if (d.fatal) fatalErrorCount++;
  }
  return {
    filePath,
    messages,
    source,
    ...(output !== undefined ? { output } : {}),
    errorCount,
    warningCount,
    infoCount,
    fatalErrorCount,
    fixableErrorCount,
    fixableWarningCount,
  };
}

/** The engine and the warm-up jobs, once a run has loaded them (for `warmCodeCache`). */
let loaded: { readonly api: typeof import('../index.js'); readonly jobs: typeof import('./warm-up.js').WARM_UP_JOBS } | null = null;

/**
 * Lints the warm-up jobs in memory (every rule but ShellCheck's, nothing written anywhere), so
 * that the code cache the loader writes next holds the code every lint needs. Called by the loader
 * (scripts/bin-loader.cjs) at exit, only in a run that writes the cache, and only when the run
 * loaded the engine; it never throws.
 */
export function warmCodeCache(): void {
  if (loaded === null) return;
  const { api, jobs } = loaded;
  try {
    const rules: Record<string, 'error'> = {};
    for (const id of api.rules.keys()) if (id !== 'shellcheck') rules[id] = 'error';
    for (const [filePath, text] of jobs) api.lintText(text, { filePath, rules });
  } catch {
    // a warm-up is optional
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    for (const report of openReports) await report.abort();
    const name = error instanceof Error ? error.name : '';
    if (name === 'FatalError' || name === 'ConfigFileError' || name === 'ConfigError' || name === 'InputError') {
      say((error as Error).message);
    } else {
      say(`internal error: ${error instanceof Error ? error.message : String(error)} (please report this upstart-lint bug)`);
      if (process.env['UPSTART_LINT_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 2;
  },
);
