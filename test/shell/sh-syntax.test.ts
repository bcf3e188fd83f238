/**
 * The shell parser against an independent one: sh-syntax (mvdan/sh compiled to WebAssembly, a
 * development dependency only). On every corpus script both accept, the top-level commands must
 * be the same, at the same offsets; and every construct sh-syntax knows as bash-only (rejected in
 * POSIX mode, accepted in bash mode) must be reported by no-bashism.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LangVariant, parse as shParse } from 'sh-syntax';
import { describe, expect, test } from 'vitest';
import { lintText, parse } from '../../src/index.js';
import { parseShell } from '../../src/shell/index.js';
import type { ListItem } from '../../src/shell/ast.js';
import { corpusFilesDir } from '../helpers/grammar-corpus.js';

/**
 * A top-level command's span as mvdan/sh draws it: a `;` or `&` after it is included, and so is a
 * here-document whose redirection is the last thing on the command.
 */
function mvdanSpan(item: ListItem): [number, number] {
  const sep = item.separator && item.separator.op !== '\n' ? item.separator : null;
  let end = sep ? sep.end : item.andOr.end;
  const last = item.andOr.pipelines[item.andOr.pipelines.length - 1]?.commands.at(-1);
  if (!sep && last?.type === 'SimpleCommand') {
    const redirect = [...last.redirects].sort((a, b) => a.start - b.start).at(-1);
    const word = last.words.at(-1);
    if (redirect?.heredoc?.terminator && (!word || word.start < redirect.start)) end = redirect.heredoc.terminator.end - 1;
  }
  return [item.andOr.start, end];
}

describe('against mvdan/sh (sh-syntax)', () => {
  test('the same top-level commands at the same offsets on every corpus script both accept', async () => {
    let compared = 0;
    let skipped = 0;
    const differences: string[] = [];
    for (const name of readdirSync(corpusFilesDir).sort()) {
      const { ast } = parse(readFileSync(path.join(corpusFilesDir, name), 'utf8'));
      for (const stanza of ast.stanzas) {
        if (stanza.type !== 'ScriptStanza') continue;
        const text = stanza.body.text;
        // mvdan/sh reads CR as a blank; dash (and this parser) read it as part of a word.
        if (text.includes('\r')) continue;
        const ours = parseShell(text);
        if (ours.errors.length > 0) continue;
        let file;
        try {
          file = await shParse(text, { variant: LangVariant.LangPOSIX });
        } catch {
          skipped++;
          continue;
        }
        compared++;
        const bytes = Buffer.from(text, 'utf8');
        const utf16 = (offset: number): number => bytes.subarray(0, offset).toString('utf8').length;
        const theirs = file.Stmts.map((s) => [utf16(s.Pos.Offset), utf16(s.End.Offset)]);
        const mine = ours.script.body.items.map(mvdanSpan);
        if (JSON.stringify(theirs) !== JSON.stringify(mine)) differences.push(`${name}:${stanza.span.start.line}: ${JSON.stringify(theirs)} vs ${JSON.stringify(mine)}`);
      }
    }
    console.log(`sh-syntax comparison: ${compared} scripts compared, ${compared - differences.length} identical, ${skipped} rejected by sh-syntax's POSIX mode`);
    expect(compared).toBeGreaterThan(350);
    expect(differences).toEqual([]);
  }, 300_000);

  const CANDIDATES = [
    'a=(1 2)',
    'cat <<< x',
    'function f { :; }',
    'function f() { :; }',
    'x=${v//a/b}',
    'x=${v:0:1}',
    'select x in a b; do :; done',
    'for ((i=0;i<2;i++)); do :; done',
    'a |& b',
    'diff <(a) b',
    'x=${!v}',
    'echo ${v^^}',
    'echo ${v,,}',
    'cmd &> f',
    'cmd &>> f',
    'echo ${#arr[@]}',
  ];

  test.each(CANDIDATES)('%s: bash-only for sh-syntax, reported by no-bashism', async (snippet) => {
    await expect(shParse(snippet, { variant: LangVariant.LangPOSIX })).rejects.toBeTruthy();
    await expect(shParse(snippet, { variant: LangVariant.LangBash })).resolves.toBeTruthy();
    const job = `start on startup\nscript\n    ${snippet}\nend script\n`;
    const found = lintText(job, { filePath: '/etc/init/x.conf', rules: { 'no-bashism': 'warning' }, onlyListedRules: true });
    expect(found.map((d) => d.ruleId)).toContain('no-bashism');
  });
});
