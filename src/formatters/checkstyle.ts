/** Checkstyle XML (reviewdog, Jenkins warnings-ng, many CI dashboards). */
import type { Formatter } from './types.js';
import { xml } from './util.js';

export const checkstyle: Formatter = (results) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const r of results) {
    out += `  <file name="${xml(r.filePath)}">\n`;
    for (const d of r.messages) {
      out +=
        `    <error line="${d.span.start.line}" column="${d.span.start.column}" severity="${d.severity}"` +
        ` message="${xml(d.message)}" source="upstart-lint.${xml(d.ruleId)}" />\n`;
    }
    out += '  </file>\n';
  }
  return `${out}</checkstyle>\n`;
};
