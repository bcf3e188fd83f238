/**
 * The commands a process runs, as argv words for `app-process.ts`: the simple commands of its
 * `exec` line or `script` body, plus the commands inside the `-c` strings it hands to `sh`, `bash`,
 * `su` or `sudo`, all read by the one shell parser (src/shell) through `shell.ts`. Commands inside
 * `$(…)` and backquotes are left out: they compute a value (`DAEMON=$(which app)`), and the
 * classification asks what the process itself runs.
 */
import type { JobModel } from '../../core/job-model.js';
import type { ProcessStanza, Span } from '../../grammar/ast.js';
import { parseShell } from '../../shell/index.js';
import { firstUserSwitch, programParts, type ProgramParts, type UserSwitch } from './app-process.js';
import { argvOf, baseName, derivedFrom, processCommands, simpleCommands, type ArgWord } from './shell.js';

/** Programs whose `-c STRING` argument is a shell command line. */
const RUNS_COMMAND_STRING = new Set(['sh', 'bash', 'dash', 'su', 'runuser', 'sudo']);

/** Nested `-c` strings read at most this deep (`su -c "sh -c '…'"`). */
const MAX_DEPTH = 3;

/** A word of a command: quotes removed, expansions kept as written (`$DAEMON`). */
export interface CommandWord {
  readonly value: string;
  /** Offsets in the process's shell text (for a word inside a `-c` string: the whole string). */
  readonly start: number;
  readonly end: number;
}

export interface ProcessArgv {
  readonly commands: readonly (readonly CommandWord[])[];
  /** Each command split into program, arguments and assignments (`programParts`), in the same order. */
  readonly programs: readonly ProgramParts<CommandWord>[];
  /** The first command that switches to a non-root user (`firstUserSwitch`), or null. */
  readonly userSwitch: () => UserSwitch<CommandWord> | null;
  /** The span of a word in the job file. */
  readonly spanOf: (word: CommandWord) => Span;
}

/**
 * What the commands of one process say, worked out once for the rules that ask (prefer-tmpfiles,
 * prefer-setuid, require-setuid): each command is split into its program once, and the user
 * switch is looked for once.
 */
class ArgvFacts {
  readonly programs: readonly ProgramParts<CommandWord>[];
  private switchFound: UserSwitch<CommandWord> | null | undefined = undefined;

  constructor(readonly commands: readonly (readonly CommandWord[])[]) {
    this.programs = commands.map(programParts);
  }

  get userSwitch(): UserSwitch<CommandWord> | null {
    if (this.switchFound === undefined) this.switchFound = firstUserSwitch(this.programs);
    return this.switchFound;
  }
}

function runsCommandString(argv: readonly ArgWord[], before: number): boolean {
  for (let j = 0; j < before; j++) if (RUNS_COMMAND_STRING.has(baseName((argv[j] as ArgWord).text))) return true;
  return false;
}

/**
 * The commands are kept with the shell tree (one tree per text): the rules that ask in one lint,
 * and a re-lint with the same script (an edit elsewhere in the file), do not collect them again.
 * An `exec` line run without a shell keeps them with its process view.
 */
const ARGV = Symbol('process argv');

export function processArgv(job: JobModel, stanza: ProcessStanza): ProcessArgv {
  const shell = job.shell(stanza);
  const facts = derivedFrom(shell.parsed ?? shell, ARGV, () => new ArgvFacts(collectArgv(job, stanza)));
  return { commands: facts.commands, programs: facts.programs, userSwitch: () => facts.userSwitch, spanOf: (w) => job.shellSpan(stanza, w.start, w.end) };
}

function collectArgv(job: JobModel, stanza: ProcessStanza): readonly (readonly CommandWord[])[] {
  const out: CommandWord[][] = [];
  const add = (argv: readonly ArgWord[], outer: ArgWord | null, depth: number): void => {
    // Words of a nested command line take the location of the string they came from.
    out.push(argv.map((w) => ({ value: w.text, start: (outer ?? w).start, end: (outer ?? w).end })));
    if (depth >= MAX_DEPTH) return;
    for (let i = 0; i + 1 < argv.length; i++) {
      if ((argv[i] as ArgWord).value !== '-c') continue;
      if (!runsCommandString(argv, i)) continue;
      const inner = argv[i + 1] as ArgWord;
      const text = inner.value ?? inner.text;
      const parsed = parseShell(text);
      // dash runs a `-c` string only up to its first syntax error, like a script.
      const stop = parsed.errors[0]?.start ?? Infinity;
      for (const ctx of simpleCommands(parsed.script.body)) {
        if (ctx.command.end <= stop && !ctx.inSubstitution) add(argvOf(ctx.command, text), outer ?? inner, depth + 1);
      }
    }
  };
  for (const c of processCommands(job, stanza)) if (!c.context?.inSubstitution) add(c.argv, null, 0);
  return out;
}
