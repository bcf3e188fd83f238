import { defineRule } from '../core/rule.js';
import type { FlagStanza, StartOnStanza } from '../grammar/ast.js';
import { removeStanza } from './_shared/remove-stanza.js';

export default defineRule({
  meta: {
    id: 'no-manual-before-start-on',
    category: 'correctness',
    description: 'Disallow `manual` followed by `start on` in the same file, where `manual` has no effect',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      manualOverridden:
        '`manual` does not disable job `{job}` because the `start on` on line {line} comes after it and sets the start condition again; put `manual` after it or remove that `start on`',
      laterStartOn: 'This `start on` cancels the earlier `manual`',
      removeStartOn: 'Remove the `start on` stanza on line {line} so that the job is started by hand only',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const file of job.files) {
      let manual: FlagStanza | null = null;
      const pairs: [FlagStanza, StartOnStanza][] = [];
      // As applied: stanzas after an error in an .override never reach upstart (and are not in the model).
      for (const stanza of job.stanzasIn(file)) {
        if (stanza.type === 'FlagStanza' && stanza.keyword === 'manual') {
          manual ??= stanza;
        } else if (stanza.type === 'StartOnStanza' && manual) {
          pairs.push([manual, stanza]);
          manual = null;
        }
      }
      for (const [m, startOn] of pairs) {
        const data = { job: job.name, line: startOn.span.start.line };
        report({
          messageId: 'manualOverridden',
          data,
          at: m.head,
          related: [{ at: startOn.head, messageId: 'laterStartOn' }],
          suggest: [{ messageId: 'removeStartOn', data, fix: (edit) => removeStanza(edit, job, startOn) }],
        });
      }
    }
  },
});
