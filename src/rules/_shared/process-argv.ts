/**
 * The commands a process runs, as argv words for `app-process.ts`: the simple commands of its
 * `exec` line or `script` body, plus the commands inside the `-c` strings it hands to `sh`, `bash`,
 * `su` or `sudo`. This is the only place require-setuid and prefer-setuid read shell text; when the
 * shell parser arrives, only this file changes.
 */
import type { JobModel } from '../../core/job-model.js';
import type { ProcessStanza, Span } from '../../grammar/ast.js';
import { processCommands } from './process-shell.js';
import { parseCommands, type ShellWord } from './shell-commands.js';

/** Programs whose `-c STRING` argument is a shell command line. */
const RUNS_COMMAND_STRING = new Set(['sh', 'bash', 'dash', 'su', 'runuser', 'sudo']);

export interface ProcessArgv {
  readonly commands: readonly (readonly ShellWord[])[];
  /** The span of a word in the job file (for a word inside a `-c` string: the whole string). */
  readonly spanOf: (word: ShellWord) => Span;
}

export function processArgv(job: JobModel, stanza: ProcessStanza): ProcessArgv {
  const { commands, spanOf } = processCommands(job, stanza);
  const out: ShellWord[][] = [];
  const add = (words: readonly ShellWord[], outer: ShellWord | null, depth: number): void => {
    // Words of a nested command line take the location of the string they came from.
    out.push(outer ? words.map((w) => Object.assign({}, w, { start: outer.start, end: outer.end })) : [...words]);
    if (depth >= 3) return;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as ShellWord;
      if (w.value !== '-c' || i + 1 >= words.length) continue;
      const runner = words.slice(0, i).find((x) => RUNS_COMMAND_STRING.has(x.value.slice(x.value.lastIndexOf('/') + 1)));
      if (!runner) continue;
      const inner = words[i + 1] as ShellWord;
      for (const c of parseCommands(inner.value)) add(c.words, outer ?? inner, depth + 1);
    }
  };
  for (const c of commands) add(c.words, null, 0);
  return { commands: out, spanOf: (w) => spanOf(w.start, w.end) };
}
