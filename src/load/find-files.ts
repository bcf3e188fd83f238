/**
 * Turns command-line arguments (files, directories, globs) into the job files to lint, one at a
 * time and in sorted order, so that a run over any number of files holds only the directories on
 * the current path, never the list of all files.
 *
 * Directories and the default search are walked depth first, each directory's entries sorted, and
 * matched with picomatch; a glob argument is split by fast-glob into its base directories and
 * patterns (`generateTasks`), whose bases are walked the same way. The order is the order of the
 * sorted absolute paths, as a collect-and-sort would give. `.gitignore` files (from the repository
 * root down) and configured ignores filter what the walk finds; `node_modules` and `.git` are never
 * entered. An argument that yields nothing is an error.
 *
 * A `.conf` and its `.override` are one job: when both are found, the `.override` is linted as
 * part of the `.conf` (`withCompanion`) and not on its own. They are siblings, so a directory
 * listing is enough to pair them.
 */
import { existsSync, opendirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { companionPath, isOverridePath } from '../core/job-kind.js';
import { inNginxDirectory } from '../core/project.js';
import { InputError } from './read-job.js';
import { ioReason, repositoryRoot } from './load-config.js';

/** Directories upstart reads jobs from (any prefix, any depth below them). */
export const JOB_DIRECTORIES = ['etc/init', '.init', '.config/upstart', 'etc/xdg/upstart', 'usr/share/upstart/sessions'] as const;

export const DEFAULT_PATTERNS: readonly string[] = [
  ...JOB_DIRECTORIES.map((d) => `**/${d}/**/*.{conf,override}`),
  '**/debian/*.upstart',
];

/** Directories never entered when expanding. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface Candidate {
  /** Absolute path. */
  readonly path: string;
  /** Named on the command line as a file (not found by expansion). */
  readonly explicit: boolean;
  /** Its companion (`.override` of a `.conf`) is in this run too and is linted with it. */
  readonly withCompanion: boolean;
}

export interface FindOptions {
  readonly cwd: string;
  /** Configured ignores (`ignores` in configuration). */
  readonly isIgnored: (absPath: string) => Promise<boolean>;
  /** Honour `.gitignore` files when expanding directories and globs (default true). */
  readonly gitignore?: boolean;
  /**
   * Other files a directory walk should report on the way (the project model's nginx
   * configuration): `matches` is asked with the absolute path of each file that is not a job
   * file, and `found` is called for those that match and are not ignored.
   */
  readonly also?: { readonly matches: (absPath: string) => boolean; readonly found: (absPath: string) => void };
  /**
   * A glob or directory that yields no job file, or a run without arguments that finds none, is an
   * error (default true; false is `--no-error-on-unmatched-pattern`). Missing files always are.
   */
  readonly errorOnUnmatchedPattern?: boolean;
  /** Told about each file named on the command line that configured ignores skip. */
  readonly onIgnoredFile?: (arg: string, absPath: string) => void | Promise<void>;
  /**
   * Awaited before each directory a walk reads: a caller that must stay responsive during a walk
   * of a large tree (the language server) gives the event loop a turn there, or throws to end it.
   */
  readonly pause?: () => Promise<void>;
}

export interface FindResult {
  /** The job files, produced lazily in order; each path at most once. */
  readonly files: AsyncIterable<Candidate>;
  /**
   * Paths that do not exist, cannot be read, patterns that match nothing. Filled while `files`
   * is iterated; complete when it ends.
   */
  readonly errors: InputError[];
}

interface GitignoreMatcher {
  ignores(path: string): boolean;
}
type MakeIgnore = () => { add(patterns: string): GitignoreMatcher };

type Picomatch = typeof import('picomatch');

/** What one walk looks for. */
interface WalkSpec {
  /** Absolute directory to walk. */
  readonly root: string;
  /** Does the file at `rel` (POSIX path relative to `root`) match? */
  readonly matches: (rel: string) => boolean;
  /** Directory levels below `root` worth entering (Infinity for `**` patterns). */
  readonly maxDepth: number;
  readonly also?: FindOptions['also'];
}

/**
 * A directory being walked. Its entries are one sorted array of names, a directory's written with
 * a trailing `/`, which makes the walk visit paths in sorted order (`a-b.conf` < `a/` as `-` < `/`);
 * only matched files that are not ignored are listed, so a companion is a binary search away.
 */
