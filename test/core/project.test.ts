/** The project model's pure parts: the cheap index, nginx reading, names, scopes and consumers. */
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { walkExpression } from '../../src/core/job-model.js';
import { nginxFacts, parseNginx, unixSocketOf } from '../../src/core/nginx.js';
import { indexJobText } from '../../src/core/project-index.js';
import { ProjectBuilder, editDistance, globToRegExp, projectFileKind, type ProjectModel } from '../../src/core/project.js';
import { parseVersion } from '../../src/core/version.js';

const V113 = parseVersion('1.13') ?? { major: 1, minor: 13 };

function model(files: Record<string, string>): ProjectModel {
  const b = new ProjectBuilder({ siblingsKnown: true });
  for (const [p, t] of Object.entries(files)) {
    if (projectFileKind(p, true) === 'nginx') b.addNginx(p, t);
    else b.addJob(p, t);
  }
  return b.build();
}

describe('indexJobText reads what the parser reads', () => {
  test('start on, stop on, emits, sockets, manual', () => {
    const ix = indexJobText(
      [
        'emits app-ready db-*',
        'start on (started web JOB=x and',
        '  socket PROTO=unix PATH=/run/a.sock) # comment',
        'stop on stopping JOB=web or runlevel [!2345]',
        'script',
        '  start on not-a-stanza',
        'end script',
      ].join('\n'),
    );
    expect(ix.emits).toEqual(['app-ready', 'db-*']);
    expect(ix.startOn === 'cleared' || ix.startOn === null ? ix.startOn : ix.startOn.map((r) => [r.event, r.job])).toEqual([
      ['started', 'web'],
      ['socket', null],
    ]);
    expect(ix.stopOn?.map((r) => [r.event, r.job])).toEqual([
      ['stopping', 'web'],
      ['runlevel', null],
    ]);
    expect(ix.unixSockets).toEqual(['/run/a.sock']);
    expect(indexJobText('start on a\nmanual\n').startOn).toBe('cleared');
    expect(indexJobText('manual\nstart on a\n').startOn).not.toBe('cleared');
  });

  test('agrees with the full parse on every event name of the corpus-like shapes', () => {
    const texts = [
      'start on (local-filesystems\n    and net-device-up IFACE!=lo)\n',
      'start on "quoted event" or b\n',
      'start on a \\\n and b\n',
      'start on foo"(x)" or bar\n',
    ];
    for (const text of texts) {
      const ast = parse(text).ast;
      const stanza = ast.stanzas[0];
      const expected: string[] = [];
      if (stanza?.type === 'StartOnStanza') for (const n of walkExpression(stanza.expression)) if (n.type === 'EventMatch') expected.push(n.event.value);
      const got = indexJobText(text).startOn;
      expect(Array.isArray(got) ? got.map((r) => r.event) : got).toEqual(expected);
    }
  });

  test('initctl emit in scripts and exec lines: literal names, options, KEY=VALUE, computed names', () => {
    const ix = indexJobText(
      [
        'start on runlevel [2345]',
        'pre-start script',
        '    if [ -e /run/x ]; then',
        '        initctl emit --no-wait cache-warm LEVEL=1 || true',
        '    fi',
        '    cat <<-EOF',
        '\tinitctl emit not-a-command',
        '\tEOF',
        '    /sbin/initctl --system emit db-up',
        '    echo "$(initctl emit from-substitution)"',
        'end script',
        'exec initctl emit -n app-ready',
        'post-start exec sudo /sbin/initctl emit "quoted-name" A=b',
        'post-stop script',
        '  initctl status x; initctl emitted-x y; echo initctl emit echoed',
        'end script',
      ].join('\n'),
    );
    expect(ix.emits).toEqual(['cache-warm', 'db-up', 'from-substitution', 'app-ready', 'quoted-name']);
    expect(ix.emitsDynamic).toBe(false);
    expect(indexJobText('script\n  initctl emit --no-wait "$EVENT"\nend script\n').emitsDynamic).toBe(true);
    expect(indexJobText('exec initctl emit app-$NAME\n').emitsDynamic).toBe(true);
    expect(indexJobText('exec initctl emit\n')).toMatchObject({ emits: [], emitsDynamic: false });
    // The shell parser reads only files that mention both words; a file without them is not scanned.
    expect(indexJobText('exec /usr/bin/emit-tool\n')).toMatchObject({ emits: [], emitsDynamic: false });
  });

  test('initctl emit: the names the project model finds are those the full parse shows', () => {
    const texts = [
      'script\n  initctl emit a-one\n  exec /sbin/initctl emit -n b-two K=V\nend script\n',
      'pre-start exec initctl emit c-three\n',
      'script\n\tfor x in 1 2; do initctl emit d-four; done\nend script\n',
    ];
    for (const text of texts) {
      const job = parse(text).ast;
      const expected: string[] = [];
      for (const stanza of job.stanzas) {
        const m = /initctl emit (?:-n )?([a-z-]+)/g;
        const src = stanza.type === 'ScriptStanza' ? stanza.body.text : stanza.type === 'ExecStanza' ? stanza.command.value : '';
        for (let r = m.exec(src); r; r = m.exec(src)) expected.push(r[1] as string);
      }
      expect(indexJobText(text).emits).toEqual(expected);
    }
  });

  test('never throws on garbage', () => {
    for (const text of ['start on (', 'start', '\u0000start on x', 'emits', '"', 'start on ((((((a']) {
      expect(() => indexJobText(text)).not.toThrow();
    }
  });
});

