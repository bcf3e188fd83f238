/**
 * `starting X`, `started X`, `stopping X`, `stopped X` where no job X exists: init emits these
 * events only for its own jobs, so the condition never fires (grammar document sections 3.5, 3.6;
 * `initctl check-config` reports the same on a live system, section 4.7).
 *
 * The tree is rarely the whole system: another package may install X. So by default only what is
 * wrong wherever the tree is installed is reported: a near miss of a job the tree or the known
 * lists define, a name no upstart system has (upstart 0.3's `rcN`, other init systems' `network`,
 * `sshd`, …), a system job waited for from a Session Init. A name that is merely unknown is
 * reported only with the `strict` option.
 */
import type { EventArg } from '../grammar/ast.js';
import { misnamedJob } from '../core/known-names.js';
import { JOB_EVENTS } from '../core/project-index.js';
import { defineRule, type Editor } from '../core/rule.js';
import { eventOperands } from './_shared/event-operands.js';
import { STRICT_DEFAULTS, parseStrictOptions, strictOptionsSchema } from './_shared/strict-option.js';
import { valueSpan } from './_shared/word-span.js';

export default defineRule({
  meta: {
    id: 'no-unknown-job',
    category: 'correctness',
    description: 'Disallow `starting`, `started`, `stopping` and `stopped` conditions on jobs that do not exist',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      unknownJob:
        '`{event} {name}` never happens: no job `{name}` is in this tree or on a stock Ubuntu system; fix the name, or list the job in `knownJobs` if another package installs it',
      unknownJobTypo: '`{event} {name}` never happens: there is no job `{name}`; did you mean `{suggestion}`?',
      unknownSystemJob:
        '`{event} {name}` never happens: the system init has no job `{name}` in this tree or on a stock Ubuntu system; fix the name, or list the job in `knownJobs`',
      misnamedJob:
        '`{event} {name}` never happens: stock upstart systems have no job `{name}` ({reason}); write `{event} {replacement}`',
      systemJobInSession:
        '`{event} {name}` never happens in a Session Init: `{name}` is a system job, and a session sees its events as `:sys:{event} JOB={name}` (through upstart-event-bridge); write that',
      useName: 'Replace with `{suggestion}`',
    },
    defaultOptions: STRICT_DEFAULTS,
    optionsSchema: strictOptionsSchema('jobs'),
    parseOptions: parseStrictOptions,
  },

  check({ job, project, options, report }) {
    if (!project) return;
    for (const { match } of eventOperands(job)) {
      const event = match.event.value;
      const systemInit = event.startsWith(':sys:');
      if (!JOB_EVENTS.has(systemInit ? event.slice(5) : event)) continue;
      const arg = jobArgument(match.args);
      if (!arg) continue;
      const name = arg.value;
      // `$X` is expanded at run time; `@X@`, `{{ x }}`, `<%= x %>` are template markup rendered before install.
      if (name === '' || /[$@{}<>%]/.test(name)) continue;
      if (project.jobSource(name, systemInit) !== null) continue;
      if (!systemInit && job.kind === 'session' && project.jobSource(name, true) !== null) {
        report({ messageId: 'systemJobInSession', data: { event, name }, at: match, origin: match.event });
        continue;
      }
      const prefix = arg.word.value.slice(0, arg.word.value.length - name.length);
      const at = valueSpan(job, arg.word, prefix.length, arg.word.value.length);
      const canEdit = arg.word.raw === arg.word.value;
      const misnamed = misnamedJob(name);
      if (misnamed !== null && misnamed.replacement !== null) {
        const replacement = misnamed.replacement;
        report({
          messageId: 'misnamedJob',
          data: { event, name, reason: misnamed.reason, replacement },
          at,
          origin: arg.word,
          ...(canEdit
            ? {
                suggest: [
                  { messageId: 'useName' as const, data: { suggestion: replacement }, fix: (edit: Editor) => edit.replace(arg.word, `${prefix}${replacement}`) },
                ],
              }
            : {}),
        });
        continue;
      }
      const suggestion = project.similarJob(name, systemInit);
      if (suggestion === null && (project.nearMissesOnly || !options.strict)) continue;
      if (suggestion !== null) {
        report({
          messageId: 'unknownJobTypo',
          data: { event, name, suggestion },
          at,
          origin: arg.word,
          ...(canEdit
            ? {
                suggest: [
                  { messageId: 'useName' as const, data: { suggestion }, fix: (edit: Editor) => edit.replace(arg.word, `${prefix}${suggestion}`) },
                ],
              }
            : {}),
        });
        continue;
      }
      report({ messageId: systemInit && job.kind !== 'system' ? 'unknownSystemJob' : 'unknownJob', data: { event, name }, at, origin: arg.word });
    }
  },
});

/** The argument naming the job: the first positional one, or `JOB=` (section 3.5). */
function jobArgument(args: readonly EventArg[]): EventArg | null {
  const first = args[0];
  if (first && first.name === null) return first;
  for (const a of args) if (a.name === 'JOB' && a.operator === '=') return a;
  return null;
}
