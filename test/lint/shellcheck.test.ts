/**
 * ShellCheck through the file-linting layer (src/lint/shellcheck.ts, rule `shellcheck`): exact
 * positions in the job file (tabs, CRLF, multi-byte characters, continuation lines), the
 * configuration (`shellcheck: auto | true | false`, `shellcheckExclude`, severity, suppression
 * comments), batching, and failures of the program (crash, timeout, garbage), with no temporary
 * file left behind. Needs the real `shellcheck` (installed when missing); asserts only stable codes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { rules, type Diagnostic } from '../../src/index.js';
import { FileLinter, type LintOutcome } from '../../src/lint/file-linter.js';
import { BATCH_FILES, ShellCheckStep } from '../../src/lint/shellcheck.js';
import { lineStarts, textOffset } from '../../src/rules/shellcheck.js';
import { unavailableInCi } from '../integration/apt.js';
import { shellcheckUnavailable } from '../helpers/shellcheck.js';
import { temporaryTrees } from '../helpers/temporary-trees.js';

const { tree, made } = temporaryTrees('upstart-lint-sc-');

/** A stand-in `shellcheck` program (a shell script) in a directory of its own. */
function fakeProgram(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-sc-bin-'));
  made.push(dir);
  const path = join(dir, 'shellcheck');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function all(it: AsyncIterable<LintOutcome>): Promise<LintOutcome[]> {
  const out: LintOutcome[] = [];
  for await (const o of it) out.push(o);
  return out;
}

/** Codes whose wording and place have not changed across ShellCheck releases: the only ones asserted. */
const STABLE = new Set(['SC1017', 'SC2006', 'SC2046', 'SC2086', 'SC2164']);
const scOnly = { rules: { shellcheck: 'warning' as const }, inlineConfig: true };
const findings = (o: LintOutcome): Diagnostic[] => (o.results[0]?.messages ?? []).filter((m) => m.ruleId === 'shellcheck');
/** The file text a diagnostic covers. */
const covered = (text: string, d: Diagnostic): string => text.slice(d.span.start.offset, d.span.end.offset);

describe('json1 columns (no program needed)', () => {
  test('a column is one code point: a tab, a CR and a character outside the BMP count one', () => {
    const text = '\techo "é🚀" $1\r\necho $2\n';
    const starts = lineStarts(text);
    // ShellCheck 0.9 json1 on this text: SC2086 at 1:12-1:14 and 2:6-2:8, SC1017 (the CR) at 1:14.
    expect(text.slice(textOffset(text, starts, 1, 12), textOffset(text, starts, 1, 14))).toBe('$1');
    expect(text.slice(textOffset(text, starts, 1, 14), textOffset(text, starts, 1, 15))).toBe('\r');
    expect(text.slice(textOffset(text, starts, 2, 6), textOffset(text, starts, 2, 8))).toBe('$2');
    // Past the end of a line or of the text: clamped.
    expect(textOffset(text, starts, 2, 99)).toBe(text.length - 1);
    expect(textOffset(text, starts, 9, 1)).toBe(text.length);
  });
});

const why = shellcheckUnavailable();
unavailableInCi('shellcheck', why);

describe.skipIf(why !== null)('with the system shellcheck', () => {
  test('ShellCheck counts json1 columns in code points, tabs as one (what textOffset assumes)', () => {
    const dir = tree({ 't.sh': '\techo "é🚀" $1\n' });
    const r = spawnSync('shellcheck', ['--shell=dash', '--format=json1', '--norc', join(dir, 't.sh')], { encoding: 'utf8' });
    const c = (JSON.parse(r.stdout) as { comments: { code: number; line: number; column: number; endColumn: number }[] }).comments.find((x) => x.code === 2086);
    expect(c && [c.line, c.column, c.endColumn]).toEqual([1, 12, 14]);
  });

  test('positions map exactly: tab- and space-indented scripts, multi-byte text, continuation lines, CRLF', async () => {
    const files: Record<string, string> = {
      'etc/init/tabs.conf': 'start on runlevel [2345]\npre-start script\n\techo "démarrage 🚀" $1\n\t\tif [ -d /srv/données ]; then echo $2; fi\n\tcd /srv/données\nend script\nexec /bin/true\n',
      'etc/init/spaces.conf': 'start on runlevel [2345]\nscript\n    ECHO=`echo été`\n    echo "$ECHO" $ECHO\nend script\n',
      'etc/init/continued.conf': 'start on runlevel [2345]\nexec /usr/sbin/app --name "日本" \\\n    --pid $PIDFILE \\\n\t--log $LOG > /var/log/app.log\n',
      // CRLF: the CR stays in a script line (ShellCheck's SC1017, at the CR), not in an exec line.
      'etc/init/crlf.conf': 'start on runlevel [2345]\r\npre-start script\r\n    echo "ü" $1\r\nend script\r\nexec /usr/sbin/app --name "😀" --pid $PIDFILE > /var/log/app.log\r\n',
    };
    const root = tree(files);
    const linter = new FileLinter({ registry: rules, cwd: root, config: scOnly });
    const got: Record<string, string[]> = {};
    for (const name of Object.keys(files)) {
      const o = await linter.lintFile({ path: join(root, name) });
      expect(o.errors).toEqual([]);
      got[name] = findings(o).filter((d) => STABLE.has(d.messageId)).map((d) => `${d.messageId}@${d.span.start.line}:${d.span.start.column} ${JSON.stringify(covered(files[name] as string, d))}`);
    }
    expect(got).toEqual({
      // No SC2164 for the bare `cd`: ShellCheck is told the script runs under `sh -e`.
      'etc/init/tabs.conf': ['SC2086@3:22 "$1"', 'SC2086@4:37 "$2"'],
      'etc/init/spaces.conf': ['SC2006@3:10 "`echo été`"', 'SC2086@4:18 "$ECHO"'],
      'etc/init/continued.conf': ['SC2086@3:11 "$PIDFILE"', 'SC2086@4:8 "$LOG"'],
      'etc/init/crlf.conf': ['SC1017@3:16 ""', 'SC2086@5:38 "$PIDFILE"'],
    });
  });

  test('findings take the engine path: code as messageId, wiki link, configured severity, docs URL', async () => {
    const root = tree({ 'etc/init/a.conf': 'start on runlevel [2345]\nexec /usr/sbin/app $OPTS\n' });
    const o = await new FileLinter({ registry: rules, cwd: root, config: { rules: { shellcheck: 'error' } } }).lintFile({ path: join(root, 'etc/init/a.conf') });
    const [d] = findings(o);
    expect(d?.messageId).toBe('SC2086');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('https://www.shellcheck.net/wiki/SC2086');
    expect(d?.url).toMatch(/docs\/rules\/shellcheck\.md$/);
  });

  test('suggestions are ShellCheck\'s fixes, mapped onto the file; never safe fixes', async () => {
    const text = 'start on runlevel [2345]\npre-start script\n\tx="`date`"\n\techo "$x" $HOME\nend script\n';
    const root = tree({ 'etc/init/a.conf': text });
    const o = await new FileLinter({ registry: rules, cwd: root, config: scOnly }).lintFile({ path: join(root, 'etc/init/a.conf') });
    const applied = findings(o).map((d) => {
      expect(d.fix).toBeUndefined();
      const edits = [...(d.suggestions?.[0]?.edits ?? [])].sort((a, b) => b.range[0] - a.range[0]);
      let out = text;
      for (const e of edits) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
      return `${d.messageId}: ${out.split('\n').slice(2, 4).join(' | ')}`;
    });
    expect(applied).toEqual(['SC2006: \tx="$(date)" | \techo "$x" $HOME', 'SC2086: \tx="`date`" | \techo "$x" "$HOME"']);
  });

  test('suppression: upstart-lint comments (and their unused reports), ShellCheck\'s own disable comments', async () => {
    const root = tree({
      'etc/init/a.conf': [
        'start on runlevel [2345]',
        '# upstart-lint disable-next-line shellcheck -- the options are split on purpose',
        'exec /usr/sbin/app $OPTS',
        '# upstart-lint disable-next-line shellcheck -- nothing to suppress here',
        'post-stop exec /usr/sbin/app-cleanup "$OPTS"',
        'pre-start script',
        '    # shellcheck disable=SC2086',
        '    echo $HOME',
        'end script',
        '',
      ].join('\n'),
    });
    const o = await new FileLinter({ registry: rules, cwd: root, config: scOnly }).lintFile({ path: join(root, 'etc/init/a.conf') });
    const messages = o.results[0]?.messages ?? [];
    expect(findings(o)).toEqual([]);
    expect(messages.filter((m) => m.ruleId === 'unused-directive' || /unused/i.test(m.messageId ?? '')).map((m) => m.span.start.line)).toEqual([4]);
  });

  test('configuration: shellcheck false, shellcheckExclude (nearer files and overrides add), the level option', async () => {
    const job = 'start on runlevel [2345]\npre-start script\n    mkdir -p $(dirname /run/app/pid)\n    x=`date`\n    echo $x\nend script\n';
    const root = tree({
      '.upstart-lint.json': JSON.stringify({ shellcheckExclude: ['SC2086'], overrides: [{ files: ['etc/init/b.conf'], shellcheckExclude: ['SC2006'] }] }),
      'etc/init/a.conf': job,
      'etc/init/b.conf': job,
      'etc/init/off/.upstart-lint.json': JSON.stringify({ shellcheck: false }),
      'etc/init/off/c.conf': job,
      'etc/init/level/.upstart-lint.json': JSON.stringify({ rules: { shellcheck: ['warning', { level: 'warning' }] } }),
      'etc/init/level/d.conf': job,
    });
    const linter = new FileLinter({ registry: rules, cwd: root });
    const codes = async (p: string): Promise<string[]> => findings(await linter.lintFile({ path: join(root, p) })).map((d) => d.messageId ?? '');
    expect(await codes('etc/init/a.conf')).toEqual(['SC2046', 'SC2006']);
    expect(await codes('etc/init/b.conf')).toEqual(['SC2046']);
    expect(await codes('etc/init/off/c.conf')).toEqual([]);
    // SC2046 is a warning in ShellCheck; SC2006 and SC2086 are style and info.
    expect(await codes('etc/init/level/d.conf')).toEqual(['SC2046']);
    expect((await linter.describeConfig(join(root, 'etc/init/b.conf'))).shellcheckExclude).toEqual(['SC2086', 'SC2006']);
  });

  test('auto without the program: nothing, no error; true without it: one configuration error', async () => {
    const root = tree({ 'etc/init/a.conf': 'start on runlevel [2345]\nexec /usr/sbin/app $OPTS\n' });
    const path = join(root, 'etc/init/a.conf');
    const missing = { command: join(root, 'no-such-shellcheck') };
    const auto = await new FileLinter({ registry: rules, cwd: root, config: scOnly, shellcheck: missing }).lintFile({ path });
    expect([auto.errors, findings(auto)]).toEqual([[], []]);
    const required = new FileLinter({ registry: rules, cwd: root, config: scOnly, shellcheck: Object.assign({ mode: true as const, modeSource: '--shellcheck true' }, missing) });
    await expect(required.lintFile({ path })).rejects.toThrow(/^--shellcheck true: "shellcheck" is true, but there is no `.*no-such-shellcheck` program on PATH; install ShellCheck \(Debian and Ubuntu: apt-get install shellcheck\)/);
  });

  test('many files are batched into few runs, each file gets its own findings', async () => {
    const files: Record<string, string> = {};
    const n = 2 * BATCH_FILES + 30;
    for (let i = 0; i < n; i++) files[`etc/init/j${i}.conf`] = `start on runlevel [2345]\nexec /usr/sbin/app${i} $OPT${i}\n`;
    const root = tree(files);
    const log = join(root, 'runs.log');
    const program = fakeProgram(`echo run >> '${log}'\nexec shellcheck "$@"`);
    const linter = new FileLinter({ registry: rules, cwd: root, config: scOnly, shellcheck: { command: program } });
    const outcomes = await all(linter.lintFiles(Object.keys(files).map((p) => ({ path: join(root, p) }))));
    expect(outcomes.map((o) => findings(o).map((d) => covered(files[o.request.path.slice(root.length + 1)] as string, d)))).toEqual(Object.keys(files).map((_, i) => [`$OPT${i}`]));
    // One run per batch of BATCH_FILES files (each file has one script here).
    expect(readFileSync(log, 'utf8').trim().split('\n').length).toBe(Math.ceil(n / BATCH_FILES));
  });

  test('a crash, a timeout or garbage output: one clear error for the affected files, their other findings kept', async () => {
    const root = tree({
      'etc/init/shell.conf': 'start on runlevel [2345]\nexec /usr/sbin/app $OPTS\ndebug\n',
      'etc/init/noshell.conf': 'start on runlevel [2345]\nexec /usr/sbin/app --plain\n',
    });
    const cases: [string, number, RegExp][] = [
      ['echo "shellcheck: internal error" >&2; exit 3', 120_000, /ShellCheck failed \(exit code 3: shellcheck: internal error\), so its scripts were not checked$/],
      ['kill -SEGV $$', 120_000, /ShellCheck failed \(it was killed by SIGSEGV\)/],
      ['sleep 30', 300, /ShellCheck failed \(it did not finish within 300 ms\)/],
      ['echo "not json"', 120_000, /ShellCheck failed \(ShellCheck's output is not JSON: "not json\\n"\)/],
    ];
    for (const [body, timeoutMs, message] of cases) {
      const linter = new FileLinter({ registry: rules, cwd: root, config: { rules: { shellcheck: 'warning', 'no-debug': 'warning' } }, shellcheck: { command: fakeProgram(body), timeoutMs } });
      const [shell, noshell] = await all(linter.lintFiles([{ path: join(root, 'etc/init/shell.conf') }, { path: join(root, 'etc/init/noshell.conf') }]));
      expect(shell?.errors.length, body).toBe(1);
      expect(shell?.errors[0]).toMatch(message);
      expect(shell?.results[0]?.messages.map((m) => m.ruleId)).toContain('no-debug');
      expect(noshell?.errors).toEqual([]);
    }
  });

  test('no temporary file is left, also when the process is killed while ShellCheck runs; no shell sees the text', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'upstart-lint-sc-tmp-'));
    made.push(tmp);
    const marker = join(tmp, 'injected');
    const root = tree({ 'etc/init/a.conf': `start on runlevel [2345]\nexec /usr/sbin/app $(touch ${marker}) "$(touch ${marker})"\n` });
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      const o = await new FileLinter({ registry: rules, cwd: root, config: scOnly }).lintFile({ path: join(root, 'etc/init/a.conf') });
      expect(findings(o).map((d) => d.messageId)).toContain('SC2046');
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(marker)).toBe(false);

    // Killed (SIGKILL, no clean-up possible) while a slow ShellCheck runs.
    const started = join(tmp, 'started');
    const slow = fakeProgram(`touch '${started}'\nsleep 5`);
    const script = `import { FileLinter } from ${JSON.stringify(resolve('dist/lint/file-linter.js'))};
import { rules } from ${JSON.stringify(resolve('dist/rules/index.js'))};
await new FileLinter({ registry: rules, cwd: ${JSON.stringify(root)}, shellcheck: { command: ${JSON.stringify(slow)} } }).lintFile({ path: ${JSON.stringify(join(root, 'etc/init/a.conf'))} });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: Object.assign({}, process.env, { TMPDIR: tmp }), stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(started)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(readdirSync(tmp).filter((f) => f !== 'started')).toEqual([]);
  });

  test.each([
    ['SIGTERM', 'ended by SIGTERM'],
    ['SIGINT', 'ended by SIGINT'],
    ['exit', 'ending with process.exit (the language server\'s exit)'],
  ])('a ShellCheck still running is killed when the run is %s', async (how) => {
    // Nothing else would stop it: on a pathological script ShellCheck ran on for minutes, in GBs.
    const root = tree({ 'etc/init/a.conf': 'start on runlevel [2345]\nscript\n  echo $x\nend script\n' });
    const pidFile = join(root, 'shellcheck.pid');
    const slow = fakeProgram(`echo $$ > '${pidFile}.tmp' && mv '${pidFile}.tmp' '${pidFile}'\nexec sleep 60`);
    const script = `import { existsSync } from 'node:fs';
import { FileLinter } from ${JSON.stringify(resolve('dist/lint/file-linter.js'))};
import { rules } from ${JSON.stringify(resolve('dist/rules/index.js'))};
void new FileLinter({ registry: rules, cwd: ${JSON.stringify(root)}, shellcheck: { command: ${JSON.stringify(slow)} } }).lintFile({ path: ${JSON.stringify(join(root, 'etc/init/a.conf'))} });
${how === 'exit' ? `const poll = setInterval(() => { if (existsSync(${JSON.stringify(pidFile)})) { clearInterval(poll); process.exit(0); } }, 20);` : ''}`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    if (how !== 'exit') child.kill(how as NodeJS.Signals);
    const [code, signal] = await closed;
    // The run still ends as that signal ends it (or with its exit code).
    if (how === 'exit') expect(code).toBe(0);
    else expect(signal).toBe(how);
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
  });

  test('the step holds results only per batch, and a step not given ShellCheck is 1 file per batch', () => {
    expect(new ShellCheckStep({ registry: rules, command: '/nonexistent/shellcheck' }).batchSize).toBe(1);
    expect(new ShellCheckStep({ registry: rules }).batchSize).toBe(BATCH_FILES);
  });
});

describe.skipIf(why !== null)('command line', () => {
  const bin = resolve('dist/bin/upstart-lint.cjs');
  const run = (args: string[], cwd: string, env: Record<string, string | undefined> = process.env) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });

  test('json and sarif carry the SC code; --shellcheck false turns it off; --shellcheck true without the program is exit 2, one line', () => {
    const root = tree({ 'etc/init/a.conf': 'start on runlevel [2345]\nstop on runlevel [!2345]\nexec /usr/sbin/app $OPTS\n' });
    const json = JSON.parse(run(['-f', 'json', '--rule', 'shellcheck: error', 'etc/init/a.conf'], root).stdout) as { messages: { ruleId: string; messageId: string; line: number; column: number }[] }[];
    expect(json[0]?.messages.filter((m) => m.ruleId === 'shellcheck').map((m) => `${m.messageId}@${m.line}:${m.column}`)).toEqual(['SC2086@3:20']);
    const sarif = JSON.parse(run(['-f', 'sarif', 'etc/init/a.conf'], root).stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(sarif.runs[0]?.results.filter((r) => r.ruleId === 'shellcheck').map((r) => r.message.text)).toEqual([expect.stringContaining('SC2086')]);
    const off = run(['-f', 'json', '--shellcheck', 'false', 'etc/init/a.conf'], root);
    expect(JSON.parse(off.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'shellcheck')).toEqual([]);
    const required = run(['--shellcheck', 'true', 'etc/init/a.conf'], root, Object.assign({}, process.env, { PATH: join(root, 'empty') }));
    expect(required.status).toBe(2);
    expect(required.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^upstart-lint: --shellcheck true: "shellcheck" is true, but there is no `shellcheck` program on PATH/)]);
    expect(run(['--shellcheck', 'maybe', 'etc/init/a.conf'], root).status).toBe(2);
  });
});
