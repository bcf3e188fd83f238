/**
 * `runlevel` conditions that can never match. The runlevel event carries `RUNLEVEL` (one of
 * `0`–`6`, `S` or `s`) and `PREVLEVEL` (the same, or `N` at boot); init matches each argument as
 * a shell glob against the whole value (grammar document section 3.5), so `runlevel 2345` waits
 * for a runlevel literally named "2345", and `runlevel ![2345]` for one starting with "!".
 */
import type { EventArg } from '../grammar/ast.js';
import { defineRule, type Editor } from '../core/rule.js';
import { globToRegExp } from '../core/project.js';
import { eventOperands } from './_shared/event-operands.js';

const RUNLEVELS = ['0', '1', '2', '3', '4', '5', '6', 'S', 's'];
const PREVLEVELS = [...RUNLEVELS, 'N'];

/** Whether a glob matches one of the values; answers are kept (the same few globs recur). */
const answers = new Map<string, boolean>();
function matchesSome(glob: string, values: readonly string[]): boolean {
  const key = `${values.length}:${glob}`;
  const hit = answers.get(key);
  if (hit !== undefined) return hit;
  let answer = true;
  try {
    const re = globToRegExp(glob);
    answer = values.some((v) => re.test(v));
  } catch {
    // not a glob upstart could use either; say nothing
  }
  if (answers.size > 4096) answers.clear();
  answers.set(key, answer);
  return answer;
}

export default defineRule({
  meta: {
    id: 'valid-runlevel',
    category: 'correctness',
    description: 'Require `runlevel` conditions to match a runlevel that exists',
    defaultSeverity: 'error',
    messageSeverity: { alwaysDifferent: 'warning' },
    hasSuggestions: true,
    messages: {
      missingBrackets:
        '`{arg}` never matches: a runlevel is one character, and init compares the whole value, so this waits for a runlevel named "{value}"; write `{fixed}` for any of them',
      negationOutsideBrackets:
        '`{arg}` never matches: the `!` belongs inside the brackets, so this waits for a runlevel that starts with "!"; write `{fixed}`',
      noSuchRunlevel:
        '`{arg}` never matches: {variable} is always one of {values}; use runlevels 0 to 6 or S',
      alwaysDifferent:
        '`{arg}` is always true: {variable} is never "{value}" (it is one of {values}), so this `!=` excludes nothing; {hint}',
      useBrackets: 'Replace with `{fixed}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const { match } of eventOperands(job)) {
      if (match.event.value !== 'runlevel') continue;
      match.args.forEach((arg, i) => check(arg, i));
    }

    function check(arg: EventArg, index: number): void {
      // Positional arguments match the event's variables in order: RUNLEVEL, then PREVLEVEL.
      const variable = arg.name ?? (index === 0 ? 'RUNLEVEL' : index === 1 ? 'PREVLEVEL' : null);
      if (variable !== 'RUNLEVEL' && variable !== 'PREVLEVEL') return;
      const value = arg.value;
      if (value.includes('$')) return; // a variable: no-variable-in-start-on's finding
      const possible = variable === 'RUNLEVEL' ? RUNLEVELS : PREVLEVELS;
      if (matchesSome(value, possible)) return;
      const argText = arg.word.value;
      const prefix = argText.slice(0, argText.length - value.length);
      const values = `${possible.slice(0, -1).join(', ')} or ${possible[possible.length - 1] ?? ''}`;
      let fixed: string | null = null;
      let messageId: 'missingBrackets' | 'negationOutsideBrackets' | 'noSuchRunlevel' = 'noSuchRunlevel';
      if (/^[0-6Ss]{2,}$/.test(value)) {
        fixed = `[${value}]`;
        messageId = 'missingBrackets';
      } else if (/^!\[[0-6SsN]+\]$/.test(value)) {
        fixed = `[!${value.slice(2, -1)}]`;
        messageId = 'negationOutsideBrackets';
      } else if (/^![0-6SsN]+$/.test(value)) {
        fixed = `[!${value.slice(1)}]`;
        messageId = 'negationOutsideBrackets';
      }
      const canEdit = arg.word.raw === arg.word.value && fixed !== null;
      const suggestion =
        canEdit && fixed !== null
          ? [
              {
                messageId: 'useBrackets' as const,
                data: { fixed: `${prefix}${fixed}` },
                fix: (edit: Editor) => edit.replace(arg.word, `${prefix}${fixed}`),
              },
            ]
          : [];
      if (arg.operator === '!=') {
        const hint = fixed !== null ? `did you mean \`${prefix}${fixed}\`?` : 'use runlevels 0 to 6 or S';
        report({ messageId: 'alwaysDifferent', data: { arg: argText, variable, value, values, hint }, at: arg.word, origin: arg.word });
        return;
      }
      report({
        messageId,
        data: { arg: argText, value, fixed: `${prefix}${fixed ?? ''}`, variable, values },
        at: arg.word,
        origin: arg.word,
        ...(suggestion.length > 0 ? { suggest: suggestion } : {}),
      });
    }
  },
});
