/**
 * Without a `chdir` stanza, the processes of a system job start in `/` (grammar document section
 * 5.6). A program named by a relative path (`./bin/server`, `bin/server`), or a script handed to
 * an interpreter by a relative path (`node app.js`), is then looked up under `/` and not found:
 * the job fails at every start. Session jobs are left alone: they start in the Session Init's
 * directory, normally the user's home.
 */
import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { trimTrailing } from '../core/trim.js';
import { processLabel } from './_shared/process-label.js';
import { baseName, processCommands, type ArgWord } from './_shared/shell.js';

/** Interpreters whose first operand is a script file. */
const INTERPRETERS = new Set(['node', 'nodejs', 'python', 'python2', 'python3', 'ruby', 'perl', 'php', 'sh', 'dash', 'bash', 'java', 'coffee', 'lua']);
/** Options of those interpreters that take the next word as their value. */
const OPTION_ARGS = new Set(['-r', '--require', '-W', '-X', '-I', '-cp', '-classpath', '--classpath']);
/** Options after which the operand is not a file (`python -m module`, `sh -c code`, `node -e code`). */
const NOT_A_FILE = new Set(['-m', '-c', '-e', '--eval', '-p', '--print']);
const SCRIPT_FILE = /\.(?:js|mjs|cjs|coffee|py|rb|pl|pm|php|jar|sh|lua)$/;

function isRelative(path: string): boolean {
  return (
    path !== '' &&
    !/^[/$~@{-]/.test(path) && // absolute, a variable, home, a template placeholder (`@LIBEXECDIR@`, `{{dir}}`), an option
    !/\s/.test(path) && // a whole command quoted as one word is another mistake
    !/^[A-Z][A-Z0-9_]*\//.test(path) && // a placeholder a project substitutes (`PATH_TO_SCRIPT/run.sh`)
    !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) // a URL or module reference
  );
}

/** The script file an interpreter is given, if the command is an interpreter running one. */
function scriptOperand(program: readonly ArgWord[]): ArgWord | null {
  const name = program[0]?.value;
  if (name === null || name === undefined || !INTERPRETERS.has(trimTrailing(baseName(name), '0123456789.'))) return null;
  for (let i = 1; i < program.length; i++) {
    const a = program[i] as ArgWord;
    if (a.value === null) return null;
    if (NOT_A_FILE.has(a.value)) return null;
    if (a.value === '-jar') return program[i + 1] ?? null;
    if (OPTION_ARGS.has(a.value)) {
      i++;
      continue;
    }
    if (a.value.startsWith('-')) continue;
    return a;
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'require-chdir',
    category: 'correctness',
    description: 'Require a `chdir` stanza for jobs that run programs or scripts by relative path',
    defaultSeverity: 'error',
    messages: {
      relativeProgram:
        'Job `{job}` runs `{path}` by a relative path in its `{process}`, but its processes start in `/` (there is no `chdir` stanza), so the program looked for is `/{absolute}`; add a `chdir` stanza for the application\'s directory, or use an absolute path',
      relativeScript:
        'Job `{job}` hands `{program}` the script `{path}` by a relative path in its `{process}`, but its processes start in `/` (there is no `chdir` stanza), so `{program}` opens `/{absolute}`; add a `chdir` stanza for the application\'s directory, or use an absolute path',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.kind === 'session' || job.has('chdir')) return;
    for (const stanza of job.processes) checkProcess(job, stanza, report);
  },
});

type Reporter = (r: {
  messageId: 'relativeProgram' | 'relativeScript';
  data: Record<string, string>;
  at: Span;
  origin: ProcessStanza;
}) => void;

function checkProcess(job: JobModel, stanza: ProcessStanza, report: Reporter): void {
  for (const c of processCommands(job, stanza)) {
    const program = c.program;
    const head = program[0];
    if (!head || head.value === null) continue;
    // After `cd` (or dash's synonym `chdir`), relative paths are relative to the new directory.
    if (head.value === 'cd' || head.value === 'chdir' || head.value === 'pushd') return;
    if (c.context?.inSubstitution) continue;
    // Only for a finding (most commands give none).
    const data = (): { job: string; process: string } => ({ job: job.name, process: processLabel(stanza) });
    if (head.value.includes('/') && isRelative(head.value)) {
      report({
        messageId: 'relativeProgram',
        data: Object.assign({ path: head.value, absolute: head.value.replace(/^(?:\.\.?\/)+/, '') }, data()),
        at: job.shellSpan(stanza, head.start, head.end),
        origin: stanza,
      });
      continue;
    }
    const script = scriptOperand(program);
    if (script?.value && isRelative(script.value) && SCRIPT_FILE.test(script.value)) {
      report({
        messageId: 'relativeScript',
        data: Object.assign({ program: baseName(head.value), path: script.value, absolute: script.value.replace(/^(?:\.\.?\/)+/, '') }, data()),
        at: job.shellSpan(stanza, script.start, script.end),
        origin: stanza,
      });
    }
  }
}
