/**
 * libnih's whitespace + backslash defect (grammar document section 1.3, case E04): when whitespace
 * inside a token is followed by `\` and an ordinary byte, upstart stores a mangled string, e.g.
 * `exec echo \$HOME` becomes `echo\\$HOME`.
 */
import type { EventExpression, Stanza, Word } from '../grammar/ast.js';
import type { Span } from '../core/diagnostic.js';
import { defineRule } from '../core/rule.js';
import { walkExpression } from '../core/job-model.js';
import { processLabel } from './_shared/process-label.js';

/** One place where the defect strikes: raw offsets of the whitespace run up to the escaped byte. */
interface Hit {
  readonly start: number;
  readonly end: number;
  /** Offset of the backslash. */
  readonly backslash: number;
  readonly written: string;
  readonly stored: string;
}

const isWS = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';

/**
 * Walks a token's raw text like libnih's scanner (section 1.3.1) and returns every escape of an
 * ordinary byte that follows pending whitespace or a pending (escaped or quoted) newline.
 */
function findHits(raw: string): Hit[] {
  // Every hit is an escape: a token without a backslash has none (most tokens).
  if (!raw.includes('\\')) return [];
  const hits: Hit[] = [];
  let esc = false;
  let quote = '';
  let pendStart = -1;
  let pendNL = false;
  const flush = (): void => {
    pendStart = -1;
    pendNL = false;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (esc) {
      esc = false;
      if (c === '\n') {
        pendNL = true;
        if (pendStart < 0) pendStart = i - 1;
      } else if (c === '\\' || isWS(c)) {
        flush();
      } else {
        if (pendStart >= 0) {
          // After a newline, point at the continuation line (its blanks, or the backslash).
          if (pendNL) pendStart = Math.min(raw.lastIndexOf('\n', i) + 1, i - 1);
          const written = raw.slice(pendStart, i + 1);
          const ws = raw.slice(pendStart, i - 1);
          const stored = pendNL ? `\\ ${c}` : `\\${ws.slice(1)}\\${c}`;
          hits.push({ start: pendStart, end: i + 1, backslash: i - 1, written, stored });
        }
        flush();
      }
      continue;
    }
    if (c === '\\') {
      esc = true;
      continue;
    }
    if (quote !== '') {
      if (c === quote) {
        quote = '';
        flush();
      } else if (c === '\n') {
        pendNL = true;
        if (pendStart < 0) pendStart = i;
      } else if (isWS(c)) {
        if (pendStart < 0) pendStart = i;
      } else {
        flush();
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      flush();
    } else if (isWS(c)) {
      if (pendStart < 0) pendStart = i;
    } else {
      flush();
    }
  }
  return hits;
}

/** Every WORD argument of a stanza (sub-keywords included; they are simply never affected). */
function wordsOf(stanza: Stanza): readonly Word[] {
  switch (stanza.type) {
    case 'ExecStanza':
    case 'ScriptStanza':
    case 'FlagStanza':
    case 'InvalidStanza': // upstart rejects the file anyway
      return [];
    case 'StartOnStanza':
    case 'StopOnStanza':
      return expressionWords(stanza.expression);
    case 'ExportStanza':
      return stanza.names;
    case 'EmitsStanza':
      return stanza.events;
    case 'NormalExitStanza':
      return stanza.values.map((v) => v.arg);
    case 'RespawnLimitStanza':
    case 'CgroupStanza':
    case 'LimitStanza':
      return stanza.args;
    default:
      return [stanza.arg];
  }
}

function expressionWords(root: EventExpression): Word[] {
  const out: Word[] = [];
  for (const node of walkExpression(root)) {
    if (node.type !== 'EventMatch') continue;
    out.push(node.event, ...node.args.map((a) => a.word));
  }
  return out;
}

function shorten(text: string, around: number): string {
  const flat = text.replace(/\n/g, ' ');
  if (flat.length <= 70) return flat;
  const from = Math.max(0, Math.min(around - 30, flat.length - 70));
  return `${from > 0 ? '…' : ''}${flat.slice(from, from + 70)}${from + 70 < flat.length ? '…' : ''}`;
}

export default defineRule({
  meta: {
    id: 'no-escape-after-whitespace',
    category: 'correctness',
    description: 'Disallow a backslash escape right after whitespace in `exec` lines and quoted arguments, which upstart mangles',
    defaultSeverity: 'error',
    hasSuggestions: true,
    messages: {
      mangledCommand:
        'Whitespace right before `{escape}` makes upstart store this `{stanza}` command as `{value}` (a libnih tokenizer defect); move the command into a `script` block',
      mangledArgument:
        'Whitespace right before `{escape}` makes upstart store this `{stanza}` value as `{value}` (a libnih tokenizer defect); double the backslash',
      useScript: 'Move the command into a `{block}` block, where the shell reads it unchanged',
      doubleBackslash: 'Double the backslash, which gives `{intended}`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    for (const stanza of job.stanzas) {
      const at = (base: number, hit: Hit): Span => job.spanIn(stanza, base + hit.start, base + hit.end);
      if (stanza.type === 'ExecStanza') {
        const cmd = stanza.command;
        const hits = findHits(cmd.raw);
        const first = hits[0];
        if (!first) continue;
        const file = job.fileOf(stanza);
        const base = cmd.span.start.offset;
        const label = processLabel(stanza);
        const block = stanza.phase === 'main' ? 'script' : `${stanza.phase} script`;
        const lineStart = file.lines.lineStart(stanza.span.start.line);
        const indent = /^[ \t]*/.exec(file.text.slice(lineStart, stanza.span.start.offset))?.[0] ?? '';
        const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
        const around = cmd.value.indexOf(first.stored);
        report({
          messageId: 'mangledCommand',
          data: { escape: first.written.slice(-2), stanza: label, value: shorten(cmd.value, around < 0 ? 0 : around) },
          at: at(base, first),
          origin: stanza,
          suggest: [
            {
              messageId: 'useScript',
              data: { block },
              fix: (edit) =>
                edit.replace(
                  job.spanIn(stanza, stanza.span.start.offset, cmd.span.end.offset),
                  `${block}${eol}${indent}  exec ${cmd.raw}${eol}${indent}end script`,
                ),
            },
          ],
        });
        continue;
      }
      for (const word of wordsOf(stanza)) {
        const hits = findHits(word.raw);
        const first = hits[0];
        if (!first) continue;
        const base = word.span.start.offset;
        const intended = intendedValue(word.raw, hits);
        const around = word.value.indexOf(first.stored);
        report({
          messageId: 'mangledArgument',
          data: { escape: first.written.slice(-2), stanza: stanza.keyword, value: shorten(word.value, around < 0 ? 0 : around) },
          at: at(base, first),
          origin: stanza,
          suggest: [
            {
              messageId: 'doubleBackslash',
              data: { intended: shorten(intended, 0) },
              fix: (edit) => hits.map((h) => edit.replace(job.spanIn(stanza, base + h.backslash, base + h.backslash), '\\')),
            },
          ],
        });
      }
    }
  },
});

/**
 * The value a WORD gets once every affected backslash is doubled: `\\` is a real escape, so the
 * word then holds one literal backslash where the user wrote one.
 */
function intendedValue(raw: string, hits: readonly Hit[]): string {
  let fixed = raw;
  for (const h of [...hits].reverse()) fixed = `${fixed.slice(0, h.backslash)}\\${fixed.slice(h.backslash)}`;
  return dequote(fixed);
}

/** libnih dequote mode, without the defect (valid once no hit is left). */
function dequote(raw: string): string {
  let out = '';
  let quote = '';
  let pend = '';
  let pendNL = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    const flush = (): void => {
      out += pendNL ? ' ' : pend;
      pend = '';
      pendNL = false;
    };
    if (c === '\\') {
      const d = raw[i + 1];
      i++;
      if (d === undefined) break;
      if (d === '\n') {
        pendNL = true;
        continue;
      }
      flush();
      out += d === '\\' || isWS(d) ? d : `\\${d}`;
      continue;
    }
    if (quote !== '') {
      if (c === quote) {
        quote = '';
        flush();
      } else if (c === '\n') pendNL = true;
      else if (isWS(c)) pend += c;
      else {
        flush();
        out += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      flush();
    } else if (isWS(c)) pend += c;
    else {
      flush();
      out += c;
    }
  }
  return out;
}
