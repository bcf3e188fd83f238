/**
 * Runs the system `shellcheck` for the `shellcheck` rule: a BatchStep of the file-linting layer.
 *
 * For a batch of linted files it collects the process texts the rule checks (one per distinct
 * text: a script that many files share is checked once), runs ShellCheck over them in a few
 * processes, and lints each file again with ShellCheck's findings as data for the core
 * (`LintOptions.external.shellcheck`), so that the findings take the engine's normal path
 * (severity, suppression comments, unused-directive reports). docs/design.md, "ShellCheck".
 *
 * - ShellCheck runs as `shellcheck --shell=dash --format=json1 --norc --exclude=… -- FILES`, with
 *   SHELLCHECK_OPTS removed from its environment, never through a shell.
 * - Each text is written to a file of a new temporary directory, opened, and the directory is
 *   removed before ShellCheck starts: ShellCheck reads the open files as `/dev/fd/N`, so nothing
 *   is left on disk however the run ends (even killed).
 * - A run that fails (crash, timeout, output that is not json1) is retried text by text, so that
 *   only the files whose scripts ShellCheck cannot check get an error; their other findings stay.
 * - Configuration: `shellcheck: auto | true | false` (auto: run when the program is on PATH, else
 *   skip without a word; true without it: a configuration error) and `shellcheckExclude`.
 */
