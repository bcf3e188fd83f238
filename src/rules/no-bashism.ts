/**
 * bash and ksh constructs in code that `/bin/sh` runs. On Debian and Ubuntu that is dash, which
 * either refuses them (a syntax error: the process fails at every start) or, worse, runs them
 * with another meaning. Each message says what dash actually does. The list follows the facts
 * Debian's `checkbashisms` relies on, checked here against dash 0.5.12.
 */
import { defineRule } from '../core/rule.js';
import type { CommandList, ParameterExpansion, ShellNode, ShellParseResult, SimpleCommand, Subshell, Word } from '../shell/ast.js';
import { pushChildrenAnyOrder } from '../shell/walk.js';
import { processLabel } from './_shared/process-label.js';
import { derivedFrom, looseValue, staticValue, treeCommands } from './_shared/shell.js';

type MessageId =
  | 'ampersandRedirect'
  | 'duplicateToFile'
  | 'doubleBracket'
  | 'source'
  | 'functionKeyword'
  | 'array'
  | 'arrayElement'
  | 'badSubstitution'
  | 'hereString'
  | 'dollarQuote'
  | 'localeQuote'
  | 'testDoubleEquals'
  | 'echoEscapes'
  | 'let'
  | 'select'
  | 'braceExpansion'
  | 'arithmeticCommand'
  | 'pipeStderr'
  | 'arithmeticFor'
  | 'processSubstitution'
  | 'bashBuiltin'
  | 'bashVariable'
  | 'readOption'
  | 'trapPseudoSignal'
  | 'execOption'
  | 'oldArithmetic'
  | 'arithmeticIncrement';

/** Built-ins bash has and dash does not: dash looks for a program of that name and fails. */
const BASH_BUILTINS = new Set([
  'bind', 'caller', 'compgen', 'complete', 'compopt', 'declare', 'dirs', 'disown', 'enable', 'help', 'history',
  'logout', 'mapfile', 'popd', 'pushd', 'readarray', 'shopt', 'suspend', 'typeset',
]);

/** Variables bash sets and dash does not: empty under dash. */
const BASH_VARIABLES = new Set([
  'BASH', 'BASHOPTS', 'BASHPID', 'BASH_ALIASES', 'BASH_ARGC', 'BASH_ARGV', 'BASH_CMDS', 'BASH_COMMAND', 'BASH_LINENO',
  'BASH_REMATCH', 'BASH_SOURCE', 'BASH_SUBSHELL', 'BASH_VERSINFO', 'BASH_VERSION', 'COMP_WORDS', 'DIRSTACK', 'EUID',
  'FUNCNAME', 'GROUPS', 'HISTCMD', 'HOSTNAME', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'PIPESTATUS', 'RANDOM', 'SECONDS',
  'SHELLOPTS', 'SHLVL', 'TIMEFORMAT', 'UID',
]);

