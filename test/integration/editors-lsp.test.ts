/**
 * The README's language-server recipes, run in real editors (Debian packages, installed when
 * missing): Neovim 0.7 (`vim.lsp.start_client`) opens a job file, receives the diagnostics,
 * applies a code action and sees the finding go away; Vim with ALE, and Emacs with eglot and with
 * lsp-mode, show the findings of an unsaved buffer. The server is `upstart-lint --lsp` from
 * PATH, as after `npm install --global`. Under CI=true an editor that cannot be installed is a
 * failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDebianPackages } from './apt.js';

const REPO = resolve(import.meta.dirname, '../..');
const HARNESS = join(REPO, 'test/integration/editors');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const CI = process.env['CI'] === 'true';

/** The code blocks of the given language under the README heading `### title`. */
function blocks(title: string, lang: string): string[] {
  const start = README.indexOf(`\n### ${title}\n`);
  if (start === -1) throw new Error(`README.md has no "### ${title}" section`);
  const end = README.indexOf('\n### ', start + 1);
  const part = README.slice(start, end === -1 ? undefined : end);
  return [...part.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
}

/** Skips (printing why) when an editor is missing, or fails under CI=true. */
function available(name: string, missing: string | null): boolean {
  if (missing === null) return true;
  if (CI) {
    test(`${name} is available (CI=true)`, () => {
      throw new Error(missing);
    });
  } else {
    console.warn(`SKIPPED ${name} in test/integration/editors-lsp.test.ts: ${missing}`);
  }
  return false;
}

// A job with a finding on a line after multi-byte text (é is 2 bytes, 😀 4 bytes and two UTF-16
// units), a fixable finding, and an unsaved line added by each editor.
const JOB = 'description "café 😀"\nsetuid web\nsetgid web\nenv PATH=/usr/bin:/é😀/bin:relative\nkill signal 9\nexec /usr/bin/web\n';

let work = '';
let target = '';
let pathEnv = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'upstart-lint-editors-lsp-'));
  mkdirSync(join(work, 'project/.git'), { recursive: true });
  cpSync(join(REPO, 'examples'), join(work, 'project/examples'), { recursive: true });
  mkdirSync(join(work, 'project/etc/init'), { recursive: true });
  target = join(work, 'project/etc/init/web.conf');
  writeFileSync(target, JOB);
  mkdirSync(join(work, 'bin'));
  chmodSync(join(REPO, 'bin/upstart-lint.js'), 0o755);
  symlinkSync(join(REPO, 'bin/upstart-lint.js'), join(work, 'bin/upstart-lint'));
  pathEnv = `${join(work, 'bin')}:${process.env['PATH'] ?? ''}`;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function runEditor(cmd: string, args: readonly string[], snippetName: string, snippet: string, env: Record<string, string>): string {
  const snippetPath = join(work, snippetName);
  writeFileSync(snippetPath, snippet);
  const out = join(work, `${snippetName}.out`);
  rmSync(out, { force: true });
  const home = join(work, `home-${snippetName}`);
  mkdirSync(home, { recursive: true });
  const r = spawnSync(cmd, args, {
    cwd: join(work, 'project'),
    env: { ...process.env, PATH: pathEnv, SNIPPET: snippetPath, TARGET: target, OUT: out, HOME: home, UPSTART_LINT_CODE_CACHE: '0', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  try {
    return readFileSync(out, 'utf8');
  } catch {
    throw new Error(`${cmd} wrote no result (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
}

const nvimMissing = ensureDebianPackages(['nvim'], ['neovim']);
describe.runIf(available('Neovim', nvimMissing))('Neovim 0.7: vim.lsp.start_client', () => {
  interface Diag {
    lnum: number;
    col: number;
    severity: number;
    code: string;
    source: string;
    message: string;
  }
  interface Transcript {
    filetype: string;
    clients: string[];
    before: Diag[];
    actions: string[];
    after: Diag[];
    lines: string[];
    errors: string[];
  }

  test('opens a job file, shows the findings, applies a code action, and the finding goes away', () => {
    const recipe = blocks('Neovim: language server', 'lua').find((b) => b.includes('vim.lsp.start_client'));
    expect(recipe).toBeDefined();
    const t = JSON.parse(
      runEditor('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(HARNESS, 'nvim-lsp-harness.lua')}`, '-c', 'qa!'], 'nvim-lsp.lua', recipe ?? '', {
        RULE: 'valid-kill-signal',
        ACTION: 'Fix this valid-kill-signal problem',
      }),
    ) as Transcript;
    // The transcript, for the record.
    console.log(`Neovim transcript:\n  before: ${t.before.map((d) => `${d.lnum}:${d.col} ${d.code}`).join(', ')}\n  actions: ${t.actions.join(' | ')}\n  after: ${t.after.map((d) => `${d.lnum}:${d.col} ${d.code}`).join(', ')}\n  line 5 now: ${t.lines[4] ?? ''}`);
    expect(t.errors).toEqual([]);
    expect(t.filetype).toBe('upstart');
    expect(t.clients).toEqual(['upstart-lint']);
    // Neovim turns the server's UTF-16 columns into byte columns: `relative` is at byte 30.
    expect(t.before.map((d) => `${d.lnum}:${d.col} ${d.severity} ${d.code} ${d.source}`)).toEqual([
      // `kill signal 9` is style (info): a number where the name says more.
      '3:30 2 valid-env-path upstart-lint',
      '4:12 3 valid-kill-signal upstart-lint',
    ]);
    expect(t.actions).toEqual([
      'Fix this valid-kill-signal problem',
      'Disable valid-kill-signal for this line',
      'Disable valid-kill-signal for the whole file',
      'Fix all safely fixable upstart-lint problems',
    ]);
    expect(t.lines[4]).toBe('kill signal KILL');
    expect(t.after.map((d) => `${d.lnum}:${d.col} ${d.code}`)).toEqual(['3:30 valid-env-path']);
  });
});

