/**
 * Parser snapshots. fixtures/grammar/ok/*.conf are valid upstart files: no diagnostic, and the AST
 * (spans included) matches the reviewed NAME.ast.json. fixtures/grammar/error/*.conf are rejected
 * files: their syntax diagnostics plus the stanzas the recovered AST keeps match the reviewed
 * NAME.conf.out, showing that parsing resumes at the next stanza after an error.
 * Files are read as bytes → UTF-8 so CRLF, BOM and NUL fixtures reach the parser unchanged.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { repoRoot } from '../helpers/grammar-corpus.js';
import { formatDiagnostic, renderAst, renderErrorSnapshot, spanProblems } from '../helpers/grammar-spans.js';

const okDir = path.join(repoRoot, 'fixtures/grammar/ok');
const errorDir = path.join(repoRoot, 'fixtures/grammar/error');
/** Parses on first use, inside a test, so that a parser crash fails a test rather than collection. */
function lazyParse(text: string): () => ReturnType<typeof parse> {
  let result: ReturnType<typeof parse> | undefined;
  return () => (result ??= parse(text));
}
const confs = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.conf')).sort();

describe('fixtures/grammar/ok', () => {
  const files = confs(okDir);
  test('there are at least 15 valid fixtures', () => expect(files.length).toBeGreaterThanOrEqual(15));

  describe.for(files)('%s', (file) => {
    const text = readFileSync(path.join(okDir, file), 'utf8');
    const parsed = lazyParse(text);

    test('is accepted (no syntax diagnostic)', () => {
      expect(parsed().diagnostics.map(formatDiagnostic)).toEqual([]);
    });
    test('spans are consistent with the text', () => {
      expect(spanProblems(text, parsed().ast, parsed().diagnostics)).toEqual([]);
    });
    test('AST matches the reviewed snapshot', async () => {
      await expect(renderAst(parsed().ast)).toMatchFileSnapshot(path.join(okDir, file.replace(/\.conf$/, '.ast.json')));
    });
  });
});

describe('fixtures/grammar/error', () => {
  const files = confs(errorDir);
  test('there are at least 12 error fixtures', () => expect(files.length).toBeGreaterThanOrEqual(12));

  describe.for(files)('%s', (file) => {
    const text = readFileSync(path.join(errorDir, file), 'utf8');
    const parsed = lazyParse(text);

    test('is rejected', () => {
      const { diagnostics } = parsed();
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.every((d) => d.fatal && d.ruleId === 'syntax' && d.severity === 'error')).toBe(true);
    });
    test('spans are consistent with the text', () => {
      expect(spanProblems(text, parsed().ast, parsed().diagnostics)).toEqual([]);
    });
    test('diagnostics are in source order', () => {
      const offsets = parsed().diagnostics.map((d) => d.span.start.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    });
    test('diagnostics and recovered stanzas match the reviewed snapshot', async () => {
      await expect(renderErrorSnapshot(parsed().ast, parsed().diagnostics)).toMatchFileSnapshot(path.join(errorDir, `${file}.out`));
    });
  });
});
