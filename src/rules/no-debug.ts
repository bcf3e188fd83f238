import { defineRule } from '../core/rule.js';
import { atLeast } from '../core/version.js';
import { removeStanza } from './_shared/remove-stanza.js';

export default defineRule({
  meta: {
    id: 'no-debug',
    category: 'correctness',
    description: 'Disallow the `debug` stanza, which stops every process of the job before it runs',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      debugStanza:
        'Job `{job}` has a `debug` stanza: when init runs with `--debug` each of its processes stops itself before exec and the job hangs; remove it',
      debugAlways:
        'Job `{job}` has a `debug` stanza: before upstart 1.12 each of its processes always stops itself before exec and the job hangs; remove it',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const messageId = atLeast(job.runtimeVersion, 1, 12) ? 'debugStanza' : 'debugAlways';
    for (const stanza of job.findAll('debug')) {
      report({
        messageId,
        data: { job: job.name },
        at: stanza.head,
        origin: stanza,
        fix: (edit) => removeStanza(edit, job, stanza),
      });
    }
  },
});
