import { describe, expect, test } from 'vitest';
import {
  checkPathList,
  entryRange,
  hasSystemBin,
  inWorldWritableDir,
  normalizeDir,
  splitPathList,
} from '../../../src/rules/_shared/path-list.js';

describe('splitPathList', () => {
  test.each<[string, [string, number, number][]]>([
    ['/usr/bin:/bin', [['/usr/bin', 0, 8], ['/bin', 9, 13]]],
    [':/bin', [['', 0, 0], ['/bin', 1, 5]]],
    ['/bin:', [['/bin', 0, 4], ['', 5, 5]]],
    ['/a::/b', [['/a', 0, 2], ['', 3, 3], ['/b', 4, 6]]],
    ['', [['', 0, 0]]],
  ])('%j', (value, expected) => {
    expect(splitPathList(value).map((e) => [e.text, e.start, e.end])).toEqual(expected);
  });
});

describe('checkPathList', () => {
  const problems = (value: string): string[] =>
    checkPathList(splitPathList(value)).map((f) => `${f.problem}:${f.entry.text}`);

  test.each<[string, string[]]>([
    ['/usr/local/bin:/usr/bin:/bin', []],
    ['/opt/x/bin:$PATH', ['unexpanded:$PATH']],
    ['${HOME}/bin:/usr/bin', ['unexpanded:${HOME}/bin']],
    ['~/bin:/bin', ['unexpanded:~/bin']],
    ['/usr/bin:$(pwd)', ['unexpanded:$(pwd)']],
    ['/price$:/bin', []],
    [':/bin', ['empty:']],
    ['/bin::/usr/bin:', ['empty:', 'empty:']],
    ['bin:/usr/bin', ['relative:bin']],
    ['./node_modules/.bin:/bin', ['relative:./node_modules/.bin']],
    ['/tmp:/bin', ['worldWritable:/tmp']],
    ['/var/tmp/tools/:/bin', ['worldWritable:/var/tmp/tools/']],
    ['/dev/shm:/bin', ['worldWritable:/dev/shm']],
    ['/tmpfs/bin:/bin', []],
    ['/bin:/usr/bin:/bin/', ['duplicate:/bin/']],
    ['/usr//bin:/usr/bin', ['duplicate:/usr/bin']],
  ])('%j', (value, expected) => {
    expect(problems(value)).toEqual(expected);
  });

  test('a duplicate names the first entry', () => {
    const [f] = checkPathList(splitPathList('/bin:/x:/bin'));
    expect(f?.first?.start).toBe(0);
  });
});

test.each<[string, boolean]>([
  ['/usr/bin', true],
  ['/usr/bin/', true],
  ['/bin', true],
  ['/usr/local/bin:/sbin', false],
  ['/snap/bin', false],
])('hasSystemBin(%j) = %s', (value, expected) => {
  expect(hasSystemBin(splitPathList(value))).toBe(expected);
});

test.each<[string, string]>([
  ['/usr//bin/', '/usr/bin'],
  ['/', '/'],
  ['//', '/'],
  ['/a', '/a'],
])('normalizeDir(%j) = %j', (dir, expected) => {
  expect(normalizeDir(dir)).toBe(expected);
});

test.each<[string, boolean]>([
  ['/tmp', true],
  ['/tmp/x.sock', true],
  ['/tmpx', false],
  ['/run/x.sock', false],
  ['/var/tmp//a', true],
])('inWorldWritableDir(%j) = %s', (p, expected) => {
  expect(inWorldWritableDir(p)).toBe(expected);
});

test.each<[string, number, [number, number]]>([
  [':/bin', 0, [0, 1]],
  ['/bin:', 1, [4, 5]],
  ['/a::/b', 1, [2, 4]],
  ['/usr/bin', 0, [0, 8]],
])('entryRange(%j, #%i)', (value, index, expected) => {
  const entry = splitPathList(value)[index]!;
  const r = entryRange(entry, value.length);
  expect([r.start, r.end]).toEqual(expected);
});
