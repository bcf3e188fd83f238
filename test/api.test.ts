import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { StanzaParser } from '../src/grammar/parser.js';

describe('public API', () => {
  test("`import { parse, lintText, applyFixes, rules } from 'upstart-lint'` works from the built package", () => {
    // Node resolves a package's own name through its "exports" map (self-reference), exactly as a
    // dependent project would after `npm install upstart-lint`. `npm test` builds dist/ first.
    const script = `
      import { parse, lintText, applyFixes, rules } from 'upstart-lint';
      const { ast, diagnostics } = parse('description "x"\\nexec /bin/true\\n');
      const lint = lintText('setuid web\\nexec /usr/bin/web\\n', { filePath: '/etc/init/web.conf' });
      console.log(JSON.stringify({
        stanzas: ast.stanzas.map((s) => s.keyword),
        diagnostics: diagnostics.length,
        setgid: lint.some((d) => d.ruleId === 'require-setgid'),
        applyFixes: typeof applyFixes,
        rules: rules.size,
      }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { stanzas: string[]; diagnostics: number; setgid: boolean; applyFixes: string; rules: number };
    expect(out.stanzas).toEqual(['description', 'exec']);
    expect(out.diagnostics).toBe(0);
    expect(out.setgid).toBe(true);
    expect(out.applyFixes).toBe('function');
    expect(out.rules).toBeGreaterThanOrEqual(25);
  });

  test('the grammar passes chevrotain self-validation (the shipped bundle skips it)', () => {
    // performSelfAnalysis throws on any grammar definition error (ambiguity, left recursion, …).
    expect(() => new StanzaParser(false)).not.toThrow();
  });
});
