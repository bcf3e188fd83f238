/**
 * Variable expansion of the process classification: `expandWord` against the rule it follows,
 * written the slow way (a regular expression replace, round after round).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expandWord } from '../../../src/rules/_shared/app-process.js';

function byRegExp(value: string, env: ReadonlyMap<string, string>): string {
  let out = value;
  for (let round = 0; round < 4 && out.includes('$'); round++) {
    const next = out.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => env.get(braced ?? bare ?? '') ?? whole);
    if (next === out) break;
    out = next;
  }
  return out;
}

describe('expandWord', () => {
  const env = new Map([
    ['HOME', '/home/app'],
    ['APP', '$HOME/current'],
    ['A', '${B}x'],
    ['B', '$A'],
    ['_x1', ''],
    ['EMPTY', ''],
  ]);

  test('known cases', () => {
    expect(expandWord('$APP/bin/server', env)).toBe('/home/app/current/bin/server');
    expect(expandWord('${HOME}x $UNSET ${UNSET} $ ${ ${HOME', env)).toBe('/home/appx $UNSET ${UNSET} $ ${ ${HOME');
    expect(expandWord('$$HOME$_x1.$EMPTY', env)).toBe('$/home/app.');
  });

  test('agrees with a regular-expression replace on any text', () => {
    const piece = fc.constantFrom('$', '{', '}', 'HOME', 'APP', 'A', 'B', '_x1', 'x', '/', '1', ' ', 'UNSET', 'EMPTY');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const value = pieces.join('');
        expect(expandWord(value, env)).toBe(byRegExp(value, env));
      }),
      { numRuns: 2000 },
    );
  });
});
