/** Checkstyle XML (reviewdog, Jenkins warnings-ng, many CI dashboards). */
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { xml } from './util.js';

export const checkstyleStream: StreamFormatter = () => ({
  begin: () => '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n',
  file(r) {
    let out = `  <file name="${xml(r.filePath)}">\n`;
    for (const d of r.messages) {
      out +=
        `    <error line="${d.span.start.line}" column="${d.span.start.column}" severity="${d.severity}"` +
        ` message="${xml(d.message)}" source="upstart-lint.${xml(d.ruleId)}" />\n`;
    }
    return `${out}  </file>\n`;
  },
  end: () => '</checkstyle>\n',
});

export const checkstyle = pure(checkstyleStream);
