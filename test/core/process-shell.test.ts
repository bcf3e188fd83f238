/**
 * What `/bin/sh` receives for each process slot, and the mapping of every offset of that text
 * back into the job file: stripped indentation (spaces and tabs), CR LF line ends, multi-byte
 * characters and backslash-newline continuations of `exec` lines.
 */
import { describe, expect, test } from 'vitest';
import { processShell, ShellTreeCache, type ProcessShell } from '../../src/core/process-shell.js';
import { parse } from '../../src/grammar/parse.js';
import type { ProcessStanza } from '../../src/grammar/ast.js';
import { simpleCommands } from '../../src/shell/query.js';
import { lintText } from '../../src/index.js';

function shells(text: string, trees: ShellTreeCache | null = null): ProcessShell[] {
  const { ast, diagnostics } = parse(text);
  expect(diagnostics.filter((d) => d.fatal)).toEqual([]);
  return ast.stanzas.filter((s): s is ProcessStanza => s.type === 'ExecStanza' || s.type === 'ScriptStanza').map((s) => processShell(s, trees));
}

/**
 * Every character of the shell text that came from the file maps to the same character there:
 * all of them for scripts; for `exec` lines all but the blanks that stand for a collapsed
 * continuation (the `exec ` upstart adds in front maps to the stanza's `exec` keyword).
 */
