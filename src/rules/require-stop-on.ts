import { defineRule } from '../core/rule.js';
import { DEFAULT_STOP_ON, needsStopOn } from './_shared/stop-on.js';

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
    const startOn = job.startOn;
    if (!startOn || !needsStopOn(job)) return;
    const condition = DEFAULT_STOP_ON;
    const data = { job: job.name, condition };
    report({
      messageId: 'missingStopOn',
      data,
      at: startOn.head,
      suggest: [{ messageId: 'addStopOn', data, fix: (edit) => edit.insertLineAfter(startOn, `stop on ${condition}`) }],
    });
  },
});
