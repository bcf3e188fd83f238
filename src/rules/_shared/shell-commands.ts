/**
 * A small, text-based reader for the POSIX shell that upstart hands to `/bin/sh` (exec lines with
 * shell characters, script blocks; grammar document section 5.2). It is not a shell parser: it
 * splits text into words, operators and redirections honouring quotes, escapes, comments, `$(…)`,
 * backquotes and here-documents, then groups them into simple commands with their nesting depth.
 * That is enough to answer "is output redirected here?" and "which program does this command
 * run?" without guessing inside quoted strings.
 */

export interface ShellWord {
  /** The word with quotes and escapes removed (expansions such as `$X` kept as written). */
  readonly value: string;
  /** The word as written. */
  readonly raw: string;
  /** Offsets of the word in the scanned text, half-open. */
  readonly start: number;
  readonly end: number;
  /** True when any part of the word was quoted or escaped. */
  readonly quoted: boolean;
}

export type RedirectOp = '>' | '>>' | '>|' | '>&' | '<' | '<<' | '<<-' | '<&' | '<>' | '&>' | '&>>';

export interface Redirect {
  readonly op: RedirectOp;
  /** The explicit descriptor number (`2>`), or null for the operator's default. */
  readonly fd: number | null;
  /** The target word (file name, `&N` duplication target, here-document delimiter); null if missing. */
  readonly target: ShellWord | null;
  readonly start: number;
  readonly end: number;
}

export interface SimpleCommand {
  /** Words, assignments included (`A=1 cmd x` → `A=1`, `cmd`, `x`). */
  readonly words: readonly ShellWord[];
  readonly redirects: readonly Redirect[];
  /** Nesting depth: 0 at the top level, +1 inside each if/case/loop/brace group/subshell. */
  readonly depth: number;
  /** True when the command's output is piped into another command (`cmd | logger`). */
  readonly pipedOut: boolean;
  /** True when the command reads from a pipe. */
  readonly pipedIn: boolean;
  readonly start: number;
  readonly end: number;
}

type Token =
  | { readonly kind: 'word'; readonly word: ShellWord }
  | { readonly kind: 'op'; readonly op: string; readonly start: number; readonly end: number }
  | { readonly kind: 'redirect'; readonly op: RedirectOp; readonly fd: number | null; readonly start: number; readonly end: number }
  | { readonly kind: 'newline'; readonly start: number; readonly end: number };

const BLANK = new Set([' ', '\t', '\r']);
const OPERATOR_START = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);

/** Index just past a `$(…)`, `${…}` or backquote construct starting at `i` (on `$` or `` ` ``). */
function skipExpansion(text: string, i: number): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, text.length);
  }
  const open = text[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === "'" && open === '(') {
      const k = text.indexOf("'", j + 1);
      j = k < 0 ? text.length : k + 1;
      continue;
    }
    if (c === '"') {
      j = skipDouble(text, j);
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return text.length;
}

/** Index just past a double-quoted string starting at `i`. */
function skipDouble(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else if ((c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) || c === '`') j = skipExpansion(text, j);
    else j++;
  }
  return text.length;
}