describe('nginx', () => {
  test('directives, blocks, quotes, comments, variables and Lua blocks', () => {
    const text = [
      '# comment { ; }',
      'user "www data" staff; # trailing',
      'http {',
      "  log_format main '$remote_addr ; {x}';",
      '  map $a $b { default 1; \'\' 0; }',
      '  server {',
      '    if ($http_user_agent ~* "(bot){2}") { return 403; }',
      '    location /lua {',
      '      content_by_lua_block {',
      '        local t = { a = "}" } -- a } in a comment',
      '        ngx.say([[ } ]])',
      '      }',
      '    }',
      '    location ~ ^/x${y}$ { fastcgi_pass unix:/run/php.sock; }',
      '  }',
      '}',
    ].join('\n');
    const parsed = parseNginx(text);
    expect(parsed.error).toBeNull();
    expect(parsed.directives.map((d) => d.name.value)).toEqual(['user', 'http']);
    expect(parsed.directives[0]?.args.map((a) => a.value)).toEqual(['www data', 'staff']);
    const facts = nginxFacts('/t/nginx.conf', text);
    expect(facts.user?.name).toBe('www data');
    expect(facts.sockets.map((s) => `${s.directive} ${s.path} ${s.span.start.line}:${s.span.start.column}`)).toEqual(['fastcgi_pass /run/php.sock 14:27']);
  });

  test('broken input: an error, what was read, no throw', () => {
    expect(parseNginx('http {').error?.message).toMatch(/end of file/);
    expect(parseNginx('}').error?.message).toMatch(/unexpected/);
    expect(parseNginx('a "b').error?.message).toMatch(/unterminated/);
    expect(() => parseNginx('{'.repeat(100_000))).not.toThrow();
    expect(() => parseNginx('a {'.repeat(100_000))).not.toThrow();
  });

  test('unix socket addresses', () => {
    expect(unixSocketOf('unix:/run/a.sock')).toBe('/run/a.sock');
    expect(unixSocketOf('http://unix:/run/a.sock:/api/')).toBe('/run/a.sock');
    expect(unixSocketOf('grpc://unix:/run/g.sock')).toBe('/run/g.sock');
    expect(unixSocketOf('http://127.0.0.1:8080')).toBeNull();
    expect(unixSocketOf('unix:')).toBeNull();
  });

  test('the user of a consumer: user directive, compiled-in default, packaged default', () => {
    const m = model({
      '/r/etc/nginx/nginx.conf': 'user deploy;\nevents {}\nhttp { include sites-enabled/*; }\n',
      '/r/etc/nginx/sites-enabled/a': 'upstream a { server unix:/var/run/a.sock; }\n',
      '/s/etc/nginx/nginx.conf': 'events {}\nhttp { include /etc/nginx/conf.d/*.conf; }\n',
      '/s/etc/nginx/conf.d/b.conf': 'server { location / { uwsgi_pass unix:/run/b.sock; } }\n',
      '/t/deploy/sites-available/c': 'server { location / { proxy_pass http://unix:/run/c.sock:/; } }\n',
    });
    const user = (p: string): string => m.socketConsumers(p).map((c) => `${c.user.name}/${c.user.source}`).join(',');
    expect(user('/run/a.sock')).toBe('deploy/directive');
    expect(user('/run/b.sock')).toBe('nobody/compiled-default');
    expect(user('/var/run/c.sock')).toBe('www-data/packaged-default');
    expect(user('/run/none.sock')).toBe('');
  });
});

