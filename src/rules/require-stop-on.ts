import { defineRule } from '../core/rule.js';
import { waitsForSessionEvent } from './_shared/session-events.js';

export default defineRule({
  meta: {
    id: 'require-stop-on',
    category: 'correctness',
    description: 'Require system services that start on an event to say when they stop with `stop on`',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      missingStopOn:
        'Service `{job}` has `start on` but no `stop on`, so it is not stopped on shutdown or runlevel changes and only dies in the final kill; add a `stop on` stanza',
      addStopOn: 'Add `stop on {condition}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.kind !== 'system' || job.isTask || !job.respawns) return;
    const startOn = job.startOn;
    if (!startOn || job.stopOn || !job.mainProcess) return;
    // A job waiting for a session-only event is a session job wherever its file is kept, and
    // Session Inits stop their jobs (grammar document, section 3.6).
    if (waitsForSessionEvent(startOn.expression)) return;
    const condition = 'runlevel [!2345]';
    const data = { job: job.name, condition };
    report({
      messageId: 'missingStopOn',
      data,
      at: startOn.head,
      suggest: [{ messageId: 'addStopOn', data, fix: (edit) => edit.insertLineAfter(startOn, `stop on ${condition}`) }],
    });
  },
});
