/** The operands of the effective `start on` and `stop on` of a job, in source order. */
import type { EventMatch, StartOnStanza, StopOnStanza } from '../../grammar/ast.js';
import { walkExpression, type JobModel } from '../../core/job-model.js';

export interface EventOperand {
  readonly stanza: StartOnStanza | StopOnStanza;
  readonly match: EventMatch;
}

export function eventOperands(job: JobModel): EventOperand[] {
  const out: EventOperand[] = [];
  for (const stanza of [job.startOn, job.stopOn]) {
    if (!stanza) continue;
    for (const node of walkExpression(stanza.expression)) {
      if (node.type === 'EventMatch') out.push({ stanza, match: node });
    }
  }
  return out;
}
