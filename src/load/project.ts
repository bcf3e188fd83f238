/**
 * The first pass of a run: gathers the files the project model is built from (docs/design.md,
 * "Project model"). Job files are found exactly as the lint pass finds them (plus the job files
 * beside each file named on the command line or read from standard input), read one at a time and
 * indexed at once; only the index is kept. nginx configuration is found from the run's roots.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { jobDirectoryOf } from '../core/job-kind.js';
import { ProjectBuilder, inNginxDirectory, projectFileKind, type ProjectModel } from '../core/project.js';
import { indexJobText } from '../core/project-index.js';
import { findFiles, findMatching, type Candidate, type FindResult } from './find-files.js';
import { repositoryRoot } from './load-config.js';
import { MAX_JOB_FILE_BYTES, readJobBytes } from './read-job.js';

export interface GatherOptions {
  readonly cwd: string;
  /** The command line's file, directory and glob arguments (none: the default search). */
  readonly patterns: readonly string[];
  /** For standard input: the absolute path it stands for. */
  readonly stdinPath?: string;
  readonly gitignore: boolean;
  readonly isIgnored: (abs: string) => Promise<boolean>;
  /** Awaited before each directory the walks read (FindOptions.pause). */
  readonly pause?: () => Promise<void>;
  /** Called after each job file read (the command line's heap settings count them). */
  readonly onJobFile?: () => void;
  /**
   * The lint pass's own discovery of `patterns`: its files are read from it and kept in
   * `GatheredProject.candidates`, so the lint pass does not walk the tree a second time.
   */
  readonly found?: FindResult;
  /** nginx files that `found`'s walk reported (see `nginxWatcher`); its roots are not walked again. */
  readonly nginxSeen?: NginxWatcher;
  /**
   * Walk for nginx configuration beyond discovery's own walk only when a job the run lints asks
   * upstart-socket-bridge for a unix socket: only socket-bridge-permissions reads nginx
   * configuration, and only for such a job. For a one-off run (the command line): a model kept
   * while files change (the language server) needs nginx whatever the files say now. `stdinText`:
   * the text read from standard input, which stands for `stdinPath`.
   */
  readonly nginxOnDemand?: { readonly stdinText?: string };
}

/** Collects the nginx files a discovery walk passes (FindOptions.also). */
export interface NginxWatcher {
  readonly also: NonNullable<import('./find-files.js').FindOptions['also']>;
  readonly files: string[];
}

export function isNginxFile(abs: string): boolean {
  const p = toPosix(abs);
  return projectFileKind(p) === 'nginx' || inNginxDirectory(p);
}

export function nginxWatcher(): NginxWatcher {
  const files: string[] = [];
  return { files, also: { matches: isNginxFile, found: (p) => files.push(p) } };
}

export interface GatheredProject {
  readonly model: ProjectModel;
  /** The files `found` yielded, in order (when `found` was given). */
  readonly candidates: readonly Candidate[] | null;
  /**
   * The bytes of candidates this pass read, by path, up to `KEPT_BYTES` in all (the first files;
   * none without `found`): the lint pass takes them (and deletes them) instead of reading those
   * files a second time.
   */
  readonly kept: Map<string, Uint8Array>;
}

/** Bytes of the candidates' files kept for the lint pass, at most (16 MB: 10,000 jobs of the corpus are 8 MB). */
const KEPT_BYTES = 16 * 1024 * 1024;

/** nginx files are small; anything larger is not configuration worth reading. */
const MAX_NGINX_FILE_BYTES = 1024 * 1024;
/** At most this many nginx files are read in one run. */
const MAX_NGINX_FILES = 2000;

function readBytes(path: string, limit: number): Buffer | null {
  try {
    // Discovery yields regular files, but a file named on the command line may be a FIFO or a
    // device: read as the lint pass reads it (no hang, no endless read).
    const bytes = readJobBytes(path);
    return bytes.length > limit || bytes.includes(0) ? null : bytes;
  } catch {
    return null;
  }
}

