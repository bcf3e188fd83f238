/**
 * `kill timeout 0` is accepted by the parser, but init asserts that the SIGKILL timer is non-zero
 * when it stops the job (grammar document section 5.10, case E25): init aborts.
 */
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'no-kill-timeout-zero',
    category: 'correctness',
    description: 'Disallow `kill timeout 0`, which makes init abort when the job is stopped',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      zeroTimeout:
        '`kill timeout 0` makes init fail an assertion (and PID 1 abort) when job `{job}` is stopped; use at least 1 second',
      useOne: 'Use `kill timeout 1` (SIGKILL one second after the kill signal)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const timeout = job.find('kill timeout');
    if (!timeout || timeout.seconds !== 0) return;
    report({
      messageId: 'zeroTimeout',
      data: { job: job.name },
      at: timeout.arg,
      origin: timeout,
      suggest: [{ messageId: 'useOne', fix: (edit) => edit.replace(timeout.arg, '1') }],
    });
  },
});
