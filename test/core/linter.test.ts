import { describe, expect, test } from 'vitest';
import { lintJob, lintText } from '../../src/index.js';
import { applyFixes } from '../../src/core/fix.js';
import { ConfigError, defineRule, docsUrl, type Rule } from '../../src/core/rule.js';

// Purpose-built rules: they exercise the engine, independent of the shipped rule set.
const flagSetuid = defineRule({
  meta: {
    id: 'test-setuid',
    category: 'security',
    description: 'Flag every setuid stanza',
    defaultSeverity: 'warning',
    fixable: true,
    hasSuggestions: true,
    messages: { found: 'Job "{job}" sets user `{user}`', rename: 'Use `{to}`', earlier: 'first set here' },
    defaultOptions: { to: 'nobody' },
    parseOptions: (raw: unknown) => {
      if (typeof raw !== 'object' || raw === null || typeof (raw as { to?: unknown }).to !== 'string') {
        throw new ConfigError('to', 'must be a string');
      }
      return { to: (raw as { to: string }).to };
    },
  },
  check({ job, options, report }) {
    const all = job.findAll('setuid');
    for (const s of all) {
      report({
        messageId: 'found',
        data: { job: job.name, user: s.value },
        at: s.arg,
        fix: (e) => e.replace(s.arg, options.to),
        suggest: [{ messageId: 'rename', data: { to: 'www-data' }, fix: (e) => e.replace(s.arg, 'www-data') }],
        ...(all[0] && all[0] !== s ? { related: [{ at: all[0], messageId: 'earlier' as const }] } : {}),
      });
    }
  },
});

const crashes = defineRule({
  meta: { id: 'test-crash', category: 'correctness', description: 'Crash', defaultSeverity: 'error', messages: { x: 'x' }, defaultOptions: {} },
  check() {
    throw new Error('boom');
  },
});

const registry = new Map<string, Rule>([
  ['test-crash', crashes as unknown as Rule],
  ['test-setuid', flagSetuid as unknown as Rule],
]);

describe('lintJob engine', () => {
  test('stamps rule id, severity, message data, URL, span of the reported node', () => {
    const { diagnostics } = lintJob('setuid alice\n', { filePath: '/etc/init/web.conf', rules: { 'test-crash': 'off' } }, registry);
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0];
    expect(d).toMatchObject({
      ruleId: 'test-setuid',
      messageId: 'found',
      severity: 'warning',
      message: 'Job "web" sets user `alice`',
      url: docsUrl('test-setuid'),
      span: { start: { line: 1, column: 8, offset: 7 }, end: { line: 1, column: 13, offset: 12 } },
      fix: { edits: [{ range: [7, 12], text: 'nobody' }] },
      suggestions: [{ messageId: 'rename', message: 'Use `www-data`', edits: [{ range: [7, 12], text: 'www-data' }] }],
    });
  });

  test('severity and options come from config; off disables; onlyListedRules isolates', () => {
    const r = lintJob('setuid a\n', { filePath: 'x.conf', rules: { 'test-setuid': ['error', { to: 'svc' }] }, onlyListedRules: true }, registry);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.fix?.edits[0]?.text])).toEqual([['test-setuid', 'error', 'svc']]);
    expect(lintJob('setuid a\n', { filePath: 'x.conf', rules: { 'test-setuid': 'off', 'test-crash': 'off' } }, registry).diagnostics).toEqual([]);
  });

  test('invalid configuration throws ConfigError naming the key', () => {
    expect(() => lintJob('', { filePath: 'x.conf', rules: { nope: 'error' } }, registry)).toThrow(/rules\.nope: unknown rule "nope"/);
    expect(() => lintJob('', { filePath: 'x.conf', rules: { 'test-setuid': 'loud' as 'error' } }, registry)).toThrow(ConfigError);
    expect(() => lintJob('', { filePath: 'x.conf', rules: { 'test-setuid': ['warn', { to: 3 }] } }, registry)).toThrow(/to: must be a string/);
    expect(() => lintJob('', { filePath: 'x.conf', rules: { 'test-crash': ['warn', {}] } }, registry)).toThrow(/takes no options/);
    expect(() => lintJob('', { filePath: 'x.conf', targetVersion: 'latest' }, registry)).toThrow(/targetVersion/);
  });

  test('a crashing rule becomes a diagnostic, not an exception', () => {
    const { diagnostics } = lintJob('task\n', { filePath: 'x.conf' }, registry);
    expect(diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([['test-crash', 'ruleFailed']]);
    expect(diagnostics[0]?.message).toMatch(/boom/);
  });

  test('override merged on a conf: findings in the companion carry its path, fixes only for the linted file', () => {
    const conf = 'setuid alice\nexec /bin/app\n';
    const override = 'setuid bob\n';
    const { diagnostics } = lintJob(override, { filePath: '/etc/init/app.override', confText: conf, rules: { 'test-crash': 'off' } }, registry);
    expect(diagnostics.map((d) => [d.filePath ?? 'primary', d.span.start.line, d.fix ? 'fix' : 'no-fix'])).toEqual([
      ['/etc/init/app.conf', 1, 'no-fix'],
      ['primary', 1, 'fix'],
    ]);
    const second = diagnostics[1];
    expect(second?.related).toEqual([
      { span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 13, offset: 12 } }, message: 'first set here', filePath: '/etc/init/app.conf' },
    ]);
  });

  test('syntax errors of both files are reported, attributed to their file', () => {
    const { diagnostics } = lintJob('exec /bin/app\nbogus\n', { filePath: '/etc/init/app.conf', overrideText: 'manual\nnice 99\n', syntaxOnly: true }, registry);
    expect(diagnostics.map((d) => [d.filePath ?? 'primary', d.messageId, d.span.start.line])).toEqual([
      ['primary', 'unknownStanza', 2],
      ['/etc/init/app.override', 'illegalNice', 2],
    ]);
  });

  test('fixes applied through relint converge and are idempotent', () => {
    const lint = (t: string) => lintJob(t, { filePath: 'x.conf', rules: { 'test-crash': 'off' } }, registry).diagnostics;
    const text = 'setuid a\nsetuid b\n';
    const out = applyFixes(text, lint(text), lint).output;
    expect(out).toBe('setuid nobody\nsetuid nobody\n');
    expect(applyFixes(out, lint(out), lint).output).toBe(out);
  });
});

