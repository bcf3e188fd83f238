import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { interpolate } from '../../src/core/rule.js';

/** The definition: each `{name}` with a value is replaced by it; anything else stays as written. */
function byReplace(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (data[key] === undefined ? whole : String(data[key])));
}

describe('interpolate', () => {
  test('placeholders, repeated and adjacent; unknown names and non-names stay', () => {
    expect(interpolate('`{a}` and {a}{b} {c} {not a name} {}', { a: 'x', b: 2 })).toBe('`x` and x2 {c} {not a name} {}');
    expect(interpolate('no placeholders', { a: 'x' })).toBe('no placeholders');
    expect(interpolate('{a}', undefined)).toBe('{a}');
    expect(interpolate('{a}', { a: '{b}' , b: 'y' })).toBe('{b}');
  });

  test('agrees with replacing each placeholder, on any template and data', () => {
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{', '}', '{a}', '{b}', '{a_1}', '{ a}', '{{a}}', '$&', '$1'));
    const template = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const data = fc.option(fc.dictionary(fc.constantFrom('a', 'b', 'a_1', 'c'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer())), { nil: undefined });
    fc.assert(
      fc.property(template, data, (t, d) => {
        expect(interpolate(t, d)).toBe(byReplace(t, d));
      }),
      { numRuns: 2000 },
    );
  });
});
