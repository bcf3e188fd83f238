/**
 * The file-linting layer: "this path, maybe with this text" → results, as ESLint's `ESLint` class
 * stands to its `cli.js`. The command line and the language server are front ends over it; neither
 * holds linting logic of its own.
 *
 * For one file it reads the bytes (or takes the given bytes or editor text), finds the other file
 * of its `.conf`/`.override` pair (an open editor buffer first, else the disk), resolves the
 * configuration that applies (load/load-config.ts), lints with the rule registry it was given, and
 * applies the fix-safety policy (fix-policy.ts). Over a stream of files it also lints an
 * `.override` on its own when its `.conf` could not be read, and runs the batch steps between
 * linting and emitting (see BatchStep).
 *
 * Two extension points are part of the design:
 * - a project model (every job of a run or workspace) is context for the core: it will be one more
 *   field of FileLinterOptions, built by the caller from what load/ gathered, and handed to the
 *   core with each file's LintOptions (coreOptions() is the one place they are built);
 * - an external checker that runs over many files at once (ShellCheck over every script of a
 *   batch) is a BatchStep: it sees the linted files of a batch, adds its findings to their
 *   diagnostics, and only then are the files' results emitted. The ShellCheck step
 *   (./shellcheck.ts) is built in: every front end gets it unless it passes `shellcheck: false`.
 */
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { resolveRules, type LintOptions } from '../core/config.js';
import { companionPath, isOverridePath, jobKindFromPath } from '../core/job-kind.js';
import type { JobModel } from '../core/job-model.js';
import { ShellTreeCache } from '../core/process-shell.js';
import { lintJob } from '../core/linter.js';
import { ConfigError, type Rule } from '../core/rule.js';
import { DEFAULT_TARGET_VERSION } from '../core/version.js';
import { ConfigFileError, ConfigLoader, ioReason, type CliConfigOptions, type FileConfig } from '../load/load-config.js';
import { decodeJob, InputError, MAX_JOB_FILE_BYTES, readCompanion, readJob, tooLarge, writeFileAtomic, type JobText } from '../load/read-job.js';
import type { ProjectModel } from '../core/project.js';
import { fixText } from './fix-policy.js';
import { ShellCheckStep, type ShellCheckStepOptions } from './shellcheck.js';

/** The path of standard input when it is given no file name: what reports and messages show. */
export const STDIN_PATH = 'standard input';

export interface FileLinterOptions {
  /** The rules to run (the public entry's built-in registry, or an embedder's). */
  readonly registry: ReadonlyMap<string, Rule>;
  /** Relative paths (and `--config`) are resolved against this directory. */
  readonly cwd: string;
  /** Options that apply over every configuration file (the command line's). */
  readonly config?: CliConfigOptions;
  /** Report only what upstart itself rejects; read no configuration. */
  readonly syntaxOnly?: boolean;
  /** Apply safe fixes: `write` rewrites the files, `dry-run` only computes the fixed text. */
  readonly fix?: 'write' | 'dry-run';
  /** The text of a file open in an editor, by absolute path (preferred over the disk). */
  readonly openText?: (path: string) => string | undefined;
  /** How paths appear in messages (the command line shows them relative to its directory). */
  readonly showPath?: (path: string) => string;
  /** Steps run over batches of linted files before their results are emitted. */
  readonly steps?: readonly BatchStep[];
  /**
   * The project model every file is linted in (load/project.ts builds it; `useProject` sets it
   * once gathered). Null: none (`--no-project`). Unset: each file sees itself alone.
   */
  readonly project?: ProjectModel | null;
  /**
   * ShellCheck (rule `shellcheck`): how the built-in step runs it (`mode` applies over every
   * configuration file), or false for no ShellCheck step at all. Default: the configuration decides.
   */
  readonly shellcheck?: Omit<ShellCheckStepOptions, 'registry' | 'showPath'> | false;
  /**
   * Keep the shell trees of recently linted scripts between lints (an editor, which lints the
   * same document again after every edit). A bulk run keeps none: it sees each script once.
   */
  readonly keepShellTrees?: boolean;
}

