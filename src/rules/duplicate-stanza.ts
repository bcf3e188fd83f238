/**
 * A single-valued stanza given twice in one file: upstart keeps the last one (grammar document
 * sections 2.1 and 4.5), so the earlier one is dead text.
 */
import type { Stanza } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { lineList, nodesSharingLines } from './_shared/lines.js';

/**
 * Key of the job field a stanza sets, or null when repeating it is not a replacement: `env`,
 * `export`, `emits`, `normal exit` and `cgroup` accumulate, `task`/`respawn`/`debug`/`manual` are
 * flags, and process slots belong to duplicate-process. `oom` and `oom score` share one field;
 * `limit` is per resource.
 */
function fieldKey(stanza: Stanza): string | null {
  switch (stanza.type) {
    case 'TextStanza':
    case 'StartOnStanza':
    case 'StopOnStanza':
    case 'ExpectStanza':
    case 'ConsoleStanza':
    case 'KillTimeoutStanza':
    case 'SignalStanza':
    case 'RespawnLimitStanza':
    case 'UmaskStanza':
    case 'NiceStanza':
      return stanza.keyword;
    case 'OomStanza':
      return 'oom';
    case 'LimitStanza':
      return `limit ${stanza.resource}`;
    default:
      return null;
  }
}

const MAX_RELATED = 20;

export default defineRule({
  meta: {
    id: 'duplicate-stanza',
    category: 'correctness',
    description: 'Disallow giving a single-valued stanza more than once in the same file',
    defaultSeverity: 'warning',
    messageSeverity: { duplicateSame: 'info' },
    hasSuggestions: true,
    messages: {
      duplicate: '`{stanza}` is given again here and replaces {earlier}; keep only the one you mean',
      duplicateCondition:
        '`{stanza}` is given again here and replaces {earlier}, since conditions do not add up; join them with `or` in one `{stanza}` if all are meant',
      duplicateSame: '`{stanza}` repeats the same value as {lines}; keep only one',
      earlier: 'This earlier `{stanza}` is ignored',
      removeEarlier: 'Remove the earlier `{stanza}` on {lines} (what upstart already does)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // Per file: in a `.conf` + `.override` pair, replacing a conf value is what overrides are for.
    for (const file of job.files) {
      const own = job.stanzasIn(file);
      // Stanzas that share a line with another: computed for the first duplicate (most files have none).
      let shared: ReturnType<typeof nodesSharingLines> | null = null;
      const groups = new Map<string, Stanza[]>();
      for (const stanza of own) {
        const key = fieldKey(stanza);
        if (key === null) continue;
        const list = groups.get(key);
        if (list) list.push(stanza);
        else groups.set(key, [stanza]);
      }
      for (const [key, list] of groups) {
        const winner = list[list.length - 1];
        if (!winner || list.length < 2) continue;
        const earlier = list.slice(0, -1);
        const lines = lineList(earlier.map((e) => e.span.start.line));
        const text = (n: Stanza): string => job.sourceText(n).replace(/\s+/g, ' ');
        const same = earlier.every((e) => text(e) === text(winner));
        const sharing = (shared ??= nodesSharingLines(own));
        const removable = earlier.every((e) => !sharing.has(e));
        report({
          messageId: same ? 'duplicateSame' : key === 'start on' || key === 'stop on' ? 'duplicateCondition' : 'duplicate',
          data: { stanza: label(winner), lines, earlier: `${earlier.length === 1 ? 'the one' : 'the ones'} on ${lines}` },
          at: winner.head,
          origin: winner,
          // The nearest earlier ones (a generated file can repeat a stanza a million times).
          related: earlier.slice(-MAX_RELATED).map((e) => ({ at: e.head, messageId: 'earlier' as const, data: { stanza: label(e) } })),
          ...(removable
            ? {
                suggest: [
                  {
                    messageId: 'removeEarlier' as const,
                    data: { stanza: earlier.length === 1 && earlier[0] ? label(earlier[0]) : label(winner), lines },
                    fix: (edit) => earlier.map((e) => edit.removeLines(e)),
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
});

/** The stanza as the user wrote it: `limit nofile`, `oom score`, `kill timeout`, … */
function label(stanza: Stanza): string {
  return stanza.type === 'LimitStanza' ? `limit ${stanza.resource}` : stanza.keyword;
}
