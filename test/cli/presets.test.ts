/**
 * Presets: data in the package (presets/*.json), valid against the configuration schema, applied
 * by `extends` before a file's own rules, shown by --print-config, and checked like the rest of a
 * configuration file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PRESET_NAMES } from '../../src/load/load-config.js';
import { rules } from '../../src/rules/index.js';
import { assertBuilt, cleanup, REPO, run, tempRepo, writeFiles } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const preset = (name: string) => JSON.parse(readFileSync(join(REPO, 'presets', `${name}.json`), 'utf8')) as { rules: Record<string, string> };

// A ChromeOS-style service with a legacy `oom` (which counts as an OOM score), a file command in
// pre-start, a user switch in the command, no author/description, and a respawning service without
// `stop on` (a warning by default).
const JOB = [
  'start on started system-services',
  'respawn',
  'oom -5',
  'pre-start exec mkdir -p /run/exampled',
  'exec minijail0 -u exampled -- /usr/sbin/exampled',
  '',
].join('\n');

function lint(config: string, args: string[] = []): { code: number | null; found: string[] } {
  const root = tempRepo();
  writeFiles(root, { 'etc/init/exampled.conf': JOB, ...(config === '' ? {} : { '.upstart-lint.yaml': `root: true\n${config}` }) });
  const r = run(['-f', 'json', ...args, 'etc/init/exampled.conf'], { cwd: root });
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; severity: number }[] }[];
  return { code: r.code, found: (result?.messages ?? []).map((m) => `${m.ruleId}:${m.severity}`).sort() };
}

describe('the preset files', () => {
  test.each(PRESET_NAMES)('%s is valid against the configuration schema and names only known rules', (name) => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schema/upstart-lint.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const data = preset(name);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    for (const id of Object.keys(data.rules)) expect(rules.has(id), id).toBe(true);
  });

  test('recommended lists every rule at its default severity; strict every rule on, warnings as errors', () => {
    const recommended = preset('recommended').rules;
    const strict = preset('strict').rules;
    for (const [id, rule] of rules) {
      expect(recommended[id], id).toBe(rule.meta.defaultSeverity);
      expect(strict[id], id).toBe(rule.meta.defaultSeverity === 'info' ? 'info' : 'error');
    }
  });
});

describe('extends', () => {
  test('no configuration is the recommended preset', () => {
    // prefer-setuid stays quiet: the pre-start hook needs root, and minijail0 its sandbox.
    expect(lint('').found).toEqual(['prefer-oom-score:1', 'require-stop-on:1']);
    expect(lint('extends: recommended\n').found).toEqual(lint('').found);
  });

  test('strict: every rule on, warnings as errors, style stays info', () => {
    const { code, found } = lint('extends: strict\n');
    expect(found).toEqual([
      'prefer-oom-score:1',
      'prefer-tmpfiles:2',
      'require-author:2',
      'require-description:2',
      'require-stop-on:2',
    ]);
    expect(code).toBe(1);
  });

  test('chromeos: the chromite policy, prefer-setuid off, the file\'s own rules after it', () => {
    expect(lint('extends: chromeos\n').found).toEqual([
      'prefer-oom-score:2',
      'prefer-tmpfiles:2',
      'require-author:2',
      'require-description:2',
      'require-stop-on:1',
    ]);
    expect(lint('extends: [chromeos]\nrules:\n  prefer-tmpfiles: warn\n').found).toContain('prefer-tmpfiles:1');
    // Later presets win.
    expect(lint('extends: [chromeos, recommended]\n').found).toEqual(lint('').found);
  });

  test('in an override, for the files it matches', () => {
    const root = tempRepo();
    writeFiles(root, {
      'etc/init/exampled.conf': JOB,
      'etc/init/other.conf': JOB,
      '.upstart-lint.yaml': 'root: true\noverrides:\n  - files: ["exampled.conf"]\n    extends: chromeos\n',
    });
    const out = run(['-f', 'unix', 'etc/init/'], { cwd: root }).stdout;
    expect(out).toMatch(/^etc\/init\/exampled\.conf:.*\[require-author\]$/m);
    expect(out).not.toMatch(/^etc\/init\/other\.conf:.*\[require-author\]$/m);
  });

  test('--print-config shows the presets and the resulting settings', () => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/exampled.conf': JOB, '.upstart-lint.yaml': 'root: true\nextends: chromeos\n' });
    const printed = JSON.parse(run(['--print-config', 'etc/init/exampled.conf'], { cwd: root }).stdout) as { presets: string[]; rules: Record<string, unknown> };
    expect(printed.presets).toEqual(['recommended', 'chromeos']);
    expect(printed.rules['require-author']).toEqual(['error', {}]);
    expect(printed.rules['prefer-setuid']).toBe('off');
  });

  test('an unknown preset is a configuration error naming it (exit 2)', () => {
    const root = tempRepo();
    writeFiles(root, { 'etc/init/exampled.conf': JOB, '.upstart-lint.yaml': 'extends: [strict, chromos]\n' });
    const r = run(['etc/init/exampled.conf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`upstart-lint: ${join(root, '.upstart-lint.yaml')}: extends[1]: "chromos" is not one of "recommended", "strict", "chromeos"\n`);
  });
});