describe('lintText with the built-in rules', () => {
  test('every rule runs at its default severity on a realistic job without throwing', () => {
    const text = 'description "web"\nstart on runlevel [2345]\nstop on runlevel [!2345]\nrespawn\nsetuid www-data\nexec /usr/bin/web --port 8080\n';
    const diagnostics = lintText(text, { filePath: '/etc/init/web.conf' });
    expect(diagnostics.filter((d) => d.messageId === 'ruleFailed')).toEqual([]);
    expect(diagnostics.map((d) => d.ruleId)).toContain('require-setgid');
  });

  test('syntaxOnly reports only what upstart rejects', () => {
    const diagnostics = lintText('exec /bin/app\ndescription two words\n', { filePath: '/tmp/tmp.1234' , syntaxOnly: true });
    expect(diagnostics.map((d) => [d.ruleId, d.messageId, d.span.start.line])).toEqual([['syntax', 'unexpectedToken', 2]]);
  });
});

describe('stanzas of an .override after its first error', () => {
  // Found by the soak (npm run fuzz): a rule that walked file.ast.stanzas reported stanzas the
  // model does not hold, and the engine placed them in the wrong file.
  test('no rule reports them, and every span lies in the file it names', () => {
    const conf = 'start on runlevel [2345]\nexec /usr/bin/app\n';
    const override = 'expect Daemon\nmanual\nstart on startup\n';
    const diagnostics = lintText(conf, { filePath: '/etc/init/app.conf', overrideText: override });
    expect(diagnostics.filter((d) => d.ruleId === 'no-manual-before-start-on')).toEqual([]);
    for (const d of diagnostics) {
      const text = d.filePath === '/etc/init/app.override' ? override : conf;
      expect(d.span.end.offset, `${d.ruleId} ${d.filePath ?? ''}`).toBeLessThanOrEqual(text.length);
    }
    expect(diagnostics.filter((d) => d.fatal).map((d) => [d.messageId, d.filePath])).toEqual([['unknownStanza', '/etc/init/app.override']]);
  });
});