import { accessSync, closeSync, constants, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { normalizeSeverity, type LintOptions } from '../core/config.js';
import { lintJob } from '../core/linter.js';
import type { Rule } from '../core/rule.js';
import { ConfigFileError, type ShellCheckMode } from '../load/load-config.js';
import { DEFAULT_EXCLUDED, SHELLCHECK_PREAMBLE, parseShellCheckJson1, shellcheckTargets, type ShellCheckComment, type ShellCheckFindings, type ShellCheckScript } from '../rules/shellcheck.js';
import type { BatchStep, LintedFile } from './file-linter.js';

/** The rule the step feeds. */
export const SHELLCHECK_RULE = 'shellcheck';

export type { ShellCheckMode };

/** The arguments every run gets (before `--exclude` and the files). */
export const SHELLCHECK_ARGS: readonly string[] = ['--shell=dash', '--format=json1', '--norc'];

/**
 * Texts longer than this are not given to ShellCheck: its time and memory grow faster than the
 * text (64 KiB of shell: 4.7 s and 160 MB; 113 KiB: 8.6 s and 280 MB; 1.1 MiB: still running after
 * four minutes at 2.6 GB). The longest process text of the corpus is 3.5 KiB.
 */
export const MAX_SCRIPT_CHARS = 64 * 1024;

export interface ShellCheckStepOptions {
  /** The rules of the lint (the step re-lints with them). */
  readonly registry: ReadonlyMap<string, Rule>;
  /** Applies over every configuration file (the command line's `--shellcheck`). */
  readonly mode?: ShellCheckMode;
  /** Where `mode` comes from, for the error when the program is missing (`--shellcheck true`). */
  readonly modeSource?: string;
  /** The program: a path, or a name looked up on PATH (default `shellcheck`). */
  readonly command?: string;
  /** The environment ShellCheck runs in, without SHELLCHECK_OPTS (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Files per batch (default BATCH_FILES). */
  readonly batchSize?: number;
  /** Longest one ShellCheck run may take, in milliseconds (default 120,000). */
  readonly timeoutMs?: number;
  /** Most ShellCheck processes at a time (default 2). */
  readonly parallel?: number;
  /** How paths appear in messages. */
  readonly showPath?: (path: string) => string;
  /**
   * Keep ShellCheck's answers on the last texts checked (at most REMEMBERED_TEXTS texts and
   * REMEMBERED_CHARS characters) and give them again for the same text without running it: for a
   * language server, which lints the same scripts again on every save and after every edit
   * elsewhere in the file. (Its answer on a text depends on the text alone: the arguments are fixed.)
   */
  readonly remember?: boolean;
}

/** The most texts, and characters of text, whose answers a step with `remember` keeps. */
export const REMEMBERED_TEXTS = 32;
export const REMEMBERED_CHARS = 256 * 1024;

/**
 * Files per batch: results wait until a batch is checked. Measured over the corpus (docs/design.md,
 * "ShellCheck"): CPU time falls until about 50 scripts per run and is flat after that.
 */
export const BATCH_FILES = 100;
/** At most this many texts, and this many characters, per ShellCheck process. */
/**
 * ShellCheck processes still running. When this process ends (the language server's `exit`, a run
 * ended by SIGTERM, SIGINT or SIGHUP) they are killed: nothing else would stop them, and
 * ShellCheck on a pathological script runs for minutes in gigabytes of memory. The handlers are
 * installed with the first ShellCheck process. (SIGKILL leaves no chance; each process then ends
 * when it next writes to its closed output.)
 */
const running = new Set<import('node:child_process').ChildProcess>();
let reaping = false;

function track(child: import('node:child_process').ChildProcess): void {
  running.add(child);
  child.once('close', () => running.delete(child));
  child.once('error', () => running.delete(child));
  if (reaping) return;
  reaping = true;
  const killAll = (): void => {
    for (const c of running) c.kill('SIGKILL');
    running.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Then die of the signal as if nothing had listened (its exit status included).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

const RUN_TEXTS = 100;
const RUN_CHARS = 256 * 1024;

interface Job {
  readonly file: LintedFile;
  readonly texts: readonly string[];
  readonly exclude: ReadonlySet<string>;
}

/** A failed run: why, in words that complete "ShellCheck failed (…)". */
class RunFailure extends Error {}

export class ShellCheckStep implements BatchStep {
  private readonly size: number;
  private program: string | null | undefined;
  /** Answers kept with `remember`, least recently used first, and their texts' total length. */
  private readonly remembered = new Map<string, ShellCheckComment[]>();
  private rememberedChars = 0;

  constructor(private readonly options: ShellCheckStepOptions) {
    this.size = Math.max(1, options.batchSize ?? BATCH_FILES);
  }

  /**
   * Files per batch; 1 when ShellCheck is not installed (unless the command line requires it), so
   * that a run without it holds no results back.
   */
  get batchSize(): number {
    return this.options.mode === true || this.locate() !== null ? this.size : 1;
  }

  /** The program ShellCheck is run as, or null when it is not installed (looked up once). */
  locate(): string | null {
    if (this.program !== undefined) return this.program;
    const command = this.options.command ?? 'shellcheck';
    const env = this.options.env ?? process.env;
    const candidates = command.includes('/') ? [command] : (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, command));
    this.program = candidates.find(isExecutable) ?? null;
    return this.program;
  }

  /**
   * Whether ShellCheck runs for any of these files (it is installed, and some file has a script to
   * check with the rule on). Throws, as `run` does, when it is required but not installed.
   */
  wouldRun(files: readonly LintedFile[]): boolean {
    const jobs = this.jobsOf(files);
    return jobs.length > 0 && this.programFor(jobs) !== null;
  }

  async run(files: readonly LintedFile[]): Promise<void> {
    const jobs = this.jobsOf(files);
    if (jobs.length === 0) return;
    const program = this.programFor(jobs);
    if (program === null) return;

    const unique = new Set<string>();
    for (const j of jobs) for (const t of j.texts) if (t.length <= MAX_SCRIPT_CHARS) unique.add(t);
    const { found, failed } = await this.check(program, [...unique]);

    for (const job of jobs) {
      const scripts: ShellCheckScript[] = [];
      const reasons: string[] = [];
      let large = 0;
      for (const text of job.texts) {
        if (text.length > MAX_SCRIPT_CHARS) large++;
        const why = failed.get(text);
        if (why !== undefined && !reasons.includes(why)) reasons.push(why);
        const comments = found.get(text);
        if (comments) scripts.push({ text, comments: job.exclude.size === 0 ? comments : comments.filter((c) => !job.exclude.has(`SC${c.code}`)) });
      }
      const shown = (this.options.showPath ?? ((p: string) => p))(job.file.request.path);
      if (large > 0) {
        job.file.notices.push(`${shown}: ${large === 1 ? 'a script' : `${large} scripts`} of more than ${MAX_SCRIPT_CHARS / 1024} KiB not checked with ShellCheck (it takes minutes and gigabytes on such texts)`);
      }
      if (reasons.length > 0) job.file.errors.push(`${shown}: ShellCheck failed (${reasons.join('; ')}), so ${reasons.length === job.texts.length ? 'its scripts were' : 'some of its scripts were'} not checked`);
      if (scripts.length > 0 && needsRelint(job.file, scripts)) relint(job.file, { scripts }, this.options.registry);
    }
  }

  private jobsOf(files: readonly LintedFile[]): Job[] {
    const jobs: Job[] = [];
    for (const file of files) {
      const job = this.jobOf(file);
      if (job) jobs.push(job);
    }
    return jobs;
  }

  /** The program for these jobs, or null when it is not installed; throws when one of them requires it. */
  private programFor(jobs: readonly Job[]): string | null {
    const program = this.locate();
    if (program !== null) return program;
    const required = jobs.find((j) => this.modeOf(j.file) === true);
    if (required) throw new ConfigFileError(`${this.whereRequired(required.file)}: "shellcheck" is true, but there is no \`${this.options.command ?? 'shellcheck'}\` program on PATH; install ShellCheck (Debian and Ubuntu: apt-get install shellcheck) or set "shellcheck" to "auto"`);
    return null;
  }

  /** What to check for a file: null when ShellCheck does not run for it. */
  private jobOf(file: LintedFile): Job | null {
    if (file.config === null || file.options.syntaxOnly === true) return null;
    if (this.modeOf(file) === false) return null;
    if (!ruleIsOn(this.options.registry, file.options)) return null;
    const texts = [...new Set(shellcheckTargets(file.job).map((t) => t.text))];
    if (texts.length === 0) return null;
    return { file, texts, exclude: new Set(file.config.shellcheckExclude) };
  }

  private modeOf(file: LintedFile): ShellCheckMode {
    return this.options.mode ?? file.config?.shellcheck ?? 'auto';
  }

  private whereRequired(file: LintedFile): string {
    if (this.options.mode === true) return this.options.modeSource ?? 'shellcheck';
    const files = file.config?.configFiles ?? [];
    return files.length > 0 ? files.join(', ') : 'shellcheck';
  }

  /** Runs ShellCheck over `texts` (several processes, `parallel` at a time); failed runs are retried text by text. */
  private async check(program: string, texts: readonly string[]): Promise<{ found: Map<string, ShellCheckComment[]>; failed: Map<string, string> }> {
    const found = new Map<string, ShellCheckComment[]>();
    const failed = new Map<string, string>();
    const runs: string[][] = [];
    let current: string[] = [];
    let chars = 0;
    for (const t of texts) {
      const known = this.recall(t);
      if (known !== undefined) {
        found.set(t, known);
        continue;
      }
      if (current.length > 0 && (current.length >= RUN_TEXTS || chars + t.length > RUN_CHARS)) {
        runs.push(current);
        current = [];
        chars = 0;
      }
      current.push(t);
      chars += t.length;
    }
    if (current.length > 0) runs.push(current);

    const one = async (run: readonly string[]): Promise<void> => {
      try {
        const results = await this.spawn(program, run);
        run.forEach((t, i) => {
          const comments = results[i] ?? [];
          found.set(t, comments);
          this.keep(t, comments);
        });
      } catch (error) {
        const why = error instanceof RunFailure ? error.message : String(error);
        if (run.length === 1) {
          failed.set(run[0] as string, why);
          return;
        }
        // One script may be the cause: check each alone, so only its files miss ShellCheck.
        for (const t of run) await one([t]);
      }
    };
    const parallel = Math.max(1, this.options.parallel ?? 2);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < runs.length) await one(runs[next++] as string[]);
    };
    await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
    return { found, failed };
  }

  /** The kept answer on `text` (now the most recently used), with `remember`. */
  private recall(text: string): ShellCheckComment[] | undefined {
    const known = this.remembered.get(text);
    if (known === undefined) return undefined;
    this.remembered.delete(text);
    this.remembered.set(text, known);
    return known;
  }

  /** Keeps an answer, with `remember`, dropping the least recently used beyond the bounds. */
  private keep(text: string, comments: ShellCheckComment[]): void {
    if (this.options.remember !== true || text.length > REMEMBERED_CHARS) return;
    const old = this.remembered.get(text);
    if (old !== undefined) {
      this.remembered.delete(text);
      this.rememberedChars -= text.length;
    }
    this.remembered.set(text, comments);
    this.rememberedChars += text.length;
    for (const t of this.remembered.keys()) {
      if (this.remembered.size <= REMEMBERED_TEXTS && this.rememberedChars <= REMEMBERED_CHARS) break;
      this.remembered.delete(t);
      this.rememberedChars -= t.length;
    }
  }

  /** One ShellCheck process over `texts`: their comments, in the order of `texts`. Throws RunFailure. */
  private async spawn(program: string, texts: readonly string[]): Promise<ShellCheckComment[][]> {
    const { spawn } = await import('node:child_process');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.options.env ?? process.env)) if (v !== undefined && k !== 'SHELLCHECK_OPTS') env[k] = v;
    const fds = openTexts(texts);
    const names = texts.map((_, i) => `/dev/fd/${i + 3}`);
    const args = [...SHELLCHECK_ARGS, `--exclude=${Object.keys(DEFAULT_EXCLUDED).join(',')}`, '--', ...names];
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    return new Promise((resolve, reject) => {
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe', ...fds], env, shell: false });
      } catch (error) {
        closeAll(fds);
        reject(new RunFailure(`could not start ${program}: ${error instanceof Error ? error.message : String(error)}`));
        return;
      }
      track(child);
      // The child has its own copies.
      closeAll(fds);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
        // A program that left children behind (a wrapper script) may keep the pipes open: the run
        // ends now, not when they close.
        child.stdout?.destroy();
        child.stderr?.destroy();
        reject(new RunFailure(`it did not finish within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`));
      }, timeoutMs);
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d: Buffer) => {
        if (err.length < 64) err.push(d);
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new RunFailure(`could not start ${program}: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
        if (timedOut) return;
        if (signal !== null) return reject(new RunFailure(`it was killed by ${signal}`));
        if (code !== 0 && code !== 1) return reject(new RunFailure(`exit code ${code}${stderr ? `: ${stderr}` : ''}`));
        let byFile: Map<string, ShellCheckComment[]>;
        try {
          byFile = parseShellCheckJson1(Buffer.concat(out).toString('utf8'));
        } catch (error) {
          return reject(new RunFailure(error instanceof Error ? error.message : String(error)));
        }
        resolve(names.map((n) => byFile.get(n) ?? []));
      });
    });
  }
}

/**
 * Writes each text to a file of a new temporary directory, opens it, and removes the directory:
 * the open descriptors are all that is left (for ShellCheck to read as /dev/fd/N).
 */
function openTexts(texts: readonly string[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-shellcheck-'));
  const fds: number[] = [];
  try {
    texts.forEach((t, i) => {
      const path = join(dir, `${i}.sh`);
      writeFileSync(path, SHELLCHECK_PREAMBLE + t);
      fds.push(openSync(path, 'r'));
    });
  } catch (error) {
    closeAll(fds);
    throw new RunFailure(`cannot write its input to ${tmpdir()}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return fds;
}

function closeAll(fds: readonly number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether the `shellcheck` rule runs for a file with these options (it may be configured off). */
function ruleIsOn(registry: ReadonlyMap<string, Rule>, options: LintOptions): boolean {
  const rule = registry.get(SHELLCHECK_RULE);
  if (!rule) return false;
  const setting = options.rules?.[SHELLCHECK_RULE];
  if (setting === undefined) return !options.onlyListedRules && rule.meta.defaultSeverity !== 'off';
  try {
    return normalizeSeverity(Array.isArray(setting) ? setting[0] : setting, `rules.${SHELLCHECK_RULE}`) !== 'off';
  } catch {
    return false;
  }
}

/**
 * Whether linting again with the findings can change the file's diagnostics: when there are
 * findings, or when a suppression comment names the rule (without findings it may be unused).
 */
function needsRelint(file: LintedFile, scripts: readonly ShellCheckScript[]): boolean {
  if (scripts.some((s) => s.comments.length > 0)) return true;
  return file.job.comments.some((c) => c.text.includes('upstart-lint') && c.text.includes(SHELLCHECK_RULE));
}

/** Lints the file again with ShellCheck's findings; its diagnostics are replaced. */
function relint(file: LintedFile, findings: ShellCheckFindings, registry: ReadonlyMap<string, Rule>): void {
  const external: Record<string, unknown> = Object.assign({}, file.options.external);
  external[SHELLCHECK_RULE] = findings;
  const options: LintOptions = Object.assign({}, file.options, { external });
  const result = lintJob(file.text, options, registry);
  file.diagnostics.length = 0;
  for (const d of result.diagnostics) file.diagnostics.push(d);
}
