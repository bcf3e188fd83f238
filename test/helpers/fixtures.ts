/**
 * Rule fixtures: header directives, `# ^ rule(messageId)` markers and snapshot rendering.
 *
 * Format (fixtures/rules/<id>/{valid,invalid}/*.conf):
 * - header directives: the leading `# @name: value` comment lines
 *   (`@kind`, `@path`, `@options`, `@also`, `@target`, `@override`);
 * - markers: a line `# ^ <rule-id>` or `# ^ <rule-id>(<messageId>)` says that a diagnostic of that
 *   rule starts on the nearest line above that is not itself a marker.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import type { JobKind } from '../../src/core/job-kind.js';
import { LineIndex } from '../../src/grammar/positions.js';
import { ProjectBuilder, projectFileKind, type ProjectModel } from '../../src/core/project.js';

export interface Header {
  kind?: JobKind;
  path?: string;
  options?: unknown;
  also: string[];
  target?: string;
  override?: string;
  /** A directory beside the fixture holding the other files of its tree (mapped under `/tree/`). */
  tree?: string;
  /** Other files of the tree: absolute path → text. */
  project?: Record<string, string>;
}

export interface Marker {
  /** Line of the diagnostic's start. */
  readonly line: number;
  readonly ruleId: string;
  readonly messageId: string | null;
  /** The file the marker is in, when it is not the fixture itself (the `@override` file). */
  readonly file: string | null;
}

export interface Fixture {
  /** Fixture path relative to the repository root. */
  readonly file: string;
  /** The rule under test (the fixture folder name). */
  readonly ruleId: string;
  readonly expectation: 'valid' | 'invalid';
  readonly text: string;
  readonly header: Header;
  /** Text of the `@override` sibling, when given. */
  readonly overrideText: string | undefined;
  readonly markers: readonly Marker[];
}

const DIRECTIVE = /^#\s*@([a-z]+)\s*:\s*(.*?)\s*$/;
const MARKER = /^\s*#\s*\^\s*([a-z][a-z0-9-]*)(?:\(([A-Za-z0-9_]+)\))?\s*$/;
const KINDS: readonly string[] = ['system', 'user', 'session'];

/** Reads the leading `# @name: value` lines. Throws on an unknown or malformed directive. */
export function parseHeader(text: string, where: string): Header {
  const header: Header = { also: [] };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const m = DIRECTIVE.exec(line);
    if (!m) break;
    const name = m[1] ?? '';
    const value = m[2] ?? '';
    switch (name) {
      case 'kind':
        if (!KINDS.includes(value)) throw new Error(`${where}: @kind must be system, user or session, not "${value}"`);
        header.kind = value as JobKind;
        break;
      case 'path':
        header.path = value;
        break;
      case 'options':
        try {
          header.options = JSON.parse(value) as unknown;
        } catch (error) {
          throw new Error(`${where}: @options is not JSON (${String(error)})`);
        }
        break;
      case 'also':
        header.also.push(...value.split(/[\s,]+/).filter((s) => s !== ''));
        break;
      case 'target':
        header.target = value;
        break;
      case 'override':
        header.override = value;
        break;
      case 'tree':
        header.tree = value;
        break;
      case 'project': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value) as unknown;
        } catch (error) {
          throw new Error(`${where}: @project is not JSON (${String(error)})`);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
          throw new Error(`${where}: @project must be an object of path → text`);
        }
        header.project = parsed as Record<string, string>;
        break;
      }
      default:
        throw new Error(`${where}: unknown header directive @${name}`);
    }
  }
  return header;
}

/** Markers of a text: each refers to the nearest non-marker line above it. */
export function parseMarkers(text: string, file: string | null): Marker[] {
  const lines = text.split('\n');
  const markers: Marker[] = [];
  let target = 0;
  lines.forEach((rawLine, index) => {
    const m = MARKER.exec(rawLine.replace(/\r$/, ''));
    if (!m) {
      target = index + 1;
      return;
    }
    if (target === 0) throw new Error(`${file ?? 'fixture'}:${index + 1}: marker with no line above it`);
    markers.push({ line: target, ruleId: m[1] ?? '', messageId: m[2] ?? null, file });
  });
  return markers;
}

/** Reads a fixture; `file` is relative to the repository root (the vitest working directory). */
export function readFixture(file: string): Fixture {
  const parts = file.split('/');
  const expectation = parts[parts.length - 2];
  const ruleId = parts[parts.length - 3];
  if ((expectation !== 'valid' && expectation !== 'invalid') || ruleId === undefined) {
    throw new Error(`${file}: fixtures live in fixtures/rules/<rule-id>/{valid,invalid}/`);
  }
  const text = readFileSync(file, 'utf8');
  const header = parseHeader(text, file);
  let overrideText: string | undefined;
  const markers = parseMarkers(text, null);
  if (header.override !== undefined) {
    overrideText = readFileSync(join(dirname(file), header.override), 'utf8');
    markers.push(...parseMarkers(overrideText, basename(header.override)));
  }
  return { file, ruleId, expectation, text, header, overrideText, markers };
}

