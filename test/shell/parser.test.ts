/**
 * The shell parser on its own: the tree it builds, its offsets, deep nesting, and robustness.
 * Agreement with dash on accept/reject and messages is in dash-agreement.test.ts (and the
 * rule fixtures); here the tree itself is checked.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseShell, walkShell, type ShellNode, type Word } from '../../src/shell/index.js';
import { simpleCommands, staticValue } from '../../src/shell/query.js';

/** A compact rendering of the tree: node types with their source text for leaves. */
function render(text: string): string {
  const { script, errors } = parseShell(text);
  if (errors.length > 0) return `ERROR ${errors[0]?.dashMessage}`;
  const out: string[] = [];
  walkShell(script, (n) => {
    switch (n.type) {
      case 'SimpleCommand':
        out.push(
          `cmd[${[
            ...n.assignments.map((a) => `${a.name}=${text.slice(a.value.start, a.value.end)}`),
            ...n.words.map((w) => text.slice(w.start, w.end)),
            ...n.redirects.map((r) => `${r.fd ?? ''}${r.op}${r.target ? text.slice(r.target.start, r.target.end) : ''}`),
          ].join(' ')}]`,
        );
        return false;
      case 'Script':
      case 'CommandList':
      case 'ListItem':
      case 'AndOrList':
      case 'Pipeline':
      case 'Separator':
      case 'Operator':
      case 'IfBranch':
        if (n.type === 'Operator') out.push(n.op);
        if (n.type === 'Separator') out.push(n.op === '\n' ? 'NL' : n.op);
        if (n.type === 'Pipeline' && n.commands.length > 1) out.push('pipe');
        if (n.type === 'Pipeline' && n.bang) out.push('!');
        return true;
      default:
        if ('redirects' in n || n.type === 'FunctionDefinition' || n.type === 'CaseItem') out.push(n.type);
        return true;
    }
  });
  return out.join(' ');
}

