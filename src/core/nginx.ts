/**
 * What the project model needs from nginx configuration files: the unix sockets nginx connects to
 * and the user its workers run as. A small tokenizer that follows nginx's documented syntax
 * (nginx.org "Configuration file measurement units" / "Beginner's guide", and the reader
 * `ngx_conf_read_token`): directives are words separated by whitespace and ended by `;`, a `{`
 * opens a block and `}` closes it, `#` starts a comment at the start of a word, `"…"` and `'…'`
 * quote (with backslash escapes), a backslash escapes the next character, and `${name}` is a
 * variable, not a block. The `*_by_lua_block { … }` directives of the Lua module hold Lua code,
 * read with Lua's string and comment rules. Why not an npm parser: docs/design.md, "nginx".
 */
import type { Span } from '../grammar/ast.js';
import { LineIndex } from '../grammar/positions.js';

export interface NginxWord {
  /** The word with quotes and escapes removed. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface NginxDirective {
  readonly name: NginxWord;
  readonly args: readonly NginxWord[];
  /** Offset just past the `;`, `{` (for a block: past its `}`) or end of text. */
  readonly end: number;
  /** The directives inside its `{ … }`, or null for a simple directive. */
  readonly block: readonly NginxDirective[] | null;
}

export interface NginxParse {
  readonly directives: readonly NginxDirective[];
  /** The first syntax problem met (unbalanced braces, unterminated quote), or null. */
  readonly error: { readonly message: string; readonly offset: number } | null;
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

class Reader {
  pos = 0;
  error: { message: string; offset: number } | null = null;
  constructor(private readonly text: string) {}

  private fail(message: string, offset: number): void {
    this.error ??= { message, offset };
  }

  /** Skips whitespace and comments; returns the next significant character or '' at the end. */
  private skip(): string {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (SPACE.has(c)) this.pos++;
      else if (c === '#') {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl + 1;
      } else return c;
    }
    return '';
  }

