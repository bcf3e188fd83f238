import { defineRule } from '../core/rule.js';
import type { ScriptLine } from '../grammar/ast.js';
import { processLabel } from './_shared/process-label.js';
import { scanShell } from './_shared/shell-lines.js';

/** Output redirections (`>`, `>>`, `2>`, `&>`, `>|`) and `tee` writing into a world-writable directory. */
const TARGET = String.raw`(["']?)((?:/tmp|/var/tmp|/dev/shm)(?:/[^\s;&|<>()'"]*)?)(?=["']?(?:[\s;&|<>()]|$))`;
const PATTERNS = [
  new RegExp(String.raw`(?:^|[^<>&0-9])(?:[0-9]?>>?|&>>?|>\|)[ \t]*` + TARGET, 'g'),
  new RegExp(String.raw`(?:^|[\s;&|(])tee(?:[ \t]+-[A-Za-z-]+)*[ \t]+` + TARGET, 'g'),
];

interface Hit {
  readonly offset: number;
  readonly path: string;
}

function findTargets(code: string): Hit[] {
  const hits: Hit[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const path = m[2] ?? '';
      const offset = m.index + m[0].length - path.length;
      hits.push({ offset, path });
    }
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

export default defineRule({
  meta: {
    id: 'no-log-in-tmp',
    category: 'security',
    description: 'Disallow redirecting job output into /tmp, /var/tmp or /dev/shm',
    defaultSeverity: 'error',
    messages: {
      outputInTmp:
        'The `{process}` process of job `{job}` writes output to `{path}` in a world-writable directory, where another user can plant a symlink or read it; {advice}',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    // `console log` is `console none` for legacy user jobs (require-log-redirect): no advice there.
    const advice = job.kind === 'user' ? 'write it to a directory of your own' : 'use `console log` or a private directory';
    for (const stanza of job.processes) {
      const data = { job: job.name, process: processLabel(stanza) };
      if (stanza.type === 'ExecStanza') {
        const command = stanza.command;
        for (const hit of findTargets(command.raw)) {
          const start = command.span.start.offset + hit.offset;
          report({ messageId: 'outputInTmp', data: { job: data.job, process: data.process, path: hit.path, advice }, at: job.spanIn(stanza, start, start + hit.path.length) });
        }
        continue;
      }
      const lines = stanza.body.lines;
      for (const s of scanShell(lines.map((l) => l.text))) {
        if (s.role !== 'code') continue;
        const line = lines[s.index] as ScriptLine;
        const shift = line.raw.length - line.text.length;
        for (const hit of findTargets(line.text.slice(0, s.codeEnd))) {
          const start = line.span.start.offset + shift + hit.offset;
          report({ messageId: 'outputInTmp', data: { job: data.job, process: data.process, path: hit.path, advice }, at: job.spanIn(stanza, start, start + hit.path.length) });
        }
      }
    }
  },
});