interface Frame {
  readonly dir: string;
  /** POSIX path relative to the walk's root ('' for the root). */
  readonly rel: string;
  readonly depth: number;
  /** Device and inode, against symbolic-link cycles. */
  readonly id: string;
  readonly names: string[];
  next: number;
}

/** Counts for one argument's "no job files" and "all ignored" errors. */
interface Tally {
  matched: number;
  kept: number;
  unreadable: number;
}

function isDirectory(p: string): boolean | null {
  try {
    return statSync(p).isDirectory();
  } catch {
    return null;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch (error) {
    // A path we may not look into still exists.
    return (error as { code?: string }).code === 'EACCES';
  }
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * `.gitignore` files from the repository root down to the directory being walked: one matcher
 * per directory on the current path, so memory follows the depth of the tree, not its size.
 */
class GitignoreStack {
  private readonly frames: { dir: string; matcher: GitignoreMatcher | null }[] = [];
  /** Matchers above the walk's root (the root itself is at depth 0, just after them). */
  private base = 0;

  constructor(
    private readonly root: string,
    private readonly make: MakeIgnore,
  ) {}

  private inside(p: string): boolean {
    return p === this.root || p.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  private load(dir: string): GitignoreMatcher | null {
    if (!this.inside(dir)) return null;
    const file = join(dir, '.gitignore');
    // Most directories have none: ask first rather than build an error for each.
    if (!existsSync(file)) return null;
    try {
      return this.make().add(readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
  }

  /** Starts a walk at `dir` with the matchers of its ancestors in the repository. */
  reset(dir: string): void {
    this.frames.length = 0;
    const chain: string[] = [];
    for (let d = dirname(dir); this.inside(d); d = dirname(d)) {
      chain.unshift(d);
      if (dirname(d) === d) break;
    }
    for (const d of chain) this.frames.push({ dir: d, matcher: this.load(d) });
    this.base = this.frames.length;
  }

  /** Enters `dir` at `depth` (0 for the walk's root), leaving deeper directories. */
  enter(dir: string, depth: number): void {
    this.frames.length = this.base + depth;
    this.frames.push({ dir, matcher: this.load(dir) });
  }

  /**
   * Whether `abs`, a file in the directory entered last at `depth` (or in one of its ancestors'),
   * is ignored: the matchers of that directory and the directories above it decide.
   */
  ignores(abs: string, depth: number): boolean {
    const upto = Math.min(this.frames.length, this.base + depth + 1);
    for (let i = 0; i < upto; i++) {
      const { dir, matcher } = this.frames[i] as { dir: string; matcher: GitignoreMatcher | null };
      if (matcher && matcher.ignores(toPosix(relative(dir, abs)))) return true;
    }
    return false;
  }
}

export function findFiles(args: readonly string[], options: FindOptions): FindResult {
  const errors: InputError[] = [];
  return { files: candidates(args, options, errors), errors };
}

async function* candidates(args: readonly string[], options: FindOptions, errors: InputError[]): AsyncGenerator<Candidate> {
  const cwd = options.cwd;
  // The .gitignore parser loads only when something is expanded, picomatch only for a glob argument
  // or the default search (a directory's patterns are matched by directoryJobMatcher), fast-glob
  // only for a glob argument: a run on named files (an editor, a pre-commit hook) pays for none of
  // them, nor for picomatch when the project model walks the named file's job directory.
  let ignoreModule: MakeIgnore | null | undefined;
  const loadIgnore = async (): Promise<MakeIgnore | null> => {
    if (ignoreModule !== undefined) return ignoreModule;
    const ig = options.gitignore === false ? null : await import('ignore');
    return (ignoreModule = ig ? () => ig.default() : null);
  };
  let pmModule: Picomatch | undefined;
  const picomatch = async (): Promise<Picomatch> => (pmModule ??= (await import('picomatch')).default);
  let fgModule: typeof import('fast-glob') | undefined;
  const globber = async (): Promise<typeof import('fast-glob')> => (fgModule ??= (await import('fast-glob')).default);
  let gitignore: GitignoreStack | null | undefined;
  const gitignoreStack = (make: MakeIgnore | null): GitignoreStack | null =>
    gitignore !== undefined ? gitignore : (gitignore = make ? new GitignoreStack(repositoryRoot(cwd) ?? cwd, make) : null);

  // Several arguments may name the same file; one argument never does, so only then is a set kept.
  const seen = args.length > 1 ? new Set<string>() : null;
  const fresh = (c: Candidate): boolean => {
    if (!seen) return true;
    if (seen.has(c.path)) return false;
    seen.add(c.path);
    return true;
  };

  /** Walks each spec in turn, reporting per argument. */
  async function* expand(specs: readonly WalkSpec[], what: string, arg: string): AsyncGenerator<Candidate> {
    const make = await loadIgnore();
    const tally: Tally = { matched: 0, kept: 0, unreadable: 0 };
    // Overlapping bases of one glob (`{a,a/b}/**`) would meet the same file twice.
    const once = specs.length > 1 ? new Set<string>() : null;
    for (const spec of specs) {
      for await (const c of walk(spec, gitignoreStack(make), options.isIgnored, tally, errors, cwd, options.pause)) {
        if (once) {
          if (once.has(c.path)) continue;
          once.add(c.path);
        }
        yield c;
      }
    }
    if (options.errorOnUnmatchedPattern === false) return;
    if (tally.matched === 0 && tally.unreadable === 0) {
      errors.push(new InputError(arg, `no ${what}`));
    } else if (tally.kept === 0 && tally.matched > 0) {
      errors.push(new InputError(arg, `all the files matched by "${arg}" are ignored (by .gitignore or \`ignores\` in configuration)`));
    }
  }

  if (args.length === 0) {
    const pm = await picomatch();
    const matches = pm([...DEFAULT_PATTERNS], { dot: true });
    yield* expand(
      [{ root: cwd, matches, maxDepth: Infinity, ...(options.also ? { also: options.also } : {}) }],
      `job files found under ${cwd} (looked in ${JOB_DIRECTORIES.map((d) => `${d}/`).join(', ')} and debian/*.upstart)`,
      '.',
    );
    return;
  }

  // Files named on the command line are few (they fit on it): classify them first, so that a
  // named .conf and .override pair up whatever their order.
  type Kind = { kind: 'file'; abs: string; ignored: boolean } | { kind: 'directory'; abs: string } | { kind: 'other'; abs: string };
  const kinds: Kind[] = [];
  const named = new Set<string>();
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    const dir = isDirectory(abs);
    if (dir === true) kinds.push({ kind: 'directory', abs });
    else if (dir === false || exists(abs)) {
      const ignored = await options.isIgnored(abs);
      if (!ignored) named.add(abs);
      kinds.push({ kind: 'file', abs, ignored });
    } else kinds.push({ kind: 'other', abs });
  }

  for (const [i, arg] of args.entries()) {
    const k = kinds[i] as Kind;
    if (k.kind === 'file') {
      if (k.ignored) {
        await options.onIgnoredFile?.(arg, k.abs);
        continue;
      }
      const other = companionPath(k.abs);
      const paired = other !== null && named.has(other);
      // A named .override whose .conf is named too is linted with the .conf.
      if (paired && isOverridePath(k.abs)) continue;
      const c: Candidate = { path: k.abs, explicit: true, withCompanion: paired };
      if (fresh(c)) yield c;
    } else if (k.kind === 'directory') {
      const glob = directoryJobMatcher(basename(k.abs) === 'debian');
      // nginx configuration (etc/nginx/, sites-available/, sites-enabled/) is read by the project
      // model, not linted as job files.
      const rootPosix = toPosix(k.abs);
      const matches = (rel: string): boolean => glob(rel) && !inNginxDirectory(`${rootPosix}/${rel}`);
      for await (const c of expand([{ root: k.abs, matches, maxDepth: Infinity, ...(options.also ? { also: options.also } : {}) }], `job files (*.conf, *.override, debian/*.upstart) in directory "${arg}"`, arg)) {
        if (fresh(c)) yield c;
      }
    } else if (/[*?[\]{}()!@+]/.test(arg) && (await globber()).isDynamicPattern(arg)) {
      const specs = globSpecs(arg, cwd, await globber(), await picomatch());
      for await (const c of expand(specs, `files match the pattern "${arg}"`, arg)) {
        if (fresh(c)) yield c;
      }
    } else {
      const parent = dirname(k.abs);
      const reason = isDirectory(parent) === null && !exists(parent) ? 'no such file or directory' : ioReasonFor(k.abs);
      errors.push(new InputError(arg, `cannot read ${arg}: ${reason}`));
    }
  }
}

/**
 * A glob as walks: fast-glob splits it into tasks (one per base directory, braces in the base
 * expanded), and each task's files are matched, as fast-glob matches them, by their path written
 * from the base as the pattern writes it (`etc/init/x.conf`, `/etc/init/x.conf`, `../x/y.conf`).
 */
function globSpecs(pattern: string, cwd: string, fg: typeof import('fast-glob'), pm: Picomatch): WalkSpec[] {
  const tasks = fg.generateTasks([pattern], { cwd, dot: true });
  const specs = tasks.map((task) => {
    const base = task.base;
    const matcher = pm(task.positive, { dot: true });
    const prefix = base === '.' || base === '' ? '' : base.endsWith('/') ? base : `${base}/`;
    const stripDot = (p: string): string => (p.startsWith('./') ? p.slice(2) : p);
    const matches = (rel: string): boolean => matcher(stripDot(prefix + rel));
    // Without `**` (or braces and extglobs, whose segments cannot be counted), a pattern has a
    // fixed depth: no need to enter directories deeper than its last directory segment.
    const deep = task.positive.some((p) => /\*\*|[{}()]/.test(p));
    const baseParts = prefix === '' ? 0 : stripDot(prefix).split('/').filter((s) => s !== '').length;
    const depth = Math.max(...task.positive.map((p) => stripDot(p).split('/').filter((s) => s !== '').length));
    return { root: resolve(cwd, base), matches, maxDepth: deep ? Infinity : Math.max(0, depth - baseParts - 1) };
  });
  return specs.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/**
 * What a directory argument lints, as picomatch matches `**\/*.{conf,override}` and
 * `**\/debian/*.upstart` (and `*.upstart` in a directory named debian) with `dot: true`, on a POSIX
 * path relative to the directory: written out so that walking a directory does not load and
 * compile picomatch (the project model walks the job directory of a file named on its own, so
 * every cold lint of one file did). test/load/directory-matcher.test.ts checks it against picomatch.
 */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

export function directoryJobMatcher(debianDirectory: boolean): (rel: string) => boolean {
  return (rel) => {
    const parts = rel.split('/');
    // picomatch's ** and * never match the segments . and .. (a walk never produces them).
    for (const part of parts) if (part === '.' || part === '..') return false;
    const name = parts[parts.length - 1] as string;
    // picomatch's regular expression matches the directories with `.` and the first character of
    // the name with `(?=.)`: a line terminator there is no match (kept, so that nothing changes).
    if (LINE_TERMINATOR.test(rel.slice(0, rel.length - name.length)) || LINE_TERMINATOR.test(name.slice(0, 1))) return false;
    if (name.endsWith('.conf') || name.endsWith('.override')) return true;
    if (!name.endsWith('.upstart')) return false;
    return parts.length >= 2 ? parts[parts.length - 2] === 'debian' : debianDirectory;
  };
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function has(sorted: readonly string[], name: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as string;
    if (v === name) return true;
    if (v < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function identity(dir: string): string {
  const st = statSync(dir);
  return `${st.dev}:${st.ino}`;
}

/**
 * Lists a directory for the walk: subdirectories (`name/`) and the files that match, following
 * symbolic links, sorted. Only regular files count: a FIFO or a socket named *.conf would hang or
 * fail the read.
 */
function readDirectory(dir: string, rel: string, depth: number, spec: WalkSpec): { names: string[]; files: number } {
  const names: string[] = [];
  let files = 0;
  // One entry at a time (opendir), not an array of every entry's Dirent: a directory of 80,000
  // files would otherwise put 80,000 short-lived objects on the heap at once, long enough for the
  // garbage collector to promote them to the old generation.
  const handle = opendirSync(dir, { bufferSize: 128 });
  try {
    for (let d = handle.readSync(); d !== null; d = handle.readSync()) {
      const name = d.name;
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        try {
          const st = statSync(join(dir, name));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a broken link found by expansion is not a job file
        }
      }
      if (isDir) {
        if (!SKIPPED_DIRECTORIES.has(name) && depth < spec.maxDepth) names.push(`${name}/`);
      } else if (isFile && spec.matches(rel === '' ? name : `${rel}/${name}`)) {
        names.push(name);
        files++;
      } else if (isFile && spec.also?.matches(join(dir, name))) {
        // Reported, not yielded: marked with a leading NUL, which no file name contains.
        names.push(`\u0000${name}`);
      }
    }
  } finally {
    handle.closeSync();
  }
  names.sort(byCodeUnits);
  return { names, files };
}

async function* walk(
  spec: WalkSpec,
  gitignore: GitignoreStack | null,
  isIgnored: (abs: string) => Promise<boolean>,
  tally: Tally,
  errors: InputError[],
  cwd: string,
  pause?: () => Promise<void>,
): AsyncGenerator<Candidate> {
  const stack: Frame[] = [];
  const ancestors = new Set<string>();
  gitignore?.reset(spec.root);

  const open = (dir: string, rel: string, depth: number): Frame | null => {
    let id: string;
    let listing: { names: string[]; files: number };
    try {
      id = identity(dir);
      // A directory already on the path (a link back up the tree) would make the walk endless.
      if (ancestors.has(id)) return null;
      listing = readDirectory(dir, rel, depth, spec);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Gone, or not a directory after all (the tree changed under us): nothing to report.
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      tally.unreadable++;
      errors.push(new InputError(dir, `cannot read directory ${relative(cwd, dir) || '.'}: ${ioReason(error)}`));
      return null;
    }
    gitignore?.enter(dir, depth);
    tally.matched += listing.files;
    return { dir, rel, depth, id, names: listing.names, next: 0 };
  };

  // Ignores are asked as files come up, not for a whole directory first: a directory of 40,000
  // jobs then costs its sorted names, nothing per file on top.
  const kept = async (frame: Frame, name: string): Promise<boolean> => {
    const abs = join(frame.dir, name);
    return !(gitignore?.ignores(abs, frame.depth) ?? false) && !(await isIgnored(abs));
  };

  if (pause) await pause();
  const root = open(spec.root, '', 0);
  if (!root) return;
  stack.push(root);
  ancestors.add(root.id);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const name = frame.names[frame.next++];
    if (name === undefined) {
      stack.pop();
      ancestors.delete(frame.id);
      continue;
    }
    if (name.endsWith('/')) {
      const sub = name.slice(0, -1);
      if (pause) await pause();
      const child = open(join(frame.dir, sub), frame.rel === '' ? sub : `${frame.rel}/${sub}`, frame.depth + 1);
      if (child) {
        stack.push(child);
        ancestors.add(child.id);
      }
      continue;
    }
    if (name.charCodeAt(0) === 0) {
      const real = name.slice(1);
      if (await kept(frame, real)) spec.also?.found(join(frame.dir, real));
      continue;
    }
    if (!(await kept(frame, name))) continue;
    const other = companionPath(name);
    const paired = other !== null && has(frame.names, other) && (await kept(frame, other));
    // The .override of a .conf found here is linted as part of the .conf.
    if (paired && isOverridePath(name)) continue;
    tally.kept++;
    yield { path: join(frame.dir, name), explicit: false, withCompanion: paired };
  }
}

/**
 * Every regular file under `root` whose path relative to it matches, in sorted order, honouring
 * `.gitignore` and configured ignores like job discovery; unreadable directories are skipped.
 * Used by the project model to find nginx configuration.
 */
export async function* findMatching(root: string, matches: (rel: string) => boolean, options: FindOptions): AsyncGenerator<string> {
  const ig = options.gitignore === false ? null : await import('ignore');
  const gitignore = ig ? new GitignoreStack(repositoryRoot(options.cwd) ?? options.cwd, () => ig.default()) : null;
  const tally: Tally = { matched: 0, kept: 0, unreadable: 0 };
  for await (const c of walk({ root, matches, maxDepth: Infinity }, gitignore, options.isIgnored, tally, [], options.cwd, options.pause)) {
    yield c.path;
    if (c.withCompanion) {
      const other = companionPath(c.path);
      if (other !== null) yield other;
    }
  }
}

function ioReasonFor(abs: string): string {
  try {
    statSync(abs);
    return 'unknown error';
  } catch (error) {
    return ioReason(error);
  }
}