/** Reads one word starting at `i`; returns it and the index after it. */
function readWord(text: string, i: number): { word: ShellWord; next: number } {
  let value = '';
  let quoted = false;
  let j = i;
  while (j < text.length) {
    const c = text[j] as string;
    if (BLANK.has(c) || OPERATOR_START.has(c)) break;
    if (c === '\\') {
      if (text[j + 1] === '\n') {
        j += 2; // line continuation
        continue;
      }
      quoted = true;
      value += text[j + 1] ?? '';
      j += 2;
      continue;
    }
    if (c === "'") {
      const k = text.indexOf("'", j + 1);
      const end = k < 0 ? text.length : k;
      value += text.slice(j + 1, end);
      quoted = true;
      j = end + 1;
      continue;
    }
    if (c === '"') {
      const end = skipDouble(text, j);
      const inner = text.slice(j + 1, text[end - 1] === '"' && end - 1 > j ? end - 1 : end);
      value += inner.replace(/\\([$`"\\\n])/g, '$1');
      quoted = true;
      j = end;
      continue;
    }
    if ((c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) || c === '`') {
      const end = skipExpansion(text, j);
      value += text.slice(j, end);
      j = end;
      continue;
    }
    value += c;
    j++;
  }
  j = Math.min(j, text.length);
  return { word: { value, raw: text.slice(i, j), start: i, end: j, quoted }, next: j };
}

const REDIRECT_OPS: readonly RedirectOp[] = ['&>>', '<<-', '>>', '>|', '>&', '<<', '<&', '<>', '&>', '>', '<'];

/** Splits shell text into tokens. Here-document bodies and comments are dropped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    // Words swallow a `#` inside them, so a `#` seen here starts a word: a comment.
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'newline', start: i, end: i + 1 });
      i++;
      // Here-document bodies start on the line after the operator.
      while (pendingHeredocs.length > 0) {
        const doc = pendingHeredocs.shift() as { delimiter: string; stripTabs: boolean };
        while (i < text.length) {
          const lineEnd = text.indexOf('\n', i);
          const stop = lineEnd < 0 ? text.length : lineEnd;
          let line = text.slice(i, stop).replace(/\r$/, '');
          if (doc.stripTabs) line = line.replace(/^\t+/, '');
          i = lineEnd < 0 ? text.length : lineEnd + 1;
          if (line === doc.delimiter) break;
        }
      }
      continue;
    }
    // An IO number: digits immediately followed by < or >.
    const io = /^(\d+)(?=[<>])/.exec(text.slice(i, i + 12));
    const opAt = io ? i + (io[1] as string).length : i;
    const redirect = REDIRECT_OPS.find((op) => text.startsWith(op, opAt));
    if (redirect && (io || c === '<' || c === '>' || c === '&')) {
      const end = opAt + redirect.length;
      tokens.push({ kind: 'redirect', op: redirect, fd: io ? Number(io[1]) : null, start: i, end });
      i = end;
      if (redirect === '<<' || redirect === '<<-') {
        while (i < text.length && BLANK.has(text[i] as string)) i++;
        const { word, next } = readWord(text, i);
        tokens.push({ kind: 'word', word });
        pendingHeredocs.push({ delimiter: word.value, stripTabs: redirect === '<<-' });
        i = next;
      }
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      tokens.push({ kind: 'op', op: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', op: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const { word, next } = readWord(text, i);
    if (next === i) {
      i++; // defensive: never loop without progress
      continue;
    }
    tokens.push({ kind: 'word', word });
    i = next;
  }
  return tokens;
}

const OPENERS = new Set(['if', 'case', 'for', 'while', 'until', 'select']);
const CLOSERS: Readonly<Record<string, string>> = { fi: 'if', esac: 'case', done: 'loop' };
/** Reserved words after which the next word is again in command position. */
const RESTART = new Set(['then', 'do', 'else', 'elif', '!']);

/** Groups shell text into simple commands (offsets refer to `text`). */
export function parseCommands(text: string): SimpleCommand[] {
  const tokens = tokenize(text);
  const commands: SimpleCommand[] = [];
  const stack: string[] = [];
  let words: ShellWord[] = [];
  let redirects: Redirect[] = [];
  let depth = 0;
  let pipedIn = false;
  let start = -1;
  let end = -1;
  /** Inside `case … in`, until a pattern's `)`: words are patterns, not commands. */
  let inCasePattern = false;

  const flush = (pipedOut: boolean): void => {
    if (words.length > 0 || redirects.length > 0) {
      commands.push({ words, redirects, depth, pipedOut, pipedIn, start, end });
    }
    words = [];
    redirects = [];
    start = -1;
    pipedIn = pipedOut;
  };
  const touch = (s: number, e: number): void => {
    if (start < 0) {
      start = s;
      depth = stack.length;
    }
    end = e;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'newline' || (t.kind === 'op' && (t.op === ';' || t.op === '&' || t.op === '&&' || t.op === '||' || t.op === ';;'))) {
      flush(false);
      if (t.kind === 'op' && t.op === ';;' && stack[stack.length - 1] === 'case') inCasePattern = true;
      continue;
    }
    if (t.kind === 'op' && t.op === '|') {
      if (inCasePattern) continue; // `a|b)` pattern alternatives
      flush(true);
      continue;
    }
    if (t.kind === 'op' && t.op === '(') {
      const next = tokens[k + 1];
      if (next?.kind === 'op' && next.op === ')') {
        // `name() { … }`: a function definition, not a command.
        words = [];
        redirects = [];
        start = -1;
        k++;
        continue;
      }
      if (inCasePattern) continue; // optional `(` before a case pattern
      if (words.length === 0) {
        flush(false);
        stack.push('(');
      }
      continue;
    }
    if (t.kind === 'op' && t.op === ')') {
      if (inCasePattern) {
        inCasePattern = false;
        continue;
      }
      flush(false);
      if (stack[stack.length - 1] === '(') stack.pop();
      continue;
    }
    if (t.kind === 'redirect') {
      const next = tokens[k + 1];
      const target = next && next.kind === 'word' ? next.word : null;
      if (target) k++;
      const stop = target ? target.end : t.end;
      touch(t.start, stop);
      redirects.push({ op: t.op, fd: t.fd, target, start: t.start, end: stop });
      continue;
    }
    if (t.kind !== 'word') continue;
    const w = t.word;
    if (inCasePattern) {
      if (w.value === 'esac' && !w.quoted && stack[stack.length - 1] === 'case') {
        stack.pop();
        inCasePattern = false;
      }
      continue;
    }
    if (words.length === 0 && !w.quoted) {
      if (OPENERS.has(w.value)) {
        stack.push(w.value === 'if' ? 'if' : w.value === 'case' ? 'case' : 'loop');
        if (w.value === 'case') {
          // `case WORD in`, then patterns.
          const subject = tokens[k + 1];
          const inWord = tokens[k + 2];
          if (subject?.kind === 'word' && inWord?.kind === 'word' && inWord.word.value === 'in') {
            k += 2;
            inCasePattern = true;
          }
        } else if (w.value === 'for' || w.value === 'select') {
          // Skip `NAME [in WORDS…]` up to the `do`.
          while (k + 1 < tokens.length) {
            const n = tokens[k + 1] as Token;
            if (n.kind === 'word' && n.word.value === 'do') break;
            k++;
          }
        }
        continue;
      }
      const closes = CLOSERS[w.value];
      if (closes) {
        if (stack[stack.length - 1] === closes) stack.pop();
        continue;
      }
      if (w.value === '{') {
        stack.push('{');
        continue;
      }
      if (w.value === '}') {
        if (stack[stack.length - 1] === '{') stack.pop();
        continue;
      }
      if (RESTART.has(w.value)) continue;
    }
    touch(w.start, w.end);
    words.push(w);
  }
  flush(false);
  return commands;
}

/** Wrappers that run their arguments as the command (`exec`, `nohup`, `env A=1`, `nice -n 5` …). */
const WRAPPERS = new Set(['exec', 'nohup', 'command', 'time', 'env', 'nice', 'ionice', 'setsid', 'stdbuf']);
/** Wrapper options that take a separate argument. */
const WRAPPER_ARG_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  nice: ['-n'],
  ionice: ['-c', '-n', '-p'],
  env: ['-u'],
  exec: ['-a'],
};

export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/**
 * The words of the program a simple command runs: leading assignments and wrapper programs (with
 * their options) skipped. `exec env A=1 nice -n 5 /usr/bin/x --y` → `/usr/bin/x --y`.
 */
export function programWords(command: SimpleCommand): readonly ShellWord[] {
  const w = command.words;
  let i = 0;
  for (;;) {
    while (i < w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i]?.value ?? '')) i++;
    const name = baseName(w[i]?.value ?? '');
    if (!WRAPPERS.has(name)) return w.slice(i);
    i++;
    const withArg = WRAPPER_ARG_OPTIONS[name] ?? [];
    while (i < w.length && (w[i]?.value ?? '').startsWith('-')) {
      const opt = w[i]?.value ?? '';
      i++;
      if (opt === '--') break;
      if (withArg.includes(opt)) i++;
    }
  }
}

