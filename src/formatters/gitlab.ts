/** GitLab Code Quality report (a JSON array of Code Climate issues). */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Formatter } from './types.js';
import { displayPath, fingerprints } from './util.js';

const SEVERITY: Record<Diagnostic['severity'], string> = { error: 'major', warning: 'minor', info: 'info' };
/** Code Climate categories for our rule categories. */
const CATEGORY: Record<string, string> = { security: 'Security', correctness: 'Bug Risk', portability: 'Compatibility', style: 'Style' };

export const gitlab: Formatter = (results, ctx) => {
  const issues: Record<string, unknown>[] = [];
  for (const r of results) {
    const path = displayPath(r.filePath, ctx.cwd);
    const prints = fingerprints(path, r.source, r.messages);
    r.messages.forEach((d, i) => {
      issues.push({
        type: 'issue',
        check_name: d.ruleId,
        description: d.message,
        categories: [d.ruleId === 'syntax' ? 'Bug Risk' : (CATEGORY[ctx.rules.get(d.ruleId)?.meta.category ?? 'style'] ?? 'Style')],
        severity: SEVERITY[d.severity],
        fingerprint: prints[i],
        location: {
          path,
          positions: {
            begin: { line: d.span.start.line, column: d.span.start.column },
            end: { line: d.span.end.line, column: d.span.end.column },
          },
        },
      });
    });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
};
