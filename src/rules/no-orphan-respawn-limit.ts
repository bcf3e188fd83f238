/**
 * `respawn limit` configures respawning but does not turn it on (grammar document section 2.2,
 * case E26): without a `respawn` stanza the limit does nothing.
 */
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'no-orphan-respawn-limit',
    category: 'correctness',
    description: 'Disallow `respawn limit` in a job that does not respawn',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      orphanLimit:
        '`respawn limit` does nothing because job `{job}` has no `respawn` stanza; add `respawn` or remove the limit',
      addRespawn: 'Insert `respawn` above `respawn limit`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.respawns) return;
    // An override linted without its `.conf` cannot know whether the conf says `respawn`.
    if (job.primary.role === 'override' && job.files.length === 1) return;
    const limit = job.find('respawn limit');
    if (!limit) return;
    report({
      messageId: 'orphanLimit',
      data: { job: job.name },
      at: limit.head,
      origin: limit,
      suggest: [{ messageId: 'addRespawn', fix: (edit) => edit.insertLineBefore(limit, 'respawn') }],
    });
  },
});
