/**
 * The project model: every job file of one run (or the job files beside a single file), what each
 * job emits and waits for, and the nginx configurations that connect to the unix sockets jobs ask
 * upstart-socket-bridge for. Rules read it through `context.project`, a view for the file being
 * linted.
 *
 * Pure: `load/` gathers the files and feeds their text to a ProjectBuilder, which indexes each one
 * at once (project-index.ts) and keeps only the index, so that memory follows the number of jobs,
 * not the size of their files (docs/design.md, "Project model").
 */
import type { Span } from '../grammar/ast.js';
import { companionPath, isOverridePath, jobDirectoryOf, jobKindFromPath, jobNameFromPath, type JobDirectory, type JobKind } from './job-kind.js';
import { INIT_EVENTS, SESSION_EVENTS, SESSION_JOBS, SYSTEM_EVENTS, SYSTEM_JOBS, isUdevEvent } from './known-names.js';
import { includeMatcher, nginxFacts, type NginxFacts } from './nginx.js';
import { indexJobText, type EventReference, type JobFileIndex } from './project-index.js';
import { atLeast, type UpstartVersion } from './version.js';

/**
 * One job of the tree: a `.conf`, its `.override`, or both. Kept small (10,000 of them in a large
 * run): paths and the job directory are derived from the key when asked for.
 */
export class ProjectJob {
  readonly name: string;
  /** Kind from the path (section 4.1–4.4). */
  readonly kind: JobKind;
  /** `.conf` (or `''` for `debian/*.upstart`, whose key is its path) when the job has one. */
  confSuffix: '' | '.conf' | null = null;
  hasOverride = false;
  conf: JobFileIndex | null = null;
  override: JobFileIndex | null = null;

  /** The path without its extension: the key that pairs a `.conf` with its `.override`. */
  constructor(readonly key: string, path: string) {
    this.name = jobNameFromPath(path);
    this.kind = jobKindFromPath(path);
  }

  get confPath(): string | null {
    return this.confSuffix === null ? null : `${this.key}${this.confSuffix}`;
  }

  get overridePath(): string | null {
    return this.hasOverride ? `${this.key}.override` : null;
  }

  /** Job directory of the files, or null outside every job directory. */
  get directory(): JobDirectory | null {
    return jobDirectoryOf(`${this.key}.conf`);
  }
}

/** Which names a job sees: a system init's, or a Session Init's. */
type Scope = 'system' | 'session';

function scopesOfKind(kind: JobKind): readonly Scope[] {
  // Legacy user jobs (~/.init) were read by PID 1 in 1.3–1.6 and by Session Inits since 1.7.
  return kind === 'system' ? ['system'] : kind === 'session' ? ['session'] : ['system', 'session'];
}

/** An nginx directive that connects to a unix socket, with the user nginx's workers run as. */
export interface SocketConsumer {
  /** The nginx file. */
  readonly filePath: string;
  readonly span: Span;
  /** `server` (in an `upstream`), `proxy_pass`, `uwsgi_pass`, `fastcgi_pass`, `scgi_pass`, … */
  readonly directive: string;
  readonly socketPath: string;
  readonly user: NginxUser;
}

export interface NginxUser {
  readonly name: string;
  /**
   * `directive`: the `user` line of the nginx.conf that includes this file; `compiled-default`:
   * that nginx.conf has no `user` line, so workers run as nginx's compiled-in default `nobody`;
   * `packaged-default`: no nginx.conf of the tree includes the file, so the Debian and Ubuntu
   * package's nginx.conf is assumed (`user www-data;`).
   */
  readonly source: 'directive' | 'compiled-default' | 'packaged-default';
  /** The nginx.conf (for `directive` and `compiled-default`). */
  readonly filePath?: string;
  /** The `user` directive (for `directive`). */
  readonly span?: Span;
}

/** A copy of the job that upstart loads instead of this one (no-duplicate-job). */
export interface ShadowingCopy {
  /** The `.conf` that wins. */
  readonly path: string;
  /** Why it wins. */
  readonly reason: 'session-priority' | 'system-job';
}

export interface ProjectViewOptions {
  readonly filePath: string;
  /** The kind the file is linted as (configuration may override the path's). */
  readonly kind: JobKind;
  readonly targetVersion: UpstartVersion;
  /** Configuration `knownJobs`. */
  readonly knownJobs?: readonly string[];
  /** Configuration `knownEvents` (globs allowed). */
  readonly knownEvents?: readonly string[];
}