/** One file to lint. */
export interface LintRequest {
  /** Absolute path, or STDIN_PATH. */
  readonly path: string;
  /** The file's bytes when they do not come from the disk (standard input). */
  readonly bytes?: Uint8Array;
  /** The file's text when it does not come from the disk (an editor buffer). */
  readonly text?: string;
  /**
   * The other file of the pair is part of this run: it gets a result even without problems, and
   * when fixing, it is fixed first, as the primary file of its job.
   */
  readonly withCompanion?: boolean;
  /**
   * The project model this file is linted in, over the linter's own (`useProject`): a language
   * server with several workspace folders, or files outside them, has one model per project.
   */
  readonly project?: ProjectModel | null;
}

/** The findings of one file, ready to report. */
export interface FileResult {
  readonly filePath: string;
  /** Diagnostics located in this file (without `filePath`), sorted by position. */
  readonly messages: Diagnostic[];
  /** The text that was linted (after fixing, when fixes were applied). */
  readonly source: string;
  /** The fixed text, when fixes changed it. */
  readonly output?: string;
  /**
   * The file was asked for (the requested file, or its companion linted with it). A result of a
   * file that was not asked for is there only for its problems.
   */
  readonly listed: boolean;
}

/** A file after the core linted (and fixed) it: what batch steps and editors work on. */
export interface LintedFile {
  readonly request: LintRequest;
  /** The text of the file as it was read (before fixing). */
  readonly original: JobText;
  /** The text that was linted last (the fixed text when fixes were applied). */
  readonly text: string;
  /** The other file of the pair, as it was linted with this one (its fixed text, when fixed). */
  readonly companion: JobText | null;
  /** The configuration that applied (null with `syntaxOnly`). */
  readonly config: FileConfig | null;
  /** What the core was given for `text`: re-linting an edited `text` with it gives the same setting. */
  readonly options: LintOptions;
  /** The job model the rules saw. */
  readonly job: JobModel;
  /** Every diagnostic of the job; those located in the companion carry its path in `filePath`. Steps add to it. */
  readonly diagnostics: Diagnostic[];
  readonly output?: string;
  readonly companionOutput?: string;
  /** The outcome's errors (exit code 2): steps add theirs. */
  readonly errors: string[];
  /** The outcome's notices: steps add theirs. */
  readonly notices: string[];
}

export interface LintOutcome {
  readonly request: LintRequest;
  /** Results by file: the requested file first. Empty when it could not be linted. */
  readonly results: FileResult[];
  /** Input and output problems met (unreadable or binary files, fixes not written): exit code 2. */
  readonly errors: string[];
  /** Fixes that were not applied, and why (not errors). */
  readonly notices: string[];
  /** The lint itself; null when the file could not be linted. */
  readonly linted: LintedFile | null;
  /** An `.override` to lint on its own because its `.conf`, linted with it, could not be read. */
  readonly retry?: string;
}

/**
 * A step between "the core linted these files" and "emit their results": for checkers that run
 * over many files at once (one external process per batch).
 */
export interface BatchStep {
  /** Files per batch: results wait until a batch is full or the input ends. */
  readonly batchSize: number;
  /** Adds findings to the files' `diagnostics` (each located in the file, or with `filePath`). */
  run(files: readonly LintedFile[]): Promise<void>;
  /**
   * Whether `run` would change anything for these files (no method: assume it would). Throws what
   * `run` would throw before doing anything (a configuration error), so that a front end linting
   * in stages (lintFileStaged) reports it with the core's results, not after them.
   */
  wouldRun?(files: readonly LintedFile[]): boolean;
}

/** One file linted in two stages (lintFileStaged): the core's results, then the batch steps'. */
export interface StagedLint {
  /** The outcome of the core alone: a copy that running the steps does not change. */
  readonly core: LintOutcome;
  /**
   * Runs the batch steps over the file and gives the complete outcome (what lintFile gives); null
   * when no step has anything to do for it (the core's outcome is then the complete one).
   */
  readonly rest: (() => Promise<LintOutcome>) | null;
}

