/**
 * Hover, completion and document symbols: read from the document's AST (parsed again here, which
 * costs well under a millisecond for a job file) and the findings of its last lint.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, DocumentSymbol, Hover, Position } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Rule } from '../core/rule.js';
import { parse, walkExpression, type JobFile, type Stanza } from '../index.js';
import { rangeOf } from './convert.js';
import { JOB_EVENTS, LIMIT_RESOURCES, SIGNAL_NAMES, STANZA_DOCS, STANZA_KEYWORDS, WELL_KNOWN_EVENTS } from './stanza-docs.js';
import { withoutLastWord } from '../core/trim.js';

// ---- hover --------------------------------------------------------------------------------------

function stanzaHover(keyword: string): string | null {
  const doc = STANZA_DOCS[keyword];
  if (!doc) return null;
  return `\`\`\`upstart\n${doc.syntax}\n\`\`\`\n${doc.text}${doc.since !== undefined ? `\n\n*Since upstart ${doc.since}.*` : ''}`;
}

function ruleHover(d: Diagnostic, registry: ReadonlyMap<string, Rule>): string {
  const link = d.url !== undefined ? ` ([documentation](${d.url}))` : '';
  if (d.ruleId === 'syntax') return `**syntax**: upstart refuses to load this file.${link}`;
  if (d.ruleId === 'unused-directive') return `**unused-directive**: an \`upstart-lint\` comment that suppresses nothing or is not understood.`;
  const meta = registry.get(d.ruleId)?.meta;
  if (!meta) return `**${d.ruleId}**${link}`;
  const severity = meta.defaultSeverity === 'off' ? 'off by default' : `${meta.defaultSeverity} by default`;
  const extras = [meta.fixable ? 'fixable' : '', meta.hasSuggestions ? 'has suggestions' : ''].filter((x) => x !== '').join(', ');
  return `**${meta.id}** (${meta.category}, ${severity}${extras !== '' ? `, ${extras}` : ''}): ${meta.description}.${link}`;
}

/** What the stanza keyword under the cursor does, and the rule behind each finding there. */
export function hover(doc: TextDocument, ast: JobFile | null, diagnostics: readonly Diagnostic[], registry: ReadonlyMap<string, Rule>, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const parts: string[] = [];
  const stanza = ast?.stanzas.find((s) => s.head.start.offset <= offset && offset <= s.head.end.offset);
  if (stanza) {
    const text = stanzaHover(stanza.keyword);
    if (text !== null) parts.push(text);
  }
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (d.filePath !== undefined || d.span.start.offset > offset || offset > d.span.end.offset) continue;
    const text = ruleHover(d, registry);
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  if (parts.length === 0) return null;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, ...(stanza ? { range: rangeOf(doc, stanza.head.start.offset, stanza.head.end.offset) } : {}) };
}

// ---- completion ---------------------------------------------------------------------------------

/** The first word of every stanza keyword (`start`, `kill`, `pre-start`, …). */
const HEAD_WORDS = new Set(STANZA_KEYWORDS.map((k) => k.split(' ')[0] as string));

/** Values offered after a stanza's words: what precedes the cursor on the line → choices. */
const VALUE_CONTEXTS: readonly { readonly before: RegExp; readonly values: readonly string[] }[] = [
  { before: /^console\s+$/, values: ['log', 'none', 'output', 'owner'] },
  { before: /^expect\s+$/, values: ['none', 'fork', 'daemon', 'stop'] },
  { before: /^(kill|reload)\s+signal\s+$/, values: SIGNAL_NAMES },
  { before: /^normal\s+exit(\s+\S+)*\s+$/, values: SIGNAL_NAMES },
  { before: /^limit\s+$/, values: LIMIT_RESOURCES },
  { before: /^limit\s+\S+(\s+\S+)?\s+$/, values: ['unlimited'] },
  { before: /^respawn\s+limit\s+$/, values: ['unlimited'] },
  { before: /^oom\s+score\s+$/, values: ['never'] },
  { before: /^oom\s+$/, values: ['score', 'never'] },
  { before: /^kill\s+$/, values: ['timeout', 'signal'] },
  { before: /^reload\s+$/, values: ['signal'] },
  { before: /^respawn\s+$/, values: ['limit'] },
  { before: /^normal\s+$/, values: ['exit'] },
  { before: /^apparmor\s+$/, values: ['load', 'switch'] },
  { before: /^(start|stop)\s+$/, values: ['on'] },
  { before: /^(pre-start|post-start|pre-stop|post-stop)\s+$/, values: ['exec', 'script'] },
];

/** What the workspace knows: job names and event names. */
export interface Known {
  readonly jobs: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
}

const KEYWORD = 14;
const VALUE = 12;
const EVENT = 23;
const MODULE = 9;

function inScript(ast: JobFile, offset: number): boolean {
  return ast.stanzas.some((s) => s.type === 'ScriptStanza' && s.body.span.start.offset <= offset && offset <= s.body.span.end.offset && s.body.lines.length > 0 && offset > s.head.end.offset);
}

/**
 * The event condition the cursor is in, as the text from `start on`/`stop on` to the cursor, or
 * null: the stanza starts on this line, or on an earlier one while a parenthesis is open.
 */
