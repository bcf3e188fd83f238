/**
 * Helpers for what the server knows about the workspace: job and event names for completion after
 * `start on` / `stop on` come from the project models (server.ts), plus the open buffers' own.
 */
import { basename } from 'node:path';
import { trimTrailing } from '../core/trim.js';
import { parse, walkExpression } from '../index.js';
import { JOB_DIRECTORIES } from '../load/find-files.js';

export interface WorkspaceIndex {
  readonly jobs: Set<string>;
  readonly events: Set<string>;
}

/** Whether `dir` is itself a job directory (a folder opened at /etc/init). */
export function isJobDirectory(dir: string): boolean {
  const posix = trimTrailing(dir.split('\\').join('/'), '/');
  return JOB_DIRECTORIES.some((d) => posix === `/${d}` || posix.endsWith(`/${d}`)) || basename(posix) === 'debian';
}

/** Adds the events a job file emits or waits for. */
export function addEvents(text: string, events: Set<string>): void {
  for (const s of parse(text).ast.stanzas) {
    if (s.type === 'EmitsStanza') for (const w of s.events) events.add(w.value);
    else if (s.type === 'StartOnStanza' || s.type === 'StopOnStanza') {
      for (const n of walkExpression(s.expression)) if (n.type === 'EventMatch') events.add(n.event.value);
    }
  }
}