/**
 * Pairs diagnostics with markers and returns two comparable, sorted label lists. A marker without
 * a messageId matches a diagnostic of any messageId of that rule on that line.
 */
export function markerLabels(
  diagnostics: readonly Diagnostic[],
  markers: readonly Marker[],
  fileLabel: (d: Diagnostic) => string | null,
): { actual: string[]; expected: string[] } {
  const label = (file: string | null, line: number, ruleId: string, messageId: string | null): string =>
    `${file ? `${file}:` : ''}${line} ${ruleId}${messageId ? `(${messageId})` : ''}`;
  const unmatched = [...markers];
  const take = (pred: (m: Marker) => boolean): Marker | undefined => {
    const i = unmatched.findIndex(pred);
    return i < 0 ? undefined : unmatched.splice(i, 1)[0];
  };
  const actual: string[] = [];
  const pending: Diagnostic[] = [];
  // Exact (messageId) markers first, so that a bare marker does not steal an exact one's match.
  for (const d of diagnostics) {
    const file = fileLabel(d);
    const m = take((k) => k.file === file && k.line === d.span.start.line && k.ruleId === d.ruleId && k.messageId === d.messageId);
    if (m) actual.push(label(file, m.line, m.ruleId, m.messageId));
    else pending.push(d);
  }
  for (const d of pending) {
    const file = fileLabel(d);
    const m = take((k) => k.file === file && k.line === d.span.start.line && k.ruleId === d.ruleId && k.messageId === null);
    actual.push(m ? label(file, m.line, m.ruleId, null) : label(file, d.span.start.line, d.ruleId, d.messageId));
  }
  const expected = markers.map((m) => label(m.file, m.line, m.ruleId, m.messageId));
  return { actual: actual.sort(), expected: expected.sort() };
}

const pos = (p: { line: number; column: number }): string => `${p.line}:${p.column}`;

/**
 * The reviewed snapshot: one line per diagnostic (`L:C-L:C severity rule/messageId message`),
 * indented suggestion / related lines, each suggestion's edits, and for fixable rules the fixed
 * text.
 */
export function renderSnapshot(
  text: string,
  diagnostics: readonly Diagnostic[],
  fixed: string | undefined,
  fileName: (path: string) => string = basename,
): string {
  const lines = new LineIndex(text);
  const edit = (range: readonly [number, number], replacement: string): string => {
    const span = `${pos(lines.position(range[0]))}-${pos(lines.position(range[1]))}`;
    const what = range[0] === range[1] ? 'insert' : replacement === '' ? 'remove' : 'replace';
    return `    ${what} ${span}${replacement === '' ? '' : ` ${JSON.stringify(replacement)}`}`;
  };
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.filePath ? `${fileName(d.filePath)}:` : '';
    out.push(`${where}${pos(d.span.start)}-${pos(d.span.end)} ${d.severity} ${d.ruleId}/${d.messageId} ${d.message}`);
    for (const s of d.suggestions ?? []) {
      out.push(`  suggestion ${s.messageId}: ${s.message}`);
      // Edits of a companion-file diagnostic are never produced, so offsets are in `text`.
      for (const e of s.edits) out.push(edit(e.range, e.text));
    }
    for (const r of d.related ?? []) {
      out.push(`  related ${r.filePath ? `${fileName(r.filePath)}:` : ''}${pos(r.span.start)}: ${r.message}`);
    }
    if (d.fix) for (const e of d.fix.edits) out.push(`  fix${edit(e.range, e.text).slice(3)}`);
  }
  if (fixed !== undefined) {
    out.push('--- fixed ---');
    out.push(fixed.endsWith('\n') ? fixed.slice(0, -1) : fixed);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The project model of a fixture or docs example with `@tree` or `@project` (undefined without
 * either): the other files of its tree, plus the example itself at `path`, siblings known.
 */
export function fixtureProject(header: Header, baseDir: string, path: string, text: string): ProjectModel | undefined {
  if (header.tree === undefined && header.project === undefined) return undefined;
  const files = new Map<string, string>(Object.entries(header.project ?? {}));
  if (header.tree !== undefined) {
    const root = join(baseDir, header.tree);
    const walk = (dir: string, rel: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const abs = join(dir, name);
        const r = rel === '' ? name : `${rel}/${name}`;
        if (statSync(abs).isDirectory()) walk(abs, r);
        else files.set(`/tree/${r}`, readFileSync(abs, 'utf8'));
      }
    };
    walk(root, '');
  }
  files.set(path, text);
  const builder = new ProjectBuilder({ siblingsKnown: true });
  for (const [p, t] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = projectFileKind(p, true);
    if (kind === 'job') builder.addJob(p, t);
    else if (kind === 'nginx') builder.addNginx(p, t);
  }
  return builder.build();
}
