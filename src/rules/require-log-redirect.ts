import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { processCommands } from './_shared/process-shell.js';
import {
  commandOutputHandled,
  isExecRedirection,
  parseCommands,
  programWords,
  redirectsOutputToFile,
  type SimpleCommand,
} from './_shared/shell-commands.js';

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

/** True when a command's output is redirected, also inside an `sh -c "…"` string it runs. */
function handledDeep(command: SimpleCommand): boolean {
  if (commandOutputHandled(command)) return true;
  return programWords(command).some((w) => w.quoted && /[>|]/.test(w.value) && parseCommands(w.value).some(handledDeep));
}

/**
 * Whether the main process's stdout/stderr go somewhere: a redirection or pipe on the `exec`
 * line; in a script, an `exec >FILE` at the top level before the last command, or a redirection
 * on the command that does the work.
 */
function mainOutputHandled(job: JobModel, main: ProcessStanza): boolean {
  const { commands } = processCommands(job, main);
  if (main.type === 'ExecStanza') return commands.some(handledDeep);
  // The work: the last command that is not itself a bare `exec >FILE`, with the pipeline it ends.
  let lastIndex = commands.length - 1;
  while (lastIndex >= 0 && isExecRedirection(commands[lastIndex] as SimpleCommand)) lastIndex--;
  if (lastIndex < 0) return true; // nothing runs
  for (let i = 0; i < lastIndex; i++) {
    const c = commands[i] as SimpleCommand;
    if (c.depth === 0 && isExecRedirection(c)) return true;
  }
  let first = lastIndex;
  while (first > 0 && (commands[first] as SimpleCommand).pipedIn) first--;
  if (commands.slice(first, lastIndex + 1).some(handledDeep)) return true;
  // An `if` may choose between several `exec PROGRAM` lines: any of them redirected counts.
  return commands.some((c) => c.words[0]?.value === 'exec' && programWords(c).length > 0 && handledDeep(c));
}

/** Where a hook redirects its own output wholesale (`exec >FILE 2>&1`), or null. */
function hookRedirection(job: JobModel, hook: ProcessStanza): Span | null {
  const { commands, spanOf } = processCommands(job, hook);
  for (const c of commands) {
    // `pre-start exec >/var/log/x 2>&1` (the exec line has no program) or the same line in a script.
    const bare = hook.type === 'ExecStanza' && c.words.length === 0 && c.redirects.some(redirectsOutputToFile);
    if ((c.depth === 0 && isExecRedirection(c)) || bare) return spanOf(c.start, c.end);
  }
  return null;
}