/** Where a name is known from. */
export type NameSource = 'tree' | 'stock' | 'configuration' | 'init' | 'udev';

/** The project as one job file sees it. */
export interface ProjectView {
  /**
   * True when the tree tells nothing about other jobs: a single file whose siblings are unknown
   * or absent. Rules that report unknown names then report only near misses of known ones.
   */
  readonly nearMissesOnly: boolean;
  /** True when the job directories were read (an `.override` without `.conf` is known to be alone). */
  readonly siblingsKnown: boolean;
  /**
   * True when only a Session Init reads the file (a session job directory): system events reach
   * it only as `:sys:<event>`.
   */
  readonly sessionOnly: boolean;
  /**
   * Where a job name (a glob is matched against the names) is known from, or null. `systemInit`:
   * look among the system init's jobs (a `:sys:` event in a session job).
   */
  jobSource(name: string, systemInit?: boolean): NameSource | null;
  /** Whether a job of this name exists outside the tree: a stock job or configuration `knownJobs`. */
  knownOutsideTree(name: string): boolean;
  /** The closest known job name within a small edit distance, or null. */
  similarJob(name: string, systemInit?: boolean): string | null;
  /** Where an event name is known from, or null. */
  eventSource(name: string, systemInit?: boolean): NameSource | null;
  /**
   * A job of the tree (its name) that runs `initctl emit` with a name the shell computes, among
   * the jobs whose events this file sees (`systemInit`: the system init's), or null. Such a tree
   * cannot be judged for events nothing else emits: that job may emit them.
   */
  dynamicEmitter(systemInit?: boolean): string | null;
  similarEvent(name: string, systemInit?: boolean): string | null;
  /** For an `.override`: whether a `.conf` it applies to exists in the tree (section 4.5). */
  overrideHasConf(): boolean;
  /** Names of `.conf` jobs in the override's directory, for a did-you-mean. */
  similarConf(name: string): string | null;
  /** Another copy of this job that its init loads instead, or null. */
  shadowedBy(): ShadowingCopy | null;
  /** nginx directives of the tree that connect to this unix socket path. */
  socketConsumers(socketPath: string): readonly SocketConsumer[];
}

export interface ProjectBuilderOptions {
  /** True when the builder is given the job directories' listings (not only the linted file). */
  readonly siblingsKnown: boolean;
}

/** Collects the tree's files one at a time; `build()` returns the model. */
export class ProjectBuilder {
  private readonly jobs = new Map<string, ProjectJob>();
  private readonly nginx: NginxFacts[] = [];
  /** One copy of each event and job name, however many jobs mention it. */
  private readonly names = new Map<string, string>();
  private readonly intern = (s: string): string => {
    const hit = this.names.get(s);
    if (hit !== undefined) return hit;
    this.names.set(s, s);
    return s;
  };

  constructor(private readonly options: ProjectBuilderOptions) {}

  /** Adds a job file (`.conf`, `.override`, `debian/*.upstart`); its text is not kept. */
  addJob(path: string, text: string): void {
    const isOverride = isOverridePath(path);
    const key = jobKey(path);
    let job = this.jobs.get(key);
    if (!job) {
      job = new ProjectJob(key, path);
      this.jobs.set(key, job);
    }
    const index = indexJobText(text, this.intern);
    if (isOverride) {
      job.hasOverride = true;
      job.override = index;
    } else {
      job.confSuffix = path.endsWith('.conf') ? '.conf' : '';
      job.conf = index;
    }
  }

  /**
   * Whether the job of this file (its `.conf` and `.override`, as far as they were added) asks
   * upstart-socket-bridge for a unix socket: the only case in which nginx configuration matters.
   */
  asksForUnixSocket(path: string): boolean {
    const job = this.jobs.get(jobKey(path));
    return job !== undefined && ((job.conf?.unixSockets.length ?? 0) > 0 || (job.override?.unixSockets.length ?? 0) > 0);
  }

  /** Adds an nginx configuration file; only its facts are kept. */
  addNginx(path: string, text: string): void {
    this.nginx.push(nginxFacts(path, text));
  }

  build(): ProjectModel {
    return new ProjectModel([...this.jobs.values()], this.nginx, this.options.siblingsKnown);
  }
}

