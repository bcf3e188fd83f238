/**
 * The whole shared corpus as a regression snapshot: every finding of every rule (and every syntax
 * error) on the 491 real job files, each linted under its path in its own repository (SOURCES.tsv)
 * with the default settings. A change of any rule's precision shows up as a diff of
 * fixtures/corpus/findings.txt: review it like code, then update it with `npm run corpus:update`.
 */
import { expect, test } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { readCorpusFile } from '../helpers/grammar-corpus.js';
import { lintCorpus } from '../helpers/corpus-lint.js';

const EXCERPT = 40;

function excerpt(text: string, d: Diagnostic): string {
  const raw = text.slice(d.span.start.offset, d.span.end.offset).split('\n')[0] ?? '';
  const flat = raw.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

test('every finding on the corpus matches the reviewed snapshot (npm run corpus:update)', async () => {
  const results = lintCorpus();
  const perRule = new Map<string, { findings: number; files: Set<string> }>();
  const body: string[] = [];
  for (const { file, lintPath, result } of results) {
    const own = result.diagnostics.filter((d) => d.filePath === undefined);
    if (own.length === 0) continue;
    const text = readCorpusFile(file);
    body.push(`${file}  ${lintPath}`);
    for (const d of own) {
      const s = d.span;
      body.push(`  ${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column} ${d.severity} ${d.ruleId}/${d.messageId ?? ''}  ${excerpt(text, d)}`);
      const entry = perRule.get(d.ruleId) ?? { findings: 0, files: new Set<string>() };
      entry.findings++;
      entry.files.add(file);
      perRule.set(d.ruleId, entry);
    }
  }
  const summary = [...perRule.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => `#   ${id.padEnd(30)} ${String(e.findings).padStart(5)} findings in ${String(e.files.size).padStart(3)} files`);
  const withFindings = body.filter((l) => !l.startsWith(' ')).length;
  const out = [
    '# Every finding on the shared corpus (../shared/corpus/files), each file linted under its path in',
    '# its own repository (SOURCES.tsv) with the default settings: position, severity, rule/messageId',
    '# and the flagged text. Written by test/corpus/findings.test.ts; after a change that moves',
    '# findings, review the diff and run `npm run corpus:update`.',
    '#',
    `# ${results.length} files, ${withFindings} with findings.`,
    ...summary,
    '',
    ...body,
    '',
  ].join('\n');
  await expect(out).toMatchFileSnapshot('../../fixtures/corpus/findings.txt');
});

test('every precision review names a finding of the snapshot (delete the rows of findings that went away)', async () => {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const { repoRoot } = await import('../helpers/grammar-corpus.js');
  const { readCorpusFindings } = await import('../../scripts/gen-readme.mjs');
  const findings = readCorpusFindings(readFileSync(path.join(repoRoot, 'fixtures/corpus/findings.txt'), 'utf8'));
  const current = new Set(findings.map((f) => `${f.file} ${f.line} ${f.finding}`));
  const rows = readFileSync(path.join(repoRoot, 'fixtures/corpus/reviews.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t'));
  for (const [file, line, finding, verdict, reason] of rows) {
    expect(current.has(`${file} ${line} ${finding}`), `${file}:${line} ${finding}`).toBe(true);
    expect(['tp', 'fp']).toContain(verdict);
    expect(reason?.trim()).not.toBe('');
  }
});
