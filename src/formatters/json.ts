/** ESLint-compatible JSON (documented in docs/formats.md). */
import type { Diagnostic } from '../core/diagnostic.js';
import { pure } from './stream.js';
import type { LintResult, StreamFormatter } from './types.js';
import { mergeEdits, severityNumber } from './util.js';

export function jsonMessage(d: Diagnostic, source: string, filePath: string): Record<string, unknown> {
  const fix = d.fix ? mergeEdits(source, d.fix.edits) : null;
  const suggestions = (d.suggestions ?? [])
    .map((s) => {
      const f = mergeEdits(source, s.edits);
      return f ? { desc: s.message, messageId: s.messageId, fix: f } : null;
    })
    .filter((s) => s !== null);
  return {
    ruleId: d.ruleId,
    severity: severityNumber(d),
    message: d.message,
    messageId: d.messageId,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    ...(d.fatal ? { fatal: true } : {}),
    // Syntax errors: the line upstart itself logs (null when it logs none), docs/syntax.md.
    ...(d.upstartLine !== undefined ? { upstartLine: d.upstartLine } : {}),
    ...(fix ? { fix } : {}),
    ...(suggestions.length > 0 ? { suggestions } : {}),
    ...(d.related && d.related.length > 0
      ? {
          related: d.related.map((r) => ({
            message: r.message,
            filePath: r.filePath ?? filePath,
            line: r.span.start.line,
            column: r.span.start.column,
            endLine: r.span.end.line,
            endColumn: r.span.end.column,
          })),
        }
      : {}),
  };
}

export function jsonResult(r: LintResult): Record<string, unknown> {
  return {
    filePath: r.filePath,
    messages: r.messages.map((d) => jsonMessage(d, r.source, r.filePath)),
    suppressedMessages: [],
    errorCount: r.errorCount,
    fatalErrorCount: r.fatalErrorCount,
    warningCount: r.warningCount,
    infoCount: r.infoCount,
    fixableErrorCount: r.fixableErrorCount,
    fixableWarningCount: r.fixableWarningCount,
    ...(r.output !== undefined ? { output: r.output } : {}),
    usedDeprecatedRules: [],
  };
}

/** `JSON.stringify` of the array of results, written one element at a time. */
export const jsonStream: StreamFormatter = () => {
  let first = true;
  return {
    begin: () => '[',
    file(r) {
      const item = JSON.stringify(jsonResult(r));
      if (first) {
        first = false;
        return item;
      }
      return `,${item}`;
    },
    end: () => ']\n',
  };
};

export const json = pure(jsonStream);