/** The configuration that applies to one file, as `--print-config` shows it. */
export interface ConfigReport {
  readonly filePath: string;
  readonly configFiles: readonly string[];
  /** Presets applied, in order (`recommended`, the rule defaults, first). */
  readonly presets: readonly string[];
  readonly ignored: boolean;
  readonly jobKind: string;
  readonly targetVersion: string;
  readonly inlineConfig: boolean;
  readonly reportUnusedDirectives: string;
  readonly shellcheck: string | boolean;
  readonly shellcheckExclude: readonly string[];
  readonly rules: Record<string, unknown>;
}

function textJob(path: string, text: string): JobText {
  return { path, text, validUtf8: true, hasNul: text.includes('\0') };
}

export class FileLinter {
  readonly loader: ConfigLoader;
  private readonly show: (path: string) => string;
  private project: ProjectModel | null | undefined;
  /** Shell trees kept between lints (`keepShellTrees`), or null. */
  private readonly shellTrees: ShellTreeCache | null;
  /** The batch steps: the built-in ShellCheck step first (it lints files again), then the caller's. */
  private readonly steps: readonly BatchStep[];

  constructor(readonly options: FileLinterOptions) {
    this.show = options.showPath ?? ((p) => p);
    const shellcheck = options.shellcheck;
    const mode = shellcheck === false ? undefined : shellcheck?.mode;
    this.loader = new ConfigLoader(options.registry, mode === undefined ? (options.config ?? {}) : Object.assign({}, options.config, { shellcheck: mode }), options.cwd);
    this.project = options.project;
    this.shellTrees = options.keepShellTrees === true ? new ShellTreeCache() : null;
    const steps: BatchStep[] = [];
    if (shellcheck !== false && options.syntaxOnly !== true && mode !== false) {
      steps.push(new ShellCheckStep(Object.assign({}, shellcheck, { registry: options.registry, showPath: this.show })));
    }
    steps.push(...(options.steps ?? []));
    this.steps = steps;
  }

  /** Sets the project model the next files are linted in (null: none). */
  useProject(project: ProjectModel | null): void {
    this.project = project;
  }

  /** Fails (ConfigFileError) when an explicit configuration file is missing or invalid. */
  async checkConfig(): Promise<void> {
    if (this.options.config?.configPath !== undefined && this.options.syntaxOnly !== true) {
      await this.loader.chainFor(this.options.cwd);
    }
  }

  /** Whether configured `ignores` exclude the file (never with `syntaxOnly`, which reads no configuration). */
  async isIgnored(path: string): Promise<boolean> {
    if (this.options.syntaxOnly === true) return false;
    return (await this.loader.forFile(path)).ignored;
  }

  /** What applies to `path` (absolute or relative to cwd): configuration files, rules and settings. */
  async describeConfig(path: string): Promise<ConfigReport> {
    const c = await this.loader.forFile(path);
    const registry = this.options.registry;
    const resolved = resolveRules(registry, c.rules);
    const rules: Record<string, unknown> = {};
    for (const id of registry.keys()) {
      const r = resolved.find((x) => x.rule.meta.id === id);
      rules[id] = r ? [r.severity, r.options] : 'off';
    }
    return {
      filePath: path,
      configFiles: c.configFiles,
      presets: c.presets,
      ignored: c.ignored,
      jobKind: c.jobKind ?? jobKindFromPath(path),
      targetVersion: c.targetVersion ?? DEFAULT_TARGET_VERSION,
      inlineConfig: c.inlineConfig,
      reportUnusedDirectives: c.reportUnusedDirectives ?? 'warning',
      shellcheck: c.shellcheck,
      shellcheckExclude: c.shellcheckExclude,
      rules,
    };
  }

