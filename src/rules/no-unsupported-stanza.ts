import type { Stanza } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { atLeast, compareVersions, formatVersion } from '../core/version.js';

/**
 * First upstream release that accepts each stanza or form (grammar document, section 7). Before
 * it, upstart rejects the whole file with "Unknown stanza". (Target versions are major.minor, so
 * the 0.6.x additions `manual`, `debug` and `!=` are not listed.)
 */
const SINCE: ReadonlyArray<readonly [form: string, major: number, minor: number]> = [
  ['kill signal', 1, 3],
  ['oom score', 1, 3],
  ['setuid', 1, 4],
  ['setgid', 1, 4],
  ['usage', 1, 5],
  ['apparmor load', 1, 9],
  ['apparmor switch', 1, 9],
  ['reload signal', 1, 10],
  ['cgroup', 1, 13],
];

const SINCE_BY_FORM = new Map(SINCE.map(([form, major, minor]) => [form, { major, minor }]));

/** The form a stanza is written in, for the version table. */
function formOf(stanza: Stanza): string | null {
  if (stanza.type === 'InvalidStanza') return null;
  if (stanza.type === 'ConsoleStanza' && stanza.mode === 'log') return 'console log';
  return stanza.keyword;
}

export default defineRule({
  meta: {
    id: 'no-unsupported-stanza',
    category: 'portability',
    description: 'Disallow stanzas and values that the target upstart version does not know',
    defaultSeverity: 'error',
    messageSeverity: { newerOverride: 'warning' },
    messages: {
      newerStanza:
        '`{form}` arrived in upstart {since}, so upstart {target} rejects the whole file with "Unknown stanza"; remove it or raise `targetVersion`',
      newerStanzaUserJob:
        '`{form}` arrived in upstart {since}, but legacy user job `{job}` (`~/.init`) runs only on upstart 1.3–1.6, which rejects the whole file with "Unknown stanza"; remove it, or set `jobKind: session` if this is a Session Init job',
      newerValue:
        '`console log` arrived in upstart 1.4, so upstart {target} rejects the whole file with "Unknown stanza"; use `console output` or `console none`, or raise `targetVersion`',
      newerOverride:
        '`.override` files arrived in upstart 1.3; upstart {target} ignores this file and applies none of it',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // The release that reads the job: at most 1.6 for legacy user jobs (JobModel.runtimeVersion).
    const target = job.runtimeVersion;
    const capped = compareVersions(target, job.targetVersion) < 0;
    const targetText = formatVersion(target);
    for (const file of job.files) {
      const stanzas = job.stanzasIn(file);
      if (file.role === 'override' && !atLeast(target, 1, 3)) {
        // Upstart before 1.3 never reads the file: report it once, not each of its stanzas.
        const first = stanzas[0];
        if (first) report({ messageId: 'newerOverride', data: { target: targetText }, at: first.head, origin: first });
        continue;
      }
      for (const stanza of stanzas) {
        const form = formOf(stanza);
        if (form === 'console log') {
          if (!atLeast(target, 1, 4) && stanza.type === 'ConsoleStanza') {
            report({ messageId: 'newerValue', data: { target: targetText }, at: stanza.arg, origin: stanza });
          }
          continue;
        }
        const since = form === null ? undefined : SINCE_BY_FORM.get(form);
        if (form !== null && since && !atLeast(target, since.major, since.minor)) {
          const data = { form, since: formatVersion(since), target: targetText, job: job.name };
          report({ messageId: capped ? 'newerStanzaUserJob' : 'newerStanza', data, at: stanza.head, origin: stanza });
        }
      }
    }
  },
});