function eventCondition(text: string, lineStart: number, offset: number): string | null {
  let start = lineStart;
  for (let guard = 0; guard < 200; guard++) {
    const lineEnd = text.indexOf('\n', start);
    const line = text.slice(start, lineEnd === -1 || lineEnd > offset ? offset : lineEnd);
    const m = /^\s*(start|stop)\s+on\s/.exec(line);
    if (m) {
      const condition = text.slice(start + m[0].length, offset);
      // Outside parentheses the condition ends with its line.
      let depth = 0;
      for (let i = 0; i < condition.length; i++) {
        const c = condition[i];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === '#') {
          const nl = condition.indexOf('\n', i);
          if (nl === -1) return null;
          i = nl - 1;
        } else if (c === '\n' && depth <= 0 && condition[condition[i - 1] === '\r' ? i - 2 : i - 1] !== '\\') return null;
      }
      return condition;
    }
    const first = /^\s*(\S+)/.exec(line)?.[1];
    if (start !== lineStart && first !== undefined && HEAD_WORDS.has(first)) return null;
    if (start === 0) return null;
    start = text.lastIndexOf('\n', start - 2) + 1;
  }
  return null;
}

export function completion(doc: TextDocument, ast: JobFile | null, known: Known, position: Position): CompletionItem[] {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  if (ast !== null && inScript(ast, offset)) return [];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return [];

  const condition = eventCondition(text, lineStart, offset);
  if (condition !== null) {
    // The word before the one being typed decides: a job event takes a job name.
    const words = condition.replace(/[()]/g, ' $& ').split(/\s+/).filter((w) => w !== '');
    // The word being typed, if any, is not a previous word.
    if (/\S$/.test(condition)) words.pop();
    const previous = words[words.length - 1];
    if (previous !== undefined && JOB_EVENTS.includes(previous)) {
      return [...known.jobs].sort().map((j) => ({ label: j, kind: MODULE, detail: 'job' }));
    }
    if (previous === undefined || previous === 'and' || previous === 'or' || previous === '(') {
      const events = new Set([...JOB_EVENTS, ...WELL_KNOWN_EVENTS, ...known.events]);
      return [...events].sort().map((e) => ({ label: e, kind: EVENT, detail: JOB_EVENTS.includes(e) ? 'event about a job: follow it with the job name' : known.events.has(e) ? 'event (used or emitted in the workspace)' : 'event' }));
    }
    return [];
  }

  const trimmed = before.replace(/^\s+/, '');
  if (!/\s/.test(trimmed)) {
    // The first word of a line: a stanza keyword.
    return STANZA_KEYWORDS.map((k) => {
      const d = STANZA_DOCS[k];
      return { label: k, kind: KEYWORD, ...(d ? { detail: d.syntax.split('\n')[0] as string, documentation: { kind: 'markdown' as const, value: d.text } } : {}) };
    });
  }
  const head = withoutLastWord(trimmed);
  for (const c of VALUE_CONTEXTS) {
    if (c.before.test(head)) return c.values.map((v) => ({ label: v, kind: VALUE }));
  }
  return [];
}

// ---- document symbols ---------------------------------------------------------------------------

const SYMBOL = { function: 12, event: 24, variable: 13, property: 7, key: 20 } as const;

function shorten(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function symbolOf(doc: TextDocument, text: string, s: Stanza): DocumentSymbol | null {
  const range = rangeOf(doc, s.span.start.offset, s.span.end.offset);
  const selectionRange = rangeOf(doc, s.head.start.offset, s.head.end.offset);
  switch (s.type) {
    case 'ExecStanza':
      return { name: s.phase === 'main' ? 'exec' : `${s.phase} exec`, detail: shorten(s.command.value), kind: SYMBOL.function, range, selectionRange };
    case 'ScriptStanza':
      return { name: s.phase === 'main' ? 'script' : `${s.phase} script`, detail: shorten(s.body.lines.find((l) => l.text.trim() !== '')?.text ?? ''), kind: SYMBOL.function, range, selectionRange };
    case 'StartOnStanza':
    case 'StopOnStanza': {
      const events = [...walkExpression(s.expression)].filter((n) => n.type === 'EventMatch').map((n) => (n.type === 'EventMatch' ? n.event.value : ''));
      return { name: s.keyword, detail: shorten(events.join(', ')), kind: SYMBOL.event, range, selectionRange };
    }
    case 'EnvStanza':
      return { name: `env ${s.name}`, detail: shorten(s.value ?? '(from init)'), kind: SYMBOL.variable, range, selectionRange };
    case 'InvalidStanza':
      return { name: s.keyword, detail: 'upstart refuses this stanza', kind: SYMBOL.key, range, selectionRange };
    default: {
      const rest = shorten(text.slice(s.head.end.offset, s.span.end.offset));
      return { name: s.keyword, ...(rest !== '' ? { detail: rest } : {}), kind: SYMBOL.property, range, selectionRange };
    }
  }
}

/** One symbol per stanza: process slots as functions, event conditions as events, `env` as variables. */
export function documentSymbols(doc: TextDocument, ast: JobFile): DocumentSymbol[] {
  const text = doc.getText();
  const out: DocumentSymbol[] = [];
  for (const s of ast.stanzas) {
    const sym = symbolOf(doc, text, s);
    if (sym) out.push(sym);
  }
  return out;
}

/** Parses a document for these features; null for text that is not worth parsing (binary, huge). */
export function parseDocument(text: string, maxBytes: number): JobFile | null {
  if (text.includes('\0') || text.length > maxBytes) return null;
  return parse(text).ast;
}
