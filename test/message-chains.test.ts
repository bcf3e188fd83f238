/**
 * A finding must not lead into another: applying a fix or a suggestion of any rule to any invalid
 * rule fixture must not create a finding of another rule (or a syntax error) that was not there
 * before, with every rule on at its default severity. (A suggestion that inserts `setuid nobody`
 * alone would lead into require-setgid; an `env` quoting hint would lead into no-variable-in-env.)
 */
import fg from 'fast-glob';
import { describe, expect, test } from 'vitest';
import type { Diagnostic, TextEdit } from '../src/core/diagnostic.js';
import { lintText } from '../src/index.js';
import { readFixture, type Fixture } from './helpers/fixtures.js';

const files = fg.sync('fixtures/rules/*/invalid/*.conf').sort();

function lintAll(fx: Fixture, text: string): Diagnostic[] {
  return lintText(text, {
    filePath: fx.header.path ?? fx.file,
    ...(fx.header.kind ? { jobKind: fx.header.kind } : {}),
    ...(fx.header.target ? { targetVersion: fx.header.target } : {}),
    ...(fx.overrideText !== undefined ? { overrideText: fx.overrideText } : {}),
    inlineConfig: false,
  });
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  return out;
}

function counts(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diagnostics) {
    if (d.filePath !== undefined) continue;
    const key = `${d.ruleId}/${d.messageId ?? ''}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

describe.for(files)('%s', (file) => {
  test('no fix or suggestion leads into another rule', () => {
    const fx = readFixture(file);
    const before = lintAll(fx, fx.text);
    const base = counts(before);
    const chains: string[] = [];
    for (const d of before) {
      const options: { name: string; edits: readonly TextEdit[] }[] = [];
      if (d.fix) options.push({ name: 'fix', edits: d.fix.edits });
      for (const s of d.suggestions ?? []) options.push({ name: `suggestion ${s.messageId}`, edits: s.edits });
      for (const o of options) {
        const after = counts(lintAll(fx, apply(fx.text, o.edits)));
        for (const [key, n] of after) {
          if (key.startsWith(`${d.ruleId}/`)) continue;
          if (n > (base.get(key) ?? 0)) chains.push(`${d.ruleId}/${d.messageId ?? ''} ${o.name} → ${key}`);
        }
      }
    }
    expect(chains).toEqual([]);
  });
});

describe('syntax hints that show a rewrite', () => {
  const lint = (text: string) => lintText(text, { filePath: '/etc/init/example.conf', inlineConfig: false });
  /** The rewrite a message shows after "write" or "with spaces:", between backquotes. */
  const rewriteIn = (message: string): string | null => /(?:write|with spaces:) `(env [^`]*)`/.exec(message)?.[1] ?? null;

  test.each([
    ['env A=foo bar', 'env A="foo bar"'],
    ['env GREETING hello', 'env GREETING=hello'],
  ])('%s: the rewrite it shows lints clean', (line, expected) => {
    const syntax = lint(`${line}\n`).find((d) => d.ruleId === 'syntax');
    const rewrite = rewriteIn(syntax?.message ?? '');
    expect(rewrite).toBe(expected);
    expect(lint(`${rewrite ?? ''}\n`).map((d) => `${d.ruleId}/${d.messageId ?? ''}`)).toEqual([]);
  });

  test.each(['env HOSTNAME=`hostname -f`', 'env DIR=$HOME/app x', 'env NAME $(cat /etc/name)'])(
    '%s: no quoting advice, which would lead into no-variable-in-env',
    (line) => {
      const syntax = lint(`${line}\n`).find((d) => d.ruleId === 'syntax');
      expect(syntax?.messageId).toBe('unexpectedToken');
      expect(rewriteIn(syntax?.message ?? '')).toBeNull();
      expect(syntax?.message).toMatch(/compute the value in the script instead/);
    },
  );
});
