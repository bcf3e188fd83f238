/**
 * `normal exit` numbers are exit statuses, which are 0…255. Larger numbers never match: multiples
 * of 256 alias "killed by signal N/256" and anything else matches nothing (grammar document
 * sections 2.3 and 5.9, case E30).
 */
import { defineRule } from '../core/rule.js';
import { MAX_SIGNAL, signalByNumber } from './_shared/signals.js';

export default defineRule({
  meta: {
    id: 'valid-normal-exit',
    category: 'correctness',
    description: 'Require `normal exit` numbers to be possible exit statuses (0 to 255)',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      neverMatches:
        '`normal exit {value}` never matches: exit statuses are 0 to 255; use the status the program really exits with',
      aliasesSignal:
        '`normal exit {value}` is not an exit status: upstart reads it as "killed by signal {signal}" ({value} = {signal} × 256); write `{name}` if that is meant, or a status from 0 to 255',
      aliasesRealtimeSignal:
        '`normal exit {value}` is not an exit status: upstart reads it as "killed by real-time signal {signal}" ({value} = {signal} × 256); use a status from 0 to 255',
      useSignalName: 'Replace `{value}` with `{name}` (signal {signal} on x86 and ARM Linux)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.findAll('normal exit')) {
      for (const v of stanza.values) {
        if (v.kind !== 'status' || v.value < 256) continue;
        const value = v.arg.value.trim();
        const signal = v.value / 256;
        const info = signalByNumber(signal);
        if (info) {
          const data = { value, signal, name: info.name };
          report({
            messageId: 'aliasesSignal',
            data,
            at: v.arg,
            origin: stanza,
            suggest: [{ messageId: 'useSignalName', data, fix: (edit) => edit.replace(v.arg, info.name) }],
          });
        } else if (Number.isInteger(signal) && signal <= MAX_SIGNAL) {
          report({ messageId: 'aliasesRealtimeSignal', data: { value, signal }, at: v.arg, origin: stanza });
        } else {
          report({ messageId: 'neverMatches', data: { value }, at: v.arg, origin: stanza });
        }
      }
    }
  },
});