/** True for a redirect that sends stdout or stderr to a file (not `2>&1`-style duplication). */
export function redirectsOutputToFile(r: Redirect): boolean {
  if (r.op === '&>' || r.op === '&>>') return true;
  if (r.op !== '>' && r.op !== '>>' && r.op !== '>|') return false;
  const fd = r.fd ?? 1;
  return fd === 1 || fd === 2;
}

/** True when the command's stdout or stderr goes to a file or into a pipe. */
export function commandOutputHandled(command: SimpleCommand): boolean {
  return command.pipedOut || command.redirects.some(redirectsOutputToFile);
}

/** An `exec` with no program, only redirections: `exec >>/var/log/x.log 2>&1`. */
export function isExecRedirection(command: SimpleCommand): boolean {
  const first = command.words[0];
  return (
    command.words.length === 1 &&
    first !== undefined &&
    first.value === 'exec' &&
    !first.quoted &&
    command.redirects.some(redirectsOutputToFile)
  );
}

export interface PrivilegeDrop {
  /** The program that switches user (`su`, `sudo`, `start-stop-daemon`, …). */
  readonly tool: string;
  /** The user it switches to, as written (`user` or `user:group`). */
  readonly user: string;
  /** The word naming the program, for locations. */
  readonly word: ShellWord;
}

