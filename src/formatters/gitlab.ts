/** GitLab Code Quality report (a JSON array of Code Climate issues). */
import type { Diagnostic } from '../core/diagnostic.js';
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { fingerprints } from './fingerprint.js';
import { displayPath } from './util.js';

const SEVERITY: Record<Diagnostic['severity'], string> = { error: 'major', warning: 'minor', info: 'info' };
/** Code Climate categories for our rule categories. */
const CATEGORY: Record<string, string> = { security: 'Security', correctness: 'Bug Risk', portability: 'Compatibility', style: 'Style' };

/**
 * `JSON.stringify(issues, null, 2)` written one issue at a time: an element of the top-level array
 * is its own two-space rendering indented by two more spaces (JSON strings hold no raw newline).
 */
export const gitlabStream: StreamFormatter = (ctx) => {
  let count = 0;
  return {
    begin: () => '',
    file(r) {
      const path = displayPath(r.filePath, ctx.cwd);
      const prints = fingerprints(path, r.source, r.messages);
      let out = '';
      r.messages.forEach((d, i) => {
        const issue = {
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
        };
        out += `${count === 0 ? '[\n  ' : ',\n  '}${JSON.stringify(issue, null, 2).replace(/\n/g, '\n  ')}`;
        count++;
      });
      return out;
    },
    end: () => (count === 0 ? '[]\n' : '\n]\n'),
  };
};

export const gitlab = pure(gitlabStream);
