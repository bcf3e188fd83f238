/**
 * A new git repository holding the files of this working tree that a commit would hold: what a
 * fresh clone gives a new user (no node_modules, no dist). The real repository is never touched.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export function sh(cmd: string, args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env ?? process.env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
}

export function git(cwd: string, ...args: string[]): void {
  const r = sh('git', ['-c', 'user.name=upstart-lint test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
}

/** Copies the tracked and untracked-but-not-ignored files into `to` and commits them on `main`. */
export function snapshotRepository(to: string): void {
  const listed = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO);
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const rel of listed.stdout.split('\0')) {
    if (rel === '' || !existsSync(join(REPO, rel))) continue;
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    copyFileSync(join(REPO, rel), join(to, rel));
  }
  git(to, 'init', '-q', '-b', 'main');
  git(to, 'add', '-A');
  git(to, 'commit', '-q', '-m', 'snapshot of the working tree');
}

/** npm settings for installing from npm's cache (filled by the repository's own npm ci). */
export const NPM_OFFLINE_ENV: NodeJS.ProcessEnv = {
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
