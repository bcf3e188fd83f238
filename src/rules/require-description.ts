import { defineRule } from '../core/rule.js';
import { firstStanzaHead } from './_shared/missing-stanza.js';

export default defineRule({
  meta: {
    id: 'require-description',
    category: 'style',
    description: 'Require a `description` stanza saying what the job does (ChromeOS policy)',
    defaultSeverity: 'off',
    messages: {
      missingDescription:
        'Job `{job}` has no `description` stanza; add `description "…"` saying what the job does (ChromeOS requires one in every job)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.has('description')) return;
    // An override linted alone cannot know what its .conf says; linted with it, the merge counts.
    if (job.primary.role === 'override' && job.files.length === 1) return;
    report({ messageId: 'missingDescription', data: { job: job.name }, at: firstStanzaHead(job) });
  },
});
