/**
 * Two definitions of one process slot in the same file: the later `exec`/`script` silently
 * replaces the earlier one (grammar document sections 2.2 and 5.11, case E37).
 */
import type { ProcessPhase, ProcessStanza } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import type { JobSource } from '../core/job-model.js';
import { nodesSharingLines } from './_shared/lines.js';
import { processLabel } from './_shared/process-label.js';

export default defineRule({
  meta: {
    id: 'duplicate-process',
    category: 'correctness',
    description: 'Disallow defining the same process (exec or script) twice in one file',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      replacesOther:
        '`{later}` replaces the `{earlier}` on line {line} as the {slot} process, so that `{earlier}` never runs; keep only one of them',
      replacesSame: 'This second `{later}` replaces the one on line {line}, which never runs; keep only one of them',
      earlier: 'This `{earlier}` is replaced and never runs',
      removeEarlier: 'Remove the `{earlier}` on line {line} (it never runs)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // Per file: an `.override` replacing a process of its `.conf` is the point of overrides.
    const seen = new Map<JobSource, Map<ProcessPhase, ProcessStanza>>();
    // Stanzas that share a line with another: computed for the first duplicate (most jobs have none).
    let shared: Set<unknown> | null = null;
    const sharing = (): Set<unknown> => (shared ??= new Set(job.files.flatMap((f) => [...nodesSharingLines(job.stanzasIn(f))])));
    for (const stanza of job.stanzas) {
      if (stanza.type !== 'ExecStanza' && stanza.type !== 'ScriptStanza') continue;
      const file = job.fileOf(stanza);
      let slots = seen.get(file);
      if (!slots) seen.set(file, (slots = new Map()));
      const earlier = slots.get(stanza.phase);
      slots.set(stanza.phase, stanza);
      if (!earlier) continue;
      const data = {
        later: processLabel(stanza),
        earlier: processLabel(earlier),
        slot: stanza.phase === 'main' ? 'main' : `\`${stanza.phase}\``,
        line: earlier.span.start.line,
      };
      report({
        messageId: earlier.type === stanza.type ? 'replacesSame' : 'replacesOther',
        data,
        at: stanza.head,
        origin: stanza,
        related: [{ at: earlier.head, messageId: 'earlier', data }],
        suggest: [
          {
            messageId: 'removeEarlier',
            data,
            fix: (edit) => (sharing().has(earlier) ? null : edit.removeLines(earlier)),
          },
        ],
      });
    }
  },
});
