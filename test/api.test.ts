import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { StanzaParser } from '../src/grammar/parser.js';
import { applyFixes, defineRule, lintJob, lintText, parse, resolveRules, rules } from '../src/index.js';

describe('public API', () => {
  test("`import { parse, lintText, applyFixes, rules } from 'upstart-lint'` works from the built package", () => {
    // Node resolves a package's own name through its "exports" map (self-reference), exactly as a
    // dependent project would after `npm install upstart-lint`. `npm test` builds dist/ first.
    const script = `
      import { parse, lintText, applyFixes, rules } from 'upstart-lint';
      const { ast, diagnostics } = parse('description "x"\\nexec /bin/true\\n');
      const lint = lintText('setuid web\\nexec /usr/bin/web\\n', { filePath: '/etc/init/web.conf' });
      console.log(JSON.stringify({
        stanzas: ast.stanzas.map((s) => s.keyword),
        diagnostics: diagnostics.length,
        setgid: lint.some((d) => d.ruleId === 'require-setgid'),
        applyFixes: typeof applyFixes,
        rules: rules.size,
      }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { stanzas: string[]; diagnostics: number; setgid: boolean; applyFixes: string; rules: number };
    expect(out.stanzas).toEqual(['description', 'exec']);
    expect(out.diagnostics).toBe(0);
    expect(out.setgid).toBe(true);
    expect(out.applyFixes).toBe('function');
    expect(out.rules).toBeGreaterThanOrEqual(25);
  });

  test('the grammar passes chevrotain self-validation (the shipped bundle skips it)', () => {
    // performSelfAnalysis throws on any grammar definition error (ambiguity, left recursion, …).
    expect(() => new StanzaParser(false)).not.toThrow();
  });
});

describe('wrong arguments are TypeErrors that name the function and the parameter', () => {
  const JOB = 'exec /srv/app/bin/app\n';
  const FILE = { filePath: '/etc/init/a.conf' };
  const rule = { meta: { id: 'my-rule', category: 'style', description: 'd', defaultSeverity: 'warning', messages: { m: 'x' }, defaultOptions: {} }, check: () => undefined };
  test.each([
    ['parse(1)', () => parse(1 as never), /^parse\(text\): text must be a string, not a number$/],
    ['parse()', () => parse(undefined as never), /^parse\(text\): text must be a string, not undefined$/],
    ['lintText(text, {})', () => lintText(JOB, {} as never), /^lintText\(text, options\): options\.filePath must be the job file's path as a non-empty string, e\.g\. "\/etc\/init\/web\.conf", not undefined$/],
    ['lintText(text, { path })', () => lintText(JOB, { path: '/etc/init/a.conf' } as never), /options\.filePath .*\(the option is called `filePath`, not `path`\), not undefined$/],
    ['lintText(text)', () => lintText(JOB, undefined as never), /^lintText\(text, options\): options must be an object such as \{ filePath: "\/etc\/init\/web\.conf" \}, not undefined$/],
    ['lintText(1, options)', () => lintText(1 as never, FILE), /^lintText\(text, options\): text must be a string, not the number 1$/],
    ['lintText(Buffer, options)', () => lintText(Buffer.from(JOB) as never, FILE), /text must be a string, not an object$/],
    ['jobKind', () => lintText(JOB, { ...FILE, jobKind: 'daemon' as never }), /options\.jobKind must be "system", "user" or "session", not the string "daemon"$/],
    ['rules', () => lintText(JOB, { ...FILE, rules: 'all' as never }), /options\.rules must be an object of rule id → setting/],
    ['rules as array', () => lintText(JOB, { ...FILE, rules: [] as never }), /options\.rules must be .*, not an array$/],
    ['overrideText', () => lintText(JOB, { ...FILE, overrideText: 3 as never }), /options\.overrideText must be a string, not the number 3$/],
    ['targetVersion', () => lintText(JOB, { ...FILE, targetVersion: 1.6 as never }), /options\.targetVersion must be a version string such as "1\.13", not the number 1\.6$/],
    ['inlineConfig', () => lintText(JOB, { ...FILE, inlineConfig: 'no' as never }), /options\.inlineConfig must be a boolean, not the string "no"$/],
    ['reportUnusedDirectives', () => lintText(JOB, { ...FILE, reportUnusedDirectives: 'warn' as never }), /options\.reportUnusedDirectives must be "off", "info", "warning" or "error"/],
    ['lintJob registry', () => lintJob(JOB, FILE, {} as never), /^lintJob\(text, options, registry\): registry must be a Map of rule id → rule, such as `rules`, not an object$/],
    ['applyFixes(text)', () => applyFixes(JOB, undefined as never), /^applyFixes\(text, diagnostics, relint\): diagnostics must be an array/],
    ['applyFixes(1, [])', () => applyFixes(1 as never, []), /^applyFixes\(text, diagnostics, relint\): text must be a string, not the number 1$/],
    ['applyFixes bad edit', () => applyFixes(JOB, [{ fix: { edits: [{ range: [0], text: '' }] } }] as never), /diagnostics\[0\]\.fix\.edits\[0\] must be an edit \{ range: \[start, end\], text \}/],
    ['applyFixes relint', () => applyFixes(JOB, [], 'again' as never), /relint must be a function/],
    ['defineRule()', () => defineRule(undefined as never), /^defineRule\(rule\): rule must be an object \{ meta, check \}, not undefined$/],
    ['defineRule id', () => defineRule({ ...rule, meta: { ...rule.meta, id: 'My Rule' } } as never), /rule\.meta\.id must be a kebab-case rule id/],
    ['defineRule check', () => defineRule({ meta: rule.meta } as never), /rule\.check \(rule "my-rule"\) must be a function/],
    ['defineRule severity', () => defineRule({ ...rule, meta: { ...rule.meta, defaultSeverity: 'warn' } } as never), /rule\.meta\.defaultSeverity \(rule "my-rule"\) must be "off", "info", "warning" or "error", not the string "warn"$/],
    ['resolveRules', () => resolveRules(rules, 'all' as never), /^resolveRules\(registry, config\): config must be/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  test('right arguments still work, and a valid rule passes defineRule unchanged', () => {
    expect(defineRule(rule as never)).toBe(rule);
    expect(lintText(JOB, { ...FILE, jobKind: undefined as never, rules: {} }).map((d) => d.ruleId)).toEqual(['require-setuid']);
    expect(applyFixes(JOB, []).output).toBe(JOB);
  });
});
