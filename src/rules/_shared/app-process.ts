/**
 * Who a process runs as, and whether what it runs is an application: pure classification over the
 * words of the commands a process runs (argv, as the shell would pass them) and a few facts about
 * the job. It reads no shell text itself: the caller turns an `exec` line or a `script` body into
 * commands (today `process-argv.ts`, later the shell parser), so this file does not change when
 * the way shell text is read does.
 *
 * "Application" follows issue 12 and docs/rules/require-setuid.md: a language runtime or an
 * application server running application code (node, python, ruby, java, php, perl, gunicorn,
 * uwsgi, puma, bundle, npm, …), a program installed where applications live (/home, /root, /opt,
 * /srv, /var/www, /usr/local, a virtualenv, node_modules, a deploy checkout), a project-relative
 * program, or a program started in such a directory. System programs (/sbin, /usr/sbin, /lib, …)
 * and daemons that manage their own privileges never are.
 */
import { trimTrailing } from '../../core/trim.js';
import { baseName } from './base-name.js';

/** A word of a command: only its value (quotes removed) matters here; callers keep their spans. */
export interface ArgWord {
  readonly value: string;
}

export interface ProcessFacts<W extends ArgWord> {
  /** The simple commands the process runs, in order, each as its words (assignments included). */
  readonly commands: readonly (readonly W[])[];
  /** The job's `chdir` directory, if any. */
  readonly chdir: string | null;
  /** Variables set by `env` stanzas (literal values); assignments in the commands are added in order. */
  readonly env: ReadonlyMap<string, string>;
  /** `commands` split by `programParts`, when the caller has them already. */
  readonly programs?: readonly ProgramParts<W>[];
}

export interface UserSwitch<W extends ArgWord> {
  /** The program that switches user (`su`, `sudo`, `start-stop-daemon`, `uwsgi`, …). */
  readonly tool: string;
  /** The user, as written (`www-data`, `app:app`, `$RUN_AS`). */
  readonly user: string;
  /** The word naming the tool, for locations. */
  readonly word: W;
}

export type ProcessVerdict<W extends ArgWord> =
  | {
      readonly kind: 'application';
      /** The program as the message names it (`node`, `/opt/app/bin/server`). */
      readonly program: string;
      /** Why it counts as an application, as a phrase ("a language runtime"). */
      readonly reason: string;
      /** The word the evidence is on. */
      readonly word: W;
    }
  | { readonly kind: 'other' };

// ---- word helpers ---------------------------------------------------------------------------------

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** `$NAME`, `${NAME}` replaced from `env`; unknown references are left as written. */
export function expandWord(value: string, env: ReadonlyMap<string, string>): string {
  let out = value;
  // A few rounds resolve values that refer to other variables (APP=$HOME/app); no recursion.
  for (let round = 0; round < 4 && out.includes('$'); round++) {
    const next = expandOnce(out, env);
    if (next === out) break;
    out = next;
  }
  return out;
}

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);

/** One pass of `expandWord`, left to right (a scan, not a replace with a callback per match). */
function expandOnce(s: string, env: ReadonlyMap<string, string>): string {
  let out = '';
  let copied = 0;
  let i = s.indexOf('$');
  while (i >= 0) {
    const braced = s.charCodeAt(i + 1) === 123; // {
    const nameStart = braced ? i + 2 : i + 1;
    let j = nameStart;
    if (isNameStart(s.charCodeAt(j))) {
      j++;
      while (isNameChar(s.charCodeAt(j))) j++;
    }
    const end = braced ? (j > nameStart && s.charCodeAt(j) === 125 ? j + 1 : -1) : j > nameStart ? j : -1;
    if (end < 0) {
      i = s.indexOf('$', i + 1);
      continue;
    }
    const v = env.get(s.slice(nameStart, j));
    if (v !== undefined) {
      out += s.slice(copied, i) + v;
      copied = end;
    }
    i = s.indexOf('$', end);
  }
  return copied === 0 ? s : out + s.slice(copied);
}

// ---- who runs it ----------------------------------------------------------------------------------

/**
 * Value of an option in `args`: `-u X`, `-uX`, `--user X`, `--user=X`, and short flags combined
 * before it (`-Hu X`, for tools listed in `combined`).
 */
