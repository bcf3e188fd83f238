/**
 * Events a job sends from its own processes with `initctl emit NAME` (also `/sbin/initctl`,
 * `exec initctl …`, options such as `--no-wait` or `-n` before the name, `KEY=VALUE` after it),
 * found with the shell parser (src/shell) in the shell text of each `script` block and `exec`
 * line. Only the project model's first pass uses it, and only on files whose text contains both
 * `initctl` and `emit` (docs/design.md, "Project model": `initctl emit` in scripts).
 *
 * A name the shell computes (`initctl emit "$EVENT"`, `initctl emit app-$X`) cannot be known:
 * the job is then an emitter of unknown events (`dynamic`), and a tree with such a job cannot be
 * judged for events nothing else emits.
 */
import { parseShell } from '../shell/index.js';
import { staticValue, treeCommands } from '../shell/query.js';
import type { Word } from '../shell/ast.js';

export interface ScriptEmits {
  /** Literal event names, in source order. */
  readonly names: string[];
  /** True when some `initctl emit` names its event with an expansion. */
  dynamic: boolean;
}

/** A cheap filter on a whole job file: can any of its processes run `initctl emit`? */
export function mayEmitFromScripts(text: string): boolean {
  return text.includes('initctl') && /\bemit\b/.test(text);
}

/** Commands that run the rest of their words as a command (`exec initctl emit x`). */
const WRAPPERS: ReadonlySet<string> = new Set(['exec', 'command', 'nohup', 'sudo']);

/** Adds the `initctl emit` events of one process's shell text to `out`. */
export function collectScriptEmits(shellText: string, out: ScriptEmits): void {
  if (!shellText.includes('initctl')) return;
  const parsed = parseShell(shellText);
  for (const { command } of treeCommands(parsed)) {
    emitOf(command.words, out);
  }
}

function basename(s: string): string {
  const slash = s.lastIndexOf('/');
  return slash === -1 ? s : s.slice(slash + 1);
}

function emitOf(words: readonly Word[], out: ScriptEmits): void {
  let i = 0;
  // Skip wrappers (`exec`, `sudo`) and their options.
  for (;;) {
    const w = words[i];
    if (w === undefined) return;
    const v = staticValue(w);
    if (v === null) return;
    if (WRAPPERS.has(basename(v))) {
      i++;
      while (i < words.length && (staticValue(words[i] as Word) ?? '').startsWith('-')) i++;
      continue;
    }
    if (basename(v) !== 'initctl') return;
    i++;
    break;
  }
  // initctl's global options may come before the command and its own after it.
  let sawEmit = false;
  for (; i < words.length; i++) {
    const w = words[i] as Word;
    const v = staticValue(w);
    if (v !== null && v.startsWith('-') && v.length > 1) continue;
    if (!sawEmit) {
      if (v !== 'emit') return;
      sawEmit = true;
      continue;
    }
    if (v === null || v === '') out.dynamic = true;
    else out.names.push(v);
    return;
  }
}
