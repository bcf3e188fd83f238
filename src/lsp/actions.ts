/**
 * Code actions: every fix and suggestion of the diagnostics under the cursor, "disable for this
 * line" and "disable for this file" (a suppression comment with a `-- reason` placeholder), and
 * `source.fixAll` (the safe fixes of the whole document, under the command line's fix policy).
 *
 * A suppression comment is offered only where it works: the edited text is linted again, and the
 * comment must remove the finding without adding a load error or any other finding. (A comment
 * line inside a multi-line `start on (…)` would make upstart refuse the job, and a comment after a
 * backslash continuation would change the command.)
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic as LspDiagnostic, Range, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Diagnostic, TextEdit } from '../core/diagnostic.js';
import { fixText } from '../lint/fix-policy.js';
import { rangeOf } from './convert.js';

export const FIX_ALL_KIND = 'source.fixAll';
const QUICK_FIX = 'quickfix';

export interface ActionContext {
  readonly doc: TextDocument;
  /** The diagnostics of the document's current text (from its last lint). */
  readonly diagnostics: readonly Diagnostic[];
  /** The published form of each, by index (undefined for those located in the companion). */
  readonly published: ReadonlyMap<number, LspDiagnostic>;
  /** Lints an edited text of the document with the same settings. */
  readonly relint: (text: string) => Diagnostic[];
  /** Whether the client asked only for some kinds (`context.only`). */
  readonly only: readonly string[] | undefined;
}

function edits(doc: TextDocument, list: readonly TextEdit[]): LspTextEdit[] {
  return list.map((e) => ({ range: rangeOf(doc, e.range[0], e.range[1]), newText: e.text }));
}

function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.length === 0 || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  // Touching counts: a cursor at either end of a diagnostic's range is on it.
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Code actions for `range` of the document. */
export function codeActions(ctx: ActionContext, range: Range): CodeAction[] {
  const { doc, diagnostics } = ctx;
  const out: CodeAction[] = [];
  const text = doc.getText();
  if (wanted(ctx.only, QUICK_FIX)) {
    diagnostics.forEach((d, index) => {
      const lsp = ctx.published.get(index);
      if (lsp === undefined || !overlaps(lsp.range, range)) return;
      if (d.fix) {
        out.push({ title: `Fix this ${d.ruleId} problem`, kind: QUICK_FIX, isPreferred: true, diagnostics: [lsp], edit: { changes: { [doc.uri]: edits(doc, d.fix.edits) } } });
      }
      for (const s of d.suggestions ?? []) {
        out.push({ title: s.message, kind: QUICK_FIX, diagnostics: [lsp], edit: { changes: { [doc.uri]: edits(doc, s.edits) } } });
      }
      if (d.ruleId === 'syntax' || d.ruleId === 'unused-directive' || d.fatal) return;
      const line = disableLine(ctx, text, d);
      if (line) out.push({ title: `Disable ${d.ruleId} for this line`, kind: QUICK_FIX, diagnostics: [lsp], edit: { changes: { [doc.uri]: edits(doc, [line]) } } });
      const file = disableFile(ctx, text, d);
      if (file) out.push({ title: `Disable ${d.ruleId} for the whole file`, kind: QUICK_FIX, diagnostics: [lsp], edit: { changes: { [doc.uri]: edits(doc, [file]) } } });
    });
  }
  if (wanted(ctx.only, FIX_ALL_KIND)) {
    const all = fixAll(ctx);
    if (all) out.push(all);
  }
  return out;
}

/** The safe fixes of the whole document as one action, when there are any and the policy allows them. */
export function fixAll(ctx: ActionContext): CodeAction | null {
  const { doc } = ctx;
  const text = doc.getText();
  const verdict = fixText({ path: '', text, validUtf8: true, hasNul: text.includes('\0') }, ctx.diagnostics, ctx.relint);
  if (verdict.kind === 'none') return null;
  const title = 'Fix all safely fixable upstart-lint problems';
  if (verdict.kind === 'refused') return { title, kind: FIX_ALL_KIND, disabled: { reason: `Not fixed: ${verdict.reason}` } };
  return { title, kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: [{ range: rangeOf(doc, 0, text.length), newText: verdict.text }] } } };
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

function apply(text: string, edit: TextEdit): string {
  return text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);
}

/** Whether `edit` removes the finding `d` and changes nothing else about the findings. */
function suppresses(ctx: ActionContext, text: string, edit: TextEdit, d: Diagnostic): boolean {
  const key = (x: Diagnostic): string => `${x.filePath ?? ''}|${x.ruleId}|${x.messageId}|${x.message}`;
  const count = (list: readonly Diagnostic[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of list) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
    return m;
  };
  let after: Diagnostic[];
  try {
    after = ctx.relint(apply(text, edit));
  } catch {
    return false;
  }
  const before = count(ctx.diagnostics);
  const now = count(after);
  for (const [k, n] of now) if (n > (before.get(k) ?? 0)) return false;
  return (now.get(key(d)) ?? 0) < (before.get(key(d)) ?? 0);
}

/** `# upstart-lint disable-next-line RULE -- reason` above the line, else `disable-line` at its end. */
function disableLine(ctx: ActionContext, text: string, d: Diagnostic): TextEdit | null {
  const { start, end } = lineBounds(text, d.span.start.offset);
  const indent = /^[ \t]*/.exec(text.slice(start, end))?.[0] ?? '';
  const above: TextEdit = { range: [start, start], text: `${indent}# upstart-lint disable-next-line ${d.ruleId} -- reason${eolOf(text)}` };
  if (suppresses(ctx, text, above, d)) return above;
  const after: TextEdit = { range: [end, end], text: `  # upstart-lint disable-line ${d.ruleId} -- reason` };
  return suppresses(ctx, text, after, d) ? after : null;
}

/** `# upstart-lint disable-file RULE -- reason` as the first line (after a byte-order mark). */
function disableFile(ctx: ActionContext, text: string, d: Diagnostic): TextEdit | null {
  const at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const edit: TextEdit = { range: [at, at], text: `# upstart-lint disable-file ${d.ruleId} -- reason${eolOf(text)}` };
  return suppresses(ctx, text, edit, d) ? edit : null;
}
