import { describe, expect, test } from 'vitest';
import type { Comment } from '../../src/grammar/ast.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { applyDirectives, parseDirective, type DirectiveOptions } from '../../src/core/directives.js';

/**
 * Builds comments and diagnostics from a small source text without the parser: every `#` starts a
 * comment (enough for these tests, which never put `#` inside quotes).
 */
function commentsOf(text: string): Comment[] {
  const out: Comment[] = [];
  let offset = 0;
  text.split('\n').forEach((line, i) => {
    const hash = line.indexOf('#');
    if (hash >= 0) {
      const start = { line: i + 1, column: hash + 1, offset: offset + hash };
      const end = { line: i + 1, column: line.length + 1, offset: offset + line.length };
      out.push({
        type: 'Comment',
        text: line.slice(hash + 1),
        span: { start, end },
        ownLine: line.slice(0, hash).trim() === '',
        inScript: false,
      });
    }
    offset += line.length + 1;
  });
  return out;
}

function diag(ruleId: string, line: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  // offsets only need to be monotonic with lines for range directives: 100 per line
  const start = { line, column: 1, offset: line * 100 };
  const end = { line, column: 5, offset: line * 100 + 4 };
  return { ruleId, messageId: 'm', severity: 'error', message: `${ruleId} at ${line}`, span: { start, end }, ...extra };
}

/** Comment offsets must be comparable with diag offsets: rebuild comments on a 100-per-line grid. */
function gridComments(text: string): Comment[] {
  return commentsOf(text).map((c) => {
    const start = { ...c.span.start, offset: c.span.start.line * 100 + c.span.start.column - 1 };
    const end = { ...c.span.end, offset: c.span.end.line * 100 + c.span.end.column - 1 };
    return { ...c, span: { start, end } };
  });
}

const opts = (over: Partial<DirectiveOptions> = {}): DirectiveOptions => ({
  knownRuleIds: new Set(['a', 'b', 'c']),
  activeRuleIds: new Set(['a', 'b', 'c']),
  reportUnused: 'warning',
  ...over,
});

const summary = (ds: readonly Diagnostic[]): string[] =>
  ds.map((d) => `${d.span.start.line} ${d.ruleId}${d.ruleId === 'unused-directive' ? `/${d.messageId}` : ''}`);

describe('parseDirective', () => {
  test('reads kind, ids separated by commas or spaces, and the reason', () => {
    const [c] = commentsOf('# upstart-lint disable-next-line a, b c -- needs root -- really');
    const d = c && parseDirective(c);
    expect(d).toMatchObject({ kind: 'disable-next-line', ruleIds: ['a', 'b', 'c'], reason: 'needs root -- really' });
  });
  test('ignores comments not addressed to upstart-lint', () => {
    const cs = commentsOf('# upstart-linter disable\n# disable a\n#upstart-lint disable a');
    expect(cs.map(parseDirective).map((d) => (d === null ? null : 'kind' in d ? d.kind : 'bad'))).toEqual([null, null, 'disable']);
  });
  test('a misspelt directive is malformed, not ignored', () => {
    const [c] = commentsOf('# upstart-lint disabel a');
    expect(c && parseDirective(c)).toMatchObject({ word: 'disabel' });
  });
});

describe('applyDirectives', () => {
  test('disable-next-line suppresses only the named rule on the next line', () => {
    const text = '# upstart-lint disable-next-line a\nx\ny';
    const out = applyDirectives(gridComments(text), [diag('a', 2), diag('b', 2), diag('a', 3)], opts());
    expect(summary(out)).toEqual(['2 b', '3 a']);
  });

  test('disable-line applies to the comment line (trailing comment)', () => {
    const text = 'exec x # upstart-lint disable-line\nexec y';
    const out = applyDirectives(gridComments(text), [diag('a', 1), diag('b', 1), diag('a', 2)], opts());
    expect(summary(out)).toEqual(['2 a']);
  });

  test('disable … enable ranges, with a rule re-enabled inside an all-rules range', () => {
    const text = ['x', '# upstart-lint disable', 'x', '# upstart-lint enable b', 'x', '# upstart-lint enable', 'x'].join('\n');
    const ds = [1, 3, 5, 7].flatMap((l) => [diag('a', l), diag('b', l)]);
    expect(summary(applyDirectives(gridComments(text), ds, opts()))).toEqual(['1 a', '1 b', '5 b', '7 a', '7 b']);
  });

  test('disable-file suppresses the rule everywhere, wherever the comment is', () => {
    const text = 'x\nx\n# upstart-lint disable-file a -- legacy job';
    const out = applyDirectives(gridComments(text), [diag('a', 1), diag('b', 1), diag('a', 2)], opts());
    expect(summary(out)).toEqual(['1 b']);
  });

  test('fatal syntax diagnostics are never suppressed, and naming `syntax` is reported', () => {
    const text = '# upstart-lint disable-file syntax';
    const out = applyDirectives(gridComments(text), [diag('syntax', 2, { fatal: true })], opts());
    expect(summary(out)).toEqual(['2 syntax', '1 unused-directive/syntaxNotSuppressible']);
  });

  test('unused directives, unknown ids, useless enables and misspellings are reported', () => {
    const text = [
      '# upstart-lint disable-next-line a',
      'x',
      '# upstart-lint disable-line b, nope',
      '# upstart-lint enable c',
      '# upstart-lint frobnicate',
      '# upstart-lint disable-file',
    ].join('\n');
    const out = applyDirectives(gridComments(text), [], opts());
    expect(summary(out)).toEqual([
      '5 unused-directive/unknownDirective',
      '1 unused-directive/unusedDirective',
      '3 unused-directive/unknownRule',
      '3 unused-directive/unusedDirective',
      '4 unused-directive/unusedEnable',
      '6 unused-directive/unusedDirective',
    ]);
    for (const d of out) expect(d.severity).toBe('warning');
    expect(out.find((d) => d.messageId === 'unknownRule')?.message).toContain('`nope`');
  });

  test('a directive for a rule that did not run is not called unused', () => {
    const text = '# upstart-lint disable-next-line a\nx';
    expect(applyDirectives(gridComments(text), [], opts({ activeRuleIds: new Set(['b']) }))).toEqual([]);
  });

  test('reportUnused off still filters but reports nothing', () => {
    const text = '# upstart-lint disable-next-line a, nope\nx\n# upstart-lint disable-line b';
    const out = applyDirectives(gridComments(text), [diag('a', 2)], opts({ reportUnused: 'off' }));
    expect(out).toEqual([]);
  });

  test('reports use the configured severity and point at the comment', () => {
    const text = 'x\n  # upstart-lint disable-next-line a';
    const [d] = applyDirectives(gridComments(text), [], opts({ reportUnused: 'error' }));
    expect(d).toMatchObject({ severity: 'error', span: { start: { line: 2, column: 3 } } });
  });

  test('without directives the diagnostics are returned unchanged', () => {
    const ds = [diag('a', 1)];
    expect(applyDirectives(commentsOf('# a plain comment'), ds, opts())).toEqual(ds);
  });
});
