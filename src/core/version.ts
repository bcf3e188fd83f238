/** Upstart versions, for rules whose truth depends on the release (grammar document, section 7). */

export interface UpstartVersion {
  readonly major: number;
  readonly minor: number;
}

export const DEFAULT_TARGET_VERSION = '1.13';

/** The last release in which PID 1 runs legacy user jobs (`~/.init`); 1.7 replaced them with Session Inits. */
export const LAST_USER_JOB_VERSION: UpstartVersion = { major: 1, minor: 6 };

/** Releases the linter knows about, oldest first. */
export const KNOWN_VERSIONS: readonly string[] = [
  '0.6', '1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11',
  '1.12', '1.13',
];

/** Parses `1.13`, `1.13.2`, `0.6.7` (patch ignored). Returns null for anything else. */
export function parseVersion(text: string): UpstartVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function compareVersions(a: UpstartVersion, b: UpstartVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** True when `v` is at least `major.minor`. */
export function atLeast(v: UpstartVersion, major: number, minor: number): boolean {
  return compareVersions(v, { major, minor }) >= 0;
}

export function formatVersion(v: UpstartVersion): string {
  return `${v.major}.${v.minor}`;
}
