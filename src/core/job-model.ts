/**
 * The job as upstart sees it: a read-only query API over one or two parsed files (a `.conf`, and
 * the `.override` parsed on top of it, grammar document section 4.5).
 *
 * Semantics follow upstart 1.13: the last occurrence wins for single-valued stanzas; `env`,
 * `export`, `emits`, `normal exit` and `cgroup` accumulate; `exec` and `script` replace each other
 * per process slot; `manual` clears a `start on` parsed before it; `task`, `respawn` and `debug`
 * are one-way flags.
 */
import type {
  Comment,
  ConsoleStanza,
  EmitsStanza,
  EnvStanza,
  EventExpression,
  ExecStanza,
  ExpectStanza,
  ExportStanza,
  FlagStanza,
  JobFile,
  KillTimeoutStanza,
  LimitResource,
  LimitStanza,
  NiceStanza,
  NormalExitStanza,
  OomStanza,
  ProcessPhase,
  ProcessStanza,
  RespawnLimitStanza,
  ScriptStanza,
  SignalStanza,
  Span,
  Stanza,
  StartOnStanza,
  StopOnStanza,
  TextKeyword,
  TextStanza,
  UmaskStanza,
  CgroupStanza,
} from '../grammar/ast.js';
import type { LineIndex } from '../grammar/positions.js';
import type { JobKind } from './job-kind.js';
import { processShell, type ProcessShell, type ShellTreeCache } from './process-shell.js';
import { compareVersions, LAST_USER_JOB_VERSION, type UpstartVersion } from './version.js';

/** Anything with a span: stanzas, words, commands, script bodies, expression nodes, comments. */
export interface Node {
  readonly span: Span;
}

export type FileRole = 'conf' | 'override';

export interface JobSource {
  readonly path: string;
  readonly role: FileRole;
  readonly text: string;
  readonly lines: LineIndex;
  readonly ast: JobFile;
  /**
   * Where the stanzas upstart reads from this file end; the model skips stanzas from here on. For
   * an override: its first fatal syntax error (upstart applies the stanzas before it and none after
   * it, section 4.5). For any file: the first error after which upstart reads the rest of the file
   * as one quoted string, script body or event expression, so that nothing after it is a stanza.
   */
  readonly appliedUntil?: number;
}

/** Stanza type selected by its init(5) keyword. */
export interface StanzaByKeyword {
  exec: ExecStanza;
  script: ScriptStanza;
  'pre-start': ProcessStanza;
  'post-start': ProcessStanza;
  'pre-stop': ProcessStanza;
  'post-stop': ProcessStanza;
  'start on': StartOnStanza;
  'stop on': StopOnStanza;
  env: EnvStanza;
  export: ExportStanza;
  emits: EmitsStanza;
  description: TextStanza;
  author: TextStanza;
  version: TextStanza;
  usage: TextStanza;
  instance: TextStanza;
  chroot: TextStanza;
  chdir: TextStanza;
  setuid: TextStanza;
  setgid: TextStanza;
  'apparmor load': TextStanza;
  'apparmor switch': TextStanza;
  expect: ExpectStanza;
  console: ConsoleStanza;
  task: FlagStanza;
  respawn: FlagStanza;
  manual: FlagStanza;
  debug: FlagStanza;
  'kill timeout': KillTimeoutStanza;
  'kill signal': SignalStanza;
  'reload signal': SignalStanza;
  'respawn limit': RespawnLimitStanza;
  'normal exit': NormalExitStanza;
  umask: UmaskStanza;
  nice: NiceStanza;
  oom: OomStanza;
  'oom score': OomStanza;
  limit: LimitStanza;
  cgroup: CgroupStanza;
}

export type StanzaKeyword = keyof StanzaByKeyword;

export const PROCESS_PHASES: readonly ProcessPhase[] = ['pre-start', 'main', 'post-start', 'pre-stop', 'post-stop'];

export interface JobModelInit {
  readonly name: string;
  readonly kind: JobKind;
  readonly targetVersion: UpstartVersion;
  /** The file being linted. */
  readonly primary: JobSource;
  /** The other file of the pair (the `.conf` under an `.override`, or the `.override` over a `.conf`). */
  readonly companion?: JobSource;
  /** Shell trees kept between lints (LintOptions.shellTrees); none: each lint parses its scripts. */
  readonly shellTrees?: ShellTreeCache;
}

export class JobModel {
  /** Job name as upstart derives it from the path (`net/apache`). */
  readonly name: string;
  readonly kind: JobKind;
  readonly targetVersion: UpstartVersion;
  /**
   * The upstart release whose run-time behaviour applies to this job: the target version, except
   * for legacy user jobs (`~/.init`, kind `user`), which only upstart 1.3–1.6 runs (PID 1 runs them
   * for their owner; since 1.7 a Session Init reads `~/.init`, and such jobs are kind `session`).
   * For them it is at most 1.6, whatever the target (grammar document 4.3, 4.4).
   */
  readonly runtimeVersion: UpstartVersion;
  /** The file being linted. */
  readonly primary: JobSource;
  /** Files in the order upstart parses them: the `.conf`, then its `.override`. */
  readonly files: readonly JobSource[];
  /** Every stanza of every file, in parse order (duplicates included). */
  readonly stanzas: readonly Stanza[];
  readonly comments: readonly Comment[];

