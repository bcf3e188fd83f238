/**
 * ShellCheck's findings on the shell of every process, at their exact place in the job file.
 *
 * The core runs no program. The file-linting layer (src/lint/shellcheck.ts) runs the system
 * `shellcheck` over the process texts of many files at once and hands its json1 output to the
 * core as data (`LintOptions.external.shellcheck`, see `ShellCheckFindings`); this rule maps that
 * onto the job like any other finding, so ShellCheck's findings take the engine's normal path:
 * the configured severity, `# upstart-lint` suppression comments, unused-directive reports, the
 * docs URL and every output format. Without that data the rule does not run at all.
 *
 * What ShellCheck is given (`shellcheckTargets`): for each effective process, the exact text
 * `/bin/sh` receives (src/core/process-shell.ts): a script block's body after upstart's
 * indentation stripping, or `exec COMMAND` for an `exec` line with shell characters. An `exec`
 * line without them runs with no shell and is not checked; neither is a process `/bin/sh` cannot
 * parse (shell-syntax reports it with dash's own complaint, and ShellCheck would stop at the same
 * place).
 *
 * Positions: ShellCheck's json1 format counts lines by `\n` and columns in Unicode code points,
 * a tab and a carriage return being one column each (unlike its `json` and `tty` formats, which
 * expand tabs to 8). `textOffset` turns that into an offset of the process text, and the job
 * model maps it into the job file (stripped indentation, continuation lines, CRLF, characters
 * outside the BMP). ShellCheck's fixes become suggestions, never safe fixes, and only when their
 * edits map onto the file exactly.
 */
import type { ProcessStanza, Span } from '../grammar/ast.js';
import type { TextEdit } from '../core/diagnostic.js';
import type { JobModel } from '../core/job-model.js';
import type { ProcessShell } from '../core/process-shell.js';
import { ConfigError, defineRule } from '../core/rule.js';
import { processCommands } from './_shared/shell.js';
import { onTemplateLine } from './_shared/template.js';

export type ShellCheckLevel = 'error' | 'warning' | 'info' | 'style';

/** From least to most severe, as ShellCheck's `--severity` orders them. */
const LEVELS: readonly ShellCheckLevel[] = ['style', 'info', 'warning', 'error'];

/** One edit of a ShellCheck fix (json1 `fix.replacements[]`), in ShellCheck's coordinates. */
export interface ShellCheckReplacement {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Where an insertion attaches when two meet at one place: the end of what precedes, or the start of what follows. */
  readonly insertionPoint: 'beforeStart' | 'afterEnd';
  readonly replacement: string;
}

/** One ShellCheck finding (a json1 comment): 1-based lines, columns in code points, exclusive end. */
export interface ShellCheckComment {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly level: ShellCheckLevel;
  /** The number of the SC code (2086 for SC2086). */
  readonly code: number;
  readonly message: string;
  readonly replacements: readonly ShellCheckReplacement[];
}

/** ShellCheck's findings on one process text. */
export interface ShellCheckScript {
  /** The text ShellCheck was given (a target's `text`). */
  readonly text: string;
  readonly comments: readonly ShellCheckComment[];
}

/**
 * What the rule is given (`LintOptions.external.shellcheck`): ShellCheck's findings per process
 * text. Findings depend only on the text, so they are matched to the job's processes by it: a
 * process whose text has no entry (not checked, or edited since) gets no findings.
 */
export interface ShellCheckFindings {
  readonly scripts: readonly ShellCheckScript[];
}

/** A process ShellCheck checks, and the text it is given. */
export interface ShellCheckTarget {
  readonly stanza: ProcessStanza;
  readonly text: string;
}

/**
 * Codes never reported, whatever the configuration, each because the job context makes the
 * finding wrong (docs/rules/shellcheck.md says more). The lint layer passes them to ShellCheck
 * as `--exclude`; the rule drops them too, for findings that come from elsewhere.
 */
export const DEFAULT_EXCLUDED: Readonly<Record<string, string>> = {
  SC1090:
    'a sourced file is on the machine the job runs on (`/etc/default/…`), not beside the job file, so ShellCheck cannot follow it',
  SC1091:
    'a sourced file is on the machine the job runs on (`/etc/default/…`), not beside the job file, so ShellCheck cannot follow it',
  SC2148: 'a process has no shebang: upstart runs it with `/bin/sh -e`, and ShellCheck is told so with `--shell=dash`',
  SC1128: 'a `#!` line in a script block is a comment: upstart runs the block with `/bin/sh -e` wherever the line is',
  SC2239: 'a `#!` line in a script block is a comment: upstart runs the block with `/bin/sh -e` whatever it names',
  SC2096: 'a `#!` line in a script block is a comment: upstart runs the block with `/bin/sh -e` whatever it names',
};