describe('names and scopes', () => {
  const m = model({
    '/t/etc/init/webapp.conf': 'emits app-*\nexec /x\n',
    '/t/etc/init/net/apache.conf': 'exec /x\n',
    '/t/home/alice/.config/upstart/notes.conf': 'emits notes-ready\nexec /x\n',
    '/t/home/alice/.init/notes.conf': 'exec /x\n',
    '/t/etc/init/orphan.override': 'manual\n',
  });
  const system = m.view({ filePath: '/t/etc/init/other.conf', kind: 'system', targetVersion: V113 });
  const session = m.view({ filePath: '/t/home/alice/.config/upstart/x.conf', kind: 'session', targetVersion: V113 });

  test('jobs: tree, stock, globs; an override alone is no job', () => {
    expect(system.jobSource('webapp')).toBe('tree');
    expect(system.jobSource('net/apache')).toBe('tree');
    expect(system.jobSource('web*')).toBe('tree');
    expect(system.jobSource('cron')).toBe('stock');
    expect(system.jobSource('orphan')).toBeNull();
    expect(system.jobSource('notes')).toBe('tree'); // ~/.init jobs are visible to PID 1 (1.3–1.6)
    expect(session.jobSource('webapp')).toBeNull();
    expect(session.jobSource('webapp', true)).toBe('tree');
    expect(session.jobSource('unity7')).toBe('stock');
  });

  test('events: emits globs, init, udev, scopes', () => {
    expect(system.eventSource('app-started')).toBe('tree');
    expect(system.eventSource('runlevel')).toBe('init');
    expect(system.eventSource('usb-device-added')).toBe('udev');
    expect(system.eventSource('notes-ready')).toBeNull();
    expect(session.eventSource('notes-ready')).toBe('tree');
    expect(session.eventSource('desktop-start')).toBe('init');
  });

  test('did-you-mean within a small edit distance', () => {
    expect(system.similarJob('webap')).toBe('webapp');
    expect(system.similarJob('networking-manager')).toBeNull();
    expect(system.similarEvent('local-filesystem')).toBe('local-filesystems');
    expect(editDistance('abcd', 'acbd', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  test('duplicates follow the Session Init priority', () => {
    const loser = m.view({ filePath: '/t/home/alice/.init/notes.conf', kind: 'user', targetVersion: V113 });
    expect(loser.shadowedBy()).toEqual({ path: '/t/home/alice/.config/upstart/notes.conf', reason: 'session-priority' });
    const winner = m.view({ filePath: '/t/home/alice/.config/upstart/notes.conf', kind: 'session', targetVersion: V113 });
    expect(winner.shadowedBy()).toBeNull();
  });
});

test('fnmatch globs as upstart matches them', () => {
  expect(globToRegExp('[2345]').test('3')).toBe(true);
  expect(globToRegExp('[!2345]').test('3')).toBe(false);
  expect(globToRegExp('a*').test('a/b')).toBe(true);
  expect(globToRegExp('a\\*').test('a*')).toBe(true);
  expect(globToRegExp('a\\*').test('ab')).toBe(false);
  expect(globToRegExp('[').test('[')).toBe(true);
});

test('which files of a tree are jobs and which are nginx configuration', () => {
  expect(projectFileKind('/r/etc/init/nginx.conf')).toBe('job');
  expect(projectFileKind('/r/etc/nginx/nginx.conf')).toBe('nginx');
  expect(projectFileKind('/r/deploy/sites-enabled/app')).toBe('nginx');
  expect(projectFileKind('/r/deploy/my-nginx.conf')).toBe('nginx');
  expect(projectFileKind('/r/deploy/my-nginx.conf', true)).toBe('job');
  expect(projectFileKind('/r/debian/app.upstart')).toBe('job');
  expect(projectFileKind('/r/deploy/app.conf')).toBeNull();
});
