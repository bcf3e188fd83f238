/**
 * The language server's two publishes when ShellCheck runs (src/lsp/server.ts): the core's
 * findings as soon as the core has linted, then the core's and ShellCheck's together when
 * ShellCheck answers; a ShellCheck answer overtaken by an edit is never published; one ShellCheck
 * run per document at a time. The server runs as editors run it (test/lsp/client.ts), with a
 * stand-in `shellcheck` on its PATH that logs each run, sleeps, then answers.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { BIN, Client, uri, type Published } from './client.js';
import { temporaryTrees } from '../helpers/temporary-trees.js';

const clients: Client[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
});
const { tree, made } = temporaryTrees('upstart-lint-lsp2-');

async function start(options: Parameters<typeof Client.start>[0]): Promise<Client> {
  const c = await Client.start(options);
  clients.push(c);
  return c;
}

const codes = (p: Published): string[] => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
const has = (code: string) => (p: Published): boolean => p.diagnostics.some((d) => d.code === code);

/** A job with one core finding (line 1) and a script on line 2 that ShellCheck has a word about. */
const TEXT = 'start on runlevel [2345]\nkill timeout 0\nexec /usr/sbin/app $OPTS\n';

/**
 * ShellCheck 0.9's json1 answer on that script as the step gives it (`#!/bin/sh -e`, then the
 * `exec` line, on /dev/fd/3): SC2086 on `$OPTS`. The stand-in gives it whatever the script is.
 */
const ANSWER = '{"comments":[{"file":"/dev/fd/3","line":2,"endLine":2,"column":20,"endColumn":25,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":{"replacements":[{"column":20,"endColumn":20,"endLine":2,"insertionPoint":"afterEnd","line":2,"precedence":7,"replacement":"\\""},{"column":25,"endColumn":25,"endLine":2,"insertionPoint":"beforeStart","line":2,"precedence":7,"replacement":"\\""}]}}]}';

const SLEEP_S = 1.5;

/**
 * A stand-in `shellcheck` first on PATH: it logs `start SCRIPT` (the script it was given, lines
 * joined by spaces), sleeps SLEEP_S seconds, logs `end`, then runs `tail` (prints the fixed answer
 * by default).
 */
