/**
 * Events that nothing emits, so the condition waits forever (grammar document sections 3.5 and
 * 3.6; `initctl check-config` reports the same on a live system, section 4.7). Event names are
 * compared exactly; `emits` values are globs.
 *
 * A linter sees the job files of one tree, not every package of the system the tree ends up on,
 * nor the programs and udev rules that run `initctl emit`. So by default it reports only what is
 * wrong wherever the tree is installed: a near miss of a name that something does emit, a name no
 * upstart since 0.5 emits (upstart 0.3's events), a system event waited for under its bare name in
 * a Session Init. A name that is merely unknown is reported only with the `strict` option.
 */
import { JOB_EVENTS } from '../core/project-index.js';
import { obsoleteEvent } from '../core/known-names.js';
import { globToRegExp, type GlobMatcher } from '../core/project.js';
import { defineRule, type Editor } from '../core/rule.js';
import { eventOperands } from './_shared/event-operands.js';
import { STRICT_DEFAULTS, parseStrictOptions, strictOptionsSchema } from './_shared/strict-option.js';

export default defineRule({
  meta: {
    id: 'no-unknown-event',
    category: 'correctness',
    description: 'Disallow waiting for events that no job, bridge or init emits',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      unknownEvent:
        'Nothing emits `{event}`: no job of this tree declares it with `emits` or runs `initctl emit {event}`, and neither init nor a stock bridge sends it; fix the name, add `emits {event}` to the job that emits it, or list it in `knownEvents`',
      unknownEventTypo: 'Nothing emits `{event}`; did you mean `{suggestion}`?',
      obsoleteEvent: 'No upstart since 0.5 emits `{event}` ({reason}); {advice}',
      systemEventInSession:
        'A Session Init never receives `{event}`: it is a system init event, which sessions see as `:sys:{event}` (through upstart-event-bridge); write `:sys:{event}`',
      useName: 'Replace with `{suggestion}`',
    },
    defaultOptions: STRICT_DEFAULTS,
    optionsSchema: strictOptionsSchema('events'),
    parseOptions: parseStrictOptions,
  },

  check({ job, project, options, report }) {
    if (!project) return;
    const own: GlobMatcher[] = [];
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
      const canEdit = match.event.raw === match.event.value;
      const old = obsoleteEvent(event);
      if (old !== null) {
        const replacement = old.replacement === null ? null : `${systemInit ? ':sys:' : ''}${old.replacement}`;
        report({
          messageId: 'obsoleteEvent',
          data: { event: written, reason: old.reason, advice: replacement === null ? (old.advice ?? 'remove it from the condition') : `write \`${replacement}\`` },
          at: match.event,
          origin: match.event,
          ...(canEdit && replacement !== null
            ? { suggest: [{ messageId: 'useName' as const, data: { suggestion: replacement }, fix: (edit: Editor) => edit.replace(match.event, replacement) }] }
            : {}),
        });
        continue;
      }
      if (!systemInit && project.sessionOnly && project.eventSource(event, true) !== null) {
        const suggestion = `:sys:${event}`;
        report({
          messageId: 'systemEventInSession',
          data: { event },
          at: match.event,
          origin: match.event,
          ...(canEdit ? { suggest: [{ messageId: 'useName' as const, data: { suggestion }, fix: (edit: Editor) => edit.replace(match.event, suggestion) }] } : {}),
        });
        continue;
      }
      const found = project.similarEvent(event, systemInit);
      const suggestion = found === null ? null : `${systemInit ? ':sys:' : ''}${found}`;
      if (suggestion !== null) {
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
      // A job of the tree that emits computed names (`initctl emit "$EVENT"`) may emit this one.
      if (!options.strict || project.nearMissesOnly || project.dynamicEmitter(systemInit) !== null) continue;
      report({ messageId: 'unknownEvent', data: { event: written }, at: match.event, origin: match.event });
    }
  },
});
