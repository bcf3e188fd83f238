/**
 * Robustness: whatever the input, `parse` returns (never throws) a JobFile and diagnostics whose
 * spans are consistent with the text: 0 ≤ start.offset ≤ end.offset ≤ text.length and
 * line/column equal to what the offset implies. Random strings, random bytes, mutated corpus files,
 * and a few deterministic huge or odd inputs.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { LineIndex } from '../../src/grammar/positions.js';
import type { EventExpression, JobFile, SyntaxDiagnostic } from '../../src/grammar/ast.js';
import { listCorpusFiles, readCorpusFile } from '../helpers/grammar-corpus.js';
import { formatDiagnostic, spanProblems } from '../helpers/grammar-spans.js';

/** Parses and checks the result's shape and spans; returns the result for further checks. */
function parseChecked(text: string): { ast: JobFile; diagnostics: readonly SyntaxDiagnostic[] } {
  let result: ReturnType<typeof parse>;
  try {
    result = parse(text);
  } catch (e) {
    throw new Error(`parse threw on ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)}: ${String(e)}`);
  }
  if (!result || result.ast?.type !== 'JobFile' || !Array.isArray(result.ast.stanzas) || !Array.isArray(result.diagnostics)) {
    throw new Error(`parse returned a malformed result for ${JSON.stringify(text.slice(0, 300))}`);
  }
  const problems = spanProblems(text, result.ast, result.diagnostics);
  if (problems.length > 0) {
    throw new Error(`bad spans for ${JSON.stringify(text.slice(0, 300))}:\n${problems.slice(0, 10).join('\n')}`);
  }
  // Diagnostics come in source order (the first one is the one upstart reports).
  for (let i = 1; i < result.diagnostics.length; i++) {
    if (result.diagnostics[i]!.span.start.offset < result.diagnostics[i - 1]!.span.start.offset) {
      throw new Error(`diagnostics out of source order for ${JSON.stringify(text.slice(0, 300))}: ${result.diagnostics.map(formatDiagnostic).join(' | ')}`);
    }
  }
  // Stanzas come in source order too.
  for (let i = 1; i < result.ast.stanzas.length; i++) {
    if (result.ast.stanzas[i]!.span.start.offset < result.ast.stanzas[i - 1]!.span.start.offset) {
      throw new Error(`stanzas out of source order for ${JSON.stringify(text.slice(0, 300))}`);
    }
  }
  return result;
}

// Single characters that matter to the lexer, plus arbitrary code units (lone surrogates included).
const special = fc.constantFrom(
  '\0', '\r', '\n', '\r\n', '\\', '"', "'", '(', ')', '#', ' ', '\t', '\f', '\v', '=', '!=', '$',
  'é', '日', '🚀', '\uFEFF', '\uD800', '\uDC00', '\uDBFF', '\u00A0', '\u2028',
);
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const fragment = fc.constantFrom(
  'start on ', 'stop on ', 'and ', 'or ', ' and', ' or', '(', ')', 'script\n', 'end script\n', '  end  script ',
  'pre-start ', 'post-stop ', 'exec ', 'script', 'env ', 'export ', 'emits ', 'description ', 'task', 'respawn',
  'respawn limit ', 'unlimited', 'kill ', 'timeout ', 'signal ', 'reload signal ', 'normal exit ', 'expect ',
  'fork', 'console ', 'log', 'umask ', 'nice ', 'oom ', 'score ', 'never', 'limit ', 'nofile ', 'manual ',
  'debug ', 'cgroup ', 'apparmor ', 'load ', 'switch ', 'setuid ', 'chdir ', 'instance ', 'usage ',
  'A=1 ', 'B!=2 ', '[2345]', '-5', '022', '99999999999999999999', 'SIGTERM', '\\\n', '\\\r\n', '\\',
  '"', "'", '#', '\n', '\r\n', '\n\n', '\t', '    ', '\0',
);
const lexerString = fc.string({ unit: fc.oneof(special, codeUnit, fc.constantFrom('a', 'b', 'x', '1', ' ')), maxLength: 200 });
const stanzaSoup = fc.array(fc.oneof({ weight: 4, arbitrary: fragment }, { weight: 1, arbitrary: lexerString }), { maxLength: 40 }).map((a) => a.join(''));