/** The user a switching program is told to run as, or null when it names none. */
function findUser(tool: string, args: readonly ShellWord[]): string | null {
  const v = args.map((a) => a.value);
  const optionValue = (short: string | null, long: string | null): string | null => {
    for (let i = 0; i < v.length; i++) {
      const a = v[i] as string;
      if (a === '--') break;
      if ((short && a === short) || (long && a === long)) return v[i + 1] ?? null;
      if (long && a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (short && a.startsWith(short) && a.length > short.length && !a.startsWith('--')) return a.slice(short.length);
    }
    return null;
  };
  switch (tool) {
    case 'sudo':
      return optionValue('-u', '--user');
    case 'start-stop-daemon':
      return optionValue('-c', '--chuid');
    case 'chpst':
      return optionValue('-u', null);
    case 'setuidgid':
    case 's6-setuidgid':
      return v[0] ?? null;
    case 'runuser':
    case 'su': {
      const explicit = tool === 'runuser' ? optionValue('-u', '--user') : null;
      if (explicit) return explicit;
      // Positional user: the first operand that is not an option or an option's argument.
      const takesArg = new Set(['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '-C', '--session-command']);
      for (let i = 0; i < v.length; i++) {
        const a = v[i] as string;
        if (a === '--') return v[i + 1] ?? null;
        if (takesArg.has(a)) {
          i++;
          continue;
        }
        if (a.startsWith('-')) continue;
        return a;
      }
      return null;
    }
    case 'minijail0':
      return optionValue('-u', null);
    case 'uwsgi':
      return optionValue(null, '--uid') ?? optionValue(null, '--setuid');
    case 'gunicorn':
      return optionValue('-u', '--user');
    case 'setpriv': {
      const uid = optionValue(null, '--reuid') ?? optionValue(null, '--ruid') ?? optionValue(null, '--euid');
      return uid;
    }
    case 'chroot': {
      const spec = optionValue(null, '--userspec');
      return spec === null ? null : (spec.split(':')[0] ?? null);
    }
    default:
      return null;
  }
}

/**
 * Programs that run their command (or themselves) as another user: the classic switchers, plus
 * daemons and sandboxes with a user option (minijail0 is how ChromeOS jobs drop root).
 */
const SWITCHERS = new Set([
  'su', 'sudo', 'start-stop-daemon', 'chpst', 'setuidgid', 's6-setuidgid', 'runuser',
  'minijail0', 'uwsgi', 'gunicorn', 'setpriv', 'chroot',
]);

/** The first command that runs its program as another, non-root user, if any. */
export function findPrivilegeDrop(commands: readonly SimpleCommand[]): PrivilegeDrop | null {
  for (const c of commands) {
    const words = programWords(c);
    const head = words[0];
    if (!head) continue;
    const tool = baseName(head.value);
    if (!SWITCHERS.has(tool)) continue;
    const user = findUser(tool, words.slice(1));
    if (user === null || user === '') continue;
    const name = user.split(':')[0] ?? '';
    if (name === 'root' || name === '0' || name === '') continue;
    return { tool, user, word: head };
  }
  return null;
}
