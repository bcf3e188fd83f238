/**
 * Job kind and job name from a file path (pure string logic; no file system).
 *
 * Contract (architecture.md): `system` under an `etc/init/` directory; `user` under `.init/`
 * (legacy user jobs, upstart 1.3–1.6); `session` under `.config/upstart/`, `etc/xdg/upstart/` or
 * `usr/share/upstart/sessions/`. Anything else defaults to `system`, the safe assumption.
 */

export type JobKind = 'system' | 'user' | 'session';

export const JOB_KINDS: readonly JobKind[] = ['system', 'user', 'session'];

interface DirRule {
  readonly kind: JobKind;
  /** Directory path segments, matched as a contiguous run of path components. */
  readonly segments: readonly string[];
  /** The segments joined with `/`. */
  readonly path: string;
}

const DIR_RULES: readonly DirRule[] = (
  [
    { kind: 'session', segments: ['.config', 'upstart'] },
    { kind: 'session', segments: ['etc', 'xdg', 'upstart'] },
    { kind: 'session', segments: ['usr', 'share', 'upstart', 'sessions'] },
    { kind: 'user', segments: ['.init'] },
    { kind: 'system', segments: ['etc', 'init'] },
  ] as const
).map((r) => ({ kind: r.kind, segments: r.segments, path: r.segments.join('/') }));

/** The last path split (a lint asks for the kind, the name and the directory of the same path). */
let lastPath: string | null = null;
let lastComponents: readonly string[] = [];

function components(path: string): readonly string[] {
  if (path !== lastPath) {
    // One scan, no regular expression for the common path without a backslash.
    const norm = path.includes('\\') ? path.replace(/\\/g, '/') : path;
    const parts: string[] = [];
    let from = 0;
    for (let i = 0; i <= norm.length; i++) {
      if (i < norm.length && norm.charCodeAt(i) !== 47) continue;
      if (i > from && !(i === from + 1 && norm.charCodeAt(from) === 46)) parts.push(norm.slice(from, i));
      from = i + 1;
    }
    lastComponents = parts;
    lastPath = path;
  }
  return lastComponents;
}

/** Finds the job directory in `path`: its rule and the index of the first component below it. */
function locate(parts: readonly string[]): { rule: DirRule; below: number } | null {
  // The innermost (last) job directory wins: /etc/init/.init/x.conf is odd but is a user job dir.
  let best: { rule: DirRule; below: number } | null = null;
  const dirs = parts.length - 1; // the last component is the file itself
  for (const rule of DIR_RULES) {
    const n = rule.segments.length;
    for (let i = 0; i + n <= dirs; i++) {
      let match = true;
      for (let k = 0; k < n; k++) {
        if (parts[i + k] !== rule.segments[k]) {
          match = false;
          break;
        }
      }
      if (match && (best === null || i + n > best.below)) best = { rule, below: i + n };
    }
  }
  return best;
}

/** Which job directory a file is in (section 4.2–4.4): what the project model groups inits by. */
export type JobDirectoryType = 'system' | 'user' | 'session-config' | 'session-xdg' | 'session-share';

export interface JobDirectory {
  readonly type: JobDirectoryType;
  /** Path of the directory above the job directory (`/srv/root/` for `/srv/root/etc/init/x.conf`). */
  readonly prefix: string;
  /** Path of the job directory itself, with a trailing `/`. */
  readonly dir: string;
}

const TYPE_OF: Readonly<Record<string, JobDirectoryType>> = {
  '.config/upstart': 'session-config',
  'etc/xdg/upstart': 'session-xdg',
  'usr/share/upstart/sessions': 'session-share',
  '.init': 'user',
  'etc/init': 'system',
};

/** The job directory a path is in, or null outside every job directory. */
export function jobDirectoryOf(path: string): JobDirectory | null {
  const parts = components(path);
  const located = locate(parts);
  if (!located) return null;
  const rule = located.rule;
  const lead = path.charCodeAt(0) === 47 || path.charCodeAt(0) === 92 ? '/' : '';
  const prefixParts = parts.slice(0, located.below - rule.segments.length);
  const prefix = prefixParts.length > 0 ? `${lead}${prefixParts.join('/')}/` : lead;
  return { type: TYPE_OF[rule.path] ?? 'system', prefix, dir: `${prefix}${rule.path}/` };
}

export function jobKindFromPath(path: string): JobKind {
  return locate(components(path))?.rule.kind ?? 'system';
}

/**
 * The job name upstart gives the file: its path relative to the job directory without the
 * extension (`/etc/init/net/apache.conf` → `net/apache`). Outside a job directory: the base name.
 * Debian packaging files (`debian/foo.upstart`, `debian/pkg.foo.upstart`) are named like the job
 * they install.
 */
export function jobNameFromPath(path: string): string {
  const parts = components(path);
  const file = parts[parts.length - 1] ?? '';
  const located = locate(parts);
  const stem = stripJobExtension(file);
  if (located) return [...parts.slice(located.below, -1), stem].join('/');
  if (parts[parts.length - 2] === 'debian' && file.endsWith('.upstart')) {
    const pieces = file.slice(0, -'.upstart'.length).split('.');
    return pieces[pieces.length - 1] ?? stem;
  }
  return stem;
}

function stripJobExtension(file: string): string {
  // `x.conf.in` is a template a build installs as `x.conf` (autotools, CMake `configure_file`).
  for (const ext of ['.conf', '.override', '.upstart', '.conf.in']) {
    if (file.endsWith(ext) && file.length > ext.length) return file.slice(0, -ext.length);
  }
  return file;
}

export function isOverridePath(path: string): boolean {
  return path.endsWith('.override');
}

/** `foo.override` → `foo.conf`; `foo.conf` → `foo.override`; anything else → null. */
export function companionPath(path: string): string | null {
  if (path.endsWith('.override')) return `${path.slice(0, -'.override'.length)}.conf`;
  if (path.endsWith('.conf')) return `${path.slice(0, -'.conf'.length)}.override`;
  return null;
}
