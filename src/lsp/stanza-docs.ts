/**
 * What each stanza does, for hovers and completion details: written for this project from the
 * upstart grammar document (sections 2, 3 and 5 of ../shared/docs/upstart-grammar.md), not copied
 * from init(5). Keys are the keywords as the AST writes them (`kill timeout`, `pre-start`).
 */

export interface StanzaDoc {
  /** How it is written. */
  readonly syntax: string;
  /** What it does, in a few sentences of Markdown. */
  readonly text: string;
  /** First upstart release that accepts it, when later than 0.6. */
  readonly since?: string;
}

const PROCESS_HOOK = (when: string): string =>
  `${when} Write it as \`exec COMMAND\` on the same line, or as \`script\` … \`end script\`. A later definition of the same slot replaces an earlier one, in this file or in the \`.override\`.`;

export const STANZA_DOCS: Readonly<Record<string, StanzaDoc>> = {
  exec: {
    syntax: 'exec COMMAND [ARG]...',
    text: 'The job\'s **main process**: the rest of the line is the command. Without shell characters it is split into words and run directly; with any (`$`, `=`, quotes, `>` and others) it runs as `/bin/sh -e -c "exec COMMAND"`. An unquoted `#` ends the command. A later `exec` or `script` replaces it.',
  },
  script: {
    syntax: 'script\n  ...\nend script',
    text: 'The job\'s **main process** as a shell script, run by `/bin/sh -e` (dash on Debian and Ubuntu, so no bash syntax): the script stops at the first command that fails. Finish a service\'s script with `exec daemon …` so that the daemon, not the shell, is what upstart supervises and signals. A later `exec` or `script` replaces it.',
  },
  'pre-start': { syntax: 'pre-start exec COMMAND | pre-start script … end script', text: PROCESS_HOOK('Runs to completion before the main process starts; if it fails, the job fails and the main process never runs (call `stop` inside it to cancel the start cleanly).') },
  'post-start': { syntax: 'post-start exec COMMAND | post-start script … end script', text: PROCESS_HOOK('Runs after the main process was spawned (and after the `expect` condition), at the same time as it; the job reaches `running` when it ends. Its exit status is ignored.') },
  'pre-stop': { syntax: 'pre-stop exec COMMAND | pre-stop script … end script', text: PROCESS_HOOK('Runs when a stop is requested while the main process is alive, before it is signalled; it may call `start` to cancel the stop. Its exit status is ignored.') },
  'post-stop': { syntax: 'post-stop exec COMMAND | post-stop script … end script', text: PROCESS_HOOK('Runs after the main process has ended, also between respawns. If it fails, the job is marked failed.') },
  'start on': {
    syntax: 'start on EVENT [KEY=VALUE]... [and|or ...]',
    text: 'The event condition that starts the job. `and` and `or` combine strictly left to right with no precedence, so use parentheses when mixing them; inside parentheses the condition may continue on the next lines (but not over an empty or comment-only line). Event names are compared exactly; argument values are shell globs. Variables in `start on` values are never expanded. A second `start on` replaces the first; `manual` after it cancels it.',
  },
  'stop on': {
    syntax: 'stop on EVENT [KEY=VALUE]... [and|or ...]',
    text: 'The event condition that stops the job, written like `start on`. Values may refer to the running job\'s environment (`stop on net-device-down IFACE=$IFACE`). A second `stop on` replaces the first.',
  },
  env: {
    syntax: 'env KEY=VALUE | env KEY',
    text: 'Sets a variable in the environment of every process of the job. The value is stored literally: `$PATH` in it is never expanded. `env KEY` copies KEY from init\'s own environment when the job starts. Accumulates: every `env` applies, and a later one of the same name wins.',
  },
  export: {
    syntax: 'export KEY...',
    text: 'Copies the named job variables into this job\'s own `starting`, `started`, `stopping` and `stopped` events, so that jobs waiting for them can match on the values. Accumulates.',
  },
  emits: {
    syntax: 'emits EVENT...',
    text: 'Documents the events this job emits (with `initctl emit`). It has no effect at run time; tools such as `initctl check-config` read it. Globs are allowed. Accumulates.',
  },
  description: { syntax: 'description "TEXT"', text: 'A one-line description of the job, shown by tools. One word: quote text with spaces.' },
  author: { syntax: 'author "NAME"', text: 'Who wrote the job; informational only. One word: quote text with spaces.' },
  version: { syntax: 'version "TEXT"', text: 'A version string for the job; informational only. One word: quote text with spaces.' },
  usage: { syntax: 'usage "TEXT"', text: 'Help text shown by `initctl usage JOB`, and with the error when `start` lacks variables that `instance` needs.', since: '1.5' },
  instance: {
    syntax: 'instance NAME',
    text: 'Makes the job a multi-instance job: NAME, expanded from the job\'s environment and the starting event\'s variables (`instance $IFACE`), names each instance, and one instance runs per distinct name.',
  },
  expect: {
    syntax: 'expect stop | daemon | fork | none',
    text: 'How the main process tells upstart it is ready, and which process to supervise: `fork` follows one fork, `daemon` two, `stop` waits for the process to send itself SIGSTOP; `none` (the default) takes the spawned process as it is. A wrong choice makes upstart track the wrong PID or wait forever.',
  },
  task: {
    syntax: 'task',
    text: 'Marks the job as a task: its main process runs to completion, and the `start` command or the event that started it waits until it has finished. Exit status 0 means done. A task needs a main process, or it never finishes. Cannot be undone by an override.',
  },
  respawn: {
    syntax: 'respawn',
    text: 'Restarts the main process whenever it ends without being stopped, even with exit status 0, unless the status or signal is listed in `normal exit` (a `task` respawns only on failures). By default upstart gives up after 10 respawns within 5 seconds; see `respawn limit`. Cannot be undone by an override.',
  },
  'respawn limit': {
    syntax: 'respawn limit COUNT INTERVAL | respawn limit unlimited',
    text: 'How often the job may respawn: more than COUNT times within INTERVAL seconds stops it for good. `unlimited` (or a 0) removes the limit. It does **not** turn respawning on: the job also needs `respawn`.',
  },
  'normal exit': {
    syntax: 'normal exit STATUS|SIGNAL...',
    text: 'Exit statuses (0 to 255) and signal names that count as a normal end of the main process: it is not respawned and the job is not failed. Accumulates.',
  },
  'kill timeout': {
    syntax: 'kill timeout SECONDS',
    text: 'How long upstart waits after sending the kill signal before it sends SIGKILL (default 5 seconds). `0` makes init abort when the job is stopped.',
  },
  'kill signal': {
    syntax: 'kill signal SIGNAL',
    text: 'The signal sent to stop the main process (default TERM). A name (`INT`, `SIGQUIT`) or a number; numbers are not checked.',
    since: '1.3',
  },
  'reload signal': {
    syntax: 'reload signal SIGNAL',
    text: 'The signal `initctl reload` sends to the main process (default HUP). A name or a number.',
    since: '1.10',
  },
  console: {
    syntax: 'console log | none | output | owner',
    text: 'Where the job\'s standard input and output go. `log` (the default since 1.4): output to a pseudo-terminal that init appends to `/var/log/upstart/JOB.log`. `none`: both to /dev/null. `output`: the system console. `owner`: the console, and the job controls it (it gets Ctrl-C).',
  },
  umask: { syntax: 'umask OCTAL', text: 'The file-creation mask of the job\'s processes, in octal (`022`; `22` means the same). Default: 022 for system jobs; session jobs inherit the session\'s.' },
  nice: { syntax: 'nice N', text: 'The scheduling priority of the job\'s processes, -20 (highest) to 19 (lowest); unchanged (normally 0) without it. Negative values need privilege.' },
  'oom score': {
    syntax: 'oom score N | oom score never',
    text: 'How willing the kernel is to kill the job\'s processes when memory runs out: -999 to 1000 (higher is more likely), or `never` (-1000).',
    since: '1.3',
  },
  oom: {
    syntax: 'oom N | oom never',
    text: 'The legacy OOM adjustment, -16 to 15 (or `never`), which upstart scales to an `oom score`. Prefer `oom score`.',
  },
  limit: {
    syntax: 'limit RESOURCE SOFT HARD',
    text: 'A resource limit (`setrlimit`) of the job\'s processes: RESOURCE is one of `as core cpu data fsize memlock msgqueue nice nofile nproc rss rtprio sigpending stack`; SOFT and HARD are numbers or `unlimited`. A soft value above the hard one makes the job fail to start. One `limit` per resource; a later one wins.',
  },
  chroot: { syntax: 'chroot DIRECTORY', text: 'Runs the job\'s processes with DIRECTORY as their root directory. `setuid` and `setgid` names are then looked up inside it.' },
  chdir: { syntax: 'chdir DIRECTORY', text: 'The working directory of the job\'s processes (inside the `chroot`, if any). Default: `/` for system jobs; session jobs keep the session\'s. A missing directory makes the job fail to start.' },
  setuid: {
    syntax: 'setuid USER',
    text: 'Runs the job\'s processes as USER (a name, looked up when the process starts) instead of root. Pair it with `setgid`: without it the processes keep group root as a supplementary group.',
    since: '1.4',
  },
  setgid: { syntax: 'setgid GROUP', text: 'Runs the job\'s processes with GROUP (a name) as their group, and as the group of their supplementary groups.', since: '1.4' },
  manual: {
    syntax: 'manual',
    text: 'Cancels a `start on` read **before** it (in this file, or in the `.conf` when written in the `.override`), so the job starts only by hand. A `start on` after it still applies. The rest of its line is read as a new stanza.',
  },
  debug: {
    syntax: 'debug',
    text: 'Stops each process of the job with SIGSTOP just before it runs, so that a debugger can attach (since 1.12 only when init runs with `--debug`). The job hangs until continued: do not ship it.',
  },
  'apparmor load': {
    syntax: 'apparmor load PROFILE',
    text: 'Loads the AppArmor profile file PROFILE (`apparmor_parser -r -W PROFILE`) before `pre-start`.',
    since: '1.9',
  },
  'apparmor switch': {
    syntax: 'apparmor switch NAME',
    text: 'Runs the main process confined by the AppArmor profile NAME (expanded from the job\'s environment).',
    since: '1.9',
  },
  cgroup: {
    syntax: 'cgroup CONTROLLER [NAME] [KEY VALUE]',
    text: 'Puts the job\'s processes into a control group of CONTROLLER (named NAME, default `$UPSTART_CGROUP`), optionally setting KEY to VALUE. The number of words decides the meaning. The job waits until a cgroup manager is known to init.',
    since: '1.13',
  },
};

