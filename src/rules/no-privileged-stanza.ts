import { defineRule } from '../core/rule.js';
import type { OomStanza, Stanza, Word } from '../grammar/ast.js';
import { removeStanza } from './_shared/remove-stanza.js';

/**
 * Resources whose hard limit an unprivileged login session normally has at a finite value, so that
 * raising it to `unlimited` needs CAP_SYS_RESOURCE (grammar document sections 2.2 and 4.3).
 */
const FINITE_HARD_DEFAULT = new Set(['memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rtprio', 'sigpending']);

/** The owner of a per-user job directory (`/home/NAME/.config/upstart/…`, `/home/NAME/.init/…`). */
function sessionUser(path: string): string | null {
  const p = path.replace(/\\/g, '/');
  const m = /(?:^|\/)home\/([^/]+)\/(?:\.config\/upstart|\.init)\//.exec(p);
  if (m) return m[1] ?? null;
  return /(?:^|\/)root\/(?:\.config\/upstart|\.init)\//.test(p) ? 'root' : null;
}

export default defineRule({
  meta: {
    id: 'no-privileged-stanza',
    category: 'correctness',
    description: 'Disallow stanzas that need root in user and session jobs',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      changeIdentity:
        '`{stanza} {name}` fails in {kind} job `{job}` because {who} and cannot switch to another identity; remove it',
      chroot: '`chroot` fails in {kind} job `{job}` because {who}; remove it',
      consoleOwner: '`console owner` fails in {kind} job `{job}` because {who} and cannot own `/dev/console`; {consoleAdvice}',
      negativeNice: '`nice {value}` fails in {kind} job `{job}` because {who} and only root may raise priority; use a value of 0 or more',
      raiseHardLimit:
        '`limit {resource}` with an `unlimited` hard value fails in {kind} job `{job}` because {who} and cannot raise hard limits; use a finite hard value',
      negativeOom: '`{stanza}` lowers the OOM score, which fails in {kind} job `{job}` because {who}; remove it',
      removeStanza: 'Remove this `{stanza}` stanza',
      useConsoleNone: 'Write `console none` (then redirect the output in the command)',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.kind === 'system') return;
    // Legacy user jobs: upstart 1.3–1.6 (PID 1) switches their processes to the owner first
    // (grammar document 4.4); session jobs: the Session Init itself runs as the user (4.3).
    const legacy = job.kind === 'user';
    const kind = legacy ? 'legacy user' : 'session';
    const who = legacy ? 'its processes run as the owner of `~/.init` (upstart 1.3–1.6)' : 'its processes run as the session user';
    // `console log` is `console none` for legacy user jobs (require-log-redirect), so it is no advice there.
    const consoleAdvice = legacy ? 'use `console none` and redirect the output in the command' : 'use `console log`';
    const flag = (messageId: 'changeIdentity' | 'chroot' | 'consoleOwner' | 'negativeNice' | 'raiseHardLimit' | 'negativeOom', stanza: Stanza, at: Word, extra: Record<string, string>): void => {
      const data = { job: job.name, kind, who, consoleAdvice, stanza: stanza.keyword, ...extra };
      report({
        messageId,
        data,
        at,
        // Without `console owner` a legacy user job falls back to `console log`, which discards its
        // output (require-log-redirect): offer the explicit `console none` there instead.
        suggest:
          legacy && messageId === 'consoleOwner'
            ? [{ messageId: 'useConsoleNone', data, fix: (edit) => edit.replace(at, 'none') }]
            : [{ messageId: 'removeStanza', data, fix: (edit) => removeStanza(edit, job, stanza) }],
      });
    };

    for (const keyword of ['setuid', 'setgid'] as const) {
      const stanza = job.find(keyword);
      if (!stanza) continue;
      // Switching to the session user itself is a no-op (grammar document section 4.3).
      if (stanza.value === sessionUser(job.fileOf(stanza).path)) continue;
      flag('changeIdentity', stanza, stanza.arg, { name: stanza.value });
    }
    const chroot = job.find('chroot');
    if (chroot) flag('chroot', chroot, chroot.arg, {});
    const consoleStanza = job.find('console');
    if (consoleStanza?.mode === 'owner') flag('consoleOwner', consoleStanza, consoleStanza.arg, {});
    const nice = job.find('nice');
    if (nice && nice.value < 0) flag('negativeNice', nice, nice.arg, { value: nice.arg.value });
    for (const limit of job.limits.values()) {
      const unlimited = limit.hard === 'unlimited' || limit.hard >= 2n ** 64n - 1n;
      if (unlimited && FINITE_HARD_DEFAULT.has(limit.resource)) {
        flag('raiseHardLimit', limit, limit.args[2], { resource: limit.resource });
      }
    }
    // `oom` and `oom score` share one setting: the last of either wins.
    let oom: OomStanza | null = null;
    for (const s of job.stanzas) if (s.type === 'OomStanza') oom = s;
    if (oom && oom.score < 0) flag('negativeOom', oom, oom.arg, { stanza: `${oom.keyword} ${oom.arg.value}` });
  },
});
