/**
 * `kill signal` / `reload signal` given as a number (grammar document sections 2.2, 2.3, 5.10).
 * The parser takes any number; numbers that are not signals make `kill()` fail at stop time, and
 * init then never arms the SIGKILL timer (case E67). Valid numbers are better written as names.
 */
import type { SignalStanza } from '../grammar/ast.js';
import { ConfigError, defineRule } from '../core/rule.js';
import { MAX_SIGNAL, signalByNumber } from './_shared/signals.js';

interface Options {
  /** Accept valid signal numbers (1…64) without asking for the name. */
  readonly allowNumbers: boolean;
}

const DEFAULTS: Options = { allowNumbers: false };

export default defineRule({
  meta: {
    id: 'valid-kill-signal',
    category: 'correctness',
    description: 'Require `kill signal` and `reload signal` to name a real signal, preferably by name',
    defaultSeverity: 'error',
    messageSeverity: { preferName: 'info', preferNameArch: 'info' },
    fixable: true,
    hasSuggestions: true,
    messages: {
      notASignal:
        '`{stanza} {value}` is not a signal number (1 to 64), so `kill()` fails and job `{job}` is never killed; use a signal name such as `TERM`',
      reloadNotASignal:
        '`reload signal {value}` is not a signal number (1 to 64), so `initctl reload {job}` fails; use a signal name such as `HUP`',
      zeroKill:
        '`kill signal 0` sends no signal: job `{job}` is only stopped by SIGKILL after the kill timeout; use a signal name such as `TERM`',
      zeroReload: '`reload signal 0` sends no signal, so `initctl reload {job}` does nothing; use a signal name such as `HUP`',
      preferName: '`{stanza} {value}` is easier to read as `{stanza} {name}`',
      preferNameArch:
        '`{stanza} {value}` is `{name}` only on x86 and ARM Linux; write the signal name you mean',
      useName: 'Replace `{value}` with `{name}` (the x86/ARM meaning of {value})',
    },
    defaultOptions: DEFAULTS,
    optionsSchema: {
      type: 'object',
      properties: {
        allowNumbers: { type: 'boolean', default: false, description: 'Accept valid signal numbers (1 to 64) without asking for the name' },
      },
      additionalProperties: false,
    },
    parseOptions,
  },

  check({ job, options, report }) {
    for (const keyword of ['kill signal', 'reload signal'] as const) {
      const stanza: SignalStanza | null = job.find(keyword);
      if (!stanza || stanza.signal.name !== null) continue;
      const n = stanza.signal.number;
      const value = stanza.arg.value.trim();
      const base = { stanza: keyword, value, job: job.name };
      if (n === 0) {
        report({ messageId: keyword === 'kill signal' ? 'zeroKill' : 'zeroReload', data: base, at: stanza.arg, origin: stanza });
        continue;
      }
      if (n < 1 || n > MAX_SIGNAL) {
        report({
          messageId: keyword === 'kill signal' ? 'notASignal' : 'reloadNotASignal',
          data: base,
          at: stanza.arg,
          origin: stanza,
        });
        continue;
      }
      if (options.allowNumbers) continue;
      const info = signalByNumber(n);
      if (!info) continue; // 32…64: real-time signals have no name upstart accepts
      const data = { stanza: base.stanza, value: base.value, job: base.job, name: info.name };
      if (info.portable) {
        report({
          messageId: 'preferName',
          data,
          at: stanza.arg,
          origin: stanza,
          fix: (edit) => edit.replace(stanza.arg, info.name),
        });
      } else {
        report({
          messageId: 'preferNameArch',
          data,
          at: stanza.arg,
          origin: stanza,
          suggest: [{ messageId: 'useName', data, fix: (edit) => edit.replace(stanza.arg, info.name) }],
        });
      }
    }
  },
});

function parseOptions(raw: unknown): Options {
  if (raw === undefined || raw === null) return DEFAULTS;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('', 'options must be an object');
  const out: { allowNumbers: boolean } = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'allowNumbers') throw new ConfigError(key, 'unknown option; expected "allowNumbers"');
    if (typeof value !== 'boolean') throw new ConfigError('allowNumbers', 'must be true or false');
    out.allowNumbers = value;
  }
  return out;
}
