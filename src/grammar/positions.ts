import type { Position, Span } from './ast.js';

/** What spanOfTokens needs of a token: its start and exclusive end offsets. */
export interface OffsetRange {
  readonly startOffset: number;
  /** Exclusive end offset. */
  readonly end: number;
}

/**
 * Offset ⇄ line/column conversion. The only place positions are computed: built once per text
 * (one pass collecting line starts), then each lookup is a binary search.
 */
/**
 * Index of the last of the ascending `starts` that is at or before `offset` (0 when none is):
 * the line, counted from 0, that an offset falls on, given where each line starts.
 */
export function lastStartAtOrBefore(starts: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class LineIndex {
  /** Offset of the first character of each line; lineStarts[0] === 0. */
  private readonly lineStarts: Uint32Array | number[];
  readonly length: number;

  constructor(readonly text: string) {
    const starts: number[] = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = starts.length > 4096 ? Uint32Array.from(starts) : starts;
    this.length = text.length;
  }

  /** Number of lines as upstart counts them: number of LF bytes + 1. */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1] ?? 0;
  }

  /** Offset just past the last character of `line`, excluding its LF (a CR before it is kept). */
  lineEnd(line: number): number {
    if (line >= this.lineStarts.length) return this.length;
    return (this.lineStarts[line] ?? this.length) - 1;
  }

  /** The line (0-based) of the last lookup: the parser asks in text order, mostly for the same or the next line. */
  private lastLine = 0;

  lineOf(offset: number): number {
    const starts = this.lineStarts;
    const near = this.lastLine;
    if ((starts[near] as number) <= offset) {
      if (near + 1 >= starts.length || offset < (starts[near + 1] as number)) return near + 1;
      if (near + 2 >= starts.length || offset < (starts[near + 2] as number)) return (this.lastLine = near + 1) + 1;
    }
    const line = lastStartAtOrBefore(starts, offset);
    this.lastLine = line;
    return line + 1;
  }

  private lastOffset = -1;
  private lastPosition: Position = { line: 1, column: 1, offset: 0 };

  position(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.length);
    // Spans of one stanza share their start (head, stanza, first argument): reuse the object.
    if (clamped === this.lastOffset) return this.lastPosition;
    const line = this.lineOf(clamped);
    const position = { line, column: clamped - this.lineStart(line) + 1, offset: clamped };
    this.lastOffset = clamped;
    this.lastPosition = position;
    return position;
  }

  /**
   * The span of `[start, end]` within line `line` (1-based), both offsets on that line: no
   * search, for callers walking lines in order.
   */
  spanOnLine(line: number, start: number, end: number): Span {
    const lineStart = this.lineStart(line);
    const s = { line, column: start - lineStart + 1, offset: start };
    return { start: s, end: end === start ? s : { line, column: end - lineStart + 1, offset: end } };
  }

  span(start: number, end: number): Span {
    const s = this.position(start);
    return { start: s, end: end === start ? s : this.position(end) };
  }
}

/**
 * The span from the start of `first` to the end of `last` (default: `first` alone): the one place
 * where token offsets become positions. A `last` that ends before `first` starts (an empty token
 * placed earlier) yields an empty span at `first`.
 */
export function spanOfTokens(lines: LineIndex, first: OffsetRange, last: OffsetRange = first): Span {
  return lines.span(first.startOffset, Math.max(first.startOffset, last.end));
}
