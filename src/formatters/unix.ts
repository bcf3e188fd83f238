/** One line per problem: `path:line:col: severity: message [rule]` (Vim, Emacs, grep, pre-commit). */
import type { Formatter } from './types.js';
import { displayPath } from './util.js';

export const unix: Formatter = (results, ctx) => {
  let out = '';
  for (const r of results) {
    const path = displayPath(r.filePath, ctx.cwd);
    for (const d of r.messages) {
      const message = d.message.replace(/[\r\n]+/g, ' ');
      out += `${path}:${d.span.start.line}:${d.span.start.column}: ${d.severity}: ${message} [${d.ruleId}]\n`;
    }
  }
  return out;
};
