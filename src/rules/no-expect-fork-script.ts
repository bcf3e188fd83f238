/**
 * `expect fork` / `expect daemon` count forks of the main process. With a main `script`, every
 * program the shell runs is a fork, so upstart follows the wrong process unless the only external
 * action is a final `exec` (grammar document section 5.8, case E65).
 */
import type { ScriptStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { shellEvents } from './_shared/shell-forks.js';

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
    const events = shellEvents(main.body.text);
    let lastExec = -1;
    events.forEach((e, i) => {
      if (e.kind === 'exec') lastExec = i;
    });
    const end = lastExec >= 0 ? lastExec : events.length;
    const fork = events.slice(0, end).find((e) => e.kind === 'fork');
    if (!fork || fork.kind !== 'fork') return;
    const execEvent = lastExec >= 0 ? events[lastExec] : undefined;
    const data = {
      job: job.name,
      mode: expect.mode,
      command: fork.what,
      program: execEvent && execEvent.kind === 'exec' ? execEvent.program : '',
    };
    report({
      messageId: lastExec >= 0 ? 'forkBeforeExec' : 'noExec',
      data,
      at: lineSpan(job, main, fork.line),
      origin: main,
      related: [{ at: expect, messageId: 'expectHere', data }],
    });
  },
});

/** The script line (without its indentation and line terminator) where a command starts. */
function lineSpan(job: JobModel, script: ScriptStanza, index: number): Span {
  const line = script.body.lines[index] ?? script.body.lines[0];
  if (!line) return script.head;
  const lead = /^[ \t]*/.exec(line.raw)?.[0].length ?? 0;
  const length = line.raw.replace(/\r$/, '').length;
  const start = line.span.start.offset;
  return job.spanIn(script, start + lead, start + Math.max(lead, length));
}
