/**
 * `expect fork` / `expect daemon` count forks of the main process. With a main `script`, every
 * program the shell runs is a fork, so upstart follows the wrong process unless the only external
 * action is a final `exec` (grammar document section 5.8, case E65).
 */
import { defineRule } from '../core/rule.js';
import type { ShellNode } from '../shell/ast.js';
import { walkShell } from '../shell/index.js';
import { staticValue, treeCommands } from './_shared/shell.js';

/** dash built-ins: running them does not fork. */
const BUILTINS = new Set([
  ':', '.', '[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval', 'exec', 'exit',
  'export', 'false', 'fc', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly',
  'return', 'set', 'shift', 'test', 'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

interface Event {
  readonly kind: 'fork' | 'exec';
  /** What forks (`mkdir`, `$(…)`, `logger |`), or the program `exec` runs. */
  readonly what: string;
  readonly start: number;
  readonly end: number;
  /** When it happens: a command runs after the expansions in its words (`$(…)` forks first). */
  readonly at: number;
}

export default defineRule({
  meta: {
    id: 'no-expect-fork-script',
    category: 'correctness',
    description: 'Disallow `expect fork` and `expect daemon` with a main script that forks before its final `exec`',
    defaultSeverity: 'error',
    messages: {
      forkBeforeExec:
        'Job `{job}` uses `expect {mode}`, but its main script runs `{command}` before `exec {program}`: upstart follows that process instead of the daemon; move it to a `pre-start` script',
      noExec:
        'Job `{job}` uses `expect {mode}`, but its main script runs `{command}` without `exec`: upstart follows the shell\'s child instead of the daemon; start the daemon with `exec` as the last command and move the rest to `pre-start`',
      expectHere: '`expect {mode}` is set here',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const expect = job.find('expect');
    if (!expect || (expect.mode !== 'fork' && expect.mode !== 'daemon')) return;
    const main = job.mainProcess;
    if (!main || main.type !== 'ScriptStanza') return;
    const parsed = job.shell(main).parsed;
    if (!parsed || parsed.errors.length > 0) return; // shell-syntax reports it; nothing runs as written
    const events = forkEvents(parsed, job.shell(main).text);
    let lastExec = -1;
    events.forEach((e, i) => {
      if (e.kind === 'exec') lastExec = i;
    });
    const fork = events.slice(0, lastExec >= 0 ? lastExec : events.length).find((e) => e.kind === 'fork');
    if (!fork) return;
    const data = { job: job.name, mode: expect.mode, command: fork.what, program: lastExec >= 0 ? (events[lastExec] as Event).what : '' };
    report({
      messageId: lastExec >= 0 ? 'forkBeforeExec' : 'noExec',
      data,
      at: job.shellSpan(main, fork.start, fork.end),
      origin: main,
      related: [{ at: expect, messageId: 'expectHere', data }],
    });
  },
});

/**
 * What the script does, in order: what makes the shell fork (external programs, pipelines,
 * background jobs, subshells, command substitutions) and the `exec PROGRAM` commands. Function
 * bodies run where they are called; calling a function does not fork.
 */
function forkEvents(parsed: import('../shell/ast.js').ShellParseResult, text: string): Event[] {
  const body = parsed.script.body;
  const events: Event[] = [];
  const functions = new Set<string>();
  const inFunction = new Set<ShellNode>();
  walkShell(body, (n) => {
    if (n.type === 'FunctionDefinition') {
      functions.add(n.name);
      inFunction.add(n.body);
      return false;
    }
    if (n.type === 'Subshell') events.push({ kind: 'fork', what: '( … )', start: n.start, end: n.start + 1, at: n.start });
    if (n.type === 'CommandSubstitution') {
      events.push({ kind: 'fork', what: n.backquoted ? '`…`' : '$(…)', start: n.start, end: n.end, at: n.start });
      return false; // what runs inside is another process
    }
    return true;
  });
  for (const ctx of treeCommands(parsed)) {
    if (ctx.inSubstitution || ctx.inFunction) continue;
    const words = ctx.command.words;
    const first = words[0];
    if (!first) continue;
    const name = staticValue(first) ?? text.slice(first.start, first.end);
    const piped = ctx.pipeline.commands.length > 1;
    const background = ctx.background;
    if (name === 'exec') {
      const program = words.slice(1).find((w) => !(staticValue(w) ?? '').startsWith('-'));
      if (!program) continue;
      const shown = staticValue(program) ?? text.slice(program.start, program.end);
      const at = ctx.command.end;
      if (piped || background) events.push({ kind: 'fork', what: `exec ${shown} ${background ? '&' : '|'}`, start: first.start, end: program.end, at });
      else events.push({ kind: 'exec', what: shown, start: first.start, end: program.end, at });
      continue;
    }
    if (piped || background) {
      events.push({ kind: 'fork', what: `${name} ${background ? '&' : '|'}`, start: first.start, end: first.end, at: ctx.command.end });
      continue;
    }
    if (BUILTINS.has(name) || functions.has(name)) continue;
    events.push({ kind: 'fork', what: name, start: first.start, end: first.end, at: ctx.command.end });
  }
  return events.sort((a, b) => a.at - b.at);
}
