import { defineRule } from '../core/rule.js';
import { atLeast } from '../core/version.js';

/** Debian and Ubuntu give `nobody` the primary group `nogroup`; other users usually share their name. */
function groupFor(user: string): string {
  return user === 'nobody' ? 'nogroup' : user;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export default defineRule({
  meta: {
    id: 'require-setgid',
    category: 'security',
    description: 'Require a `setgid` stanza next to `setuid` so that processes do not keep root groups',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      keepsRootGroup:
        'Job `{job}` has `setuid {user}` but no `setgid`, so upstart keeps gid 0 (root) as a supplementary group of its processes; add a `setgid` stanza with the user\'s group',
      keepsInitGroups:
        'Job `{job}` has `setuid {user}` but no `setgid`, so its processes keep the supplementary groups of init (root\'s groups); add a `setgid` stanza with the user\'s group',
      addSetgid: 'Insert `setgid {group}` after the `setuid` stanza',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // Only a root init changes credentials this way: session inits and the 1.3–1.6 user jobs
    // already run as the user (grammar document sections 4.3, 4.4).
    if (job.kind !== 'system') return;
    const v = job.targetVersion;
    if (!atLeast(v, 1, 4)) return; // no setuid before 1.4
    const setuid = job.find('setuid');
    if (!setuid || job.find('setgid')) return;
    const user = setuid.value;
    if (user === 'root' || user === '0') return; // already root: nothing is kept by accident
    const group = groupFor(user);
    report({
      messageId: atLeast(v, 1, 7) ? 'keepsRootGroup' : 'keepsInitGroups',
      data: { job: job.name, user },
      at: setuid.head,
      ...(PLAIN_NAME.test(group)
        ? { suggest: [{ messageId: 'addSetgid' as const, data: { group }, fix: (edit) => edit.insertLineAfter(setuid, `setgid ${group}`) }] }
        : {}),
    });
  },
});
