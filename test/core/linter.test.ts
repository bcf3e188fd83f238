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

describe('every rule on a script nested 100,000 deep', () => {
  const N = 100_000;
  // Each took minutes (the chain of enclosing commands was copied for every level) or overflowed
  // the call stack (`f() f() …`, unwrapped by recursion) before.
  test.each([
    ['(', `${'('.repeat(N)}true${')'.repeat(N)}`],
    ['{', `${'{ '.repeat(N)}true; ${'} '.repeat(N)}`],
    ['$(', `echo ${'$('.repeat(N)}true${')'.repeat(N)}`],
    ['if', `${'if true; then '.repeat(N)}true${'; fi'.repeat(N)}`],
    ['while', `${'while true; do '.repeat(N)}true${'; done'.repeat(N)}`],
    ['f()', `${'f() '.repeat(N)}{ true; }`],
  ])('%s: no rule fails, in seconds', (_, script) => {
    const text = `start on runlevel [2345]\nsetuid nobody\nsetgid nogroup\nscript\n${script}\nend script\n`;
    const started = performance.now();
    const diagnostics = lintText(text, { filePath: '/etc/init/deep.conf', rules: { shellcheck: 'off' } });
    expect(diagnostics.filter((d) => d.messageId === 'ruleFailed').map((d) => d.message)).toEqual([]);
    expect(diagnostics.filter((d) => d.ruleId === 'shell-syntax')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
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

describe('no findings in text that recovery reconstructed after a swallowing error', () => {
  // Reports every line that starts with a word, from the raw text: it does not go through the job
  // model, so it shows that the engine itself drops findings in the region.
  const everyLine = defineRule({
    meta: { id: 'test-lines', category: 'style', description: 'Flag every line', defaultSeverity: 'info', messages: { line: 'line {n}' }, defaultOptions: {} },
    check({ job, report }) {
      const text = job.primary.text;
      let offset = 0;
      text.split('\n').forEach((line, i) => {
        if (/^\w/.test(line)) report({ messageId: 'line', data: { n: i + 1 }, at: job.primary.lines.span(offset, offset + line.length) });
        offset += line.length + 1;
      });
    },
  });
  const registryWithLines = new Map<string, Rule>([
    ['test-lines', everyLine as unknown as Rule],
    ['test-setuid', flagSetuid as unknown as Rule],
  ]);
  const lint = (text: string, extra: { overrideText?: string; filePath?: string } = {}) =>
    lintJob(text, { filePath: extra.filePath ?? '/etc/init/app.conf', ...(extra.overrideText !== undefined ? { overrideText: extra.overrideText } : {}) }, registryWithLines);
  const summary = (diagnostics: readonly { ruleId: string; messageId?: string; span: { start: { line: number } }; filePath?: string }[]) =>
    diagnostics.map((d) => `${d.filePath ? 'override:' : ''}${d.span.start.line} ${d.ruleId}/${d.messageId ?? ''}`);

  test('unterminated quote: nothing after the quote is reported or seen as a stanza', () => {
    const { diagnostics, job } = lint('setuid a\nenv A="foo\nsetuid b\nexec /opt/app/run\n');
    expect(summary(diagnostics)).toEqual(['1 test-lines/line', '1 test-setuid/found', '2 test-lines/line', '2 syntax/unterminatedQuote']);
    expect(job.findAll('setuid').map((s) => s.value)).toEqual(['a']);
    expect(job.mainProcess).toBeNull();
  });

  test('unterminated script block: the lines after it belong to the block', () => {
    const { diagnostics } = lint('setuid a\nscript\n  echo hi\nEnd Script\nsetuid b\n');
    expect(summary(diagnostics)).toEqual(['1 test-lines/line', '1 test-setuid/found', '2 syntax/unterminatedBlock']);
  });

  test('unclosed parenthesis: the rest of the file is part of the event expression', () => {
    const { diagnostics } = lint('setuid a\nstart on (runlevel [2345]\nsetuid b\n');
    // Line 2 starts before the `(`, so a finding about it stays.
    expect(summary(diagnostics)).toEqual(['1 test-lines/line', '1 test-setuid/found', '2 test-lines/line', '2 syntax/mismatchedParens']);
  });

  test('a finding outside the region that points into it is dropped too', () => {
    const { diagnostics } = lint('setuid a\nenv A="foo\n', {});
    expect(diagnostics.some((d) => d.related?.length)).toBe(false);
    // The second setuid is swallowed, so the first one is not "earlier" than anything.
    const { diagnostics: two } = lint('setuid a\nsetuid b\nenv A="foo\nsetuid c\n');
    expect(summary(two)).toEqual(['1 test-lines/line', '1 test-setuid/found', '2 test-lines/line', '2 test-setuid/found', '3 test-lines/line', '3 syntax/unterminatedQuote']);
  });

  test('an error that does not swallow the file keeps the findings after it (upstart reads those lines as stanzas)', () => {
    const { diagnostics } = lint('bogus\nsetuid b\n');
    expect(summary(diagnostics)).toEqual(['1 syntax/unknownStanza', '1 test-lines/line', '2 test-lines/line', '2 test-setuid/found']);
  });

  test('a swallowing error in the override hides only the override text after it', () => {
    const { diagnostics } = lint('setuid a\n', { overrideText: 'setuid b\nenv X="y\nsetuid c\n' });
    expect(summary(diagnostics)).toEqual([
      '1 test-lines/line',
      '1 test-setuid/found',
      'override:1 test-setuid/found',
      'override:2 syntax/unterminatedQuote',
    ]);
  });
});

describe('messageSeverity: findings of less harm keep their level', () => {
  const mixed = defineRule({
    meta: {
      id: 'test-mixed',
      category: 'correctness',
      description: 'Report a harmful and a style finding',
      defaultSeverity: 'error',
      messageSeverity: { style: 'info', likely: 'warning' },
      messages: { harmful: 'harmful', likely: 'likely wrong', style: 'style' },
      defaultOptions: {},
    },
    check({ job, report }) {
      for (const messageId of ['harmful', 'likely', 'style'] as const) report({ messageId, at: job.primary.ast.span });
    },
  });
  const reg = new Map<string, Rule>([['test-mixed', mixed as unknown as Rule]]);
  const severities = (setting?: 'error' | 'warning' | 'info') =>
    lintJob('task\n', { filePath: 'x.conf', ...(setting ? { rules: { 'test-mixed': setting } } : {}) }, reg).diagnostics.map((d) => `${d.messageId}:${d.severity}`);

  test('at the default severity each finding is capped at its own level', () => {
    expect(severities()).toEqual(['harmful:error', 'likely:warning', 'style:info']);
  });

  test('configuring the rule higher never raises a capped finding; lower lowers all', () => {
    expect(severities('error')).toEqual(['harmful:error', 'likely:warning', 'style:info']);
    expect(severities('warning')).toEqual(['harmful:warning', 'likely:warning', 'style:info']);
    expect(severities('info')).toEqual(['harmful:info', 'likely:info', 'style:info']);
  });
});

describe('settings reused from one lint to the next', () => {
  // The engine resolves the rule settings once for a run of files with the same settings; a
  // caller that changes them, or the registry, in place between two lints gets the new ones.
  const text = 'setuid alice\n';
  const filePath = '/etc/init/web.conf';
  const fixOf = (d: { fix?: { edits: readonly { text: string }[] } } | undefined): string | undefined => d?.fix?.edits[0]?.text;

  test('a severity and an option changed in place in the same settings object', () => {
    const options: { to: string } = { to: 'daemon' };
    const rules: Record<string, unknown> = { 'test-crash': 'off', 'test-setuid': ['warn', options] };
    const settings = { filePath, rules: rules as never };
    const first = lintJob(text, settings, registry).diagnostics;
    expect(first.map((d) => [d.severity, fixOf(d)])).toEqual([['warning', 'daemon']]);
    options.to = 'www-data';
    expect(lintJob(text, settings, registry).diagnostics.map((d) => fixOf(d))).toEqual(['www-data']);
    rules['test-setuid'] = 'error';
    expect(lintJob(text, settings, registry).diagnostics.map((d) => [d.severity, fixOf(d)])).toEqual([['error', 'nobody']]);
    delete rules['test-crash'];
    expect(lintJob(text, settings, registry).diagnostics.map((d) => d.ruleId).sort()).toEqual(['test-crash', 'test-setuid']);
  });

  test('a rule replaced in the same registry', () => {
    const mine = new Map(registry);
    const settings = { filePath, rules: { 'test-crash': 'off' as const } };
    expect(lintJob(text, settings, mine).diagnostics.map((d) => d.messageId)).toEqual(['found']);
    mine.set('test-setuid', crashes as unknown as Rule);
    expect(lintJob(text, settings, mine).diagnostics.map((d) => d.messageId)).toEqual(['ruleFailed']);
  });
});