describe('random inputs never break parse', () => {
  test('random strings with lexer-relevant characters and lone surrogates', () => {
    fc.assert(fc.property(lexerString, (s) => void parseChecked(s)), { numRuns: 1000 });
  });

  test('random full-range strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void parseChecked(s)), { numRuns: 300 });
  });

  test('random stanza-like soup', () => {
    fc.assert(fc.property(stanzaSoup, (s) => void parseChecked(s)), { numRuns: 1500 });
  });

  test('random bytes decoded as UTF-8 and as Latin-1', () => {
    const utf8 = new TextDecoder('utf-8');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseChecked(utf8.decode(bytes));
        parseChecked(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 800 },
    );
  });
});

/** InvalidStanza.error must be "the messageId of the syntax diagnostic that rejected it" (ast.ts). */
function unexplainedInvalidStanzas(text: string): string[] {
  const { ast, diagnostics } = parse(text);
  const ids = new Set<string>(diagnostics.map((d) => d.messageId));
  return ast.stanzas
    .filter((st) => st.type === 'InvalidStanza' && !ids.has(st.error))
    .map((st) => `${st.span.start.line}: ${st.keyword} (${st.type === 'InvalidStanza' ? st.error : ''}); diagnostics: ${[...ids].join(', ')}`);
}

