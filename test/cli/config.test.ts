import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, cleanup, isolatedConfig, parseJson, run, summarize, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const ROOT_JOB = 'description "x"\nstart on runlevel [2345]\nstop on runlevel [!2345]\nconsole log\nexec /opt/rootd/bin/rootd\n';

function severities(stdout: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of parseJson(stdout)) {
    for (const m of r.messages) (out[m.ruleId] ??= []).push(m.severity);
  }
  return out;
}

describe('discovery', () => {
  test('configs cascade from the repository root to the file; nearer settings win', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': isolatedConfig({ 'require-setuid': 'error' }),
      'a/etc/init/job.conf': ROOT_JOB,
      'b/.upstart-lint.yaml': 'rules:\n  require-setuid: warn\n',
      'b/etc/init/job.conf': ROOT_JOB,
    });
    const r = run(['-f', 'json', 'a/etc/init/job.conf', 'b/etc/init/job.conf'], { cwd: root });
    const [a, b] = parseJson(r.stdout);
    expect(a?.messages.map((m) => [m.ruleId, m.severity])).toEqual([['require-setuid', 2]]);
    expect(b?.messages.map((m) => [m.ruleId, m.severity])).toEqual([['require-setuid', 1]]);
    expect(r.code).toBe(1);
  });

  test('root: true stops the search', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': JSON.stringify({ rules: { 'require-setuid': 'error' } }),
      'sub/.upstart-lint.jsonc': isolatedConfig({}),
      'sub/etc/init/job.conf': ROOT_JOB,
    });
    const r = run(['-f', 'json', 'sub/etc/init/job.conf'], { cwd: root });
    expect(parseJson(r.stdout)[0]?.messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('the search stops at the repository root (the directory holding .git)', () => {
    const outer = tempRepo();
    writeFiles(outer, { '.upstart-lint.json': '{ this is not json' });
    const root = join(outer, 'inner');
    writeFiles(root, { '.git/HEAD': 'ref: refs/heads/main\n', 'etc/init/job.conf': ROOT_JOB });
    const r = run(['-f', 'json', 'etc/init/job.conf', '--rule', 'require-setuid:error'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  test('JSONC (comments, trailing commas) and YAML are accepted', () => {
    const root = tempRepo();
    writeFiles(root, {
      'j/.upstart-lint.jsonc': '// strict\n{ "root": true, "rules": { "require-setuid": "error", }, }\n',
      'j/etc/init/job.conf': ROOT_JOB,
      'y/.upstart-lint.yml': 'root: true\nrules:\n  require-setuid: [error]\n',
      'y/etc/init/job.conf': ROOT_JOB,
    });
    const r = run(['-f', 'json', 'j', 'y'], { cwd: root });
    expect(severities(r.stdout)['require-setuid']).toEqual([2, 2]);
  });

  test('--config uses only the given file', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': '{ broken',
      'ci/strict.yaml': 'rules:\n  require-setuid: error\n',
      'etc/init/job.conf': ROOT_JOB,
    });
    const r = run(['-f', 'json', '--config', 'ci/strict.yaml', 'etc/init/job.conf'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(severities(r.stdout)['require-setuid']).toEqual([2]);
  });

  test('overrides by glob set rules and the job kind', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': isolatedConfig(
        { 'require-setuid': 'error' },
        {
          overrides: [
            { files: ['deploy/**'], jobKind: 'session' },
            { files: 'legacy-*.conf', rules: { 'require-setuid': 'warn' } },
          ],
        },
      ),
      'deploy/upstart/app.conf': ROOT_JOB,
      'etc/init/legacy-app.conf': ROOT_JOB,
      'etc/init/app.conf': ROOT_JOB,
    });
    const r = run(['-f', 'json', 'deploy', 'etc/init'], { cwd: root });
    expect(summarize(parseJson(r.stdout), root)).toEqual([
      'deploy/upstart/app.conf:',
      'etc/init/app.conf: require-setuid@5',
      'etc/init/legacy-app.conf: require-setuid@5',
    ]);
    expect(severities(r.stdout)['require-setuid']).toEqual([2, 1]);
  });

  test('--rule on the command line wins over configuration', () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': isolatedConfig({ 'require-setuid': 'error' }), 'etc/init/job.conf': ROOT_JOB });
    const r = run(['-f', 'json', '--rule', 'require-setuid:off'], { cwd: root });
    expect(parseJson(r.stdout)[0]?.messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('--target-version wins over targetVersion in configuration; a bad one is a usage error', () => {
    const root = tempRepo();
    // `setuid` arrived in upstart 1.4.
    writeFiles(root, { '.upstart-lint.json': isolatedConfig({ 'no-unsupported-stanza': 'error' }, { targetVersion: '1.13' }), 'etc/init/job.conf': 'setuid web\nexec /usr/bin/web\n' });
    expect(run(['-f', 'json'], { cwd: root }).code).toBe(0);
    const old = run(['-f', 'json', '--target-version', '1.3'], { cwd: root });
    expect(summarize(parseJson(old.stdout), root)).toEqual(['etc/init/job.conf: no-unsupported-stanza@1']);
    expect(old.code).toBe(1);
    expect(JSON.parse(run(['--print-config', 'etc/init/job.conf', '--target-version', '1.3'], { cwd: root }).stdout)).toMatchObject({ targetVersion: '1.3' });
    const bad = run(['--target-version', 'latest'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^upstart-lint: --target-version latest: expected an upstart version such as 1\.13 or 1\.6\n/);
  });

  test('--print-config shows what applies to a file', () => {
    const root = tempRepo();
    writeFiles(root, {
      '.upstart-lint.json': JSON.stringify({ targetVersion: '1.5', overrides: [{ files: '*.conf', jobKind: 'user' }] }),
      'etc/init/.upstart-lint.yaml': 'rules:\n  require-setuid: error\n',
    });
    const r = run(['--print-config', 'etc/init/job.conf', '--rule', 'valid-env-path:off'], { cwd: root });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as Record<string, unknown> & { rules: Record<string, unknown> };
    expect(printed).toMatchObject({
      filePath: join(root, 'etc/init/job.conf'),
      configFiles: [join(root, '.upstart-lint.json'), join(root, 'etc/init/.upstart-lint.yaml')],
      jobKind: 'user',
      targetVersion: '1.5',
      inlineConfig: true,
    });
    expect(printed.rules['require-setuid']).toEqual(['error', expect.anything()]);
    expect(printed.rules['valid-env-path']).toBe('off');
  });
});

describe('configuration errors exit 2 and name the offending key', () => {
  test.each([
    ['.upstart-lint.json', '{ "rules": { "require-setuid": "error" }, }', /\.upstart-lint\.json:1:43: invalid JSON: expected a property name in double quotes \(a trailing comma is allowed only in \.jsonc files\)/],
    ['.upstart-lint.yaml', 'rules:\n  require-setuid: [error\n', /\.upstart-lint\.yaml:3:1: invalid YAML: /],
    ['.upstart-lint.yaml', 'rules:\n  require-setuid: error\n  require-setuid: warn\n', /\.upstart-lint\.yaml:3:3: invalid YAML: duplicated mapping key/],
    ['.upstart-lint.yaml', 'root: true\n---\nroot: false\n', /\.upstart-lint\.yaml: 2 YAML documents \(separated by ---\); a configuration file holds one/],
    ['.upstart-lint.yaml', '# nothing yet\n', /\.upstart-lint\.yaml: the configuration must be an object/],
    ['.upstart-lint.json', '{ "rulez": {} }', /unknown key "rulez" at the top level/],
    ['.upstart-lint.json', '{ "rules": { "require-setuid": "loud" } }', /rules\.require-setuid: expected "off", "info", "warn", "error"/],
    ['.upstart-lint.json', '{ "rules": { "require-setiud": "error" } }', /rules\.require-setiud: unknown rule "require-setiud"; did you mean "require-setuid"\?/],
    ['.upstart-lint.json', '{ "targetVersion": "latest" }', /targetVersion: "latest" is not a version like "1\.13"/],
    ['.upstart-lint.json', '{ "overrides": [{ "files": "*.conf", "jobKind": "daemon" }] }', /overrides\[0\]\.jobKind: "daemon" is not one of "system", "user", "session"/],
    ['.upstart-lint.json', '{ "overrides": [{ "rules": {} }] }', /overrides\[0\]: missing required key "files"/],
    ['.upstart-lint.json', '[1, 2]', /the configuration must be an object/],
    // 100,000 levels overflowed the JSON parser's call stack (an internal error before).
    ['.upstart-lint.json', `{ "rules":\n${'[\n'.repeat(100_000)}`, /\.upstart-lint\.json:101:1: invalid JSON: nested more than 100 levels deep/],
    ['.upstart-lint.jsonc', `// deep\n${'{"a":\n'.repeat(100_000)}`, /\.upstart-lint\.jsonc:102:1: invalid JSONC: nested more than 100 levels deep/],
  ])('%s containing %s', (name, text, message) => {
    const root = tempRepo();
    writeFiles(root, { [name]: text, 'etc/init/job.conf': ROOT_JOB });
    const r = run([], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^upstart-lint: /);
    expect(r.stderr).toContain(join(root, name));
    expect(r.stderr).toMatch(message);
    // One message; a syntax error is shown whole, with the lines around it and a caret under the spot.
    const [first, ...frame] = r.stderr.trim().split('\n');
    expect(first).toMatch(message);
    if (/invalid (JSON|JSONC|YAML)/.test(first ?? '')) {
      expect(frame.length).toBeGreaterThanOrEqual(2);
      expect(frame.at(-1)).toMatch(/^\s+\S*\s*\^$/);
      expect(frame.every((l) => l.startsWith('  '))).toBe(true);
    } else {
      expect(frame).toEqual([]);
    }
  });

  test('a missing --config file', () => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/job.conf': ROOT_JOB });
    const r = run(['--config', 'nope.json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`upstart-lint: cannot read configuration file ${join(root, 'nope.json')}: no such file or directory\n`);
  });

  test('two configuration files in one directory', () => {
    const root = tempRepo();
    writeFiles(root, { '.upstart-lint.json': '{}', '.upstart-lint.yaml': '{}', 'etc/init/job.conf': ROOT_JOB });
    const r = run([], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several configuration files (.upstart-lint.json, .upstart-lint.yaml); keep one');
  });

  test('a directory named like a configuration file is an error, not passed over', () => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/job.conf': ROOT_JOB });
    mkdirSync(join(root, '.upstart-lint.json'));
    const r = run([], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`upstart-lint: ${join(root, '.upstart-lint.json')}: is a directory, not a configuration file\n`);
  });
});