describe('the tree', () => {
  test('simple commands, assignments, redirections with descriptors', () => {
    expect(render('a=1 b=$(c) d e >f 2>&1 12>x\n')).toBe('cmd[a=1 b=$(c) d e 12 >f 2>&1 >x] NL');
  });

  test('and-or lists, pipelines, negation, background', () => {
    expect(render('a && b || ! c | d &\n')).toBe('cmd[a] && cmd[b] || pipe ! cmd[c] cmd[d] &');
  });

  test('compound commands and their redirections', () => {
    const text = 'if a; then b; elif c; then d; else e; fi > log\nwhile x; do y; done\nuntil x; do :; done\nfor i in 1 2; do :; done\n( a ) & { b; }\n';
    expect(render(text)).toBe(
      'IfClause cmd[a] ; cmd[b] ; cmd[c] ; cmd[d] ; cmd[e] ; NL LoopClause cmd[x] ; cmd[y] ; NL LoopClause cmd[x] ; cmd[:] ; NL ForClause cmd[:] ; NL Subshell cmd[a] & BraceGroup cmd[b] ; NL',
    );
  });

  test('case with and without `(`, empty items, last item without `;;`', () => {
    const { script, errors } = parseShell('case "$x" in\n  (a|b) one ;;\n  c) ;;\n  *) two\nesac\n');
    expect(errors).toEqual([]);
    const c = script.body.items[0]?.andOr.pipelines[0]?.commands[0];
    expect(c?.type).toBe('CaseClause');
    if (c?.type !== 'CaseClause') return;
    expect(c.items.map((i) => i.patterns.map((p) => staticValue(p)).join('|'))).toEqual(['a|b', 'c', '*']);
    expect(c.items.map((i) => i.terminator !== null)).toEqual([true, true, false]);
  });

  test('function definitions, with any compound body', () => {
    expect(render('f() { a; }\ng () ( b )\nh() echo hi\n')).toBe('FunctionDefinition BraceGroup cmd[a] ; NL FunctionDefinition Subshell cmd[b] NL FunctionDefinition cmd[echo hi] NL');
  });

  test('reserved words only in command position', () => {
    expect(render('echo if then fi; for do in in; do echo done; done\n')).toBe('cmd[echo if then fi] ; ForClause cmd[echo done] ; NL');
  });

  test('word parts: quotes, escapes, every expansion', () => {
    const text = `x"a $b \${c:-d}"'e'\\f$(g)\`h\`$((1+2))\${#i}\${j%%k}$1$?`;
    const { script, errors } = parseShell(text);
    expect(errors).toEqual([]);
    const first = script.body.items[0]?.andOr.pipelines[0]?.commands[0];
    const word = (first?.type === "SimpleCommand" ? first.words[0] : undefined) as Word;
    expect(word.parts.map((p) => p.type)).toEqual([
      'Literal',
      'DoubleQuoted',
      'SingleQuoted',
      'Escaped',
      'CommandSubstitution',
      'CommandSubstitution',
      'ArithmeticExpansion',
      'ParameterExpansion',
      'ParameterExpansion',
      'ParameterExpansion',
      'ParameterExpansion',
    ]);
    const dq = word.parts[1];
    expect(dq?.type === 'DoubleQuoted' && dq.parts.map((p) => p.type)).toEqual(['Literal', 'ParameterExpansion', 'Literal', 'ParameterExpansion']);
    const params = word.parts.filter((p) => p.type === 'ParameterExpansion');
    expect(params.map((p) => (p.type === 'ParameterExpansion' ? [p.name, p.op, p.length] : null))).toEqual([
      ['i', null, true],
      ['j', '%%', false],
      ['1', null, false],
      ['?', null, false],
    ]);
  });

  test('bash-only parameter forms parse (dash fails only when they run) and are marked', () => {
    const { script, errors } = parseShell('echo ${v//a/b} ${v:0:1} ${!v} ${v^^}\n');
    expect(errors).toEqual([]);
    const found: string[] = [];
    walkShell(script, (n) => {
      if (n.type === 'ParameterExpansion') found.push(`${n.name}:${n.op}:${n.bad}`);
    });
    expect(found).toEqual(['v:/:true', 'v::0:true', '!:v:true', 'v:^:true']);
  });

  test('here-documents: several on a line, quoted and unquoted, <<- strips tabs', () => {
    const text = 'cat <<A <<-"B"; echo next\n$x\nA\n\t\t$y\n\tB\necho after\n';
    const { script, errors } = parseShell(text);
    expect(errors).toEqual([]);
    const cmds = simpleCommands(script.body).map((c) => c.command);
    expect(cmds.map((c) => staticValue(c.words[0] as Word))).toEqual(['cat', 'echo', 'echo']);
    const [a, b] = cmds[0]?.redirects ?? [];
    expect(a?.heredoc?.quoted).toBe(false);
    expect(a?.heredoc?.body.parts.map((p) => p.type)).toEqual(['ParameterExpansion', 'Literal']);
    expect(b?.heredoc?.quoted).toBe(true);
    expect(b?.heredoc?.stripTabs).toBe(true);
    expect(text.slice(b?.heredoc?.body.start, b?.heredoc?.body.end)).toBe('\t\t$y\n');
    expect(b?.heredoc?.body.parts).toEqual([{ type: 'Literal', start: 33, end: 36, value: '$y\n' }]);
  });

  test('here-documents and case inside $(…) are commands of the substitution', () => {
    const text = 'x=$(cat <<E\n)\nE\n)\ny=$(case a in a) echo ")";; esac)\necho "$(echo ")")"\n';
    const { script, errors } = parseShell(text);
    expect(errors).toEqual([]);
    const names = simpleCommands(script.body).map((c) => c.command.words.map((w) => staticValue(w) ?? text.slice(w.start, w.end)).join(' '));
    expect(names).toEqual(['', 'cat', '', 'echo )', 'echo "$(echo ")")"', 'echo )']);
  });

  test('backquotes: escapes removed before the inner parse, offsets in the outer text', () => {
    const text = 'a=`echo \\`date\\` "\\$HOME"`\n';
    const { script, errors } = parseShell(text);
    expect(errors).toEqual([]);
    const inner = simpleCommands(script.body).filter((c) => c.inSubstitution);
    expect(inner.map((c) => text.slice(c.command.start, c.command.end))).toEqual(['echo \\`date\\` "\\$HOME"', 'date']);
  });

  test('backquotes: every span inside the command moves with it, non-node spans and shared parts included', () => {
    // Every object with a start and an end, reached through any property: what a remap must move.
    const spans = (root: object): string[] => {
      const out: string[] = [];
      const seen = new Set<object>();
      const stack: object[] = [root];
      while (stack.length > 0) {
        const obj = stack.pop() as Record<string, unknown>;
        if (seen.has(obj)) continue;
        seen.add(obj);
        if (typeof obj['start'] === 'number' && typeof obj['end'] === 'number') out.push(`${String(obj['type'] ?? '-')}@${obj['start']}-${obj['end']}`);
        for (const key of Object.keys(obj)) {
          const v = obj[key];
          if (v !== null && typeof v === 'object') stack.push(v);
        }
      }
      return out.sort();
    };
    const shifted = (root: object, by: number): string[] =>
      spans(root).map((s) => s.replace(/@(\d+)-(\d+)$/, (_, a: string, b: string) => `@${Number(a) + by}-${Number(b) + by}`)).sort();
    const commands = [
      'A=1 B="$x" cmd a${b:-c}d 2>/dev/null <<EOF\nbody $y\nEOF\n',
      '! a | b && c || d; e & f',
      'case $x in a|b) echo 1 ;; (c) : ;; esac',
      'if a; then b; elif c; then d; else e; fi >out',
      'for i in 1 2; do while x; do :; done; done',
      'f() { g "$(h)" $((1 + 2)) \'q\'; }',
      'cat <<-X\n\tline\n\tX\n',
    ];
    for (const command of commands) {
      const prefix = 'v=`';
      const outer = parseShell(`${prefix}${command}\``);
      const alone = parseShell(command);
      expect(outer.errors, command).toEqual([]);
      const sub = simpleCommands(outer.script.body)[0]?.command.assignments[0]?.value.parts[0];
      expect(sub?.type, command).toBe('CommandSubstitution');
      if (sub?.type !== 'CommandSubstitution') continue;
      expect(spans(sub.body), command).toEqual(shifted(alone.script.body, prefix.length));
    }
  });

  test('line continuations are removed inside words and operators', () => {
    expect(render('ec\\\nho a &\\\n& b\n')).toBe('cmd[ec\\\nho a] && cmd[b] NL');
    const { script } = parseShell('i\\\nf true; then :; fi\n');
    expect(script.body.items[0]?.andOr.pipelines[0]?.commands[0]?.type).toBe('IfClause');
  });

  test('comments start only at the start of a word', () => {
    const r = parseShell('echo a#b # c\n# d\n');
    expect(r.comments.map((c) => c.text)).toEqual([' c', ' d']);
    expect(render('echo a#b # c\n')).toBe('cmd[echo a#b] NL');
  });
});