/** `/a/etc/init/x.conf` and `/a/etc/init/x.override` → `/a/etc/init/x`. */
function jobKey(path: string): string {
  const other = companionPath(path);
  if (other === null) return path;
  return isOverridePath(path) ? path.slice(0, -'.override'.length) : path.slice(0, -'.conf'.length);
}

/** A compiled glob: `test(name)` as on a RegExp. */
export interface GlobMatcher {
  test(name: string): boolean;
}

/** One element of a glob: `*`, or a test of one UTF-16 code unit (`?`, a class, a literal). */
type GlobPart = null | ((c: string) => boolean);

/**
 * fnmatch(3) without flags, as upstart matches event arguments and `emits` globs (section 3.5):
 * `*` and `?` match any character (`/` too), `[…]` and `[!…]` classes, `\` escapes. Throws on a
 * class a regular expression cannot hold (the caller treats the glob as unusable).
 *
 * Matched by the greedy algorithm with one backtrack point (the last `*`): O(name × glob) time at
 * worst. A regular expression `^[\s\S]*a[\s\S]*a…$` backtracks O(name^stars) times: `*a*a*a*a*a*a*c`
 * against 80 `a`s took 19 s.
 */
export function globToRegExp(glob: string): GlobMatcher {
  const parts: GlobPart[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (parts[parts.length - 1] !== null) parts.push(null);
    } else if (c === '?') parts.push(() => true);
    else if (c === '\\' && i + 1 < glob.length) {
      const lit = glob[++i] as string;
      parts.push((x) => x === lit);
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) parts.push((x) => x === '[');
      else {
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        const cls = new RegExp(`^[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^')}]$`);
        parts.push((x) => cls.test(x));
        i = close;
      }
    } else parts.push((x) => x === c);
  }
  return { test: (name: string) => globMatches(parts, name) };
}

function globMatches(parts: readonly GlobPart[], name: string): boolean {
  let p = 0;
  let i = 0;
  let starPart = -1;
  let starAt = 0;
  while (i < name.length) {
    const part = p < parts.length ? parts[p] : undefined;
    if (part === null) {
      starPart = p++;
      starAt = i;
    } else if (part !== undefined && part(name[i] as string)) {
      p++;
      i++;
    } else if (starPart !== -1) {
      // Let the last `*` take one more character, and match the rest again from there.
      p = starPart + 1;
      i = ++starAt;
    } else return false;
  }
  while (p < parts.length && parts[p] === null) p++;
  return p === parts.length;
}