function optionValue(args: readonly string[], short: string | null, long: string | null, combined = false): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') break;
    if ((short !== null && a === short) || (long !== null && a === long)) return args[i + 1] ?? null;
    if (long !== null && a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    if (short !== null && !a.startsWith('--') && a.startsWith('-')) {
      const letter = short.slice(1);
      if (a.startsWith(short) && a.length > short.length && !combined) return a.slice(short.length);
      if (combined && /^-[A-Za-z]+$/.test(a) && a.endsWith(letter) && a.length > 2) return args[i + 1] ?? null;
      if (combined && a.startsWith(short) && a.length > short.length) return a.slice(short.length);
    }
  }
  return null;
}

/** Options of `su`/`runuser` that take an argument, to find the positional user. */
const SU_ARG_OPTIONS = new Set(['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '-C', '--session-command']);

function userFor(tool: string, args: readonly string[]): string | null {
  switch (tool) {
    case 'sudo':
      return optionValue(args, '-u', '--user', true);
    case 'start-stop-daemon':
      return optionValue(args, '-c', '--chuid');
    case 'chpst':
    case 'minijail0':
    case 'daemon':
      return optionValue(args, '-u', tool === 'daemon' ? '--user' : null);
    case 'minijail':
      return optionValue(args, null, '--uid');
    case 'setuidgid':
    case 's6-setuidgid':
      return args[0] ?? null;
    case 'runuser':
    case 'su': {
      const explicit = tool === 'runuser' ? optionValue(args, '-u', '--user') : null;
      if (explicit !== null) return explicit;
      for (let i = 0; i < args.length; i++) {
        const a = args[i] as string;
        if (a === '--') return args[i + 1] ?? 'root';
        if (SU_ARG_OPTIONS.has(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        return a;
      }
      return 'root'; // `su -c CMD` runs CMD as root
    }
    case 'uwsgi':
      return optionValue(args, null, '--uid') ?? optionValue(args, null, '--setuid');
    case 'gunicorn':
    case 'thin':
      return optionValue(args, '-u', '--user');
    case 'twistd':
      return optionValue(args, '-u', '--uid');
    case 'jsvc':
      return optionValue(args, '-user', null);
    case 'setpriv':
      return optionValue(args, null, '--reuid') ?? optionValue(args, null, '--ruid') ?? optionValue(args, null, '--euid');
    case 'chroot': {
      const spec = optionValue(args, null, '--userspec');
      return spec === null ? null : (spec.split(':')[0] ?? null);
    }
    default:
      return null;
  }
}

/**
 * Programs that run their command (or themselves) as another user: the classic switchers, and
 * daemons and sandboxes with a user option (minijail0 is how ChromeOS jobs drop root).
 */
const SWITCHERS = new Set([
  'su', 'sudo', 'start-stop-daemon', 'chpst', 'setuidgid', 's6-setuidgid', 'runuser', 'minijail0', 'minijail',
  'uwsgi', 'gunicorn', 'thin', 'twistd', 'jsvc', 'setpriv', 'chroot', 'daemon',
]);

function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || name === '0' || name === '';
}

/** The user a command switches to, when it names one that is not root; null otherwise. */
export function switchedUser<W extends ArgWord>(words: readonly W[]): UserSwitch<W> | null {
  return userSwitchOf(programParts(words));
}

function userSwitchOf<W extends ArgWord>({ program, args }: ProgramParts<W>): UserSwitch<W> | null {
  if (!program) return null;
  const tool = baseName(program.value);
  if (!SWITCHERS.has(tool)) return null;
  const user = userFor(tool, args.map((a) => a.value));
  if (user === null || isRootUser(user)) return null;
  return { tool, user, word: program };
}

/** The first command of a process that switches to a non-root user, if any. */
export function findUserSwitch<W extends ArgWord>(commands: readonly (readonly W[])[]): UserSwitch<W> | null {
  return firstUserSwitch(commands.map(programParts));
}

/** `findUserSwitch` over commands already split by `programParts`. */
export function firstUserSwitch<W extends ArgWord>(programs: readonly ProgramParts<W>[]): UserSwitch<W> | null {
  for (let i = 0; i < programs.length; i++) {
    const found = userSwitchOf(programs[i] as ProgramParts<W>);
    if (found) return found;
  }
  return null;
}

// ---- what it runs ---------------------------------------------------------------------------------

/** Wrappers that run the rest of their arguments as the command, and their options with a value. */
const WRAPPERS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
  exec: ['-a'],
  nohup: [],
  command: [],
  time: [],
  env: ['-u', '--unset', '-C', '--chdir'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p', '--class', '--classdata'],
  setsid: [],
  stdbuf: ['-i', '-o', '-e'],
  taskset: [],
  chrt: [],
  timeout: ['-s', '--signal', '-k', '--kill-after'],
  authbind: [],
  // Switching to root runs the command as root: unwrap it (a switch to another user is found first).
  sudo: ['-u', '--user', '-g', '--group', '-C', '-p', '-r', '-t', '-U', '-h'],
  }),
);

/** No words (shared: most commands have no assignments in front). */
const NO_WORDS: readonly never[] = [];

/** A command split into its program, the program's arguments, and the assignments in front. */
export interface ProgramParts<W extends ArgWord> {
  readonly program: W | null;
  readonly args: readonly W[];
  readonly assignments: readonly W[];
}

/**
 * The program word and its arguments: leading assignments and wrappers (with their options)
 * removed. Callers that ask for several rules split each command once (`process-argv.ts`).
 */
export function programParts<W extends ArgWord>(words: readonly W[]): ProgramParts<W> {
  let i = 0;
  let assignments: W[] | readonly W[] = NO_WORDS;
  for (;;) {
    while (i < words.length && ASSIGNMENT.test(words[i]?.value ?? '')) {
      if (assignments === NO_WORDS) assignments = [];
      (assignments as W[]).push(words[i++] as W);
    }
    const head = words[i];
    if (!head) return { program: null, args: NO_WORDS, assignments };
    const name = baseName(head.value);
    const withArg = WRAPPERS.get(name);
    if (withArg === undefined || (name === 'sudo' && switchedUserOfSudo(words.slice(i + 1)))) {
      return { program: head, args: words.slice(i + 1), assignments };
    }
    i++;
    while (i < words.length && (words[i]?.value ?? '').startsWith('-')) {
      const opt = words[i]?.value ?? '';
      i++;
      if (opt === '--') break;
      if (withArg.includes(opt)) i++;
      else if (name === 'sudo' && /^-[A-Za-z]*[ugCprtUh]$/.test(opt) && opt.length > 2) i++;
    }
    if ((name === 'taskset' || name === 'chrt') && i < words.length) i++; // the mask / priority
    if (name === 'timeout' && i < words.length) i++; // the duration
  }
}

function switchedUserOfSudo(args: readonly ArgWord[]): boolean {
  const user = userFor('sudo', args.map((a) => a.value));
  return user !== null && !isRootUser(user);
}

/** Interpreters: they run a script or module, named by their first operand. */
const INTERPRETERS = /^(?:node|nodejs|python[0-9.]*|pypy[0-9.]*|ruby[0-9.]*|jruby|perl[0-9.]*|php[0-9.]*|php-cgi|java|coffee|ts-node|deno|bun|elixir|iex|erl|escript|lua[0-9.]*|luajit|Rscript|groovy|scala|dotnet|mono)$/;
/** Options of interpreters that take a separate value (so the value is not the script). */
const INTERPRETER_ARG_OPTIONS = new Set(['-cp', '-classpath', '--class-path', '-r', '--require', '-I', '-W', '-X', '-d', '--name', '--sname', '--cookie', '-pa', '-pz', '--erl', '-S', '--max-old-space-size']);
/** Options that make the interpreter run inline code: a one-line tool, not an application. */
const INLINE_CODE_OPTIONS = new Set(['-e', '-E', '-c', '--eval', '-p', '--print']);

/**
 * Application servers, process managers and build tools: whatever they run is application code.
 * (A `-u`/`--uid` option of theirs is found by `switchedUser` first.)
 */
const APP_RUNNERS = new Set([
  'gunicorn', 'gunicorn_django', 'gunicorn_paster', 'unicorn', 'unicorn_rails', 'puma', 'pumactl', 'thin', 'passenger',
  'rackup', 'uwsgi', 'celery', 'celeryd', 'sidekiq', 'resque', 'bundle', 'rails', 'rake', 'npm', 'npx', 'yarn', 'pnpm',
  'forever', 'pm2', 'nodemon', 'grunt', 'gulp', 'mix', 'lein', 'sbt', 'plackup', 'starman', 'starlet', 'hypnotoad',
  'morbo', 'daphne', 'uvicorn', 'hypercorn', 'waitress-serve', 'paster', 'pserve', 'twistd', 'jupyter',
  'jupyter-notebook', 'streamlit', 'flask', 'django-admin', 'manage.py', 'vertx', 'god',
  // Socket-passing restarters: they hold the listening socket and run the application's command.
  'socketmaster', 'einhorn',
]);

/**
 * Daemons that manage their own privileges (they bind ports or set up as root, then switch to
 * their configured user) or that need root by design: never an application here, wherever they
 * are installed (a self-built nginx in /usr/local is still nginx).
 */
const SELF_MANAGED = new Set([
  'nginx', 'apache2', 'httpd', 'lighttpd', 'haproxy', 'varnishd', 'squid', 'mosquitto', 'dnsmasq', 'named', 'unbound',
  'sshd', 'dropbear', 'master', 'postfix', 'dovecot', 'exim4', 'vsftpd', 'proftpd', 'pure-ftpd', 'ntpd', 'chronyd',
  'dbus-daemon', 'avahi-daemon', 'cupsd', 'rsyslogd', 'syslog-ng', 'memcached', 'mysqld', 'mysqld_safe', 'mariadbd',
  'postgres', 'postmaster', 'pg_ctl', 'pg_ctlcluster', 'php-fpm', 'openvpn', 'tor', 'privoxy', 'supervisord', 'monit',
  'docker', 'dockerd', 'containerd', 'docker-compose', 'fig', 'podman', 'runc', 'lxc-start', 'libvirtd', 'smbd', 'nmbd', 'slapd', 'xinetd', 'inetd', 'cron', 'atd',
]);

/** Where distributions install system programs and their data. */
const SYSTEM_PREFIXES = ['/bin/', '/sbin/', '/lib/', '/lib32/', '/lib64/', '/usr/bin/', '/usr/sbin/', '/usr/lib/', '/usr/lib32/', '/usr/lib64/', '/usr/libexec/', '/usr/share/', '/usr/games/', '/etc/'];
/** Where applications are installed or checked out. */
const APP_PREFIXES = ['/home/', '/root/', '/opt/', '/srv/', '/var/www/', '/usr/local/', '/vagrant/', '/app/', '/apps/', '/www/', '/usr/src/'];
/** Path components that mark an application tree wherever it is (virtualenvs, npm, version managers, deploy checkouts). */
const APP_MARKERS = /\/(?:node_modules|\.?venv|virtualenv|\.virtualenvs|\.nvm|\.rbenv|\.rvm|\.pyenv|releases|current)\//;
/** File extensions of application scripts (system programs are not named `*.js`). */
const APP_SCRIPT = /\.(?:js|mjs|cjs|py|rb|php|pl|jar|war|coffee|ts|exs|lua|clj)$/;
/** Environment variables only applications read. */
const APP_ENV_VARIABLES = new Set(['NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'DJANGO_SETTINGS_MODULE', 'FLASK_APP', 'VIRTUAL_ENV', 'MIX_ENV', 'PLACK_ENV', 'MOJO_MODE', 'BUNDLE_GEMFILE']);

function underAny(path: string, prefixes: readonly string[]): string | null {
  for (const p of prefixes) if (path.startsWith(p)) return p.slice(0, -1);
  return null;
}

/** Where an absolute or relative path says application: the phrase for the message, or null. */
function applicationLocation(path: string): string | null {
  if (APP_MARKERS.test(path)) {
    const m = APP_MARKERS.exec(path);
    const marker = m ? m[0].slice(1, -1) : '';
    return /env$|virtualenvs$/.test(marker) ? 'in a virtualenv' : marker === 'node_modules' ? 'installed by npm' : `in a deploy checkout (\`${marker}/\`)`;
  }
  if (path.startsWith('/')) {
    const root = underAny(path, APP_PREFIXES);
    return root === null ? null : `installed under ${root}`;
  }
  return null;
}

function isSystemPath(path: string): boolean {
  return path.startsWith('/') && underAny(path, SYSTEM_PREFIXES) !== null && !APP_MARKERS.test(path);
}

/** A relative path with a directory part (`./start.sh`, `bin/rails`): a file of the project the job runs in. */
function isProjectRelative(path: string): boolean {
  return !path.startsWith('/') && !path.startsWith('$') && path.includes('/') && !/^[{<@%]/.test(path);
}

/** Placeholders of templates (`{script}`, `<%= cmd %>`, `@bindir@/x`, `%(user)s`): nothing to judge. */
function isPlaceholder(value: string): boolean {
  return /^(?:\{|<%|@|%\()/.test(value) || value === '';
}

/** The first operand of an interpreter (its script or module), or null; `inline` when it runs `-e CODE`. */
function interpreterOperand(args: readonly string[]): string | 'inline' | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (INLINE_CODE_OPTIONS.has(a)) return 'inline';
    if (a === '-jar' || a === '-m' || a === '-f') return args[i + 1] ?? null;
    if (INTERPRETER_ARG_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return null;
}

interface Candidate<W extends ArgWord> {
  readonly word: W;
  readonly path: string;
  readonly args: readonly string[];
  readonly cwd: string | null;
  readonly pathEntry: string | null;
  readonly appEnv: string | null;
  /** The virtualenv a script activated (`. venv/bin/activate`) before this command, if any. */
  readonly virtualenv: string | null;
  /** True for the command that is the process's own program (exec'd, or the last one). */
  readonly main: boolean;
}

/** Evidence from one command, or null. */
function judge<W extends ArgWord>(c: Candidate<W>): ProcessVerdict<W> | null {
  const { path, args } = c;
  const name = baseName(path);
  if (isPlaceholder(name) || isPlaceholder(path)) return null;
  if (SELF_MANAGED.has(name)) return null;
  const application = (reason: string): ProcessVerdict<W> => ({ kind: 'application', program: path, reason, word: c.word });

  if (name === 'go') {
    const source = args[0] === 'run' ? args.find((a, i) => i > 0 && !a.startsWith('-')) : undefined;
    return source !== undefined && !isSystemPath(source) ? application('`go run` compiles and runs application source') : null;
  }
  if (INTERPRETERS.test(name)) {
    const operand = interpreterOperand(args);
    if (operand === 'inline') return null;
    if (operand !== null && isSystemPath(operand)) return null; // a system tool written in that language
    return application(`${name} is a language runtime running application code`);
  }
  if (APP_RUNNERS.has(name)) return application(`${name} runs application code`);
  if (name === 'sh' || name === 'bash' || name === 'dash') {
    const script = args.find((a) => !a.startsWith('-'));
    if (!script || args.includes('-c')) return null;
    return judge(Object.assign({}, c, { path: script, args: [] }));
  }
  if (isSystemPath(path)) return null;
  const where = applicationLocation(path);
  if (where !== null) return application(`it is ${where}`);
  if (APP_SCRIPT.test(path) && !path.startsWith('$')) return application('it is an application script');
  if (isProjectRelative(path)) return application('it is a program of the project checkout it runs in');
  if (path.includes('$')) {
    // An unresolved program (`$NODE`, `$(which node)`): judge by the code it is given.
    const operand = args.find((a) => !a.startsWith('-'));
    if (operand !== undefined && !isSystemPath(operand) && (APP_SCRIPT.test(operand) || applicationLocation(operand) !== null)) {
      return Object.assign(application(`it runs ${operand}`), { program: operand });
    }
    return null;
  }
  // A program installed outside the system directories, in a job that sets a variable only
  // applications read (`env MIX_ENV=prod` before `exec /var/sites/app/bin/app start`).
  if (c.main && path.startsWith('/') && c.appEnv !== null) return application(`it is not a system program and the job sets ${c.appEnv}`);
  if (!c.main || path.includes('/')) return null;
  // A program found through PATH, or one started in an application directory.
  if (c.virtualenv !== null) return application(`it runs in the virtualenv ${c.virtualenv}`);
  if (c.pathEntry !== null) return application(`PATH lists ${c.pathEntry}`);
  if (c.cwd !== null) {
    const dir = applicationLocation(c.cwd.endsWith('/') ? c.cwd : `${c.cwd}/`);
    if (dir !== null) return application(`it runs in ${c.cwd}`);
  }
  if (c.appEnv !== null) return application(`the job sets ${c.appEnv}`);
  return null;
}

/**
 * Whether a process runs an application. Reads the commands in order, keeping track of variables
 * (`env` stanzas, assignments, `export`), the working directory (`chdir`, `cd`, `--chdir`) and
 * virtualenv activation; the first command that is evidence decides.
 */
export function classifyProcess<W extends ArgWord>(facts: ProcessFacts<W>): ProcessVerdict<W> {
  const env = new Map(facts.env);
  let cwd = facts.chdir;
  let appEnv: string | null = null;
  let virtualenv: string | null = null;
  for (const name of env.keys()) if (APP_ENV_VARIABLES.has(name)) appEnv ??= name;
  const commands = facts.commands;
  // The process's own program: the last command run with `exec`, or else the last command.
  let lastExec = -1;
  let lastAny = -1;
  const stripped = facts.programs ?? commands.map(programParts);
  for (let i = 0; i < commands.length; i++) {
    if (!(stripped[i] as ProgramParts<W>).program) continue;
    lastAny = i;
    if ((commands[i] as readonly W[]).find((w) => !ASSIGNMENT.test(w.value))?.value === 'exec') lastExec = i;
  }
  const mainIndex = lastExec !== -1 ? lastExec : lastAny;

  for (let i = 0; i < commands.length; i++) {
    const { program, args, assignments } = stripped[i] as ProgramParts<W>;
    for (const a of assignments) {
      const m = ASSIGNMENT.exec(a.value);
      if (m) {
        env.set(m[1] as string, expandWord(m[2] as string, env));
        if (APP_ENV_VARIABLES.has(m[1] as string)) appEnv ??= m[1] as string;
      }
    }
    if (!program) continue;
    const head = program.value;
    const values = args.map((a) => expandWord(a.value, env));
    if (head === 'export' || head === 'readonly' || head === 'local') {
      for (const v of values) {
        const m = ASSIGNMENT.exec(v);
        if (!m) continue;
        env.set(m[1] as string, m[2] as string);
        if (APP_ENV_VARIABLES.has(m[1] as string)) appEnv ??= m[1] as string;
      }
      continue;
    }
    if (head === 'cd') {
      const dir = values[0];
      // Upstart gives system jobs no HOME, so `~` can only be root's home.
      if (dir !== undefined && (dir.startsWith('/') || dir.startsWith('~'))) cwd = dir.replace(/^~(?=\/|$)/, '/root');
      continue;
    }
    if ((head === '.' || head === 'source') && values[0] !== undefined && /\/bin\/activate$/.test(values[0])) {
      virtualenv = values[0].replace(/\/bin\/activate$/, '');
      continue;
    }
    let path = expandWord(head, env);
    let rest = values;
    if (baseName(path) === 'start-stop-daemon') {
      // start-stop-daemon --exec PROGRAM [--chdir DIR] -- ARGS (a --chuid was found by switchedUser)
      const exe = optionValue(values, '-x', '--exec') ?? optionValue(values, '-a', '--startas');
      if (exe === null) continue;
      const dir = optionValue(values, '-d', '--chdir');
      if (dir !== null && dir.startsWith('/')) cwd = dir;
      path = exe;
      const sep = values.indexOf('--');
      rest = sep === -1 ? [] : values.slice(sep + 1);
    }
    // A word like "$DAEMON -c $CFG" quoted as one: the program is its first part.
    if (/\s/.test(path)) path = path.trim().split(/\s+/)[0] ?? path;
    const pathEntry = i === mainIndex ? applicationPathEntry(env.get('PATH')) : null;
    const verdict = judge({ word: program, path, args: rest, cwd, pathEntry, appEnv, virtualenv, main: i === mainIndex });
    if (verdict) return verdict;
  }
  return { kind: 'other' };
}

/** Directories of init's default PATH (grammar document 5.3): listing them says nothing. */
const DEFAULT_PATH = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);

/** The first PATH entry that is an application directory beyond init's default PATH, or null. */
function applicationPathEntry(path: string | undefined): string | null {
  if (path === undefined) return null;
  for (const raw of path.split(':')) {
    const entry = trimTrailing(raw, '/');
    if (!entry.startsWith('/') || DEFAULT_PATH.has(entry)) continue;
    if (applicationLocation(`${entry}/`) !== null) return entry;
  }
  return null;
}
