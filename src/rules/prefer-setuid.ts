import { defineRule } from '../core/rule.js';
import { findUserSwitch } from './_shared/app-process.js';
import { processArgv } from './_shared/process-argv.js';
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
    const target = job.mainProcess ?? job.processes[0];
    if (!target) return;
    const { commands, spanOf } = processArgv(job, target);
    const found = findUserSwitch(commands);
    if (!found) return;
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

/** What to remove once `setuid` does the switch: the wrapper call, or only the tool's user option. */
function cleanupAdvice(tool: string): string {
  switch (tool) {
    case 'uwsgi':
    case 'gunicorn':
    case 'thin':
    case 'twistd':
    case 'jsvc':
      return `remove \`${tool}\`'s own user option`;
    case 'minijail0':
    case 'minijail':
      return `remove the user options from \`${tool}\`, keeping its sandbox options`;
    case 'start-stop-daemon':
      return 'remove `--chuid`';
    default:
      return `remove the \`${tool}\` call`;
  }
}
