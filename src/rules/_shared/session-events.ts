/**
 * Events that only a Session Init emits or bridges (grammar document, section 3.6): a job that
 * waits for one of them can only ever run in a user session, wherever its file is kept.
 */
import type { EventExpression } from '../../grammar/ast.js';
import { walkExpression } from '../../core/job-model.js';

const SESSION_EVENTS: ReadonlySet<string> = new Set(['desktop-start', 'desktop-end', 'session-end', 'xsession']);
/** Jobs that exist only in a Session Init (their starting/started events are session-only too). */
const SESSION_JOBS: ReadonlySet<string> = new Set(['xsession-init']);
const JOB_EVENTS: ReadonlySet<string> = new Set(['starting', 'started', 'stopping', 'stopped']);

export function isSessionEvent(name: string): boolean {
  return name.startsWith(':sys:') || SESSION_EVENTS.has(name);
}

/** True when some operand of the condition is a session-only event (or a session-only job's event). */
export function waitsForSessionEvent(expression: EventExpression): boolean {
  for (const node of walkExpression(expression)) {
    if (node.type !== 'EventMatch') continue;
    if (isSessionEvent(node.event.value)) return true;
    if (JOB_EVENTS.has(node.event.value)) {
      const job = node.args.find((a) => a.name === null || a.name === 'JOB');
      if (job && SESSION_JOBS.has(job.value)) return true;
    }
  }
  return false;
}