describe('every InvalidStanza is explained by a diagnostic with its messageId', () => {
  test.for([['"'], ["'"], ['ta"sk\n'], ['foo\\'], ['"exec foo\ntask\n'], ['exec foo\ndescri"ption x\n']] as const)(
    'keyword token with an open quote or trailing backslash: %j',
    ([text]) => {
      expect(unexplainedInvalidStanzas(text)).toEqual([]);
    },
  );

  test('random stanza-like soup', () => {
    fc.assert(
      fc.property(stanzaSoup, (s) => {
        expect(unexplainedInvalidStanzas(s), JSON.stringify(s)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insertLine'; line: number; text: string }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number };

const ratio = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(special, fragment, lexerString) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insertLine' as const), line: fc.nat(), text: fc.oneof(fragment, stanzaSoup) }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicate': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    }
    default: {
      const lines = text.split('\n');
      const n = lines.length;
      if (m.kind === 'insertLine') lines.splice(m.line % (n + 1), 0, m.text);
      else if (m.kind === 'deleteLine') lines.splice(m.line % n, 1);
      else if (m.kind === 'duplicateLine') lines.splice(m.line % n, 0, lines[m.line % n] ?? '');
      else {
        const a = m.a % n;
        const b = m.b % n;
        [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      }
      return lines.join('\n');
    }
  }
}

describe('mutated corpus files never break parse', () => {
  const corpus = listCorpusFiles().map(readCorpusFile);

  test('corpus files as they are', () => {
    for (const text of corpus) parseChecked(text);
  });

  test('insert / delete / duplicate random characters and lines', () => {
    fc.assert(
      fc.property(ratio, fc.array(mutation, { minLength: 1, maxLength: 8 }), (pick, mutations) => {
        const original = corpus[Math.floor(pick * corpus.length)] ?? '';
        parseChecked(mutations.reduce(mutate, original));
      }),
      { numRuns: 1500 },
    );
  });
});

/** Innermost expression under a chain of groups, found without recursion. */
function unwrapGroups(e: EventExpression): { depth: number; inner: EventExpression } {
  let depth = 0;
  let cur = e;
  while (cur.type === 'GroupExpression') {
    cur = cur.expression;
    depth++;
  }
  return { depth, inner: cur };
}

describe('deterministic big and odd inputs', () => {
  const N = 100_000;

  test('100,000 nested parentheses are accepted', () => {
    const text = 'start on ' + '('.repeat(N) + 'a' + ')'.repeat(N) + '\n';
    const { ast, diagnostics } = parseChecked(text);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('StartOnStanza');
    if (s?.type !== 'StartOnStanza') return;
    const { depth, inner } = unwrapGroups(s.expression);
    expect(depth).toBe(N);
    expect(inner.type === 'EventMatch' && inner.event.value).toBe('a');
  });

  test.for([
    { label: 'unclosed', messageId: 'mismatchedParens', make: () => 'start on ' + '('.repeat(N) + 'a\n' },
    { label: 'unopened', messageId: 'mismatchedParens', make: () => 'start on a' + ')'.repeat(N) + '\n' },
    { label: 'one missing', messageId: 'mismatchedParens', make: () => 'start on ' + '('.repeat(N) + 'a' + ')'.repeat(N - 1) + '\n' },
    { label: 'one extra', messageId: 'mismatchedParens', make: () => 'start on ' + '('.repeat(N - 1) + 'a' + ')'.repeat(N) + '\n' },
    // upstart collects the stack before it checks for unclosed groups: nothing to collect is "Expected event".
    { label: 'only open', messageId: 'expectedEvent', make: () => 'start on ' + '('.repeat(N) },
    { label: 'empty groups', messageId: 'expectedEvent', make: () => 'start on ' + '('.repeat(N) + ')'.repeat(N) + '\n' },
  ])('$label parentheses → first error $messageId', ({ make, messageId }) => {
    const { diagnostics } = parseChecked(make());
    expect(diagnostics[0]?.messageId).toBe(messageId);
  });

  test('a 50,000-operand left-to-right chain', () => {
    const text = 'start on a' + ' and a'.repeat(50_000) + '\n';
    const { ast, diagnostics } = parseChecked(text);
    expect(diagnostics).toEqual([]);
    expect(ast.stanzas).toHaveLength(1);
  });

  test('a 5 MB job file', () => {
    const chunk =
      'description "a job"\nstart on (started a\n  and net-device-up IFACE!=lo)\nenv A="x y"\n' +
      'exec /usr/bin/app --flag # c\npre-start script\n    mkdir -p /run/a\n    echo done\nend script\n' +
      'limit nofile 1024 4096\nnormal exit 0 TERM\n\n';
    const text = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    const { ast, diagnostics } = parseChecked(text);
    expect(diagnostics).toEqual([]);
    expect(ast.stanzas.length).toBe(7 * Math.ceil((5 * 1024 * 1024) / chunk.length));
  });

  test('a 5 MB script body and a 5 MB exec line', () => {
    const body = 'script\n' + '    echo "line"\n'.repeat(330_000) + 'end script\n';
    const r1 = parseChecked(body);
    expect(r1.diagnostics).toEqual([]);
    const exec = 'exec /bin/echo' + ' word'.repeat(1_000_000) + '\n';
    const r2 = parseChecked(exec);
    expect(r2.diagnostics).toEqual([]);
  });

  test('a file of only NULs', () => {
    const text = '\0'.repeat(100_000);
    const { diagnostics } = parseChecked(text);
    expect(diagnostics.map((d) => d.messageId)).toContain('nulByte');
  });

  test('a BOM file: unknown stanza on line 1 (1.1)', () => {
    const text = '\uFEFFdescription "x"\nexec /bin/true\n';
    const { ast, diagnostics } = parseChecked(text);
    expect(ast.bom).toBe(true);
    expect({ messageId: diagnostics[0]?.messageId, upstartLine: diagnostics[0]?.upstartLine }).toEqual({
      messageId: 'unknownStanza',
      upstartLine: 1,
    });
  });

  test('a CRLF file is accepted (1.8)', () => {
    const text = 'description "x"\r\nstart on (a\r\n  or b)\r\nscript\r\n  echo a\r\nend script\r\nrespawn\r\n';
    const { ast, diagnostics } = parseChecked(text);
    expect(diagnostics).toEqual([]);
    expect(ast.lineEndings).toBe('crlf');
    expect(ast.stanzas.map((s) => s.keyword)).toEqual(['description', 'start on', 'script', 'respawn']);
  });

  test('100,000 lines of backslash continuations and 100,000 open quotes', () => {
    parseChecked('exec a' + ' \\\n b'.repeat(100_000) + '\n');
    parseChecked('"'.repeat(100_001));
    parseChecked('script\n'.repeat(100_000));
    parseChecked('\\'.repeat(100_001));
  });
});

describe('LineIndex', () => {
  test('lineOf agrees with counting newlines, whatever order the offsets come in', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ') }), fc.array(fc.integer({ min: -2, max: 60 })), (text, offsets) => {
        const lines = new LineIndex(text);
        for (const o of offsets) {
          const clamped = Math.min(Math.max(o, 0), text.length);
          expect(lines.lineOf(o)).toBe(text.slice(0, Math.max(o, 0)).split('\n').length);
          expect(lines.position(o).line).toBe(text.slice(0, clamped).split('\n').length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
