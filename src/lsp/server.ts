/**
 * `upstart-lint --lsp`: a Language Server Protocol server on standard input and output. It speaks
 * the protocol only; every lint goes through the file-linting layer (src/lint/), exactly as the
 * command line's, so editor and CI never disagree. Loaded only by `--lsp` (its own chunk of the
 * bundle), so the command line's start-up does not pay for it.
 *
 * - Documents are linted when opened and saved, and after edits (debounced; an edit cancels the
 *   pending lint, and a lint overtaken by an edit is not published). Editing a `.conf` re-lints
 *   its open `.override` and the other way round, since each is linted with the other's buffer.
 * - Two publishes when ShellCheck runs: the core's findings as soon as the core has linted, then
 *   the core's and ShellCheck's together when ShellCheck answers (docs/design.md, "Language
 *   server"). One ShellCheck run per document at a time; only the latest lint waits for it, and an
 *   answer for a text that has changed since is dropped. Until the answer, the last ShellCheck
 *   findings are shown only when they are of the same text, companion and configuration.
 * - Configuration is found as the command line finds it, and read again when a configuration file
 *   changes (`workspace/didChangeWatchedFiles`, or a save in the editor). An invalid configuration
 *   becomes one diagnostic at the configuration file and one `window/showMessage`; the job files
 *   under it are then checked for load errors only.
 * - Project rules (no-unknown-job, no-unknown-event, …) see the project models that load/ gathers
 *   from the disk, as the command line does: one per workspace folder, one per open job file that
 *   no folder's model holds (as for that file named on its own). Gathered in the background after
 *   initialisation (documents are linted alone until then), and again, debounced, when job or
 *   nginx files change on disk or are saved and when folders are added or removed; a newer
 *   gathering ends the older one. Completion's job and event names come from the same models.
 * - Bad input gets an error response or a diagnostic, and the server goes on.
 */
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  StreamMessageReader,
  StreamMessageWriter,
  ErrorCodes,
  MessageType,
  ResponseError,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ProjectModel } from '../core/project.js';
import { companionPath, jobNameFromPath, lintJob, rules as builtinRules, type JobFile, type Rule } from '../index.js';
import { FileLinter, type LintOutcome, type StagedLint } from '../lint/file-linter.js';
import { SHELLCHECK_RULE } from '../lint/shellcheck.js';
import { CONFIG_FILE_NAMES, ConfigFileError } from '../load/load-config.js';
import { gatherProject, isNginxFile } from '../load/project.js';
import { MAX_JOB_FILE_BYTES } from '../load/read-job.js';
import { codeActions, FIX_ALL_KIND, type ActionContext } from './actions.js';
import { documentDiagnostic, toLspDiagnostics, type DiagnosticData } from './convert.js';
import { completion, documentSymbols, hover, parseDocument } from './language.js';
import { addEvents, isJobDirectory, type WorkspaceIndex } from './workspace.js';

export interface ServerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Rules to run (the built-in ones by default). */
  readonly registry?: ReadonlyMap<string, Rule>;
  readonly version: string;
  /** End the process when the input ends (exit code 0 after a `shutdown` request, else 1). */
  readonly exitWithInput?: boolean;
}

/** Milliseconds between the last edit and the lint (`initializationOptions.debounce` overrides). */
const DEFAULT_DEBOUNCE_MS = 150;

/** Milliseconds after initialisation before the project models are gathered (first lints go first). */
const PROJECT_START_MS = 200;

/** Milliseconds between a change of job or nginx files and the rebuild of the project models. */
const PROJECT_DEBOUNCE_MS = 400;

/** A walk that gathers a project model lets the server answer at least this often (milliseconds). */
const PROJECT_SLICE_MS = 20;

/** Thrown inside a gathering that a newer one replaced, to end its walk. */
class StaleGathering extends Error {}

/** The key the project model knows a job file by: its path without `.conf`/`.override`. */
function jobKey(path: string): string {
  const posix = sep === '/' ? path : path.split(sep).join('/');
  return posix.replace(/\.(conf|override)$/, '');
}

function isInsideFolder(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}

/** Language ids under which a `.conf`, `.override` or `.upstart` file is taken for a job file. */
const GENERIC_LANGUAGES = new Set(['', 'plaintext', 'text', 'conf', 'config', 'properties', 'ini', 'unknown', 'upstart']);