export default defineRule({
  meta: {
    id: 'no-bashism',
    category: 'portability',
    description: 'Disallow bash-only shell in `exec` lines and `script` blocks, which `/bin/sh` (dash) runs',
    defaultSeverity: 'warning',
    messages: {
      ampersandRedirect:
        '`&{op}` is bash-only: dash runs the command before it in the background, then truncates `{target}` with an empty command, so the output is lost and upstart loses track of the process; write `{op2}{target} 2>&1`',
      duplicateToFile: '`>&{target}` sends both outputs to a file only in bash; dash fails with "Bad fd number"; write `>{target} 2>&1`',
      doubleBracket: '`[[` is bash-only: dash looks for a command named `[[` and fails; use `[ … ]` with quoted operands, or `case` for patterns',
      source: '`source` is not a dash built-in: dash looks for a program named `source` and fails; use `.`',
      functionKeyword: 'The `function` keyword is bash-only: dash runs a command named `function`; write `{name}() {`',
      array: 'Arrays are bash-only: dash stops with a syntax error at `(`; use a plain string, or `set --` and `"$@"`',
      arrayElement: '`{text}` is bash array syntax: dash treats it as {what}; use a plain variable',
      badSubstitution: '`{text}` is a bash-only expansion: dash fails with "Bad substitution" when the line runs; {advice}',
      hereString: 'Here-strings (`<<<`) are bash-only: dash stops with a syntax error; pipe the text with `printf \'%s\\n\' … |` or use a here-document',
      dollarQuote: '`$\'…\'` is bash-only: dash prints a `$` followed by the text, escapes untouched; use `printf` to build the string',
      localeQuote: '`$"…"` (locale translation) is bash-only: dash prints a `$` before the text; drop the `$`',
      testDoubleEquals: '`==` in `{command}` is bash-only: dash fails with "unexpected operator"; use `=`',
      echoEscapes: '`echo {option}` is bash-only: dash prints `{option}` as text and interprets backslash escapes anyway; use `printf`',
      let: '`let` is bash-only: dash looks for a command named `let` and fails; use `VAR=$((…))`',
      select: '`select` is bash-only: dash stops with a syntax error at its `do`; use a `while read` loop',
      braceExpansion: '`{text}` uses brace expansion, which dash does not do: the word stays as written, braces included; write the words out',
      arithmeticCommand: '`((…))` is bash-only arithmetic: dash runs it as two nested subshells around a command named `{command}`; use `[ $((…)) -ne 0 ]`, or `: $((…))` for an assignment',
      pipeStderr: '`|&` is bash-only: dash stops with a syntax error; write `2>&1 |`',
      arithmeticFor: '`for ((…))` is bash-only: dash stops with a syntax error; use a `while` loop with `$((…))`',
      processSubstitution: 'Process substitution (`<(…)`, `>(…)`) is bash-only: dash stops with a syntax error; use a temporary file or a pipe',
      bashBuiltin: '`{command}` is a bash built-in that dash does not have: dash looks for a program of that name and fails',
      bashVariable: '`${name}` is set by bash only: under dash it is empty',
      readOption: '`read {option}` is bash-only: dash\'s `read` knows only `-r` and `-p`, and fails on `{option}`',
      trapPseudoSignal: '`trap … {signal}` is bash-only: dash fails with "bad trap"; trap `EXIT` or real signals',
      execOption: '`exec {option}` is bash-only: dash tries to run a program named `{option}`',
      oldArithmetic: '`$[…]` is old bash arithmetic: dash prints it as text; use `$((…))`',
      arithmeticIncrement: '`{operator}` in `$((…))` is not in dash: it fails with "arithmetic expression: expecting primary"; write `x=$((x + 1))`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    let envNames: ReadonlySet<string> | null = null;
    for (const stanza of job.processes) {
      const shell = job.shell(stanza);
      const parsed = shell.parsed;
      if (!parsed) continue;
      const { findings, bashVariables } = findingsOf(parsed, shell.text);
      if (findings.length === 0 && bashVariables.length === 0) continue;
      const process = processLabel(stanza);
      const found = (f: Finding): void => {
        report({ messageId: f.messageId, data: Object.assign({ process, job: job.name }, f.data), at: job.shellSpan(stanza, f.start, f.end), origin: stanza });
      };
      for (const f of findings) found(f);
      // A bash variable the job sets itself (`env RANDOM=4`) is an ordinary variable.
      envNames ??= new Set(job.env.map((e) => e.name));
      for (const f of bashVariables) if (!envNames.has(f.data['name'] ?? '')) found(f);
    }
  },
});

interface Finding {
  readonly messageId: MessageId;
  readonly start: number;
  readonly end: number;
  readonly data: Record<string, string>;
}

interface TreeFindings {
  readonly findings: readonly Finding[];
  /** `bashVariable` findings, to drop for the names the job's `env` stanzas set. */
  readonly bashVariables: readonly Finding[];
}

/**
 * What the tree of one shell text shows, kept with the tree (one tree per text, immutable): a
 * re-lint that gets the same tree back from the parse cache does not walk it again.
 */
const FINDINGS = Symbol('no-bashism findings');

function findingsOf(parsed: ShellParseResult, text: string): TreeFindings {
  return derivedFrom(parsed, FINDINGS, () => collectFindings(parsed, text));
}

function collectFindings(parsed: ShellParseResult, text: string): TreeFindings {
  const findings: Finding[] = [];
  const bashVariables: Finding[] = [];
  const reported = new Set<string>();
  const found: Found = (messageId, start, end, data = {}) => {
    // The same construct can be seen twice (in the tree and on dash's error): report it once.
    const key = `${messageId}@${start}`;
    if (reported.has(key)) return;
    reported.add(key);
    (messageId === 'bashVariable' ? bashVariables : findings).push({ messageId, start, end, data });
  };
  // Constructs dash refuses outright: the parser names them on its errors.
  for (const e of parsed.errors) {
    const id = ERROR_MESSAGES[e.bashism ?? ''];
    if (!id) continue;
    if (id === 'select') {
      // dash stops at the `do`; the finding belongs on the `select` before it.
      const at = text.lastIndexOf('select', e.start);
      found(id, at >= 0 ? at : e.start, at >= 0 ? at + 6 : e.end);
    } else if (e.bashism === 'function-brace') {
      // `function name { … }`: dash stops at the `}`; the finding belongs on `function name`.
      const at = text.lastIndexOf('function', e.start);
      const m = at >= 0 ? /^function[ \t]+([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at)) : null;
      if (m) found(id, at, at + m[0].length, { name: m[1] ?? 'name' });
    } else if (id === 'functionKeyword') {
      // `function name()`: dash stops at the `(`; name the function from the text before it.
      const m = /function[ \t]+([^ \t(]+)[ \t]*$/.exec(text.slice(0, e.start));
      const start = m ? e.start - m[0].length : e.start;
      found(id, start, e.end, { name: m?.[1] ?? 'name' });
    } else {
      found(id, e.start, e.end);
    }
  }
  checkCommands(parsed, text, found);
  checkTree(parsed.script.body, text, found);
  return { findings, bashVariables };
}

type Found = (messageId: MessageId, start: number, end: number, data?: Record<string, string>) => void;

const ERROR_MESSAGES: Readonly<Record<string, MessageId>> = {
  'array-assignment': 'array',
  'here-string': 'hereString',
  'pipe-stderr': 'pipeStderr',
  'arithmetic-for': 'arithmeticFor',
  'process-substitution': 'processSubstitution',
  'function-keyword': 'functionKeyword',
  'function-brace': 'functionKeyword',
  select: 'select',
};

/** Command names and options with a bash-only meaning. */
function checkCommands(parsed: ShellParseResult, text: string, found: Found): void {
  for (const ctx of treeCommands(parsed)) {
    const cmd = ctx.command;
    const words = cmd.words;
    const first = words[0];
    if (first) checkCommand(words, first, text, found);
    for (const r of cmd.redirects) {
      // `>&word` with a word that is not a descriptor number: bash's "both outputs to a file".
      if (r.op === '>&' && r.fd === null && r.target) {
        const t = staticValue(r.target);
        if (t !== null && !/^(?:\d+|-)$/.test(t)) found('duplicateToFile', r.start, r.end, { target: t });
      }
    }
  }
}

/** Command names that are a bash-ism by themselves, reported on the name. */
const NAMED_BASHISMS: ReadonlyMap<string, MessageId> = new Map([
  ['[[', 'doubleBracket'],
  ['source', 'source'],
  ['let', 'let'],
  ['select', 'select'],
]);

/** One command's name and options (values are computed only for the names that need them). */
function checkCommand(words: readonly Word[], first: Word, text: string, found: Found): void {
  const name = staticValue(first);
  const arg = (i: number): string | null => {
    const w = words[i];
    return w ? staticValue(w) : null;
  };
  const byName = name === null ? undefined : NAMED_BASHISMS.get(name);
  if (byName !== undefined) {
    found(byName, first.start, first.end);
    return;
  }
  switch (name) {
    case 'function': {
      const fname = arg(1);
      if (fname !== null) found('functionKeyword', first.start, (words[1] ?? first).end, { name: fname.replace(/\(\)$/, '') });
      break;
    }
    case '[':
    case 'test':
      for (let i = 1; i < words.length; i++) {
        const a = words[i] as Word;
        if (staticValue(a) === '==') found('testDoubleEquals', a.start, a.end, { command: name });
      }
      break;
    case 'echo': {
      const opt = arg(1);
      if (opt !== null && /^-[neE]+$/.test(opt) && /[eE]/.test(opt)) found('echoEscapes', (words[1] ?? first).start, (words[1] ?? first).end, { option: opt });
      break;
    }
    case 'read':
      for (let i = 1; i < words.length; i++) {
        const a = words[i] as Word;
        const v = staticValue(a);
        if (v === null || !v.startsWith('-') || v === '-') break;
        if (v === '--') break;
        if (/^-[rp]+$/.test(v)) continue;
        found('readOption', a.start, a.end, { option: v });
        break;
      }
      break;
    case 'trap':
      for (let i = 2; i < words.length; i++) {
        const a = words[i] as Word;
        const v = staticValue(a);
        if (v === 'ERR' || v === 'DEBUG' || v === 'RETURN') found('trapPseudoSignal', a.start, a.end, { signal: v });
      }
      break;
    case 'exec': {
      const opt = arg(1);
      if (opt !== null && /^-[acl]+$/.test(opt)) found('execOption', (words[1] ?? first).start, (words[1] ?? first).end, { option: opt });
      break;
    }
    default:
      if (name !== null && BASH_BUILTINS.has(name)) found('bashBuiltin', first.start, first.end, { command: name });
      else if (name === null && /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*\]\+?=/.test(looseValue(first, text))) {
        found('arrayElement', first.start, first.end, { text: throughEquals(looseValue(first, text)), what: 'the name of a command to run' });
      }
  }
  if (name !== null && name.includes('[') && /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*\]\+?=/.test(name)) {
    found('arrayElement', first.start, first.end, { text: throughEquals(name), what: 'the name of a command to run' });
  }
}

