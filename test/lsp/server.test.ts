/**
 * `upstart-lint --lsp` driven by a scripted client (vscode-jsonrpc over the child's standard input
 * and output), over the whole protocol surface the server offers: diagnostics (open, debounced
 * change, save; UTF-16 positions, severity, code, codeDescription, related locations, tags; the
 * open `.override` refreshed by edits of its `.conf`), code actions (fixes, suggestions, disable
 * comments, source.fixAll), hover, completion, document symbols, configuration (discovery,
 * reload, several folders, invalid configuration), bad client input, and exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { applyEdits, BIN, Client, uri, type LspDiagnostic, type Published, type Range } from './client.js';
import { temporaryTrees } from '../helpers/temporary-trees.js';

const clients: Client[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
});
const { tree: workspace } = temporaryTrees('upstart-lint-lsp-');

async function start(options: Parameters<typeof Client.start>[0] = {}): Promise<Client> {
  const c = await Client.start(options);
  clients.push(c);
  return c;
}

const codes = (p: Published): string[] => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
const CLEAN = 'setuid web\nsetgid web\nexec /usr/bin/web\n';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: LspDiagnostic[];
  disabled?: { reason: string };
  edit?: { changes: Record<string, { range: Range; newText: string }[]> };
}

describe('diagnostics', () => {
  test('on open: UTF-16 positions on multi-byte lines, severity, code, codeDescription, source, related locations, tags', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    // 'é' is one UTF-16 unit (two UTF-8 bytes), '😀' two (four bytes): the column of `relative`
    // after them is 27 in UTF-16 units, 30 in UTF-8 bytes, 26 in code points.
    const text = [
      'description "café 😀 service"',
      'setuid web',
      'setgid web',
      'env PATH=/usr/bin:/é😀/bin:relative',
      'kill signal 9',
      'kill signal 99',
      '# upstart-lint disable-next-line no-debug',
      'exec /usr/bin/web',
      '',
    ].join('\n');
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    const p = await c.diagnostics(u, { version: 1 });
    const byCode = (code: string): LspDiagnostic => {
      const d = p.diagnostics.find((x) => x.code === code);
      if (!d) throw new Error(`no ${code} in ${JSON.stringify(codes(p))}`);
      return d;
    };
    const env = byCode('valid-env-path');
    expect(env.range.start).toEqual({ line: 3, character: text.split('\n')[3]?.indexOf('relative') });
    expect(env.range.start.character).toBe(27);
    expect(env.range.end).toEqual({ line: 3, character: 35 });
    expect(env.severity).toBe(2);
    expect(env.source).toBe('upstart-lint');
    expect(env.codeDescription?.href).toBe('https://github.com/upstart-lint/upstart-lint/blob/main/docs/rules/valid-env-path.md');
    const dup = byCode('duplicate-stanza');
    expect(dup.relatedInformation?.[0]?.location).toEqual({ uri: u, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 11 } } });
    const unused = byCode('unused-directive');
    expect(unused.tags).toEqual([1]);
    expect(unused.range.start).toEqual({ line: 6, character: 0 });
    // Signal 99 does not exist: an error (the earlier `kill signal 9` is replaced, so not checked).
    expect(p.diagnostics.filter((d) => d.code === 'valid-kill-signal').map((d) => [d.range.start.line, d.severity])).toEqual([[5, 1]]);
  });

  test('on change: debounced, and a newer edit cancels the pending lint; on save: linted again', async () => {
    const root = workspace({ 'etc/init/web.conf': CLEAN });
    const c = await start({ folders: [root], debounce: 300 });
    const u = c.open(join(root, 'etc/init/web.conf'), CLEAN);
    await c.diagnostics(u, { version: 1 });
    const before = c.published.length;
    // Five edits in quick succession, each appending a line.
    let text = CLEAN;
    for (let v = 2; v <= 6; v++) {
      const line = v === 6 ? 'kill timeout 0\n' : `# edit ${v}\n`;
      const end = { line: text.split('\n').length - 1, character: 0 };
      c.change(u, v, [{ range: { start: end, end }, text: line }]);
      text += line;
    }
    const p = await c.diagnostics(u, { version: 6, after: before });
    expect(codes(p)).toEqual(['7:13 no-kill-timeout-zero']);
    // Only the last version was linted and published.
    expect(c.published.slice(before).filter((x) => x.uri === u).map((x) => x.version)).toEqual([6]);
    // A full-text change works too, and a save lints the current text at once.
    const saveFrom = c.published.length;
    c.change(u, 7, [{ text: CLEAN }]);
    c.notify('textDocument/didSave', { textDocument: { uri: u } });
    const saved = await c.diagnostics(u, { version: 7, after: saveFrom });
    expect(saved.diagnostics).toEqual([]);
  });

  test('editing a .conf re-lints its open .override with the unsaved .conf text', async () => {
    const root = workspace({ 'etc/init/web.conf': CLEAN, 'etc/init/web.override': 'respawn limit 5 10\n' });
    const c = await start({ folders: [root] });
    const conf = c.open(join(root, 'etc/init/web.conf'), CLEAN);
    const override = c.open(join(root, 'etc/init/web.override'), 'respawn limit 5 10\n');
    const first = await c.diagnostics(override, { test: (p) => p.diagnostics.length > 0 });
    expect(codes(first)).toEqual(['0:0 no-orphan-respawn-limit']);
    const from = c.published.length;
    // `respawn` in the unsaved .conf buffer makes the override's limit meaningful.
    c.change(conf, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'respawn\n' }]);
    const after = await c.diagnostics(override, { after: from });
    expect(after.diagnostics).toEqual([]);
  });

  test('the problems of the companion file are not published on this one', async () => {
    const root = workspace({ 'etc/init/web.conf': `${CLEAN}kill timeout 0\n` });
    const c = await start({ folders: [root] });
    const u = c.open(join(root, 'etc/init/web.override'), 'debug\n');
    const p = await c.diagnostics(u);
    expect(codes(p)).toEqual(['0:0 no-debug']);
  });
});

describe('code actions', () => {
  async function actionsFor(c: Client, u: string, range: Range, only?: string[]): Promise<CodeAction[]> {
    return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
  }

  test('a fix, a suggestion, disable for this line and for the file, each removing the finding', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const text = 'setgid web\nkill signal 9\nexec /srv/web/bin/web\n';
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    await c.diagnostics(u, { version: 1 });
    const signal = await actionsFor(c, u, { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } });
    expect(signal.map((a) => [a.title, a.kind])).toEqual([
      ['Fix this valid-kill-signal problem', 'quickfix'],
      ['Disable valid-kill-signal for this line', 'quickfix'],
      ['Disable valid-kill-signal for the whole file', 'quickfix'],
      ['Fix all safely fixable upstart-lint problems', 'source.fixAll'],
    ]);
    const fix = signal[0] as CodeAction;
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(true);
    expect(fix.diagnostics?.[0]?.code).toBe('valid-kill-signal');
    expect(applyEdits(text, fix.edit?.changes[u] ?? [])).toBe('setgid web\nkill signal KILL\nexec /srv/web/bin/web\n');
    const line = applyEdits(text, signal[1]?.edit?.changes[u] ?? []);
    expect(line).toBe('setgid web\n# upstart-lint disable-next-line valid-kill-signal -- reason\nkill signal 9\nexec /srv/web/bin/web\n');
    const file = applyEdits(text, signal[2]?.edit?.changes[u] ?? []);
    expect(file).toBe('# upstart-lint disable-file valid-kill-signal -- reason\nsetgid web\nkill signal 9\nexec /srv/web/bin/web\n');
    // The suggestion of require-setuid on `exec`.
    const exec = await actionsFor(c, u, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
    const suggestion = exec.find((a) => a.title.startsWith('Insert `setuid '));
    expect(suggestion?.title).toMatch(/^Insert `setuid \S+` before the `exec` stanza \(the job has its `setgid`\)$/);
    expect(suggestion?.isPreferred).toBeUndefined();
    expect(applyEdits(text, suggestion?.edit?.changes[u] ?? [])).toMatch(/^setgid web\nkill signal 9\nsetuid \S+\nexec \/srv\/web\/bin\/web\n$/);
    // Applying the line directive: the finding goes away and nothing else appears.
    const from = c.published.length;
    c.change(u, 2, [{ text: line }]);
    const after = await c.diagnostics(u, { version: 2, after: from });
    expect(codes(after)).toEqual(['3:0 require-setuid']);
  });

  test('inside a multi-line start on, the disable comment goes where upstart still loads the job', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    // A comment-only line inside the parentheses would be a load error (expectedToken).
    const text = 'setuid web\nsetgid web\nstart on (started a\n    and socket PROTO=unix PATH=/run/x.sock)\nstop on runlevel [016]\nexec /usr/bin/web\n';
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    const p = await c.diagnostics(u, { version: 1 });
    const target = p.diagnostics.find((d) => d.code === 'valid-socket-event');
    expect(target?.range.start.line).toBe(3);
    const actions = await actionsFor(c, u, target?.range as Range);
    const disable = actions.find((a) => a.title === 'Disable valid-socket-event for this line');
    const edited = applyEdits(text, disable?.edit?.changes[u] ?? []);
    expect(edited).toBe('setuid web\nsetgid web\nstart on (started a\n    and socket PROTO=unix PATH=/run/x.sock)  # upstart-lint disable-line valid-socket-event -- reason\nstop on runlevel [016]\nexec /usr/bin/web\n');
    const from = c.published.length;
    c.change(u, 2, [{ text: edited }]);
    const after = await c.diagnostics(u, { version: 2, after: from });
    expect(after.diagnostics.filter((d) => d.code === 'syntax' || d.code === 'valid-socket-event')).toEqual([]);
  });

  test('source.fixAll applies every safe fix, and only source actions come when only those are asked for', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const text = 'setuid web\nsetgid web\nkill signal 9\nreload signal 1\noom 10\nexec /usr/bin/web\n';
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    await c.diagnostics(u, { version: 1 });
    const actions = await actionsFor(c, u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll']);
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['Fix all safely fixable upstart-lint problems', 'source.fixAll']]);
    const fixed = applyEdits(text, actions[0]?.edit?.changes[u] ?? []);
    expect(fixed).toBe('setuid web\nsetgid web\nkill signal KILL\nreload signal HUP\noom score 666\nexec /usr/bin/web\n');
    // Nothing to fix: no fix-all action.
    const clean = c.open(join(root, 'etc/init/clean.conf'), CLEAN);
    await c.diagnostics(clean, { version: 1 });
    expect(await actionsFor(c, clean, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll'])).toEqual([]);
  });

  test('code actions answer for the current text even before the debounced lint ran', async () => {
    const root = workspace({});
    const c = await start({ folders: [root], debounce: 10_000 });
    const u = c.open(join(root, 'etc/init/web.conf'), CLEAN);
    await c.diagnostics(u, { version: 1 });
    c.change(u, 2, [{ text: `${CLEAN}kill signal 9\n` }]);
    const actions = await actionsFor(c, u, { start: { line: 3, character: 12 }, end: { line: 3, character: 12 } });
    expect(actions[0]?.title).toBe('Fix this valid-kill-signal problem');
    // ... and that lint was published.
    expect(c.latest(u)?.version).toBe(2);
  });
});

describe('hover, completion, symbols', () => {
  test('hover explains the stanza keyword, and the rule of a finding under the cursor', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const u = c.open(join(root, 'etc/init/web.conf'), 'setgid web\nkill timeout 0\nexec /usr/bin/web\n');
    await c.diagnostics(u, { version: 1 });
    const h = await c.request<{ contents: { kind: string; value: string }; range?: Range }>('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 2 } });
    expect(h.contents.kind).toBe('markdown');
    expect(h.contents.value).toContain('kill timeout SECONDS');
    expect(h.contents.value).toContain('before it sends SIGKILL');
    expect(h.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
    const rule = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 13 } });
    expect(rule.contents.value).toContain('**no-kill-timeout-zero** (correctness, error by default, has suggestions): Disallow `kill timeout 0`, which makes init abort when the job is stopped.');
    expect(rule.contents.value).toContain('docs/rules/no-kill-timeout-zero.md');
    const nothing = await c.request<unknown>('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 8 } });
    expect(nothing).toBeNull();
  });

  test('completion: keywords, fixed values, and job and event names from the workspace after start on', async () => {
    const root = workspace({
      'etc/init/db.conf': 'emits db-ready\nexec /usr/bin/db\n',
      'etc/init/net/proxy.conf': 'start on db-ready\nexec /usr/bin/proxy\n',
    });
    const c = await start({ folders: [root] });
    const text = 'k\nconsole \nkill signal \nlimit \nlimit nofile \nexpect \nstart on started \nstop on (stopped db or \n';
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    await c.diagnostics(u, { version: 1 });
    const labels = async (line: number, character: number): Promise<string[]> => {
      const r = await c.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: u }, position: { line, character } });
      return (Array.isArray(r) ? r : r.items).map((i) => i.label);
    };
    expect(await labels(0, 1)).toEqual(expect.arrayContaining(['kill timeout', 'kill signal', 'start on', 'pre-start', 'exec', 'oom score']));
    expect(await labels(1, 8)).toEqual(['log', 'none', 'output', 'owner']);
    expect(await labels(2, 12)).toEqual(expect.arrayContaining(['TERM', 'KILL', 'HUP', 'USR1']));
    expect(await labels(3, 6)).toContain('nofile');
    expect(await labels(4, 13)).toEqual(['unlimited']);
    expect(await labels(5, 7)).toEqual(['none', 'fork', 'daemon', 'stop']);
    // Job names come from a scan of the workspace folder (started asynchronously at start-up).
    await c.until(() => true, 'scan');
    let jobs: string[] = [];
    for (let i = 0; i < 50 && !jobs.includes('db'); i++) {
      jobs = await labels(6, 17);
      if (!jobs.includes('db')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(jobs).toEqual(['db', 'net/proxy', 'web']);
    const events = await labels(7, 23);
    expect(events).toEqual(expect.arrayContaining(['db-ready', 'started', 'stopped', 'runlevel', 'filesystem']));
  });

  test('document symbols: stanzas and process slots', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const text = 'description "web"\nstart on runlevel [2345]\nenv PORT=8080\npre-start script\n  mkdir -p /run/web\nend script\nexec /usr/bin/web\n';
    const u = c.open(join(root, 'etc/init/web.conf'), text);
    const symbols = await c.request<{ name: string; kind: number; detail?: string; range: Range; selectionRange: Range }[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
    expect(symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['description', 7, '"web"'],
      ['start on', 24, 'runlevel'],
      ['env PORT', 13, '8080'],
      ['pre-start script', 12, 'mkdir -p /run/web'],
      ['exec', 12, '/usr/bin/web'],
    ]);
    expect(symbols[3]?.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 5, character: 10 } });
    expect(symbols[3]?.selectionRange).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 16 } });
  });
});

describe('configuration', () => {
  test('found as the command line finds it, reloaded on didChangeWatchedFiles, one per workspace folder', async () => {
    const a = workspace({ '.upstart-lint.json': JSON.stringify({ rules: { 'no-debug': 'error' } }) });
    const b = workspace({ '.upstart-lint.yaml': 'rules:\n  no-debug: info\n' });
    const c = await start({ folders: [a, b] });
    const ua = c.open(join(a, 'etc/init/x.conf'), `${CLEAN}debug\n`);
    const ub = c.open(join(b, 'etc/init/x.conf'), `${CLEAN}debug\n`);
    expect((await c.diagnostics(ua)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['no-debug', 1]]);
    expect((await c.diagnostics(ub)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['no-debug', 3]]);
    writeFileSync(join(a, '.upstart-lint.json'), JSON.stringify({ rules: { 'no-debug': 'off' } }));
    const from = c.published.length;
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(a, '.upstart-lint.json')), type: 2 }] });
    expect((await c.diagnostics(ua, { after: from })).diagnostics).toEqual([]);
  });

  test('a file that the configuration ignores gets no diagnostics, as on the command line', async () => {
    const root = workspace({ '.upstart-lint.json': JSON.stringify({ ignores: ['vendor/'] }), 'vendor/etc/init/x.conf': `${CLEAN}debug\n`, 'etc/init/x.conf': `${CLEAN}debug\n` });
    const c = await start({ folders: [root] });
    const ignored = c.open(join(root, 'vendor/etc/init/x.conf'), `${CLEAN}debug\n`);
    const linted = c.open(join(root, 'etc/init/x.conf'), `${CLEAN}debug\n`);
    expect(codes(await c.diagnostics(linted))).toEqual(['3:0 no-debug']);
    expect((await c.diagnostics(ignored)).diagnostics).toEqual([]);
    // The command line agrees: the named file is skipped.
    const r = spawnSync(process.execPath, [BIN, 'vendor/etc/init/x.conf', 'etc/init/x.conf'], { cwd: root, encoding: 'utf8', input: '' });
    expect(r.stderr).toContain('vendor/etc/init/x.conf: file ignored because of a matching ignore pattern');
  });

  test('workspace folders added and removed later: completion knows the jobs of the folders open now', async () => {
    const a = workspace({ 'etc/init/alpha.conf': CLEAN });
    const b = workspace({ 'etc/init/beta.conf': CLEAN });
    // Started with no folder at all.
    const c = await start({});
    const u = c.open(join(a, 'etc/init/web.conf'), 'start on started \n');
    await c.diagnostics(u);
    const jobs = async (): Promise<string[]> => {
      const r = await c.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: u }, position: { line: 0, character: 17 } });
      return (Array.isArray(r) ? r : r.items).map((i) => i.label);
    };
    const until = async (want: string[]): Promise<string[]> => {
      let got: string[] = [];
      for (let i = 0; i < 100; i++) {
        got = await jobs();
        if (JSON.stringify(got) === JSON.stringify(want)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return got;
    };
    expect(await until(['web'])).toEqual(['web']);
    c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(a), name: 'a' }, { uri: uri(b), name: 'b' }], removed: [] } });
    expect(await until(['alpha', 'beta', 'web'])).toEqual(['alpha', 'beta', 'web']);
    c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uri(b), name: 'b' }] } });
    expect(await until(['alpha', 'web'])).toEqual(['alpha', 'web']);
    // A malformed event changes nothing and the server goes on.
    c.notify('workspace/didChangeWorkspaceFolders', { event: 'everything' });
    c.notify('workspace/didChangeWorkspaceFolders', null);
    expect(await jobs()).toEqual(['alpha', 'web']);
  });

  test('an invalid configuration: one diagnostic at the configuration file, one message, load errors still shown', async () => {
    const root = workspace({ '.upstart-lint.json': '{\n  "rules": {\n    "no-debug": "loud"\n  }\n}\n' });
    const c = await start({ folders: [root] });
    const u1 = c.open(join(root, 'etc/init/a.conf'), 'debug\nnice 99\nexec /srv/a/bin/a\n');
    const u2 = c.open(join(root, 'etc/init/b.conf'), 'debug\nexec /srv/b/bin/b\n');
    const config = uri(join(root, '.upstart-lint.json'));
    const cfg = await c.diagnostics(config);
    expect(cfg.diagnostics.map((d) => [d.range.start.line, d.severity, d.message])).toEqual([[0, 1, 'rules.no-debug: expected "off", "info", "warn", "error", or an array [severity, options]']]);
    // Job files under it: load errors only.
    expect(codes(await c.diagnostics(u1))).toEqual(['1:5 syntax']);
    expect(codes(await c.diagnostics(u2))).toEqual([]);
    await c.until(() => c.shown.length > 0, 'showMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.shown.map((m) => m.type)).toEqual([1]);
    expect(c.shown[0]?.message).toContain('.upstart-lint.json');
    expect(c.published.filter((p) => p.uri === config)).toHaveLength(1);
    // Fixed: the diagnostic at the configuration file is cleared and rules run again.
    writeFileSync(join(root, '.upstart-lint.json'), '{ "rules": { "no-debug": "error" } }\n');
    const from = c.published.length;
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: config, type: 2 }] });
    expect((await c.diagnostics(config, { after: from })).diagnostics).toEqual([]);
    expect(codes(await c.diagnostics(u2, { after: from }))).toEqual(['0:0 no-debug', '1:0 require-setuid']);
  });

  test('a JSON syntax error is located at its line and column', async () => {
    const root = workspace({ '.upstart-lint.json': '{\n  "rules": {,\n}\n' });
    const c = await start({ folders: [root] });
    c.open(join(root, 'etc/init/a.conf'), CLEAN);
    const cfg = await c.diagnostics(uri(join(root, '.upstart-lint.json')));
    expect(cfg.diagnostics.map((d) => [d.range.start, d.message])).toEqual([[{ line: 1, character: 12 }, 'invalid JSON: expected a value (and 3 more errors after it)']]);
  });
});

describe('the project model (jobs, events and nginx of the workspace)', () => {
  interface CliMessage {
    ruleId: string | null;
    line: number;
    column: number;
    message: string;
  }
  /** `upstart-lint -f json` run in `cwd` with `args`: `LINE:COLUMN rule message` of `file`. */
  const cliFindings = (cwd: string, args: string[], file: string): string[] => {
    const r = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, UPSTART_LINT_CODE_CACHE: '0' } });
    const results = JSON.parse(r.stdout) as { filePath: string; messages: CliMessage[] }[];
    const messages = results.find((x) => x.filePath === file)?.messages ?? [];
    return messages.map((m) => `${m.line}:${m.column} ${String(m.ruleId)} ${m.message}`).sort();
  };
  const editorFindings = (p: Published): string[] => p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`).sort();
  const has = (code: string) => (p: Published): boolean => p.diagnostics.some((d) => d.code === code);

  test('as the command line sees the tree; rebuilt when a job file appears on disk; orphan overrides; a file outside the folders sees its siblings', async () => {
    const WEB = 'start on started webapps\nexec /usr/bin/web\n';
    const WORKER = 'start on cache-ready\nexec /usr/bin/worker\n';
    const root = workspace({
      'etc/init/web.conf': WEB,
      // A misspelt `emits`: no-unknown-event (not strict) reports only near misses of known names.
      'etc/init/webapp.conf': 'emits cache-redy\nstart on runlevel [2345]\nexec /usr/bin/webapp\n',
      'etc/init/worker.conf': WORKER,
      'etc/init/old.override': 'manual\n',
    });
    const outside = workspace({ 'etc/init/api.conf': 'start on stopped databse\nexec /usr/bin/api\n', 'etc/init/database.conf': 'exec /usr/bin/db\n' });
    const c = await start({ folders: [root] });
    const web = c.open(join(root, 'etc/init/web.conf'), WEB);
    // Linted alone first (no other job is known), then again in the folder's model.
    const first = await c.diagnostics(web, { version: 1 });
    const inModel = await c.diagnostics(web, { version: 1, test: has('no-unknown-job') });
    expect(c.published.indexOf(first)).toBeLessThan(c.published.indexOf(inModel));
    expect(inModel.diagnostics.find((d) => d.code === 'no-unknown-job')?.message).toContain('did you mean `webapp`?');
    // Exactly what the command line says in that folder.
    const cli = cliFindings(root, [], join(root, 'etc/init/web.conf'));
    expect(cli.some((f) => f.includes('no-unknown-job'))).toBe(true);
    expect(editorFindings(inModel)).toEqual(cli);

    // An event that no job emits (a near miss of one that a job emits), then a job file that emits it, added on disk.
    const worker = c.open(join(root, 'etc/init/worker.conf'), WORKER);
    const unknown = await c.diagnostics(worker, { version: 1, test: has('no-unknown-event') });
    expect(unknown.diagnostics.find((d) => d.code === 'no-unknown-event')?.message).toContain('did you mean `cache-redy`?');
    expect(editorFindings(unknown)).toEqual(cliFindings(root, [], join(root, 'etc/init/worker.conf')));
    writeFileSync(join(root, 'etc/init/cache.conf'), 'emits cache-ready\nexec /usr/bin/cache\n');
    const mark = c.published.length;
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(root, 'etc/init/cache.conf')), type: 1 }] });
    const known = await c.diagnostics(worker, { after: mark, test: (p) => !has('no-unknown-event')(p) });
    expect(editorFindings(known)).toEqual(cliFindings(root, [], join(root, 'etc/init/worker.conf')));

    // An .override whose .conf is not in the workspace.
    const old = c.open(join(root, 'etc/init/old.override'), 'manual\n');
    const orphan = await c.diagnostics(old, { version: 1, test: has('no-orphan-override') });
    expect(editorFindings(orphan)).toEqual(cliFindings(root, [], join(root, 'etc/init/old.override')));

    // A file outside every folder: its siblings, as `upstart-lint FILE` sees them.
    const api = c.open(join(outside, 'etc/init/api.conf'), 'start on stopped databse\nexec /usr/bin/api\n');
    const typo = await c.diagnostics(api, { version: 1, test: has('no-unknown-job') });
    expect(typo.diagnostics.find((d) => d.code === 'no-unknown-job')?.message).toContain('did you mean `database`?');
    expect(editorFindings(typo)).toEqual(cliFindings(outside, ['etc/init/api.conf'], join(outside, 'etc/init/api.conf')));
    expect(c.stderr).not.toMatch(/internal error|cannot gather/);
  });

  test('a folder that cannot be read (missing) is no crash: its files are linted alone', async () => {
    const c = await start({ folders: ['/nonexistent/upstart-lint-folder'] });
    const u = c.open('/nonexistent/upstart-lint-folder/etc/init/web.conf', 'start on started webapps\nexec /usr/bin/web\n');
    const p = await c.diagnostics(u, { version: 1 });
    expect(p.diagnostics.filter((d) => d.code === 'no-unknown-job')).toEqual([]);
    // A request is still answered after the gathering.
    await new Promise((r) => setTimeout(r, 800));
    const symbols = await c.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
    expect(symbols.length).toBe(2);
    expect(c.stderr).not.toMatch(/internal error/);
  });
});

describe('bad input from a client', () => {
  test('unknown methods and malformed parameters get error responses; the server keeps running', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    await expect(c.request('upstart/unknownMethod', {})).rejects.toMatchObject({ code: -32601 });
    await expect(c.request('textDocument/hover', { textDocument: {} })).rejects.toMatchObject({ code: -32602 });
    await expect(c.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.conf' }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32602 });
    await expect(c.request('textDocument/codeAction', { textDocument: { uri: 'file:///x.conf' }, range: 'everything' })).rejects.toMatchObject({ code: -32602 });
    c.notify('upstart/unknownNotification', { x: 1 });
    c.notify('textDocument/didOpen', { textDocument: { uri: 42 } });
    c.notify('textDocument/didOpen', null);
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///not-open.conf', version: 2 }, contentChanges: [{ text: 'x' }] });
    c.notify('workspace/didChangeWatchedFiles', { changes: 'all of them' });
    const u = c.open(join(root, 'etc/init/ok.conf'), `${CLEAN}debug\n`);
    c.change(u, 2, [{ range: 'nowhere', text: 1 }]);
    expect(codes(await c.diagnostics(u))).toEqual(['3:0 no-debug']);
    expect(c.child.exitCode).toBeNull();
  });

  test('a change whose range has positions that are not non-negative integers is ignored, not applied at a wrong place', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const u = c.open(join(root, 'etc/init/ok.conf'), CLEAN);
    expect((await c.diagnostics(u, { version: 1 })).diagnostics).toEqual([]);
    // Strings were concatenated into offsets (the edit landed elsewhere and positions were
    // published as null), fractions indexed nothing; negative numbers are not positions either.
    const bad = [
      { start: { line: '0', character: '1' }, end: { line: 0, character: 0 } },
      { start: { line: 1.5, character: 0 }, end: { line: 1.5, character: 0 } },
      { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
      { start: { line: 0, character: 0 } },
    ];
    for (const [i, range] of bad.entries()) c.change(u, i + 2, [{ range, text: 'debug\n' }]);
    // A valid edit afterwards applies to the text as opened.
    c.change(u, 9, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'debug\n' }]);
    const after = await c.diagnostics(u, { version: 9 });
    expect(codes(after)).toEqual(['2:0 no-debug']);
    await c.until(() => c.logs.filter((l) => l.includes('(a range of { line, character } positions with non-negative integers): ignored')).length === bad.length, 'a log line for each ignored change');
    expect(c.child.exitCode).toBeNull();
  });

  test('a 50 MB document, binary text and a file of another language each get a clear diagnostic', async () => {
    const root = workspace({});
    const c = await start({ folders: [root] });
    const big = c.open(join(root, 'etc/init/big.conf'), `${'# padding line of a huge file\n'.repeat(1_750_000)}exec /bin/true\n`);
    const bin = c.open(join(root, 'etc/init/bin.conf'), 'exec /bin/true\n\0\u0001\u0002');
    const py = c.open(join(root, 'tools/build.py'), 'import os\nprint(os.getcwd())\n', 'python');
    const bigD = await c.diagnostics(big);
    expect(bigD.diagnostics.map((d) => [d.severity, d.message])).toEqual([[1, `${join(root, 'etc/init/big.conf')}: 50.1 MiB is too large for a job file; upstart-lint lints files of up to 16 MiB`]]);
    const binD = await c.diagnostics(bin);
    expect(binD.diagnostics.map((d) => [d.severity, d.message])).toEqual([[1, `${join(root, 'etc/init/bin.conf')}: binary file (it contains NUL bytes), not an upstart job file`]]);
    // Plain text that is not named like a job (a client attached to all plain text): nothing to say.
    const txt = c.open(join(root, 'notes.txt'), 'exec is not a stanza here\n', 'plaintext');
    expect((await c.diagnostics(txt)).diagnostics).toEqual([]);
    const pyD = await c.diagnostics(py);
    expect(pyD.diagnostics.map((d) => [d.severity, d.code])).toEqual([[3, 'not-a-job-file']]);
    expect(pyD.diagnostics[0]?.message).toContain('this python file is not one');
    // Symbols and hovers of those answer with nothing, and a normal document still works.
    expect(await c.request('textDocument/documentSymbol', { textDocument: { uri: big } })).toEqual([]);
    expect(await c.request('textDocument/hover', { textDocument: { uri: bin }, position: { line: 0, character: 1 } })).toBeNull();
    const ok = c.open(join(root, 'etc/init/ok.conf'), CLEAN);
    expect((await c.diagnostics(ok)).diagnostics).toEqual([]);
  }, 120_000);
});

describe('the command line', () => {
  const cli = (args: string[]): { code: number | null; stderr: string } => {
    const r = spawnSync(process.execPath, [BIN, ...args], { input: '', encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };

  test('--lsp takes the transport flags clients add, and nothing else', () => {
    expect(cli(['--lsp', 'etc/init/web.conf'])).toEqual({ code: 2, stderr: 'upstart-lint: --lsp takes no paths: the editor sends the files\nTry "upstart-lint --help" for the list of options.\n' });
    expect(cli(['--lsp', '--format', 'json']).stderr).toContain('--lsp cannot be combined with --format');
    expect(cli(['--lsp', '--fix']).stderr).toContain('--lsp cannot be combined with --fix');
    expect(cli(['--stdio']).stderr).toContain('--stdio is for the language server; use it with --lsp');
    // With --stdio and --clientProcessId (as vscode-languageclient starts servers), it serves;
    // standard input is empty, so it ends at once, without a shutdown: exit code 1.
    expect(cli(['--lsp', '--stdio', `--clientProcessId=${process.pid}`])).toEqual({ code: 1, stderr: '' });
  });
});

describe('exit', () => {
  test('shutdown then exit: code 0', async () => {
    const c = await start();
    expect(await c.stop()).toBe(0);
  });

  test('exit without shutdown: code 1', async () => {
    const c = await start();
    c.notify('exit');
    expect(await c.exited).toBe(1);
  });

  test('standard input closed: the server exits', async () => {
    const c = await start();
    c.child.stdin.end();
    expect(await c.exited).not.toBeNull();
  });
});
