/**
 * Table-driven cases taken from /work/shared/docs/upstart-grammar.md (the language spec): the
 * verified lexing examples (1.10), the tokenizer defect (1.3), script blocks (1.7), CR handling
 * (1.8), `manual`/`debug` (1.2), every stanza of 2.1, event expressions (3.1–3.4) and the edge-case
 * catalogue (8.1–8.3). Every expected value below is written from the spec (section given per
 * table), never copied from the parser's output.
 *
 * `ok(id, source, stored)`: upstart accepts the file; `stored` is the list of stanza summaries
 * (test/helpers/grammar-summary.ts) in source order, i.e. the values upstart stores.
 * `err(id, source, messageId, line)`: upstart rejects the file; the first diagnostic must have
 * this messageId and `upstartLine` (the line upstart logs; null = logged without a line).
 */
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { lintJob, lintText } from '../../src/index.js';
import type {
  EventExpression,
  JobFile,
  ScriptStanza,
  Stanza,
  SyntaxDiagnostic,
  SyntaxMessageId,
} from '../../src/grammar/ast.js';
import { UPSTART_TO_MESSAGE_ID } from '../helpers/grammar-corpus.js';
import { printExpression, printExpressionWithGroups } from '../helpers/grammar-print.js';
import { formatDiagnostic, spanProblems } from '../helpers/grammar-spans.js';
import { summarize } from '../helpers/grammar-summary.js';

type Case =
  | { readonly id: string; readonly src: string; readonly stored: readonly string[] }
  | { readonly id: string; readonly src: string; readonly error: SyntaxMessageId; readonly line: number | null };

const ok = (id: string, src: string, stored: readonly string[]): Case => ({ id, src, stored });
const err = (id: string, src: string, error: SyntaxMessageId, line: number | null): Case => ({ id, src, error, line });

const MESSAGE_ID_TO_UPSTART = new Map(Object.entries(UPSTART_TO_MESSAGE_ID).map(([u, m]) => [m, u]));

function show(src: string): string {
  return JSON.stringify(src);
}

function runCase(c: Case): void {
  const { ast, diagnostics } = parse(c.src);
  expect(spanProblems(c.src, ast, diagnostics), 'spans consistent with the text').toEqual([]);
  if ('stored' in c) {
    expect(diagnostics.map(formatDiagnostic), `${show(c.src)} is accepted by upstart`).toEqual([]);
    expect(summarize(ast), `stored values of ${show(c.src)}`).toEqual(c.stored);
    return;
  }
  const first: SyntaxDiagnostic | undefined = diagnostics[0];
  expect(first, `${show(c.src)} is rejected by upstart with ${c.error}`).toBeDefined();
  if (!first) return;
  expect({ messageId: first.messageId, upstartLine: first.upstartLine }, `first diagnostic of ${show(c.src)}`).toEqual({
    messageId: c.error,
    upstartLine: c.line,
  });
  expect(first.fatal).toBe(true);
  const upstartError = MESSAGE_ID_TO_UPSTART.get(c.error);
  if (upstartError) expect(first.upstartError).toBe(upstartError);
}

function table(name: string, cases: readonly Case[]): void {
  describe(name, () => {
    test.for(cases.map((c) => [`${c.id}: ${show(c.src)}`, c] as const))('%s', ([, c]) => runCase(c));
  });
}

// ---------------------------------------------------------------------------------------------
// 1.10 Verified lexing examples (every row)

table('1.10 verified lexing examples', [
  ok('1.10 dq description', 'description "hello world"\n', ['description: hello world']),
  ok('1.10 adjacent quotes', "description 'it''s'\n", ['description: its']),
  ok('1.10 dq env', 'env FOO="bar baz"\n', ['env: FOO=bar baz']),
  ok('1.10 no expansion', "env FOO='x $HOME'\n", ['env: FOO=x $HOME']),
  ok('1.10 escaped space', 'env FOO=a\\ b\n', ['env: FOO=a b']),
  ok('1.10 escaped backslash', 'env FOO=a\\\\b\n', ['env: FOO=a\\b']),
  ok('1.10 backslash kept before ordinary', 'env FOO=a\\xb\n', ['env: FOO=a\\xb']),
  ok('1.10 escaped quote inside quotes', 'env FOO="a\\"b"\n', ['env: FOO=a\\"b']),
  err('1.10 escaped quote outside quotes', 'env FOO=a\\"b"\n', 'unterminatedQuote', 2),
  ok('1.10 quoted newline collapses', 'env FOO="a   \n   b"\n', ['env: FOO=a b']),
  ok('1.10 quoted newline in exec', 'exec echo "hello\nworld"\n', ['exec: echo "hello world"']),
  ok('1.10 continuation in exec', 'exec /bin/foo \\\n   --bar\n', ['exec: /bin/foo --bar']),
  ok('1.10 continuation then EOF', 'exec foo \\\n', ['exec: foo']),
  err('1.10 trailing slash at EOF', 'exec foo \\', 'trailingSlash', 1),
  ok('1.10 escaped space kept in command', "exec echo 'it is' \\ x\n", ["exec: echo 'it is' \\ x"]),
  err('1.10 exec without command', 'exec\n', 'expectedToken', 1),
  err('1.10 exec with only a comment', 'exec # c\n', 'expectedToken', 1),
  ok('1.10 quotes kept in command', 'exec "/bin/foo bar" x\n', ['exec: "/bin/foo bar" x']),
  err('1.10 backslash escapes closing single quote', "env A='a\\'\n", 'unterminatedQuote', 2),
  ok('1.10 quirk: backslash before newline space', 'env A="a\n  \\x"\n', ['env: A=a\\ x']),
]);

// ---------------------------------------------------------------------------------------------
// 1.3 Tokenizer defect: whitespace then backslash + ordinary byte (every row, plus the
// unaffected forms listed under the table)

table('1.3 tokenizer defect (whitespace + backslash)', [
  ok('1.3 echo \\$HOME', 'exec echo \\$HOME\n', ['exec: echo\\\\$HOME']),
  ok('1.3 two spaces + \\x', 'exec echo  \\x\n', ['exec: echo\\ \\x']),
  ok('1.3 inside single quotes', "exec sh -c 'echo \\$1'\n", ["exec: sh -c 'echo\\\\$1'"]),
  ok('1.3 escaped quotes in double quotes', 'exec echo "a \\"b\\" c"\n', ['exec: echo "a\\\\"b\\" c"']),
  ok('1.3 dequote mode', 'env A="x \\y"\n', ['env: A=x\\\\y']),
  ok('1.3 unaffected: escaped space after blank', 'exec echo a \\ b\n', ['exec: echo a \\ b']),
  ok('1.3 unaffected: escaped backslash after blank', 'exec echo x \\\\ y\n', ['exec: echo x \\\\ y']),
  ok('1.3 unaffected: no blank before escape', 'exec echo a\\$b\n', ['exec: echo a\\$b']),
  ok('1.3 unaffected: dequoted escaped space', 'env A="x \\ y"\n', ['env: A=x  y']),
]);

// ---------------------------------------------------------------------------------------------
// 1.2 / 1.4 / 1.5 / 1.6 keywords, continuations, comments, readers

table('1.2 stanza keywords', [
  err('1.2 quoted keyword', '"exec" /bin/true\n', 'unknownStanza', 1),
  err('1.2 escaped keyword', 'ex\\ec /bin/true\n', 'unknownStanza', 1),
  err('1.1 form feed is a token byte', 'task\f\n', 'unknownStanza', 1),
  err('1.2 case-sensitive keyword', 'TASK\n', 'unknownStanza', 1),
  err('2.5 obsolete stanza', 'daemon /usr/sbin/foo\n', 'unknownStanza', 1),
  err('2.5 obsolete stanza on line 3', 'task\n\npid file /run/x.pid\n', 'unknownStanza', 3),
  ok('1.2 blank lines, comments, leading blanks', '\n# comment\n   \t task\n\n', ['task']),
  ok('1.2 stanzas in any order', 'exec /bin/true\ndescription "d"\n', ['exec: /bin/true', 'description: d']),
]);

