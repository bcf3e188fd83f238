/**
 * An `.override` with no `.conf` to apply to: upstart ignores it (grammar document section 4.5),
 * so whatever it was meant to change, typically `manual` to keep a job from starting, does not
 * happen. This is what is left after a `.conf` is renamed or removed.
 */
import type { Span } from '../grammar/ast.js';
import { jobDirectoryOf } from '../core/job-kind.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'no-orphan-override',
    category: 'correctness',
    description: 'Disallow `.override` files that have no `.conf` to apply to',
    defaultSeverity: 'warning',
    messages: {
      orphanOverride:
        'upstart ignores `{file}`: there is no `{name}.conf` beside it, so none of its stanzas apply; rename it after the job it is meant for, or delete it',
      orphanOverrideTypo:
        'upstart ignores `{file}`: there is no `{name}.conf` beside it; did you mean `{suggestion}.override`, for the job `{suggestion}`?',
      orphanSessionOverride:
        'upstart ignores `{file}`: there is no `{name}.conf` beside it or in a lower-priority session directory; rename it after the job it is meant for, delete it, or list the job in `knownJobs` if a package installs it',
    },
    defaultOptions: {},
  },

  check({ job, project, report }) {
    if (!project || !project.siblingsKnown || job.primary.role !== 'override') return;
    // Outside job directories the file is installed under a name the tree does not tell.
    if (jobDirectoryOf(job.primary.path) === null) return;
    // The .conf was given with it: not an orphan, whatever the tree says.
    if (job.files.some((f) => f.role === 'conf')) return;
    if (project.overrideHasConf() || project.knownOutsideTree(job.name)) return;
    const path = job.primary.path;
    const file = path.slice(path.lastIndexOf('/') + 1);
    const first = job.stanzasIn(job.primary)[0];
    const at: Span = first ? first.head : { start: job.primary.ast.span.start, end: job.primary.ast.span.start };
    const suggestion = project.similarConf(job.name);
    if (suggestion !== null) {
      report({ messageId: 'orphanOverrideTypo', data: { file, name: job.name, suggestion }, at });
    } else {
      report({ messageId: job.kind === 'system' ? 'orphanOverride' : 'orphanSessionOverride', data: { file, name: job.name }, at });
    }
  },
});
