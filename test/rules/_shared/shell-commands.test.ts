import { describe, expect, test } from 'vitest';
import {
  commandOutputHandled,
  findPrivilegeDrop,
  isExecRedirection,
  parseCommands,
  programWords,
} from '../../../src/rules/_shared/shell-commands.js';

/** Commands as `depth:word word …` plus redirections as `[fd]op target`, for compact tables. */
function show(text: string): string[] {
  return parseCommands(text).map((c) => {
    const words = c.words.map((w) => w.value);
    const redirects = c.redirects.map((r) => `${r.fd ?? ''}${r.op}${r.target?.value ?? ''}`);
    const pipe = `${c.pipedIn ? '|' : ''}${c.pipedOut ? '>|' : ''}`;
    return `${c.depth}:${[...words, ...redirects].join(' ')}${pipe ? ` ${pipe}` : ''}`;
  });
}

describe('parseCommands', () => {
  test.each<[string, string[]]>([
    ['exec /usr/bin/x --y', ['0:exec /usr/bin/x --y']],
    ['a; b && c || d & e', ['0:a', '0:b', '0:c', '0:d', '0:e']],
    ["echo 'a > b' \"c | d\" e\\>f", ['0:echo a > b c | d e>f']],
    ['exec >>/var/log/x.log 2>&1', ['0:exec >>/var/log/x.log 2>&1']],
    ['cmd 2>/dev/null >out', ['0:cmd 2>/dev/null >out']],
    ['a 2>&1 | logger -t a', ['0:a 2>&1 >|', '0:logger -t a |']],
    ['x=$(echo "a ) b" | tr a b) cmd', ['0:x=$(echo "a ) b" | tr a b) cmd']],
    ['echo `date >x`', ['0:echo `date >x`']],
    ['# exec >x\ncmd # trailing > comment', ['0:cmd']],
    ['echo a#b', ['0:echo a#b']],
    ['cat <<EOF\nexec >x 2>&1\nEOF\nnext', ['0:cat <<EOF', '0:next']],
    ['cat <<-"EOF"\n\texec >x\n\tEOF\nnext', ['0:cat <<-EOF', '0:next']],
    ['if [ -f x ]; then\n  run >log\nfi\nafter', ['1:[ -f x ]', '1:run >log', '0:after']],
    ['while true; do\n  step\ndone', ['1:true', '1:step']],
    ['for f in a b; do use $f; done; end', ['1:use $f', '0:end']],
    ['case "$1" in\n  start|go) run ;;\n  (*) other ;;\nesac\nlast', ['1:run', '1:other', '0:last']],
    ['f() { exec >/dev/null; }\nf', ['1:exec >/dev/null', '0:f']],
    ['( cd /x && make )', ['1:cd /x', '1:make']],
    ['long \\\n  --arg', ['0:long --arg']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  test('offsets point into the text', () => {
    const text = 'cd /srv\n  exec node app.js >> /var/log/app.log 2>&1';
    const [, second] = parseCommands(text);
    expect(second && text.slice(second.start, second.end)).toBe('exec node app.js >> /var/log/app.log 2>&1');
    expect(second && text.slice(second.words[1]?.start, second.words[1]?.end)).toBe('node');
  });
});

describe('output helpers', () => {
  test.each<[string, boolean]>([
    ['exec x >>log 2>&1', true],
    ['exec x 2>err', true],
    ['exec x &>log', true],
    ['exec x 2>&1', false],
    ['exec x <input', false],
    ['exec x | logger', true],
    ['exec x', false],
  ])('commandOutputHandled(%j) = %s', (text, expected) => {
    expect(commandOutputHandled(parseCommands(text)[0]!)).toBe(expected);
  });

  test.each<[string, boolean]>([
    ['exec >>/var/log/x 2>&1', true],
    ['exec 1>/tmp/x', true],
    ['exec 2>&1', false],
    ['exec x >log', false],
    ['"exec" >log', false],
    ['exec </dev/null', false],
  ])('isExecRedirection(%j) = %s', (text, expected) => {
    expect(isExecRedirection(parseCommands(text)[0]!)).toBe(expected);
  });

  test.each<[string, string]>([
    ['exec env A=1 nice -n 5 /usr/bin/x --y', '/usr/bin/x --y'],
    ['A=1 B=2 exec nohup prog', 'prog'],
    ['exec', ''],
    ['ionice -c 3 exec x', 'x'],
  ])('programWords(%j)', (text, expected) => {
    expect(programWords(parseCommands(text)[0]!).map((w) => w.value).join(' ')).toBe(expected);
  });
});

describe('findPrivilegeDrop', () => {
  test.each<[string, string | null]>([
    ["exec su -s /bin/sh -c 'exec /usr/sbin/statsd' statsd", 'su statsd'],
    ["su - mythtv -c 'exec /usr/bin/twistd'", 'su mythtv'],
    ['su -c "/usr/sbin/bootmail" -l root', null],
    ['exec su -c "python agent.py" root', null],
    ['exec sudo -u cocaine /usr/bin/proxy', 'sudo cocaine'],
    ['exec sudo --user=node node app.js', 'sudo node'],
    ['exec sudo -uweb app', 'sudo web'],
    ['sudo /usr/bin/needs-root', null],
    ['exec start-stop-daemon --start --chuid ts3:ts3 --exec /x', 'start-stop-daemon ts3:ts3'],
    ['exec start-stop-daemon -c pi:pi --start --exec /x', 'start-stop-daemon pi:pi'],
    ['exec start-stop-daemon --start --chuid root --exec /x', null],
    ['exec minijail0 -u cras -g cras -- /usr/bin/cras', 'minijail0 cras'],
    ['exec minijail0 -l -- /usr/bin/tool', null],
    ['exec uwsgi --emperor /etc/vassals --uid oipa --gid oipa', 'uwsgi oipa'],
    ['exec uwsgi --ini app.ini --setuid=www-data', 'uwsgi www-data'],
    ['exec gunicorn -u web -b :8000 app:wsgi', 'gunicorn web'],
    ['exec gunicorn --user=web app:wsgi', 'gunicorn web'],
    ['exec setpriv --reuid=app --regid=app --init-groups /srv/run', 'setpriv app'],
    ['exec chroot --userspec=builder:builder /srv/jail /bin/make', 'chroot builder'],
    ['exec chroot /srv/jail /bin/sh', null],
    ['exec chpst -u app:app /srv/run', 'chpst app:app'],
    ['exec setuidgid app /srv/run', 'setuidgid app'],
    ['exec runuser -u app -- /srv/run', 'runuser app'],
    ['exec /sbin/runuser app -c /srv/run', 'runuser app'],
    ['echo "sudo -u x"', null],
    ['# sudo -u x', null],
    ['exec /usr/bin/app', null],
  ])('%j → %s', (text, expected) => {
    const drop = findPrivilegeDrop(parseCommands(text));
    expect(drop ? `${drop.tool} ${drop.user}` : null).toBe(expected);
  });
});

describe('robustness', () => {
  test('never throws, and every offset stays inside the text, for arbitrary input', async () => {
    const fc = await import('fast-check');
    const shellish = fc.string({
      unit: fc.constantFrom('a', ' ', '\n', '\t', '"', "'", '\\', '$', '(', ')', '{', '}', '`', '#', '<', '>', '&', '|', ';', '1', '2', '-', 'if', 'fi', 'case', 'esac', 'in', 'do', 'done', 'EOF', '<<'),
      maxLength: 80,
    });
    fc.assert(
      fc.property(shellish, (text) => {
        const commands = parseCommands(text);
        for (const c of commands) {
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeLessThanOrEqual(text.length);
          expect(c.depth).toBeGreaterThanOrEqual(0);
          for (const w of c.words) {
            expect(w.start).toBeGreaterThanOrEqual(c.start);
            expect(w.end).toBeLessThanOrEqual(text.length);
            expect(text.slice(w.start, w.end)).toBe(w.raw);
          }
        }
        findPrivilegeDrop(commands);
      }),
      { numRuns: 2000 },
    );
  });
});
