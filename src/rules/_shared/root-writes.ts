/**
 * Writes a process makes where only root may write: a redirection to a file directly in `/run`,
 * `/var/log`, `/etc` …, `mkdir`/`touch`/`mkfifo` of an entry there, `chown`, and pid or log files
 * named by a program's options. Under `setuid` each of them fails with "Permission denied"
 * (no-root-write-after-setuid), which is also why require-setuid does not suggest the stanza for
 * a job that makes them.
 */
import type { JobModel } from '../../core/job-model.js';
import { trimTrailing } from '../../core/trim.js';
import type { ProcessStanza } from '../../grammar/ast.js';
import { baseName, derivedFrom, processCommands, programWords, staticValue, type ArgWord, type RunCommand } from './shell.js';

/** Directories owned by root and writable by root only on Debian and Ubuntu. */
const ROOT_DIRS = new Set(['/run', '/var/run', '/var/log', '/var/lib', '/etc', '/usr', '/var', '/']);

function parentOf(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const trimmed = trimTrailing(path, '/');
  const slash = trimmed.lastIndexOf('/');
  return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

/** A path whose file would be created or written directly in a root-only directory. */
function inRootDir(path: string | null): string | null {
  if (path === null || path.includes('$')) return null;
  const parent = parentOf(path);
  return parent !== null && ROOT_DIRS.has(parent) && trimTrailing(path, '/') !== parent ? parent : null;
}

/** Options that name a pid or log file (`--pidfile=/run/x.pid`, `--log-file /var/log/x.log`). */
/** An option whose name says pid or log file (`--pidfile`, `-logdir`); two tests, as one pattern would backtrack quadratically. */
const isFileOption = (option: string): boolean => /^-[a-z-]*$/i.test(option) && /pid|log/i.test(option.slice(1));

export interface RootWrite {
  readonly messageId: 'writeInRootDir' | 'createInRootDir' | 'chownAsUser';
  readonly path: string;
  readonly dir: string;
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

/** The root-only writes of one process, in order. */
export function rootOnlyWrites(job: JobModel, stanza: ProcessStanza): readonly RootWrite[] {
  // The answer follows from the commands alone (kept with the shell tree), and two rules ask.
  const shell = job.shell(stanza);
  return derivedFrom(shell.parsed ?? shell, ROOT_WRITES, () => collectWrites(processCommands(job, stanza)));
}

const ROOT_WRITES = Symbol('root-only writes');

function collectWrites(commands: readonly RunCommand[]): RootWrite[] {
  const out: RootWrite[] = [];
  for (const c of commands) {
    for (const r of c.context?.command.redirects ?? []) {
      if (r.op !== '>' && r.op !== '>>' && r.op !== '>|' && r.op !== '<>') continue;
      const path = r.target ? staticValue(r.target) : null;
      const dir = inRootDir(path);
      if (dir && path && r.target) out.push({ messageId: 'writeInRootDir', path, dir, command: '', start: r.target.start, end: r.target.end });
    }
    const program = c.program;
    const name = program[0]?.value ? baseName(program[0].value) : null;
    if (name === null) continue;
    if (name === 'mkdir' || name === 'touch' || name === 'mkfifo') {
      for (const a of program.slice(1).filter((a) => a.value !== null && !a.value.startsWith('-'))) {
        const dir = inRootDir(a.value);
        if (dir && a.value) out.push({ messageId: 'createInRootDir', path: a.value, dir, command: name, start: a.start, end: a.end });
      }
      continue;
    }
    if (name === 'chown') {
      const head = program[0] as ArgWord;
      out.push({ messageId: 'chownAsUser', path: '', dir: '', command: name, start: head.start, end: head.end });
      continue;
    }
    // Pid and log files named by options of the program itself.
    for (let i = 1; i < program.length; i++) {
      const a = program[i] as ArgWord;
      if (a.value === null || a.value.charCodeAt(0) !== 45 /* - */) continue;
      const eq = a.value.indexOf('=');
      const option = eq > 0 ? a.value.slice(0, eq) : a.value;
      if (!isFileOption(option)) continue;
      const value = eq > 0 ? a.value.slice(eq + 1) : (program[i + 1]?.value ?? null);
      const dir = inRootDir(value);
      if (!dir || value === null) continue;
      const target = eq > 0 ? a : (program[i + 1] as ArgWord);
      out.push({ messageId: 'writeInRootDir', path: value, dir, command: name, start: target.start, end: target.end });
    }
  }
  return out;
}
