/**
 * Without `expect`, upstart supervises the main process it started and takes its exit as the
 * job's end (grammar document section 5.8). A program that daemonises itself (forks and lets its
 * parent exit) therefore looks dead at once: the job stops, or with `respawn` is restarted in a
 * loop until the respawn limit stops it, while the real daemon runs on unsupervised. The same
 * happens to a main script that starts its program in the background with `&` and ends.
 */
import type { ProcessStanza } from '../grammar/ast.js';
import type { JobModel } from '../core/job-model.js';
import { defineRule } from '../core/rule.js';
import { baseName, processCommands, type ArgWord, type RunCommand } from './_shared/shell.js';

interface Daemonizer {
  /** Options that make the program daemonise (any of them). */
  readonly on?: readonly string[];
  /** Options that keep it in the foreground; without one of them it daemonises. */
  readonly unless?: readonly string[];
}

/** Programs that daemonise by default, or with a well-known option. */
const PROGRAMS: Readonly<Record<string, Daemonizer>> = {
  sshd: { unless: ['-D', '-d'] },
  dnsmasq: { unless: ['-k', '--keep-in-foreground', '-d', '--no-daemon'] },
  cron: { unless: ['-f'] },
  rsyslogd: { unless: ['-n'] },
  ntpd: { unless: ['-n', '-d'] },
  named: { unless: ['-f', '-g'] },
  squid: { unless: ['-N'] },
  squid3: { unless: ['-N'] },
  memcached: { on: ['-d'] },
  haproxy: { on: ['-D'] },
  mongod: { on: ['--fork'] },
  smbd: { on: ['-D'] },
  nmbd: { on: ['-D'] },
  'avahi-daemon': { on: ['-D', '--daemonize'] },
  unicorn: { on: ['-D', '--daemonize'] },
  unicorn_rails: { on: ['-D', '--daemonize'] },
  rainbows: { on: ['-D', '--daemonize'] },
  puma: { on: ['-d', '--daemon'] },
  thin: { on: ['-d', '--daemonize'] },
  gunicorn: { on: ['-D', '--daemon'] },
  uwsgi: { on: ['--daemonize', '-d'] },
  'start-stop-daemon': { on: ['-b', '--background'] },
  rsync: { on: ['--daemon'], unless: ['--no-detach'] },
};

/** Options that mean "daemonise" for any program. */
const GENERIC = new Set(['--daemon', '--daemonize', '--daemonise', '--fork', '--background', '--detach']);

/** How the program daemonises, as said in the message, or null when it stays in the foreground. */
function daemonizes(program: readonly ArgWord[]): string | null {
  const name = program[0]?.value ? baseName(program[0].value) : null;
  if (name === null) return null;
  const args = program.slice(1).map((a) => a.value ?? '');
  const has = (opts: readonly string[]): string | null => args.find((a) => opts.includes(a) || opts.some((o) => o.startsWith('--') && a.startsWith(`${o}=`))) ?? null;
  const known = Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined;
  if (known) {
    if (known.unless && has(known.unless)) return null;
    if (known.on) {
      const flag = has(known.on);
      return flag ? `daemonises itself (\`${flag}\`)` : null;
    }
    return `daemonises itself unless given \`${known.unless?.[0] ?? ''}\``;
  }
  // Every generic option starts with `--`: other words are not split.
  const flag = args.find((a) => a.startsWith('--') && GENERIC.has(a.split('=', 1)[0] ?? a) && !/=(?:no|false|0|off)$/i.test(a));
  if (name === 'redis-server' && args.some((a, i) => a === '--daemonize' && args[i + 1] === 'yes')) return 'daemonises itself (`--daemonize yes`)';
  return flag ? `daemonises itself (\`${flag}\`)` : null;
}

export default defineRule({
  meta: {
    id: 'require-expect',
    category: 'correctness',
    description: 'Require `expect fork` or `expect daemon` when the main process daemonises itself, or run it in the foreground',
    defaultSeverity: 'error',
    messages: {
      daemonizes:
        'The main process of job `{job}`, `{program}`, {how}, and the job has no `expect`: upstart takes the exit of the parent as the end of the job, so {consequence}; keep the program in the foreground, or add `expect daemon` (double fork) or `expect fork`',
      backgrounded:
        'The main script of job `{job}` ends by starting `{program}` in the background with `&`, then exits: upstart takes that as the end of the job, so {consequence}; drop the `&` and start it with `exec`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (job.has('expect') || job.isTask) return;
    const main = job.mainProcess;
    if (!main) return;
    const consequence = job.respawns
      ? 'it respawns the job in a loop until the respawn limit stops it, while the daemon runs unsupervised'
      : 'the job stops at once while the daemon runs unsupervised';
    const last = lastCommand(job, main);
    if (!last) return;
    const program = last.program;
    const head = program[0];
    if (!head) return;
    // The program as shown and its place in the file, only for a finding (most jobs have none).
    const shown = (): string => program.slice(0, 4).map((w) => w.text).join(' ') + (program.length > 4 ? ' …' : '');
    const at = () => job.shellSpan(main, head.start, head.end);
    if (last.context?.background && last.context.depth === 0) {
      report({ messageId: 'backgrounded', data: { job: job.name, program: shown(), consequence }, at: at(), origin: main });
      return;
    }
    const how = daemonizes(program);
    if (how) report({ messageId: 'daemonizes', data: { job: job.name, program: shown(), how, consequence }, at: at(), origin: main });
  },
});

/** The command the main process ends with: the `exec` line itself, or a script's last top-level command. */
function lastCommand(job: JobModel, main: ProcessStanza): RunCommand | null {
  const commands = processCommands(job, main).filter((c) => !c.context?.inSubstitution);
  if (main.type === 'ExecStanza') return commands[0] ?? null;
  const top = commands.filter((c) => c.context && c.context.depth === 0);
  return top[top.length - 1] ?? null;
}
