/**
 * Differential tests: the parser against a transcription of the spec's own reference pseudo-code
 * (test/helpers/grammar-reference.ts: token scanner 1.3.1, inter-token whitespace 1.4, block reader
 * 1.7) on random input. The oracle is first checked against the spec's verified tables, so a
 * disagreement points at the parser, not at the oracle.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import type { Stanza } from '../../src/grammar/ast.js';
import { COMMAND_DELIMS, WORD_DELIMS, firstStanza, readBlock, scanToken, wordProblems } from '../helpers/grammar-reference.js';
import { listCorpusFiles, readCorpusFile } from '../helpers/grammar-corpus.js';
import { formatDiagnostic } from '../helpers/grammar-spans.js';
import { printExpression, printExpressionWithGroups } from '../helpers/grammar-print.js';

describe('the oracle reproduces the spec tables', () => {
  const word = (s: string) => scanToken(s, 0, 1, WORD_DELIMS, true).value;
  const command = (s: string) => scanToken(s, 0, 1, COMMAND_DELIMS, false).value;
  test.for([
    // 1.10
    ['"hello world"', 'hello world'],
    ["'it''s'", 'its'],
    ['FOO="bar baz"', 'FOO=bar baz'],
    ['FOO=a\\ b', 'FOO=a b'],
    ['FOO=a\\\\b', 'FOO=a\\b'],
    ['FOO=a\\xb', 'FOO=a\\xb'],
    ['FOO="a\\"b"', 'FOO=a\\"b'],
    ['FOO="a   \n   b"', 'FOO=a b'],
    ['A="a\n  \\x"', 'A=a\\ x'],
    ['a"b c"d', 'ab cd'],
    // 1.3 defect, dequote mode
    ['A="x \\y"', 'A=x\\\\y'],
  ] as const)('WORD %j → %j', ([src, value]) => expect(word(src)).toBe(value));
  test.for([
    ['echo "hello\nworld"', 'echo "hello world"'],
    ['/bin/foo \\\n   --bar', '/bin/foo --bar'],
    ["echo 'it is' \\ x", "echo 'it is' \\ x"],
    ['"/bin/foo bar" x', '"/bin/foo bar" x'],
    ['echo \\$HOME', 'echo\\\\$HOME'],
    ['echo  \\x', 'echo\\ \\x'],
    ["sh -c 'echo \\$1'", "sh -c 'echo\\\\$1'"],
    ['echo "a \\"b\\" c"', 'echo "a\\\\"b\\" c"'],
    ['/usr/bin/app --name=a#1', '/usr/bin/app --name=a'],
  ] as const)('COMMAND %j → %j', ([src, value]) => expect(command(src)).toBe(value));
  test('errors and the block reader', () => {
    expect(firstStanza('exec foo \\', 'exec', 'COMMAND')).toEqual({ ok: false, error: 'trailingSlash', line: 1 });
    expect(firstStanza("env A='a\\'\n", 'env', 'WORD')).toEqual({ ok: false, error: 'unterminatedQuote', line: 2 });
    expect(firstStanza('description ""\n', 'description', 'WORD')).toEqual({ ok: false, error: 'expectedToken', line: 1 });
    expect(firstStanza('description ""\\\n\n', 'description', 'WORD')).toEqual({ ok: true, value: '' });
    expect(firstStanza('description a \\\nb\n', 'description', 'WORD')).toEqual({ ok: false, error: 'unexpectedToken', line: 2 });
    const src = 'script\n    a\n\n    b\n  end  script # x\n';
    expect(readBlock(src, 7)).toEqual({ ok: true, text: '    a\n\n    b\n' });
    expect(readBlock('script\n\ta\n\t\tb\nend script', 7)).toEqual({ ok: true, text: 'a\n\tb\n' });
    expect(readBlock('script\n  echo hi\nEnd Script\n', 7)).toEqual({ ok: false, line: 4 });
  });
});

const tokenChar = fc.constantFrom(
  'a', 'b', 'x', '=', '$', '-', 'é', '(', ')',
  ' ', ' ', '\t', '\r', '\n', '\\', '\\', '"', '"', "'", '#',
);
const tokenText = fc.string({ unit: tokenChar, maxLength: 24 });

const WORD_KEYWORDS = ['env', 'description', 'author', 'version', 'usage', 'instance', 'chroot', 'chdir', 'setuid', 'setgid'] as const;

function storedWord(s: Stanza | undefined): string | undefined {
  if (s?.type === 'EnvStanza') return s.arg.value;
  if (s?.type === 'TextStanza') return s.value;
  return undefined;
}

function checkAgainstOracle(src: string, keyword: string, reader: 'WORD' | 'COMMAND'): void {
  const expected = firstStanza(src, keyword, reader);
  const { ast, diagnostics } = parse(src);
  const first = ast.stanzas[0];
  if (expected.ok) {
    const actual = reader === 'WORD' ? storedWord(first) : first?.type === 'ExecStanza' ? first.command.value : undefined;
    const end = first?.span.end.offset ?? 0;
    const early = diagnostics.filter((d) => d.span.start.offset < end).map(formatDiagnostic);
    expect({ value: actual, diagnosticsInFirstStanza: early }, `source ${JSON.stringify(src)}`).toEqual({
      value: expected.value,
      diagnosticsInFirstStanza: [],
    });
  } else {
    const d = diagnostics[0];
    expect({ messageId: d?.messageId, upstartLine: d?.upstartLine }, `source ${JSON.stringify(src)}`).toEqual({
      messageId: expected.error,
      upstartLine: expected.line,
    });
  }
}

describe('parser agrees with the oracle on random input', () => {
  test('single-WORD stanzas (dequote mode, then end of line)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WORD_KEYWORDS), tokenText, (keyword, s) => checkAgainstOracle(`${keyword} ${s}`, keyword, 'WORD')),
      { numRuns: 3000 },
    );
  });

  test('exec COMMAND (raw mode, rest of the logical line)', () => {
    fc.assert(fc.property(tokenText, (s) => checkAgainstOracle(`exec ${s}`, 'exec', 'COMMAND')), { numRuns: 3000 });
  });

  const indent = fc.constantFrom('', '', ' ', '  ', '    ', '\t', '\t ', ' \t', '\r');
  const content = fc.constantFrom(
    'echo a', 'x', '', 'end script', 'end  script # c', 'end\tscript', 'end script#', 'endscript', 'end scripts',
    'end script x', 'End script', '# shell', 'end script\r', 'end', 'script', '"end script"',
  );
  const bodyLine = fc.tuple(indent, content).map(([i, c]) => i + c);
  test('script blocks (terminator, indentation stripping, unterminated)', () => {
    fc.assert(
      fc.property(fc.array(bodyLine, { maxLength: 8 }), fc.boolean(), (lines, finalNewline) => {
        const src = 'script\n' + lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
        const expected = readBlock(src, 'script\n'.length);
        const { ast, diagnostics } = parse(src);
        const first = ast.stanzas[0];
        if (expected.ok) {
          expect(
            { type: first?.type, text: first?.type === 'ScriptStanza' ? first.body.text : undefined },
            `source ${JSON.stringify(src)}`,
          ).toEqual({ type: 'ScriptStanza', text: expected.text });
        } else {
          expect({ messageId: diagnostics[0]?.messageId, upstartLine: diagnostics[0]?.upstartLine }, `source ${JSON.stringify(src)}`).toEqual({
            messageId: 'unterminatedBlock',
            upstartLine: expected.line,
          });
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Event expressions: random well-formed expressions (3.2 grammar, 3.3 line rules) built together
// with the tree the spec prescribes (strictly left to right, groups kept), compared with the
// parser's tree.

type Tree =
  | { readonly kind: 'match'; readonly words: readonly string[] }
  | { readonly kind: 'group'; readonly inner: Tree }
  | { readonly kind: 'AND' | 'OR'; readonly left: Tree; readonly right: Tree };

function printTree(t: Tree, top = true): string {
  if (t.kind === 'group') return printTree(t.inner, top);
  if (t.kind === 'match') return top || t.words.length === 1 ? t.words.join(' ') : `(${t.words.join(' ')})`;
  const s = `${printTree(t.left, false)} ${t.kind} ${printTree(t.right, false)}`;
  return top ? s : `(${s})`;
}

function printTreeWithGroups(t: Tree): string {
  if (t.kind === 'group') return `[${printTreeWithGroups(t.inner)}]`;
  if (t.kind === 'match') return t.words.length === 1 ? t.words[0]! : `{${t.words.join(' ')}}`;
  return `(${printTreeWithGroups(t.left)} ${t.kind} ${printTreeWithGroups(t.right)})`;
}

const EVENTS = ['a', 'b', 'started', 'net-device-up', 'foo-1', '$EV', 'AND', 'x.y'];
const POSITIONAL: readonly [string, string][] = [['x', 'x'], ['[2345]', '[2345]'], ['"q r"', 'q r'], ["'and'", 'and'], ['"or"', 'or']];
const NAMED: readonly [string, string][] = [['A=1', 'A=1'], ['B!=2', 'B!=2'], ['JOB="my job"', 'JOB=my job'], ['K=', 'K=']];

describe('event expressions agree with the left-to-right grammar', () => {
  test('random well-formed start on / stop on expressions', () => {
    const arb = fc.gen().map((g) => {
      const sep = (depth: number): string =>
        depth > 0
          ? g(fc.constantFrom, ' ', '  ', '\t', ' \r', '\n    ', ' # note\n  ', '\n\t', ' \\\n ')
          : g(fc.constantFrom, ' ', '  ', '\t', ' \\\n  ');
      const optSep = (depth: number): string => (g(fc.boolean) ? '' : sep(depth));
      const term = (parenDepth: number, budget: number): { src: string; tree: Tree } => {
        if (budget > 0 && g(fc.integer, { min: 0, max: 3 }) === 0) {
          const inner = expr(parenDepth + 1, budget - 1);
          return { src: '(' + optSep(parenDepth + 1) + inner.src + optSep(parenDepth + 1) + ')', tree: { kind: 'group', inner: inner.tree } };
        }
        const words = [g(fc.constantFrom, ...EVENTS)];
        const srcs = [words[0]!];
        const nPos = g(fc.integer, { min: 0, max: 2 });
        const nNamed = g(fc.integer, { min: 0, max: 2 });
        for (let i = 0; i < nPos; i++) {
          const [s, v] = g(fc.constantFrom, ...POSITIONAL);
          srcs.push(s);
          words.push(v);
        }
        for (let i = 0; i < nNamed; i++) {
          const [s, v] = g(fc.constantFrom, ...NAMED);
          srcs.push(s);
          words.push(v);
        }
        return { src: srcs.map((s, i) => (i === 0 ? s : sep(parenDepth) + s)).join(''), tree: { kind: 'match', words } };
      };
      const expr = (parenDepth: number, budget: number): { src: string; tree: Tree } => {
        let { src, tree } = term(parenDepth, budget);
        const n = g(fc.integer, { min: 0, max: 3 });
        for (let i = 0; i < n; i++) {
          const op = g(fc.constantFrom, 'and', 'or');
          const right = term(parenDepth, budget);
          // A word next to a word needs a separator; next to a parenthesis it may be glued.
          const before = src.endsWith(')') ? optSep(parenDepth) : sep(parenDepth);
          const after = right.src.startsWith('(') ? optSep(parenDepth) : sep(parenDepth);
          src = src + before + op + after + right.src;
          tree = { kind: op === 'and' ? 'AND' : 'OR', left: tree, right: right.tree };
        }
        return { src, tree };
      };
      const stanza = g(fc.constantFrom, 'start on', 'stop on');
      const e = expr(0, 3);
      const ending = g(fc.constantFrom, '\n', ' # end\n', '\t\r\n');
      return { src: `${stanza} ${e.src}${ending}task\n`, tree: e.tree, stanza };
    });
    fc.assert(
      fc.property(arb, ({ src, tree, stanza }) => {
        const { ast, diagnostics } = parse(src);
        const first = ast.stanzas[0];
        expect(diagnostics.map(formatDiagnostic), `source ${JSON.stringify(src)}`).toEqual([]);
        expect(first?.keyword, `source ${JSON.stringify(src)}`).toBe(stanza);
        if (first?.type !== 'StartOnStanza' && first?.type !== 'StopOnStanza') return;
        expect(
          { tree: printExpression(first.expression), groups: printExpressionWithGroups(first.expression) },
          `source ${JSON.stringify(src)}`,
        ).toEqual({ tree: printTree(tree), groups: printTreeWithGroups(tree) });
        expect(ast.stanzas.map((s) => s.keyword)).toEqual([stanza, 'task']);
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Every argument of every stanza, in real and mutated files, re-scans to the same value and span.

describe('argument values and spans agree with the oracle', () => {
  const corpus = listCorpusFiles().map((name) => ({ name, text: readCorpusFile(name) }));

  test('every corpus file', () => {
    const problems = corpus.flatMap(({ name, text }) => wordProblems(text, parse(text).ast).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('mutated corpus files (lines duplicated, swapped, characters inserted)', () => {
    const insert = fc.constantFrom('"', "'", '\\', ' ', '\t', '#', '\n', '\\\n', '(', ')', '=', 'x', '\r');
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), insert), { minLength: 1, maxLength: 5 }), (k, edits) => {
        let text = corpus[k % corpus.length]!.text;
        for (const [at, s] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + s + text.slice(i);
        }
        expect(wordProblems(text, parse(text).ast), `source ${JSON.stringify(text)}`).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });
});