/**
 * What ShellCheck is given before each process text: upstart runs every process with `sh -e`
 * (grammar document 5.2), and a `-e` on the shebang line is how ShellCheck learns it (so that, for
 * one, a bare `cd` is not SC2164: under `-e` a failing `cd` ends the script). ShellCheck's line
 * numbers are the text's plus PREAMBLE_LINES.
 */
export const SHELLCHECK_PREAMBLE = '#!/bin/sh -e\n';
export const PREAMBLE_LINES = 1;

/** "Referenced but not assigned" (SC2154) and "possible misspelling" (SC2153): the variable may come from the job. */
const UNASSIGNED = new Set([2154, 2153]);
/** "Appears unused" (SC2034): a sourced file may read the variable. */
const UNUSED = 2034;

interface Options {
  /** The least severe ShellCheck level reported (ShellCheck's own `--severity`). */
  readonly level: ShellCheckLevel;
}

const DEFAULTS: Options = { level: 'style' };

const WIKI = 'https://www.shellcheck.net/wiki/';

/** Fix summaries longer than this are not quoted in the suggestion's message. */
const SUMMARY_LIMIT = 60;

export default defineRule({
  meta: {
    id: 'shellcheck',
    category: 'correctness',
    description: 'Report what ShellCheck finds in `exec` lines and `script` blocks, at their place in the job file',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      finding: '{text} (ShellCheck {code}: {url})',
      replace: 'Replace `{old}` with `{new}`, as ShellCheck suggests',
      applyFix: 'Apply the fix ShellCheck suggests',
    },
    defaultOptions: DEFAULTS,
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: {
          enum: LEVELS,
          description: 'The least severe ShellCheck level to report (ShellCheck\'s own `--severity`): `style` reports everything, `error` only errors',
        },
      },
    },
    parseOptions,
    external: { codes: /^SC\d+$/ },
  },

  check({ job, options, report, external }) {
    const byText = findingsByText(external);
    if (byText.size === 0) return;
    const least = LEVELS.indexOf(options.level);
    let envNames: Set<string> | null = null;
    for (const target of shellcheckTargets(job)) {
      const comments = byText.get(target.text);
      if (!comments || comments.length === 0) continue;
      const stanza = target.stanza;
      const shell = job.shell(stanza);
      const lines = lineStarts(target.text);
      let sources: boolean | null = null;
      for (const c of comments) {
        const code = `SC${c.code}`;
        if (LEVELS.indexOf(c.level) < least || DEFAULT_EXCLUDED[code] !== undefined) continue;
        // Line 1 is the preamble (only a finding about the preamble itself can be there).
        if (c.line <= PREAMBLE_LINES) continue;
        const start = textOffset(target.text, lines, c.line - PREAMBLE_LINES, c.column);
        const end = Math.max(start, textOffset(target.text, lines, c.endLine - PREAMBLE_LINES, c.endColumn));
        // On a line of template markup (`{{ name }}`, `<%= x %>`) ShellCheck reads the template, not
        // the shell it renders to (shell-syntax is quiet there too).
        if (onTemplateLine(target.text, start)) continue;
        if (UNASSIGNED.has(c.code) || c.code === UNUSED) {
          // A variable that comes from the job (an `env` stanza) or may come from, or go to, a
          // file the process sources: ShellCheck cannot know about either.
          sources ??= sourcesFile(job, stanza);
          if (sources) continue;
          if (c.code !== UNUSED) {
            envNames ??= new Set(job.env.map((e) => e.name));
            const name = variableAt(target.text, start, end);
            if (name !== null && envNames.has(name)) continue;
          }
        }
        const suggestion = suggestionOf(job, stanza, shell, target.text, lines, c.replacements);
        report({
          messageId: 'finding',
          code,
          data: { text: c.message.trim().replace(/\.$/, ''), code, url: `${WIKI}${code}` },
          at: spanOf(job, stanza, shell, start, end),
          origin: stanza,
          ...(suggestion ? { suggest: [suggestion] } : {}),
        });
      }
    }
  },
});

/**
 * The processes ShellCheck checks, in life-cycle order: every effective process that runs through
 * `/bin/sh` and that `/bin/sh` can parse.
 */
export function shellcheckTargets(job: JobModel): ShellCheckTarget[] {
  const out: ShellCheckTarget[] = [];
  for (const stanza of job.processes) {
    const shell = job.shell(stanza);
    if (shell.delivery === 'none' || shell.text.trim() === '') continue;
    if ((shell.parsed?.errors.length ?? 1) > 0) continue;
    out.push({ stanza, text: shell.text });
  }
  return out;
}

