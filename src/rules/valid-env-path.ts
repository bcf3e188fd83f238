import { defineRule } from '../core/rule.js';
import { checkPathList, entryRange, hasSystemBin, splitPathList, type PathProblem } from './_shared/path-list.js';
import { processCommands } from './_shared/shell.js';
import { valueSpan } from './_shared/word-span.js';
import type { JobModel } from '../core/job-model.js';

/** Programs that live in /bin or /usr/bin on every Debian/Ubuntu system (not shell builtins). */
const STANDARD_TOOLS = new Set([
  'awk', 'basename', 'bash', 'cat', 'chgrp', 'chmod', 'chown', 'cp', 'curl', 'cut', 'date', 'dirname', 'du',
  'find', 'grep', 'gzip', 'head', 'hostname', 'id', 'install', 'ln', 'logger', 'ls', 'mkdir', 'mktemp',
  'mv', 'nc', 'nohup', 'perl', 'pgrep', 'pkill', 'ps', 'python', 'python3', 'readlink', 'rm', 'rmdir',
  'sed', 'seq', 'sh', 'sleep', 'sort', 'start-stop-daemon', 'stat', 'su', 'sudo', 'tail', 'tar', 'tee',
  'touch', 'tr', 'uname', 'wc', 'wget', 'whoami', 'xargs',
]);

/** The first standard tool a process of the job runs by bare name (found through PATH), if any. */
function toolRunByName(job: JobModel): string | null {
  for (const p of job.processes) {
    for (const c of processCommands(job, p)) {
      const name = c.program[0]?.value ?? '';
      if (STANDARD_TOOLS.has(name)) return name;
    }
  }
  return null;
}

const MESSAGE_FOR: Readonly<Record<PathProblem, 'unexpandedEntry' | 'emptyEntry' | 'relativeEntry' | 'worldWritableEntry' | 'duplicateEntry'>> = {
  unexpanded: 'unexpandedEntry',
  empty: 'emptyEntry',
  relative: 'relativeEntry',
  worldWritable: 'worldWritableEntry',
  duplicate: 'duplicateEntry',
};

export default defineRule({
  meta: {
    id: 'valid-env-path',
    category: 'correctness',
    description: 'Require `env PATH=…` to list absolute, expanded, safe directories including the system ones',
    defaultSeverity: 'error',
    messageSeverity: { unexpandedEntry: 'warning', emptyEntry: 'warning', relativeEntry: 'warning', duplicateEntry: 'info' },
    messages: {
      unexpandedEntry:
        '`PATH` entry `{entry}` of job `{job}` is never expanded (`env` values are literal), so the directory searched is literally `{entry}`; write the directories out',
      emptyEntry:
        '`PATH` of job `{job}` has an empty entry (a leading, trailing or doubled `:`, or an empty value), which means the working directory; remove it',
      relativeEntry:
        '`PATH` entry `{entry}` of job `{job}` is relative, so it is searched in whatever the working directory is; use an absolute directory',
      worldWritableEntry:
        '`PATH` entry `{entry}` of job `{job}` is in a world-writable directory where any local user can plant programs; use a directory only root can write',
      duplicateEntry: '`PATH` entry `{entry}` of job `{job}` repeats an earlier entry; remove it',
      firstEntry: 'first listed here',
      missingSystemDirs:
        '`PATH` of job `{job}` lists neither `/usr/bin` nor `/bin`, so `{tool}`, which the job runs by name, is not found; append `:/usr/sbin:/usr/bin:/sbin:/bin`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const env = job.envVar('PATH'); // the effective one: a later `env PATH=` replaces earlier ones
    if (!env || env.value === null) return; // `env PATH` copies init's PATH
    const value = env.value;
    const shift = env.arg.value.length - value.length; // `PATH=` before the value
    const entries = splitPathList(value);
    const at = (start: number, end: number) =>
      end > start ? valueSpan(job, env.arg, shift + start, shift + end) : env.arg.span;

    const findings = checkPathList(entries);
    for (const f of findings) {
      const range = entryRange(f.entry, value.length);
      report({
        messageId: MESSAGE_FOR[f.problem],
        data: { job: job.name, entry: f.entry.text },
        at: at(range.start, range.end),
        ...(f.first ? { related: [{ at: at(f.first.start, f.first.end), messageId: 'firstEntry' as const }] } : {}),
      });
    }
    // A literal `$PATH` is the real mistake there; do not add a second finding about it. A PATH
    // without the system directories only breaks something when the job runs a standard tool
    // by name (the shell itself is run as /bin/sh).
    if (!hasSystemBin(entries) && !findings.some((f) => f.problem === 'unexpanded')) {
      const tool = toolRunByName(job);
      if (tool) report({ messageId: 'missingSystemDirs', data: { job: job.name, tool }, at: env.arg });
    }
  },
});
