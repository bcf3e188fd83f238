/**
 * Streamed reports: every format's stream (begin, one piece per file, end, and the head that
 * JUnit and SARIF only know at the end) adds up to the whole report, and what a file's piece says
 * does not depend on the files after it. Then the built CLI over a generated tree: the report is
 * complete and in order, on standard output and in report files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { addToTotals, emptyTotals, FORMAT_NAMES, loadFormatter, loadStreamFormatter, type FormatName } from '../../src/formatters/index.js';
import { jsonResult } from '../../src/formatters/json.js';
import type { FormatStream, FormatterContext, LintResult } from '../../src/formatters/types.js';
import { applyFixes, docsUrl, lintText, rules } from '../../src/index.js';
import { assertBuilt, cleanup, FIXTURES, isolatedConfig, run, tempRepo, writeFiles } from './helpers.js';

const CWD = '/srv/project';

function makeResult(filePath: string, messages: readonly Diagnostic[], source: string, output?: string): LintResult {
  const count = (p: (d: Diagnostic) => boolean): number => messages.filter(p).length;
  return {
    filePath,
    messages,
    source,
    ...(output !== undefined ? { output } : {}),
    errorCount: count((d) => d.severity === 'error'),
    warningCount: count((d) => d.severity === 'warning'),
    infoCount: count((d) => d.severity === 'info'),
    fatalErrorCount: count((d) => d.fatal === true),
    fixableErrorCount: count((d) => d.severity === 'error' && d.fix !== undefined),
    fixableWarningCount: count((d) => d.severity === 'warning' && d.fix !== undefined),
  };
}

function lint(filePath: string, text: string): LintResult {
  const messages = lintText(text, { filePath }).filter((d) => d.filePath === undefined);
  const fixed = applyFixes(text, messages, (t) => lintText(t, { filePath })).output;
  return makeResult(filePath, messages, text, fixed === text ? undefined : fixed);
}

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'formats/etc/init', name), 'utf8');

/** Errors, warnings, fixes, a clean file, standard input, a path outside the working directory, XML-hostile text. */
const RESULTS: readonly LintResult[] = [
  lint(`${CWD}/etc/init/broken.conf`, fixture('broken.conf')),
  lint(`${CWD}/etc/init/clean.conf`, fixture('clean.conf')),
  lint(`${CWD}/etc/init/root.conf`, fixture('root.conf')),
  lint('<stdin>', 'frobnicate "a" & <b>\r\nexec /bin/true\r\n'),
  lint('/elsewhere/etc/init/tab\tname & "q".conf', 'description "x"\n\tdebug\nstart on\nexec  /bin/sleep 1\n'),
  lint(`${CWD}/home/alice/.config/upstart/user.conf`, 'exec /usr/bin/thing\nrespawn\nrespawn limit 0 0\n'),
];

function context(color: 0 | 1): FormatterContext {
  return { cwd: CWD, color, rules, docsUrl, toolVersion: '1.2.3', maxWarnings: 1 };
}

interface Streamed {
  readonly head: string;
  readonly begin: string;
  readonly files: readonly string[];
  readonly end: string;
}

function drive(stream: FormatStream, results: readonly LintResult[]): Streamed {
  const totals = emptyTotals();
  const begin = stream.begin();
  const files: string[] = [];
  for (const r of results) {
    addToTotals(totals, r);
    files.push(stream.file(r));
  }
  const end = stream.end(totals);
  return { head: stream.head?.() ?? '', begin, files, end };
}

const whole = (s: Streamed): string => s.head + s.begin + s.files.join('') + s.end;

test('the fixture results cover errors, warnings, fixes and a clean file', () => {
  expect(RESULTS.some((r) => r.errorCount > 0)).toBe(true);
  expect(RESULTS.some((r) => r.warningCount > 0)).toBe(true);
  expect(RESULTS.some((r) => r.fixableWarningCount + r.fixableErrorCount > 0)).toBe(true);
  expect(RESULTS.some((r) => r.messages.length === 0)).toBe(true);
});

