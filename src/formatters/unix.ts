/** One line per problem: `path:line:col: severity: message [rule]` (Vim, Emacs, grep, pre-commit). */
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { displayPath } from './util.js';

export const unixStream: StreamFormatter = (ctx) => ({
  begin: () => '',
  file(r) {
    const path = displayPath(r.filePath, ctx.cwd);
    let out = '';
    for (const d of r.messages) {
      const message = d.message.replace(/[\r\n]+/g, ' ');
      out += `${path}:${d.span.start.line}:${d.span.start.column}: ${d.severity}: ${message} [${d.ruleId}]\n`;
    }
    return out;
  },
  end: () => '',
});

export const unix = pure(unixStream);
