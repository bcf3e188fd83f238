/**
 * The matcher of a directory argument (directoryJobMatcher in src/load/find-files.ts) is written
 * out instead of compiled by picomatch (cold start): it must answer as picomatch does for the
 * patterns it stands for, `**\/*.{conf,override}` and `**\/debian/*.upstart`, plus `*.upstart` when
 * the directory itself is named debian, with `dot: true`.
 */
import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, test } from 'vitest';
import { directoryJobMatcher } from '../../src/load/find-files.js';

const patterns = ['**/*.{conf,override}', '**/debian/*.upstart'];
const reference = (debianDirectory: boolean): ((rel: string) => boolean) =>
  picomatch(debianDirectory ? [...patterns, '*.upstart'] : patterns, { dot: true });

// Path segments built from the pieces that matter (suffixes, dots, the name debian, glob and
// escape characters, spaces, newlines, non-ASCII) and from arbitrary strings without a slash.
const piece = fc.constantFrom('.conf', '.override', '.upstart', 'debian', '.', '..', 'a', 'x.y', '*', '?', '[', '{', '\\', ' ', '\n', '\r', '\u2028', '\u2029', 'é', '.CONF', 'conf', 'upstart', '~');
const segment = fc.oneof(
  fc.array(piece, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('')),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes('/')),
  fc.constantFrom('.', '..', 'debian'),
);
const relPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((xs) => xs.join('/'));

describe('directoryJobMatcher', () => {
  for (const debianDirectory of [false, true]) {
    test(`agrees with picomatch (directory named debian: ${debianDirectory})`, () => {
      const ours = directoryJobMatcher(debianDirectory);
      const theirs = reference(debianDirectory);
      fc.assert(
        fc.property(relPath, (rel) => {
          expect(ours(rel)).toBe(theirs(rel));
        }),
        { numRuns: 5000 },
      );
    });
  }

  test('examples', () => {
    const m = directoryJobMatcher(false);
    expect(m('etc/init/web.conf')).toBe(true);
    expect(m('web.override')).toBe(true);
    expect(m('.hidden/.conf')).toBe(true);
    expect(m('pkg/debian/web.upstart')).toBe(true);
    expect(m('web.upstart')).toBe(false);
    expect(directoryJobMatcher(true)('web.upstart')).toBe(true);
    expect(m('pkg/debian/sub/web.upstart')).toBe(false);
    expect(m('web.conf.bak')).toBe(false);
    expect(m('WEB.CONF')).toBe(false);
    // As picomatch: a line terminator in a directory name or at the start of the file name.
    expect(m('a\nb/web.conf')).toBe(false);
    expect(m('\nweb.conf')).toBe(false);
    expect(m('a/web\n.conf')).toBe(true);
  });
});
