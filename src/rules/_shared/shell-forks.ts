/**
 * A deliberately small reader for POSIX sh (dash) script bodies: it splits a script into simple
 * commands and tells which of them make the shell fork. Enough for upstart's `expect` counting
 * (grammar document section 5.8); not a shell parser. Unknown constructs are read as words, so the
 * result errs towards "this runs a program".
 */

/** dash builtins: running them does not fork. */
const BUILTINS = new Set([
  ':', '.', '[', '[[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval',
  'exec', 'exit', 'export', 'false', 'fc', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'local', 'printf',
  'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'test', 'times', 'trap', 'true', 'type',
  'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

/** Reserved words that may start a command and are followed by another command. */
const PREFIX_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac']);

export type ShellEvent =
  | { readonly kind: 'fork'; readonly what: string; readonly line: number }
  | { readonly kind: 'exec'; readonly program: string; readonly line: number };

interface Word {
  readonly text: string;
  readonly subst: boolean;
  readonly line: number;
}

type Token =
  | { readonly kind: 'word'; readonly word: Word }
  | { readonly kind: 'redir'; readonly subst: boolean; readonly line: number }
  | { readonly kind: 'op'; readonly op: string; readonly line: number };

const BLANK = /[ \t\r]/;
const WORD_END = /[ \t\r\n;&|()<>]/;
const REDIR = /^[0-9]*(<<-|<<|>>|>&|<&|<>|>\||>|<)/;

/** Splits the script into tokens; `line` is the 0-based line of `text`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let line = 0;
  let i = 0;
  const n = text.length;

  const readWord = (): Word => {
    const start = i;
    const startLine = line;
    let subst = false;
    while (i < n) {
      const c = text[i] ?? '';
      if (WORD_END.test(c)) break;
      if (c === '\\') {
        if (text[i + 1] === '\n') line++;
        i += 2;
      } else if (c === "'") {
        const end = text.indexOf("'", i + 1);
        const stop = end < 0 ? n : end + 1;
        line += countNl(text, i, stop);
        i = stop;
      } else if (c === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          const d = text[i];
          if (d === '\\') {
            if (text[i + 1] === '\n') line++;
            i += 2;
            continue;
          }
          if (d === '`' || (d === '$' && text[i + 1] === '(' && text[i + 2] !== '(')) subst = true;
          if (d === '\n') line++;
          i++;
        }
        i++;
      } else if (c === '`') {
        subst = true;
        const end = text.indexOf('`', i + 1);
        const stop = end < 0 ? n : end + 1;
        line += countNl(text, i, stop);
        i = stop;
      } else if (c === '$' && text[i + 1] === '(') {
        if (text[i + 2] !== '(') subst = true;
        const stop = skipParens(text, i + 1);
        line += countNl(text, i, stop);
        i = stop;
      } else if (c === '$' && text[i + 1] === '{') {
        const end = text.indexOf('}', i + 2);
        const stop = end < 0 ? n : end + 1;
        line += countNl(text, i, stop);
        i = stop;
      } else {
        i++;
      }
    }
    return { text: text.slice(start, i), subst, line: startLine };
  };

  while (i < n) {
    const c = text[i] ?? '';
    if (BLANK.test(c)) {
      i++;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      line++;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', line });
      i++;
      line++;
      // Here-document bodies follow the line that introduced them.
      for (const h of heredocs.splice(0)) {
        while (i < n) {
          let end = text.indexOf('\n', i);
          if (end < 0) end = n;
          let body = text.slice(i, end);
          if (body.endsWith('\r')) body = body.slice(0, -1);
          if (h.strip) body = body.replace(/^\t+/, '');
          i = end + 1;
          line++;
          if (body === h.delim) break;
        }
      }
    } else if (';&|()'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = two === ';;' || two === '&&' || two === '||' ? two : c;
      tokens.push({ kind: 'op', op, line });
      i += op.length;
    } else {
      const m = REDIR.exec(text.slice(i, i + 12));
      if (m && (m[0].length > 0)) {
        const op = m[1] ?? '';
        const redirLine = line;
        i += m[0].length;
        while (i < n && BLANK.test(text[i] ?? '')) i++;
        const target = readWord();
        if (op === '<<' || op === '<<-') {
          heredocs.push({ delim: target.text.replace(/["'\\]/g, ''), strip: op === '<<-' });
        }
        tokens.push({ kind: 'redir', subst: target.subst, line: redirLine });
      } else {
        const word = readWord();
        if (word.text === '') i++; // defensive: never loop on an unexpected byte
        else tokens.push({ kind: 'word', word });
      }
    }
  }
  return tokens;
}

function countNl(text: string, from: number, to: number): number {
  let k = 0;
  for (let j = from; j < to; j++) if (text[j] === '\n') k++;
  return k;
}

/** Index after the `)` matching the `(` at `open` (quotes inside are skipped roughly). */
function skipParens(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, j + 1);
      if (end < 0) return text.length;
      j = end;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return text.length;
}

function unquote(word: string): string {
  return word.replace(/["'\\]/g, '');
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * What the script does, in order: the commands that make the shell fork (external programs,
 * pipelines, background jobs, subshells, command substitutions) and the `exec PROGRAM` commands.
 */
export function shellEvents(script: string): ShellEvent[] {
  const tokens = tokenize(script);
  const events: ShellEvent[] = [];
  const functions = new Set<string>();
  let caseDepth = 0;
  let expectPattern = false;

  let words: Word[] = [];
  let redirSubst = false;
  let firstLine = -1;
  let inPipeline = false;

  const finish = (separator: string): void => {
    const piped = inPipeline || separator === '|';
    const background = separator === '&';
    inPipeline = separator === '|';
    const list = words;
    const anySubst = redirSubst;
    words = [];
    redirSubst = false;
    const line = firstLine;
    firstLine = -1;
    if (list.length === 0 && !anySubst) return;

    let k = 0;
    // `for NAME in WORDS` and `case WORD in` heads run nothing themselves.
    const head = list[0] ? unquote(list[0].text) : '';
    if (list.some((w) => w.subst) || anySubst) {
      events.push({ kind: 'fork', what: '$(…)', line: line < 0 ? (list[0]?.line ?? 0) : line });
    }
    if (head === 'for' || head === 'select') return;
    while (k < list.length && ASSIGNMENT.test(list[k]?.text ?? '')) k++;
    const name = list[k];
    if (!name) return;
    const cmd = unquote(name.text);
    if (cmd === 'exec') {
      const program = list.slice(k + 1).find((w) => !w.text.startsWith('-'));
      if (program) {
        if (piped || background) events.push({ kind: 'fork', what: `exec ${unquote(program.text)} ${background ? '&' : '|'}`, line: name.line });
        else events.push({ kind: 'exec', program: unquote(program.text), line: name.line });
      }
      return;
    }
    if (piped || background) {
      events.push({ kind: 'fork', what: background ? `${cmd} &` : `${cmd} |`, line: name.line });
      return;
    }
    if (BUILTINS.has(cmd) || functions.has(cmd)) return;
    events.push({ kind: 'fork', what: cmd, line: name.line });
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as Token;
    if (expectPattern) {
      // Inside `case … in`: skip `pattern)` (or reach `esac`).
      if (tok.kind === 'op' && (tok.op === '\n' || tok.op === ';;' || tok.op === ';')) continue;
      if (tok.kind === 'word' && unquote(tok.word.text) === 'esac') {
        caseDepth = Math.max(0, caseDepth - 1);
        expectPattern = false;
        continue;
      }
      while (t < tokens.length) {
        const p = tokens[t] as Token;
        if (p.kind === 'op' && p.op === ')') break;
        t++;
      }
      expectPattern = false;
      continue;
    }
    if (tok.kind === 'redir') {
      if (tok.subst) redirSubst = true;
      if (firstLine < 0) firstLine = tok.line;
      continue;
    }
    if (tok.kind === 'word') {
      const w = tok.word;
      const bare = unquote(w.text);
      if (words.length === 0 && !redirSubst) {
        if (PREFIX_WORDS.has(bare)) {
          if (bare === 'esac') caseDepth = Math.max(0, caseDepth - 1);
          continue;
        }
        if (bare === 'case') {
          // Skip `case WORD in`; what follows is a pattern.
          if (w.subst) events.push({ kind: 'fork', what: '$(…)', line: w.line });
          while (t + 1 < tokens.length) {
            const nx = tokens[t + 1] as Token;
            t++;
            if (nx.kind === 'word' && nx.word.subst) events.push({ kind: 'fork', what: '$(…)', line: nx.word.line });
            if (nx.kind === 'word' && unquote(nx.word.text) === 'in') break;
            if (nx.kind === 'op') break;
          }
          caseDepth++;
          expectPattern = true;
          continue;
        }
      }
      if (firstLine < 0) firstLine = w.line;
      words.push(w);
      continue;
    }
    // Operators.
    switch (tok.op) {
      case '(': {
        const next = tokens[t + 1];
        if (words.length === 1 && next && next.kind === 'op' && next.op === ')') {
          // `name() { … }`: a function definition.
          functions.add(unquote(words[0]?.text ?? ''));
          words = [];
          firstLine = -1;
          t++;
        } else if (words.length === 0) {
          events.push({ kind: 'fork', what: '( … )', line: tok.line });
        }
        break;
      }
      case ')':
        finish(')');
        break;
      case ';;':
        finish(';;');
        inPipeline = false;
        if (caseDepth > 0) expectPattern = true;
        break;
      case '|':
        finish('|');
        break;
      case '&':
        finish('&');
        inPipeline = false;
        break;
      default:
        finish(tok.op);
        inPipeline = false;
    }
  }
  finish('\n');
  return events;
}
