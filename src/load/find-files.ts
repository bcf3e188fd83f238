/**
 * Turns command-line arguments (files, directories, globs) into the list of job files to lint.
 * Directories and globs are expanded with fast-glob; `.gitignore` files and configured ignores
 * filter the expansion; an argument that yields nothing is an error.
 */
import { existsSync, readdir as fsReaddir, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from './read-job.js';
import { ioReason, repositoryRoot } from './load-config.js';

/** Directories upstart reads jobs from (any prefix, any depth below them). */
export const JOB_DIRECTORIES = ['etc/init', '.init', '.config/upstart', 'etc/xdg/upstart', 'usr/share/upstart/sessions'] as const;

export const DEFAULT_PATTERNS: readonly string[] = [
  ...JOB_DIRECTORIES.map((d) => `**/${d}/**/*.{conf,override}`),
  '**/debian/*.upstart',
];

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Candidate {
  /** Absolute path. */
  readonly path: string;
  /** Named on the command line as a file (not found by expansion). */
  readonly explicit: boolean;
}

export interface FindOptions {
  readonly cwd: string;
  /** Configured ignores (`ignores` in configuration). */
  readonly isIgnored: (absPath: string) => Promise<boolean>;
  /** Honour `.gitignore` files when expanding directories and globs (default true). */
  readonly gitignore?: boolean;
}

export interface FindResult {
  readonly files: Candidate[];
  /** Paths that do not exist, cannot be read, or patterns that match nothing. */
  readonly errors: InputError[];
  /** Files named explicitly but skipped because configuration ignores them. */
  readonly ignoredExplicit: string[];
}

type ReaddirCallback = (err: NodeJS.ErrnoException | null, entries: Dirent[] | string[]) => void;

/** A readdir for fast-glob that records unreadable directories instead of failing silently. */
function recordingReaddir(unreadable: Map<string, unknown>) {
  return (path: string, optionsOrCb: unknown, maybeCb?: ReaddirCallback): void => {
    const cb = (typeof optionsOrCb === 'function' ? optionsOrCb : maybeCb) as ReaddirCallback;
    const options = typeof optionsOrCb === 'function' ? undefined : optionsOrCb;
    const done = (err: NodeJS.ErrnoException | null, entries: Dirent[] | string[]): void => {
      if (err && (err.code === 'EACCES' || err.code === 'EPERM')) {
        unreadable.set(path, err);
        cb(null, []);
        return;
      }
      cb(err, entries);
    };
    (fsReaddir as unknown as (p: string, o: unknown, c: ReaddirCallback) => void)(path, options ?? {}, done);
  };
}

/** `.gitignore` files from the repository root down to each file's directory. */
class GitIgnore {
  private readonly cache = new Map<string, { ignores(p: string): boolean } | null>();
  constructor(
    private readonly root: string,
    private readonly make: () => { add(p: string): { ignores(p: string): boolean } },
  ) {}

  private at(dir: string): { ignores(p: string): boolean } | null {
    if (this.cache.has(dir)) return this.cache.get(dir) ?? null;
    let ig: { ignores(p: string): boolean } | null = null;
    try {
      const text = readFileSync(join(dir, '.gitignore'), 'utf8');
      ig = this.make().add(text);
    } catch {
      ig = null;
    }
    this.cache.set(dir, ig);
    return ig;
  }

  ignores(abs: string): boolean {
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    const parts = rel.split(sep);
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.at(dir);
      if (ig && ig.ignores(parts.slice(i).join('/'))) return true;
      dir = join(dir, parts[i] ?? '');
    }
    return false;
  }
}

function isDirectory(p: string): boolean | null {
  try {
    return statSync(p).isDirectory();
  } catch {
    return null;
  }
}

