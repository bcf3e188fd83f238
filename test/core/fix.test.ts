import { describe, expect, test } from 'vitest';
import { applyFixes, applyFixesOnce } from '../../src/core/fix.js';
import type { Diagnostic, TextEdit } from '../../src/core/diagnostic.js';

const at = { line: 1, column: 1, offset: 0 };
function d(edits: TextEdit[], extra: Partial<Diagnostic> = {}): Diagnostic {
  return { ruleId: 'r', messageId: 'm', severity: 'error', message: 'm', span: { start: at, end: at }, fix: { edits }, ...extra };
}

describe('applyFixes', () => {
  test('applies non-overlapping fixes in one pass and keeps the rest of the text', () => {
    const r = applyFixesOnce('abcdef', [d([{ range: [4, 5], text: 'E' }]), d([{ range: [0, 1], text: 'A' }])]);
    expect(r.output).toBe('AbcdEf');
    expect(r.applied).toHaveLength(2);
  });

  test('skips a fix that overlaps an earlier one (all of its edits, or none)', () => {
    const first = d([{ range: [0, 3], text: 'X' }]);
    const second = d([{ range: [2, 4], text: 'Y' }, { range: [5, 6], text: 'Z' }]);
    const r = applyFixesOnce('abcdef', [second, first]);
    expect(r.output).toBe('Xdef');
    expect(r.remaining).toEqual([second]);
  });

  test('ignores fixes for another file and out-of-range edits', () => {
    const r = applyFixesOnce('abc', [d([{ range: [0, 1], text: 'X' }], { filePath: 'other.conf' }), d([{ range: [2, 9], text: 'Y' }])]);
    expect(r.output).toBe('abc');
  });

  test('re-lints between passes until nothing changes, and is idempotent', () => {
    // A toy "rule": each pass, fix the first lowercase 'x' to 'X' (one at a time).
    const relint = (text: string): Diagnostic[] => {
      const i = text.indexOf('x');
      return i === -1 ? [] : [d([{ range: [i, i + 1], text: 'X' }])];
    };
    const r = applyFixes('axbxcx', relint('axbxcx'), relint);
    expect(r.output).toBe('aXbXcX');
    expect(r.passes).toBe(3);
    const again = applyFixes(r.output, relint(r.output), relint);
    expect(again.output).toBe(r.output);
    expect(again.passes).toBe(0);
  });

  test('stops after 10 passes when fixes never converge', () => {
    let n = 0;
    const relint = (): Diagnostic[] => [d([{ range: [0, 0], text: String(n++ % 10) }])];
    const r = applyFixes('', relint(), relint);
    expect(r.passes).toBe(10);
  });
});
