import { defineRule } from '../core/rule.js';

/** RLIM_INFINITY: `-1` wraps around to it (grammar document section 2.2), so it means unlimited. */
const INFINITY = 2n ** 64n - 1n;

type LimitValue = bigint | 'unlimited';

function normalize(v: LimitValue): bigint {
  return v === 'unlimited' || v >= INFINITY ? INFINITY : v;
}

export default defineRule({
  meta: {
    id: 'valid-limit',
    category: 'correctness',
    description: 'Require the soft value of each `limit` to be at most its hard value',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      softAboveHard:
        'Soft limit `{soft}` of `limit {resource}` is above its hard limit `{hard}`, so setrlimit fails and job `{job}` never starts; make the soft value at most the hard one',
      lowerSoft: 'Lower the soft limit to `{hard}`',
      raiseHard: 'Raise the hard limit to `{soft}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.limits.values()) {
      if (normalize(stanza.soft) <= normalize(stanza.hard)) continue;
      const [, softWord, hardWord] = stanza.args;
      const data = { job: job.name, resource: stanza.resource, soft: softWord.value, hard: hardWord.value };
      report({
        messageId: 'softAboveHard',
        data,
        at: softWord,
        suggest: [
          { messageId: 'lowerSoft', data, fix: (edit) => edit.replace(softWord, hardWord.raw) },
          { messageId: 'raiseHard', data, fix: (edit) => edit.replace(hardWord, softWord.raw) },
        ],
      });
    }
  },
});