/** Every stanza keyword as it is written at the start of a line, for completion. */
export const STANZA_KEYWORDS: readonly string[] = Object.keys(STANZA_DOCS).sort();

/** Fixed values of the stanzas that take one, for completion. */
export const SIGNAL_NAMES: readonly string[] = [
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'IOT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'POLL', 'PWR', 'SYS',
];

export const LIMIT_RESOURCES: readonly string[] = ['as', 'core', 'cpu', 'data', 'fsize', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'sigpending', 'stack'];

/** Events init emits about jobs: followed by a job name. */
export const JOB_EVENTS: readonly string[] = ['starting', 'started', 'stopping', 'stopped'];

/** Events every system knows (grammar document section 3.6), offered with the workspace's own. */
export const WELL_KNOWN_EVENTS: readonly string[] = [
  'startup', 'runlevel', 'filesystem', 'local-filesystems', 'remote-filesystems', 'virtual-filesystems', 'all-swaps',
  'mounting', 'mounted', 'net-device-up', 'net-device-down', 'net-device-added', 'net-device-removed', 'static-network-up',
  'deconfiguring-networking', 'container', 'not-container', 'failsafe-boot', 'recovery', 'control-alt-delete',
  'keyboard-request', 'power-status-changed', 'socket', 'file', 'dbus', 'desktop-start', 'desktop-end', 'session-end',
  'login-session-start', 'desktop-session-start', 'desktop-shutdown', 'rotate-logs',
];
