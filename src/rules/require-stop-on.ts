import { walkExpression } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';

/**
 * Events that only a Session Init emits or bridges (grammar document, section 3.6): a job waiting
 * for one is a session job wherever its file happens to be, and Session Inits stop their jobs.
 */
function isSessionEvent(name: string): boolean {
  return name.startsWith(':sys:') || ['desktop-start', 'desktop-end', 'session-end', 'xsession'].includes(name);
}

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
    for (const node of walkExpression(startOn.expression)) {
      if (node.type === 'EventMatch' && isSessionEvent(node.event.value)) return;
    }
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