/**
 * One walk over the tree: words (`$'…'`, `$"…"`, brace expansion, `$[…]`), parameter expansions
 * (bad substitutions, bash variables), `((…))`, `$((i++))`, and `cmd & >file` read as `&>`.
 */
function checkTree(body: CommandList, text: string, found: Found): void {
  // A bash variable the script sets itself is an ordinary variable: collect the names the script
  // sets on the way, and judge the expansions after the walk (the job's env names, per lint).
  const assigned = new Set<string>();
  const parameters: ParameterExpansion[] = [];
  const lists: CommandList[] = [body];
  // The walk of walkShell, without a call per node and in no particular order (what is found is
  // kept by offset): leaves (text, separators, operators) and words of plain text are not looked
  // into.
  const stack: ShellNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as ShellNode;
    switch (node.type) {
      case 'Literal':
      case 'Escaped':
      case 'SingleQuoted':
      case 'Separator':
      case 'Operator':
      case 'Comment':
        continue;
      case 'Word':
        checkWord(node, text, found);
        if (node.parts.length === 1 && (node.parts[0] as ShellNode).type === 'Literal') continue;
        break;
      case 'ParameterExpansion':
        parameters.push(node);
        break;
      case 'ArithmeticExpansion': {
        const expr = text.slice(node.expression.start, node.expression.end);
        if (expr.includes('++') || expr.includes('--')) {
          const m = /\+\+|--/.exec(expr.replace(/[0-9]\s*-\s*-\s*[0-9]/g, ''));
          if (m) found('arithmeticIncrement', node.start, node.end, { operator: m[0] });
        }
        break;
      }
      case 'Assignment':
      case 'ForClause':
        assigned.add(node.name);
        break;
      case 'SimpleCommand':
        addOperandNames(node, assigned);
        break;
      case 'CommandList':
        if (node !== body) lists.push(node);
        break;
      case 'Subshell':
        checkArithmeticCommand(node, text, found);
        break;
      default:
        break;
    }
    pushChildrenAnyOrder(node, stack);
  }
  for (const p of parameters) checkParameter(p, text, found, assigned);
  checkBackgroundRedirects(lists, text, found);
}

