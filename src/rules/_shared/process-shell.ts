/**
 * The shell commands of a process stanza, with offsets mapped back to the job file: an `exec`
 * command (run through `/bin/sh -c "exec …"` when it has shell characters, grammar document section
 * 5.2) or a `script` body (run by `/bin/sh -e`).
 */
import type { JobModel } from '../../core/job-model.js';
import type { ProcessStanza, Span } from '../../grammar/ast.js';
import { parseCommands, type SimpleCommand } from './shell-commands.js';

export interface ProcessCommands {
  readonly commands: readonly SimpleCommand[];
  /** Span in the job file of text offsets [start, end) of the scanned text. */
  readonly spanOf: (start: number, end: number) => Span;
}

export function processCommands(job: JobModel, stanza: ProcessStanza): ProcessCommands {
  const node = stanza.type === 'ExecStanza' ? stanza.command : stanza.body;
  const base = node.span.start.offset;
  return {
    commands: parseCommands(node.raw),
    spanOf: (start, end) => job.spanIn(node, base + start, base + end),
  };
}