describe('offsets', () => {
  /** Every node lies inside the text and inside its parent. */
  function checkSpans(text: string): void {
    const { script, errors, comments } = parseShell(text);
    for (const e of errors) {
      expect(e.start).toBeGreaterThanOrEqual(0);
      expect(e.end).toBeLessThanOrEqual(text.length);
      expect(e.start).toBeLessThanOrEqual(e.end);
    }
    for (const c of comments) expect(c.end).toBeLessThanOrEqual(text.length);
    walkShell(script, (n: ShellNode) => {
      if (n.start < 0 || n.end > text.length || n.start > n.end) throw new Error(`${n.type} at ${n.start}-${n.end} outside 0-${text.length}`);
    });
  }

  test('literal parts hold exactly their source text', () => {
    const text = 'echo abc "d e" \'f\' g\\h\n';
    const { script } = parseShell(text);
    walkShell(script, (n) => {
      if (n.type === 'Literal') expect(text.slice(n.start, n.end)).toBe(n.value);
      if (n.type === 'SingleQuoted') expect(text.slice(n.start, n.end)).toBe(`'${n.value}'`);
      if (n.type === 'Escaped') expect(text.slice(n.start, n.end)).toBe(`\\${n.value}`);
    });
  });

  test('random bytes and mutated scripts: never throws, always ends, spans inside the text', () => {
    const alphabet = ['a', ' ', '\n', '"', "'", '`', '$', '{', '}', '(', ')', '\\', '#', ';', '&', '|', '<', '>', 'if ', 'then ', 'fi', 'case ', ' in ', 'esac', 'do ', 'done', '<<E\n', '\nE\n', '$(', '${', '$((', '))', ';;', '\r', 'é', '\u{1F600}'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chunks) => {
        checkSpans(chunks.join(''));
      }),
      { numRuns: 3000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        checkSpans(s);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});

describe('depth: no recursion on the call stack', () => {
  const N = 10_000;
  test.each([
    ['$(', `echo ${'$('.repeat(N)}x${')'.repeat(N)}\n`],
    ['(', `${'('.repeat(N)}x${')'.repeat(N)}\n`],
    ['{', `${'{ '.repeat(N)}x; ${'} '.repeat(N)}\n`],
    ['${', `echo ${'${a:-'.repeat(N)}x${'}'.repeat(N)}\n`],
    ['if', `${'if x; then '.repeat(N)}:${'; fi'.repeat(N)}\n`],
    ['"$(', `echo "${'$(echo "'.repeat(N)}x${'")'.repeat(N)}"\n`],
  ])('%s nested 10,000 deep', (_, text) => {
    const { script, errors } = parseShell(text);
    expect(errors).toEqual([]);
    expect(script.body.items).toHaveLength(1);
    let nodes = 0;
    walkShell(script, () => {
      nodes++;
    });
    expect(nodes).toBeGreaterThan(N);
  });

  test('10,000 unclosed `$(` end in one error', () => {
    const { errors } = parseShell(`echo ${'$('.repeat(N)}\n`);
    expect(errors.map((e) => e.dashMessage)).toEqual(['end of file unexpected (expecting ")")']);
  });
});