function checkWord(word: Word, text: string, found: Found): void {
  const parts = word.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as (typeof parts)[number];
    if (part.type !== 'Literal') continue;
    const value = part.value;
    const next = parts[i + 1];
    if (next && next.start === part.end && value.endsWith('$')) {
      if (next.type === 'SingleQuoted') found('dollarQuote', part.end - 1, next.end);
      if (next.type === 'DoubleQuoted') found('localeQuote', part.end - 1, next.end);
    }
    const old = value.indexOf('$[');
    if (old >= 0 && text.slice(part.start, part.end) === value) found('oldArithmetic', part.start + old, part.end);
    // Brace expansion: `{a,b}` or `{1..5}` in an unquoted literal.
    if (!value.includes('{')) continue;
    const brace = /\{(?:[^{}\s,]*,[^{}\s]*|-?\w+\.\.-?\w+(?:\.\.-?\d+)?)\}/.exec(value);
    if (brace && text.slice(part.start, part.end) === value) {
      found('braceExpansion', part.start + brace.index, part.start + brace.index + brace[0].length, { text: brace[0] });
    }
  }
}

function checkParameter(p: ParameterExpansion, text: string, found: Found, assigned: ReadonlySet<string>): void {
  if (p.bad) {
    const shown = text.slice(p.start, p.end);
    let advice = 'rewrite it with POSIX expansions, `sed` or `cut`';
    const op = p.op ?? '';
    if (op.startsWith('/')) advice = 'use `sed` (`printf \'%s\\n\' "$v" | sed \'s/a/b/g\'`)';
    else if (op.startsWith(':') && /^:\d/.test(op + (p.argument ? text.slice(p.argument.start, p.argument.end) : ''))) advice = 'use `cut -c` or `expr substr`';
    else if (op.startsWith('[')) advice = 'arrays do not exist in dash; use plain variables';
    else if (p.name === '!') advice = 'indirect expansion does not exist in dash; use `eval "value=\\${$name}"` carefully, or restructure';
    else if (op.startsWith('^') || op.startsWith(',')) advice = 'use `tr \'[:lower:]\' \'[:upper:]\'`';
    found('badSubstitution', p.start, p.end, { text: shown, advice });
    return;
  }
  // Every name of BASH_VARIABLES is upper case and 3 or more characters long: most names are not
  // hashed for the lookup.
  const name = p.name;
  const c = name.charCodeAt(0);
  if (name.length >= 3 && c >= 65 && c <= 90 && BASH_VARIABLES.has(name) && !assigned.has(name)) found('bashVariable', p.start, p.end, { name });
}