function findingsByText(external: unknown): Map<string, readonly ShellCheckComment[]> {
  const map = new Map<string, readonly ShellCheckComment[]>();
  const scripts = (external as { scripts?: unknown } | null | undefined)?.scripts;
  if (!Array.isArray(scripts)) return map;
  for (const s of scripts as unknown[]) {
    const text = (s as { text?: unknown } | null)?.text;
    const comments = (s as { comments?: unknown } | null)?.comments;
    if (typeof text === 'string' && Array.isArray(comments)) map.set(text, comments.filter(isComment));
  }
  return map;
}

const isPosition = (x: Record<string, unknown>): boolean =>
  Number.isInteger(x['line']) && Number.isInteger(x['column']) && Number.isInteger(x['endLine']) && Number.isInteger(x['endColumn']);

function isComment(c: unknown): c is ShellCheckComment {
  if (typeof c !== 'object' || c === null) return false;
  const r = c as Record<string, unknown>;
  return (
    isPosition(r) &&
    Number.isInteger(r['code']) &&
    typeof r['message'] === 'string' &&
    (LEVELS as readonly unknown[]).includes(r['level']) &&
    Array.isArray(r['replacements']) &&
    (r['replacements'] as unknown[]).every((x) => typeof x === 'object' && x !== null && isPosition(x as Record<string, unknown>) && typeof (x as Record<string, unknown>)['replacement'] === 'string')
  );
}

/**
 * Reads ShellCheck's `--format=json1` output: its comments by file name, in ShellCheck's order.
 * Throws an Error when the output is not json1.
 */
export function parseShellCheckJson1(output: string): Map<string, ShellCheckComment[]> {
  let data: unknown;
  try {
    data = JSON.parse(output);
  } catch {
    throw new Error(`ShellCheck's output is not JSON: ${JSON.stringify(output.slice(0, 80))}`);
  }
  const comments = (data as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments)) throw new Error('ShellCheck\'s output has no "comments" list (is it older than 0.7, which added --format=json1?)');
  const byFile = new Map<string, ShellCheckComment[]>();
  for (const raw of comments as unknown[]) {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const fix = r['fix'] as { replacements?: unknown } | null | undefined;
    const replacements: ShellCheckReplacement[] = [];
    for (const x of Array.isArray(fix?.replacements) ? (fix.replacements as unknown[]) : []) {
      const e = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
      replacements.push({
        line: e['line'] as number,
        column: e['column'] as number,
        endLine: e['endLine'] as number,
        endColumn: e['endColumn'] as number,
        insertionPoint: e['insertionPoint'] === 'afterEnd' ? 'afterEnd' : 'beforeStart',
        replacement: e['replacement'] as string,
      });
    }
    const comment: ShellCheckComment = {
      line: r['line'] as number,
      column: r['column'] as number,
      endLine: r['endLine'] as number,
      endColumn: r['endColumn'] as number,
      level: r['level'] as ShellCheckLevel,
      code: r['code'] as number,
      message: r['message'] as string,
      replacements,
    };
    if (typeof r['file'] !== 'string' || !isComment(comment)) {
      throw new Error(`ShellCheck's output has a comment this version of upstart-lint cannot read: ${JSON.stringify(raw).slice(0, 200)}`);
    }
    let list = byFile.get(r['file']);
    if (!list) byFile.set(r['file'], (list = []));
    list.push(comment);
  }
  return byFile;
}

/** Offsets in `text` where each line starts: ShellCheck breaks lines at `\n` only. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The offset in `text` of ShellCheck's json1 position (line, column), 1-based: a column is one
 * Unicode code point (a tab and a carriage return are one column; a character outside the BMP is
 * one column and two UTF-16 units). Positions past the end of a line or of the text are clamped
 * to it (the end of a line is its `\n`).
 */
