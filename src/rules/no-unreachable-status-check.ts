/**
 * upstart runs every script with `sh -e` (grammar document section 5.2): when a command fails,
 * the script exits on the spot. A test of `$?` right after that command can therefore only ever
 * see 0; the error handling it guards is dead code, and the job fails instead of handling the
 * error.
 */
import { defineRule } from '../core/rule.js';
import type { Command, ListItem, ShellNode, SimpleCommand, Word } from '../shell/ast.js';
import { walkShell } from '../shell/index.js';
import { commandPositions, type CommandPosition } from '../shell/query.js';
import { processLabel } from './_shared/process-label.js';
import { staticValue, substitutionsIn, treeCommands, type CommandContext } from './_shared/shell.js';

/** Commands after which nothing runs anyway, or whose status is not a failure to handle. */
const NEVER_RETURNS = new Set(['exec', 'exit', 'return', 'true', ':']);

export default defineRule({
  meta: {
    id: 'no-unreachable-status-check',
    category: 'correctness',
    description: 'Disallow testing `$?` right after a command in a script, which `sh -e` has already left if the command failed',
    defaultSeverity: 'warning',
    messages: {
      alwaysZero:
        '`$?` is always 0 here: upstart runs this `{process}` with `sh -e`, so if `{command}` had failed the script would already have exited; test the command itself (`if ! {command}; then …` or `{command} || …`)',
      commandHere: 'the command whose failure would already have ended the script',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.processes) {
      if (stanza.type !== 'ScriptStanza') continue;
      const shell = job.shell(stanza);
      // Most scripts never read `$?`: no tree walk for them.
      if (!/\$\{?\?/.test(shell.text)) continue;
      const parsed = shell.parsed;
      if (!parsed || parsed.errors.length > 0) continue;
      const body = parsed.script.body;
      const commands = treeCommands(parsed);
      const toggles = errexitToggles(commands);
      const positions = commandPositions(body);
      const seen = new Set<ShellNode>();
      for (const ctx of commands) {
        const status = statusReference(ctx.command);
        if (!status || seen.has(status)) continue;
        const before = previousCommand(ctx, positions);
        if (!before || !errexitOn(toggles, before.start)) continue;
        seen.add(status);
        const words = before.words.map((w) => shell.text.slice(w.start, w.end));
        const command = words.length > 0 ? words.slice(0, 3).join(' ') + (words.length > 3 ? ' …' : '') : shell.text.slice(before.start, before.end);
        report({
          messageId: 'alwaysZero',
          data: { process: processLabel(stanza), command },
          at: job.shellSpan(stanza, status.start, status.end),
          origin: stanza,
          related: [{ at: job.shellSpan(stanza, before.start, before.end), messageId: 'commandHere' }],
        });
      }
    }
  },
});

/** The first `$?` a command reads itself (not inside a command substitution it runs). */
function statusReference(command: SimpleCommand): ShellNode | null {
  const words: Word[] = [...command.assignments.map((a) => a.value), ...command.words];
  for (const r of command.redirects) if (r.target) words.push(r.target);
  let found: ShellNode | null = null;
  for (const w of words) {
    walkShell(w, (n) => {
      if (found || n.type === 'CommandSubstitution') return false;
      if (n.type === 'ParameterExpansion' && n.name === '?') found = n;
      return true;
    });
    if (found) return found;
  }
  return null;
}

/**
 * The command that ran just before the status reader, when a failure of it would have made
 * `sh -e` exit: the previous item of the same list (or of the list holding the `if` whose first
 * condition reads the status), a plain command with errexit in force.
 */
function previousCommand(ctx: CommandContext, positions: ReadonlyMap<Command, CommandPosition>): SimpleCommand | null {
  if (ctx.inSubstitution || ctx.pipelineIndex !== 0 || ctx.index !== 0 || ctx.pipeline.bang) return null;
  let at = positions.get(ctx.command);
  // `if [ $? … ]; then`: the status was set by what ran before the `if`.
  const parent = ctx.parent;
  if (parent?.type === 'IfClause' && parent.branches[0]?.condition === ctx.list && ctx.itemIndex === 0) at = positions.get(parent);
  if (!at || at.errexitIgnored || at.itemIndex === 0) return null;
  const prev = at.list.items[at.itemIndex - 1] as ListItem;
  if (prev.separator?.op === '&' || prev.andOr.pipelines.length !== 1) return null;
  const pipeline = prev.andOr.pipelines[0];
  const last = pipeline?.commands[pipeline.commands.length - 1];
  if (!pipeline || pipeline.bang || last?.type !== 'SimpleCommand') return null;
  if (positions.get(last)?.errexitIgnored) return null;
  const name = last.words[0] ? staticValue(last.words[0]) : null;
  if (name !== null && NEVER_RETURNS.has(name)) return null;
  // A plain assignment succeeds unless a command substitution in it fails.
  if (last.words.length === 0 && substitutionsIn(last).length === 0) return null;
  return last;
}

/** Where the script turns `-e` off and on again (`set +e`, `set -e`, `set +o errexit`). */
function errexitToggles(commands: readonly CommandContext[]): { at: number; on: boolean }[] {
  const out: { at: number; on: boolean }[] = [];
  for (const ctx of commands) {
    const words = ctx.command.words.map((w) => staticValue(w));
    if (words[0] !== 'set') continue;
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === null || w === undefined) continue;
      if (/^[-+][A-Za-z]*e/.test(w)) out.push({ at: ctx.command.start, on: w.startsWith('-') });
      if ((w === '-o' || w === '+o') && words[i + 1] === 'errexit') out.push({ at: ctx.command.start, on: w === '-o' });
    }
  }
  return out;
}

function errexitOn(toggles: readonly { at: number; on: boolean }[], at: number): boolean {
  let on = true;
  for (const t of toggles) if (t.at < at) on = t.on;
  return on;
}
