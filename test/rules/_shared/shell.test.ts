/**
 * The helpers rules use over the shell tree: commands with their nesting and pipes, which
 * program a command runs, nested `sh -c` scripts, and user switches read from it.
 */
import { describe, expect, test } from 'vitest';
import { parseShell } from '../../../src/shell/index.js';
import { findUserSwitch } from '../../../src/rules/_shared/app-process.js';
import { argvOf, isExecRedirection, nestedScript, programWords, redirectsOutput, runCommand, simpleCommands, type RunCommand } from '../../../src/rules/_shared/shell.js';

function commands(text: string): RunCommand[] {
  const { script, errors } = parseShell(text);
  expect(errors).toEqual([]);
  return simpleCommands(script.body).map((context) => runCommand(argvOf(context.command, text), context));
}

/** Commands as `depth:word word …` plus redirections as `[fd]op target`, for compact tables. */
function show(text: string): string[] {
  return commands(text).map(({ argv, context }) => {
    const c = context?.command;
    const words = argv.map((w) => w.text);
    const redirects = (c?.redirects ?? []).map((r) => `${r.fd ?? ''}${r.op}${r.target ? text.slice(r.target.start, r.target.end) : ''}`);
    const pipe = context && context.pipeline.commands.length > 1 ? (context.index > 0 ? ' |' : ' >|') : '';
    return `${context?.depth ?? 0}:${[...words, ...redirects].join(' ')}${pipe}`;
  });
}

describe('simpleCommands', () => {
  test.each<[string, string[]]>([
    ['exec /usr/bin/x --y', ['0:exec /usr/bin/x --y']],
    ['a; b && c || d & e', ['0:a', '0:b', '0:c', '0:d', '0:e']],
    ["echo 'a > b' \"c | d\" e\\>f", ['0:echo a > b c | d e>f']],
    ['exec >>/var/log/x.log 2>&1', ['0:exec >>/var/log/x.log 2>&1']],
    ['a 2>&1 | logger -t a', ['0:a 2>&1 >|', '0:logger -t a |']],
    ['x=$(echo "a ) b" | tr a b) cmd', ['0:cmd', '1:echo a ) b >|', '1:tr a b |']],
    ['echo `date >x`', ['0:echo `date >x`', '1:date >x']],
    ['# exec >x\ncmd # trailing > comment', ['0:cmd']],
    ['echo a#b', ['0:echo a#b']],
    ['cat <<EOF\nexec >x 2>&1\nEOF\nnext', ['0:cat <<EOF', '0:next']],
    ['cat <<-"EOF"\n\texec >x\n\tEOF\nnext', ['0:cat <<-"EOF"', '0:next']],
    ['if [ -f x ]; then\n  run >log\nfi\nafter', ['1:[ -f x ]', '1:run >log', '0:after']],
    ['while true; do\n  step\ndone', ['1:true', '1:step']],
    ['for f in a b; do use $f; done; end', ['1:use $f', '0:end']],
    ['case "$1" in\n  start|go) run ;;\n  (*) other ;;\nesac\nlast', ['1:run', '1:other', '0:last']],
    ['f() { exec >/dev/null; }\nf', ['1:exec >/dev/null', '0:f']],
    ['( cd /x && make )', ['1:cd /x', '1:make']],
    ['long \\\n  --arg', ['0:long --arg']],
    ['FLAGS=$((1 << 4))\nexec app >> /tmp/app.log', ['0:', '0:exec app >>/tmp/app.log']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  test('errexit: conditions, left sides of && and ||, ! and pipeline heads are exempt', () => {
    const text = 'if a; then b; fi\nc && d\n! e\nf | g\nh\n';
    const exempt = commands(text).map((c) => `${c.argv[0]?.value}:${c.context?.errexitIgnored}`);
    expect(exempt).toEqual(['a:true', 'b:false', 'c:true', 'd:false', 'e:true', 'f:true', 'g:false', 'h:false']);
  });
});

describe('output helpers', () => {
  const first = (text: string) => commands(text)[0]?.context?.command;
  test.each<[string, boolean]>([
    ['exec x >>log 2>&1', true],
    ['exec x 2>err', true],
    ['exec x 2>&1', false],
    ['exec x <input', false],
    ['exec x', false],
  ])('redirectsOutput(%j) = %s', (text, expected) => {
    expect((first(text)?.redirects ?? []).some(redirectsOutput)).toBe(expected);
  });

  test.each<[string, boolean]>([
    ['exec >>/var/log/x 2>&1', true],
    ['exec 1>/tmp/x', true],
    ['exec 2>&1', false],
    ['exec x >log', false],
    ['"exec" >log', true],
    ['exec </dev/null', false],
  ])('isExecRedirection(%j) = %s', (text, expected) => {
    const c = first(text);
    expect(c !== undefined && isExecRedirection(c)).toBe(expected);
  });

  test.each<[string, string]>([
    ['exec env A=1 nice -n 5 /usr/bin/x --y', '/usr/bin/x --y'],
    ['A=1 B=2 exec nohup prog', 'prog'],
    ['exec', ''],
    ['ionice -c 3 exec x', 'x'],
  ])('programWords(%j)', (text, expected) => {
    expect(programWords(commands(text)[0]?.argv ?? []).map((w) => w.text).join(' ')).toBe(expected);
  });

  test.each<[string, string | null, string | null]>([
    ["exec su -s /bin/sh -c 'exec /usr/sbin/statsd >> /tmp/x' statsd", 'exec /usr/sbin/statsd >> /tmp/x', '/tmp/x'],
    ['sudo -u app bash -c "cd /srv && ./run"', 'cd /srv && ./run', './run'],
    ['sh -c "$CMD"', null, null],
    ['echo -c x', null, null],
  ])('nestedScript(%j)', (text, script, piece) => {
    const nested = nestedScript(commands(text)[0]?.argv ?? []);
    expect(nested?.text ?? null).toBe(script);
    if (nested && piece) {
      const at = nested.text.indexOf(piece);
      expect(text.slice(nested.offset(at), nested.offset(at) + piece.length)).toBe(piece);
    }
  });
});

describe('findUserSwitch over the shell tree', () => {
  test.each<[string, string | null]>([
    ["exec su -s /bin/sh -c 'exec /usr/sbin/statsd' statsd", 'su statsd'],
    ["su - mythtv -c 'exec /usr/bin/twistd'", 'su mythtv'],
    ['su -c "/usr/sbin/bootmail" -l root', null],
    ['exec su -c "python agent.py" root', null],
    ['exec sudo -u cocaine /usr/bin/proxy', 'sudo cocaine'],
    ['exec sudo --user=node node app.js', 'sudo node'],
    ['exec sudo -uweb app', 'sudo web'],
    ['exec sudo -u $RUN_AS app', 'sudo $RUN_AS'],
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
    const drop = findUserSwitch(commands(text).map((c) => c.argv.map((w) => ({ value: w.text }))));
    expect(drop ? `${drop.tool} ${drop.user}` : null).toBe(expected);
  });
});
