import { defineRule } from '../core/rule.js';
import { atLeast } from '../core/version.js';

/** The score upstart 1.3+ stores for a legacy `oom` adjustment (grammar document section 2.1, row 25b). */
function legacyOomScore(adjustment: number): number {
  return Math.trunc(adjustment < 0 ? (adjustment * 1000) / 17 : (adjustment * 1000) / 15);
}

export default defineRule({
  meta: {
    id: 'prefer-oom-score',
    category: 'style',
    description: 'Prefer `oom score` to the legacy `oom` adjustment',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      legacyOom: 'Legacy `oom {value}` in job `{job}` is converted by upstart to `oom score {score}`; write that instead',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // `oom score` appeared in upstart 1.3; older targets only understand the legacy form.
    if (!atLeast(job.targetVersion, 1, 3)) return;
    for (const stanza of job.stanzas) {
      if (stanza.type !== 'OomStanza' || stanza.keyword !== 'oom') continue;
      const score = stanza.never ? 'never' : String(legacyOomScore(stanza.written));
      report({
        messageId: 'legacyOom',
        data: { job: job.name, value: stanza.arg.value, score },
        at: stanza.span,
        fix: (edit) => edit.replace(stanza.span, `oom score ${score}`),
      });
    }
  },
});
