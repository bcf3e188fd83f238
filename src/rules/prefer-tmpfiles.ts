/**
 * ChromeOS policy (chromite `lint/linters/upstart.py`): jobs must not create, change or remove
 * files with shell commands; the set-up belongs in a tmpfiles.d configuration, which is declared,
 * reviewed once, and applied before the jobs run. A command marked `# croslint: disable` on its
 * line was reviewed by security and is accepted, as chromite accepts it.
 */
import { defineRule } from '../core/rule.js';
import { baseName } from './_shared/base-name.js';
import { processArgv } from './_shared/process-argv.js';

/** The commands chromite audits. */
const FILE_COMMANDS = new Set(['chown', 'chgrp', 'chmod', 'mkdir', 'ln', 'rm', 'mv', 'cp', 'touch']);
const REVIEWED = /#\s+croslint:\s+disable/;

export default defineRule({
  meta: {
    id: 'prefer-tmpfiles',
    category: 'style',
    description: 'Prefer a tmpfiles.d configuration to creating, changing or removing files in job processes (ChromeOS policy)',
    defaultSeverity: 'off',
    messages: {
      fileCommand:
        '`{command}` in the `{process}` process of job `{job}` changes the file system; declare the files in a tmpfiles.d configuration instead, or have the command reviewed by security and mark its line `# croslint: disable`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.processes) {
      const label = stanza.phase === 'main' ? 'main' : stanza.phase;
      const { programs, spanOf } = processArgv(job, stanza);
      const file = job.fileOf(stanza);
      const seen = new Set<number>();
      for (const { program } of programs) {
        if (!program || !FILE_COMMANDS.has(baseName(program.value))) continue;
        const at = spanOf(program);
        // A word inside an `sh -c "…"` string carries the string's span: report it once.
        if (seen.has(at.start.offset)) continue;
        seen.add(at.start.offset);
        const line = file.text.slice(file.lines.lineStart(at.start.line), file.lines.lineEnd(at.start.line));
        if (REVIEWED.test(line)) continue;
        report({ messageId: 'fileCommand', data: { command: baseName(program.value), process: label, job: job.name }, at, origin: stanza });
      }
    }
  },
});