const vimMissing = ensureDebianPackages(['vim'], ['vim', 'vim-ale'], ['/usr/share/vim-ale/plugin/ale.vim']);
describe.runIf(available('Vim + ALE', vimMissing))('Vim + ALE: the language-server linter', () => {
  test('an unsaved buffer: the findings arrive in the location list with their rule ids', () => {
    const recipe = blocks('Vim: ALE with the language server', 'vim')[0] ?? '';
    const r = JSON.parse(runEditor('vim', ['-N', '-u', join(HARNESS, 'ale-lsp-harness.vim'), '-i', 'NONE', '-es'], 'ale-lsp.vim', recipe, { APPEND: 'kill timeout 0' })) as {
      filetype: string;
      modified: number;
      loclist: { lnum: number; type: string; code: string; linter_name: string }[];
    };
    expect(r.filetype).toBe('upstart');
    expect(r.modified).toBe(1);
    expect(r.loclist.map((l) => `${l.lnum} ${l.type} ${l.code} ${l.linter_name}`)).toEqual([
      '4 W valid-env-path upstart_lint_lsp',
      '5 W valid-kill-signal upstart_lint_lsp',
      '7 E no-kill-timeout-zero upstart_lint_lsp',
    ]);
  });
});

describe('Emacs', () => {
  const elisp = (): string[] => blocks('Emacs: eglot or lsp-mode', 'elisp');

  const eglotMissing = ensureDebianPackages(['emacs'], ['emacs-nox', 'elpa-eglot'], ['/usr/share/doc/elpa-eglot']);
  describe.runIf(available('Emacs + eglot', eglotMissing))('eglot', () => {
    test('an unsaved buffer: eglot connects and flymake shows the findings', () => {
      const [mode, eglot] = elisp();
      const out = runEditor('emacs', ['--batch', '-l', join(HARNESS, 'eglot-harness.el')], 'eglot.el', `${mode ?? ''}\n${eglot ?? ''}`, { APPEND: 'kill timeout 0' }).trim().split('\n');
      expect(out[0]).toBe('upstart-mode eglot');
      expect(out.slice(1).map((l) => /^(\d+):\d+ (\S+) upstart-lint \[([a-z-]+)\]/.exec(l)?.slice(1).join(' '))).toEqual([
        '4 eglot-warning valid-env-path',
        '5 eglot-note valid-kill-signal',
        '7 eglot-error no-kill-timeout-zero',
      ]);
    });
  });

  const lspModeMissing = ensureDebianPackages(['emacs'], ['emacs-nox', 'elpa-lsp-mode'], ['/usr/share/doc/elpa-lsp-mode']);
  describe.runIf(available('Emacs + lsp-mode', lspModeMissing))('lsp-mode', () => {
    test('an unsaved buffer: lsp-mode starts the server and flymake shows the findings', () => {
      const [mode, , lsp] = elisp();
      const out = runEditor('emacs', ['--batch', '-l', join(HARNESS, 'lsp-mode-harness.el')], 'lsp-mode.el', `${mode ?? ''}\n${lsp ?? ''}`, { APPEND: 'kill timeout 0' }).trim().split('\n');
      expect(out[0]).toBe('upstart-mode t');
      expect(out.slice(1).map((l) => /^(\d+) (\S+) /.exec(l)?.slice(1).join(' '))).toEqual(['4 :warning', '5 :note', '7 :error']);
      expect(out.slice(1).join('\n')).toContain('`kill timeout 0` makes init fail an assertion');
    });
  });
});
