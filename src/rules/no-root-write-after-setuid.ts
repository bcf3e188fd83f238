/**
 * `setuid` applies to every process of a job, `pre-start` included (grammar document section
 * 5.5): there is no "prepare as root, then run as the user" inside one job. A process that runs
 * as an ordinary user and writes a file directly into a directory only root may write
 * (`/run`, `/var/run`, `/var/log`, `/var/lib`, `/etc`), creates one there, or changes a file's
 * owner, fails with "Permission denied", and under `sh -e` the whole process with it.
 */
import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { processLabel } from './_shared/process-label.js';
import { baseName, processCommands, programWords, staticValue, type ArgWord } from './_shared/shell.js';

/** Directories owned by root and writable by root only on Debian and Ubuntu. */
const ROOT_DIRS = new Set(['/run', '/var/run', '/var/log', '/var/lib', '/etc', '/usr', '/var', '/']);

function parentOf(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash <= 0 ? '/' : trimmed.slice(0, slash);
}

/** A path whose file would be created or written directly in a root-only directory. */
function inRootDir(path: string | null): string | null {
  if (path === null || path.includes('$')) return null;
  const parent = parentOf(path);
  return parent !== null && ROOT_DIRS.has(parent) && path.replace(/\/+$/, '') !== parent ? parent : null;
}

/** Options that name a pid or log file (`--pidfile=/run/x.pid`, `--log-file /var/log/x.log`). */
const FILE_OPTION = /^--?[a-z-]*(?:pid|log)[a-z-]*$/i;

export default defineRule({
  meta: {
    id: 'no-root-write-after-setuid',
    category: 'correctness',
    description: 'Disallow writing into root-only directories from a job whose processes run as another user',
    defaultSeverity: 'error',
    messages: {
      writeInRootDir:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job), which cannot write `{path}`: `{dir}` is writable by root only; use a directory `{user}` owns, created at install time, or `console log` for output',
      createInRootDir:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job, `pre-start` included), which cannot create `{path}` in `{dir}`; create it at install time with `{user}` as its owner, or drop `setuid` for a separate root job that prepares it',
      chownAsUser:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job, `pre-start` included), which cannot give files to another owner with `{command}`; do it at install time, or in a separate job that runs as root',
      setuidHere: '`setuid` makes every process of the job run as `{user}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const setuid = job.find('setuid');
    if (job.kind !== 'system' || !setuid) return;
    const user = setuid.value;
    if (user === 'root' || user === '0') return;
    for (const stanza of job.processes) {
      const data = { job: job.name, process: processLabel(stanza), user };
      const at = (start: number, end: number): Span => job.shellSpan(stanza, start, end);
      for (const finding of findings(job, stanza)) {
        report({
          messageId: finding.messageId,
          data: Object.assign({ path: finding.path, dir: finding.dir, command: finding.command }, data),
          at: at(finding.start, finding.end),
          origin: stanza,
          related: [{ at: setuid, messageId: 'setuidHere', data: { user } }],
        });
      }
    }
  },
});

interface Finding {
  readonly messageId: 'writeInRootDir' | 'createInRootDir' | 'chownAsUser';
  readonly path: string;
  readonly dir: string;
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

function findings(job: JobModel, stanza: ProcessStanza): Finding[] {
  const out: Finding[] = [];
  for (const c of processCommands(job, stanza)) {
    for (const r of c.context?.command.redirects ?? []) {
      if (r.op !== '>' && r.op !== '>>' && r.op !== '>|' && r.op !== '<>') continue;
      const path = r.target ? staticValue(r.target) : null;
      const dir = inRootDir(path);
      if (dir && path && r.target) out.push({ messageId: 'writeInRootDir', path, dir, command: '', start: r.target.start, end: r.target.end });
    }
    const program = programWords(c.argv);
    const name = program[0]?.value ? baseName(program[0].value) : null;
    if (name === null) continue;
    const operands = program.slice(1).filter((a) => a.value !== null && !a.value.startsWith('-'));
    if (name === 'mkdir' || name === 'touch' || name === 'mkfifo') {
      for (const a of operands) {
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
      if (a.value === null) continue;
      const eq = a.value.indexOf('=');
      const option = eq > 0 ? a.value.slice(0, eq) : a.value;
      if (!FILE_OPTION.test(option)) continue;
      const value = eq > 0 ? a.value.slice(eq + 1) : (program[i + 1]?.value ?? null);
      const dir = inRootDir(value);
      if (!dir || value === null) continue;
      const target = eq > 0 ? a : (program[i + 1] as ArgWord);
      out.push({ messageId: 'writeInRootDir', path: value, dir, command: name, start: target.start, end: target.end });
    }
  }
  return out;
}
