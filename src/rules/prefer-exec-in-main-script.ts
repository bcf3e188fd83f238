import { defineRule } from '../core/rule.js';
import type { CommandList } from '../shell/ast.js';
import { walkShell } from '../shell/index.js';
import { looseValue, staticValue } from './_shared/shell.js';

/** dash builtins and reserved words: never a long-running program. */
const SHELL_WORDS = new Set([
  ':', '.', '[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval', 'exec', 'exit',
  'export', 'false', 'fc', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly',
  'return', 'set', 'shift', 'test', 'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', '{', '}', '!',
  'source', 'function', 'select',
]);

/** Programs that do a short job and exit: a script ending with one is not wrapping a service. */
const SHORT_LIVED = new Set([
  'cat', 'chgrp', 'chmod', 'chown', 'cp', 'date', 'initctl', 'install', 'ln', 'logger', 'mkdir', 'mknod', 'modprobe',
  'mount', 'mv', 'restart', 'rm', 'rmdir', 'sed', 'sleep', 'start', 'status', 'stop', 'sync', 'sysctl', 'touch',
  'umount', 'grep', 'awk', 'ip', 'ifup', 'ifdown', 'udevadm', 'plymouth', 'wall', 'reload', 'telinit', 'shutdown',
  'runlevel', 'chroot', 'find', 'tee', 'head', 'tail', 'wget', 'curl', 'dd', 'basename', 'dirname', 'expr', 'uname',
  'hostname', 'mountpoint', 'start-stop-daemon', 'invoke-rc.d', 'service', 'update-rc.d',
]);

export default defineRule({
  meta: {
    id: 'prefer-exec-in-main-script',
    category: 'correctness',
    description: 'Require the last command of a service main script to replace the shell with `exec`',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      missingExec:
        'The main script of job `{job}` ends by running `{command}` without `exec`, so upstart supervises the shell, which gets the reload signal instead of the program; write `exec {command}`',
      addExec: 'Insert `exec` before `{command}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const main = job.mainProcess;
    if (!main || main.type !== 'ScriptStanza' || job.isTask) return;
    // Only supervised services: one-shot jobs (no respawn, no stop condition) often end with a
    // command that is meant to finish, and there the shell in between does no harm.
    if (!job.respawns && !job.stopOn) return;
    const shell = job.shell(main);
    const parsed = shell.parsed;
    if (!parsed || parsed.errors.length > 0) return;
    // The last top-level command, alone: not part of a list, pipeline, `!` or background job.
    const last = parsed.script.body.items[parsed.script.body.items.length - 1];
    if (!last || last.separator?.op === '&' || last.andOr.pipelines.length !== 1) return;
    const pipeline = last.andOr.pipelines[0];
    const command = pipeline?.commands[0];
    if (!pipeline || pipeline.bang || pipeline.commands.length !== 1 || command?.type !== 'SimpleCommand') return;
    if (command.assignments.length > 0 || command.redirects.some((r) => r.heredoc !== null)) return;
    const first = command.words[0];
    // A variable as the command name (`$DAEMON`) is still a program.
    const name = first ? (staticValue(first) ?? looseValue(first, shell.text)) : null;
    if (!first || name === null || name === '') return;
    const base = name.replace(/^.*\//, '');
    if (SHELL_WORDS.has(name) || SHELL_WORDS.has(base) || SHORT_LIVED.has(base)) return;
    if (definedFunctions(parsed.script.body).has(name)) return;

    const words = command.words.map((w) => looseValue(w, shell.text));
    const shown = words.slice(0, 3).join(' ') + (words.length > 3 ? ' …' : '');
    const data = { job: job.name, command: shown };
    const at = job.shellSpan(main, first.start, first.end);
    report({
      messageId: 'missingExec',
      data,
      at,
      origin: main,
      suggest: [{ messageId: 'addExec', data, fix: (edit) => edit.replace(job.spanIn(main, at.start.offset, at.start.offset), 'exec ') }],
    });
  },
});

/** Names of the functions a script defines: calling one runs shell code, not a program. */
function definedFunctions(body: CommandList): Set<string> {
  const names = new Set<string>();
  walkShell(body, (n) => {
    if (n.type === 'FunctionDefinition') names.add(n.name);
    return true;
  });
  return names;
}
