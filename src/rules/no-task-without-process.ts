import { defineRule, type Editor } from '../core/rule.js';
import { removeStanza } from './_shared/remove-stanza.js';

export default defineRule({
  meta: {
    id: 'no-task-without-process',
    category: 'correctness',
    description: 'Require a `task` job to have a main process, since a task without one never finishes',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      taskWithoutProcess:
        'Task `{job}` has no `exec` or `script` main process, so it never finishes and `start {job}` blocks until something stops it; add a main process or remove `task`',
      removeTask: 'Remove `task`',
      hookAsMain: 'Run the `{hook}` process as the main process instead',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (!job.isTask || job.mainProcess) return;
    const tasks = job.findAll('task');
    const task = tasks[tasks.length - 1];
    if (!task) return;
    const data = { job: job.name };
    // A single start hook is usually the work the author meant the task to do.
    const hooks = job.processes.filter((p) => p.phase === 'pre-start' || p.phase === 'post-start');
    // Only a hook in the task's own file: a suggestion edits the file its diagnostic is in (a task
    // set in an .override and a hook in its .conf gave an edit at .conf offsets in the .override).
    const only = hooks.length === 1 && job.processes.length === 1 ? hooks[0] : undefined;
    const hook = only && job.fileOf(only) === job.fileOf(task) ? only : undefined;
    const hookPrefix = hook ? /^(pre|post)-start[ \t]+/.exec(job.sourceText(hook)) : null;
    report({
      messageId: 'taskWithoutProcess',
      data,
      at: task.head,
      suggest: [
        { messageId: 'removeTask', data, fix: (edit) => removeStanza(edit, job, task) },
        ...(hook && hookPrefix
          ? [
              {
                messageId: 'hookAsMain' as const,
                data: { hook: hook.phase },
                fix: (edit: Editor) =>
                  edit.replace(job.spanIn(hook, hook.span.start.offset, hook.span.start.offset + hookPrefix[0].length), ''),
              },
            ]
          : []),
      ],
    });
  },
});
