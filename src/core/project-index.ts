/**
 * The cheap first pass of the project model: what one job file contributes to the project (the
 * events it declares with `emits`, what its `start on` and `stop on` refer to, the unix sockets
 * it asks upstart-socket-bridge for), read without building the file's AST.
 *
 * Stanzas are delimited by the grammar's own pre-scanner (the reader upstart uses for each
 * stanza), so script blocks, multi-line `start on` expressions, quotes and comments are read
 * exactly as upstart reads them; only `start`/`stop`, `emits` and `manual` stanzas are looked at,
 * and their tokens are read directly. The processes (`script` blocks, `exec` lines) are read by
 * the shell parser only in files whose text contains `initctl` and `emit`, for the events they
 * send with `initctl emit` (script-emits.ts). This costs about a quarter of a full parse (docs/design.md,
 * "Project model").
 */
import { lexStanza } from '../grammar/lexer.js';
import { HASH, NL, lineEndFrom, skipWS } from '../grammar/scanner.js';
import * as T from '../grammar/tokens.js';
import type { UToken } from '../grammar/tokens.js';
import { collectScriptEmits, mayEmitFromScripts, type ScriptEmits } from './script-emits.js';

/** The four events init emits for every job; their first positional argument (or `JOB=`) names it. */
export const JOB_EVENTS: ReadonlySet<string> = new Set(['starting', 'started', 'stopping', 'stopped']);

/** One operand of a `start on` / `stop on` expression, reduced to what the project needs. */
export interface EventReference {
  /** The event name as upstart matches it (dequoted). */
  readonly event: string;
  /**
   * For `starting`/`started`/`stopping`/`stopped` (and their `:sys:` copies): the job named by
   * the first positional argument or `JOB=`; null otherwise.
   */
  readonly job: string | null;
}

/** What a `start on` stanza contributes: null = none in this file, `'cleared'` = a later `manual`. */
export type StartOnState = readonly EventReference[] | 'cleared' | null;

export interface JobFileIndex {
  /** `emits` values (globs), in order, then the names its processes send with `initctl emit`. */
  readonly emits: readonly string[];
  /** True when a process runs `initctl emit` with a name the shell computes (`"$EVENT"`). */
  readonly emitsDynamic: boolean;
  /** The effective `start on` of this file alone (see StartOnState). */
  readonly startOn: StartOnState;
  /** The last `stop on` of this file, or null. */
  readonly stopOn: readonly EventReference[] | null;
  /** Unix socket paths of `socket PROTO=unix PATH=…` (or `SOCKET_PATH=…`) operands ('' without a path). */
  readonly unixSockets: readonly string[];
}

const EMPTY: readonly string[] = [];

/** Indexes one job file's text (never throws; a broken stanza contributes what it can). */
export function indexJobText(text: string, intern: (s: string) => string = own): JobFileIndex {
  const emits: string[] = [];
  let startOn: StartOnState = null;
  let stopOn: EventReference[] | null = null;
  const sockets: string[] = [];
  const n = text.length;
  let pos = 0;
  // Processes are read only when one of them may run `initctl emit` (rare).
  const scripts: ScriptEmits | null = mayEmitFromScripts(text) ? { names: [], dynamic: false } : null;
  // Stanza keywords that matter are rare: skip the whole scan for files without them.
  if (scripts === null && !/\b(start|stop|emits|manual)\b/.test(text)) return { emits, emitsDynamic: false, startOn, stopOn, unixSockets: EMPTY };
  try {
    for (;;) {
      pos = skipWS(text, pos);
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === HASH) {
        pos = lineEndFrom(text, pos) + 1;
        continue;
      }
      if (c === NL) {
        pos++;
        continue;
      }
      const lx = lexStanza(text, pos);
      const first = lx.tokens[0];
      if (first) {
        const type = first.tokenType;
        if (type === T.KwEvent) {
          const refs = eventReferences(lx.tokens, sockets, intern);
          if (refs) {
            if (first.image === 'start') startOn = refs;
            else stopOn = refs;
          }
        } else if (type === T.KwWordList && first.image === 'emits') {
          for (let i = 1; i < lx.tokens.length; i++) {
            const t = lx.tokens[i] as UToken;
            if (t.tokenType === T.Word && t.value !== '') emits.push(intern(own(t.value)));
          }
        } else if (type === T.KwBare && first.image === 'manual') {
          if (startOn !== null) startOn = 'cleared';
        } else if (scripts !== null && (type === T.KwExec || type === T.KwScript || type === T.KwHook)) {
          for (const t of lx.tokens) {
            if (t.tokenType === T.Command) collectScriptEmits(t.value, scripts);
            else if (t.tokenType === T.Block && t.block) collectScriptEmits(blockText(text, t.block.lines, t.block.indent), scripts);
          }
        }
      }
      // lexStanza always advances; the guard keeps a bug from becoming an endless loop.
      pos = lx.end > pos ? lx.end : pos + 1;
    }
  } catch {
    // Indexing is best effort: the full parse of the file reports what is wrong with it.
  }
  if (scripts !== null) for (const name of scripts.names) emits.push(intern(own(name)));
  return {
    emits: emits.length > 0 ? emits : EMPTY,
    emitsDynamic: scripts !== null && scripts.dynamic,
    startOn,
    stopOn,
    unixSockets: sockets.length > 0 ? sockets : EMPTY,
  };
}

