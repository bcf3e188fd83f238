/**
 * Commands that run their program as another user: `su`, `sudo -u`, `start-stop-daemon --chuid`,
 * `chpst -u`, `setuidgid`, `runuser`, `setpriv`, `chroot --userspec`, and daemons or sandboxes
 * with a user option (`minijail0 -u` is how ChromeOS jobs drop root; `uwsgi --uid`,
 * `gunicorn --user`).
 */
import { baseName, programWords, type ArgWord, type RunCommand } from './shell.js';

export interface PrivilegeDrop {
  /** The program that switches user (`su`, `sudo`, `start-stop-daemon`, …). */
  readonly tool: string;
  /** The user it switches to, as written (`user` or `user:group`). */
  readonly user: string;
  /** The word naming the program (offsets in the process's shell text). */
  readonly word: ArgWord;
}

const SWITCHERS = new Set([
  'su', 'sudo', 'start-stop-daemon', 'chpst', 'setuidgid', 's6-setuidgid', 'runuser',
  'minijail0', 'uwsgi', 'gunicorn', 'setpriv', 'chroot',
]);

/** Options of `su` and `runuser` that take a separate argument (so the user is not that). */
const SU_ARG_OPTIONS = new Set(['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '-C', '--session-command']);

/** The user a switching program is told to run as, or null when it names none. */
function findUser(tool: string, args: readonly (string | null)[]): string | null {
  const optionValue = (short: string | null, long: string | null): string | null => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === null || a === undefined) continue;
      if (a === '--') break;
      if ((short && a === short) || (long && a === long)) return args[i + 1] ?? null;
      if (long && a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (short && a.startsWith(short) && a.length > short.length && !a.startsWith('--')) return a.slice(short.length);
    }
    return null;
  };
  switch (tool) {
    case 'sudo':
      return optionValue('-u', '--user');
    case 'start-stop-daemon':
      return optionValue('-c', '--chuid');
    case 'chpst':
    case 'minijail0':
      return optionValue('-u', null);
    case 'setuidgid':
    case 's6-setuidgid':
      return args[0] ?? null;
    case 'runuser':
    case 'su': {
      const explicit = tool === 'runuser' ? optionValue('-u', '--user') : null;
      if (explicit) return explicit;
      // The first operand that is not an option or an option's argument.
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === null || a === undefined) return null;
        if (a === '--') return args[i + 1] ?? null;
        if (SU_ARG_OPTIONS.has(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        return a;
      }
      return null;
    }
    case 'uwsgi':
      return optionValue(null, '--uid') ?? optionValue(null, '--setuid');
    case 'gunicorn':
      return optionValue('-u', '--user');
    case 'setpriv':
      return optionValue(null, '--reuid') ?? optionValue(null, '--ruid') ?? optionValue(null, '--euid');
    case 'chroot': {
      const spec = optionValue(null, '--userspec');
      return spec === null ? null : (spec.split(':')[0] ?? null);
    }
    default:
      return null;
  }
}

/** The first command that runs its program as another, non-root user, if any. */
export function findPrivilegeDrop(commands: readonly RunCommand[]): PrivilegeDrop | null {
  for (const c of commands) {
    const words = programWords(c.argv);
    const head = words[0];
    if (!head || head.value === null) continue;
    const tool = baseName(head.value);
    if (!SWITCHERS.has(tool)) continue;
    // A user given by a variable is still a user switch: keep it as written (`$RUN_AS`).
    const user = findUser(tool, words.slice(1).map((w) => w.value ?? w.text));
    if (user === null || user === '') continue;
    const name = user.split(':')[0] ?? '';
    if (name === 'root' || name === '0' || name === '') continue;
    return { tool, user, word: head };
  }
  return null;
}
