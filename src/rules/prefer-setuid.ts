import { defineRule } from '../core/rule.js';
import type { ProgramParts } from './_shared/app-process.js';
import { baseName } from './_shared/base-name.js';
import { processArgv, type CommandWord } from './_shared/process-argv.js';
import { waitsForSessionEvent } from './_shared/session-events.js';

/** A user name a `setuid` stanza can take as one plain WORD (no variables, no quoting needed). */
const PLAIN_USER = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export default defineRule({
  meta: {
    id: 'prefer-setuid',
    category: 'style',
    description: 'Prefer a `setuid` stanza to switching user inside the command of a system job',
    defaultSeverity: 'info',
    hasSuggestions: true,
    messages: {
      switchesInCommand:
        'System job `{job}` starts its {phase} process as root and switches to `{user}` with `{tool}`; name the user in a `setuid` stanza instead, so that upstart starts the process unprivileged',
      switchHere: '`{tool}` switches to `{user}` here',
      replaceSwitch: 'Insert `setuid {user}` and `setgid {group}` before the `{keyword}` stanza (then {cleanup})',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.kind !== 'system' || job.find('setuid')) return;
    if (job.startOn && waitsForSessionEvent(job.startOn.expression)) return;
    const target = job.mainProcess;
    if (!target) return;
    // `setuid` applies to every process of the job: hooks that need root (creating directories in
    // pre-start, say) would break, so a job with hooks keeps its switch.
    if (job.processes.length > 1) return;
    const { commands, programs, spanOf, userSwitch } = processArgv(job, target);
    const found = userSwitch();
    // A template placeholder (`<%= user %>`, `%(user)s`) names nobody yet.
    if (!found || NEEDS_ROOT_TO_SWITCH.has(found.tool) || !USER_SPEC.test(found.user)) return;
    // Everything the main process runs before the switch would run unprivileged too.
    const before = programs.slice(0, commands.findIndex((words) => words.includes(found.word)));
    if (!before.every(runsAsAnyone)) return;
    // `user:group` (start-stop-daemon, chpst, chroot): both; otherwise the group named like the user.
    const [user = found.user, named = ''] = found.user.split(':');
    const group = named !== '' ? named : user;
    const phase = target.phase;
    const keyword = target.keyword;
    report({
      messageId: 'switchesInCommand',
      data: { job: job.name, phase, user, tool: found.tool },
      at: target.head,
      related: [{ at: spanOf(found.word), messageId: 'switchHere', data: { tool: found.tool, user } }],
      ...(PLAIN_USER.test(user) && PLAIN_USER.test(group)
        ? {
            suggest: [
              {
                messageId: 'replaceSwitch' as const,
                data: { user, group, keyword, cleanup: cleanupAdvice(found.tool) },
                fix: (edit) => [edit.insertLineBefore(target, `setuid ${user}`), edit.insertLineBefore(target, `setgid ${group}`)],
              },
            ],
          }
        : {}),
    });
  },
});

/**
 * Tools that need root for more than the switch: minijail0 builds its sandbox (namespaces,
 * seccomp, capabilities), chroot and setpriv change root or capabilities before switching.
 */
const NEEDS_ROOT_TO_SWITCH = new Set(['minijail0', 'minijail', 'chroot', 'setpriv']);

/** A user (or `user:group`) as written: a name, or a shell variable holding one. */
const USER_SPEC = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|[A-Za-z_][A-Za-z0-9_.-]*\$?)(?::(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|[A-Za-z_][A-Za-z0-9_.-]*))?$/;

/** Commands that work the same unprivileged: reading settings, logging, waiting. */
const HARMLESS = new Set(['export', 'cd', 'echo', 'printf', 'logger', 'test', '[', 'true', ':', 'sleep', '.', 'source', 'set', 'umask']);

function runsAsAnyone({ program }: ProgramParts<CommandWord>): boolean {
  return program === null || HARMLESS.has(baseName(program.value));
}

/** What to remove once `setuid` does the switch: the wrapper call, or only the tool's user option. */
function cleanupAdvice(tool: string): string {
  switch (tool) {
    case 'uwsgi':
    case 'gunicorn':
    case 'thin':
    case 'twistd':
    case 'jsvc':
      return `remove \`${tool}\`'s own user option`;
    case 'start-stop-daemon':
      return 'remove `--chuid`';
    default:
      return `remove the \`${tool}\` call`;
  }
}