export async function findFiles(args: readonly string[], options: FindOptions): Promise<FindResult> {
  const cwd = options.cwd;
  const errors: InputError[] = [];
  const ignoredExplicit: string[] = [];
  const seen = new Set<string>();
  const files: Candidate[] = [];
  // fast-glob and .gitignore handling load only when a directory or a pattern is expanded: a
  // run on named files (an editor, a pre-commit hook) does not pay for them at start-up.
  let fgModule: typeof import('fast-glob') | null = null;
  const globber = async (): Promise<typeof import('fast-glob')> => (fgModule ??= (await import('fast-glob')).default);
  let gitignore: GitIgnore | null | undefined;
  const loadGitignore = async (): Promise<GitIgnore | null> => {
    if (gitignore !== undefined) return gitignore;
    if (options.gitignore === false) return (gitignore = null);
    const { default: ignore } = await import('ignore');
    return (gitignore = new GitIgnore(repositoryRoot(cwd) ?? cwd, () => ignore()));
  };
  const isDynamic = (arg: string): boolean => /[*?[\]{}()!@+]/.test(arg);

  const expand = async (patterns: readonly string[], base: string, what: string, arg: string): Promise<void> => {
    const fg = await globber();
    const gitignore = await loadGitignore();
    const unreadable = new Map<string, unknown>();
    const entries = await fg([...patterns], {
      cwd: base,
      absolute: true,
      dot: true,
      onlyFiles: true,
      unique: true,
      ignore: ALWAYS_IGNORED,
      fs: { readdir: recordingReaddir(unreadable) as never },
    });
    for (const [dir, err] of unreadable) {
      errors.push(new InputError(dir, `cannot read directory ${relative(cwd, dir) || '.'}: ${ioReason(err)}`));
    }
    entries.sort();
    let matched = 0;
    let kept = 0;
    for (const entry of entries) {
      // fast-glob already returns absolute, normalised paths: keep its strings (no second copy).
      const abs = isAbsolute(entry) && !entry.includes('/./') && !entry.includes('/../') ? entry : resolve(entry);
      matched++;
      if (gitignore?.ignores(abs)) continue;
      if (await options.isIgnored(abs)) continue;
      kept++;
      if (seen.has(abs)) continue;
      seen.add(abs);
      files.push({ path: abs, explicit: false });
    }
    if (matched === 0 && unreadable.size === 0) {
      errors.push(new InputError(arg, `no ${what}`));
    } else if (kept === 0 && matched > 0) {
      errors.push(new InputError(arg, `all the files matched by "${arg}" are ignored (by .gitignore or \`ignores\` in configuration)`));
    }
  };

  if (args.length === 0) {
    await expand(
      DEFAULT_PATTERNS,
      cwd,
      `job files found under ${cwd} (looked in ${JOB_DIRECTORIES.map((d) => `${d}/`).join(', ')} and debian/*.upstart)`,
      '.',
    );
    return { files, errors, ignoredExplicit };
  }

  for (const arg of args) {
    const abs = resolve(cwd, arg);
    const dir = isDirectory(abs);
    if (dir === true) {
      const patterns = ['**/*.{conf,override}', '**/debian/*.upstart'];
      if (basename(abs) === 'debian') patterns.push('*.upstart');
      await expand(patterns, abs, `job files (*.conf, *.override, debian/*.upstart) in directory "${arg}"`, arg);
    } else if (dir === false || existsSync(abs)) {
      if (await options.isIgnored(abs)) {
        ignoredExplicit.push(abs);
        continue;
      }
      if (!seen.has(abs)) {
        seen.add(abs);
        files.push({ path: abs, explicit: true });
      }
    } else if (isDynamic(arg) && (await globber()).isDynamicPattern(arg)) {
      await expand([arg], cwd, `files match the pattern "${arg}"`, arg);
    } else {
      const parent = dirname(abs);
      const reason = isDirectory(parent) === null && !existsSync(parent) ? 'no such file or directory' : ioReasonFor(abs);
      errors.push(new InputError(arg, `cannot read ${arg}: ${reason}`));
    }
  }
  return { files, errors, ignoredExplicit };
}

function ioReasonFor(abs: string): string {
  try {
    statSync(abs);
    return 'unknown error';
  } catch (error) {
    return ioReason(error);
  }
}