  private readonly fileByNode = new WeakMap<object, JobSource>();
  private readonly stanzasByFile = new Map<JobSource, Stanza[]>();
  private readonly lastByKeyword = new Map<string, Stanza>();
  private readonly allByKeyword = new Map<string, Stanza[]>();
  private readonly processBySlot = new Map<ProcessPhase, ProcessStanza>();
  private readonly effectiveStartOn: StartOnStanza | null;
  private readonly shells = new Map<ProcessStanza, ProcessShell>();
  private readonly shellTrees: ShellTreeCache | null;
  private processList: readonly ProcessStanza[] | null = null;

  constructor(init: JobModelInit) {
    this.name = init.name;
    this.kind = init.kind;
    this.targetVersion = init.targetVersion;
    this.runtimeVersion = init.kind === 'user' && compareVersions(init.targetVersion, LAST_USER_JOB_VERSION) > 0 ? LAST_USER_JOB_VERSION : init.targetVersion;
    this.primary = init.primary;
    this.shellTrees = init.shellTrees ?? null;
    const files = [init.primary];
    if (init.companion) {
      if (init.companion.role === 'conf') files.unshift(init.companion);
      else files.push(init.companion);
    }
    this.files = files;

    const stanzas: Stanza[] = [];
    const comments: Comment[] = [];
    let startOn: StartOnStanza | null = null;
    for (const file of files) {
      // Only the companion's nodes are registered: anything unregistered is in the primary file.
      // (Registering every node of a large primary file would double the memory a lint needs.)
      const register = file !== this.primary;
      const own: Stanza[] = [];
      this.stanzasByFile.set(file, own);
      for (const comment of file.ast.comments) {
        comments.push(comment);
        if (register) {
          this.fileByNode.set(comment, file);
          this.fileByNode.set(comment.span, file);
        }
      }
      for (const stanza of file.ast.stanzas) {
        if (file.appliedUntil !== undefined && stanza.span.start.offset >= file.appliedUntil) break;
        stanzas.push(stanza);
        own.push(stanza);
        if (register) this.register(stanza, file);
        if (stanza.type === 'InvalidStanza') continue;
        const key = stanza.keyword;
        this.lastByKeyword.set(key, stanza);
        let list = this.allByKeyword.get(key);
        if (!list) this.allByKeyword.set(key, (list = []));
        list.push(stanza);
        if (stanza.type === 'ExecStanza' || stanza.type === 'ScriptStanza') {
          this.processBySlot.set(stanza.phase, stanza);
        } else if (stanza.type === 'StartOnStanza') {
          startOn = stanza;
        } else if (stanza.type === 'FlagStanza' && stanza.keyword === 'manual') {
          startOn = null;
        }
      }
    }
    this.stanzas = stanzas;
    this.comments = comments;
    this.effectiveStartOn = startOn;
  }

  /** The stanzas of one file of the job, in source order (as applied: see `appliedUntil`). */
  stanzasIn(file: JobSource): readonly Stanza[] {
    return this.stanzasByFile.get(file) ?? [];
  }

  /** The last stanza with this keyword (upstart's last-wins), or null. */
  find<K extends StanzaKeyword>(keyword: K): StanzaByKeyword[K] | null {
    return (this.lastByKeyword.get(keyword) as StanzaByKeyword[K] | undefined) ?? null;
  }

  /** Every stanza with this keyword, in parse order. */
  findAll<K extends StanzaKeyword>(keyword: K): readonly StanzaByKeyword[K][] {
    return (this.allByKeyword.get(keyword) as StanzaByKeyword[K][] | undefined) ?? [];
  }

  has(keyword: StanzaKeyword): boolean {
    return this.lastByKeyword.has(keyword);
  }

  /** The effective process of a slot (`exec` and `script` replace each other). */
  process(phase: ProcessPhase): ProcessStanza | null {
    return this.processBySlot.get(phase) ?? null;
  }

  get mainProcess(): ProcessStanza | null {
    return this.process('main');
  }

  /** Effective processes in life-cycle order. */
  get processes(): readonly ProcessStanza[] {
    // Most rules ask; the model does not change during a lint.
    if (this.processList) return this.processList;
    const out: ProcessStanza[] = [];
    for (const phase of PROCESS_PHASES) {
      const p = this.processBySlot.get(phase);
      if (p) out.push(p);
    }
    this.processList = out;
    return out;
  }