  private word(): NginxWord {
    const t = this.text;
    const start = this.pos;
    const q = t[start];
    let value = '';
    if (q === '"' || q === "'") {
      let i = start + 1;
      while (i < t.length && t[i] !== q) {
        if (t[i] === '\\' && i + 1 < t.length) {
          const n = t[i + 1] as string;
          value += n === 't' ? '\t' : n === 'n' ? '\n' : n === 'r' ? '\r' : n === q || n === '\\' ? n : `\\${n}`;
          i += 2;
        } else {
          value += t[i];
          i++;
        }
      }
      if (i >= t.length) {
        this.fail('unterminated quoted string', start);
        this.pos = t.length;
      } else this.pos = i + 1;
      return { value, start, end: this.pos };
    }
    let i = start;
    let dollar = false;
    while (i < t.length) {
      const c = t[i] as string;
      if (c === '{' && dollar) {
        // ${name}: a variable, read to its closing brace
        const close = t.indexOf('}', i);
        const stop = close === -1 ? t.length : close + 1;
        value += t.slice(i, stop);
        i = stop;
        dollar = false;
        continue;
      }
      if (SPACE.has(c) || c === ';' || c === '{') break;
      dollar = c === '$';
      if (c === '\\' && i + 1 < t.length) {
        const n = t[i + 1] as string;
        value += n === '"' || n === "'" || n === '\\' ? n : n === 't' ? '\t' : n === 'n' ? '\n' : n === 'r' ? '\r' : `\\${n}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    this.pos = i;
    return { value, start, end: i };
  }

  /** Directives up to the end of text (top) or the `}` that closes the current block. */
  block(top: boolean, depth: number): NginxDirective[] {
    const out: NginxDirective[] = [];
    for (;;) {
      const c = this.skip();
      if (c === '') {
        if (!top) this.fail('unexpected end of file, expecting "}"', this.pos);
        return out;
      }
      if (c === '}') {
        if (top) {
          this.fail('unexpected "}"', this.pos);
          this.pos++;
          continue;
        }
        this.pos++;
        return out;
      }
      if (c === ';' || c === '{') {
        this.fail(`unexpected "${c}"`, this.pos);
        this.pos++;
        continue;
      }
      const name = this.word();
      const args: NginxWord[] = [];
      for (;;) {
        const d = this.skip();
        if (d === '') {
          this.fail('unexpected end of file, expecting ";" or "}"', this.pos);
          out.push({ name, args, end: this.pos, block: null });
          return out;
        }
        if (d === ';') {
          this.pos++;
          out.push({ name, args, end: this.pos, block: null });
          break;
        }
        if (d === '{') {
          this.pos++;
          if (name.value.endsWith('_by_lua_block')) {
            this.skipLua();
            out.push({ name, args, end: this.pos, block: [] });
          } else if (depth >= 64) {
            // Real configurations nest a few levels; deeper input is skipped, not recursed into.
            this.skipBalanced();
            out.push({ name, args, end: this.pos, block: [] });
          } else {
            const inner = this.block(false, depth + 1);
            out.push({ name, args, end: this.pos, block: inner });
          }
          break;
        }
        if (d === '}') {
          this.fail('unexpected "}"', this.pos);
          out.push({ name, args, end: this.pos, block: null });
          break;
        }
        args.push(this.word());
      }
    }
  }

  /** Skips to the `}` that closes a block whose `{` was just read, counting braces only. */
  private skipBalanced(): void {
    const t = this.text;
    let depth = 1;
    while (this.pos < t.length && depth > 0) {
      const c = t[this.pos];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      this.pos++;
    }
  }

  /** Skips Lua code to the `}` closing a `*_by_lua_block {`, honouring Lua strings and comments. */
  private skipLua(): void {
    const t = this.text;
    let depth = 1;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === '-' && t[this.pos + 1] === '-') {
        const long = /^--\[(=*)\[/.exec(t.slice(this.pos, this.pos + 64));
        if (long) {
          const close = t.indexOf(`]${long[1] ?? ''}]`, this.pos);
          this.pos = close === -1 ? t.length : close + (long[1]?.length ?? 0) + 2;
        } else {
          const nl = t.indexOf('\n', this.pos);
          this.pos = nl === -1 ? t.length : nl + 1;
        }
        continue;
      }
      if (c === '[') {
        const long = /^\[(=*)\[/.exec(t.slice(this.pos, this.pos + 64));
        if (long) {
          const close = t.indexOf(`]${long[1] ?? ''}]`, this.pos);
          this.pos = close === -1 ? t.length : close + (long[1]?.length ?? 0) + 2;
          continue;
        }
      }
      if (c === '"' || c === "'") {
        let i = this.pos + 1;
        while (i < t.length && t[i] !== c && t[i] !== '\n') i += t[i] === '\\' ? 2 : 1;
        this.pos = i + 1;
        continue;
      }
      this.pos++;
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return;
    }
    this.fail('unexpected end of file in a Lua block', this.pos);
  }
}

/** Parses an nginx configuration file (never throws). */
export function parseNginx(text: string): NginxParse {
  const r = new Reader(text);
  const directives = r.block(true, 0);
  return { directives, error: r.error };
}

/** A unix socket nginx connects to, and where. */
export interface NginxSocketUse {
  /** The socket path as written after `unix:`. */
  readonly path: string;
  /** The directive: `server` (in an `upstream`), `proxy_pass`, `uwsgi_pass`, … */
  readonly directive: string;
  readonly span: Span;
}

/** What one nginx file says that the project model uses. */
export interface NginxFacts {
  readonly path: string;
  /** A main configuration (nginx.conf): it has an `events` or `http` block at the top level. */
  readonly isMain: boolean;
  /** The top-level `user` directive: its first argument and the span of the directive. */
  readonly user: { readonly name: string; readonly span: Span } | null;
  /** `include` patterns anywhere in the file. */
  readonly includes: readonly string[];
  readonly sockets: readonly NginxSocketUse[];
  readonly error: NginxParse['error'];
}

const PASS_DIRECTIVES = new Set(['proxy_pass', 'uwsgi_pass', 'fastcgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass']);

/** `unix:/run/x.sock`, `http://unix:/run/x.sock:/uri` → `/run/x.sock`; anything else → null. */
export function unixSocketOf(address: string): string | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(address);
  const rest = scheme ? address.slice(scheme[0].length) : address;
  if (!rest.startsWith('unix:')) return null;
  const path = rest.slice(5);
  const colon = path.indexOf(':');
  const out = colon === -1 ? path : path.slice(0, colon);
  return out === '' ? null : out;
}

/** Reads an nginx file's facts (never throws). */
export function nginxFacts(path: string, text: string): NginxFacts {
  const parsed = parseNginx(text);
  let lines: LineIndex | null = null;
  const span = (start: number, end: number): Span => (lines ??= new LineIndex(text)).span(start, end);
  let isMain = false;
  let user: NginxFacts['user'] = null;
  const includes: string[] = [];
  const sockets: NginxSocketUse[] = [];
  for (const d of parsed.directives) {
    const name = d.name.value;
    if ((name === 'http' || name === 'events' || name === 'stream') && d.block) isMain = true;
    if (name === 'user' && d.block === null && d.args[0]) {
      isMain = true;
      user = { name: d.args[0].value, span: span(d.name.start, d.end) };
    }
  }
  const stack: { list: readonly NginxDirective[]; upstream: boolean }[] = [{ list: parsed.directives, upstream: false }];
  while (stack.length > 0) {
    const { list, upstream } = stack.pop() as { list: readonly NginxDirective[]; upstream: boolean };
    for (const d of list) {
      const name = d.name.value;
      if (d.block) {
        stack.push({ list: d.block, upstream: name === 'upstream' });
        continue;
      }
      if (name === 'include' && d.args[0]) includes.push(d.args[0].value);
      const address = d.args[0];
      if (!address) continue;
      if ((upstream && name === 'server') || PASS_DIRECTIVES.has(name)) {
        const socket = unixSocketOf(address.value);
        if (socket !== null) sockets.push({ path: socket, directive: name, span: span(d.name.start, d.end) });
      }
    }
  }
  sockets.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { path, isMain, user, includes, sockets, error: parsed.error };
}

/** nginx's include patterns: `*`, `?` and `[…]` in file names (glob(3)). */
export function includeMatcher(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re.replace(/^\//, '')}$`);
}
