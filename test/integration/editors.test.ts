/**
 * The README's editor recipes, run in the real editors (Debian packages, installed when missing):
 * Vim with ALE, Emacs with flycheck, and Neovim with the nvim-lint recipe (nvim-lint itself is not
 * packaged by Debian: a stand-in runs the recipe's linter definition by nvim-lint's contract).
 * Each edits a job file without saving, so the findings must come from the buffer on standard
 * input, with the path from --stdin-filename deciding the job kind and the .override merge.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDebianPackages, unavailableInCi } from './apt.js';

const REPO = resolve(import.meta.dirname, '../..');
const HARNESS = join(REPO, 'test/integration/editors');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The first code block of the given language under the README heading `### title`. */
function recipe(title: string, lang: string): string {
  const start = README.indexOf(`\n### ${title}\n`);
  if (start === -1) throw new Error(`README.md has no "### ${title}" section`);
  const end = README.indexOf('\n### ', start + 1);
  const part = README.slice(start, end === -1 ? undefined : end);
  const m = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(part);
  if (!m) throw new Error(`README.md "### ${title}" has no \`\`\`${lang} block`);
  return m[1] ?? '';
}

let work = '';
let examples = '';
let pathEnv = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'upstart-lint-editors-'));
  mkdirSync(join(work, 'project/.git'), { recursive: true });
  cpSync(join(REPO, 'examples'), join(work, 'project/examples'), { recursive: true });
  examples = join(work, 'project/examples');
  // A problem in the saved .conf: editing its .override, the recipes must not show it there.
  const conf = join(examples, 'home/alice/.config/upstart/notes-sync.conf');
  writeFileSync(conf, `${readFileSync(conf, 'utf8')}kill timeout 0\n`);
  // `upstart-lint` on PATH, as after `npm install --global`.
  mkdirSync(join(work, 'bin'));
  chmodSync(join(REPO, 'bin/upstart-lint.js'), 0o755);
  symlinkSync(join(REPO, 'bin/upstart-lint.js'), join(work, 'bin/upstart-lint'));
  pathEnv = `${join(work, 'bin')}:${process.env['PATH'] ?? ''}`;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function runEditor(cmd: string, args: readonly string[], snippetName: string, snippet: string, target: string, append: string): string {
  const snippetPath = join(work, snippetName);
  writeFileSync(snippetPath, snippet);
  const out = join(work, `${snippetName}.out`);
  rmSync(out, { force: true });
  const r = spawnSync(cmd, args, {
    cwd: join(work, 'project'),
    env: { ...process.env, PATH: pathEnv, SNIPPET: snippetPath, TARGET: target, APPEND: append, OUT: out, HOME: work },
    encoding: 'utf8',
    timeout: 90_000,
  });
  try {
    return readFileSync(out, 'utf8');
  } catch {
    throw new Error(`${cmd} wrote no result (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
  }
}

const vimMissing = ensureDebianPackages(['vim'], ['vim', 'vim-ale'], ['/usr/share/vim-ale/plugin/ale.vim']);
unavailableInCi('Vim + ALE', vimMissing);
describe.skipIf(vimMissing !== null)(vimMissing === null ? 'Vim + ALE' : `Vim + ALE (SKIPPED: ${vimMissing})`, () => {
  const vim = (target: string, append = ''): { filetype: string; modified: number; loclist: { lnum: number; col: number; type: string; code: string }[] } =>
    JSON.parse(runEditor('vim', ['-N', '-u', join(HARNESS, 'ale-harness.vim'), '-i', 'NONE', '-es'], 'ale.vim', recipe('Vim or Neovim: ALE', 'vim'), target, append));

  test('a system job edited without saving: findings from the buffer, with types and rule ids', () => {
    const r = vim(join(examples, 'etc/init/unicorn.conf'), 'kill timeout 0');
    expect(r.filetype).toBe('upstart');
    expect(r.modified).toBe(1);
    expect(r.loclist.map((l) => `${l.lnum}:${l.col} ${l.type} ${l.code}`)).toEqual([
      '6:28 E valid-socket-event',
      '6:33 E socket-bridge-permissions',
      '15:14 E no-kill-timeout-zero',
    ]);
  });

  test('a session .override: problems of the .conf beside it are left out', () => {
    const r = vim(join(examples, 'home/alice/.config/upstart/notes-sync.override'), 'chroot /srv');
    expect(r.loclist.map((l) => `${l.lnum} ${l.code}`)).toEqual(['5 no-privileged-stanza']);
  });
});

const emacsMissing = ensureDebianPackages(['emacs'], ['emacs-nox', 'elpa-flycheck'], ['/usr/share/doc/elpa-flycheck']);
unavailableInCi('Emacs + flycheck', emacsMissing);
describe.skipIf(emacsMissing !== null)(emacsMissing === null ? 'Emacs + flycheck' : `Emacs + flycheck (SKIPPED: ${emacsMissing})`, () => {
  const emacs = (target: string, append = ''): string[] =>
    runEditor('emacs', ['--batch', '-l', join(HARNESS, 'flycheck-harness.el')], 'flycheck.el', recipe('Emacs: flycheck', 'elisp'), target, append).trim().split('\n');

  test('a system job edited without saving: the checker is chosen and reads the buffer', () => {
    const [mode, ...errors] = emacs(join(examples, 'etc/init/unicorn.conf'), 'kill timeout 0');
    expect(mode).toMatch(/^conf-\S*-mode upstart-lint t$/);
    expect(errors).toEqual([
      'unicorn.conf:6:28 error valid-socket-event',
      'unicorn.conf:6:33 error socket-bridge-permissions',
      'unicorn.conf:15:14 error no-kill-timeout-zero',
    ]);
  });

  test('a user job: the pre-start redirect mistake is reported', () => {
    const [, ...errors] = emacs(join(examples, 'home/alice/.init/webapp.conf'));
    expect(errors).toEqual(['webapp.conf:15:1 error require-log-redirect']);
  });
});

const nvimMissing = ensureDebianPackages(['nvim'], ['neovim']);
unavailableInCi('Neovim', nvimMissing);
describe.skipIf(nvimMissing !== null)(nvimMissing === null ? 'Neovim + nvim-lint recipe' : `Neovim (SKIPPED: ${nvimMissing})`, () => {
  interface NvimDiagnostic {
    lnum: number;
    col: number;
    severity: number;
    code: string;
    source: string;
  }
  /** vim.json encodes an empty Lua table as `{}`. */
  interface NvimResult {
    filetype: string;
    diagnostics: NvimDiagnostic[] | Record<string, never>;
  }
  const nvim = (target: string, append = ''): NvimResult =>
    JSON.parse(runEditor('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(HARNESS, 'nvim-lint-harness.lua')}`, '-c', 'qa!'], 'nvim-lint.lua', recipe('Neovim: nvim-lint', 'lua'), target, append)) as NvimResult;
  const list = (r: NvimResult): NvimDiagnostic[] => (Array.isArray(r.diagnostics) ? r.diagnostics : []);

  test('a system job edited without saving: 0-based positions, severities, rule ids', () => {
    const r = nvim(join(examples, 'etc/init/unicorn.conf'), 'kill timeout 0');
    expect(r.filetype).toBe('upstart');
    expect(list(r).map((d) => `${d.lnum}:${d.col} ${d.severity} ${d.code} ${d.source}`)).toEqual([
      '5:27 1 valid-socket-event upstart-lint',
      '5:32 1 socket-bridge-permissions upstart-lint',
      '14:13 1 no-kill-timeout-zero upstart-lint',
    ]);
  });

  test('a session .override: only its own problems', () => {
    const r = nvim(join(examples, 'home/alice/.config/upstart/notes-sync.override'), 'chroot /srv');
    expect(r.filetype).toBe('upstart');
    expect(list(r).map((d) => `${d.lnum} ${d.code}`)).toEqual(['4 no-privileged-stanza']);
  });
});
