/**
 * When a job needs a `stop on` (require-stop-on), and the condition suggested for it, shared so
 * that a suggestion that makes a job respawn (no-orphan-respawn-limit) adds the `stop on` too.
 */
import type { JobModel } from '../../core/job-model.js';
import { waitsForSessionEvent } from './session-events.js';

/** What the suggestions add: stop with the runlevels a service normally starts in. */
export const DEFAULT_STOP_ON = 'runlevel [!2345]';

/**
 * True for a system service (respawning, or about to be made respawning) that starts on an event
 * and has a main process but no `stop on`. A job waiting for a session-only event is a session job
 * wherever its file is kept, and Session Inits stop their jobs (grammar document, section 3.6).
 */
export function needsStopOn(job: JobModel, respawns: boolean = job.respawns): boolean {
  if (job.kind !== 'system' || job.isTask || !respawns) return false;
  const startOn = job.startOn;
  if (!startOn || job.stopOn || !job.mainProcess) return false;
  return !waitsForSessionEvent(startOn.expression);
}