function readText(path: string, limit: number): string | null {
  return readBytes(path, limit)?.toString('utf8') ?? null;
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

function isInside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Builds the project model of a run. Never throws for unreadable files: they are left out. */
export async function gatherProject(options: GatherOptions): Promise<GatheredProject> {
  const builder = new ProjectBuilder({ siblingsKnown: true });
  const seen = new Set<string>();
  const kept = new Map<string, Uint8Array>();
  let keptBytes = 0;
  const addJob = (path: string, loose: boolean, candidate = false): void => {
    if (seen.has(path)) return;
    seen.add(path);
    if (projectFileKind(toPosix(path), loose) !== 'job') return;
    const bytes = readBytes(path, MAX_JOB_FILE_BYTES);
    if (bytes !== null) {
      builder.addJob(toPosix(path), bytes.toString('utf8'));
      if (candidate && keptBytes + bytes.length <= KEPT_BYTES) {
        kept.set(path, bytes);
        keptBytes += bytes.length;
      }
    }
    options.onJobFile?.();
  };

  // Files named on their own (or standard input's path) that look like job files: their
  // siblings and their tree are part of the project. Anything else named (a device, /proc) is not.
  const named: string[] = [];
  const jobLike = (p: string): boolean => /\.(conf|override|upstart|conf\.in)$/.test(p);
  if (options.stdinPath !== undefined && jobLike(options.stdinPath)) named.push(options.stdinPath);
  let candidates: Candidate[] | null = null;
  // Whether a job the run lints asks the socket bridge for a unix socket (see `nginxOnDemand`).
  const stdinText = options.nginxOnDemand?.stdinText;
  let asksForUnixSocket = stdinText !== undefined && indexJobText(stdinText).unixSockets.length > 0;
  if (options.stdinPath === undefined) {
    const found = options.found ?? findFiles(options.patterns, walkOptions(options));
    if (options.found) candidates = [];
    for await (const c of found.files) {
      candidates?.push(c);
      addJob(c.path, true, candidates !== null);
      if (c.withCompanion) addJob(c.path.endsWith('.conf') ? `${c.path.slice(0, -5)}.override` : c.path, true);
      if (c.explicit && jobLike(c.path)) named.push(c.path);
      if (!asksForUnixSocket) asksForUnixSocket = builder.asksForUnixSocket(toPosix(c.path));
    }
  }

  // A file named on its own sees the job files beside it: its job directory's tree, or the other
  // job files of its own directory outside job directories.
  const siblingRoots = new Set<string>();
  for (const file of named) {
    const dir = jobDirectoryOf(toPosix(file));
    siblingRoots.add(dir ? dir.dir.replace(/\/$/, '') : dirname(file));
  }
  for (const root of siblingRoots) {
    if (jobDirectoryOf(`${toPosix(root)}/x.conf`)) {
      const found = findFiles([root], walkOptions(options));
      for await (const c of found.files) {
        addJob(c.path, true);
        if (c.withCompanion) addJob(`${c.path.slice(0, -5)}.override`, true);
      }
    } else {
      let names: string[] = [];
      try {
        names = readdirSync(root).sort();
      } catch {
        continue;
      }
      for (const n of names) if (n.endsWith('.conf') || n.endsWith('.override') || n.endsWith('.upstart') || n.endsWith('.conf.in')) addJob(join(root, n), true);
    }
  }

  // nginx configuration, from the run's roots: the working directory when the inputs are inside
  // it, else each input's repository (or directory). A named file's `.conf` or `.override` may
  // have come with its siblings.
  for (const file of named) if (!asksForUnixSocket) asksForUnixSocket = builder.asksForUnixSocket(toPosix(file));
  const roots = options.nginxOnDemand && !asksForUnixSocket ? [] : runRoots(options, named);
  // The discovery walk of the default search and of directory arguments already passed the nginx
  // files under those roots.
  const walked = options.found && options.nginxSeen && options.stdinPath === undefined ? discoveryRoots(options) : [];
  let nginxCount = 0;
  const addNginx = (path: string): void => {
    if (nginxCount >= MAX_NGINX_FILES) return;
    const text = readText(path, MAX_NGINX_FILE_BYTES);
    if (text === null) return;
    builder.addNginx(toPosix(path), text);
    nginxCount++;
  };
  for (const path of options.nginxSeen?.files ?? []) if (walked.some((w) => isInside(w, path))) addNginx(path);
  for (const root of roots) {
    if (walked.some((w) => isInside(w, root))) continue;
    const rootPosix = toPosix(root);
    const matches = (rel: string): boolean => isNginxFile(`${rootPosix}/${rel}`);
    for await (const path of findMatching(root, matches, walkOptions(options))) {
      addNginx(path);
    }
  }
  return { model: builder.build(), candidates, kept };
}

function walkOptions(options: GatherOptions): import('./find-files.js').FindOptions {
  return { cwd: options.cwd, gitignore: options.gitignore, isIgnored: options.isIgnored, ...(options.pause ? { pause: options.pause } : {}) };
}

/** The roots whose whole tree discovery walks: the working directory, or the directory arguments. */
function discoveryRoots(options: GatherOptions): string[] {
  if (options.patterns.length === 0) return [options.cwd];
  const out: string[] = [];
  for (const p of options.patterns) {
    const abs = resolve(options.cwd, p);
    try {
      if (statSync(abs).isDirectory()) out.push(abs);
    } catch {
      // not a directory
    }
  }
  return out;
}

/**
 * Directories searched for nginx configuration, none inside another: the working directory for the
 * default search; each directory argument (a glob's base); for a job file named on its own (or
 * read from standard input), the tree its job directory is in (`srv/` for `srv/etc/init/x.conf`)
 * when that is inside the working directory, else the file's repository, else only that tree's
 * `etc/nginx/` (a file of a live system, `/etc/init/x.conf`, looks in `/etc/nginx/`, not in `/`).
 * A file outside job directories: the working directory when it is inside it, else its repository.
 */
function runRoots(options: GatherOptions, named: readonly string[]): string[] {
  const cwd = options.cwd;
  const roots: string[] = [];
  const forFile = (file: string): string | null => {
    const dir = jobDirectoryOf(toPosix(file));
    const repo = (): string | null => repositoryRoot(dirname(file));
    if (dir) {
      const prefix = dir.prefix === '' ? cwd : dir.prefix.replace(/\/$/, '') || '/';
      if (isInside(cwd, prefix)) return prefix;
      return repo() ?? join(prefix, 'etc', 'nginx');
    }
    if (isInside(cwd, file)) return cwd;
    return repo();
  };
  const add = (r: string | null): void => {
    if (r !== null) roots.push(r);
  };
  if (options.stdinPath !== undefined) {
    if (named.length > 0) add(forFile(options.stdinPath));
  } else if (options.patterns.length === 0) roots.push(cwd);
  else {
    for (const p of options.patterns) {
      const abs = resolve(cwd, p);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        // a glob, or a missing path
      }
      if (isDir) roots.push(abs);
      else if (/[*?[{]/.test(p)) {
        const base = resolve(cwd, p.slice(0, p.search(/[*?[{]/)));
        add(isInside(cwd, base) ? base.replace(/\/[^/]*$/, '') || cwd : repositoryRoot(dirname(base)));
      }
    }
    for (const f of named) add(forFile(f));
  }
  const unique = [...new Set(roots)].sort();
  return unique.filter((r) => !unique.some((o) => o !== r && isInside(o, r)));
}
