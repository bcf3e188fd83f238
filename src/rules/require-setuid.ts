import { ConfigError, defineRule } from '../core/rule.js';
import { processCommands } from './_shared/shell.js';
import { waitsForSessionEvent } from './_shared/session-events.js';
import { findPrivilegeDrop } from './_shared/privilege-drop.js';

interface Options {
  readonly allow: readonly string[];
  readonly suggestedUser: string;
}

const DEFAULTS: Options = { allow: [], suggestedUser: 'nobody' };

/** A user name a `setuid` stanza can take as one plain WORD (no variables, no quoting needed). */
const PLAIN_USER = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export default defineRule({
  meta: {
    id: 'require-setuid',
    category: 'security',
    description: 'Require system jobs that run a process to drop root with a `setuid` stanza',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      runsAsRoot:
        'System job `{job}` runs its {phase} process as root because it has no `setuid` stanza; add `setuid` with an unprivileged user (or list the job in `allow` if it needs root)',
      dropsPrivilegesInCommand:
        'System job `{job}` starts its {phase} process as root and switches to `{user}` with `{tool}`; name the user in a `setuid` stanza instead, so that upstart starts the process unprivileged',
      switchHere: '`{tool}` switches to `{user}` here',
      addSetuid: 'Insert `setuid {user}` before the `{keyword}` stanza',
      replaceSwitch: 'Insert `setuid {user}` before the `{keyword}` stanza (then {cleanup})',
    },
    defaultOptions: DEFAULTS,
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: {
          type: 'array',
          items: { type: 'string' },
          description: 'Job names (as upstart names them, e.g. `net/apache`) that may run as root',
        },
        suggestedUser: {
          type: 'string',
          description: 'User named in the suggested `setuid` line',
        },
      },
    },
    parseOptions,
  },

  check({ job, options, report }) {
    if (job.kind !== 'system') return; // user and session jobs already run as the user
    if (job.find('setuid')) return; // last one wins; `setuid root` is an explicit choice
    if (options.allow.includes(job.name)) return;
    // A job that waits for a session-only event runs in a Session Init, as the user, wherever
    // its file is kept (grammar document, sections 3.6 and 4.3).
    if (job.startOn && waitsForSessionEvent(job.startOn.expression)) return;
    const target = job.mainProcess ?? job.processes[0];
    if (!target) return; // nothing is executed

    const phase = target.phase;
    const keyword = target.keyword;
    const drop = findPrivilegeDrop(processCommands(job, target));
    if (drop) {
      const user = drop.tool === 'start-stop-daemon' || drop.tool === 'chpst' ? (drop.user.split(':')[0] ?? drop.user) : drop.user;
      report({
        messageId: 'dropsPrivilegesInCommand',
        data: { job: job.name, phase, user, tool: drop.tool },
        at: target.head,
        related: [{ at: job.shellSpan(target, drop.word.start, drop.word.end), messageId: 'switchHere', data: { tool: drop.tool, user } }],
        ...(PLAIN_USER.test(user)
          ? {
              suggest: [
                {
                  messageId: 'replaceSwitch' as const,
                  data: { user, keyword, cleanup: cleanupAdvice(drop.tool) },
                  fix: (edit) => edit.insertLineBefore(target, `setuid ${user}`),
                },
              ],
            }
          : {}),
      });
      return;
    }
    report({
      messageId: 'runsAsRoot',
      data: { job: job.name, phase },
      at: target.head,
      suggest: [
        {
          messageId: 'addSetuid',
          data: { user: options.suggestedUser, keyword },
          fix: (edit) => edit.insertLineBefore(target, `setuid ${options.suggestedUser}`),
        },
      ],
    });
  },
});

function parseOptions(raw: unknown): Options {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'options must be an object like {"allow": ["job-name"], "suggestedUser": "daemon"}');
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'allow' && key !== 'suggestedUser') throw new ConfigError(key, 'unknown option; expected "allow" or "suggestedUser"');
  }
  let allow = DEFAULTS.allow;
  if (record['allow'] !== undefined) {
    const value = record['allow'];
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v !== '')) {
      throw new ConfigError('allow', 'must be an array of job names');
    }
    allow = value;
  }
  let suggestedUser = DEFAULTS.suggestedUser;
  if (record['suggestedUser'] !== undefined) {
    const value = record['suggestedUser'];
    if (typeof value !== 'string' || !PLAIN_USER.test(value)) {
      throw new ConfigError('suggestedUser', 'must be a user name such as "daemon" (letters, digits, `_`, `.`, `-`)');
    }
    suggestedUser = value;
  }
  return { allow, suggestedUser };
}

/** What to remove once `setuid` does the switch: the wrapper call, or only the tool's user option. */
function cleanupAdvice(tool: string): string {
  switch (tool) {
    case 'uwsgi':
    case 'gunicorn':
      return `remove \`${tool}\`'s own user option`;
    case 'minijail0':
      return 'remove `-u` (and `-g`) from `minijail0`, keeping its sandbox options';
    case 'start-stop-daemon':
      return 'remove `--chuid`';
    default:
      return `remove the \`${tool}\` call`;
  }
}