table('1.4 continuation', [
  ok('1.4 continuation before the argument', 'env \\\nFOO=bar\n', ['env: FOO=bar']),
  ok('1.4 continuation between arguments', 'emits a \\\nb\n', ['emits: a b']),
  ok('1.4 escaped newline inside a token', 'env FOO=abc\\\ndef\n', ['env: FOO=abc def']),
  err('1.4 continuation into an extra argument', 'description a \\\nb\n', 'unexpectedToken', 2),
  err('1.9 illegal value on the continued line', 'nice \\\n 50\n', 'illegalNice', 2),
  ok('1.4 tabs between keyword and sub-keyword', 'start\ton\ta\nkill\ttimeout\t5\n', ['start on: a', 'kill timeout: 5']),
  ok('1.4 continuation between keyword and sub-keyword', 'start \\\n on a\npre-start \\\n exec foo\n', ['start on: a', 'pre-start exec: foo']),
  ok('1.4 continuation between sub-keyword and value', 'respawn limit \\\n 3 \\\n 4\n', ['respawn limit: count=3 interval=4']),
  ok('1.7 terminator after CR-only indentation', 'script\n  true\n\rend script\n', ['script: "true\\n"']),
]);

table('1.5 end of stanza and comments', [
  ok('1.5 # glued to exec argument', 'exec foo#bar\n', ['exec: foo']),
  ok('1.5 # glued to env argument', 'env A=b#c\n', ['env: A=b']),
  ok('1.5 # glued to flag', 'respawn# x\n', ['respawn']),
  ok('1.5 # inside quotes is literal', 'exec echo "a#b"\n', ['exec: echo "a#b"']),
  ok('1.5 escaped # is literal (backslash kept)', 'exec echo a\\#b\n', ['exec: echo a\\#b']),
  ok('1.5 comment after a WORD', 'setuid nobody # who\n', ['setuid: nobody']),
  err('1.5 extra token after a flag', 'task now\n', 'unexpectedToken', 1),
]);

table('1.6 readers', [
  err('1.6 unquoted multi-word description', 'description This is my job\n', 'unexpectedToken', 1),
  ok('1.6 quoted multi-word description', 'description "This is my job"\n', ['description: This is my job']),
  err('1.6 quoted sub-keyword (KEYWORD reader)', 'kill "timeout" 5\n', 'unknownStanza', 1),
  ok('1.6 quoted oom sub-keyword (WORD reader)', 'oom "score" 5\n', ['oom score: score=5 written=5']),
  ok('1.6 quoted expect value (WORD reader)', 'expect "fork"\n', ['expect: fork']),
  ok('1.6 exec keeps internal tabs, drops trailing blanks', 'exec a\t\tb  \t\n', ['exec: a\t\tb']),
  ok('1.6 exec command starts at first non-blank', 'exec \t  /bin/a\n', ['exec: /bin/a']),
  ok('1.3 quotes concatenate (dequote)', 'env A=a"b c"d\n', ['env: A=ab cd']),
  ok('1.3 empty token ended by continuations', 'description ""\\\n\n', ['description: ']),
]);

// ---------------------------------------------------------------------------------------------
// 1.7 Script blocks

table('1.7 script blocks', [
  ok('1.7 indentation stripped', 'script\n    echo a\n      echo b\nend script\n', ['script: "echo a\\n  echo b\\n"']),
  ok('1.7 empty line ⇒ no stripping', 'script\n    echo a\n\n    echo b\nend script\n', [
    'script: "    echo a\\n\\n    echo b\\n"',
  ]),
  ok('1.7 shorter blank line reduces the prefix', 'script\n    a\n  \n    b\nend script\n', ['script: "  a\\n\\n  b\\n"']),
  ok('1.7 less indented later line reduces the prefix', 'script\n    a\n   b\nend script\n', ['script: " a\\nb\\n"']),
  ok('1.7 tab then spaces ⇒ no stripping', 'script\n\techo a\n    echo b\nend script\n', [
    'script: "\\techo a\\n    echo b\\n"',
  ]),
  ok('1.7 tabs stripped consistently', 'script\n\techo a\n\t\techo b\nend script\n', ['script: "echo a\\n\\techo b\\n"']),
  ok('1.7 empty block', 'script\nend script\n', ['script: ""']),
  ok('1.7 comment after script', 'script # main\n  true\nend script\n', ['script: "true\\n"']),
  ok('1.7 terminator with blanks and comment', 'script\n  true\n   end\t\tscript  # done\ntask\n', ['script: "true\\n"', 'task']),
  ok('1.7 terminator without final newline', 'script\n  true\nend script', ['script: "true\\n"']),
  ok('1.7 terminator with # glued', 'script\n  true\nend script#x\n', ['script: "true\\n"']),
  ok('1.7 terminator with two blanks', 'script\ntrue\nend  script\n', ['script: "true\\n"']),
  ok('1.7 endscript does not terminate', 'script\ntrue\nendscript\nend script\n', ['script: "true\\nendscript\\n"']),
  ok('1.7 End script does not terminate', 'script\ntrue\nEnd script\nend script\n', ['script: "true\\nEnd script\\n"']),
  ok('1.7 end scripts does not terminate', 'script\ntrue\nend scripts\nend script\n', ['script: "true\\nend scripts\\n"']),
  ok('1.7 end script foo does not terminate', 'script\ntrue\nend script foo\nend script\n', [
    'script: "true\\nend script foo\\n"',
  ]),
  ok('1.7 body is raw (no quotes, comments, escapes)', 'script\n  echo "a # b" \\\n  \'x\n end script\n', [
    'script: "echo \\"a # b\\" \\\\\\n\'x\\n"',
  ]),
  err('1.7 terminator matched inside a here-document', 'script\ncat <<EOF\nend script\nEOF\nend script\n', 'unknownStanza', 4),
  err('1.7 text after script', 'script foo\n  true\nend script\n', 'unexpectedToken', 1),
  err('1.7 unterminated block (EOF line)', 'script\n  true\n', 'unterminatedBlock', 3),
  err('1.7 unterminated block without final newline', 'script\n  true', 'unterminatedBlock', 2),
  ok('1.7 hook script', 'post-stop script\n  rm -f /run/a\nend script\n', ['post-stop script: "rm -f /run/a\\n"']),
]);

interface BlockCase {
  readonly id: string;
  readonly src: string;
  readonly raw: string;
  readonly text: string;
  readonly indent: string;
  readonly lines: readonly { raw: string; text: string }[];
  /** Line of the terminator, or null. */
  readonly terminatorLine: number | null;
}

const blockCases: BlockCase[] = [
  {
    id: '1.7 4-space body',
    src: 'script\n    a\n      b\nend script\n',
    raw: '    a\n      b\n',
    text: 'a\n  b\n',
    indent: '    ',
    lines: [
      { raw: '    a', text: 'a' },
      { raw: '      b', text: '  b' },
    ],
    terminatorLine: 4,
  },
  {
    id: '1.7 empty line',
    src: 'pre-start script\n  a\n\n  b\n  end script\n',
    raw: '  a\n\n  b\n',
    text: '  a\n\n  b\n',
    indent: '',
    lines: [
      { raw: '  a', text: '  a' },
      { raw: '', text: '' },
      { raw: '  b', text: '  b' },
    ],
    terminatorLine: 5,
  },
  {
    id: '1.8 CR kept in the body',
    src: 'script\r\n  a\r\n  b\r\nend script\r\n',
    raw: '  a\r\n  b\r\n',
    text: 'a\r\nb\r\n',
    indent: '  ',
    lines: [
      { raw: '  a\r', text: 'a\r' },
      { raw: '  b\r', text: 'b\r' },
    ],
    terminatorLine: 4,
  },
  {
    id: '1.7 empty block',
    src: 'script\nend script\n',
    raw: '',
    text: '',
    indent: '',
    lines: [],
    terminatorLine: 2,
  },
];