export const hasGlob = (s: string): boolean => /[*?[]/.test(s);

/** Names and globs, with a cached matcher per glob. */
class NameSet {
  readonly exact = new Set<string>();
  readonly globs: GlobMatcher[] = [];

  add(name: string): void {
    if (hasGlob(name)) {
      try {
        this.globs.push(globToRegExp(name));
      } catch {
        this.exact.add(name);
      }
    } else this.exact.add(name);
  }

  has(name: string): boolean {
    if (this.exact.has(name)) return true;
    for (const g of this.globs) if (g.test(name)) return true;
    return false;
  }

  /** A glob (from a reference) matched against the exact names. */
  matchesGlob(pattern: GlobMatcher): boolean {
    for (const n of this.exact) if (pattern.test(n)) return true;
    return false;
  }
}

const STOCK_JOBS: Record<Scope, ReadonlySet<string>> = { system: new Set(SYSTEM_JOBS), session: new Set(SESSION_JOBS) };
const STOCK_EVENTS: Record<Scope, ReadonlySet<string>> = {
  system: new Set([...INIT_EVENTS, ...SYSTEM_EVENTS]),
  session: new Set([...INIT_EVENTS, ...SESSION_EVENTS]),
};

/** Session directory priorities, highest first (section 4.3). */
const SESSION_PRIORITY: Readonly<Record<string, number>> = { 'session-config': 1, user: 2, 'session-xdg': 3, 'session-share': 4 };

/** `/run/x` and `/var/run/x` are one file on Ubuntu (`/var/run` links to `/run`). */
export function normalizeSocketPath(path: string): string {
  return path.startsWith('/var/run/') ? `/run/${path.slice('/var/run/'.length)}` : path;
}

export class ProjectModel {
  readonly jobs: readonly ProjectJob[];
  readonly nginxFiles: readonly NginxFacts[];
  readonly siblingsKnown: boolean;
  private readonly byKey = new Map<string, ProjectJob>();
  private readonly names: Record<Scope, Map<string, ProjectJob[]>> = { system: new Map(), session: new Map() };
  private readonly emitted: Record<Scope, NameSet> = { system: new NameSet(), session: new NameSet() };
  private readonly dynamic: Record<Scope, string | null> = { system: null, session: null };
  private readonly suggestions = new Map<string, string | null>();
  private consumers: Map<string, SocketConsumer[]> | null = null;

  constructor(jobs: readonly ProjectJob[], nginx: readonly NginxFacts[], siblingsKnown: boolean) {
    this.jobs = jobs;
    this.nginxFiles = nginx;
    this.siblingsKnown = siblingsKnown;
    for (const job of jobs) {
      this.byKey.set(job.key, job);
      for (const scope of scopesOfKind(job.kind)) {
        // An .override without its .conf defines no job (section 4.5).
        if (job.confSuffix !== null) {
          let list = this.names[scope].get(job.name);
          if (!list) this.names[scope].set(job.name, (list = []));
          list.push(job);
        }
        for (const e of job.conf?.emits ?? []) this.emitted[scope].add(e);
        for (const e of job.override?.emits ?? []) this.emitted[scope].add(e);
        if (this.dynamic[scope] === null && (job.conf?.emitsDynamic || job.override?.emitsDynamic)) this.dynamic[scope] = job.name;
      }
    }
  }

  /**
   * The model of a file linted alone, siblings unknown: no other job, no nginx. The file's own
   * stanzas are read by the rules from its JobModel, so nothing needs indexing.
   */
  static readonly alone: ProjectModel = new ProjectModel([], [], false);

  /** Jobs in the tree, by key (path without extension). */
  job(key: string): ProjectJob | undefined {
    return this.byKey.get(key);
  }

  /** The effective `start on` and `stop on` references of a job (override applied, section 4.5). */
  references(job: ProjectJob): { startOn: readonly EventReference[]; stopOn: readonly EventReference[] } {
    let startOn: readonly EventReference[] = [];
    for (const index of [job.conf, job.override]) {
      const s = index?.startOn;
      if (s === 'cleared') startOn = [];
      else if (s) startOn = s;
    }
    const stopOn = job.override?.stopOn ?? job.conf?.stopOn ?? [];
    return { startOn, stopOn };
  }

  /** Names of the tree's jobs a file of this kind sees. */
  jobNames(kind: JobKind): string[] {
    const out = new Set<string>();
    for (const scope of scopesOfKind(kind)) for (const n of this.names[scope].keys()) out.add(n);
    return [...out].sort();
  }

  view(options: ProjectViewOptions): ProjectView {
    return new View(this, options);
  }

  /** @internal */
  scopeJobs(scope: Scope): Map<string, ProjectJob[]> {
    return this.names[scope];
  }

  /** @internal */
  scopeEmits(scope: Scope): NameSet {
    return this.emitted[scope];
  }

  /** @internal */
  scopeDynamicEmitter(scope: Scope): string | null {
    return this.dynamic[scope];
  }

  /** @internal memoised did-you-mean */
  suggestion(key: string, compute: () => string | null): string | null {
    const hit = this.suggestions.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.suggestions.size < 10_000) this.suggestions.set(key, value);
    return value;
  }

  /** nginx directives that connect to a unix socket, by normalised path. */
  socketConsumers(socketPath: string): readonly SocketConsumer[] {
    this.consumers ??= resolveConsumers(this.nginxFiles);
    return this.consumers.get(normalizeSocketPath(socketPath)) ?? [];
  }
}