const JOB_EXTENSIONS = /\.(conf|override|upstart)$/;

interface DocumentState {
  doc: TextDocument;
  readonly languageId: string;
  /** Absolute path (null for a URI that is not a file). */
  readonly path: string | null;
  timer: NodeJS.Timeout | undefined;
  /** Increases with every scheduled lint; a lint publishes only if it is still the latest. */
  generation: number;
  /** The last lint that was published, for code actions and hovers. */
  linted: Linted | null;
  /**
   * The `shellcheck` findings of the last ShellCheck answer published, with what they depend on
   * (the text, the companion's text, the linter and so the configuration): shown with the core's
   * findings of a later lint of the same text until ShellCheck answers for that lint.
   */
  shellcheck: { readonly linter: FileLinter; readonly text: string; readonly companion: string | null; readonly diagnostics: readonly Diagnostic[] } | null;
  /** What was last published (the diagnostics without `data`, in a canonical order), when a ShellCheck answer may follow. */
  sent: string | null;
}

/** A lint as published: its outcome, the diagnostics shown (indexes of `published`). */
interface Linted {
  readonly version: number;
  readonly outcome: LintOutcome;
  readonly diagnostics: readonly Diagnostic[];
  readonly published: Map<number, LspDiagnostic>;
}

/** A published list in a form to compare: each diagnostic without `data` (its index), sorted. */
function canonical(list: readonly LspDiagnostic[]): string {
  return JSON.stringify(list.map(({ data: _data, ...rest }) => JSON.stringify(rest)).sort());
}

/** The core's diagnostics with kept ShellCheck findings, in position order (those in the companion last). */
function merged(core: readonly Diagnostic[], kept: readonly Diagnostic[]): Diagnostic[] {
  if (kept.length === 0) return [...core];
  const key = (d: Diagnostic): number => (d.filePath === undefined ? 0 : Number.MAX_SAFE_INTEGER / 2) + d.span.start.offset;
  return [...core, ...kept].sort((a, b) => key(a) - key(b));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Throws InvalidParams unless `params.textDocument.uri` is a string; returns it. */
function uriOf(params: unknown): string {
  const td = isObject(params) ? params['textDocument'] : undefined;
  const uri = isObject(td) ? td['uri'] : undefined;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'params.textDocument.uri must be a string');
  return uri;
}

/** `{ line, character }` with non-negative integers, as the protocol's positions are. */
function isPosition(p: unknown): p is Position {
  return isObject(p) && Number.isInteger(p['line']) && Number.isInteger(p['character']) && (p['line'] as number) >= 0 && (p['character'] as number) >= 0;
}

/** A `{ start, end }` of such positions. */
function isRange(r: unknown): r is Range {
  return isObject(r) && isPosition(r['start']) && isPosition(r['end']);
}

function positionOf(params: unknown): Position {
  const p = isObject(params) ? params['position'] : undefined;
  if (!isPosition(p)) throw new ResponseError(ErrorCodes.InvalidParams, 'params.position must be { line, character } with non-negative integers');
  return { line: p.line, character: p.character };
}

function rangeParam(params: unknown): Range {
  const r = isObject(params) ? params['range'] : undefined;
  if (!isObject(r)) throw new ResponseError(ErrorCodes.InvalidParams, 'params.range must be a range');
  return { start: positionOf({ position: r['start'] }), end: positionOf({ position: r['end'] }) };
}

function pathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** A message without the code frame lines (`  2 |   "rules": {,` and the `^` under it). */
function withoutCodeFrame(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(?:\d+\s*)?\|/.test(line))
    .join('\n');
}

/** What follows a configuration file's name in an error message: `:LINE:COLUMN`, `, WHAT`, then `: `. */
const AFTER_CONFIG_NAME = /(?::(\d+):(\d+))?(?:, [^:]*)?: /y;

