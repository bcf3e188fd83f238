/**
 * `respawn limit` configures respawning but does not turn it on (grammar document section 2.2,
 * case E26): without a `respawn` stanza the limit does nothing.
 */
import { defineRule } from '../core/rule.js';
import { DEFAULT_STOP_ON, needsStopOn } from './_shared/stop-on.js';

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
      addRespawnAndStopOn: 'Insert `respawn` above `respawn limit`, and `stop on {condition}` after `start on` (a respawning service must say when it stops)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.respawns) return;
    // An override linted without its `.conf` cannot know whether the conf says `respawn`.
    if (job.primary.role === 'override' && job.files.length === 1) return;
    const limit = job.find('respawn limit');
    if (!limit) return;
    const startOn = job.startOn;
    report({
      messageId: 'orphanLimit',
      data: { job: job.name },
      at: limit.head,
      origin: limit,
      suggest: [
        startOn && needsStopOn(job, true) && job.fileOf(startOn) === job.fileOf(limit)
          ? {
              messageId: 'addRespawnAndStopOn',
              data: { condition: DEFAULT_STOP_ON },
              fix: (edit) => [edit.insertLineBefore(limit, 'respawn'), edit.insertLineAfter(startOn, `stop on ${DEFAULT_STOP_ON}`)],
            }
          : { messageId: 'addRespawn', fix: (edit) => edit.insertLineBefore(limit, 'respawn') },
      ],
    });
  },
});
