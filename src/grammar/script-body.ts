/**
 * `script … end script` blocks (grammar document section 1.7): reading the body for the lexer,
 * and building the ScriptStanza node for the parser.
 *
 * The body is raw text: no quote handling, no comments, no escapes. upstart strips the common
 * indentation (the longest run of leading whitespace that every body line shares byte for byte
 * with the first line) and keeps every line's newline.
 */
import type { ProcessPhase, ScriptLine, ScriptStanza } from './ast.js';
import * as M from './messages.js';
import { spanOfTokens, type LineIndex } from './positions.js';
import { isWS, readBlock } from './scanner.js';
import type { BlockInfo, SemanticError, UToken } from './tokens.js';

/** A line that looks like a mistyped terminator (`End Script`, `endscript`), for recovery. */
const NEAR_TERMINATOR = /^[ \t\r]*end[ \t\r]*script[ \t\r]*(#.*)?\r?\n?$/i;

/**
 * Reads a script body starting at `bodyStart` (the first byte after the `script` line). When no
 * terminator follows, a line that looks like a mistyped one ends the block for the rest of the
 * parse (recovery), and `near` records it for the diagnostic.
 */
export function readScriptBlock(src: string, bodyStart: number): BlockInfo {
  const b = readBlock(src, bodyStart);
  if (b.terminatorStart !== -1) {
    return { lines: b.lines, indent: b.indent, terminatorStart: b.terminatorStart, next: b.next, near: -1 };
  }
  const j = b.lines.findIndex(([a, e]) => NEAR_TERMINATOR.test(src.slice(a, e)));
  if (j === -1) return { lines: b.lines, indent: b.indent, terminatorStart: -1, next: b.next, near: -1 };
  const [nearStart, nearEnd] = b.lines[j] as readonly [number, number];
  const lines = b.lines.slice(0, j);
  return { lines, indent: commonIndent(src, lines), terminatorStart: -1, next: nearEnd, near: nearStart };
}

function commonIndent(src: string, lines: ReadonlyArray<readonly [number, number]>): number {
  const first = lines[0];
  if (!first) return 0;
  let indent = 0;
  while (first[0] + indent < first[1] && isWS(src.charCodeAt(first[0] + indent))) indent++;
  for (const [a] of lines) {
    let k = 0;
    while (k < indent && src.charCodeAt(a + k) === src.charCodeAt(first[0] + k)) k++;
    indent = k;
  }
  return indent;
}

/**
 * The ScriptStanza for `kw [sub]` and its block, or the "Unterminated block" error. `sub` is the
 * `script` sub-keyword of a `pre-start script` (…) stanza; null for the main `script`.
 */
export function buildScript(
  src: string,
  lines: LineIndex,
  kw: UToken,
  sub: UToken | null,
  info: BlockInfo,
  phase: ProcessPhase,
): ScriptStanza | SemanticError {
  const head = spanOfTokens(lines, kw, sub ?? kw);
  if (info.terminatorStart === -1) {
    let near: { line: number; text: string } | null = null;
    if (info.near !== -1) {
      const line = lines.lineOf(info.near);
      near = { line, text: src.slice(info.near, lines.lineEnd(line)).trim() };
    }
    return {
      messageId: 'unterminatedBlock',
      token: kw,
      start: kw.startOffset,
      end: (sub ?? kw).end,
      upstartLine: lines.lineCount,
      message: M.unterminatedBlock(near),
    };
  }
  const bodyLines: ScriptLine[] = [];
  const texts: string[] = [];
  const indent = info.indent;
  // Body lines are consecutive lines of the file: count them instead of searching for each.
  let lineNo = info.lines.length > 0 ? lines.lineOf((info.lines[0] as readonly [number, number])[0]) : 0;
  for (const [a, e] of info.lines) {
    const contentEnd = e > a && src.charCodeAt(e - 1) === 10 ? e - 1 : e;
    const lineRaw = src.slice(a, contentEnd);
    const lineText = indent === 0 ? lineRaw : src.slice(a + indent, contentEnd);
    if (indent !== 0) texts.push(src.slice(a + indent, e));
    bodyLines.push({ raw: lineRaw, text: lineText, span: lines.spanOnLine(lineNo++, a, contentEnd) });
  }
  const bodyStart = info.lines[0]?.[0] ?? info.terminatorStart;
  const bodyEnd = info.lines.length > 0 ? (info.lines[info.lines.length - 1] as readonly [number, number])[1] : info.terminatorStart;
  const termEnd = info.next > info.terminatorStart && src.charCodeAt(info.next - 1) === 10 ? info.next - 1 : info.next;
  let termContentEnd = termEnd;
  while (termContentEnd > info.terminatorStart && isWS(src.charCodeAt(termContentEnd - 1))) termContentEnd--;
  // One slice for the raw body; the stripped text is joined flat (no rope of line slices).
  const raw = src.slice(bodyStart, bodyEnd);
  return {
    type: 'ScriptStanza',
    keyword: phase === 'main' ? 'script' : phase,
    phase,
    head,
    span: lines.span(kw.startOffset, termContentEnd),
    body: {
      type: 'ScriptBody',
      raw,
      text: indent === 0 ? raw : texts.join(''),
      indent: src.slice(bodyStart, bodyStart + indent),
      lines: bodyLines,
      span: lines.span(bodyStart, bodyEnd),
      terminator: lines.span(info.terminatorStart, termContentEnd),
    },
  };
}

/**
 * Offsets [start of `#`, end of line) of the body lines whose first non-blank character is `#`
 * (shell comments), so that suppression directives can sit next to the line they are about.
 */
export function scriptCommentRanges(stanza: ScriptStanza): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const line of stanza.body.lines) {
    const first = line.raw.search(/\S/);
    if (first !== -1 && line.raw.charCodeAt(first) === 35 /* # */) {
      out.push([line.span.start.offset + first, line.span.end.offset]);
    }
  }
  return out;
}