/** `read`/`export`/`local`/`readonly` operands: names the script sets. */
function addOperandNames(n: SimpleCommand, names: Set<string>): void {
  const name = n.words[0] ? staticValue(n.words[0]) : null;
  if (name !== 'read' && name !== 'export' && name !== 'local' && name !== 'readonly') return;
  for (const w of n.words.slice(1)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=|$)/.exec(staticValue(w) ?? '');
    if (m?.[1]) names.add(m[1]);
  }
}

/** `((cmd))`: two subshells for dash, an arithmetic command for bash. */
function checkArithmeticCommand(n: Subshell, text: string, found: Found): void {
  const inner = n.body.items.length === 1 ? n.body.items[0]?.andOr.pipelines[0]?.commands[0] : undefined;
  if (inner?.type === 'Subshell' && inner.start === n.start + 1 && n.body.items[0]?.andOr.pipelines.length === 1) {
    const cmd = inner.body.items[0]?.andOr.pipelines[0]?.commands[0];
    const name = cmd?.type === 'SimpleCommand' && cmd.words[0] ? text.slice(cmd.words[0].start, cmd.words[0].end) : '…';
    found('arithmeticCommand', n.start, n.start + 2, { command: name });
  }
}

/** `cmd &> file` split by dash into `cmd &` and `> file`. */
function checkBackgroundRedirects(lists: readonly CommandList[], text: string, found: Found): void {
  for (const list of lists) {
    list.items.forEach((item, i) => {
      const sep = item.separator;
      if (sep?.op !== '&') return;
      const next = list.items[i + 1];
      const cmd = next?.andOr.pipelines[0]?.commands[0];
      if (cmd?.type !== 'SimpleCommand') return;
      const r = (cmd as SimpleCommand).redirects[0];
      if (!r || r.start !== sep.end || (r.op !== '>' && r.op !== '>>') || r.fd !== null) return;
      const before = cmd.words.length === 0 || (cmd.words[0] as Word).start > r.start;
      if (!before) return;
      const target = r.target ? text.slice(r.target.start, r.target.end) : '';
      found('ampersandRedirect', sep.start, r.end, { op: r.op, op2: r.op, target });
    });
  }
}

/** `a[1]=x` → `a[1]=`: the text up to the first `=` (an indexOf, not `/=.*$/`, which is quadratic on a run of `=`). */
function throughEquals(s: string): string {
  return s.slice(0, s.indexOf('=') + 1);
}