/** A script body as upstart runs it: each line without the block's common indentation (blanks). */
function blockText(text: string, lines: ReadonlyArray<readonly [number, number]>, indent: number): string {
  let out = '';
  for (const [a, b] of lines) {
    let s = a;
    const limit = Math.min(a + indent, b);
    while (s < limit) {
      const c = text.charCodeAt(s);
      if (c !== 32 && c !== 9) break;
      s++;
    }
    out += text.slice(s, b);
  }
  return out;
}

/**
 * The operands of an event expression from its tokens (`start`, `on`, then words, parentheses and
 * operators): a word that follows `on`, an operator or `(` names an event, the words after it are
 * its arguments. Null when the stanza has no `on` (upstart rejects it).
 */
function eventReferences(tokens: readonly UToken[], sockets: string[], intern: (s: string) => string): EventReference[] | null {
  if (tokens[1]?.tokenType !== T.On) return null;
  const out: EventReference[] = [];
  let current: { event: string; args: [string, string][] } | null = null;
  const flush = (): void => {
    if (!current) return;
    const job = jobOf(current.event, current.args);
    out.push({ event: intern(own(current.event)), job: job === null ? null : intern(own(job)) });
    const socket = unixSocketPath(current.event, current.args);
    if (socket !== null) sockets.push(own(socket));
    current = null;
  };
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i] as UToken;
    const type = t.tokenType;
    if (type === T.Word) {
      if (current === null) {
        current = { event: t.value, args: [] };
      } else {
        current.args.push(splitArgument(t.value));
      }
    } else {
      flush();
    }
  }
  flush();
  return out;
}

/** `KEY=VALUE` → [KEY, VALUE]; `KEY!=VALUE` → [KEY!, VALUE]; positional → ['', VALUE]. */
function splitArgument(value: string): [string, string] {
  const neg = value.indexOf('!=');
  const eq = value.indexOf('=');
  if (neg !== -1 && neg < eq) return [`${value.slice(0, neg)}!`, value.slice(neg + 2)];
  if (eq !== -1) return [value.slice(0, eq), value.slice(eq + 1)];
  return ['', value];
}

/** The job a job event names: its first positional argument, or `JOB=`. */
function jobOf(event: string, args: readonly (readonly [string, string])[]): string | null {
  const base = event.startsWith(':sys:') ? event.slice(5) : event;
  if (!JOB_EVENTS.has(base)) return null;
  const first = args[0];
  if (first && first[0] === '') return first[1];
  for (const [k, v] of args) if (k === 'JOB') return v;
  return null;
}

/**
 * The path of a `socket` operand that asks upstart-socket-bridge for a unix socket: first argument
 * `PROTO=unix`, as the bridge and socket-bridge-permissions read it; its `PATH=` (or `SOCKET_PATH=`)
 * value, '' when it has none. Every operand that rule checks is among these (it decides whether a
 * run searches for nginx configuration, which only that rule reads).
 */
function unixSocketPath(event: string, args: readonly (readonly [string, string])[]): string | null {
  if (event !== 'socket') return null;
  const first = args[0];
  if (first === undefined || first[0] !== 'PROTO' || first[1] !== 'unix') return null;
  let path = '';
  for (const [k, v] of args) if (k === 'PATH' || k === 'SOCKET_PATH') path = v;
  return path;
}

/**
 * A copy of a string that does not keep the file's text alive: V8 represents a longer substring
 * as a slice of its parent, so an index of 10,000 files would otherwise hold all their text.
 */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
