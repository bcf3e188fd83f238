/**
 * ShellCheck for tests that lint through the core (rule fixtures, docs examples): runs the system
 * `shellcheck` on each process text the `shellcheck` rule checks, exactly as the lint layer's step
 * does (same arguments, same json1 reader), and returns the data the core takes as
 * `LintOptions.external.shellcheck`. Synchronous, so the callers stay synchronous; cached by text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LintOptions } from '../../src/core/config.js';
import { lintJob } from '../../src/index.js';
import { SHELLCHECK_ARGS } from '../../src/lint/shellcheck.js';
import { DEFAULT_EXCLUDED, SHELLCHECK_PREAMBLE, parseShellCheckJson1, shellcheckTargets, type ShellCheckComment, type ShellCheckFindings } from '../../src/rules/shellcheck.js';
import { ensureDebianPackages } from '../integration/apt.js';

const cache = new Map<string, ShellCheckComment[]>();
let unavailable: string | null | undefined;

/** Why ShellCheck cannot be had (installing it when missing), or null. */
export function shellcheckUnavailable(): string | null {
  unavailable ??= ensureDebianPackages(['shellcheck'], ['shellcheck']);
  return unavailable;
}

/** ShellCheck's comments on one process text (throws when ShellCheck cannot run). */
export function shellcheckText(text: string): ShellCheckComment[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const why = shellcheckUnavailable();
  if (why !== null) throw new Error(`ShellCheck is needed: ${why}`);
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-test-sc-'));
  try {
    const file = join(dir, 'script.sh');
    writeFileSync(file, SHELLCHECK_PREAMBLE + text);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'SHELLCHECK_OPTS') env[k] = v;
    const r = spawnSync('shellcheck', [...SHELLCHECK_ARGS, `--exclude=${Object.keys(DEFAULT_EXCLUDED).join(',')}`, '--', file], { encoding: 'utf8', env });
    if (r.status !== 0 && r.status !== 1) throw new Error(`shellcheck failed: ${r.stderr}`);
    const comments = parseShellCheckJson1(r.stdout).get(file) ?? [];
    cache.set(text, comments);
    return comments;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `external` data for linting `text` with `options` through the core. */
export function shellcheckExternal(text: string, options: LintOptions): Record<string, ShellCheckFindings> {
  const { job } = lintJob(text, Object.assign({}, options, { syntaxOnly: true }));
  const scripts = [...new Set(shellcheckTargets(job).map((t) => t.text))].map((t) => ({ text: t, comments: shellcheckText(t) }));
  return { shellcheck: { scripts } };
}
