/**
 * `PATH`-style lists (`/usr/local/bin:/usr/bin:/bin`) as execvp(3) and the shell read them:
 * entries separated by `:`, where an empty entry means the current working directory.
 */
import { trimTrailing } from '../../core/trim.js';

export interface PathEntry {
  /** The entry as written (may be empty). */
  readonly text: string;
  /** Offsets of the entry in the list, half-open (equal for an empty entry). */
  readonly start: number;
  readonly end: number;
}

export type PathProblem =
  /** `$VAR`, `${VAR}`, `$(…)`, backquotes or a leading `~`: never expanded in an `env` value. */
  | 'unexpanded'
  /** Empty entry (leading or trailing `:`, or `::`): the working directory. */
  | 'empty'
  /** Does not start with `/`: resolved against the working directory. */
  | 'relative'
  /** `/tmp`, `/var/tmp`, `/dev/shm` or below: any local user can plant programs there. */
  | 'worldWritable'
  /** The same directory as an earlier entry. */
  | 'duplicate';

export interface PathFinding {
  readonly entry: PathEntry;
  readonly problem: PathProblem;
  /** For `duplicate`: the earlier entry. */
  readonly first?: PathEntry;
}

export function splitPathList(value: string): PathEntry[] {
  const entries: PathEntry[] = [];
  let start = 0;
  for (;;) {
    const colon = value.indexOf(':', start);
    const end = colon < 0 ? value.length : colon;
    entries.push({ text: value.slice(start, end), start, end });
    if (colon < 0) return entries;
    start = colon + 1;
  }
}

/** `/usr/bin/` and `/usr//bin` name the same directory as `/usr/bin`. */
export function normalizeDir(dir: string): string {
  const collapsed = dir.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? trimTrailing(collapsed, '/') : collapsed;
}

const WORLD_WRITABLE = ['/tmp', '/var/tmp', '/dev/shm'];

/** True for a world-writable directory (sticky or not) or anything below one. */
export function inWorldWritableDir(path: string): boolean {
  const p = normalizeDir(path);
  return WORLD_WRITABLE.some((d) => p === d || p.startsWith(`${d}/`));
}

const EXPANSION = /\$[A-Za-z_{(]|`/;

/** At most one finding per entry, in list order; the most specific problem wins. */
export function checkPathList(entries: readonly PathEntry[]): PathFinding[] {
  const findings: PathFinding[] = [];
  const seen = new Map<string, PathEntry>();
  for (const entry of entries) {
    const text = entry.text;
    if (text === '') {
      findings.push({ entry, problem: 'empty' });
      continue;
    }
    if (EXPANSION.test(text) || text.startsWith('~')) {
      findings.push({ entry, problem: 'unexpanded' });
      continue;
    }
    if (!text.startsWith('/')) {
      findings.push({ entry, problem: 'relative' });
      continue;
    }
    const dir = normalizeDir(text);
    const first = seen.get(dir);
    if (first) {
      findings.push({ entry, problem: 'duplicate', first });
      continue;
    }
    seen.set(dir, entry);
    if (inWorldWritableDir(dir)) findings.push({ entry, problem: 'worldWritable' });
  }
  return findings;
}

/** True when the list holds `/usr/bin` or `/bin`, where the standard tools live. */
export function hasSystemBin(entries: readonly PathEntry[]): boolean {
  return entries.some((e) => {
    const d = normalizeDir(e.text);
    return d === '/usr/bin' || d === '/bin';
  });
}

/**
 * The source range to underline for an entry: the entry itself, or for an empty entry the
 * separator(s) around it (`:` at either end, `::` in the middle).
 */
export function entryRange(entry: PathEntry, listLength: number): { start: number; end: number } {
  if (entry.start < entry.end) return { start: entry.start, end: entry.end };
  const start = Math.max(entry.start - 1, 0);
  const end = Math.min(entry.start + 1, listLength);
  if (entry.start === 0) return { start: 0, end: Math.min(1, listLength) };
  if (entry.start === listLength) return { start: listLength - 1, end: listLength };
  return { start, end };
}
