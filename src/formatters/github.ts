/** GitHub Actions workflow commands (`::error file=…,line=…::message`), one per problem. */
import type { Diagnostic } from '../core/diagnostic.js';
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { displayPath } from './util.js';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

export const githubStream: StreamFormatter = (ctx) => ({
  begin: () => '',
  file(r) {
    const file = displayPath(r.filePath, ctx.cwd);
    let out = '';
    for (const d of r.messages) {
      const { start, end } = d.span;
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(`upstart-lint ${d.ruleId}`)}`,
      ];
      out += `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}\n`;
    }
    return out;
  },
  end: () => '',
});

export const github = pure(githubStream);