/** The configuration file a ConfigFileError message is about, and where in it. */
function configLocation(message: string): { path: string; line: number; column: number; text: string } | null {
  // The first `/NAME` or `\NAME` (a configuration file name) that the location and `: ` follow.
  // A scan, not one pattern with a lazy `.*?` prefix: that would be quadratic on a long message.
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c !== '/' && c !== '\\') continue;
    for (const name of CONFIG_FILE_NAMES) {
      if (!message.startsWith(name, i + 1)) continue;
      AFTER_CONFIG_NAME.lastIndex = i + 1 + name.length;
      const m = AFTER_CONFIG_NAME.exec(message);
      // The diagnostic sits at the line and column, so the code frame the CLI prints is left out.
      if (m) return { path: message.slice(0, i + 1 + name.length), line: Number(m[1] ?? 1), column: Number(m[2] ?? 1), text: withoutCodeFrame(message.slice(AFTER_CONFIG_NAME.lastIndex)) };
    }
  }
  // `DIR: several configuration files (a, b); keep one`
  const several = /^(.*): several configuration files \(([^,)]+)/.exec(message);
  if (several) return { path: `${several[1] as string}/${several[2] as string}`, line: 1, column: 1, text: message.slice((several[1] as string).length + 2) };
  return null;
}

export function startServer(options: ServerOptions): Connection {
  const registry = options.registry ?? builtinRules;
  // A reader and a writer, not the streams themselves: given streams, the library ends the process
  // as soon as the input ends, before the messages already read (a `shutdown`, say) are handled.
  const connection = createConnection(new StreamMessageReader(options.input), new StreamMessageWriter(options.output));
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  if (options.exitWithInput === true) {
    let ended = false;
    const inputEnded = (): void => {
      if (ended) return;
      ended = true;
      // The messages read before the end are handled first (an `exit` among them ends the process).
      setTimeout(() => process.exit(shutdown ? 0 : 1), 200);
    };
    options.input.on('end', inputEnded);
    options.input.on('close', inputEnded);
  }
  const documents = new Map<string, DocumentState>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let folders: string[] = [];
  let index: WorkspaceIndex = { jobs: new Set(), events: new Set() };
  /**
   * The project models (docs/design.md, "Language server"): one per workspace folder, as the
   * command line gathers it when run in that folder, and one per open job file that no folder's
   * model holds, as the command line gathers it for that file named on its own. Built from the
   * disk; null until the first gathering ends (files are linted alone until then).
   */
  let projects: { readonly folders: ReadonlyMap<string, ProjectModel>; readonly files: Map<string, ProjectModel> } | null = null;
  let projectGeneration = 0;
  let projectTimer: NodeJS.Timeout | undefined;
  /** Files whose own model is being gathered (outside the last full gathering). */
  const gatheringFiles = new Set<string>();
  let supportsDisabledActions = false;
  let supportsWatchedFileRegistration = false;

  const openText = (path: string): string | undefined => {
    for (const s of documents.values()) if (s.path === path) return s.doc.getText();
    return undefined;
  };
  const makeLinters = (): { full: FileLinter; syntax: FileLinter } => ({
    // ShellCheck's answers kept by text: a save, or an edit outside the scripts, runs it no more.
    full: new FileLinter({ registry, cwd: folders[0] ?? process.cwd(), openText, shellcheck: { remember: true }, keepShellTrees: true }),
    syntax: new FileLinter({ registry, cwd: folders[0] ?? process.cwd(), openText, syntaxOnly: true }),
  });
  let linters = makeLinters();
  /** Configuration files with a published error, and the messages already shown. */
  const configErrors = new Map<string, string>();
  const shownMessages = new Set<string>();

  const log = (message: string): void => {
    try {
      connection.console.error(message);
    } catch {
      process.stderr.write(`upstart-lint: ${message}\n`);
    }
  };

  // ---- linting --------------------------------------------------------------------------------

  const isJobDocument = (s: DocumentState): boolean => s.languageId === 'upstart' || (GENERIC_LANGUAGES.has(s.languageId) && JOB_EXTENSIONS.test(s.path ?? s.doc.uri));

  const reportConfigError = (error: ConfigFileError): void => {
    const where = configLocation(error.message);
    if (where && configErrors.get(where.path) !== where.text) {
      configErrors.set(where.path, where.text);
      const position = { line: Math.max(0, where.line - 1), character: Math.max(0, where.column - 1) };
      void connection.sendDiagnostics({
        uri: pathToFileURL(where.path).href,
        diagnostics: [{ range: { start: position, end: position }, severity: 1, code: 'configuration', source: 'upstart-lint', message: where.text }],
      });
    }
    if (!shownMessages.has(error.message)) {
      shownMessages.add(error.message);
      void connection.sendNotification('window/showMessage', { type: MessageType.Error, message: `upstart-lint: invalid configuration: ${error.message}` });
    }
  };

  const publish = (s: DocumentState, diagnostics: LspDiagnostic[]): void => {
    void connection.sendDiagnostics({ uri: s.doc.uri, version: s.doc.version, diagnostics });
  };

  /**
   * What a lint outcome publishes (`kept`: earlier ShellCheck findings shown with it), and the
   * state code actions and hovers read.
   */
  const present = (s: DocumentState, version: number, outcome: LintOutcome, kept: readonly Diagnostic[]): { linted: Linted | null; diagnostics: LspDiagnostic[] } => {
    // A file that the configuration's `ignores` exclude: nothing to say, as the command line lints
    // nothing in it when it is found in a directory.
    if (outcome.linted?.config?.ignored === true) return { linted: null, diagnostics: [] };
    if (outcome.linted === null) return { linted: null, diagnostics: outcome.errors.map((e) => documentDiagnostic(e, 'error', 'input')) };
    const all = merged(outcome.linted.diagnostics, kept);
    const diagnostics = toLspDiagnostics(s.doc, all, outcome.linted.companion);
    const published = new Map<number, LspDiagnostic>();
    for (const d of diagnostics) published.set((d.data as DiagnosticData).index, d);
    return { linted: { version, outcome, diagnostics: all, published }, diagnostics: [...outcome.errors.map((e) => documentDiagnostic(e, 'warning', 'input')), ...diagnostics] };
  };

  /** The last ShellCheck findings, when they are of the text, companion and linter of `core`. */
  const keptShellCheck = (s: DocumentState, core: LintOutcome, linter: FileLinter): readonly Diagnostic[] => {
    const k = s.shellcheck;
    const linted = core.linted;
    if (k === null || linted === null || k.linter !== linter || k.text !== linted.text || k.companion !== (linted.companion?.text ?? null)) return [];
    return k.diagnostics;
  };

  async function lintNow(uri: string, generation: number): Promise<void> {
    const s = documents.get(uri);
    if (!s || s.generation !== generation) return;
    s.timer = undefined;
    const version = s.doc.version;
    if (!isJobDocument(s)) {
      // A plain-text file that is not named like a job: a client attached to all plain text.
      if (GENERIC_LANGUAGES.has(s.languageId)) {
        publish(s, []);
        return;
      }
      publish(s, [documentDiagnostic(`upstart-lint checks upstart job files (.conf, .override, .upstart, or language id "upstart"); this ${s.languageId === '' ? '' : `${s.languageId} `}file is not one, so it is not linted`, 'info', 'not-a-job-file')]);
      return;
    }
    const path = s.path ?? `/${s.doc.uri.replace(/^[a-z]+:\/*/i, '')}`;
    const linter = linters.full;
    let staged: StagedLint;
    try {
      const project = s.path === null ? undefined : projectFor(s.path);
      // The core's findings now; ShellCheck's (`rest`), when it runs for this file, afterwards.
      staged = await linter.lintFileStaged({ path, text: s.doc.getText(), ...(project !== undefined ? { project } : {}) });
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      reportConfigError(error);
      staged = { core: await linters.syntax.lintFile({ path, text: s.doc.getText() }), rest: null };
    }
    // Overtaken by an edit (or closed): a newer lint is scheduled, this one is dropped.
    const isCurrent = (): boolean => documents.get(uri) === s && s.generation === generation && s.doc.version === version;
    if (!isCurrent()) return;
    const rest = staged.rest;
    if (rest === null || staged.core.linted === null || staged.core.linted.config?.ignored === true) {
      // One publish: ShellCheck does not run for this file.
      const shown = present(s, version, staged.core, []);
      s.linted = shown.linted;
      s.shellcheck = null;
      s.sent = null;
      publish(s, shown.diagnostics);
      return;
    }
    const first = present(s, version, staged.core, keptShellCheck(s, staged.core, linter));
    s.linted = first.linted;
    s.sent = canonical(first.diagnostics);
    publish(s, first.diagnostics);
    checkShell(uri, isCurrent, async () => {
      const full = await rest();
      // A newer edit (or lint) came while ShellCheck ran: its answer is of an older text, or of an
      // older lint of this text, and is not published; the newer lint has its own run.
      if (!isCurrent()) return;
      const shown = present(s, version, full, []);
      s.linted = shown.linted;
      const linted = full.linted;
      s.shellcheck = linted === null ? null : { linter, text: linted.text, companion: linted.companion?.text ?? null, diagnostics: linted.diagnostics.filter((d) => d.ruleId === SHELLCHECK_RULE) };
      // ShellCheck found nothing new (or the kept findings were its answer): published already.
      const sent = canonical(shown.diagnostics);
      if (sent === s.sent) return;
      s.sent = sent;
      publish(s, shown.diagnostics);
    });
  }

  /** Documents (by URI) with a ShellCheck run under way, and the run to start after it. */
  const shellRuns = new Map<string, { next: (() => void) | null }>();

  /**
   * Runs ShellCheck for a lint of a document (`run`): at once when no run of that document is
   * under way, else after it, in place of any run waiting (the latest lint wins). A run whose lint
   * is no longer current (`isCurrent`) when its turn comes is not started.
   */
  const checkShell = (uri: string, isCurrent: () => boolean, run: () => Promise<void>): void => {
    const busy = shellRuns.get(uri);
    if (busy !== undefined) {
      busy.next = (): void => checkShell(uri, isCurrent, run);
      return;
    }
    if (!isCurrent()) return;
    const entry: { next: (() => void) | null } = { next: null };
    shellRuns.set(uri, entry);
    run()
      .catch((error: unknown) => log(`ShellCheck for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        shellRuns.delete(uri);
        entry.next?.();
      });
  };

  const schedule = (uri: string, delay: number): void => {
    const s = documents.get(uri);
    if (!s) return;
    if (s.timer !== undefined) clearTimeout(s.timer);
    const generation = ++s.generation;
    const run = (): void => {
      lintNow(uri, generation).catch((error: unknown) => log(`lint of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    };
    // setTimeout waits at least a millisecond; without a debounce the lint runs next.
    if (delay === 0) {
      s.timer = undefined;
      setImmediate(run);
    } else {
      s.timer = setTimeout(run, delay);
    }
  };

  /** The open document that is the other file of this one's pair, re-linted with it. */
  const scheduleCompanion = (s: DocumentState, delay: number): void => {
    const other = s.path === null ? null : companionPath(s.path);
    if (other === null) return;
    for (const [uri, t] of documents) if (t.path === other) schedule(uri, delay);
  };

  /** Lints the document now if its last lint is not of its current text. */
  async function current(uri: string): Promise<DocumentState> {
    const s = documents.get(uri);
    if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    if (s.linted?.version !== s.doc.version) {
      if (s.timer !== undefined) clearTimeout(s.timer);
      await lintNow(uri, ++s.generation);
    }
    return s;
  }

  const relintAll = (): void => {
    for (const uri of documents.keys()) schedule(uri, 0);
  };

  const reloadConfiguration = (): void => {
    linters = makeLinters();
    // Configured `ignores` decide which files the models hold.
    scheduleProjects();
    for (const path of configErrors.keys()) void connection.sendDiagnostics({ uri: pathToFileURL(path).href, diagnostics: [] });
    configErrors.clear();
    shownMessages.clear();
    relintAll();
  };

  // ---- project models -------------------------------------------------------------------------

  /**
   * Gathers one model as load/ does for the command line. Before each directory the walk reads
   * (and each file it finds), it gives the event loop a turn every PROJECT_SLICE_MS, so that
   * requests are answered during a walk of a huge tree, and ends when a newer gathering started.
   */
  async function gatherOne(cwd: string, patterns: readonly string[], stdinPath: string | undefined, generation: number): Promise<ProjectModel> {
    let slice = Date.now();
    const pause = async (): Promise<void> => {
      if (Date.now() - slice >= PROJECT_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = Date.now();
      }
      if (generation !== projectGeneration) throw new StaleGathering();
    };
    const linter = linters.full;
    const gathered = await gatherProject({
      cwd,
      patterns,
      ...(stdinPath !== undefined ? { stdinPath } : {}),
      gitignore: true,
      pause,
      isIgnored: async (abs) => {
        await pause();
        try {
          return await linter.isIgnored(abs);
        } catch {
          // An invalid configuration is reported when a file under it is linted.
          return false;
        }
      },
    });
    if (generation !== projectGeneration) throw new StaleGathering();
    return gathered.model;
  }

  /** The model of one job file that no folder's model holds: the file named on its own. */
  const gatherFile = (path: string, generation: number): Promise<ProjectModel> => gatherOne(dirname(path), [], path, generation);

  /** Folders holding `path`, deepest first. */
  const foldersOf = (path: string): string[] => folders.filter((f) => isInsideFolder(f, path)).sort((a, b) => b.length - a.length);

  /** The model a file is linted in (undefined: alone, while none is gathered yet). */
  function projectFor(path: string): ProjectModel | undefined {
    if (projects === null) return undefined;
    const key = jobKey(path);
    for (const folder of foldersOf(path)) {
      const model = projects.folders.get(folder);
      if (model?.job(key) !== undefined) return model;
    }
    const own = projects.files.get(path);
    if (own !== undefined) return own;
    // Opened since the last gathering: linted alone now, and again when its model is there.
    if (!gatheringFiles.has(path)) {
      const generation = projectGeneration;
      const state = projects;
      gatheringFiles.add(path);
      gatherFile(path, generation)
        .then((model) => {
          if (generation !== projectGeneration || projects !== state) return;
          state.files.set(path, model);
          for (const [uri, t] of documents) if (t.path === path) schedule(uri, 0);
        })
        .catch((error: unknown) => {
          if (!(error instanceof StaleGathering)) log(`project of ${path}: cannot gather (${String(error)}); it is linted alone`);
        })
        .finally(() => gatheringFiles.delete(path));
    }
    return undefined;
  }

  /** Gathers every model again; a newer call makes this one stop. Re-lints the open documents. */
  async function rebuildProjects(): Promise<void> {
    const generation = ++projectGeneration;
    gatheringFiles.clear();
    const byFolder = new Map<string, ProjectModel>();
    for (const folder of folders) {
      try {
        byFolder.set(folder, await gatherOne(folder, isJobDirectory(folder) ? ['.'] : [], undefined, generation));
      } catch (error) {
        if (error instanceof StaleGathering) return;
        log(`project of ${folder}: cannot gather (${String(error)}); its files are linted alone`);
      }
    }
    const files = new Map<string, ProjectModel>();
    for (const s of documents.values()) {
      if (s.path === null || !isJobDocument(s) || files.has(s.path)) continue;
      const path = s.path;
      const key = jobKey(path);
      if (foldersOf(path).some((f) => byFolder.get(f)?.job(key) !== undefined)) continue;
      try {
        files.set(path, await gatherFile(path, generation));
      } catch (error) {
        if (error instanceof StaleGathering) return;
        log(`project of ${path}: cannot gather (${String(error)}); it is linted alone`);
      }
    }
    if (generation !== projectGeneration) return;
    projects = { folders: byFolder, files };
    indexFromProjects();
    relintAll();
  }

  /** A rebuild after PROJECT_DEBOUNCE_MS without another change (0: at once). */
  const scheduleProjects = (delay: number = PROJECT_DEBOUNCE_MS): void => {
    if (projectTimer !== undefined) clearTimeout(projectTimer);
    // A gathering under way is stale from now on.
    projectGeneration++;
    projectTimer = setTimeout(() => {
      projectTimer = undefined;
      rebuildProjects().catch((error: unknown) => log(`project models: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    }, delay);
  };

  /** Job and event names for completion, from the models. */
  function indexFromProjects(): void {
    if (projects === null) return;
    const found: WorkspaceIndex = { jobs: new Set(), events: new Set() };
    for (const model of [...projects.folders.values(), ...projects.files.values()]) {
      for (const job of model.jobs) {
        if (job.confSuffix !== null) found.jobs.add(job.name);
        for (const file of [job.conf, job.override]) {
          if (file === null) continue;
          for (const e of file.emits) found.events.add(e);
          for (const r of [...(Array.isArray(file.startOn) ? file.startOn : []), ...(file.stopOn ?? [])]) found.events.add(r.event);
        }
      }
    }
    index = found;
  }

  const known = (): { jobs: Set<string>; events: Set<string> } => {
    const jobs = new Set(index.jobs);
    const events = new Set(index.events);
    for (const s of documents.values()) {
      if (!isJobDocument(s) || s.path === null) continue;
      jobs.add(jobNameFromPath(s.path));
      const text = s.doc.getText();
      if (text.length <= MAX_JOB_FILE_BYTES && !text.includes('\0')) addEvents(text, events);
    }
    return { jobs, events };
  };

  const astOf = (s: DocumentState): JobFile | null => (isJobDocument(s) ? parseDocument(s.doc.getText(), MAX_JOB_FILE_BYTES) : null);

  // ---- protocol ---------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = isObject(params) ? params : ({} as InitializeParams);
    const opts = init.initializationOptions as unknown;
    if (isObject(opts) && typeof opts['debounce'] === 'number' && opts['debounce'] >= 0) debounceMs = opts['debounce'];
    const list = Array.isArray(init.workspaceFolders) ? init.workspaceFolders : [];
    folders = list.map((f) => (isObject(f) && typeof f.uri === 'string' ? pathOf(f.uri) : null)).filter((p): p is string => p !== null);
    if (folders.length === 0 && typeof init.rootUri === 'string') {
      const root = pathOf(init.rootUri);
      if (root !== null) folders = [root];
    }
    const caps: InitializeParams['capabilities'] = isObject(init.capabilities) ? init.capabilities : {};
    supportsDisabledActions = caps.textDocument?.codeAction?.disabledSupport === true;
    supportsWatchedFileRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    linters = makeLinters();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '('] },
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'upstart-lint', version: options.version },
    };
  });

  connection.onInitialized(() => {
    if (supportsWatchedFileRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/.upstart-lint.{json,jsonc,yaml,yml}' },
            { globPattern: '**/*.{conf,override,upstart}' },
            // nginx configuration, read by the project models (socket-bridge-permissions).
            { globPattern: '**/{nginx,sites-available,sites-enabled}/**' },
          ],
        })
        .catch((error: unknown) => log(`cannot watch configuration and job files: ${String(error)}`));
    }
    // Folders added or removed later (also when the client started with none).
    const folderPaths = (list: unknown): string[] =>
      (Array.isArray(list) ? list : []).map((f: unknown) => (isObject(f) && typeof f['uri'] === 'string' ? pathOf(f['uri']) : null)).filter((p): p is string => p !== null);
    try {
      connection.workspace.onDidChangeWorkspaceFolders((e: unknown) => {
        if (!isObject(e)) {
          log('workspace/didChangeWorkspaceFolders without event { added, removed }: ignored');
          return;
        }
        const removed = new Set(folderPaths(e['removed']));
        const added = folderPaths(e['added']).filter((p) => !folders.includes(p));
        folders = [...folders.filter((f) => !removed.has(f)), ...added];
        scheduleProjects();
      });
    } catch {
      // The client does not send folder changes.
    }
    // In the background: documents opened meanwhile are linted alone first, then again in their model.
    scheduleProjects(PROJECT_START_MS);
  });

  connection.onDidOpenTextDocument((params) => {
    const td = isObject(params) ? params.textDocument : undefined;
    if (!isObject(td) || typeof td.uri !== 'string' || typeof td.text !== 'string') {
      log('textDocument/didOpen without textDocument { uri, languageId, version, text }: ignored');
      return;
    }
    const version = Number.isInteger(td.version) ? td.version : 0;
    const languageId = typeof td.languageId === 'string' ? td.languageId : '';
    const previous = documents.get(td.uri);
    if (previous?.timer !== undefined) clearTimeout(previous.timer);
    const s: DocumentState = { doc: TextDocument.create(td.uri, languageId, version, td.text), languageId, path: pathOf(td.uri), timer: undefined, generation: 0, linted: null, shellcheck: null, sent: null };
    documents.set(td.uri, s);
    schedule(td.uri, 0);
    scheduleCompanion(s, 0);
  });

  connection.onDidChangeTextDocument((params) => {
    const uri = isObject(params) && isObject(params.textDocument) ? params.textDocument.uri : undefined;
    const s = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!s || typeof uri !== 'string') {
      log(`textDocument/didChange for a document that is not open (${String(uri)}): ignored`);
      return;
    }
    const changes = params.contentChanges;
    // A range's positions are checked here: TextDocument.update computes offsets with whatever it
    // is given, so `"1"` or 1.5 wrote the text at a wrong place and published null positions.
    if (!Array.isArray(changes) || !changes.every((c: unknown) => isObject(c) && typeof c['text'] === 'string' && (c['range'] === undefined || isRange(c['range'])))) {
      log(`textDocument/didChange for ${uri} without contentChanges [{ text, range? }] (a range of { line, character } positions with non-negative integers): ignored`);
      return;
    }
    const version = Number.isInteger(params.textDocument.version) ? params.textDocument.version : s.doc.version + 1;
    try {
      s.doc = TextDocument.update(s.doc, changes, version);
    } catch (error) {
      log(`textDocument/didChange for ${uri}: ${String(error)}; ignored`);
      return;
    }
    schedule(uri, debounceMs);
    scheduleCompanion(s, debounceMs);
  });

  connection.onDidSaveTextDocument((params) => {
    const uri = isObject(params) && isObject(params.textDocument) ? params.textDocument.uri : undefined;
    if (typeof uri !== 'string') return;
    const path = pathOf(uri);
    if (path !== null && (CONFIG_FILE_NAMES as readonly string[]).some((n) => path.endsWith(`/${n}`))) {
      reloadConfiguration();
      return;
    }
    const s = documents.get(uri);
    if (s) {
      schedule(uri, 0);
      // The models are built from the disk: a saved job file changes them.
      if (isJobDocument(s)) scheduleProjects();
    }
  });

  connection.onDidCloseTextDocument((params) => {
    const uri = isObject(params) && isObject(params.textDocument) ? params.textDocument.uri : undefined;
    if (typeof uri !== 'string') return;
    const s = documents.get(uri);
    if (!s) return;
    if (s.timer !== undefined) clearTimeout(s.timer);
    documents.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // Its companion falls back to the text on disk.
    scheduleCompanion(s, 0);
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes = isObject(params) && Array.isArray(params.changes) ? params.changes : [];
    const names = changes.map((c) => (isObject(c) && typeof c.uri === 'string' ? c.uri : ''));
    if (names.some((u) => (CONFIG_FILE_NAMES as readonly string[]).some((n) => u.endsWith(`/${n}`)))) reloadConfiguration();
    else if (names.some((u) => JOB_EXTENSIONS.test(u) || isNginxFile(pathOf(u) ?? ''))) {
      // The models are rebuilt, and the open documents linted in them again.
      scheduleProjects();
      // A companion saved or deleted on disk changes what a document is linted with.
      relintAll();
    }
  });

  connection.onCodeAction(async (params) => {
    const uri = uriOf(params);
    const range = rangeParam(params);
    const s = await current(uri);
    const lint = s.linted;
    if (!lint || lint.outcome.linted === null) return [];
    const linted = lint.outcome.linted;
    const rawOnly = isObject(params.context) ? params.context.only : undefined;
    const only = Array.isArray(rawOnly) ? rawOnly.filter((k): k is string => typeof k === 'string') : undefined;
    const ctx: ActionContext = {
      doc: s.doc,
      diagnostics: lint.diagnostics,
      published: lint.published,
      relint: (text) => lintJob(text, linted.options, registry).diagnostics,
      only,
    };
    const actions: CodeAction[] = codeActions(ctx, range);
    return supportsDisabledActions ? actions : actions.filter((a) => a.disabled === undefined);
  });

  connection.onHover(async (params) => {
    const uri = uriOf(params);
    const position = positionOf(params);
    const s = await current(uri);
    const diagnostics: readonly Diagnostic[] = s.linted?.diagnostics ?? [];
    return hover(s.doc, astOf(s), diagnostics, registry, position);
  });

  connection.onCompletion((params) => {
    const uri = uriOf(params);
    const position = positionOf(params);
    const s = documents.get(uri);
    if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    if (!isJobDocument(s)) return [];
    return completion(s.doc, astOf(s), known(), position);
  });

  connection.onDocumentSymbol((params) => {
    const uri = uriOf(params);
    const s = documents.get(uri);
    if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    const ast = astOf(s);
    return ast === null ? [] : documentSymbols(s.doc, ast);
  });

  connection.listen();
  return connection;
}

/** Entry of `upstart-lint --lsp`: serves on standard input and output until the client exits. */
export function runServer(version: string): Promise<never> {
  // Standard output carries the protocol: anything logged goes to standard error.
  console.log = console.info = console.debug = console.warn = (...args: unknown[]): void => {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  };
  process.on('uncaughtException', (error) => process.stderr.write(`upstart-lint --lsp: internal error: ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`upstart-lint --lsp: internal error: ${String(error)}\n`));
  startServer({ input: process.stdin, output: process.stdout, version, exitWithInput: true });
  // The connection ends the process on `exit`, and when standard input closes.
  return new Promise<never>(() => undefined);
}