/** Resolves which nginx.conf includes which file, and so which user each consumer runs as. */
function resolveConsumers(files: readonly NginxFacts[]): Map<string, SocketConsumer[]> {
  const out = new Map<string, SocketConsumer[]>();
  if (!files.some((f) => f.sockets.length > 0)) return out;
  const mains = files.filter((f) => f.isMain).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ownerOf = new Map<string, NginxFacts>();
  for (const main of mains) {
    const seen = new Set<string>([main.path]);
    const queue: NginxFacts[] = [main];
    const base = main.path.slice(0, main.path.lastIndexOf('/') + 1);
    while (queue.length > 0) {
      const f = queue.shift() as NginxFacts;
      if (!ownerOf.has(f.path)) ownerOf.set(f.path, main);
      for (const pattern of f.includes) {
        let re: RegExp;
        try {
          // A relative include is relative to nginx's configuration prefix: nginx.conf's directory.
          re = includeMatcher(pattern.startsWith('/') ? pattern : `${base}${pattern}`);
        } catch {
          continue;
        }
        for (const g of files) {
          if (!seen.has(g.path) && re.test(g.path)) {
            seen.add(g.path);
            queue.push(g);
          }
        }
      }
    }
  }
  for (const f of files) {
    if (f.sockets.length === 0) continue;
    const main = ownerOf.get(f.path);
    let user: NginxUser;
    if (main?.user) user = { name: main.user.name, source: 'directive', filePath: main.path, span: main.user.span };
    else if (main) user = { name: 'nobody', source: 'compiled-default', filePath: main.path };
    else user = { name: 'www-data', source: 'packaged-default' };
    for (const s of f.sockets) {
      const key = normalizeSocketPath(s.path);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push({ filePath: f.path, span: s.span, directive: s.directive, socketPath: s.path, user });
    }
  }
  return out;
}

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  if (rows[0].length < n + 1) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

/** How far a typo may be from the name it was meant to be. */
function typoLimit(name: string): number {
  return name.length <= 3 ? 0 : name.length <= 7 ? 1 : 2;
}

interface Near {
  readonly name: string;
  readonly distance: number;
}

/**
 * Whether one name is the other plus a whole `-`, `_` or `.` separated part (`app-bravo` and
 * `app-bravo-1`, `imageloader` and `imageloader-init`): related jobs (instances, a master job and
 * its children), not a typo of each other.
 */
function sameFamily(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length === 0 || short.length === long.length) return false;
  const sep = (c: string | undefined): boolean => c === '-' || c === '_' || c === '.';
  if (long.startsWith(short) && sep(long[short.length])) return true;
  return long.endsWith(short) && sep(long[long.length - short.length - 1]);
}

/** The closest candidate within the typo limit (ties: the alphabetically first), or null. */
function nearest(name: string, candidates: Iterable<string>): Near | null {
  const limit = typoLimit(name);
  if (limit === 0) return null;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === name || sameFamily(c, name)) continue;
    const d = editDistance(name, c, Math.min(limit, bestDistance));
    if (d <= limit && (d < bestDistance || (d === bestDistance && best !== null && c < best))) {
      best = c;
      bestDistance = d;
    }
  }
  return best === null ? null : { name: best, distance: bestDistance };
}

function better(a: Near | null, b: Near | null): Near | null {
  if (!a) return b;
  if (!b) return a;
  return b.distance < a.distance || (b.distance === a.distance && b.name < a.name) ? b : a;
}

/** Near misses of the stock names, shared by every model (a single file's model is built per lint). */
const stockNear = new Map<string, Near | null>();

function nearestStock(kind: 'job' | 'event', scopes: readonly Scope[], name: string): Near | null {
  const key = `${kind}:${scopes.join('+')}:${name}`;
  const hit = stockNear.get(key);
  if (hit !== undefined) return hit;
  let best: Near | null = null;
  for (const scope of scopes) best = better(best, nearest(name, kind === 'job' ? STOCK_JOBS[scope] : STOCK_EVENTS[scope]));
  if (stockNear.size >= 20_000) stockNear.clear();
  stockNear.set(key, best);
  return best;
}

function closest(name: string, candidates: Iterable<string>): string | null {
  return nearest(name, candidates)?.name ?? null;
}

class View implements ProjectView {
  readonly nearMissesOnly: boolean;
  readonly siblingsKnown: boolean;
  readonly sessionOnly: boolean;
  private readonly scopes: readonly Scope[];
  private readonly knownJobs: NameSet;
  private readonly knownEvents: NameSet;
  private readonly key: string;
  private ownName: string | null = null;

  constructor(
    private readonly model: ProjectModel,
    private readonly options: ProjectViewOptions,
  ) {
    // Outside job directories nothing says which init reads the file: it sees both kinds of name.
    this.scopes = jobDirectoryOf(options.filePath) === null ? ['system', 'session'] : scopesOfKind(options.kind);
    this.sessionOnly = this.scopes.length === 1 && this.scopes[0] === 'session';
    this.key = jobKey(options.filePath);
    this.siblingsKnown = model.siblingsKnown;
    const jobs = model.jobs;
    const others = jobs.length > 1 || (jobs.length === 1 && jobs[0]?.key !== this.key);
    this.nearMissesOnly = !model.siblingsKnown || !others;
    this.knownJobs = new NameSet();
    for (const j of options.knownJobs ?? []) this.knownJobs.add(j);
    this.knownEvents = new NameSet();
    for (const e of options.knownEvents ?? []) this.knownEvents.add(e);
  }

