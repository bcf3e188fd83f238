import { defineRule } from '../core/rule.js';
import { firstStanzaHead } from './_shared/missing-stanza.js';

export default defineRule({
  meta: {
    id: 'require-author',
    category: 'style',
    description: 'Require an `author` stanza naming who maintains the job (ChromeOS policy)',
    defaultSeverity: 'off',
    messages: {
      missingAuthor:
        'Job `{job}` has no `author` stanza; add `author "…"` naming who maintains it (ChromeOS requires one in every job)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.has('author')) return;
    // An override linted alone cannot know what its .conf says; linted with it, the merge counts.
    if (job.primary.role === 'override' && job.files.length === 1) return;
    report({ messageId: 'missingAuthor', data: { job: job.name }, at: firstStanzaHead(job) });
  },
});