  /** Lints one file (through the batch steps, as a batch of one). */
  async lintFile(request: LintRequest): Promise<LintOutcome> {
    const first = await this.lintCore(request);
    if (first.linted) await this.runSteps([first.linted]);
    return this.finish(first);
  }

  /**
   * Lints one file as lintFile does, in two stages: the core's outcome at once, and the batch steps
   * (ShellCheck, an external program) to run after it. For the language server, which shows the
   * core's findings without waiting for ShellCheck. The complete outcome is lintFile's.
   */
  async lintFileStaged(request: LintRequest): Promise<StagedLint> {
    const first = await this.lintCore(request);
    const linted = first.linted;
    const steps = linted === null ? [] : this.steps.filter((s) => s.wouldRun?.([linted]) ?? true);
    if (linted === null || steps.length === 0) return { core: this.finish(first), rest: null };
    // The steps add to the file's diagnostics, errors and notices: the core's outcome gets copies.
    const errors = [...first.errors];
    const notices = [...first.notices];
    const copy: LintedFile = Object.assign({}, linted, { diagnostics: [...linted.diagnostics], errors, notices });
    const core = this.finish({ request, errors, notices, linted: copy, ...(first.retry !== undefined ? { retry: first.retry } : {}) });
    const rest = async (): Promise<LintOutcome> => {
      for (const step of steps) await step.run([linted]);
      return this.finish(first);
    };
    return { core, rest };
  }

  /**
   * Lints files one after another as they come, yielding each file's outcome in order. An
   * `.override` whose `.conf` could not be read is linted on its own right after it. With batch
   * steps, outcomes are held until their batch is complete.
   */
  async *lintFiles(requests: AsyncIterable<LintRequest> | Iterable<LintRequest>): AsyncGenerator<LintOutcome> {
    const steps = this.steps;
    // Without steps every file is emitted as soon as it is linted (nothing is held).
    const batchSize = steps.length === 0 ? 0 : Math.max(1, Math.min(...steps.map((s) => s.batchSize)));
    let pending: CoreOutcome[] = [];
    let lintedCount = 0;
    const flush = async (): Promise<LintOutcome[]> => {
      const batch = pending;
      pending = [];
      lintedCount = 0;
      const linted: LintedFile[] = [];
      for (const o of batch) if (o.linted !== null) linted.push(o.linted);
      if (linted.length > 0) await this.runSteps(linted);
      return batch.map((o) => this.finish(o));
    };
    for await (const request of requests) {
      let next: LintRequest | null = request;
      while (next !== null) {
        const outcome = await this.lintCore(next);
        pending.push(outcome);
        if (outcome.linted !== null) lintedCount++;
        next = outcome.retry !== undefined ? { path: outcome.retry, ...(next.project !== undefined ? { project: next.project } : {}) } : null;
        if (lintedCount >= batchSize) yield* await flush();
      }
    }
    if (pending.length > 0) yield* await flush();
  }

  private async runSteps(files: readonly LintedFile[]): Promise<void> {
    for (const step of this.steps) {
      for (let i = 0; i < files.length; i += step.batchSize) await step.run(files.slice(i, i + step.batchSize));
    }
  }

  /** Reads, configures, lints and fixes one file. */
  private async lintCore(request: LintRequest): Promise<CoreOutcome> {
    const primary = request.path;
    const errors: string[] = [];
    const notices: string[] = [];
    const failed = (retry?: string): CoreOutcome => ({ request, errors, notices, linted: null, ...(retry !== undefined ? { retry } : {}) });

    let job: JobText;
    try {
      job = await this.readPrimary(request);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error.message.replace(primary, this.show(primary)));
      // Its .override was to be linted with it: lint that on its own instead.
      const other = companionPath(primary);
      return failed(request.withCompanion === true && other !== null ? other : undefined);
    }
    if (job.hasNul) {
      // A binary file is an input error, not a job with lint problems: upstart's reader misreads
      // NUL bytes, and diagnostics about binary garbage help nobody.
      errors.push(`${this.show(primary)}: binary file (it contains NUL bytes), not an upstart job file`);
      return failed();
    }

