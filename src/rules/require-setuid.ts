import type { JobModel } from '../core/job-model.js';
import type { ProcessStanza } from '../grammar/ast.js';
import { ConfigError, defineRule } from '../core/rule.js';
import { classifyProcess } from './_shared/app-process.js';
import { processArgv } from './_shared/process-argv.js';
import { processLabel } from './_shared/process-label.js';
import { rootOnlyWrites, type RootWrite } from './_shared/root-writes.js';
import { waitsForSessionEvent } from './_shared/session-events.js';

interface Options {
  readonly allow: readonly string[];
  readonly suggestedUser: string;
  readonly suggestedGroup: string;
}

const DEFAULTS: Options = { allow: [], suggestedUser: 'nobody', suggestedGroup: 'nogroup' };

/** A user name a `setuid` stanza can take as one plain WORD (no variables, no quoting needed). */
const PLAIN_USER = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export default defineRule({
  meta: {
    id: 'require-setuid',
    category: 'security',
    description: 'Require system jobs that run an application to drop root with a `setuid` stanza',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      runsAsRoot:
        'System job `{job}` runs the application `{program}` as root ({reason}); add a `setuid` stanza with an unprivileged user, or list the job in `allow` if it needs root',
      runsAsRootPrepares:
        'System job `{job}` runs the application `{program}` as root ({reason}); its `{process}` process also writes `{path}` where only root may, and `setuid` applies to every process of the job: do that at install time or in a separate job that runs as root, then add a `setuid` stanza with an unprivileged user (or list the job in `allow` if it needs root)',
      runsAsRootWrites:
        'System job `{job}` runs the application `{program}` as root ({reason}); its `{process}` process writes `{path}`, which only root may create in `{dir}`, and `setuid` applies to every process of the job: create the file at install time owned by an unprivileged user (or, for output, use `console log`), then add a `setuid` stanza with that user (or list the job in `allow` if it needs root)',
      addSetuid: 'Insert `setuid {user}` and `setgid {group}` before the `{keyword}` stanza',
      addSetuidOnly: 'Insert `setuid {user}` before the `{keyword}` stanza (the job has its `setgid`)',
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
        suggestedGroup: {
          type: 'string',
          description: 'Group named in the suggested `setgid` line (with `setuid` alone the job would keep root\'s group)',
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
    // The main process is what the job is for; hooks alone (a job without one) set up the system.
    const target = job.mainProcess;
    if (!target) return;

    const { commands, programs, userSwitch } = processArgv(job, target);
    if (userSwitch()) return; // the program itself runs unprivileged (prefer-setuid)
    const verdict = classifyProcess({ commands, programs, chdir: job.text('chdir'), env: jobEnv(job) });
    if (verdict.kind !== 'application') return; // a system daemon, a boot task, or nothing to tell

    const data = { job: job.name, program: verdict.program, reason: verdict.reason };
    // Inserting `setuid` would make these writes fail (no-root-write-after-setuid): no suggestion,
    // and the message says what to do first. Preparing the system (a directory created in `/run`,
    // files given away with `chown`) takes precedence over writing one file (a log, a pid file).
    let first: { stanza: ProcessStanza; write: RootWrite } | null = null;
    for (const stanza of job.processes) {
      for (const write of rootOnlyWrites(job, stanza)) {
        if (first === null || (first.write.messageId === 'writeInRootDir' && write.messageId !== 'writeInRootDir')) first = { stanza, write };
      }
    }
    if (first !== null) {
      const { stanza, write } = first;
      const label = processLabel(stanza);
      if (write.messageId === 'writeInRootDir') {
        report({ messageId: 'runsAsRootWrites', data: Object.assign({ process: label, path: write.path, dir: write.dir }, data), at: target.head });
      } else {
        const path = write.messageId === 'chownAsUser' ? `files it gives away with \`${write.command}\`` : write.path;
        report({ messageId: 'runsAsRootPrepares', data: Object.assign({ process: label, path }, data), at: target.head });
      }
      return;
    }
    report({
      messageId: 'runsAsRoot',
      data,
      at: target.head,
      suggest: [
        job.find('setgid')
          ? {
              messageId: 'addSetuidOnly',
              data: { user: options.suggestedUser, keyword: target.keyword },
              fix: (edit) => edit.insertLineBefore(target, `setuid ${options.suggestedUser}`),
            }
          : {
              messageId: 'addSetuid',
              data: { user: options.suggestedUser, group: options.suggestedGroup, keyword: target.keyword },
              fix: (edit) => [edit.insertLineBefore(target, `setuid ${options.suggestedUser}`), edit.insertLineBefore(target, `setgid ${options.suggestedGroup}`)],
            },
      ],
    });
  },
});

/** The variables `env` stanzas set (later ones win), for expanding `$DAEMON`-style commands. */
function jobEnv(job: JobModel): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of job.env) if (e.value !== null) env.set(e.name, e.value);
  return env;
}

function parseOptions(raw: unknown): Options {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'options must be an object like {"allow": ["job-name"], "suggestedUser": "daemon", "suggestedGroup": "daemon"}');
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'allow' && key !== 'suggestedUser' && key !== 'suggestedGroup') {
      throw new ConfigError(key, 'unknown option; expected "allow", "suggestedUser" or "suggestedGroup"');
    }
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
  let suggestedGroup = DEFAULTS.suggestedGroup;
  if (record['suggestedGroup'] !== undefined) {
    const value = record['suggestedGroup'];
    if (typeof value !== 'string' || !PLAIN_USER.test(value)) {
      throw new ConfigError('suggestedGroup', 'must be a group name such as "daemon" (letters, digits, `_`, `.`, `-`)');
    }
    suggestedGroup = value;
  }
  return { allow, suggestedUser, suggestedGroup };
}
