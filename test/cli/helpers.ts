/** Spawning the built CLI on temporary copies of fixture trees. */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { rules } from '../../src/rules/index.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/upstart-lint.js');
export const FIXTURES = join(REPO, 'fixtures/cli');

export function assertBuilt(): void {
  if (!existsSync(join(REPO, 'dist/cli/main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly input?: string | Buffer;
  readonly env?: Record<string, string | undefined>;
  /** Run this program with `args` instead of the CLI (e.g. `script` for a pseudo-terminal). */
  readonly command?: string;
}

/** Environment without anything that changes the CLI's behaviour (colour, CI detection). */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (['GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS', 'CI'].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

export function run(args: readonly string[], options: RunOptions): RunResult {
  const env = { ...baseEnv() };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const [cmd, argv] = options.command ? [options.command, [...args]] : [process.execPath, [BIN, ...args]];
  const r = spawnSync(cmd, argv, {
    cwd: options.cwd,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh temporary directory marked as a repository root (config discovery stops there). */
export function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-cli-'));
  mkdirSync(join(dir, '.git'));
  made.push(dir);
  return dir;
}

/** Copies `fixtures/cli/<name>` into a fresh temporary repository. */
export function copyFixture(name: string): string {
  const dir = tempRepo();
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A root configuration that turns every registered rule off except `enabled`, so that a test's
 * expectations do not change when new rules are added.
 */
export function isolatedConfig(enabled: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const all: Record<string, unknown> = {};
  for (const id of rules.keys()) all[id] = 'off';
  return JSON.stringify({ root: true, rules: { ...all, ...enabled }, ...extra }, null, 2);
}

export interface JsonMessage {
  ruleId: string;
  severity: number;
  message: string;
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  output?: string;
}

export function parseJson(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

/** `relative/path: ruleId@line …` summary of JSON results, paths relative to `root`. */
export function summarize(results: readonly JsonResult[], root: string): string[] {
  return results.map((r) => {
    const rel = r.filePath.startsWith(root) ? r.filePath.slice(root.length + 1) : r.filePath;
    return `${rel}: ${r.messages.map((m) => `${m.ruleId}@${m.line}`).join(' ')}`.trimEnd();
  });
}

export function normalizePaths(text: string, root: string): string {
  const url = `file://${root}`;
  return text.split(url).join('file://<root>').split(root).join('<root>');
}

/**
 * The built command copied into a fresh world-readable directory (bin/, dist/bin/, package.json,
 * schema/), and node itself when another user could not run it where it is: for running the CLI
 * as another user (`nobody`) wherever the clone is, even under a private (0700) directory.
 */
export function worldReadableCli(): { node: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-cli-copy-'));
  made.push(dir);
  for (const rel of ['bin', 'dist/bin', 'schema']) cpSync(join(REPO, rel), join(dir, rel), { recursive: true });
  copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  let node = process.execPath;
  if (!reachableByOthers(node)) {
    node = join(dir, 'node');
    copyFileSync(process.execPath, node);
  }
  // Every directory from the copy up to the root must let others in, every file let them read.
  const open = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      chmodSync(p, st.mode | 0o555);
      for (const name of readdirSync(p)) open(join(p, name));
    } else {
      chmodSync(p, st.mode | 0o444 | (st.mode & 0o100 ? 0o011 : 0));
    }
  };
  open(dir);
  for (let d = dirname(dir); !reachableByOthers(d); d = dirname(d)) {
    // tmpdir() itself is private (TMPDIR under a private home): there is no place to share.
    if (d === dirname(d)) throw new Error(`no directory under ${tmpdir()} is reachable by other users`);
    chmodSync(d, statSync(d).mode | 0o005);
  }
  return { node, bin: join(dir, 'bin/upstart-lint.js') };
}

/** Whether a user who is neither the owner nor in the group can reach `p` (search every ancestor, read it). */
function reachableByOthers(p: string): boolean {
  try {
    accessSync(p, constants.R_OK);
  } catch {
    return false;
  }
  for (let d = dirname(p); ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === dirname(d)) break;
  }
  return (statSync(p).mode & 0o004) !== 0;
}