function expectExactMapping(file: string, shell: ProcessShell): void {
  let checked = 0;
  for (let i = 0; i < shell.text.length; i++) {
    const c = shell.text[i] as string;
    const at = shell.fileOffset(i);
    if (shell.mode !== 'script' && c === ' ' && file[at] !== ' ') continue; // a collapsed `\⏎` or a tab
    expect(file[at], `text offset ${i} (${JSON.stringify(c)}) → file offset ${at}`).toBe(c);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}

/** The job-file text under each command's first word, through the mapping. */
function commandHeads(file: string, shell: ProcessShell): string[] {
  const parsed = shell.parsed;
  if (!parsed) return [];
  return simpleCommands(parsed.script.body).map(({ command }) => {
    const w = command.words[0];
    return w ? file.slice(shell.fileOffset(w.start), shell.fileOffset(w.end - 1) + 1) : '';
  });
}

describe('what /bin/sh receives', () => {
  test('a one-line script goes to sh -c, a longer one through the pipe; dash line numbers shift by one there', () => {
    const [one, two] = shells('pre-start script\n  mkdir -p /run/x\nend script\nscript\n  cd /srv\n  exec ./run\nend script\n');
    expect([one?.text, one?.delivery, one?.textLine(1)]).toEqual(['mkdir -p /run/x', '-c', 1]);
    expect([two?.text, two?.delivery, two?.textLine(3)]).toEqual(['cd /srv\nexec ./run\n', 'pipe', 2]);
  });

  test('an exec line with a shell character runs as `exec COMMAND` under sh -c; one without runs with no shell', () => {
    const [shell, direct] = shells('pre-start exec /bin/app --x >/dev/null\nexec /usr/bin/app --flag value\n');
    expect([shell?.mode, shell?.text, shell?.delivery]).toEqual(['shell', 'exec /bin/app --x >/dev/null', '-c']);
    expect([direct?.mode, direct?.delivery, direct?.parsed, direct?.argv?.map((w) => w.value)]).toEqual(['direct', 'none', null, ['/usr/bin/app', '--flag', 'value']]);
  });
});

describe('re-lints', () => {
  test('with a tree cache, the same script text gets the same tree (an editor re-lints after each edit), another text its own', () => {
    const file = 'start on runlevel [2345]\nscript\n  cd /srv/app\n  exec ./bin/server\nend script\n';
    const trees = new ShellTreeCache();
    const [a] = shells(file, trees);
    const [b] = shells(`# an edit elsewhere\n${file}`, trees);
    const [c] = shells(file.replace('./bin/server', './bin/other'), trees);
    expect(a?.parsed).toBe(b?.parsed);
    expect(c?.parsed).not.toBe(a?.parsed);
    expect(c?.text).toContain('./bin/other');
    expect(trees.size).toBe(2);
  });

  test('without one (a bulk run), nothing is kept: each lint parses its scripts', () => {
    const file = 'script\n  cd /srv/app\n  exec ./bin/server\nend script\n';
    const [a] = shells(file);
    const [b] = shells(file);
    expect(a?.parsed).not.toBe(b?.parsed);
    expect(a?.parsed).toEqual(b?.parsed);
  });

  test('the cache is bounded by count and by the length of its texts; a text over half the bound is never kept', () => {
    const trees = new ShellTreeCache(3, 100);
    const one = trees.parse('echo 1');
    const four = [2, 3, 4].map((n) => trees.parse(`echo ${n}`))[2];
    expect(trees.size).toBe(3);
    expect(trees.parse('echo 4')).toBe(four);
    expect(trees.parse('echo 1')).not.toBe(one); // the oldest was dropped for the fourth
    const long = `echo ${'x'.repeat(60)}`;
    expect(trees.parse(long)).not.toBe(trees.parse(long));
    const byLength = new ShellTreeCache(16, 100);
    const fifty = byLength.parse(`echo ${'y'.repeat(45)}`);
    const other = byLength.parse(`echo ${'z'.repeat(45)}`);
    expect(byLength.parse(`echo ${'y'.repeat(45)}`)).toBe(fifty); // 100 characters: both kept
    byLength.parse('echo 1'); // 106: the oldest goes
    expect(byLength.size).toBe(2);
    expect(byLength.parse(`echo ${'z'.repeat(45)}`)).not.toBe(other);
  });

  test('lintText takes the cache as the shellTrees option, and refuses anything else there', () => {
    const trees = new ShellTreeCache();
    lintText('script\n  exec /usr/bin/app\nend script\n', { filePath: '/etc/init/app.conf', shellTrees: trees });
    expect(trees.size).toBe(1);
    expect(() => lintText('exec /bin/true\n', { filePath: '/etc/init/app.conf', shellTrees: new Map() as never })).toThrow(/options\.shellTrees/);
  });
});

describe('offsets map back into the job file exactly', () => {
  const cases: [string, string][] = [
    ['space-indented script', 'script\n    if [ -d /srv/app ]; then\n        cd /srv/app\n    fi\n    exec ./bin/server --port 80\nend script\n'],
    ['tab-indented script', 'script\n\tif [ -d /srv/app ]; then\n\t\tcd /srv/app\n\tfi\n\texec ./bin/server\nend script\n'],
    ['script with CR LF line ends', 'script\r\n  cd /srv/app\r\n  exec ./bin/server\r\nend script\r\n'],
    ['multi-byte characters', 'script\n  echo "café 😀 ünïcödé" > /tmp/ß\n  exec /opt/日本/bin/app --name "名前"\nend script\n'],
    ['exec line with continuations', 'exec /usr/bin/app \\\n    --config /etc/app.conf \\\n    --log "$LOGDIR/app.log" >> /var/log/app.log 2>&1\n'],
    ['exec line with a multi-byte argument and a tab', 'exec\t/usr/bin/app --title "Ünïcode 😀" >/dev/null\n'],
    ['here-document in a script', 'pre-start script\n  cat > /etc/app.conf <<EOF\n  key = value\nEOF\n  chmod 600 /etc/app.conf\nend script\n'],
    ['one-line script', 'post-stop script\n\trm -f /run/app.pid\nend script\n'],
  ];
  test.each(cases)('%s', (_name, file) => {
    for (const shell of shells(file)) expectExactMapping(file, shell);
  });

  test('command words land on the words of the file', () => {
    const file = 'script\n\tcd /srv/app\n\tif [ -x ./bin/pre ]; then ./bin/pre; fi\n\texec ./bin/server\nend script\nexec /usr/bin/app \\\n  --x $(hostname) >/dev/null\n';
    const [script, exec] = shells(file);
    expect(commandHeads(file, script as ProcessShell)).toEqual(['cd', '[', './bin/pre', 'exec']);
    expect(commandHeads(file, exec as ProcessShell)).toEqual(['exec', 'hostname']);
  });

  test('a finding in an .override is located in the .override, on the line dash names', () => {
    const conf = 'start on runlevel [2345]\nexec /usr/bin/app\n';
    const override = '# local changes\nscript\n\tif [ -f /x ]; then\n\t\techo y\nend script\n';
    const found = lintText(conf, { filePath: '/etc/init/app.conf', overrideText: override, rules: { 'shell-syntax': 'error' }, onlyListedRules: true });
    expect(found.map((d) => [d.ruleId, d.filePath, d.span.start.line, d.span.start.column, override.slice(d.span.start.offset, d.span.end.offset)])).toEqual([
      ['shell-syntax', '/etc/init/app.override', 3, 2, 'if'],
    ]);
  });
});
