/**
 * The same job in two directories that one init reads: a Session Init reads
 * `~/.config/upstart`, then `~/.init`, then `/etc/xdg/upstart`, then `/usr/share/upstart/sessions`
 * and loads the first copy it finds (grammar document section 4.3); upstart 1.3–1.6 did not let a
 * user job (`~/.init`) take a system job's name (section 4.4). The other copy is never loaded.
 */
import type { Span } from '../grammar/ast.js';
import { jobDirectoryOf } from '../core/job-kind.js';
import { defineRule } from '../core/rule.js';

const START: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export default defineRule({
  meta: {
    id: 'no-duplicate-job',
    category: 'correctness',
    description: 'Disallow defining the same job in two directories that one init reads',
    defaultSeverity: 'warning',
    messages: {
      shadowedSessionJob:
        'Session Init never loads this copy of job `{name}`: it reads `{winner}` first, so changes here have no effect; delete one of the two copies',
      shadowedBySystemJob:
        'upstart 1.3–1.6 does not load user job `{name}`: the system job `{winner}` has the same name; rename the user job',
      winningCopy: 'This copy wins',
    },
    defaultOptions: {},
  },

  check({ job, project, report }) {
    if (!project || job.primary.role !== 'conf') return;
    const winner = project.shadowedBy();
    if (!winner) return;
    const first = job.stanzasIn(job.primary)[0];
    const at: Span = first ? first.head : { start: job.primary.ast.span.start, end: job.primary.ast.span.start };
    report({
      messageId: winner.reason === 'system-job' ? 'shadowedBySystemJob' : 'shadowedSessionJob',
      data: { name: job.name, winner: asUpstartSeesIt(winner.path, job.name) },
      at,
      related: [{ at: START, filePath: winner.path, messageId: 'winningCopy' }],
    });
  },
});

const LABEL: Readonly<Record<string, string>> = {
  system: '/etc/init',
  user: '~/.init',
  'session-config': '~/.config/upstart',
  'session-xdg': '/etc/xdg/upstart',
  'session-share': '/usr/share/upstart/sessions',
};

/** `/srv/tree/home/alice/.config/upstart/x.conf` → `~/.config/upstart/x.conf`. */
function asUpstartSeesIt(path: string, name: string): string {
  const dir = jobDirectoryOf(path);
  const label = dir ? LABEL[dir.type] : undefined;
  return label ? `${label}/${name}.conf` : path;
}
