/**
 * Installs Debian packages that an integration test needs, when their commands are missing
 * (CI runs as root on a fresh Debian image). Test files run in parallel, so apt-get runs under
 * flock(1) with one lock file. Returns why the packages cannot be had, or null when all is there.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;

export function ensureDebianPackages(commands: readonly string[], packages: readonly string[], files: readonly string[] = []): string | null {
  const present = (): boolean => commands.every(has) && files.every((f) => spawnSync('test', ['-e', f]).status === 0);
  if (present()) return null;
  const script = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`;
  const r = spawnSync('flock', [join(tmpdir(), 'upstart-lint-apt.lock'), 'sh', '-c', script], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').pop() ?? '';
    return `${packages.join(', ')} not installed and apt-get failed: ${why}`;
  }
  return present() ? null : `apt-get installed ${packages.join(', ')} but ${[...commands, ...files].join(', ')} are still missing`;
}

/**
 * A test file whose tool is unavailable (`reason` from ensureDebianPackages) prints why; under
 * `CI=true` it also registers a failing test, so that CI never passes with the tool's tests
 * silently skipped.
 */
export function unavailableInCi(what: string, reason: string | null): void {
  if (reason === null) return;
  console.warn(`SKIPPED ${what}: ${reason}`);
  if (process.env['CI'] === 'true') {
    test(`${what} is available (CI=true: a missing tool is a failure)`, () => {
      throw new Error(`${what} cannot run: ${reason}`);
    });
  }
}
