import { defineRule } from '../core/rule.js';
import { valueSpan } from './_shared/word-span.js';

/**
 * Shell syntax that a reader expects to be expanded: `$NAME`, `${…}`, `$(…)`, backquotes, and `~`
 * where a shell would expand it (start of the value, or after `:`).
 */
const EXPANSION = /\$[A-Za-z_{(]|`|(?:^|:)~(?=\/|$|:|[A-Za-z_])/;

export default defineRule({
  meta: {
    id: 'no-variable-in-env',
    category: 'correctness',
    description: 'Disallow shell expansions in `env` values, which upstart stores literally',
    defaultSeverity: 'warning',
    messages: {
      literalExpansion:
        '`env {name}` of job `{job}` contains "{text}", which upstart never expands, so the value is that literal text; write the value out or compute it in a script',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    let code: string | null = null;
    for (const env of job.env) {
      // PATH has its own rule (valid-env-path); `env KEY` without a value copies init's variable.
      if (env.value === null || env.name === 'PATH') continue;
      const m = EXPANSION.exec(env.value);
      if (!m) continue;
      code ??= job.processes.map((p) => (p.type === 'ExecStanza' ? p.command.value : p.body.text)).join('\n');
      if (reparsed(code, env.name)) continue;
      const shift = env.arg.value.length - env.value.length;
      const start = shift + m.index + (m[0].startsWith(':') ? 1 : 0);
      const text = expansionText(env.arg.value, start);
      report({
        messageId: 'literalExpansion',
        data: { job: job.name, name: env.name, text },
        at: valueSpan(job, env.arg, start, start + text.length),
      });
    }
  },
});

/**
 * True when a process hands the variable to a shell as code (`eval … $NAME`, `sh -c "$NAME"`,
 * `su -c "$NAME"`): that shell does expand what the value contains.
 */
function reparsed(code: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = new RegExp(String.raw`\$(?:\{${n}\}|${n}(?![A-Za-z0-9_]))`);
  const asCode = new RegExp(String.raw`(?:^|\s)-c[ \t]*["']?\$(?:\{${n}\}|${n}(?![A-Za-z0-9_]))`);
  return code.split('\n').some((line) => ref.test(line) && (/\beval\b/.test(line) || asCode.test(line)));
}

/** The expansion starting at `start`: `$NAME`, `${…}`, `$(…)`, a backquoted part, or `~user`. */
function expansionText(value: string, start: number): string {
  const rest = value.slice(start);
  const m =
    /^\$\{[^}]*\}?/.exec(rest) ??
    /^\$\([^)]*\)?/.exec(rest) ??
    /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ??
    /^`[^`]*`?/.exec(rest) ??
    /^~[A-Za-z0-9_.-]*/.exec(rest);
  return m ? m[0] : rest.slice(0, 1);
}