describe.each(FORMAT_NAMES.map((name) => [name]))('%s stream', (name: FormatName) => {
  test.each([0, 1] as const)('adds up to the pure formatter, for 0, 1 and all files (colour %i)', async (color) => {
    const make = await loadStreamFormatter(name);
    const pure = await loadFormatter(name);
    for (const results of [[], RESULTS.slice(0, 1), RESULTS.slice(1, 2), RESULTS]) {
      expect(whole(drive(make(context(color)), results))).toBe(pure(results, context(color)));
    }
  });

  test('a file’s piece does not depend on the files after it', async () => {
    const make = await loadStreamFormatter(name);
    const all = drive(make(context(0)), RESULTS);
    for (let k = 0; k <= RESULTS.length; k++) {
      const prefix = drive(make(context(0)), RESULTS.slice(0, k));
      expect(prefix.begin).toBe(all.begin);
      expect(prefix.files).toEqual(all.files.slice(0, k));
    }
    // Only the formats that need the whole run (outer counts, artifact list) have a head.
    expect(all.head !== '').toBe(name === 'junit' || name === 'sarif');
  });
});

describe('layout of the streamed machine formats', () => {
  const sets = [[], RESULTS.slice(0, 1), RESULTS.slice(1, 2), RESULTS];

  test('json is JSON.stringify of the array of results', async () => {
    const json = await loadFormatter('json');
    for (const results of sets) expect(json(results, context(0))).toBe(`${JSON.stringify(results.map(jsonResult))}\n`);
  });

  test.each(['gitlab', 'sarif'] as const)('%s is the two-space rendering of its own value', async (name) => {
    const f = await loadFormatter(name);
    for (const results of sets) {
      const out = f(results, context(0));
      expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
    }
  });

  test('sarif lists one artifact per file and indexes results into it', async () => {
    const log = JSON.parse((await loadFormatter('sarif'))(RESULTS, context(0))) as {
      runs: { artifacts: unknown[]; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { index: number } } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    const run0 = log.runs[0];
    expect(run0?.artifacts).toHaveLength(RESULTS.length);
    expect(run0?.results).toHaveLength(RESULTS.reduce((n, r) => n + r.messages.length, 0));
    for (const r of run0?.results ?? []) {
      expect(run0?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.locations[0]?.physicalLocation.artifactLocation.index).toBeLessThan(RESULTS.length);
    }
  });

  test('sarif describes a rule the registry does not know', async () => {
    const [first] = RESULTS;
    if (!first) throw new Error('no results');
    const d = first.messages[0];
    if (!d) throw new Error('no message');
    const odd = makeResult(first.filePath, [{ ...d, ruleId: 'zz-custom' }, { ...d, ruleId: 'aa-custom' }], first.source);
    const log = JSON.parse((await loadFormatter('sarif'))([odd], context(0))) as {
      runs: { results: { ruleId: string; ruleIndex: number }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    const r = log.runs[0];
    for (const x of r?.results ?? []) expect(r?.tool.driver.rules[x.ruleIndex]?.id).toBe(x.ruleId);
  });

  test('junit outer counts are the sums of the suites', async () => {
    const out = (await loadFormatter('junit'))(RESULTS, context(0));
    const outer = /<testsuites name="upstart-lint" tests="(\d+)" failures="(\d+)"/.exec(out);
    const suites = [...out.matchAll(/<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)"/g)];
    expect(suites).toHaveLength(RESULTS.length);
    expect(Number(outer?.[1])).toBe(suites.reduce((n, m) => n + Number(m[1]), 0));
    expect(Number(outer?.[2])).toBe(suites.reduce((n, m) => n + Number(m[2]), 0));
    expect(Number(outer?.[2])).toBe(RESULTS.reduce((n, r) => n + r.messages.length, 0));
  });

  test('the stylish summary counts every file', async () => {
    const out = (await loadFormatter('stylish'))(RESULTS, context(0));
    const total = RESULTS.reduce((n, r) => n + r.messages.length, 0);
    expect(out).toContain(`✖ ${total} problems`);
  });
});

describe('the CLI reports file by file', () => {
  beforeAll(assertBuilt);
  afterAll(cleanup);

  const N = 300;
  /** N jobs, each with one unknown stanza on a line of its own (line 2 + i % 5). */
  function bigTree(): { root: string; expected: { where: string; stanza: string }[] } {
    const root = tempRepo();
    const files: Record<string, string> = { '.upstart-lint.json': isolatedConfig({}) };
    const expected: { where: string; stanza: string }[] = [];
    for (let i = 0; i < N; i++) {
      const name = `etc/init/job-${String(i).padStart(4, '0')}.conf`;
      const line = 2 + (i % 5);
      files[name] = `description "job ${i}"\n${'\n'.repeat(line - 2)}frob${i} on\nexec /bin/true\n`;
      expected.push({ where: `${name}:${line}:1: error: `, stanza: `frob${i}` });
    }
    writeFiles(root, files);
    return { root, expected };
  }

  test(`--format unix over ${N} files: one line per file, complete and in order`, () => {
    const { root, expected } = bigTree();
    const r = run(['-f', 'unix'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(N);
    lines.forEach((l, i) => {
      expect(l.startsWith(expected[i]?.where ?? '?')).toBe(true);
      expect(l).toContain(`"${expected[i]?.stanza ?? '?'}"`);
      expect(l.endsWith('[syntax]')).toBe(true);
    });
  });

  test('report files (one stream each) equal the same formats on standard output; no spool is left', () => {
    const { root } = bigTree();
    const tmp = tempRepo();
    const env = { TMPDIR: tmp };
    const formats = ['json', 'junit', 'sarif', 'gitlab', 'checkstyle'] as const;
    const r = run(['-f', 'unix', ...formats.map((f) => `-f=${f}:reports/out.${f}`)], { cwd: root, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toHaveLength(N + 1);
    for (const f of formats) {
      const alone = run(['-f', f], { cwd: root, env });
      expect(alone.code).toBe(1);
      expect(readFileSync(join(root, `reports/out.${f}`), 'utf8'), f).toBe(alone.stdout);
    }
    expect(JSON.parse(readFileSync(join(root, 'reports/out.json'), 'utf8'))).toHaveLength(N);
    expect(readFileSync(join(root, 'reports/out.junit'), 'utf8')).toContain(`<testsuites name="upstart-lint" tests="${N}" failures="${N}" errors="0">`);
    expect(readdirSync(tmp).filter((e) => e !== '.git')).toEqual([]);
  });

  test('--max-warnings counts the warnings of every file', () => {
    const root = tempRepo();
    const files: Record<string, string> = { '.upstart-lint.json': isolatedConfig({ 'no-debug': 'warn' }) };
    for (let i = 0; i < 5; i++) files[`etc/init/d${i}.conf`] = 'debug\nexec /bin/true\n';
    writeFiles(root, files);
    expect(run(['-f', 'unix', '--max-warnings', '5'], { cwd: root }).code).toBe(0);
    const over = run(['-f', 'unix', '--max-warnings', '4'], { cwd: root });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('upstart-lint: too many warnings (5, maximum 4)\n');
  });

  test('a configuration error part-way: exit 2, one message, no partial report file', () => {
    const { root } = bigTree();
    // Rule options are checked when a file under this configuration is linted: after the job-* files.
    writeFiles(root, {
      'etc/init/zz/.upstart-lint.json': JSON.stringify({ rules: { 'require-setuid': ['warn', { bogus: true }] } }),
      'etc/init/zz/late.conf': 'exec /bin/true\n',
    });
    // --no-ignore: no configuration is read while the files are found, only as each is linted.
    const r = run(['--no-ignore', '-f', 'unix', '-f', 'json:reports/out.json', '-f', 'junit:reports/out.xml'], { cwd: root, env: { TMPDIR: root } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^upstart-lint: .*bogus.*\n$/);
    // The files before it were reported as they were linted.
    expect(r.stdout.split('\n')).toHaveLength(N + 1);
    expect(readdirSync(join(root, 'reports'))).toEqual([]);
    expect(readdirSync(root).filter((e) => e.startsWith('upstart-lint-'))).toEqual([]);
  });
});