  private scopesFor(systemInit: boolean | undefined): readonly Scope[] {
    return systemInit ? ['system'] : this.scopes;
  }

  knownOutsideTree(name: string): boolean {
    if (this.knownJobs.has(name)) return true;
    return this.scopes.some((scope) => STOCK_JOBS[scope].has(name));
  }

  jobSource(name: string, systemInit?: boolean): NameSource | null {
    const glob = hasGlob(name) ? safeGlob(name) : null;
    const own = (this.ownName ??= jobNameFromPath(this.options.filePath));
    const scopes = this.scopesFor(systemInit);
    if (!systemInit && (name === own || (glob && glob.test(own)))) return 'tree';
    for (const scope of scopes) {
      const tree = this.model.scopeJobs(scope);
      if (tree.has(name)) return 'tree';
      if (glob) for (const n of tree.keys()) if (glob.test(n)) return 'tree';
    }
    if (this.knownJobs.has(name) || (glob && this.knownJobs.matchesGlob(glob))) return 'configuration';
    for (const scope of scopes) {
      if (STOCK_JOBS[scope].has(name)) return 'stock';
      if (glob) for (const n of STOCK_JOBS[scope]) if (glob.test(n)) return 'stock';
    }
    return null;
  }

  similarJob(name: string, systemInit?: boolean): string | null {
    const scopes = this.scopesFor(systemInit);
    return this.model.suggestion(`job:${scopes.join('+')}:${name}:${[...this.knownJobs.exact].join(',')}`, () => {
      let best = nearestStock('job', scopes, name);
      best = better(best, nearest(name, this.knownJobs.exact));
      for (const scope of scopes) best = better(best, nearest(name, this.model.scopeJobs(scope).keys()));
      return best?.name ?? null;
    });
  }

  eventSource(name: string, systemInit?: boolean): NameSource | null {
    const scopes = this.scopesFor(systemInit);
    for (const scope of scopes) {
      if (this.model.scopeEmits(scope).has(name)) return 'tree';
    }
    if (this.knownEvents.has(name)) return 'configuration';
    for (const scope of scopes) {
      if (STOCK_EVENTS[scope].has(name)) return 'init';
    }
    if (isUdevEvent(name)) return 'udev';
    return null;
  }

  dynamicEmitter(systemInit?: boolean): string | null {
    for (const scope of this.scopesFor(systemInit)) {
      const job = this.model.scopeDynamicEmitter(scope);
      if (job !== null) return job;
    }
    return null;
  }

  similarEvent(name: string, systemInit?: boolean): string | null {
    const scopes = this.scopesFor(systemInit);
    return this.model.suggestion(`event:${scopes.join('+')}:${name}:${[...this.knownEvents.exact].join(',')}`, () => {
      let best = nearestStock('event', scopes, name);
      best = better(best, nearest(name, this.knownEvents.exact));
      for (const scope of scopes) best = better(best, nearest(name, this.model.scopeEmits(scope).exact));
      return best?.name ?? null;
    });
  }

  overrideHasConf(): boolean {
    const job = this.model.job(this.key);
    if (job?.confPath) return true;
    const dir = jobDirectoryOf(this.options.filePath);
    const rank = dir ? SESSION_PRIORITY[dir.type] : undefined;
    if (!dir || rank === undefined) return false;
    // A session override applies to the job of that name in its own or any lower-priority
    // directory of the same Session Init (section 4.5).
    const name = jobNameFromPath(this.options.filePath);
    for (const other of this.model.scopeJobs('session').get(name) ?? []) {
      const od = other.directory;
      const orank = od ? SESSION_PRIORITY[od.type] : undefined;
      if (other.confPath && od && orank !== undefined && orank >= rank && sameSessionInit(dir, od)) return true;
    }
    return false;
  }

  similarConf(name: string): string | null {
    const dir = jobDirectoryOf(this.options.filePath)?.dir ?? this.options.filePath.slice(0, this.options.filePath.lastIndexOf('/') + 1);
    const names: string[] = [];
    for (const j of this.model.jobs) {
      if (j.confPath && j.confPath.startsWith(dir)) names.push(j.name);
    }
    return closest(name, names);
  }

