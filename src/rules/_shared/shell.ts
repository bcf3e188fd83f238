/**
 * What rules ask of a process's shell: its simple commands in context, and which program each
 * one runs. Built on the one shell parser (src/shell) through the job model's process view;
 * nothing here reads shell text on its own.
 */
import type { JobModel } from '../../core/job-model.js';
import type { ProcessStanza } from '../../grammar/ast.js';
import { derivedFrom, looseValue, staticValue, treeCommands, type CommandContext } from '../../shell/query.js';
import type { ShellParseResult, SimpleCommand, Word } from '../../shell/ast.js';
import { baseName } from './base-name.js';

export type { CommandContext } from '../../shell/query.js';
export { baseName } from './base-name.js';
export { derivedFrom, isQuoted, looseValue, simpleCommands, staticValue, substitutionsIn, treeCommands } from '../../shell/query.js';

/** A word of a command, with its static value (null when it holds an expansion). */
export interface ArgWord {
  readonly value: string | null;
  /** The word with quotes removed and expansions kept as written (`$USER`), for messages. */
  readonly text: string;
  /** Offsets in the process's shell text. */
  readonly start: number;
  readonly end: number;
  /** The shell word, or null for an `exec` line run without a shell. */
  readonly word: Word | null;
}

/** One command a process runs, for rules that do not care whether a shell is involved. */
export interface RunCommand {
  readonly argv: readonly ArgWord[];
  /** `argv` without leading assignments and wrappers (`programWords`): the program and its arguments. */
  readonly program: readonly ArgWord[];
  /** The shell context, or null for an `exec` line run without a shell. */
  readonly context: CommandContext | null;
}

/**
 * The simple commands of a process: every command of the shell text, or the single command of an
 * `exec` line that upstart runs without a shell. dash reads and runs a script one top-level
 * command at a time, so after a syntax error only the commands before it ever run: those are
 * the ones returned (shell-syntax reports the error).
 */
export function processCommands(job: JobModel, stanza: ProcessStanza): readonly RunCommand[] {
  const shell = job.shell(stanza);
  const argv = shell.argv;
  if (argv) {
    // One answer per process view (a JobModel keeps one view per stanza during a lint).
    return derivedFrom(shell, RUN_COMMANDS, () => [runCommand(argv.map((w) => ({ value: w.value, text: w.value, start: w.start, end: w.end, word: null })), null)]);
  }
  const parsed = shell.parsed;
  if (!parsed) return [];
  // Kept with the tree, which belongs to this one text: a re-lint that gets the same tree back
  // from the parse cache (an edit elsewhere in the file) gets the same commands.
  return derivedFrom(parsed, RUN_COMMANDS, () => collectRunCommands(parsed, shell.text));
}

const RUN_COMMANDS = Symbol('run commands');

function collectRunCommands(parsed: ShellParseResult, text: string): RunCommand[] {
  const stop = parsed.errors[0]?.start ?? Infinity;
  const out: RunCommand[] = [];
  for (const context of treeCommands(parsed)) {
    if (context.command.end <= stop) out.push(runCommand(argvOf(context.command, text), context));
  }
  return out;
}

/** A run command from its words (its program is found once, for every rule that asks). */
export function runCommand(argv: readonly ArgWord[], context: CommandContext | null): RunCommand {
  return { argv, program: programWords(argv), context };
}

/** The words of a command; `text` is the shell text the command was parsed from. */
export function argvOf(command: SimpleCommand, text: string): ArgWord[] {
  return command.words.map((w) => ({ value: staticValue(w), text: looseValue(w, text), start: w.start, end: w.end, word: w }));
}

/** Wrappers that run their arguments as the command (`exec`, `nohup`, `env A=1`, `nice -n 5` …). */
const WRAPPERS = new Set(['exec', 'nohup', 'command', 'time', 'env', 'nice', 'ionice', 'setsid', 'stdbuf']);
/** Wrapper options that take a separate argument. */
const WRAPPER_ARG_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  nice: ['-n'],
  ionice: ['-c', '-n', '-p'],
  env: ['-u'],
  exec: ['-a'],
};

/**
 * The words of the program a command runs: leading wrapper programs (with their options and,
 * for `env`, assignments) skipped. `exec env A=1 nice -n 5 /usr/bin/x --y` → `/usr/bin/x --y`.
 */
export function programWords(argv: readonly ArgWord[]): readonly ArgWord[] {
  let i = 0;
  for (;;) {
    while (i < argv.length && isAssignment(argv[i]?.value ?? '')) i++;
    const name = baseName(argv[i]?.value ?? '');
    // Most commands have no wrapper: the same array back, nothing allocated.
    if (!WRAPPERS.has(name)) return i === 0 ? argv : argv.slice(i);
    i++;
    const withArg = WRAPPER_ARG_OPTIONS[name] ?? [];
    while (i < argv.length && (argv[i]?.value ?? '').startsWith('-')) {
      const opt = argv[i]?.value ?? '';
      i++;
      if (opt === '--') break;
      if (withArg.includes(opt)) i++;
    }
  }
}

function isAssignment(value: string): boolean {
  return value.indexOf('=') > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(value);
}

/** True for a command that is only `exec` with redirections: `exec >>/var/log/x.log 2>&1`. */
export function isExecRedirection(command: SimpleCommand): boolean {
  return command.words.length === 1 && staticValue(command.words[0] as Word) === 'exec' && command.redirects.some(redirectsOutput);
}

/** A redirection of stdout or stderr to a file (not a `2>&1` duplication, not input). */
export function redirectsOutput(r: SimpleCommand['redirects'][number]): boolean {
  if (r.op !== '>' && r.op !== '>>' && r.op !== '>|') return false;
  const fd = r.fd ?? 1;
  return fd === 1 || fd === 2;
}

/** A shell script given as an argument: `sh -c "…"`, `su -c "…" user`, `sudo -u x bash -c '…'`. */
export interface NestedScript {
  readonly text: string;
  /** Offset in the outer shell text of an offset in `text` (exact when the word is one quoted string). */
  readonly offset: (inner: number) => number;
}

const SCRIPT_RUNNERS = new Set(['sh', 'dash', 'bash', 'su', 'runuser']);

/** The script a command hands to another shell with `-c`, or null. */
export function nestedScript(argv: readonly ArgWord[]): NestedScript | null {
  if (!argv.some((w) => w.value === '-c' || w.value === '--command')) return null;
  const words = programWords(argv);
  let runner = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as ArgWord;
    if (w.value !== null && SCRIPT_RUNNERS.has(baseName(w.value))) runner = true;
    if (!runner || (w.value !== '-c' && w.value !== '--command')) continue;
    const script = words[i + 1];
    if (!script || script.value === null) return null;
    const parts = script.word?.parts ?? [];
    const only = parts.length === 1 ? parts[0] : undefined;
    const plain = only && (only.type === 'SingleQuoted' || (only.type === 'DoubleQuoted' && only.parts.every((p) => p.type === 'Literal')));
    const base = script.start + (plain ? 1 : 0);
    return { text: script.value, offset: (inner) => (plain || !script.word ? Math.min(base + inner, script.end) : script.start) };
  }
  return null;
}