describe('1.7 script body fields', () => {
  test.for(blockCases.map((c) => [c.id, c] as const))('%s', ([, c]) => {
    const { ast, diagnostics } = parse(c.src);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const script = ast.stanzas[0] as ScriptStanza | undefined;
    expect(script?.type).toBe('ScriptStanza');
    if (!script || script.type !== 'ScriptStanza') return;
    expect({
      raw: script.body.raw,
      text: script.body.text,
      indent: script.body.indent,
      lines: script.body.lines.map((l) => ({ raw: l.raw, text: l.text })),
      terminatorLine: script.body.terminator?.start.line ?? null,
    }).toEqual({ raw: c.raw, text: c.text, indent: c.indent, lines: c.lines, terminatorLine: c.terminatorLine });
    for (const [i, l] of script.body.lines.entries()) {
      expect(c.src.slice(l.span.start.offset, l.span.end.offset), `line ${i} span covers its raw text`).toBe(l.raw);
    }
  });

  test('1.7 an unterminated block never claims a terminator', () => {
    // Recovery may or may not keep the block as a ScriptStanza; if it does, terminator is null.
    const { ast, diagnostics } = parse('script\n  true\nEnd Script\n');
    expect(diagnostics[0]?.messageId).toBe('unterminatedBlock');
    expect(ast.stanzas.filter((s) => s.type === 'ScriptStanza' && s.body.terminator !== null)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 1.8 CR handling

table('1.8 CR/LF', [
  ok('1.8 flag with CRLF', 'task\r\n', ['task']),
  ok('1.8 exec with CRLF', 'exec foo\r\n', ['exec: foo']),
  ok('1.8 WORD with CRLF', 'setuid nobody\r\n', ['setuid: nobody']),
  ok('1.8 end script with CRLF', 'script\r\necho a\r\nend script\r\ntask\r\n', ['script: "echo a\\r\\n"', 'task']),
  ok('1.8 CR kept in a one-line quoted string', 'env A="x\r"\n', ['env: A=x\r']),
  err('1.8 continuation broken by CR', 'exec foo \\\r\n  --bar\r\n', 'unknownStanza', 2),
  ok('1.8 start on with CRLF', 'start on (a\r\n  or b)\r\n', ['start on: a OR b']),
]);

// ---------------------------------------------------------------------------------------------
// 1.2 `manual` and `debug` do not consume their line

table('1.2 manual/debug leave their line unconsumed', [
  ok('E08 manual task', 'manual task\nexec /bin/true\n', ['manual', 'task', 'exec: /bin/true']),
  err('E09 manual respawning', 'manual respawning\n', 'unknownStanza', 1),
  ok('E52 debug respawn', 'debug respawn\n', ['debug', 'respawn']),
  err('1.2 debug + unknown word', 'debug foo\n', 'unknownStanza', 1),
  ok('1.2 manual then comment', 'manual # disabled\n', ['manual']),
  ok('1.2 manual manual', 'manual manual\n', ['manual', 'manual']),
  ok('1.2 debug + stanza with arguments', 'debug setuid nobody\n', ['debug', 'setuid: nobody']),
  ok('2.2 manual before start on', 'manual\nstart on startup\n', ['manual', 'start on: startup']),
]);

// ---------------------------------------------------------------------------------------------
// 2.1 Every stanza: accepted forms and listed errors

table('2.1 stanzas', [
  // 1 instance
  ok('2.1#1 instance', 'instance $TTY\n', ['instance: $TTY']),
  err('2.1#1 instance missing', 'instance\n', 'expectedToken', 1),
  err('E49 instance two words', 'instance $TTY $BAUD\n', 'unexpectedToken', 1),
  // 2 description
  ok('2.1#2 description', 'description "My job"\n', ['description: My job']),
  err('2.1#2 description missing', 'description\n', 'expectedToken', 1),
  err('E02 description ""', 'description ""\n', 'expectedToken', 1),
  // 3 author
  ok('2.1#3 author', 'author "A B <a@example.com>"\n', ['author: A B <a@example.com>']),
  err('2.1#3 author unquoted words', 'author A B\n', 'unexpectedToken', 1),
  // 4 version
  ok('2.1#4 version', 'version 1.0\n', ['version: 1.0']),
  err('2.1#4 version missing', 'version\n', 'expectedToken', 1),
  // 5 env
  ok('2.1#5 env not validated', 'env =x\nenv FOO=\nenv KEY\n', ['env: =x', 'env: FOO=', 'env: KEY']),
  err('2.1#5 env missing', 'env\n', 'expectedToken', 1),
  err('2.1#5 env second word', 'env A=1 B=2\n', 'unexpectedToken', 1),
  // 6 export
  ok('2.1#6 export', 'export A B\n', ['export: A B']),
  err('2.1#6 export none', 'export\n', 'expectedToken', 1),
  // 7 start
  ok('2.1#7 start on', 'start on startup\n', ['start on: startup']),
  err('2.1#7 start without on', 'start\n', 'expectedToken', 1),
  err('2.1#7 start other word', 'start foo\n', 'unknownStanza', 1),
  err('2.1#7 start quoted on', 'start "on" startup\n', 'unknownStanza', 1),
  // 8 stop
  ok('2.1#8 stop on', 'stop on runlevel [!2345]\n', ['stop on: runlevel [!2345]']),
  err('2.1#8 stop without on', 'stop\n', 'expectedToken', 1),
  err('2.1#8 stop other word', 'stop off\n', 'unknownStanza', 1),
  // 9 emits
  ok('2.1#9 emits with globs', 'emits foo *-device-added\n', ['emits: foo *-device-added']),
  err('E55 emits none', 'emits\n', 'expectedToken', 1),
  // 10 exec
  ok('2.1#10 exec', 'exec /usr/bin/app --flag\n', ['exec: /usr/bin/app --flag']),
  ok('1.3.1 exec ""', 'exec ""\n', ['exec: ""']),
  err('2.1#10 exec empty', 'exec   \n', 'expectedToken', 1),
  // 11 script
  ok('2.1#11 script', 'script\n  true\nend script\n', ['script: "true\\n"']),
  err('E38 script -x', 'script -x\n  true\nend script\n', 'unexpectedToken', 1),
  // 12-15 hooks
  ok('2.1#12 pre-start exec', 'pre-start exec /bin/true\n', ['pre-start exec: /bin/true']),
  ok('2.1#13 post-start script', 'post-start script\n  sleep 1\nend script\n', ['post-start script: "sleep 1\\n"']),
  ok('2.1#14 pre-stop exec', 'pre-stop exec /bin/kill -HUP 1\n', ['pre-stop exec: /bin/kill -HUP 1']),
  ok('2.1#15 post-stop script', 'post-stop script\nrm -f /run/x\nend script\n', ['post-stop script: "rm -f /run/x\\n"']),
  err('E47 pre-start alone', 'pre-start\n', 'expectedToken', 1),
  err('2.1#12 quoted exec', 'pre-start "exec" /bin/true\n', 'unknownStanza', 1),
  err('E48 post-stop without exec', 'post-stop rm -f /run/app.pid\n', 'unknownStanza', 1),
  err('2.1#14 pre-stop exec without command', 'pre-stop exec\n', 'expectedToken', 1),
  err('2.1#13 post-start script with text', 'post-start script x\nend script\n', 'unexpectedToken', 1),
  // 16 expect
  ok('2.1#16 expect values', 'expect stop\nexpect daemon\nexpect fork\nexpect none\n', [
    'expect: stop',
    'expect: daemon',
    'expect: fork',
    'expect: none',
  ]),
  err('E31 expect Daemon', 'expect Daemon\n', 'unknownStanza', 1),
  err('2.1#16 expect missing', 'expect\n', 'expectedToken', 1),
  err('2.1#16 expect extra', 'expect fork now\n', 'unexpectedToken', 1),
  // 17 task
  ok('2.1#17 task', 'task\n', ['task']),
  err('2.1#17 task argument', 'task yes\n', 'unexpectedToken', 1),
  // 18a kill timeout
  ok('2.1#18a kill timeout', 'kill timeout 30\n', ['kill timeout: 30']),
  ok('E25 kill timeout 0', 'kill timeout 0\n', ['kill timeout: 0']),
  err('2.2 kill timeout 30s', 'kill timeout 30s\n', 'illegalInterval', 1),
  err('2.1#18a kill timeout missing', 'kill timeout\n', 'expectedToken', 1),
  // 18b kill signal
  ok('2.1#18b kill signal names', 'kill signal TERM\nkill signal SIGKILL\n', ['kill signal: 15 TERM', 'kill signal: 9 KILL']),
  ok('2.2 kill signal numbers unchecked', 'kill signal 99\nkill signal 0\n', ['kill signal: 99', 'kill signal: 0']),
  err('E23 kill signal sigterm', 'kill signal sigterm\n', 'illegalSignal', null),
  err('2.2 kill signal -9', 'kill signal -9\n', 'illegalSignal', null),
  err('2.3 kill signal SIGRTMIN', 'kill signal SIGRTMIN\n', 'illegalSignal', null),
  err('2.3 kill signal RTMIN+1', 'kill signal RTMIN+1\n', 'illegalSignal', null),
  err('2.3 kill signal FOO', 'task\nkill signal FOO\n', 'illegalSignal', null),
  // 18 kill (other)
  err('2.1#18 kill alone', 'kill\n', 'expectedToken', 1),
  err('2.1#18 kill other', 'kill foo 1\n', 'unknownStanza', 1),
  err('E35 kill "timeout"', 'kill "timeout" 30\n', 'unknownStanza', 1),
  // 19 reload signal
  ok('2.1#19 reload signal', 'reload signal USR1\n', ['reload signal: 10 USR1']),
  err('2.1#19 reload signal bad', 'reload signal FOO\n', 'illegalSignal', null),
  err('2.1#19 reload other', 'reload timeout 5\n', 'unknownStanza', 1),
  // 20a respawn
  ok('2.1#20a respawn', 'respawn\n', ['respawn']),
  err('2.1#20a respawn other sub-keyword', 'respawn now\n', 'unknownStanza', 1),
  // 20b respawn limit
  ok('2.1#20b respawn limit', 'respawn limit 10 5\n', ['respawn limit: count=10 interval=5']),
  ok('2.1#20b respawn limit unlimited', 'respawn limit unlimited\n', ['respawn limit: count=0 interval=0 unlimited']),
  ok('2.1#20b respawn limit zero count', 'respawn limit 0 5\n', ['respawn limit: count=0 interval=5 unlimited']),
  ok('2.1#20b respawn limit zero interval', 'respawn limit 3 0\n', ['respawn limit: count=3 interval=0 unlimited']),
  ok('2.2 respawn limit COUNT wraps', 'respawn limit 99999999999 5\n', ['respawn limit: count=1215752191 interval=5']),
  err('2.1#20b bad COUNT', 'respawn limit x 5\n', 'illegalLimit', 1),
  err('2.1#20b bad INTERVAL', 'respawn limit 10 x\n', 'illegalInterval', 1),
  err('E27 unlimited 5', 'respawn\nrespawn limit unlimited 5\n', 'unexpectedToken', 2),
  err('2.1#20b missing INTERVAL', 'respawn limit 10\n', 'expectedToken', 1),
  err('2.1#20b respawn limit alone', 'respawn limit\n', 'expectedToken', 1),
  // 21 normal exit
  ok('E30 normal exit 0 TERM 300', 'normal exit 0 TERM 300\n', ['normal exit: status:0 signal:TERM=15 status:300']),
  ok('2.3 normal exit SIGHUP and 256', 'normal exit SIGHUP 256\n', ['normal exit: signal:HUP=1 status:256']),
  err('2.1#21 normal exit without value', 'normal exit\n', 'expectedToken', 1),
  err('2.1#21 normal alone', 'normal\n', 'expectedToken', 1),
  err('2.1#21 normal exit bad value', 'normal exit 0 foo\n', 'illegalExit', 1),
  err('2.2 normal exit -1', 'normal exit -1\n', 'illegalExit', 1),
  err('2.1#21 normal other', 'normal stop 0\n', 'unknownStanza', 1),
  // 22 console
  ok('2.1#22 console values', 'console none\nconsole output\nconsole owner\nconsole log\n', [
    'console: none',
    'console: output',
    'console: owner',
    'console: log',
  ]),
  err('E33 console logged', 'console logged\n', 'unknownStanza', 1),
  err('2.1#22 console missing', 'console\n', 'expectedToken', 1),
  // 23 umask
  ok('2.1#23 umask', 'umask 022\numask 22\numask 0777\numask 0\n', ['umask: 0o22', 'umask: 0o22', 'umask: 0o777', 'umask: 0o0']),
  err('2.2 umask 8', 'umask 8\n', 'illegalUmask', 1),
  err('2.2 umask 1000', 'umask 1000\n', 'illegalUmask', 1),
  err('E21 umask 0027 then 8', 'umask 0027\numask 8\n', 'illegalUmask', 2),
  // 24 nice
  ok('2.1#24 nice range', 'nice -20\nnice 19\n', ['nice: -20', 'nice: 19']),
  ok('2.2 nice strtol forms', 'nice +5\nnice " 5"\nnice -0\n', ['nice: 5', 'nice: 5', 'nice: 0']),
  ok('E20 nice "-5"', 'nice "-5"\n', ['nice: -5']),
  err('E19 nice 20', 'nice 20\n', 'illegalNice', 1),
  err('2.1#24 nice -21', 'nice -21\n', 'illegalNice', 1),
  err('2.2 nice 0x5', 'nice 0x5\n', 'illegalNice', 1),
  // 25a oom score
  ok('2.1#25a oom score', 'oom score -1000\noom score 1000\noom score never\n', [
    'oom score: score=-1000 written=-1000',
    'oom score: score=1000 written=1000',
    'oom score: score=-1000 written=-1000 never',
  ]),
  ok('E36 oom "score" never', 'oom "score" never\n', ['oom score: score=-1000 written=-1000 never']),
  err('E22 oom score 1001', 'oom -17\noom score -1000\noom score 1001\n', 'illegalOom', 3),
  err('2.1#25a oom score -1001', 'oom score -1001\n', 'illegalOom', 1),
  // 25b oom legacy
  ok('2.1#25b oom legacy scaling', 'oom -17\noom 15\noom 5\noom -5\noom never\n', [
    'oom: score=-1000 written=-17',
    'oom: score=1000 written=15',
    'oom: score=333 written=5',
    'oom: score=-294 written=-5',
    'oom: score=-1000 written=-17 never',
  ]),
  err('2.1#25b oom 16', 'oom 16\n', 'illegalOom', 1),
  err('2.1#25b oom -18', 'oom -18\n', 'illegalOom', 1),
  // 26 limit
  ok('2.1#26 limit', 'limit nofile 4096 8192\nlimit core unlimited unlimited\n', [
    'limit: nofile 4096 8192',
    'limit: core unlimited unlimited',
  ]),
  ok('E29 limit soft > hard', 'limit nofile 65536 4096\n', ['limit: nofile 65536 4096']),
  ok('2.1#26 quoted resource', 'limit "nofile" 1 2\n', ['limit: nofile 1 2']),
  err('E28 limit missing hard', 'limit nofile 1024\n', 'expectedToken', 1),
  err('2.1#26 limit unknown resource', 'limit rttime 1 1\n', 'unknownStanza', 1),
  err('2.1#26 limit resource case', 'limit NOFILE 1 1\n', 'unknownStanza', 1),
  err('2.2 limit with suffix', 'limit nofile 1k 2k\n', 'illegalLimit', 1),
  err('2.1#26 limit extra', 'limit nofile 1 2 3\n', 'unexpectedToken', 1),
  // 27-30 chroot chdir setuid setgid
  ok('2.1#27 chroot', 'chroot /srv/jail\n', ['chroot: /srv/jail']),
  err('2.1#27 chroot missing', 'chroot\n', 'expectedToken', 1),
  ok('2.1#28 chdir', 'chdir "/var/lib/my app"\n', ['chdir: /var/lib/my app']),
  err('2.1#28 chdir two words', 'chdir /a /b\n', 'unexpectedToken', 1),
  ok('2.1#29 setuid', 'setuid nobody\n', ['setuid: nobody']),
  err('2.1#29 setuid missing', 'setuid\n', 'expectedToken', 1),
  ok('2.1#30 setgid', 'setgid nogroup\n', ['setgid: nogroup']),
  err('2.1#30 setgid two words', 'setgid a b\n', 'unexpectedToken', 1),
  // 31-32 debug manual (more in the table above)
  ok('2.1#31 debug', 'debug\n', ['debug']),
  ok('2.1#32 manual', 'manual\n', ['manual']),
  // 33 usage
  ok('2.1#33 usage', 'usage "start JOB PORT=n"\n', ['usage: start JOB PORT=n']),
  err('2.1#33 usage unquoted', 'usage start JOB\n', 'unexpectedToken', 1),
  // 34 apparmor
  ok('2.1#34a apparmor load', 'apparmor load /etc/apparmor.d/usr.bin.app\n', ['apparmor load: /etc/apparmor.d/usr.bin.app']),
  err('E51 apparmor load missing', 'apparmor load\n', 'expectedToken', 1),
  ok('2.1#34b apparmor switch', 'apparmor switch /usr/bin/app\n', ['apparmor switch: /usr/bin/app']),
  err('2.1#34b apparmor switch missing', 'apparmor switch\n', 'expectedToken', 1),
  err('2.1#34b apparmor other', 'apparmor unload x\n', 'unknownStanza', 1),
  err('2.1#34 apparmor alone', 'apparmor\n', 'expectedToken', 1),
  // 35 cgroup
  ok('2.1#35 cgroup arities', 'cgroup cpu\ncgroup memory mygroup\ncgroup memory limit_in_bytes 1048576\ncgroup memory $UPSTART_CGROUP limit_in_bytes 52428800\n', [
    'cgroup: cpu|-|-|-',
    'cgroup: memory|mygroup|-|-',
    'cgroup: memory|-|limit_in_bytes|1048576',
    'cgroup: memory|$UPSTART_CGROUP|limit_in_bytes|52428800',
  ]),
  err('2.1#35 cgroup none', 'cgroup\n', 'expectedToken', 1),
  err('E50 cgroup 5 words', 'cgroup memory $UPSTART_CGROUP limit_in_bytes 1048576 extra\n', 'unexpectedToken', 1),
]);

table('2.3 signal names', [
  ok('E24 SIGUSR2 and reload 10', 'kill signal SIGUSR2\nreload signal 10\n', ['kill signal: 12 USR2', 'reload signal: 10']),
  err('2.3 lowercase int', 'kill signal int\n', 'illegalSignal', null),
  err('2.3 SIG prefix only', 'kill signal SIG\n', 'illegalSignal', null),
]);

table('2.2 numbers (strtol semantics), overflow and quoted values', [
  ok('2.2 limit -1 wraps to the largest unsigned value (unlimited)', 'limit nofile -1 -1\n', [
    'limit: nofile 18446744073709551615 18446744073709551615',
  ]),
  ok('2.2 limit at the unsigned 64-bit maximum', 'limit nofile 18446744073709551615 1\n', ['limit: nofile 18446744073709551615 1']),
  err('2.2 limit overflow', 'limit nofile 1 18446744073709551616\n', 'illegalLimit', 1),
  err('2.2 umask 0x1 (octal only)', 'umask 0x1\n', 'illegalUmask', 1),
  ok('2.2 umask leading zeros', 'umask 00777\n', ['umask: 0o777']),
  err('2.2 nice overflow', 'nice 99999999999999999999\n', 'illegalNice', 1),
  ok('2.2 nice leading zero is decimal', 'nice -020\n', ['nice: -20']),
  err('2.2 kill timeout overflow', 'kill timeout 99999999999999999999\n', 'illegalInterval', 1),
  ok('2.2 kill timeout decimal with leading zero', 'kill timeout 010\n', ['kill timeout: 10']),
  err('2.2 kill timeout hex', 'kill timeout 0x10\n', 'illegalInterval', 1),
  err('2.2 respawn limit COUNT overflow', 'respawn limit 99999999999999999999 5\n', 'illegalLimit', 1),
  ok('2.1#21 normal exit INT_MAX', 'normal exit 2147483647\n', ['normal exit: status:2147483647']),
  err('2.1#21 normal exit above INT_MAX', 'normal exit 2147483648\n', 'illegalExit', 1),
  ok('2.1#18b kill signal INT_MAX', 'kill signal 2147483647\n', ['kill signal: 2147483647']),
  err('2.1#18b kill signal above INT_MAX', 'kill signal 2147483648\n', 'illegalSignal', null),
  ok('2.1 WORD values may be quoted', 'respawn limit "unlimited"\nkill signal "TERM"\nconsole "log"\noom score " 5"\nlimit nofile " 5" 6\n', [
    'respawn limit: count=0 interval=0 unlimited',
    'kill signal: 15 TERM',
    'console: log',
    'oom score: score=5 written=5',
    'limit: nofile 5 6',
  ]),
  err('2.1 KEYWORD sub-keywords may not be quoted (respawn)', 'respawn "limit" 1 2\n', 'unknownStanza', 1),
  err('2.1 KEYWORD sub-keyword with a glued quote', 'start on"x" a\n', 'unknownStanza', 1),
  err('1.3 empty quoted number', 'nice ""\n', 'expectedToken', 1),
  err('1.3 empty quoted expect value', 'expect ""\n', 'expectedToken', 1),
  ok('1.3 quotes concatenate in a WORD', 'description "a"b\nauthor a"b c"\n', ['description: ab', 'author: ab c']),
  err('1.2 end script outside a block', 'end script\n', 'unknownStanza', 1),
  err('1.2 two stanzas on one line', 'task respawn\n', 'unexpectedToken', 1),
  ok('3.3 comment glued inside parentheses', 'start on (a#c\n or b)\n', ['start on: a OR b']),
  err('3.3 operator on the line after a comment', 'start on a # c\nand b\n', 'unknownStanza', 2),
]);

describe('1.4 a line holding only a backslash', () => {
  test('makes the next keyword start with a space: unknown stanza', () => {
    const { diagnostics } = parse('\\\ntask\n');
    expect(diagnostics[0]?.messageId).toBe('unknownStanza');
  });
});

describe('2.3 signal aliases resolve to the same number', () => {
  // The spec fixes the number (IOT=ABRT=6, CLD=CHLD=17, POLL=IO=29 on Linux); which of the two
  // names the AST calls canonical is not specified, so only the number and the SIG-less,
  // upper-case spelling are checked here.
  test.for([
    ['IOT', 'ABRT', 6],
    ['SIGIOT', 'ABRT', 6],
    ['CLD', 'CHLD', 17],
    ['POLL', 'IO', 29],
  ] as const)('kill signal %s → %s (%d)', ([alias, canonical, number]) => {
    const { ast, diagnostics } = parse(`kill signal ${alias}\n`);
    expect(diagnostics).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('SignalStanza');
    if (s?.type !== 'SignalStanza') return;
    expect(s.signal.number).toBe(number);
    expect([alias.replace(/^SIG/, ''), canonical]).toContain(s.signal.name);
  });
});

// ---------------------------------------------------------------------------------------------
// 3 Event expressions

table('3.2 no precedence, strictly left to right', [
  ok('3.2 a and b or c', 'start on a and b or c\n', ['start on: (a AND b) OR c']),
  ok('E15 a or b and c', 'start on a or b and c\n', ['start on: (a OR b) AND c']),
  ok('3.2 a and (b or c) and d', 'start on a and (b or c) and d\n', ['start on: (a AND (b OR c)) AND d']),
  ok('3.2 ((a))', 'start on ((a))\n', ['start on: a']),
  ok('3.2 arguments', 'start on A and B C=D and E F=G\n', ['start on: (A AND (B C=D)) AND (E F=G)']),
  ok('3.3 continuation outside parens', 'start on a \\\n and b\n', ['start on: a AND b']),
  ok('3.3 multi-line inside parens with comments', 'start on (a # first\n    or b # second\n    )\n', ['start on: a OR b']),
  ok('E13 local-filesystems and net-device-up', 'start on (local-filesystems\n    and net-device-up IFACE!=lo)\n', [
    'start on: local-filesystems AND (net-device-up IFACE!=lo)',
  ]),
  ok('E61 quoted "and" is an operand', 'start on "and" or b\n', ['start on: and OR b']),
  ok('3.1 parens inside quotes', 'start on foo"(x)"\n', ['start on: foo(x)']),
  ok('3.1 parens escaped', 'start on foo\\(x\\)\n', ['start on: foo\\(x\\)']),
  ok('3.1 names not validated', 'start on $EV\nstop on foo =x\n', ['start on: $EV', 'stop on: foo =x']),
  ok('E60 variable in value', 'start on foo X=$BAR\n', ['start on: foo X=$BAR']),
  ok('E56 socket', 'start on socket PROTO=unix SOCKET_PATH=/run/app.sock\n', [
    'start on: socket PROTO=unix SOCKET_PATH=/run/app.sock',
  ]),
  ok('3.1 positional before named', 'start on foo 1 A=2\n', ['start on: foo 1 A=2']),
  ok('3.1 parens end a word', 'start on (a)or(b)\n', ['start on: a OR b']),
  ok('3.3 comment after expression', 'start on startup # boot\ntask\n', ['start on: startup', 'task']),
]);

interface TreeCase {
  readonly id: string;
  readonly src: string;
  /** printExpressionWithGroups: `[…]` = written group, `(x OP y)` = binary node, `{e args}` = match with args. */
  readonly shape: string;
}

const treeCases: TreeCase[] = [
  { id: '3.1 AND is an ordinary word', src: 'start on a AND b\n', shape: '{a AND b}' },
  { id: '3.2 groups are kept', src: 'start on ((a))\n', shape: '[[a]]' },
  { id: '3.2 left to right', src: 'start on a or b and c\n', shape: '((a OR b) AND c)' },
  { id: '3.2 group on the right', src: 'start on a and (b or c)\n', shape: '(a AND [(b OR c)])' },
  { id: 'E13', src: 'start on (local-filesystems\n    and net-device-up IFACE!=lo)\n', shape: '[(local-filesystems AND {net-device-up IFACE!=lo})]' },
];

describe('3.2 tree shapes with written groups', () => {
  test.for(treeCases.map((c) => [c.id, c] as const))('%s', ([, c]) => {
    const { ast, diagnostics } = parse(c.src);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('StartOnStanza');
    if (s?.type !== 'StartOnStanza') return;
    expect(printExpressionWithGroups(s.expression)).toBe(c.shape);
  });
});

interface ArgCase {
  readonly src: string;
  readonly args: readonly { name: string | null; operator: '=' | '!=' | null; value: string }[];
}

const argCases: ArgCase[] = [
  {
    src: 'start on foo 1 two A=3 B!=4\n',
    args: [
      { name: null, operator: null, value: '1' },
      { name: null, operator: null, value: 'two' },
      { name: 'A', operator: '=', value: '3' },
      { name: 'B', operator: '!=', value: '4' },
    ],
  },
  // split at the first `!=` if present, otherwise at the first `=` (3.1)
  { src: 'start on foo A!=x=y\n', args: [{ name: 'A', operator: '!=', value: 'x=y' }] },
  { src: 'start on foo A=x!=y\n', args: [{ name: 'A=x', operator: '!=', value: 'y' }] },
  { src: 'start on foo A=b=c\n', args: [{ name: 'A', operator: '=', value: 'b=c' }] },
  { src: 'start on foo =x\n', args: [{ name: '', operator: '=', value: 'x' }] },
  { src: 'start on foo A!=\n', args: [{ name: 'A', operator: '!=', value: '' }] },
  { src: 'start on foo "A=x y"\n', args: [{ name: 'A', operator: '=', value: 'x y' }] },
  { src: 'start on runlevel [2345]\n', args: [{ name: null, operator: null, value: '[2345]' }] },
];

describe('3.1 event arguments', () => {
  test.for(argCases.map((c) => [c.src, c] as const))('%s', ([, c]) => {
    const { ast, diagnostics } = parse(c.src);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('StartOnStanza');
    if (s?.type !== 'StartOnStanza') return;
    const m: EventExpression = s.expression;
    expect(m.type).toBe('EventMatch');
    if (m.type !== 'EventMatch') return;
    expect(m.args.map((a) => ({ name: a.name, operator: a.operator, value: a.value }))).toEqual(c.args);
  });
});

table('3.4 event-expression errors (every row)', [
  err('3.4 start on (nothing)', 'start on\n', 'expectedToken', 1),
  err('3.4 start on and', 'start on and\n', 'expectedEvent', 1),
  err('3.4 trailing operator', 'start on a b and\n', 'expectedEvent', 1),
  err('3.4 or or', 'start on a or or b\n', 'expectedEvent', 1),
  err('3.4 ()', 'start on ()\n', 'expectedEvent', 1),
  err('3.4 (a) (b)', 'start on (a) (b)\n', 'expectedOperator', 1),
  err('3.4 a (b)', 'start on a (b)\n', 'expectedOperator', 1),
  err('E62 foo(bar)', 'start on foo(bar)\n', 'expectedOperator', 1),
  err('3.4 (a) b', 'start on (a) b\n', 'expectedOperator', 1),
  err('3.4 a)', 'start on a)\n', 'mismatchedParens', 1),
  err('3.4 (a and b EOF after newline', 'start on (a and b\n', 'mismatchedParens', 2),
  err('3.4 (a and b EOF', 'start on (a and b', 'mismatchedParens', 1),
  err('3.4 positional after named', 'start on foo A=1 2\n', 'expectedVariable', 1),
  err('3.4 blank line inside parens', 'start on (a\n\nor b)\n', 'expectedToken', 2),
  err('3.4 start foo', 'start foo\n', 'unknownStanza', 1),
  err('3.4 unterminated quote', 'start on "foo\n', 'unterminatedQuote', 2),
  err('3.3 whitespace-only line inside parens', 'stop on (a\n   \t\nor b)\n', 'expectedToken', 2),
  // 1.9: expression errors are reported on the line of the token being processed; a missing `)` at EOF.
  err('1.9 operator before ) on line 2', 'start on (a\n  and)\n', 'expectedEvent', 2),
  err('1.9 missing operator on line 2', 'start on (a and\n b) c\n', 'expectedOperator', 2),
  err('1.9 positional after named on line 2', 'start on (a\n b=1 2)\n', 'expectedVariable', 2),
  err('1.9 extra ) on line 2', 'start on (a\n  or b))\n', 'mismatchedParens', 2),
  err('1.9 missing ) reported at EOF', 'start on (a\n or b\n', 'mismatchedParens', 3),
  err('1.9 trailing operator on a continued line', 'start on a \\\n and\n', 'expectedEvent', 2),
  err('1.9 two groups across a continuation', 'stop on (a) \\\n (b)\n', 'expectedOperator', 2),
  err('1.9 quote opened inside parens runs to EOF', 'start on (a\n or "b\n)\n', 'unterminatedQuote', 4),
  ok('3.3 item on the line after (', 'start on (\n a)\n', ['start on: a']),
]);

table('3.3 an unclosed ( swallows the following lines as expression items', [
  err('3.3 later line: positional after named', 'start on (a and\nexec /bin/app A=1 2\n', 'expectedVariable', 2),
  err('3.3 next stanza line becomes a positional after a named one', 'start on (a\nenv X=1\nrespawn\n', 'expectedVariable', 3),
  err('3.3 quote inside a swallowed script line', 'start on (a\nscript\n  echo "hi\nend script\n', 'unterminatedQuote', 5),
  err('3.3 ) inside a swallowed script line closes the expression', 'start on (a\nscript\n  echo hi)\nend script\n', 'unknownStanza', 4),
  err('3.3 never closed: reported at EOF', 'start on (a\nexec foo\n', 'mismatchedParens', 3),
  err('3.3 blank line before the swallowed stanza', 'start on (a\n\nexec foo\n', 'expectedToken', 2),
  err('3.3 comment-only line at EOF', 'start on (a\n  # c\n', 'expectedToken', 2),
  err('3.3 word after the closing ) on a swallowed line', 'start on (a\nexec foo) b\n', 'expectedOperator', 2),
  ok('3.3 stanza-looking lines become arguments', 'start on (a\ndescription "x y"\nexec /bin/true\n)\n', [
    'start on: a description x y exec /bin/true',
  ]),
]);

// ---------------------------------------------------------------------------------------------
// The order in which upstart's reader finds errors (docs/design.md "Where upstart's reader order
// differs from the grammar document"): found with the mutants of ../shared/corpus/mutants.jsonl.gz
// and upstart's parse_job.c / libnih's config.c; each row is one of the patterns the mutants show.

table('reader order: a token is read whole before it is compared', [
  err('sub-keyword opening a quote that never closes', 'start o"n\nx\n', 'unterminatedQuote', 3),
  err('sub-keyword whose quote closes later', 'start o"n x"\ntask\n', 'unknownStanza', 1),
  err('hook sub-keyword opening a quote', "pre-start 'exec foo\n", 'unterminatedQuote', 2),
  err('respawn sub-keyword opening a quote', 'respawn l"imit 5 5\n', 'unterminatedQuote', 2),
  err('keyword over an escaped newline: the line where it ends', 'descrip\\\ntion "x"\n', 'unknownStanza', 2),
  err('keyword over a quoted newline: the line where it ends', '"a\nb" c\n', 'unknownStanza', 2),
  err('keyword followed by a continuation: the line after it', 'foo \\\nbar\n', 'unknownStanza', 2),
]);

table('reader order: the operator stack is collected lazily', [
  err('event after a group, found at the next operator', 'start on (a) b and c\n', 'expectedOperator', 1),
  err('event after a group, found on the next line', 'start on ((a) b\n or c))\n', 'expectedOperator', 2),
  err('a blank line comes before the missing operator', 'start on ((a) b\n\n or c))\n', 'expectedToken', 2),
  err('an unterminated quote comes before the missing operator', 'start on (a) b "\n', 'unterminatedQuote', 2),
  err('nothing after ( at the end of the file', 'start on (', 'expectedEvent', 1),
  err('operator at the end of the file inside parentheses', 'start on (a and', 'expectedEvent', 1),
  err('whitespace-only last line inside parentheses', 'start on (a\n   ', 'expectedToken', 2),
  err('blank line after a continuation inside parentheses', 'start on (a\n\\\n\nb)\n', 'expectedToken', 3),
  err('positional after named: the line after the whitespace', 'start on foo A=1 2 \\\n and b\n', 'expectedVariable', 2),
  err('nothing after on, past a continuation', 'start on \\\n\n', 'expectedToken', 2),
]);

// ---------------------------------------------------------------------------------------------
// 8.1 / 8.2 Edge-case catalogue (every parse-level row)

table('8.1 lexing and stanza-level cases', [
  err('E01', 'description My web app\nexec /usr/bin/app\n', 'unexpectedToken', 1),
  err('E02', 'description ""\n', 'expectedToken', 1),
  ok('E03', 'exec /usr/bin/app --name=a#1\n', ['exec: /usr/bin/app --name=a']),
  ok('E04', 'exec /bin/echo \\$HOME\n', ['exec: /bin/echo\\\\$HOME']),
  err('E05', 'env OPTS=-v -x\n', 'unexpectedToken', 1),
  ok('E06', 'env PATH=$PATH:/opt/bin\n', ['env: PATH=$PATH:/opt/bin']),
  ok('E07', 'env MSG=hello\\\nworld\n', ['env: MSG=hello world']),
  ok('E08', 'manual task\nexec /bin/true\n', ['manual', 'task', 'exec: /bin/true']),
  err('E09', 'manual respawning\n', 'unknownStanza', 1),
  err('E19', 'nice 20\n', 'illegalNice', 1),
  ok('E20', 'nice "-5"\n', ['nice: -5']),
  err('E21', 'umask 0027\numask 8\n', 'illegalUmask', 2),
  err('E22', 'oom -17\noom score -1000\noom score 1001\n', 'illegalOom', 3),
  ok('E22 first two lines', 'oom -17\noom score -1000\n', ['oom: score=-1000 written=-17', 'oom score: score=-1000 written=-1000']),
  err('E23', 'kill signal sigterm\n', 'illegalSignal', null),
  ok('E24', 'kill signal SIGUSR2\nreload signal 10\n', ['kill signal: 12 USR2', 'reload signal: 10']),
  ok('E25', 'kill timeout 0\n', ['kill timeout: 0']),
  ok('E26', 'respawn limit 5 60\n', ['respawn limit: count=5 interval=60']),
  err('E27', 'respawn\nrespawn limit unlimited 5\n', 'unexpectedToken', 2),
  err('E28', 'limit nofile 1024\n', 'expectedToken', 1),
  ok('E29', 'limit nofile 65536 4096\n', ['limit: nofile 65536 4096']),
  ok('E30', 'normal exit 0 TERM 300\n', ['normal exit: status:0 signal:TERM=15 status:300']),
  err('E31', 'expect Daemon\n', 'unknownStanza', 1),
  ok('E32', 'expect "daemon"\n', ['expect: daemon']),
  err('E33', 'console logged\n', 'unknownStanza', 1),
  err('E34', 'Exec /bin/app\n', 'unknownStanza', 1),
  err('E35', 'kill "timeout" 30\n', 'unknownStanza', 1),
  ok('E36', 'oom "score" never\n', ['oom score: score=-1000 written=-1000 never']),
  ok('E37', 'exec /usr/sbin/daemon\nscript\n  exec /usr/sbin/other\nend script\n', [
    'exec: /usr/sbin/daemon',
    'script: "exec /usr/sbin/other\\n"',
  ]),
  err('E38', 'script -x\n  true\nend script\n', 'unexpectedToken', 1),
  err('E39', 'script\n  echo hi\nEnd Script\n', 'unterminatedBlock', 4),
  ok('E40', 'script\n  echo hi\nend script # main\ntask\n', ['script: "echo hi\\n"', 'task']),
  ok('E41', 'script\n    cat <<EOF\n    hello\n    EOF\nend script\n', ['script: "cat <<EOF\\nhello\\nEOF\\n"']),
  ok('E42', 'script\n    cat <<EOF\n    hello\n\n    EOF\nend script\n', [
    'script: "    cat <<EOF\\n    hello\\n\\n    EOF\\n"',
  ]),
  err('E43', '\uFEFFdescription "x"\n', 'unknownStanza', 1),
  ok('E44', 'exec /bin/echo "hello\nworld"\ntask\n', ['exec: /bin/echo "hello world"', 'task']),
  err('E45', 'description "oops\ntask\nexec /bin/true\n', 'unterminatedQuote', 4),
  err('E46', 'exec /bin/app \\', 'trailingSlash', 1),
  err('E47', 'pre-start\n', 'expectedToken', 1),
  err('E48', 'post-stop rm -f /run/app.pid\n', 'unknownStanza', 1),
  err('E49', 'instance $TTY $BAUD\n', 'unexpectedToken', 1),
  err('E50', 'cgroup memory $UPSTART_CGROUP limit_in_bytes 1048576 extra\n', 'unexpectedToken', 1),
  err('E51', 'apparmor load\n', 'expectedToken', 1),
  ok('E52', 'debug respawn\n', ['debug', 'respawn']),
  ok('E53', '', []),
  err('E55', 'emits\n', 'expectedToken', 1),
  ok('E58', 'task\r\npre-start script\r\n  mkdir -p /run/a\r\n  chmod 0755 /run/a\r\nend script\r\n', [
    'task',
    'pre-start script: "mkdir -p /run/a\\r\\nchmod 0755 /run/a\\r\\n"',
  ]),
  err('E59', 'exec foo \\\r\n  --bar\r\n', 'unknownStanza', 2),
]);

table('8.2 event-expression cases', [
  err('E10', 'start on started foo and\n  started bar\n', 'expectedEvent', 1),
  err('E11', 'start on (started foo\n\n    or started bar)\n', 'expectedToken', 2),
  err('E12', 'start on (started foo\n    # bar is optional\n    or started bar)\n', 'expectedToken', 2),
  ok('E13', 'start on (local-filesystems\n    and net-device-up IFACE!=lo)\n', [
    'start on: local-filesystems AND (net-device-up IFACE!=lo)',
  ]),
  err('E14', 'start on (filesystem and\nexec /bin/app\n', 'mismatchedParens', 3),
  ok('E15', 'start on a or b and c\n', ['start on: (a OR b) AND c']),
  err('E16', 'start on net-device-up IFACE=eth0 lo\n', 'expectedVariable', 1),
  err('E17', 'start on (startup) runlevel\n', 'expectedOperator', 1),
  err('E18', 'start on runlevel [2345] # boot\nor stopped rc\n', 'unknownStanza', 2),
  err('E54', 'stop on runlevel [!2345]\nstop on\n', 'expectedToken', 2),
  ok('E56', 'start on socket PROTO=unix SOCKET_PATH=/run/app.sock\n', [
    'start on: socket PROTO=unix SOCKET_PATH=/run/app.sock',
  ]),
  ok('E60', 'start on foo X=$BAR\n', ['start on: foo X=$BAR']),
  ok('E61', 'start on "and" or b\n', ['start on: and OR b']),
  err('E62', 'start on foo(bar)\n', 'expectedOperator', 1),
]);

// ---------------------------------------------------------------------------------------------
// 1.1 NUL bytes (our own diagnostic: upstart's behaviour is undefined, the spec says reject)

describe('1.1 NUL bytes', () => {
  test.for([['exec foo\u0000bar\n'], ['\u0000'], ['task\n\u0000\n'], ['script\n\u0000\nend script\n']] as const)(
    'rejects %j with nulByte',
    ([src]) => {
      const { ast, diagnostics } = parse(src);
      expect(spanProblems(src, ast, diagnostics)).toEqual([]);
      expect(diagnostics.map((d) => d.messageId)).toContain('nulByte');
      const nul = diagnostics.find((d) => d.messageId === 'nulByte');
      expect(nul && src.slice(nul.span.start.offset, nul.span.start.offset + 1)).toBe('\u0000');
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Other values: env name/value split, JobFile flags

describe('2.2 env name and value', () => {
  test.for([
    ['env FOO=bar\n', 'FOO', 'bar'],
    ['env KEY\n', 'KEY', null],
    ['env =x\n', '', 'x'],
    ['env FOO=\n', 'FOO', ''],
    ['env A=b=c\n', 'A', 'b=c'],
    ['env "A=x y"\n', 'A', 'x y'],
  ] as const)('%j → name %j value %j', ([src, name, value]) => {
    const { ast, diagnostics } = parse(src);
    expect(diagnostics).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('EnvStanza');
    if (s?.type !== 'EnvStanza') return;
    expect({ name: s.name, value: s.value }).toEqual({ name, value });
  });
});

describe('JobFile flags', () => {
  test.for([
    ['task\n', false, 'lf'],
    ['task\r\n', false, 'crlf'],
    ['task\r\nrespawn\n', false, 'mixed'],
    ['task', false, 'none'],
    ['', false, 'none'],
    ['\uFEFFtask\n', true, 'lf'],
  ] as const)('%j → bom %s, lineEndings %s', ([src, bom, lineEndings]) => {
    const { ast } = parse(src);
    expect({ bom: ast.bom, lineEndings: ast.lineEndings }).toEqual({ bom, lineEndings });
    expect(ast.span.start.offset).toBe(0);
    expect(ast.span.end.offset).toBe(src.length);
  });
});

describe('word raw text and spans', () => {
  test('a WORD keeps its raw source text (quotes, escapes, continuation) and its value', () => {
    const src = 'env  "A=x"\\\ny\n';
    const { ast, diagnostics } = parse(src);
    expect(diagnostics).toEqual([]);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('EnvStanza');
    if (s?.type !== 'EnvStanza') return;
    expect(s.arg.value).toBe('A=x y');
    expect(s.arg.raw).toBe('"A=x"\\\ny');
    expect(src.slice(s.arg.span.start.offset, s.arg.span.end.offset)).toBe(s.arg.raw);
    expect(src.slice(s.head.start.offset, s.head.end.offset)).toBe('env');
  });

  test('a command keeps its raw source text and the stored value', () => {
    const src = 'exec /bin/foo \\\n   --bar # c\n';
    const { ast } = parse(src);
    const s = ast.stanzas[0];
    expect(s?.type).toBe('ExecStanza');
    if (s?.type !== 'ExecStanza') return;
    expect(s.command.value).toBe('/bin/foo --bar');
    expect(src.slice(s.command.span.start.offset, s.command.span.end.offset)).toBe(s.command.raw);
    expect(s.command.raw.startsWith('/bin/foo')).toBe(true);
    expect(s.command.raw.includes('#')).toBe(false);
  });

  test('comments are collected with ownLine and inScript', () => {
    const src = '# top\ntask # after\nscript\n  # shell comment\nend script\n';
    const { ast } = parse(src);
    const byText = ast.comments.map((c) => ({ text: c.text, ownLine: c.ownLine, inScript: c.inScript }));
    expect(byText).toEqual([
      { text: ' top', ownLine: true, inScript: false },
      { text: ' after', ownLine: false, inScript: false },
      { text: ' shell comment', ownLine: true, inScript: true },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// 8.3 Override cases (what is checkable at parse level), via lintJob/lintText and two parses

function stanzasBeforeFirstError(ast: JobFile, diagnostics: readonly SyntaxDiagnostic[]): Stanza[] {
  const first = diagnostics[0];
  if (!first) return [...ast.stanzas];
  return ast.stanzas.filter((s) => s.span.end.offset <= first.span.start.offset && s.type !== 'InvalidStanza');
}

describe('8.3 override cases', () => {
  const confPath = '/etc/init/foo.conf';

  test('E57: error in the override at line 2; stanzas before it (manual) still apply', () => {
    const conf = 'start on runlevel [2345]\nauthor "w"\nexec /bin/foo\n';
    const override = 'manual\nbleaugh!\nauthor "moo"\n';
    const diagnostics = lintText(conf, { filePath: confPath, overrideText: override, syntaxOnly: true });
    expect(diagnostics.map((d) => ({ filePath: d.filePath, messageId: d.messageId, line: d.span.start.line }))).toEqual([
      { filePath: '/etc/init/foo.override', messageId: 'unknownStanza', line: 2 },
    ]);

    const confParse = parse(conf);
    const overrideParse = parse(override);
    expect(confParse.diagnostics).toEqual([]);
    expect(overrideParse.diagnostics[0]?.upstartLine).toBe(2);
    // What upstart applies: the whole conf, then the override up to its first error.
    const applied = [...confParse.ast.stanzas, ...stanzasBeforeFirstError(overrideParse.ast, overrideParse.diagnostics)];
    expect(applied.map((s) => s.keyword)).toEqual(['start on', 'author', 'exec', 'manual']);
    // manual clears the earlier start on; author stays "w".
    const lastManual = applied.map((s) => s.keyword).lastIndexOf('manual');
    const lastStartOn = applied.map((s) => s.keyword).lastIndexOf('start on');
    expect(lastManual > lastStartOn).toBe(true);
    const authors = applied.filter((s) => s.type === 'TextStanza' && s.keyword === 'author');
    expect(authors.map((s) => (s.type === 'TextStanza' ? s.value : ''))).toEqual(['w']);

    // The merged job model shows the same state upstart keeps in memory (4.5).
    const { job } = lintJob(conf, { filePath: confPath, overrideText: override, syntaxOnly: true });
    expect({ startOn: job.startOn, author: job.text('author'), main: job.mainProcess?.type }).toEqual({
      startOn: null,
      author: 'w',
      main: 'ExecStanza',
    });
  });

  test('E63: env and emits accumulate, script replaces exec', () => {
    const conf = 'env A=1\nemits x\nexec /bin/foo\n';
    const override = 'env A=2\nemits y\nscript\n  /bin/bar\nend script\n';
    const { job, diagnostics } = lintJob(conf, { filePath: confPath, overrideText: override, syntaxOnly: true });
    expect(diagnostics).toEqual([]);
    expect(job.env.map((e) => e.arg.value)).toEqual(['A=1', 'A=2']);
    expect(job.envVar('A')?.value).toBe('2');
    expect(job.findAll('emits').flatMap((e) => e.events.map((w) => w.value))).toEqual(['x', 'y']);
    expect(job.mainProcess?.type).toBe('ScriptStanza');
  });
});

// A sanity check of the test helper itself (independent of the parser).
describe('printExpression helper', () => {
  const w = (v: string) => ({
    type: 'Word' as const,
    raw: v,
    value: v,
    span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
  });
  const span = w('').span;
  const m = (e: string, ...args: string[]): EventExpression => ({
    type: 'EventMatch',
    event: w(e),
    args: args.map((a) => ({ type: 'EventArg' as const, word: w(a), name: null, operator: null, value: a, span })),
    span,
  });
  const and = (left: EventExpression, right: EventExpression): EventExpression => ({ type: 'AndExpression', left, right, operatorSpan: span, span });
  const or = (left: EventExpression, right: EventExpression): EventExpression => ({ type: 'OrExpression', left, right, operatorSpan: span, span });
  const group = (expression: EventExpression): EventExpression => ({ type: 'GroupExpression', expression, span });

  test('prints the trees of section 3.2', () => {
    expect(printExpression(or(and(m('a'), m('b')), m('c')))).toBe('(a AND b) OR c');
    expect(printExpression(and(and(m('a'), group(or(m('b'), m('c')))), m('d')))).toBe('(a AND (b OR c)) AND d');
    expect(printExpression(group(group(m('a'))))).toBe('a');
    expect(printExpression(and(and(m('A'), m('B', 'C=D')), m('E', 'F=G')))).toBe('(A AND (B C=D)) AND (E F=G)');
  });
});
