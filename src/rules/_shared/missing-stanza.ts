/** Where a "missing stanza" finding goes: the first stanza of the linted file, or its start. */
import type { JobModel } from '../../core/job-model.js';
import type { Span } from '../../grammar/ast.js';

export function firstStanzaHead(job: JobModel): Span {
  const first = job.stanzasIn(job.primary)[0];
  if (first) return first.head;
  const start = job.primary.ast.span.start;
  return { start, end: start };
}