  shadowedBy(): ShadowingCopy | null {
    if (this.model.jobs.length === 0) return null;
    const job = this.model.job(this.key);
    const dir = jobDirectoryOf(this.options.filePath);
    if (!dir || isOverridePath(this.options.filePath)) return null;
    const name = jobNameFromPath(this.options.filePath);
    if (dir.type === 'user' && !atLeast(this.options.targetVersion, 1, 7)) {
      // Upstart 1.3–1.6: a user job may not have a system job's name (section 4.4).
      for (const other of this.model.scopeJobs('system').get(name) ?? []) {
        const od = other.directory;
        if (other !== job && other.confPath && od?.type === 'system' && dir.prefix.startsWith(od.prefix)) {
          return { path: other.confPath, reason: 'system-job' };
        }
      }
      return null;
    }
    const rank = SESSION_PRIORITY[dir.type];
    if (rank === undefined) return null;
    let best: { path: string; rank: number } | null = null;
    for (const other of this.model.scopeJobs('session').get(name) ?? []) {
      const od = other.directory;
      const orank = od ? SESSION_PRIORITY[od.type] : undefined;
      if (other === job || !other.confPath || !od || orank === undefined || orank >= rank || !sameSessionInit(od, dir)) continue;
      if (!best || orank < best.rank) best = { path: other.confPath, rank: orank };
    }
    return best ? { path: best.path, reason: 'session-priority' } : null;
  }

  socketConsumers(socketPath: string): readonly SocketConsumer[] {
    return this.model.socketConsumers(socketPath);
  }
}

/**
 * Whether two session directories are read by one Session Init: a home's own directories
 * (`.config/upstart`, `.init`) belong to that home; the shared ones (`etc/xdg/upstart`,
 * `usr/share/upstart/sessions`) to every home under the same root.
 */
function sameSessionInit(a: JobDirectory, b: JobDirectory): boolean {
  const home = (d: JobDirectory): boolean => d.type === 'session-config' || d.type === 'user';
  if (home(a) && home(b)) return a.prefix === b.prefix;
  if (home(a)) return a.prefix.startsWith(b.prefix);
  if (home(b)) return b.prefix.startsWith(a.prefix);
  return a.prefix === b.prefix;
}

function safeGlob(name: string): GlobMatcher | null {
  try {
    return globToRegExp(name);
  } catch {
    return null;
  }
}

const NGINX_DIRS = ['etc/nginx', 'sites-available', 'sites-enabled'];

/** Under `etc/nginx/`, `sites-available/` or `sites-enabled/`, outside job directories. */
export function inNginxDirectory(path: string): boolean {
  const p = `/${path.replace(/\\/g, '/')}`;
  return jobDirectoryOf(p) === null && NGINX_DIRS.some((d) => p.includes(`/${d}/`));
}

/**
 * `x.conf.in`: a template that a build (autotools, CMake `configure_file`) installs as `x.conf`
 * after substituting `@VARIABLES@`; it stands for job `x` when named or expanded on the command line.
 */
export function isJobTemplate(name: string): boolean {
  return name.endsWith('.conf.in') && name.length > '.conf.in'.length;
}

/**
 * What a file of the tree is to the project model: a job file (`*.conf`/`*.override` in a job
 * directory, `debian/*.upstart`), nginx configuration (under `etc/nginx/`, `sites-available/` or
 * `sites-enabled/`, or named `*nginx*.conf`, outside job directories), or neither. With
 * `looseJobs` (files the command line names or expands), any other `*.conf`/`*.override` (and
 * `*.conf.in` template) is a job file, even one named like `nginx.conf`: an upstart job for nginx
 * is often called that.
 */
export function projectFileKind(path: string, looseJobs = false): 'job' | 'nginx' | null {
  const p = path.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (jobDirectoryOf(p) !== null) return name.endsWith('.conf') || name.endsWith('.override') ? 'job' : null;
  if (/(^|\/)debian\/[^/]+\.upstart$/.test(p)) return 'job';
  if (inNginxDirectory(p)) return 'nginx';
  if (looseJobs && (name.endsWith('.conf') || name.endsWith('.override') || isJobTemplate(name))) return 'job';
  if (name.endsWith('.conf') && name.slice(0, -'.conf'.length).includes('nginx')) return 'nginx';
  return null;
}
