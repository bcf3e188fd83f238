/**
 * A single-valued stanza given twice in one file: upstart keeps the last one (grammar document
 * sections 2.1 and 4.5), so the earlier one is dead text.
 */
import type { Stanza } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import type { JobSource } from '../core/job-model.js';
import { sharesLines } from './_shared/lines.js';

/**
 * Key of the job field a stanza sets, or null when repeating it is not a replacement: `env`,
 * `export`, `emits`, `normal exit` and `cgroup` accumulate, `task`/`respawn`/`debug`/`manual` are
 * flags, and process slots belong to duplicate-process. `oom` and `oom score` share one field;
 * `limit` is per resource.
 */
function fieldKey(stanza: Stanza): string | null {
  switch (stanza.type) {
    case 'TextStanza':
    case 'StartOnStanza':
    case 'StopOnStanza':
    case 'ExpectStanza':
    case 'ConsoleStanza':
    case 'KillTimeoutStanza':
    case 'SignalStanza':
    case 'RespawnLimitStanza':
    case 'UmaskStanza':
    case 'NiceStanza':
      return stanza.keyword;
    case 'OomStanza':
      return 'oom';
    case 'LimitStanza':
      return `limit ${stanza.resource}`;
    default:
      return null;
  }
}

export default defineRule({
  meta: {
    id: 'duplicate-stanza',
    category: 'correctness',
    description: 'Disallow giving a single-valued stanza more than once in the same file',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      duplicate: '`{stanza}` is given again here and replaces the one on line {line}; keep only the one you mean',
      duplicateSame: '`{stanza}` repeats the same value as line {line}; remove one of them',
      earlier: 'This earlier `{stanza}` is ignored',
      removeEarlier: 'Remove the earlier `{stanza}` on line {line} (what upstart already does)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // Per file: in a `.conf` + `.override` pair, replacing a conf value is what overrides are for.
    const seen = new Map<JobSource, Map<string, Stanza>>();
    const sameFile = (file: JobSource): Stanza[] => job.stanzas.filter((s) => job.fileOf(s) === file);
    for (const stanza of job.stanzas) {
      const key = fieldKey(stanza);
      if (key === null) continue;
      const file = job.fileOf(stanza);
      let fields = seen.get(file);
      if (!fields) seen.set(file, (fields = new Map()));
      const earlier = fields.get(key);
      fields.set(key, stanza);
      if (!earlier) continue;
      const name = label(stanza);
      const line = earlier.span.start.line;
      const same = job.sourceText(earlier).replace(/\s+/g, ' ') === job.sourceText(stanza).replace(/\s+/g, ' ');
      report({
        messageId: same ? 'duplicateSame' : 'duplicate',
        data: { stanza: name, line },
        at: stanza.head,
        origin: stanza,
        related: [{ at: earlier.head, messageId: 'earlier', data: { stanza: label(earlier) } }],
        suggest: [
          {
            messageId: 'removeEarlier',
            data: { stanza: label(earlier), line },
            fix: (edit) => (sharesLines(sameFile(file), earlier) ? null : edit.removeLines(earlier)),
          },
        ],
      });
    }
  },
});

/** The stanza as the user wrote it: `limit nofile`, `oom score`, `kill timeout`, … */
function label(stanza: Stanza): string {
  return stanza.type === 'LimitStanza' ? `limit ${stanza.resource}` : stanza.keyword;
}
