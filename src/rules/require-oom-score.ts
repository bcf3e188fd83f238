import type { OomStanza } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { firstStanzaHead } from './_shared/missing-stanza.js';

export default defineRule({
  meta: {
    id: 'require-oom-score',
    category: 'style',
    description: 'Require an `oom score` stanza, written `never` rather than -1000 (ChromeOS policy)',
    defaultSeverity: 'off',
    fixable: true,
    messages: {
      missingOomScore:
        'Job `{job}` sets no OOM score, so the kernel weighs its processes like any other when memory runs out; add `oom score N` (-1000 to 1000; ChromeOS requires one in every job)',
      preferNever: '`oom score -1000` means the OOM killer never picks this job; write `oom score never`, which says so',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // `oom` and `oom score` share one setting: the last of either wins (grammar document 2.1).
    let oom: OomStanza | null = null;
    for (const s of job.stanzas) if (s.type === 'OomStanza') oom = s;
    if (!oom) {
      if (job.primary.role === 'override' && job.files.length === 1) return;
      report({ messageId: 'missingOomScore', data: { job: job.name }, at: firstStanzaHead(job) });
      return;
    }
    const stanza = oom;
    if (stanza.keyword === 'oom score' && !stanza.never && stanza.score === -1000) {
      report({ messageId: 'preferNever', at: stanza.arg, origin: stanza, fix: (edit) => edit.replace(stanza.arg, 'never') });
    }
  },
});
