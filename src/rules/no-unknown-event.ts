/**
 * Events that nothing emits: no job of the tree declares them with `emits` or sends them with
 * `initctl emit`, init and the stock bridges do not emit them, and configuration does not list
 * them, so the condition waits forever (grammar document sections 3.5 and 3.6; `initctl
 * check-config` reports the same on a live system, section 4.7). Event names are compared exactly;
 * `emits` values are globs.
 */
import { JOB_EVENTS } from '../core/project-index.js';
import { globToRegExp } from '../core/project.js';
import { defineRule, type Editor } from '../core/rule.js';
import { eventOperands } from './_shared/event-operands.js';

export default defineRule({
  meta: {
    id: 'no-unknown-event',
    category: 'correctness',
    description: 'Disallow waiting for events that no job, bridge or init emits',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      unknownEvent:
        'Nothing emits `{event}`: no job of this tree declares it with `emits`, and neither init nor a stock bridge sends it; fix the name, add `emits {event}` to the job that runs `initctl emit {event}`, or list it in `knownEvents`',
      unknownEventTypo: 'Nothing emits `{event}`; did you mean `{suggestion}`?',
      useName: 'Replace with `{suggestion}`',
    },
    defaultOptions: {},
  },

  check({ job, project, report }) {
    if (!project) return;
    const own: RegExp[] = [];
    for (const stanza of job.findAll('emits')) {
      for (const w of stanza.events) {
        try {
          own.push(globToRegExp(w.value));
        } catch {
          // an unusable glob declares nothing
        }
      }
    }
    for (const { match } of eventOperands(job)) {
      const written = match.event.value;
      const systemInit = written.startsWith(':sys:');
      const event = systemInit ? written.slice(5) : written;
      // Job events are no-unknown-job's; `$X` is no-variable-in-start-on's.
      // Template markup (`@X@`, `{{ x }}`, `<%= x %>`) is rendered before the job is installed.
      if (event === '' || JOB_EVENTS.has(event) || /[$@{}<>%]/.test(written)) continue;
      if (project.eventSource(event, systemInit) !== null) continue;
      if (!systemInit && own.some((g) => g.test(event))) continue;
      const found = project.similarEvent(event, systemInit);
      const suggestion = found === null ? null : `${systemInit ? ':sys:' : ''}${found}`;
      if (suggestion === null && project.nearMissesOnly) continue;
      if (suggestion !== null) {
        const canEdit = match.event.raw === match.event.value;
        report({
          messageId: 'unknownEventTypo',
          data: { event: written, suggestion },
          at: match.event,
          origin: match.event,
          ...(canEdit
            ? { suggest: [{ messageId: 'useName' as const, data: { suggestion }, fix: (edit: Editor) => edit.replace(match.event, suggestion) }] }
            : {}),
        });
        continue;
      }
      report({ messageId: 'unknownEvent', data: { event: written }, at: match.event, origin: match.event });
    }
  },
});
