import { defineRule } from '../core/rule.js';

function octal(value: number): string {
  return `0${value.toString(8).padStart(3, '0')}`;
}

/** The umask that gives new files `mode`: per class, remove everything when it may not read, else write. */
function maskForMode(mode: number): number {
  let mask = 0;
  for (const shift of [3, 0]) {
    const bits = (mode >> shift) & 0o7;
    if ((bits & 0o4) === 0) mask |= 0o7 << shift;
    else if ((bits & 0o2) === 0) mask |= 0o2 << shift;
  }
  return mask | 0o002;
}

export default defineRule({
  meta: {
    id: 'valid-umask',
    category: 'security',
    description: 'Disallow a `umask` that lets every user write to the files the job creates',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      worldWritable:
        '`umask {umask}` lets every user write to the files and directories job `{job}` creates; keep the others-write bit in the mask, e.g. `umask 022`',
      looksLikeMode:
        '`umask {umask}` looks like a file mode: a umask lists the permission bits to remove, so this one denies the owner and lets every user write; for mode {mode} write `umask {suggested}`',
      useUmask: 'Use `umask {suggested}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const stanza = job.find('umask');
    if (!stanza) return;
    const value = stanza.value;
    if ((value & 0o002) !== 0) return;
    // A mask that removes the owner's read bit is almost always a mode written where a mask belongs.
    const modeLike = (value & 0o400) !== 0;
    const suggested = modeLike ? octal(maskForMode(value)).slice(1) : '022';
    const data = { job: job.name, umask: stanza.arg.value, mode: octal(value), suggested };
    report({
      messageId: modeLike ? 'looksLikeMode' : 'worldWritable',
      data,
      at: stanza.arg,
      suggest: [{ messageId: 'useUmask', data, fix: (edit) => edit.replace(stanza.arg, suggested) }],
    });
  },
});
