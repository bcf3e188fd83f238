/**
 * One-line summaries of parsed stanzas: the value upstart stores, in a form that a table of
 * expected results can be written against by hand (from the grammar document, not from output).
 */
import type { JobFile, Stanza } from '../../src/grammar/ast.js';
import { printExpression } from './grammar-print.js';

function phasePrefix(phase: string): string {
  return phase === 'main' ? '' : `${phase} `;
}

/**
 * exec:        `exec: <command>` / `pre-start exec: <command>`
 * script:      `script: <JSON of stored text>` / `post-stop script: …`
 * start/stop:  `start on: (a AND b) OR c`
 * env:         `env: <dequoted argument>`
 * export/emits: `emits: a b` (values joined by one space; `|` separates when a value has a space)
 * text stanzas: `description: <value>`
 * numbers:     `nice: -5`, `umask: 0o22`, `kill timeout: 30`
 * signals:     `kill signal: 12 USR2` (number, then canonical name when given by name)
 * others as below.
 */
export function summarizeStanza(s: Stanza): string {
  switch (s.type) {
    case 'ExecStanza':
      return `${phasePrefix(s.phase)}exec: ${s.command.value}`;
    case 'ScriptStanza':
      return `${phasePrefix(s.phase)}script: ${JSON.stringify(s.body.text)}`;
    case 'StartOnStanza':
      return `start on: ${printExpression(s.expression)}`;
    case 'StopOnStanza':
      return `stop on: ${printExpression(s.expression)}`;
    case 'EnvStanza':
      return `env: ${s.arg.value}`;
    case 'ExportStanza':
      return `export: ${joinWords(s.names.map((w) => w.value))}`;
    case 'EmitsStanza':
      return `emits: ${joinWords(s.events.map((w) => w.value))}`;
    case 'TextStanza':
      return `${s.keyword}: ${s.value}`;
    case 'ExpectStanza':
      return `expect: ${s.mode}`;
    case 'ConsoleStanza':
      return `console: ${s.mode}`;
    case 'FlagStanza':
      return s.keyword;
    case 'KillTimeoutStanza':
      return `kill timeout: ${s.seconds}`;
    case 'SignalStanza':
      return `${s.keyword}: ${s.signal.number}${s.signal.name === null ? '' : ` ${s.signal.name}`}`;
    case 'RespawnLimitStanza':
      return `respawn limit: count=${s.count} interval=${s.interval}${s.unlimited ? ' unlimited' : ''}`;
    case 'NormalExitStanza':
      return `normal exit: ${s.values
        .map((v) => (v.kind === 'signal' ? `signal:${v.signalName ?? '?'}=${v.value}` : `status:${v.value}`))
        .join(' ')}`;
    case 'UmaskStanza':
      return `umask: 0o${s.value.toString(8)}`;
    case 'NiceStanza':
      return `nice: ${s.value}`;
    case 'OomStanza':
      return `${s.keyword}: score=${s.score} written=${s.written}${s.never ? ' never' : ''}`;
    case 'LimitStanza':
      return `limit: ${s.resource} ${String(s.soft)} ${String(s.hard)}`;
    case 'CgroupStanza':
      return `cgroup: ${[s.controller, s.name, s.key, s.value].map((w) => (w === null ? '-' : w.value)).join('|')}`;
    case 'InvalidStanza':
      return `invalid ${s.keyword} (${s.error})`;
  }
}

function joinWords(values: readonly string[]): string {
  return values.some((v) => v.includes(' ')) ? values.join('|') : values.join(' ');
}

export function summarize(ast: JobFile): string[] {
  return ast.stanzas.map(summarizeStanza);
}
