import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { LineIndex } from '../../src/grammar/positions.js';
import { JobModel, walkExpression, type JobSource } from '../../src/core/job-model.js';
import { parseVersion } from '../../src/core/version.js';

function source(path: string, text: string): JobSource {
  const role = path.endsWith('.override') ? 'override' : 'conf';
  const parsed = parse(text);
  const firstFatal = parsed.diagnostics.find((d) => d.fatal);
  return {
    path,
    role,
    text,
    lines: new LineIndex(text),
    ast: parsed.ast,
    ...(role === 'override' && firstFatal ? { appliedUntil: firstFatal.span.start.offset } : {}),
  };
}

function model(conf: string, override?: string): JobModel {
  const primary = source('/etc/init/web.conf', conf);
  return new JobModel({
    name: 'web',
    kind: 'system',
    targetVersion: parseVersion('1.13') ?? { major: 1, minor: 13 },
    primary,
    ...(override !== undefined ? { companion: source('/etc/init/web.override', override) } : {}),
  });
}

describe('JobModel: upstart 1.13 semantics (grammar document 2.1, 4.5)', () => {
  test('single-valued stanzas: the last occurrence wins', () => {
    const job = model('setuid alice\nsetuid bob\ndescription "a"\ndescription "b"\n');
    expect(job.text('setuid')).toBe('bob');
    expect(job.find('description')?.value).toBe('b');
    expect(job.findAll('setuid').map((s) => s.value)).toEqual(['alice', 'bob']);
  });

  test('exec and script replace each other per process slot (E37)', () => {
    const job = model('exec /usr/sbin/daemon\nscript\n  exec /usr/sbin/other\nend script\npre-start script\n  true\nend script\npre-start exec /bin/mkdir -p /run/x\n');
    expect(job.mainProcess?.type).toBe('ScriptStanza');
    expect(job.process('pre-start')?.type).toBe('ExecStanza');
    expect(job.processes.map((p) => p.phase)).toEqual(['pre-start', 'main']);
    expect(job.process('post-stop')).toBeNull();
  });

  test('manual clears a start on parsed before it, not one parsed after it', () => {
    expect(model('start on runlevel [2345]\nmanual\n').startOn).toBeNull();
    expect(model('manual\nstart on runlevel [2345]\n').startOn?.keyword).toBe('start on');
    expect(model('start on startup\n', 'manual\n').startOn).toBeNull();
    expect(model('stop on runlevel [016]\nmanual\n').stopOn?.keyword).toBe('stop on');
  });

  test('env, emits accumulate across conf and override; the later KEY wins (E63)', () => {
    const job = model('env A=1\nemits x\nexec /bin/foo\n', 'env A=2\nemits y\nscript\n  true\nend script\n');
    expect(job.env.map((e) => e.arg.value)).toEqual(['A=1', 'A=2']);
    expect(job.envVar('A')?.value).toBe('2');
    expect(job.findAll('emits').flatMap((e) => e.events.map((w) => w.value))).toEqual(['x', 'y']);
    expect(job.mainProcess?.type).toBe('ScriptStanza');
    expect(job.fileOf(job.mainProcess as object).role).toBe('override');
    expect(job.fileOf(job.envVar('A') as object).role).toBe('override');
    expect(job.fileOf(job.env[0] as object).role).toBe('conf');
  });

  test('an override with an error applies only the stanzas before it (E57)', () => {
    const job = model('start on runlevel [2345]\nauthor "w"\nexec /bin/foo\n', 'manual\nbleaugh!\nauthor "moo"\n');
    expect(job.startOn).toBeNull();
    expect(job.text('author')).toBe('w');
  });

  test('flags are one-way: task, respawn', () => {
    const job = model('respawn\n', 'task\n');
    expect(job.respawns).toBe(true);
    expect(job.isTask).toBe(true);
    expect(model('respawn limit 5 10\n').respawns).toBe(false);
  });

  test('limits: last per resource', () => {
    const job = model('limit nofile 10 20\nlimit core 0 0\nlimit nofile 30 40\n');
    expect(job.limits.get('nofile')?.soft).toBe(30n);
    expect(job.limits.get('core')?.hard).toBe(0n);
  });

  test('spanIn maps offsets of the file a node comes from', () => {
    const job = model('exec /bin/true\n', 'env PATH=/usr/bin:/tmp\n');
    const env = job.envVar('PATH');
    expect(env).not.toBeNull();
    const word = env?.arg;
    if (!word) return;
    const start = word.span.start.offset + 'PATH=/usr/bin:'.length;
    const span = job.spanIn(word, start, start + 4);
    expect(span.start).toEqual({ line: 1, column: 19, offset: 18 });
    expect(job.fileOf(span).role).toBe('override');
    expect(job.sourceText({ span })).toBe('/tmp');
  });
});

describe('walkExpression', () => {
  test('visits every node, parents first, without recursion', () => {
    const { ast } = parse('start on a and (b or c) and d X=1\n');
    const stanza = ast.stanzas[0];
    if (stanza?.type !== 'StartOnStanza') throw new Error('expected start on');
    const kinds = [...walkExpression(stanza.expression)].map((n) => (n.type === 'EventMatch' ? n.event.value : n.type));
    expect(kinds).toEqual(['AndExpression', 'AndExpression', 'a', 'GroupExpression', 'OrExpression', 'b', 'c', 'd']);
  });

  test('handles 100,000 nested groups', () => {
    const depth = 100_000;
    const { ast, diagnostics } = parse(`start on ${'('.repeat(depth)}a${')'.repeat(depth)}\n`);
    expect(diagnostics).toEqual([]);
    const stanza = ast.stanzas[0];
    if (stanza?.type !== 'StartOnStanza') throw new Error('expected start on');
    let groups = 0;
    for (const n of walkExpression(stanza.expression)) if (n.type === 'GroupExpression') groups++;
    expect(groups).toBe(depth);
  });
});