function fakeShellCheck(tail = `printf '%s\\n' '${ANSWER}'`): { env: Record<string, string | undefined>; runs: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'upstart-lint-lsp2-bin-'));
  made.push(dir);
  const log = join(dir, 'runs.log');
  const program = join(dir, 'shellcheck');
  writeFileSync(program, `#!/bin/sh\necho "start $(tail -n +2 /dev/fd/3 | tr '\\n' ' ')" >> '${log}'\nsleep ${SLEEP_S}\necho end >> '${log}'\n${tail}\n`);
  chmodSync(program, 0o755);
  return {
    env: Object.assign({}, process.env, { PATH: `${dir}:${process.env['PATH'] ?? ''}` }),
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

/** Resolves after `ms`. */
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A server with the stand-in `shellcheck` (ending with `tail`), and `etc/init/a.conf` open with TEXT. */
async function openWithStandIn(options: { tail?: string; debounce?: number } = {}): Promise<{ sc: ReturnType<typeof fakeShellCheck>; c: Client; u: string }> {
  const sc = fakeShellCheck(options.tail);
  const root = tree({});
  const c = await start({ folders: [root], env: sc.env, ...(options.debounce !== undefined ? { debounce: options.debounce } : {}) });
  return { sc, c, u: c.open(join(root, 'etc/init/a.conf'), TEXT) };
}

describe('two publishes with ShellCheck', () => {
  test('the core\'s findings before ShellCheck answers (no SC code), then both, as the command line reports them', async () => {
    const sc = fakeShellCheck();
    const root = tree({ 'etc/init/a.conf': TEXT });
    const c = await start({ folders: [root], env: sc.env });
    const path = join(root, 'etc/init/a.conf');
    const u = c.open(path, TEXT);
    const first = await c.diagnostics(u, { version: 1 });
    // Received while the stand-in had not finished (it sleeps SLEEP_S seconds before answering).
    expect(sc.runs()).not.toContain('end');
    expect(codes(first)).toEqual(['1:13 no-kill-timeout-zero']);
    expect(first.diagnostics.some((d) => /SC\d+/.test(d.message))).toBe(false);

    const second = await c.diagnostics(u, { version: 1, test: has('shellcheck') });
    expect(c.published.indexOf(first)).toBeLessThan(c.published.indexOf(second));
    expect(codes(second)).toEqual(['1:13 no-kill-timeout-zero', '2:19 shellcheck']);
    expect(second.diagnostics[1]?.message).toContain('SC2086');
    // One run: the lint in the project model (200 ms after the start) waited for it and took its
    // answer, remembered by text, instead of running ShellCheck on the same script again.
    expect(sc.runs()).toEqual(['start exec /usr/sbin/app $OPTS', 'end']);

    // The editor's final findings are the command line's with the same ShellCheck.
    const r = spawnSync(process.execPath, [BIN, '-f', 'json', 'etc/init/a.conf'], { cwd: root, encoding: 'utf8', env: Object.assign({}, sc.env, { UPSTART_LINT_CODE_CACHE: '0' }) });
    const cli = (JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; column: number; message: string }[] }[])[0]?.messages ?? [];
    const latest = c.latest(u) as Published;
    expect(latest.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`)).toEqual(cli.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
    // Code actions see ShellCheck's finding: its suggestion quotes the word.
    const actions = await c.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line: 2, character: 20 }, end: { line: 2, character: 20 } }, context: { diagnostics: [] } });
    expect(actions.map((a) => a.title)).toContain('Replace `$OPTS` with `"$OPTS"`, as ShellCheck suggests');
  }, 60_000);

  test('an edit while ShellCheck runs: its answer is never published for the new text; one run at a time, none for a version already outdated', async () => {
    const { sc, c, u } = await openWithStandIn({ debounce: 0 });
    await c.diagnostics(u, { version: 1 });
    await c.until(() => sc.runs().length > 0, 'ShellCheck to start');
    // While it runs: another script (version 2), then another again, two lines lower (version 3).
    const mark = c.published.length;
    c.change(u, 2, [{ text: TEXT.replace('$OPTS', '$OPTA') }]);
    await c.diagnostics(u, { version: 2, after: mark });
    c.change(u, 3, [{ text: `description "a"\n# b\n${TEXT.replace('$OPTS', '$OPTB')}` }]);
    const third = await c.diagnostics(u, { version: 3, after: mark });
    expect(codes(third)).toEqual(['3:13 no-kill-timeout-zero']);
    // ShellCheck's answer for version 3, at its script's place.
    const final = await c.diagnostics(u, { version: 3, after: mark, test: has('shellcheck') });
    expect(codes(final)).toEqual(['3:13 no-kill-timeout-zero', '4:19 shellcheck']);
    // A while after: nothing of version 1 since the edit, version 2 with the core's findings only,
    // and no ShellCheck finding but version 3's (the answer for version 1 was dropped).
    await pause(SLEEP_S * 1000 + 500);
    const after = c.published.slice(mark).filter((p) => p.uri === u);
    expect(after.map((p) => p.version).filter((v) => v !== 2 && v !== 3)).toEqual([]);
    expect([...new Set(after.filter((p) => p.version === 2).map((p) => codes(p).join()))]).toEqual(['1:13 no-kill-timeout-zero']);
    expect(after.flatMap((p) => codes(p)).filter((x) => x.endsWith('shellcheck'))).toEqual(['4:19 shellcheck']);
    expect(c.latest(u)).toBe(final);
    // Runs one after the other: version 1's, then the latest's; none for version 2, outdated
    // before the first run ended.
    expect(sc.runs()).toEqual(['start exec /usr/sbin/app $OPTS', 'end', 'start exec /usr/sbin/app $OPTB', 'end']);
    expect(c.stderr).not.toMatch(/internal error/);
  }, 60_000);

  test('ShellCheck failing (exit 3, or output that is not json1): the core\'s findings stay, with one clear message', async () => {
    const cases: [string, RegExp][] = [
      ['echo "shellcheck: internal error" >&2; exit 3', /ShellCheck failed \(exit code 3: shellcheck: internal error\)/],
      ['echo "not json"', /ShellCheck failed \(ShellCheck's output is not JSON/],
    ];
    for (const [tail, message] of cases) {
      const { c, u } = await openWithStandIn({ tail });
      const first = await c.diagnostics(u, { version: 1 });
      expect(codes(first)).toEqual(['1:13 no-kill-timeout-zero']);
      const failed = await c.diagnostics(u, { version: 1, test: has('input') });
      expect(codes(failed), tail).toEqual(['0:0 input', '1:13 no-kill-timeout-zero']);
      expect(failed.diagnostics[0]?.message, tail).toMatch(message);
      expect(failed.diagnostics[0]?.severity).toBe(2);
      expect(c.stderr).not.toMatch(/internal error: /);
    }
  }, 60_000);

  test('a save without an edit keeps ShellCheck\'s findings in the first publish (same text); an edit drops them until ShellCheck answers', async () => {
    const { sc, c, u } = await openWithStandIn({ debounce: 0 });
    await c.diagnostics(u, { version: 1, test: has('shellcheck') });
    const saved = c.published.length;
    c.notify('textDocument/didSave', { textDocument: { uri: u } });
    await c.until(() => c.published.length > saved, 'diagnostics after the save');
    expect(codes(c.published[saved] as Published)).toEqual(['1:13 no-kill-timeout-zero', '2:19 shellcheck']);
    // The same script again: ShellCheck's answer is remembered, not asked for again.
    const runs = sc.runs().length;
    await pause(500);
    expect(sc.runs().length).toBe(runs);

    const edited = c.published.length;
    c.change(u, 2, [{ range: { start: { line: 2, character: 19 }, end: { line: 2, character: 24 } }, text: '$ARGS' }]);
    const first = await c.diagnostics(u, { version: 2, after: edited });
    expect(codes(first)).toEqual(['1:13 no-kill-timeout-zero']);
    const second = await c.diagnostics(u, { version: 2, after: edited, test: has('shellcheck') });
    expect(codes(second)).toEqual(['1:13 no-kill-timeout-zero', '2:19 shellcheck']);
    expect(sc.runs().at(-2)).toBe('start exec /usr/sbin/app $ARGS');
  }, 60_000);

  test('ShellCheck off in the configuration, or not installed: one publish per lint, no run', async () => {
    const sc = fakeShellCheck();
    const off = tree({ '.upstart-lint.json': '{ "shellcheck": false }\n' });
    const missing = tree({});
    const empty = mkdtempSync(join(tmpdir(), 'upstart-lint-lsp2-empty-'));
    made.push(empty);
    for (const [root, env] of [
      [off, sc.env],
      [missing, Object.assign({}, process.env, { PATH: empty })],
    ] as const) {
      const c = await start({ folders: [root], env, debounce: 0 });
      const u = c.open(join(root, 'etc/init/a.conf'), TEXT);
      await c.diagnostics(u, { version: 1 });
      // Past the time a run would take (and the project models' re-lint), then an edit: version 1 had
      // nothing more to say than the core's findings.
      await pause(SLEEP_S * 1000 + 500);
      c.change(u, 2, [{ text: `${TEXT}# edited\n` }]);
      await c.diagnostics(u, { version: 2 });
      await pause(300);
      const mine = c.published.filter((p) => p.uri === u);
      expect(mine.every((p) => !has('shellcheck')(p) && !has('input')(p))).toBe(true);
      expect(mine.filter((p) => p.version === 2).length).toBe(1);
    }
    expect(sc.runs()).toEqual([]);
  }, 60_000);
  test('"shellcheck": true without the program: the configuration error, and the job checked for load errors only (no publish of core findings first)', async () => {
    const root = tree({ '.upstart-lint.json': '{ "shellcheck": true }\n' });
    const empty = mkdtempSync(join(tmpdir(), 'upstart-lint-lsp2-empty-'));
    made.push(empty);
    const c = await start({ folders: [root], env: Object.assign({}, process.env, { PATH: empty }), debounce: 0 });
    const u = c.open(join(root, 'etc/init/a.conf'), TEXT);
    const p = await c.diagnostics(u, { version: 1 });
    expect(p.diagnostics).toEqual([]);
    await c.until(() => c.shown.length > 0, 'the message');
    expect(c.shown.map((m) => m.message)).toEqual([expect.stringMatching(/invalid configuration: .*\.upstart-lint\.json: "shellcheck" is true, but there is no `shellcheck` program on PATH/)]);
    const config = await c.diagnostics(uri(join(root, '.upstart-lint.json')));
    expect(config.diagnostics.map((d) => d.code)).toEqual(['configuration']);
    await pause(500);
    expect(c.published.filter((x) => x.uri === u).every((x) => x.diagnostics.length === 0)).toBe(true);
  }, 60_000);
});
