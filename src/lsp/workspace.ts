/**
 * What the server knows about the workspace folders: the job names and event names of the job
 * files in them (for completion after `start on` / `stop on`), found by a walk of each folder
 * where upstart looks for jobs. (A project model built by the file-linting layer can replace this
 * scan later.)
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { trimTrailing } from '../core/trim.js';
import { jobNameFromPath, parse, walkExpression } from '../index.js';
import { findFiles, JOB_DIRECTORIES } from '../load/find-files.js';
import { MAX_JOB_FILE_BYTES } from '../load/read-job.js';

/** Files read for event names per folder (job names come from paths alone, for every file). */
const MAX_PARSED_FILES = 2000;

export interface WorkspaceIndex {
  readonly jobs: Set<string>;
  readonly events: Set<string>;
}

/** Whether `dir` is itself a job directory (a folder opened at /etc/init). */
function isJobDirectory(dir: string): boolean {
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

/** Scans the folders; yields to the event loop between files so that the server stays responsive. */
export async function scanWorkspace(folders: readonly string[], shouldStop: () => boolean): Promise<WorkspaceIndex> {
  const index: WorkspaceIndex = { jobs: new Set(), events: new Set() };
  for (const folder of folders) {
    const found = findFiles(isJobDirectory(folder) ? ['.'] : [], { cwd: folder, isIgnored: async () => false });
    let parsed = 0;
    for await (const f of found.files) {
      if (shouldStop()) return index;
      index.jobs.add(jobNameFromPath(f.path));
      if (parsed >= MAX_PARSED_FILES) continue;
      parsed++;
      try {
        if (statSync(f.path).size > MAX_JOB_FILE_BYTES) continue;
        const text = readFileSync(f.path, 'utf8');
        if (!text.includes('\0')) addEvents(text, index.events);
      } catch {
        // An unreadable file just adds no events.
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return index;
}
