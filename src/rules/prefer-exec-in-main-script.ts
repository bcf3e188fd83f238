import { defineRule } from '../core/rule.js';
import type { ScriptLine } from '../grammar/ast.js';
import { scanShell, type ShellLine } from './_shared/shell-lines.js';

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

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** True when `code` has an unquoted control operator (`;`, `&&`, `||`, `|`, `&`) outside redirections. */
function hasControlOperator(code: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (quote !== null) {
      if (c === '\\' && quote !== "'") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === ';' || c === '|') return true;
    else if (c === '&' && code[i - 1] !== '>' && code[i - 1] !== '<' && code[i + 1] !== '>') return true;
    else if (c === '(' || c === ')') return true;
  }
  return false;
}

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
    const lines = main.body.lines;
    const scan = scanShell(lines.map((l) => l.text));

    // The last logical command: code lines joined by continuations or open quotes.
    let group: ShellLine[] = [];
    let open = false;
    for (const s of scan) {
      if (s.role === 'code') {
        if (!open) group = [];
        group.push(s);
        open = s.continued || s.openQuote;
      } else if (s.role === 'blank' || s.role === 'comment') {
        if (!open) continue;
      }
    }
    const first = group[0];
    if (!first || open) return;
    if (group.some((g) => g.heredocs.length > 0)) return;
    const firstLine = lines[first.index] as ScriptLine;
    const code = group
      .map((g) => (lines[g.index] as ScriptLine).text.slice(0, g.codeEnd).replace(/\\$/, ''))
      .join(' ');
    if (hasControlOperator(code)) return;

    // Skip leading assignments (`FOO=bar cmd`); a line of assignments only is not a command.
    const words = code.trim().split(/[ \t]+/);
    let w = 0;
    while (w < words.length && ASSIGNMENT.test(words[w] as string)) w++;
    const command = words[w];
    if (command === undefined || w > 0) return;
    if (command.includes('=') || /^[`'"]/.test(command)) return;
    const base = command.replace(/^.*\//, '');
    if (SHELL_WORDS.has(command) || SHELL_WORDS.has(base) || SHORT_LIVED.has(base)) return;
    if (/[})]$/.test(command) || /\(\)$/.test(command)) return;
    const lastWord = words[words.length - 1] ?? '';
    if (SHELL_WORDS.has(lastWord)) return;

    const shift = firstLine.raw.length - firstLine.text.length;
    const at = firstLine.span.start.offset + shift + firstLine.text.indexOf(command);
    const shown = words.slice(w, w + 3).join(' ') + (words.length > w + 3 ? ' …' : '');
    const data = { job: job.name, command: shown };
    report({
      messageId: 'missingExec',
      data,
      at: job.spanIn(main, at, at + command.length),
      suggest: [{ messageId: 'addExec', data, fix: (edit) => edit.replace(job.spanIn(main, at, at), 'exec ') }],
    });
  },
});
