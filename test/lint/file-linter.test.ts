/**
 * The file-linting layer (src/lint/): configuration, .conf/.override pairing from an open buffer or
 * the disk, the fix-safety policy, batch steps and the stream of requests. The command line's own
 * tests (test/cli/) show that its output is unchanged over this layer.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defineRule, lintJob, rules, type Diagnostic, type Rule } from '../../src/index.js';
import { FileLinter, STDIN_PATH, type BatchStep, type LintedFile, type LintOutcome } from '../../src/lint/file-linter.js';
import { fixText } from '../../src/lint/fix-policy.js';
import { temporaryTrees } from '../helpers/temporary-trees.js';

const { tree } = temporaryTrees('upstart-lint-lint-');

const summary = (o: LintOutcome): string[] => o.results.map((r) => `${r.filePath.replace(/^.*\/etc\/init\//, '')}${r.listed ? '' : ' (unlisted)'}: ${r.messages.map((m) => `${m.ruleId}@${m.span.start.line}`).join(' ')}`.trimEnd());

async function all(it: AsyncIterable<LintOutcome>): Promise<LintOutcome[]> {
  const out: LintOutcome[] = [];
  for await (const o of it) out.push(o);
  return out;
}

describe('one file', () => {
  test('configuration is found as the command line finds it, from the file up to the repository root', async () => {
    const root = tree({
      '.upstart-lint.json': JSON.stringify({ rules: { 'require-setuid': 'error' } }),
      'etc/init/web.conf': 'exec /opt/web/bin/web\n',
    });
    const linter = new FileLinter({ registry: rules, cwd: root });
    const o = await linter.lintFile({ path: join(root, 'etc/init/web.conf') });
    expect(o.errors).toEqual([]);
    expect(o.linted?.config?.configFiles).toEqual([join(root, '.upstart-lint.json')]);
    const setuid = o.results[0]?.messages.find((m) => m.ruleId === 'require-setuid');
    expect(setuid?.severity).toBe('error');
  });

  test('with keepShellTrees (the language server), an unchanged script keeps its parsed shell from one lint to the next; without, each lint parses it', async () => {
    const script = 'script\n  cd /srv/web\n  exec ./bin/web\nend script\n';
    const root = tree({ 'etc/init/web.conf': script });
    const path = join(root, 'etc/init/web.conf');
    const treeOf = (o: LintOutcome) => {
      const job = o.linted?.job;
      const main = job?.mainProcess;
      return main ? job?.shell(main).parsed : undefined;
    };
    const keeping = new FileLinter({ registry: rules, cwd: root, keepShellTrees: true });
    const first = treeOf(await keeping.lintFile({ path, text: script }));
    expect(first).toBeDefined();
    expect(treeOf(await keeping.lintFile({ path, text: `# edited\n${script}` }))).toBe(first);
    const plain = new FileLinter({ registry: rules, cwd: root });
    const once = treeOf(await plain.lintFile({ path, text: script }));
    expect(treeOf(await plain.lintFile({ path, text: script }))).not.toBe(once);
  });

  test('an editor buffer is linted instead of the file on disk', async () => {
    const root = tree({ 'etc/init/web.conf': 'setuid web\nsetgid web\nexec /usr/bin/web\n' });
    const linter = new FileLinter({ registry: rules, cwd: root });
    const o = await linter.lintFile({ path: join(root, 'etc/init/web.conf'), text: 'setuid web\nsetgid web\nkill timeout 0\nexec /usr/bin/web\n' });
    expect(o.results[0]?.messages.map((m) => m.ruleId)).toContain('no-kill-timeout-zero');
    expect(o.results[0]?.source).toContain('kill timeout 0');
  });

  test('the companion comes from an open buffer first, else from the disk', async () => {
    const root = tree({
      'etc/init/web.conf': 'setuid web\nsetgid web\nexec /usr/bin/web\n',
      'etc/init/web.override': 'manual\n',
    });
    const override = join(root, 'etc/init/web.override');
    const conf = join(root, 'etc/init/web.conf');
    // From the disk: the saved .conf has no problem the override could surface.
    const fromDisk = await new FileLinter({ registry: rules, cwd: root }).lintFile({ path: override, text: 'kill timeout 0\n' });
    expect(fromDisk.linted?.companion?.text).toBe('setuid web\nsetgid web\nexec /usr/bin/web\n');
    // From the open buffer: an unsaved `debug` in the .conf is linted with the override (and
    // belongs to the .conf: an unlisted result, since only the override was asked for).
    const open = new Map([[conf, 'setuid web\nsetgid web\ndebug\nexec /usr/bin/web\n']]);
    const fromBuffer = await new FileLinter({ registry: rules, cwd: root, openText: (p) => open.get(p) }).lintFile({ path: override, text: 'kill timeout 0\n' });
    expect(fromBuffer.linted?.companion?.text).toBe(open.get(conf));
    expect(summary(fromBuffer)).toEqual(['web.override: no-kill-timeout-zero@1', 'web.conf (unlisted): no-debug@3']);
  });

  test('too large, binary and unreadable input is an error, not a lint', async () => {
    const root = tree({ 'etc/init/bin.conf': Buffer.from([0x65, 0x78, 0x00, 0x63]) });
    const linter = new FileLinter({ registry: rules, cwd: root, showPath: (p) => p.replace(`${root}/`, '') });
    const big = await linter.lintFile({ path: join(root, 'etc/init/big.conf'), text: 'x'.repeat(16 * 1024 * 1024 + 1) });
    expect(big.errors).toEqual(['etc/init/big.conf: 16.0 MiB is too large for a job file; upstart-lint lints files of up to 16 MiB']);
    expect(big.results).toEqual([]);
    const binary = await linter.lintFile({ path: join(root, 'etc/init/bin.conf') });
    expect(binary.errors).toEqual(['etc/init/bin.conf: binary file (it contains NUL bytes), not an upstart job file']);
    const missing = await linter.lintFile({ path: join(root, 'etc/init/none.conf') });
    expect(missing.errors).toEqual(['cannot read etc/init/none.conf: no such file or directory']);
    expect(missing.linted).toBeNull();
  });

  test('standard input without a name reads no companion and takes the configuration of the working directory', async () => {
    const root = tree({ '.upstart-lint.json': JSON.stringify({ rules: { 'no-debug': 'off' } }) });
    const o = await new FileLinter({ registry: rules, cwd: root }).lintFile({ path: STDIN_PATH, bytes: Buffer.from('debug\nexec /bin/true\n') });
    expect(o.linted?.companion).toBeNull();
    expect(o.results[0]?.messages.map((m) => m.ruleId)).not.toContain('no-debug');
  });

  test('invalid rule options become a configuration error naming the files', async () => {
    const root = tree({
      '.upstart-lint.json': JSON.stringify({ targetVersion: '1.13' }),
      'etc/init/web.conf': 'exec /opt/web/bin/web\n',
    });
    const linter = new FileLinter({ registry: rules, cwd: root, config: { rules: { 'valid-env-path': ['error', { nope: 1 }] as never } } });
    await expect(linter.lintFile({ path: join(root, 'etc/init/web.conf') })).rejects.toThrow(`${join(root, '.upstart-lint.json')}: rules.valid-env-path`);
  });

  test('describeConfig reports what applies, as --print-config prints it', async () => {
    const root = tree({ '.upstart-lint.yaml': 'rules:\n  no-debug: off\n' });
    const report = await new FileLinter({ registry: rules, cwd: root }).describeConfig(join(root, 'home/u/.init/x.conf'));
    expect(report.jobKind).toBe('user');
    expect(report.rules['no-debug']).toBe('off');
    expect(Object.keys(report.rules)).toEqual([...rules.keys()]);
  });
});

describe('fixes', () => {
  const conf = 'setuid web\nsetgid web\nkill signal 9\nexec /usr/bin/web\n';

  test('dry-run computes the fixed text and writes nothing; write rewrites the file', async () => {
    const root = tree({ 'etc/init/web.conf': conf });
    const path = join(root, 'etc/init/web.conf');
    const dry = await new FileLinter({ registry: rules, cwd: root, fix: 'dry-run' }).lintFile({ path });
    expect(dry.results[0]?.output).toBe('setuid web\nsetgid web\nkill signal KILL\nexec /usr/bin/web\n');
    expect(readFileSync(path, 'utf8')).toBe(conf);
    const write = await new FileLinter({ registry: rules, cwd: root, fix: 'write' }).lintFile({ path });
    expect(write.results[0]?.messages.map((m) => m.ruleId)).not.toContain('valid-kill-signal');
    expect(readFileSync(path, 'utf8')).toBe('setuid web\nsetgid web\nkill signal KILL\nexec /usr/bin/web\n');
  });

  test('the .override linted with its .conf is fixed first, as the primary file of its job', async () => {
    const root = tree({ 'etc/init/web.conf': 'setuid web\nsetgid web\noom 10\nexec /usr/bin/web\n', 'etc/init/web.override': 'kill signal 15\n' });
    const o = await new FileLinter({ registry: rules, cwd: root, fix: 'dry-run' }).lintFile({ path: join(root, 'etc/init/web.conf'), withCompanion: true });
    expect(o.results.map((r) => [r.filePath.slice(root.length), r.output])).toEqual([
      ['/etc/init/web.conf', 'setuid web\nsetgid web\noom score 666\nexec /usr/bin/web\n'],
      ['/etc/init/web.override', 'kill signal TERM\n'],
    ]);
  });

  test('the policy refuses files with NUL bytes or invalid UTF-8, and fixes that break loading', () => {
    const fixable = defineRule({
      meta: { id: 'test-break', category: 'style', description: 'Breaks the file', defaultSeverity: 'warning', fixable: true, messages: { x: 'x' }, defaultOptions: {} },
      check({ job, report }) {
        const s = job.find('task');
        if (s) report({ messageId: 'x', at: s, fix: (e) => e.replace(s, 'task "unterminated') });
      },
    });
    const registry = new Map<string, Rule>([['test-break', fixable as unknown as Rule]]);
    const lint = (text: string): Diagnostic[] => lintWith(text, registry);
    const text = 'task\nexec /bin/true\n';
    const before = lint(text);
    expect(fixText({ path: 'x.conf', text, validUtf8: true, hasNul: false }, before, lint)).toEqual({
      kind: 'refused',
      reason: 'the fixed text would not load in upstart (a fix produced a syntax error; please report this upstart-lint bug)',
    });
    expect(fixText({ path: 'x.conf', text, validUtf8: false, hasNul: false }, before, lint)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('not valid UTF-8') });
    expect(fixText({ path: 'x.conf', text, validUtf8: true, hasNul: true }, before, lint)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('NUL bytes') });
    expect(fixText({ path: 'x.conf', text: 'exec /bin/true\n', validUtf8: true, hasNul: false }, lint('exec /bin/true\n'), lint)).toEqual({ kind: 'none' });
  });
});

function lintWith(text: string, registry: ReadonlyMap<string, Rule>): Diagnostic[] {
  return lintJob(text, { filePath: '/etc/init/x.conf' }, registry).diagnostics;
}

describe('a stream of files', () => {
  test('an .override whose .conf cannot be read is linted on its own, right after it', async () => {
    const root = tree({ 'etc/init/a.override': 'manual\n', 'etc/init/b.conf': 'setuid b\nsetgid b\nexec /bin/b\n' });
    const linter = new FileLinter({ registry: rules, cwd: root, showPath: (p) => p.replace(`${root}/`, '') });
    const outcomes = await all(
      linter.lintFiles([
        { path: join(root, 'etc/init/a.conf'), withCompanion: true },
        { path: join(root, 'etc/init/b.conf') },
      ]),
    );
    expect(outcomes.map((o) => [o.request.path.slice(root.length), o.errors])).toEqual([
      ['/etc/init/a.conf', ['cannot read etc/init/a.conf: no such file or directory']],
      ['/etc/init/a.override', []],
      ['/etc/init/b.conf', []],
    ]);
  });

  test('batch steps see full batches before any of their files is emitted, and add findings', async () => {
    const root = tree(Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`etc/init/${n}.conf`, `setuid ${n}\nsetgid ${n}\nexec /bin/${n}\n`])));
    const batches: string[][] = [];
    const emitted: string[] = [];
    const step: BatchStep = {
      batchSize: 2,
      async run(files: readonly LintedFile[]) {
        // Nothing of this batch has been emitted yet.
        for (const f of files) expect(emitted).not.toContain(f.request.path);
        batches.push(files.map((f) => f.request.path.slice(-6)));
        for (const f of files) {
          f.diagnostics.push({ ruleId: 'batch-check', messageId: 'seen', severity: 'info', message: `batch of ${files.length}`, span: f.job.primary.ast.span });
        }
      },
    };
    const linter = new FileLinter({ registry: rules, cwd: root, steps: [step] });
    const requests = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ path: join(root, `etc/init/${n}.conf`) }));
    for await (const o of linter.lintFiles(requests)) {
      emitted.push(o.request.path);
      expect(o.results[0]?.messages.map((m) => m.ruleId)).toEqual(['batch-check']);
    }
    expect(batches).toEqual([
      ['a.conf', 'b.conf'],
      ['c.conf', 'd.conf'],
      ['e.conf'],
    ]);
    expect(emitted.map((p) => p.slice(-6))).toEqual(['a.conf', 'b.conf', 'c.conf', 'd.conf', 'e.conf']);
  });

  test('without steps (the built-in ShellCheck step off) each file is emitted before the next one is read', async () => {
    const root = tree({ 'etc/init/a.conf': 'setuid a\nsetgid a\nexec /bin/a\n' });
    const linter = new FileLinter({ registry: rules, cwd: root, shellcheck: false });
    const b = join(root, 'etc/init/b.conf');
    async function* requests(): AsyncGenerator<{ path: string }> {
      yield { path: join(root, 'etc/init/a.conf') };
      // Written only after a.conf's outcome was taken: a linter that read ahead would miss it.
      expect(existsSync(b)).toBe(true);
      yield { path: b };
    }
    const seen: string[] = [];
    for await (const o of linter.lintFiles(requests())) {
      seen.push(...summary(o));
      if (!existsSync(b)) writeFileSync(b, 'debug\nsetuid b\nsetgid b\nexec /bin/b\n');
    }
    expect(seen).toEqual(['a.conf:', 'b.conf: no-debug@1']);
  });
});
