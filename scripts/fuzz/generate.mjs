// Deterministic fuzz inputs: input `index` of run `seed` is always the same text, so every finding
// can be reproduced with `npm run fuzz -- --seed S --only INDEX`.
//
// Three families, interleaved: mutated corpus files, random bytes, and grammar-aware generated
// jobs (every stanza and sub-form, nested event expressions, script blocks with realistic and
// broken POSIX shell).

import { rng } from '../prng.mjs';

/** The seedable PRNG with the helpers the generators use. */
export function prng(seed) {
  const next = rng(seed);
  const int = (n) => Math.floor(next() * n);
  const chance = (p) => next() < p;
  const pick = (xs) => xs[int(xs.length)];
  const between = (lo, hi) => lo + int(hi - lo + 1);
  return { next, int, chance, pick, between };
}

/** Mixes the run seed and the input index into one 32-bit seed. */
export function inputSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const FAMILIES = ['mutated', 'random', 'generated', 'generated-broken'];

/**
 * Input `index` of run `seed`: { family, text, filePath, overrideText? }. `corpus` is the list of
 * corpus texts (mutations start from them).
 */
export function makeInput(seed, index, corpus) {
  const r = prng(inputSeed(seed, index));
  const family = FAMILIES[index % FAMILIES.length];
  let text;
  if (family === 'mutated') text = mutate(r, corpus.length > 0 ? r.pick(corpus) : generateJob(r), corpus, r.between(1, 6));
  else if (family === 'random') text = randomText(r);
  else if (family === 'generated') text = generateJob(r);
  else text = mutate(r, generateJob(r), corpus, r.between(1, 3));
  const filePath = r.pick(PATHS);
  const input = { family, text, filePath };
  // Now and then the job comes with the other file of its .conf/.override pair.
  if (r.chance(0.1)) {
    const other = r.chance(0.5) ? generateJob(r) : mutate(r, generateJob(r), corpus, 1);
    if (filePath.endsWith('.override')) input.confText = other;
    else input.overrideText = other;
  }
  return input;
}

const PATHS = [
  '/etc/init/fuzz.conf',
  '/etc/init/fuzz.override',
  '/etc/init/net/fuzz-job.conf',
  '/home/user/.init/fuzz.conf',
  '/home/user/.config/upstart/fuzz.conf',
  '/usr/share/upstart/sessions/fuzz.conf',
  'debian/fuzz.upstart',
  'fuzz.conf',
];

// ---------------------------------------------------------------------------------------------
// Random text

const SPECIAL = ['"', "'", '\\', '(', ')', '#', '\n', '\r', '\t', ' ', '$', '`', '{', '}', '=', '!', ';', '&', '|', '<', '>', '*', '[', ']'];
const ODD = ['\u0000', '\ufeff', '\u00a0', '\u2028', '\f', '\v', '\u001b', 'é', '漢', '😀', '\ud800', '\udc00', '\u0085'];