  /**
   * What `/bin/sh` receives for a process (or, for an `exec` line with no shell characters, the
   * argument vector upstart executes directly), parsed once per lint on first use.
   */
  shell(stanza: ProcessStanza): ProcessShell {
    let shell = this.shells.get(stanza);
    if (!shell) {
      shell = processShell(stanza, this.shellTrees);
      this.shells.set(stanza, shell);
    }
    return shell;
  }

  /** The job-file span of the shell-text offsets [start, end) of a process. */
  shellSpan(stanza: ProcessStanza, start: number, end: number): Span {
    const shell = this.shell(stanza);
    const s = shell.fileOffset(start);
    const e = end > start ? shell.fileOffset(end - 1) + 1 : s;
    return this.spanIn(stanza, s, Math.max(s, e));
  }

  /** The effective `start on` (null when absent or cleared by a later `manual`). */
  get startOn(): StartOnStanza | null {
    return this.effectiveStartOn;
  }

  get stopOn(): StopOnStanza | null {
    return this.find('stop on');
  }

  get isTask(): boolean {
    return this.has('task');
  }

  get respawns(): boolean {
    return this.has('respawn');
  }

  /** `env` stanzas in parse order (a later one with the same name wins at run time). */
  get env(): readonly EnvStanza[] {
    return this.findAll('env');
  }

  /** The effective `env` stanza for a variable name, or null. */
  envVar(name: string): EnvStanza | null {
    const all = this.findAll('env');
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i];
      if (e && e.name === name) return e;
    }
    return null;
  }

  /** The effective value of a single-WORD stanza (`setuid`, `chdir`, …). */
  text(keyword: TextKeyword): string | null {
    const s = this.find(keyword);
    return s ? s.value : null;
  }

  /** Effective `limit` per resource. */
  get limits(): ReadonlyMap<LimitResource, LimitStanza> {
    const map = new Map<LimitResource, LimitStanza>();
    for (const l of this.findAll('limit')) map.set(l.resource, l);
    return map;
  }

  /** The file a node comes from (the primary file when unknown). */
  fileOf(node: object): JobSource {
    const direct = this.fileByNode.get(node);
    if (direct) return direct;
    const span = (node as { span?: unknown }).span;
    return (typeof span === 'object' && span !== null ? this.fileByNode.get(span) : undefined) ?? this.primary;
  }

  /** The source text of a node, sliced from its own file. */
  sourceText(node: Node): string {
    return this.fileOf(node).text.slice(node.span.start.offset, node.span.end.offset);
  }

  /** A span for offsets [start, end) in the file `origin` comes from. */
  spanIn(origin: Node, start: number, end: number): Span {
    const file = this.fileOf(origin);
    const span = file.lines.span(start, end);
    if (file !== this.primary) this.fileByNode.set(span, file);
    return span;
  }

  private register(stanza: Stanza, file: JobSource): void {
    const mark = (n: object | null | undefined): void => {
      if (n) this.fileByNode.set(n, file);
    };
    const markNode = (n: Node | null | undefined): void => {
      if (n) {
        mark(n);
        mark(n.span);
      }
    };
    markNode(stanza);
    mark(stanza.head);
    switch (stanza.type) {
      case 'ExecStanza':
        markNode(stanza.command);
        break;
      case 'ScriptStanza':
        markNode(stanza.body);
        for (const line of stanza.body.lines) mark(line.span);
        mark(stanza.body.terminator);
        break;
      case 'StartOnStanza':
      case 'StopOnStanza':
        for (const n of walkExpression(stanza.expression)) {
          markNode(n);
          if (n.type === 'EventMatch') {
            markNode(n.event);
            for (const a of n.args) {
              markNode(a);
              markNode(a.word);
            }
          }
        }
        break;
      case 'ExportStanza':
        stanza.names.forEach(markNode);
        break;
      case 'EmitsStanza':
        stanza.events.forEach(markNode);
        break;
      case 'NormalExitStanza':
        for (const v of stanza.values) markNode(v.arg);
        break;
      case 'RespawnLimitStanza':
      case 'CgroupStanza':
      case 'LimitStanza':
      case 'InvalidStanza':
        stanza.args.forEach(markNode);
        break;
      case 'FlagStanza':
        break;
      default:
        markNode(stanza.arg);
    }
  }
}

/**
 * The last line a span occupies: a span that ends at column 1 of a later line (it includes that
 * line's newline) ends on the line before.
 */
export function lastLineOf(span: Span): number {
  return span.end.column === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line;
}

/**
 * Every node of an event expression, parents before children. Iterative, so that expressions
 * nested 100,000 deep do not overflow the stack.
 */
export function* walkExpression(root: EventExpression): Generator<EventExpression> {
  const stack: EventExpression[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as EventExpression;
    yield node;
    switch (node.type) {
      case 'AndExpression':
      case 'OrExpression':
        stack.push(node.right, node.left);
        break;
      case 'GroupExpression':
        stack.push(node.expression);
        break;
      default:
        break;
    }
  }
}
