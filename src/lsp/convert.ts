/**
 * Our diagnostics as the protocol wants them: positions in UTF-16 code units through the
 * document's own line table (so `\r`, `\r\n` and `\n` count as the client counts them), severity,
 * the rule id as `code`, the rule page as `codeDescription`, related locations, and the
 * `Unnecessary` tag for suppression comments that suppress nothing.
 */
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/diagnostic.js';

/** The protocol's DiagnosticSeverity and DiagnosticTag values. */
const SEVERITY: Readonly<Record<Severity, 1 | 2 | 3>> = { error: 1, warning: 2, info: 3 };
const UNNECESSARY = 1;

export const SOURCE = 'upstart-lint';

/** What a published diagnostic carries back to us in code-action requests. */
export interface DiagnosticData {
  /** Index of the diagnostic in the lint it came from. */
  readonly index: number;
  /** Version of the document that lint was of. */
  readonly version: number;
}

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/**
 * Converts the diagnostics located in `doc` (those without `filePath`). `companion` holds the text
 * of the other file of the pair, for related locations there.
 */
export function toLspDiagnostics(
  doc: TextDocument,
  diagnostics: readonly Diagnostic[],
  companion: { readonly path: string; readonly text: string } | null,
): LspDiagnostic[] {
  let companionDoc: TextDocument | null = null;
  const docOf = (path: string | undefined): { doc: TextDocument; uri: string } | null => {
    if (path === undefined) return { doc, uri: doc.uri };
    if (companion === null || path !== companion.path) return null;
    companionDoc ??= TextDocument.create(pathToFileURL(companion.path).href, 'upstart', 0, companion.text);
    return { doc: companionDoc, uri: companionDoc.uri };
  };
  const out: LspDiagnostic[] = [];
  diagnostics.forEach((d, index) => {
    if (d.filePath !== undefined) return;
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of d.related ?? []) {
      const where = docOf(r.filePath);
      if (where === null) continue;
      related.push({ location: { uri: where.uri, range: rangeOf(where.doc, r.span.start.offset, r.span.end.offset) }, message: r.message });
    }
    const data: DiagnosticData = { index, version: doc.version };
    out.push({
      range: rangeOf(doc, d.span.start.offset, d.span.end.offset),
      severity: SEVERITY[d.severity],
      code: d.ruleId,
      ...(d.url !== undefined ? { codeDescription: { href: d.url } } : {}),
      source: SOURCE,
      message: d.message,
      ...(related.length > 0 ? { relatedInformation: related } : {}),
      ...(d.ruleId === 'unused-directive' ? { tags: [UNNECESSARY] } : {}),
      data,
    });
  });
  return out;
}

/** One diagnostic for the whole document, at its start: for files that could not be linted. */
export function documentDiagnostic(message: string, severity: Severity, code: string): LspDiagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: SEVERITY[severity], code, source: SOURCE, message };
}