function randomText(r) {
  const n = r.chance(0.05) ? r.between(4096, 65536) : r.between(0, 600);
  const mode = r.int(4);
  if (mode === 0) {
    // Bytes, decoded as UTF-8 (invalid sequences become U+FFFD) or as Latin-1.
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = r.int(256);
    return r.chance(0.5) ? new TextDecoder('utf-8').decode(bytes) : Buffer.from(bytes).toString('latin1');
  }
  let s = '';
  const words = ['start', 'on', 'and', 'or', 'exec', 'script', 'end', 'env', 'respawn', 'limit', 'kill', 'signal', 'task', 'stop', 'pre-start', 'console', 'log', 'setuid', '(', ')'];
  while (s.length < n) {
    const k = r.int(10);
    if (mode === 1 && k < 5) s += r.pick(SPECIAL);
    else if (k < 7) s += r.pick(words) + (r.chance(0.7) ? ' ' : '');
    else if (k < 8) s += r.pick(ODD);
    else s += String.fromCharCode(r.between(32, 126));
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Mutations (what real typing and broken templates do)

function mutate(r, text, corpus, count) {
  let s = text;
  for (let k = 0; k < count; k++) {
    const lines = s.split('\n');
    const at = r.int(s.length + 1);
    switch (r.int(13)) {
      case 0: // insert a special character
        s = s.slice(0, at) + r.pick(SPECIAL) + s.slice(at);
        break;
      case 1: // delete a short range
        s = s.slice(0, at) + s.slice(at + r.between(1, 8));
        break;
      case 2: // replace a character
        s = s.slice(0, at) + r.pick(r.chance(0.8) ? SPECIAL : ODD) + s.slice(at + 1);
        break;
      case 3: { // duplicate a line
        const i = r.int(lines.length);
        lines.splice(i, 0, lines[i] ?? '');
        s = lines.join('\n');
        break;
      }
      case 4: { // swap two lines
        const i = r.int(lines.length);
        const j = r.int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 5: { // join a line with the next (a lost newline) or split one
        const nl = s.indexOf('\n', at);
        s = nl === -1 ? s.slice(0, at) + '\n' + s.slice(at) : s.slice(0, nl) + (r.chance(0.5) ? ' ' : '') + s.slice(nl + 1);
        break;
      }
      case 6: // a line continuation, or a backslash before a CR
        s = s.slice(0, at) + r.pick([' \\\n', '\\\n', '\\\r\n', '\\']) + s.slice(at);
        break;
      case 7: // CRLF line endings
        s = r.chance(0.5) ? s.replace(/\n/g, '\r\n') : s.replace('\n', '\r\n');
        break;
      case 8: { // a line from another file (or a generated stanza)
        const from = corpus.length > 0 && r.chance(0.7) ? r.pick(r.pick(corpus).split('\n')) : generateStanza(r);
        lines.splice(r.int(lines.length + 1), 0, from);
        s = lines.join('\n');
        break;
      }
      case 9: // truncate
        s = s.slice(0, at);
        break;
      case 10: // template markup
        s = s.slice(0, at) + r.pick(['<%= @name %>', '{{ name }}', '{% if x %}', '${NAME}', '@@NAME@@', '{{#nice}}']) + s.slice(at);
        break;
      case 11: // indentation change inside a block
        s = s.slice(0, at) + r.pick(['    ', '\t', '', '  \t']) + s.slice(at);
        break;
      default: // a blank or comment line
        lines.splice(r.int(lines.length + 1), 0, r.pick(['', '   ', '# comment', '#', '  # upstart-lint disable-next-line']));
        s = lines.join('\n');
    }
  }
  if (r.chance(0.02)) s = '\ufeff' + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Grammar-aware generation (grammar document section 2, every stanza and sub-form)

const WORDS = ['app', 'web', 'daemon', 'my-job', 'foo_bar', 'x', 'network', 'tty1', 'eth0', 'postgresql', 'a.b'];
const EVENTS = ['startup', 'runlevel', 'started', 'stopped', 'starting', 'stopping', 'filesystem', 'local-filesystems', 'net-device-up', 'net-device-down', 'socket', 'static-network-up', 'dbus', 'file', 'desktop-start', 'mounted', 'container', '*-device-added', ':sys:started', 'custom-event'];
const SIGNALS = ['TERM', 'SIGTERM', 'HUP', 'SIGHUP', 'KILL', 'USR1', 'SIGUSR2', 'INT', 'QUIT', 'CHLD', 'RTMIN', 'sigterm', 'term', '9', '15', '0', '-1', '99', '2147483648', 'SIGFOO'];
const RESOURCES = ['as', 'core', 'cpu', 'data', 'fsize', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'sigpending', 'stack', 'Nofile', 'rttime'];
const NUMBERS = ['0', '1', '5', '10', '022', '0027', '777', '1000', '-1', '-17', '-20', '19', '20', '+5', '-0', '0x5', '30s', '99999999999', '18446744073709551616', 'unlimited', 'never', '', '" 5"', '"-5"'];
const PATH_VALUES = ['/', '/var/lib/app', '/srv/app', '$HOME', '"/path with space"', '/tmp', '/run/app'];
const USERS = ['nobody', 'app', 'www-data', 'root', '1000', '$USER', '"a b"'];

function quoted(r, s) {
  const q = r.pick(['"', "'", '']);
  return q === '' ? s.replace(/\s+/g, '_') : `${q}${s}${q}`;
}

function word(r) {
  return r.pick(WORDS) + (r.chance(0.2) ? String(r.int(100)) : '');
}

function text(r) {
  const t = [];
  for (let i = r.between(1, 6); i > 0; i--) t.push(word(r));
  return t.join(' ');
}

function eventArg(r) {
  switch (r.int(8)) {
    case 0:
      return `[${r.pick(['2345', '!2345', '016', '06', '2'])}]`;
    case 1:
      return `${r.pick(['JOB', 'IFACE', 'RUNLEVEL', 'PROTO', 'PORT', 'ADDR', 'MOUNTPOINT', 'INSTANCE'])}=${r.pick(['foo', 'eth0', 'lo', '80', 'unix', 'inet', '/run/x.sock', '$VAR', '${X:-y}', '*', '[0-9]*'])}`;
    case 2:
      return `${r.pick(['IFACE', 'JOB'])}!=${r.pick(['lo', 'foo*'])}`;
    case 3:
      return quoted(r, `${word(r)} ${word(r)}`);
    case 4:
      return `KEY=${quoted(r, 'v a l')}`;
    default:
      return word(r);
  }
}

/** A random event expression of bounded depth; groups, operators and multi-line layout. */
function expression(r, depth, multiline) {
  if (depth > 0 && r.chance(0.45)) {
    const op = r.pick(['and', 'or', 'and', 'or', 'AND', '"and"']);
    const left = expression(r, depth - 1, multiline);
    const right = expression(r, depth - 1, multiline);
    const nl = multiline && r.chance(0.4) ? r.pick(['\n    ', '  # why\n    ', '\n\t']) : ' ';
    return `${left}${nl}${op} ${right}`;
  }
  if (depth > 0 && r.chance(0.3)) return `(${expression(r, depth - 1, true)})`;
  const args = [];
  for (let i = r.between(0, 3); i > 0; i--) args.push(eventArg(r));
  return [r.pick(EVENTS), ...args].join(' ');
}

function eventStanza(r) {
  const kw = r.pick(['start on', 'stop on', 'start on', 'start  on']);
  switch (r.int(10)) {
    case 0:
      return `${kw} ${'('.repeat(r.between(1, 60))}${r.pick(EVENTS)}${')'.repeat(r.between(1, 60))}`;
    case 1:
      return `${kw} ${expression(r, 3, false)} \\\n  ${r.pick(['and', 'or'])} ${r.pick(EVENTS)}`;
    case 2:
      return `${kw}`;
    default: {
      const e = expression(r, r.between(0, 5), false);
      return r.chance(0.5) ? `${kw} (${e.replace(/ (and|or) /g, () => (r.chance(0.3) ? `\n    ${r.pick(['and', 'or'])} ` : ` ${r.pick(['and', 'or'])} `))})` : `${kw} ${e}`;
    }
  }
}

// POSIX sh (what dash runs), realistic and broken.
function shellWord(r) {
  switch (r.int(10)) {
    case 0:
      return `"$${r.pick(['HOME', 'PIDFILE', 'DAEMON_OPTS', '1', '@', '#', '?'])}"`;
    case 1:
      return `'${text(r)}'`;
    case 2:
      return `$(${r.pick(['id -u', 'cat /run/app.pid', 'dirname "$0"', 'date +%s'])})`;
    case 3:
      return '`hostname`';
    case 4:
      return `\${${r.pick(['VAR', 'X'])}${r.pick([':-default', '#prefix', '%suffix', ':?missing', ''])}}`;
    case 5:
      return `$((${r.int(10)} + ${r.int(10)}))`;
    default:
      return r.pick(['-f', '--config', '/etc/app.conf', '/var/log/app.log', 'x', '--', '-n', '"quoted value"', '\\$HOME', '*.conf']);
  }
}

function simpleCommand(r) {
  const cmd = r.pick(['echo', 'mkdir -p', 'chown', 'rm -f', 'test -x', '[', 'logger -t app', 'exec', 'start-stop-daemon --start --exec', 'su -c', 'sleep', 'printf', 'cat', 'true', 'false', '/usr/bin/app', '.', 'export', 'cd', 'ulimit -n']);
  const args = [];
  for (let i = r.between(0, 4); i > 0; i--) args.push(shellWord(r));
  if (cmd === '[') args.push(']');
  let s = `${cmd} ${args.join(' ')}`.trimEnd();
  if (r.chance(0.3)) s += r.pick([' > /dev/null 2>&1', ' >> /var/log/app.log 2>&1', ' 2>/dev/null', ' < /dev/null', ' > /tmp/app.log', ' | logger', ' || exit 0', ' && echo ok', ' &']);
  return s;
}

function shellBlock(r, depth, indent) {
  const lines = [];
  const pad = '  '.repeat(indent);
  for (let i = r.between(1, 4); i > 0; i--) {
    const k = depth > 0 ? r.int(14) : 0;
    if (k <= 5) lines.push(pad + simpleCommand(r));
    else if (k === 6) {
      lines.push(`${pad}if ${simpleCommand(r)}; then`, ...shellBlock(r, depth - 1, indent + 1));
      if (r.chance(0.3)) lines.push(`${pad}elif [ -n "$X" ]; then`, ...shellBlock(r, depth - 1, indent + 1));
      if (r.chance(0.3)) lines.push(`${pad}else`, ...shellBlock(r, depth - 1, indent + 1));
      lines.push(`${pad}fi`);
    } else if (k === 7) {
      lines.push(`${pad}case "$1" in`, `${pad}  start|restart)`, ...shellBlock(r, depth - 1, indent + 2), `${pad}    ;;`, `${pad}  *) ${simpleCommand(r)} ;;`, `${pad}esac`);
    } else if (k === 8) {
      lines.push(`${pad}for f in /etc/app/*.conf; do`, ...shellBlock(r, depth - 1, indent + 1), `${pad}done`);
    } else if (k === 9) {
      lines.push(`${pad}${r.pick(['while', 'until'])} ${simpleCommand(r)}; do`, ...shellBlock(r, depth - 1, indent + 1), `${pad}done`);
    } else if (k === 10) {
      const tag = r.pick(['EOF', 'END', "'EOF'", '"EOF"', 'EOT']);
      const bare = tag.replace(/['"]/g, '');
      const dash = r.chance(0.3);
      lines.push(`${pad}cat ${dash ? '<<-' : '<<'}${tag} > /etc/app/generated.conf`, `${pad}key = $VALUE`, '', `${pad}${r.chance(0.8) ? '' : '  '}${bare}`);
    } else if (k === 11) {
      lines.push(`${pad}${r.pick(['start_app', 'cleanup'])}() {`, ...shellBlock(r, depth - 1, indent + 1), `${pad}}`);
    } else if (k === 12) {
      lines.push(`${pad}( ${simpleCommand(r)} ) ${r.pick(['&', '|| true', ''])}`.trimEnd());
    } else {
      lines.push(`${pad}${r.pick(['VAR=value', 'PIDFILE=/run/app.pid', 'OPTS="-v -x"', 'export PATH=/usr/local/bin:$PATH', 'set -e', '# a comment', ': ${X:=1}'])}`);
    }
  }
  return lines;
}

const BASHISMS = ['[[ -f /etc/app ]] && echo yes', 'function start_app { echo hi; }', 'arr=(a b c)', 'echo ${x//a/b}', 'source /etc/default/app', 'if [ "$a" == "b" ]; then :; fi', 'echo $RANDOM', 'let i=i+1', 'echo {a,b}', 'exec &> /var/log/app.log', 'select x in a b; do :; done'];

function breakShell(r, lines) {
  const out = lines.slice();
  for (let k = r.between(1, 2); k > 0; k--) {
    const i = r.int(out.length + 1);
    switch (r.int(6)) {
      case 0: // lose a closing keyword
        out.splice(out.findIndex((l) => /^\s*(fi|done|esac|\})$/.test(l)), 1);
        break;
      case 1: // an unterminated quote
        out.splice(i, 0, `echo "${text(r)}`);
        break;
      case 2: // an unmatched parenthesis or command substitution
        out.splice(i, 0, r.pick(['echo $(date', '( cd /tmp', 'echo `uname', 'case x in', 'if true', 'do']));
        break;
      case 3:
        out.splice(i, 0, r.pick(BASHISMS));
        break;
      case 4: // a here-document that never ends
        out.splice(i, 0, 'cat <<NEVER', 'text');
        break;
      default: // something that looks like a terminator
        out.splice(i, 0, r.pick(['end script', 'End Script', 'endscript', '  end   script  # x', 'end scripts']));
    }
  }
  return out;
}

function scriptStanza(r) {
  const head = r.pick(['script', 'pre-start script', 'post-start script', 'pre-stop script', 'post-stop script', 'script # main']);
  let body = shellBlock(r, r.between(0, 3), 0);
  if (r.chance(0.3)) body = breakShell(r, body);
  if (r.chance(0.1)) body = [r.pick(BASHISMS), ...body];
  if (r.chance(0.2)) body.push(`exec ${simpleCommand(r)}`);
  const indent = r.pick(['', '  ', '    ', '\t']);
  const blank = r.chance(0.15) ? [''] : [];
  const lines = body.map((l) => (l === '' ? '' : indent + l));
  lines.splice(r.int(lines.length + 1), 0, ...blank);
  const end = r.chance(0.95) ? r.pick(['end script', '  end script', 'end\tscript # done', 'end script\r']) : r.pick(['End Script', '']);
  return `${head}\n${lines.join('\n')}\n${end}`;
}

function execLine(r) {
  const prefix = r.pick(['exec', 'pre-start exec', 'post-start exec', 'pre-stop exec', 'post-stop exec']);
  const parts = [r.pick(['/usr/bin/app', '/usr/sbin/daemon', 'start-stop-daemon --start --exec /usr/bin/app', 'su -s /bin/sh -c', '/bin/sh -c', '"/opt/my app/bin/run"', 'sudo -u app /usr/bin/app'])];
  for (let i = r.between(0, 5); i > 0; i--) parts.push(shellWord(r));
  let s = `${prefix} ${parts.join(' ')}`;
  if (r.chance(0.3)) s += r.pick([' >> /var/log/app.log 2>&1', ' # trailing comment', ' \\\n    --more-args', ' 2>&1 | logger -t app', ' &', '#glued', ' > /tmp/app.log']);
  return s;
}

export function generateStanza(r) {
  switch (r.int(40)) {
    case 0: return `description ${r.pick([quoted(r, text(r)), text(r), '""', '"multi\nline"', '"with # hash"'])}`;
    case 1: return `author ${quoted(r, text(r))}`;
    case 2: return `version ${r.pick(['1.0', '"2.3 beta"', '0'])}`;
    case 3: return `usage ${quoted(r, 'start app PORT=8080')}`;
    case 4: return `instance ${r.pick(['$TTY', '$TTY-$BAUD', '${PORT}', '$TTY $BAUD', 'fixed'])}`;
    case 5: return `env ${r.pick(['A=1', 'PATH=$PATH:/opt/bin', 'OPTS="-v -x"', 'HOME', 'LANG=C.UTF-8', 'X=a b', '"K=v w"', 'PYTHONPATH=/srv/app', '=x', 'FOO='])}`;
    case 6: return `export ${r.pick(['A', 'A B', 'PATH', '$A', ''])}`;
    case 7: case 8: case 9: return eventStanza(r);
    case 10: return `emits ${r.pick(['app-ready', 'a b', '*-device-added', '""', ''])}`;
    case 11: case 12: return execLine(r);
    case 13: case 14: case 15: return scriptStanza(r);
    case 16: return `expect ${r.pick(['stop', 'daemon', 'fork', 'none', 'Daemon', '"fork"', ''])}`;
    case 17: return r.pick(['task', 'task extra', 'respawn', 'respawn # x']);
    case 18: return `respawn limit ${r.pick(['10 5', 'unlimited', '0 0', '5', 'unlimited 5', '-1 5', '10 -5', '99999999999 5', 'x y'])}`;
    case 19: return `kill timeout ${r.pick(NUMBERS)}`;
    case 20: return `kill signal ${r.pick(SIGNALS)}`;
    case 21: return `reload signal ${r.pick(SIGNALS)}`;
    case 22: {
      const v = [];
      for (let i = r.between(0, 4); i > 0; i--) v.push(r.pick([...SIGNALS, '0', '1', '2', '255', '256', '300']));
      return `normal exit ${v.join(' ')}`;
    }
    case 23: return `console ${r.pick(['log', 'none', 'output', 'owner', 'logged', ''])}`;
    case 24: return `umask ${r.pick(NUMBERS)}`;
    case 25: return `nice ${r.pick(NUMBERS)}`;
    case 26: return `oom ${r.pick(['score ', '"score" ', '', ''])}${r.pick(NUMBERS)}`;
    case 27: return `limit ${r.pick(RESOURCES)} ${r.pick(NUMBERS)} ${r.pick(NUMBERS)}`;
    case 28: return `${r.pick(['chroot', 'chdir'])} ${r.pick(PATH_VALUES)}`;
    case 29: return `setuid ${r.pick(USERS)}`;
    case 30: return `setgid ${r.pick(USERS)}`;
    case 31: return r.pick(['manual', 'debug', 'manual task', 'debug respawn', 'manual foo']);
    case 32: return `apparmor ${r.pick(['load /etc/apparmor.d/app', 'switch app-profile', 'switch $PROFILE', 'load', 'unload x'])}`;
    case 33: {
      const a = ['memory', '$UPSTART_CGROUP', 'limit_in_bytes', '1048576', 'extra'];
      return `cgroup ${a.slice(0, r.between(0, 5)).join(' ')}`;
    }
    case 34: return r.pick(['daemon', 'service', 'pid file /run/x.pid', 'wait for daemon', 'Exec /bin/true', 'console logged', 'start', 'stop foo', 'kill "timeout" 5', 'post-stop rm -f /run/x']);
    case 35: return `# upstart-lint ${r.pick(['disable-next-line', 'disable-line', 'disable', 'enable', 'disable-file'])} ${r.pick(['require-setuid', 'no-such-rule', '', 'require-setuid, require-setgid'])}`;
    case 36: return r.pick(['', '# comment', '   # indented comment', '\t']);
    case 37: return `${r.pick(['pre-start', 'post-stop'])} ${r.pick(['', 'script extra', '"exec" x'])}`;
    case 38: return `${generateStanza(r)} \\\n  ${word(r)}`;
    default: return `${r.pick(['start on', 'stop on'])} ${expression(r, r.between(1, 6), true)}`;
  }
}

export function generateJob(r) {
  const out = [];
  for (let i = r.between(1, 25); i > 0; i--) out.push(generateStanza(r));
  let s = out.join('\n') + (r.chance(0.9) ? '\n' : '');
  if (r.chance(0.05)) s = s.replace(/\n/g, '\r\n');
  return s;
}