    let companion: JobText | null = null;
    if (primary !== STDIN_PATH) {
      try {
        companion = await this.readCompanion(primary);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push(`${error.message.replace(error.path, this.show(error.path))} (linting ${this.show(primary)} without it)`);
      }
    }
    const config = this.options.syntaxOnly === true ? null : await this.loader.forFile(primary === STDIN_PATH ? join(this.options.cwd, STDIN_PATH) : primary);
    const isOverride = isOverridePath(primary);
    const options = this.coreOptions(primary, config, companion === null ? null : { text: companion.text, primaryIsOverride: isOverride }, request);

    const fixing = this.options.fix !== undefined;
    let companionOutput: string | undefined;
    if (fixing && companion !== null && !isOverride && request.withCompanion === true) {
      // The .override is linted as part of this .conf: fix it first, as the primary file of its job.
      const overrideOptions = this.coreOptions(companion.path, config, { text: job.text, primaryIsOverride: true }, request);
      const fixedOverride = await this.fix(companion, overrideOptions, config, this.lintWith(overrideOptions, config)(companion.text), errors, notices);
      if (fixedOverride !== undefined) {
        companion = { path: companion.path, text: fixedOverride, validUtf8: companion.validUtf8, hasNul: companion.hasNul };
        companionOutput = fixedOverride;
      }
    }
    const primaryOptions = companion !== null && companionOutput !== undefined ? this.coreOptions(primary, config, { text: companion.text, primaryIsOverride: isOverride }, request) : options;
    const lint = this.lintWith(primaryOptions, config);
    let text = job.text;
    let result = lint.job(text);
    let output: string | undefined;
    if (fixing) {
      const fixed = await this.fix(job, primaryOptions, config, result.diagnostics, errors, notices);
      if (fixed !== undefined) {
        text = fixed;
        result = lint.job(fixed);
        output = fixed;
      }
    }
    const linted: LintedFile = {
      request,
      original: job,
      text,
      companion,
      config,
      options: primaryOptions,
      job: result.job,
      diagnostics: result.diagnostics,
      ...(output !== undefined ? { output } : {}),
      ...(companionOutput !== undefined ? { companionOutput } : {}),
      errors,
      notices,
    };
    return { request, errors, notices, linted };
  }

  private async readPrimary(request: LintRequest): Promise<JobText> {
    if (request.text !== undefined) {
      const size = Buffer.byteLength(request.text, 'utf8');
      if (size > MAX_JOB_FILE_BYTES) throw tooLarge(request.path, size);
      return textJob(request.path, request.text);
    }
    if (request.bytes !== undefined) {
      if (request.bytes.length > MAX_JOB_FILE_BYTES) throw tooLarge(request.path, request.bytes.length);
      return decodeJob(request.path, request.bytes);
    }
    return readJob(request.path);
  }

  /** The other file of the pair: an open buffer first, else the disk (null when there is none). */
  private async readCompanion(path: string): Promise<JobText | null> {
    const other = companionPath(path);
    if (other === null) return null;
    const open = this.options.openText?.(other);
    if (open !== undefined) return textJob(other, open);
    return readCompanion(path);
  }

  /** The core's options for `path` (the one place they are built). */
  private coreOptions(path: string, config: FileConfig | null, companion: { text: string; primaryIsOverride: boolean } | null, request: LintRequest): LintOptions {
    const syntaxOnly = this.options.syntaxOnly === true;
    const project = request.project !== undefined ? request.project : this.project;
    const jobKind = this.options.config?.jobKind ?? config?.jobKind;
    return {
      filePath: path,
      ...(jobKind !== undefined ? { jobKind } : {}),
      ...(companion !== null ? (companion.primaryIsOverride ? { confText: companion.text } : { overrideText: companion.text }) : {}),
      ...(config !== null ? { rules: config.rules } : {}),
      ...(config?.targetVersion !== undefined ? { targetVersion: config.targetVersion } : {}),
      inlineConfig: syntaxOnly ? false : (config?.inlineConfig ?? true),
      reportUnusedDirectives: syntaxOnly ? 'off' : (config?.reportUnusedDirectives ?? 'warning'),
      syntaxOnly,
      ...(project !== undefined ? { project } : {}),
      ...(config && config.knownJobs.length > 0 ? { knownJobs: config.knownJobs } : {}),
      ...(config && config.knownEvents.length > 0 ? { knownEvents: config.knownEvents } : {}),
      ...(this.shellTrees !== null ? { shellTrees: this.shellTrees } : {}),
    };
  }

  /** The core with these options; invalid rule settings become a ConfigFileError naming the files. */
  private lintWith(options: LintOptions, config: FileConfig | null): { (text: string): Diagnostic[]; job(text: string): { job: JobModel; diagnostics: Diagnostic[] } } {
    const registry = this.options.registry;
    const job = (text: string): { job: JobModel; diagnostics: Diagnostic[] } => {
      try {
        return lintJob(text, options, registry);
      } catch (error) {
        if (error instanceof ConfigError) {
          const where = config && config.configFiles.length > 0 ? `${config.configFiles.join(', ')}: ` : '';
          throw new ConfigFileError(`${where}${error.message}`);
        }
        throw error;
      }
    };
    return Object.assign((text: string) => job(text).diagnostics, { job });
  }

  /** Applies the fix policy to `file`; writes the result with `fix: 'write'`. The fixed text, or undefined. */
  private async fix(file: JobText, options: LintOptions, config: FileConfig | null, before: readonly Diagnostic[], errors: string[], notices: string[]): Promise<string | undefined> {
    const verdict = fixText(file, before, this.lintWith(options, config));
    if (verdict.kind === 'none') return undefined;
    const shown = this.show(file.path);
    if (verdict.kind === 'refused') {
      notices.push(`${shown}: not fixed: ${verdict.reason}`);
      return undefined;
    }
    if (this.options.fix === 'write') {
      try {
        await writeFileAtomic(file.path, verdict.text);
      } catch (error) {
        errors.push(`cannot write ${shown}: ${ioReason(error)}`);
        return undefined;
      }
    }
    return verdict.text;
  }

  /** Groups a linted file's diagnostics into results by file. */
  private finish(outcome: CoreOutcome): LintOutcome {
    const linted = outcome.linted;
    if (linted === null) return { request: outcome.request, results: [], errors: outcome.errors, notices: outcome.notices, linted: null, ...(outcome.retry !== undefined ? { retry: outcome.retry } : {}) };
    const primary = outcome.request.path;
    const byFile = new Map<string, Diagnostic[]>();
    byFile.set(primary, []);
    const companionPath = linted.companion?.path;
    const withCompanion = companionPath !== undefined && outcome.request.withCompanion === true;
    if (withCompanion) byFile.set(companionPath, []);
    for (const d of linted.diagnostics) {
      const p = d.filePath ?? primary;
      const list = byFile.get(p) ?? [];
      const { filePath: _ignored, ...rest } = d;
      void _ignored;
      list.push(rest);
      byFile.set(p, list);
    }
    const results: FileResult[] = [];
    for (const [p, messages] of byFile) {
      const output = p === primary ? linted.output : p === companionPath ? linted.companionOutput : undefined;
      results.push({
        filePath: p,
        messages,
        source: p === primary ? linted.text : (linted.companion?.text ?? ''),
        ...(output !== undefined ? { output } : {}),
        listed: p === primary || (withCompanion && p === companionPath),
      });
    }
    return { request: outcome.request, results, errors: outcome.errors, notices: outcome.notices, linted };
  }
}

/** An outcome before its results are grouped (batch steps may still add diagnostics). */
interface CoreOutcome {
  readonly request: LintRequest;
  readonly errors: string[];
  readonly notices: string[];
  readonly linted: LintedFile | null;
  readonly retry?: string;
}
