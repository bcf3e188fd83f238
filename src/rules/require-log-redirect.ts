import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { parseShell } from '../shell/index.js';
import type { SimpleCommand } from '../shell/ast.js';
import { argvOf, isExecRedirection, processCommands, redirectsOutput, runCommand, treeCommands, type RunCommand } from './_shared/shell.js';

export default defineRule({
  meta: {
    id: 'require-log-redirect',
    category: 'correctness',
    description: 'Require user jobs to redirect the output of their main process, which upstart discards',
    defaultSeverity: 'warning',
    messages: {
      outputDiscarded:
        'Legacy user job `{job}` does not redirect the output of its main process, and upstart 1.3–1.6, which runs `~/.init` jobs for their owner, discards user job output (`console log` acts as `console none`); redirect it on the `exec` line or with `exec >>FILE 2>&1` at the top of the main `script` (if this is a Session Init job, set `jobKind: session`)',
      consoleLogIgnored:
        'Legacy user job `{job}` sets `console log`, which upstart 1.3–1.6 treats as `console none` for `~/.init` jobs, so the main process\'s output is discarded; redirect it on the `exec` line or with `exec >>FILE 2>&1` at the top of the main `script` (if this is a Session Init job, set `jobKind: session`)',
      redirectOnlyInHook:
        'User job `{job}` redirects output only in its `{phase}` process, which never affects the main process; move the redirection to the `exec` line or to the top of the main `script`',
      hookRedirectHere: 'This redirection applies to the `{phase}` process only',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.kind !== 'user') return;
    const main = job.mainProcess;
    if (!main) return;
    const consoleStanza = job.find('console');
    if (consoleStanza && consoleStanza.mode !== 'log') return; // output/owner reach a terminal; none is explicit
    if (mainOutputHandled(job, main)) return;

    // Kind `user` means the legacy user jobs that PID 1 runs in upstart 1.3–1.6, whatever the
    // target version: their output is discarded (`console log` was `none` for them; before 1.4
    // `none` was the default). A desktop user's `~/.init` jobs under a Session Init (1.7+) are
    // kind `session`, whose output goes to ~/.cache/upstart, and this rule does not check them.

    for (const hook of job.processes) {
      if (hook === main) continue;
      const at = hookRedirection(job, hook);
      if (!at) continue;
      report({
        messageId: 'redirectOnlyInHook',
        data: { job: job.name, phase: hook.phase },
        at: main.head,
        related: [{ at, messageId: 'hookRedirectHere', data: { phase: hook.phase } }],
      });
      return;
    }
    if (consoleStanza) {
      report({ messageId: 'consoleLogIgnored', data: { job: job.name }, at: consoleStanza.arg });
      return;
    }
    report({ messageId: 'outputDiscarded', data: { job: job.name }, at: main.head });
  },
});

/** True when a command's stdout or stderr goes to a file or into a pipe. */
function outputHandled(c: RunCommand): boolean {
  const ctx = c.context;
  if (!ctx) return false; // an `exec` line run without a shell has no redirection
  return ctx.index < ctx.pipeline.commands.length - 1 || ctx.command.redirects.some(redirectsOutput);
}

/** True when a command's output is redirected, also inside an `sh -c "…"` string it runs. */
function handledDeep(c: RunCommand): boolean {
  if (outputHandled(c)) return true;
  const program = c.program;
  const name = program[0]?.value;
  if (name === null || name === undefined || !/^(?:.*\/)?(?:sh|dash|bash)$/.test(name)) return false;
  const i = program.findIndex((w) => w.value === '-c');
  const script = i >= 0 ? program[i + 1]?.value : null;
  if (script === null || script === undefined) return false;
  const parsed = parseShell(script);
  return parsed.errors.length === 0 && treeCommands(parsed).some((ctx) => handledDeep(runCommand(argvOf(ctx.command, script), ctx)));
}

/**
 * Whether the main process's stdout/stderr go somewhere: a redirection or pipe on the `exec`
 * line; in a script, an `exec >FILE` at the top level before the last command, or a redirection
 * on the command that does the work.
 */
function mainOutputHandled(job: JobModel, main: ProcessStanza): boolean {
  const commands = processCommands(job, main);
  if (main.type === 'ExecStanza') return commands.some(handledDeep);
  // The work: the last top-level command that is not itself a bare `exec >FILE`, with its pipeline.
  const top = commands.filter((c) => c.context && c.context.depth === 0);
  let lastIndex = top.length - 1;
  while (lastIndex >= 0 && isExecRedirection((top[lastIndex] as RunCommand).context?.command as SimpleCommand)) lastIndex--;
  if (lastIndex < 0) return true; // nothing runs
  for (let i = 0; i < lastIndex; i++) {
    const c = top[i] as RunCommand;
    if (c.context && isExecRedirection(c.context.command)) return true;
  }
  const last = top[lastIndex] as RunCommand;
  if (top.some((c) => c.context?.pipeline === last.context?.pipeline && handledDeep(c))) return true;
  // An `if` may choose between several `exec PROGRAM` lines: any of them redirected counts.
  return commands.some((c) => c.argv[0]?.value === 'exec' && c.argv.length > 1 && handledDeep(c));
}

/** Where a hook redirects its own output wholesale (`exec >FILE 2>&1`), or null. */
function hookRedirection(job: JobModel, hook: ProcessStanza): Span | null {
  for (const c of processCommands(job, hook)) {
    const ctx = c.context;
    if (!ctx) continue;
    // `pre-start exec >/var/log/x 2>&1` (the exec line has no program) or the same line in a script.
    if (ctx.depth === 0 && isExecRedirection(ctx.command)) return job.shellSpan(hook, ctx.command.start, ctx.command.end);
  }
  return null;
}
