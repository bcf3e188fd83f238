/**
 * `setuid` applies to every process of a job, `pre-start` included (grammar document section
 * 5.5): there is no "prepare as root, then run as the user" inside one job. A process that runs
 * as an ordinary user and writes a file directly into a directory only root may write
 * (`/run`, `/var/run`, `/var/log`, `/var/lib`, `/etc`), creates one there, or changes a file's
 * owner, fails with "Permission denied", and under `sh -e` the whole process with it.
 */
import type { Span } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { processLabel } from './_shared/process-label.js';
import { rootOnlyWrites } from './_shared/root-writes.js';

export default defineRule({
  meta: {
    id: 'no-root-write-after-setuid',
    category: 'correctness',
    description: 'Disallow writing into root-only directories from a job whose processes run as another user',
    defaultSeverity: 'error',
    messages: {
      writeInRootDir:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job), which cannot write `{path}`: `{dir}` is writable by root only; use a directory `{user}` owns, created at install time, or `console log` for output',
      createInRootDir:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job, `pre-start` included), which cannot create `{path}` in `{dir}`; create it at install time with `{user}` as its owner, or drop `setuid` for a separate root job that prepares it',
      chownAsUser:
        'The `{process}` of job `{job}` runs as `{user}` (like every process of the job, `pre-start` included), which cannot give files to another owner with `{command}`; do it at install time, or in a separate job that runs as root',
      setuidHere: '`setuid` makes every process of the job run as `{user}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const setuid = job.find('setuid');
    if (job.kind !== 'system' || !setuid) return;
    const user = setuid.value;
    if (user === 'root' || user === '0') return;
    for (const stanza of job.processes) {
      const data = { job: job.name, process: processLabel(stanza), user };
      const at = (start: number, end: number): Span => job.shellSpan(stanza, start, end);
      for (const finding of rootOnlyWrites(job, stanza)) {
        report({
          messageId: finding.messageId,
          data: Object.assign({ path: finding.path, dir: finding.dir, command: finding.command }, data),
          at: at(finding.start, finding.end),
          origin: stanza,
          related: [{ at: setuid, messageId: 'setuidHere', data: { user } }],
        });
      }
    }
  },
});
