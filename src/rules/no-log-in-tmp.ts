import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { parseShell } from '../shell/index.js';
import { processLabel } from './_shared/process-label.js';
import { argvOf, baseName, nestedScript, processCommands, runCommand, staticValue, treeCommands, type RunCommand } from './_shared/shell.js';

/** World-writable directories: another user can plant a symlink there or read the file. */
const SHARED_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

function inSharedDir(path: string): boolean {
  return SHARED_DIRS.some((d) => path === d || path.startsWith(`${d}/`));
}

interface Hit {
  readonly path: string;
  /** Offsets in the process's shell text. */
  readonly start: number;
  readonly end: number;
}

/** Output redirections (`>`, `>>`, `>|`, `2>`) and `tee` operands that write into a shared directory. */
function hitsOf(commands: readonly RunCommand[], map: (offset: number) => number, depth = 0): Hit[] {
  const hits: Hit[] = [];
  for (const c of commands) {
    const cmd = c.context?.command;
    for (const r of cmd?.redirects ?? []) {
      if ((r.op !== '>' && r.op !== '>>' && r.op !== '>|') || !r.target) continue;
      const path = staticValue(r.target);
      if (path !== null && inSharedDir(path)) hits.push({ path, start: map(r.target.start), end: map(r.target.end) });
    }
    const program = c.program;
    if (program[0]?.value !== null && baseName(program[0]?.value ?? '') === 'tee') {
      for (const a of program.slice(1)) {
        if (a.value !== null && !a.value.startsWith('-') && inSharedDir(a.value)) hits.push({ path: a.value, start: map(a.start), end: map(a.end) });
      }
    }
    // The same inside a script handed to another shell (`su -c "app >> /tmp/app.log"`).
    const nested = depth < 4 ? nestedScript(c.argv) : null;
    if (nested) {
      const parsed = parseShell(nested.text);
      if (parsed.errors.length === 0) {
        const inner = treeCommands(parsed).map((ctx) => runCommand(argvOf(ctx.command, nested.text), ctx));
        const outer = (o: number): number => map(nested.offset(o));
        hits.push(...hitsOf(inner, outer, depth + 1));
      }
    }
  }
  return hits;
}

export default defineRule({
  meta: {
    id: 'no-log-in-tmp',
    category: 'security',
    description: 'Disallow redirecting job output into /tmp, /var/tmp or /dev/shm',
    defaultSeverity: 'error',
    messages: {
      outputInTmp:
        'The `{process}` process of job `{job}` writes output to `{path}` in a world-writable directory, where another user can plant a symlink or read it; {advice}',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.processes) reportProcess(job, stanza, report);
  },
});

function reportProcess(
  job: JobModel,
  stanza: ProcessStanza,
  report: (r: { messageId: 'outputInTmp'; data: Record<string, string>; at: Span; origin: ProcessStanza }) => void,
): void {
  // `console log` is `console none` for legacy user jobs (require-log-redirect): no advice there.
  const advice = job.kind === 'user' ? 'write it to a directory of your own' : 'use `console log` or a private directory';
  for (const hit of hitsOf(processCommands(job, stanza), (o) => o)) {
    report({
      messageId: 'outputInTmp',
      data: { job: job.name, process: processLabel(stanza), path: hit.path, advice },
      at: job.shellSpan(stanza, hit.start, hit.end),
      origin: stanza,
    });
  }
}