export function textOffset(text: string, starts: readonly number[], line: number, column: number): number {
  if (line < 1) return 0;
  if (line > starts.length) return text.length;
  const start = starts[line - 1] as number;
  const end = line < starts.length ? (starts[line] as number) - 1 : text.length;
  let offset = start;
  for (let c = 1; c < column && offset < end; c++) {
    const unit = text.charCodeAt(offset);
    const pair = unit >= 0xd800 && unit <= 0xdbff && offset + 1 < end && isLowSurrogate(text.charCodeAt(offset + 1));
    offset += pair ? 2 : 1;
  }
  return offset;
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** upstart's own prefix of the text of an `exec` line run through the shell. */
const EXEC_PREFIX = 'exec '.length;

/** The job-file span of text offsets [start, end) of a process. */
function spanOf(job: JobModel, stanza: ProcessStanza, shell: ProcessShell, start: number, end: number): Span {
  if (shell.mode === 'shell' && start < EXEC_PREFIX) {
    // `exec ` is upstart's (`sh -c "exec COMMAND"`): in the file, that is the stanza's keyword.
    const head = stanza.head;
    const to = end <= EXEC_PREFIX ? head.end.offset : job.shellSpan(stanza, EXEC_PREFIX, end).end.offset;
    return job.spanIn(stanza, head.start.offset, Math.max(head.start.offset, to));
  }
  return job.shellSpan(stanza, start, end);
}

/** Whether the process runs `.` or `source`: the variables it reads or sets may belong to that file. */
function sourcesFile(job: JobModel, stanza: ProcessStanza): boolean {
  return processCommands(job, stanza).some((c) => {
    const name = c.argv[0]?.value;
    return name === '.' || name === 'source';
  });
}

/** The variable name a finding points at (`$name`, `${name…}` or `name=`), or null. */
function variableAt(text: string, start: number, end: number): string | null {
  const m = /^\$?\{?#?([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(start, Math.max(end, start + 1)));
  return m ? (m[1] as string) : null;
}

type SuggestionOf = { messageId: 'replace' | 'applyFix'; data: Record<string, string>; fix: () => TextEdit[] };

/**
 * ShellCheck's fix as a suggestion with edits of the job file, or null when it cannot be mapped
 * exactly: every edit must replace, in the file, exactly the shell text it replaces in ShellCheck's
 * view (give or take the indentation upstart strips from script lines), and must not touch the
 * `exec ` that upstart puts before an `exec` line.
 */
function suggestionOf(
  job: JobModel,
  stanza: ProcessStanza,
  shell: ProcessShell,
  text: string,
  lines: readonly number[],
  replacements: readonly ShellCheckReplacement[],
): SuggestionOf | null {
  if (replacements.length === 0) return null;
  const file = job.fileOf(stanza).text;
  const indent = stanza.type === 'ScriptStanza' ? stanza.body.indent : null;
  const mapped: { ts: number; te: number; after: boolean; replacement: string; edit: TextEdit }[] = [];
  for (const r of replacements) {
    if (r.line <= PREAMBLE_LINES) return null;
    const ts = textOffset(text, lines, r.line - PREAMBLE_LINES, r.column);
    const te = Math.max(ts, textOffset(text, lines, r.endLine - PREAMBLE_LINES, r.endColumn));
    if (shell.mode === 'shell' && (ts < EXEC_PREFIX || r.replacement.includes('\n'))) return null;
    const fs = shell.fileOffset(ts);
    const fe = te > ts ? shell.fileOffset(te - 1) + 1 : fs;
    const replaced = text.slice(ts, te);
    // In a script block, each line after a newline starts with the indentation upstart strips.
    const inFile = indent ? replaced.replace(/\n(?=[\s\S])/g, `\n${indent}`) : replaced;
    if (file.slice(fs, fe) !== inFile) return null;
    const replacement = indent ? r.replacement.replace(/\n/g, `\n${indent}`) : r.replacement;
    mapped.push({ ts, te, after: r.insertionPoint === 'afterEnd', replacement: r.replacement, edit: { range: [fs, fe], text: replacement } });
  }
  // Sorted by place; of two insertions at one place, the one that ends what precedes comes first.
  mapped.sort((a, b) => a.ts - b.ts || a.te - b.te || (a.after === b.after ? 0 : a.after ? -1 : 1));
  for (let i = 1; i < mapped.length; i++) {
    if ((mapped[i] as (typeof mapped)[number]).ts < (mapped[i - 1] as (typeof mapped)[number]).te) return null;
  }
  const edits = mapped.map((m) => m.edit);
  const lo = (mapped[0] as (typeof mapped)[number]).ts;
  const hi = Math.max(...mapped.map((m) => m.te));
  let after = '';
  let at = lo;
  for (const m of mapped) {
    after += text.slice(at, m.ts) + m.replacement;
    at = m.te;
  }
  after += text.slice(at, hi);
  const before = text.slice(lo, hi);
  const quotable = (s: string): boolean => s.length <= SUMMARY_LIMIT && !/[\n\r`]/.test(s);
  // A pure insertion (SC2164's ` || exit`, which `sh -e` makes rare) has nothing to quote as `old`.
  if (before !== '' && quotable(before) && quotable(after) && after !== '') {
    return { messageId: 'replace', data: { old: before, new: after }, fix: () => edits };
  }
  return { messageId: 'applyFix', data: {}, fix: () => edits };
}

function parseOptions(raw: unknown): Options {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'options must be an object like {"level": "warning"}');
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'level') throw new ConfigError(key, 'unknown option; expected "level"');
  }
  const level = record['level'];
  if (level === undefined) return DEFAULTS;
  if (!(LEVELS as readonly unknown[]).includes(level)) {
    throw new ConfigError('level', `must be one of ${LEVELS.map((l) => `"${l}"`).join(', ')}`);
  }
  return { level: level as ShellCheckLevel };
}
