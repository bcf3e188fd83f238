/**
 * The acceptance test of `shell-syntax`: it fires exactly when `dash -n` rejects what upstart
 * hands `/bin/sh`, and the line dash names is the diagnostic's line, its end line, or one of its
 * related locations. Run over every process of every corpus file, and over seeded mutants of
 * their script bodies (kept only where upstart still accepts the job file). The one deliberate
 * exception: shell-syntax is silent when the error lies on a line of template markup (ERB, Jinja,
 * `%(name)s`), which the project renders before installing; there the parser itself must still
 * report the error (checked), and the count is printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintJob } from '../../src/index.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import type { ProcessStanza } from '../../src/grammar/ast.js';
import { onTemplateLine } from '../../src/rules/_shared/template.js';
import { corpusFilesDir } from '../helpers/grammar-corpus.js';
import { ensureDebianPackages } from '../integration/apt.js';
import { rng } from '../../scripts/prng.mjs';

const unavailable = ensureDebianPackages(['dash'], ['dash']);
if (unavailable) {
  const why = `dash is needed to check shell-syntax against /bin/sh: ${unavailable}`;
  if (process.env['CI']) throw new Error(why);
  console.warn(`SKIPPED test/shell/dash-agreement.test.ts: ${why}`);
}

interface Case {
  readonly name: string;
  readonly stanza: ProcessStanza;
  readonly text: string;
  readonly delivery: '-c' | 'pipe';
  readonly textLine: (dashLine: number) => number;
  readonly finding: Diagnostic | undefined;
  /** The parser's first error is on a line of template markup (shell-syntax leaves it alone). */
  readonly onTemplate: boolean;
}

/**
 * Runs `dash -n` on every case exactly as upstart hands the text over (`-c`, or through a pipe
 * after upstart's own `exec 9<&-` line), from one shell loop per 400 cases: spawning dash from
 * node for each of thousands of cases would dominate the run.
 */
function runDash(cases: readonly Case[]): { status: number; line: number | null; message: string }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'upstart-lint-dash-'));
  const out: { status: number; line: number | null; message: string }[] = [];
  try {
    for (let from = 0; from < cases.length; from += 400) {
      const chunk = cases.slice(from, from + 400);
      const files = chunk.map((c, i) => {
        const file = path.join(dir, `${from + i}.${c.delivery === '-c' ? 'c' : 'pipe'}`);
        writeFileSync(file, c.delivery === '-c' ? c.text : `exec 9<&-\n${c.text}`);
        return file;
      });
      const script =
        'for f; do case "$f" in *.c) dash -n -c "$(cat "$f")" 2>&1;; *) dash -n < "$f" 2>&1;; esac; printf \'\\n@@@ %s\\n\' "$?"; done';
      const r = spawnSync('sh', ['-c', script, 'sh', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const blocks = r.stdout.split(/\n@@@ (\d+)\n/);
      for (let i = 0; i < chunk.length; i++) {
        const text = blocks[2 * i] ?? '';
        const status = Number(blocks[2 * i + 1]);
        const m = /: (\d+): (.*)$/m.exec(text);
        out.push({ status, line: m ? Number(m[1]) : null, message: m ? (m[2] as string) : text.trim() });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

interface Tally {
  processes: number;
  rejected: number;
  verdictAgree: number;
  lineAgree: number;
  /** Rejections left to the template's rendering: the parser agrees, the rule is silent. */
  templates: number;
  misses: string[];
}

/** The processes of a job file that reach /bin/sh, with shell-syntax's finding on each. */
function casesOf(file: string, text: string): Case[] {
  const { job, diagnostics } = lintJob(text, { filePath: file, rules: { 'shell-syntax': 'error' }, onlyListedRules: true });
  const findings = diagnostics.filter((d) => d.ruleId === 'shell-syntax');
  const out: Case[] = [];
  for (const stanza of job.processes) {
    const shell = job.shell(stanza);
    if (shell.delivery === 'none') continue;
    const finding = findings.find((f) => f.message.includes(`\`${labelOf(stanza)}\``) && withinStanza(stanza, f.span.start.offset));
    const e = shell.parsed?.errors[0];
    const onTemplate = e !== undefined && (onTemplateLine(shell.text, e.start) || (e.open !== null && onTemplateLine(shell.text, e.open.start)));
    out.push({ name: file, stanza, text: shell.text, delivery: shell.delivery, textLine: (n) => shell.textLine(n), finding, onTemplate });
  }
  return out;
}

function compare(cases: readonly Case[], tally: Tally): void {
  const verdicts = runDash(cases);
  cases.forEach((c, i) => {
    const d = verdicts[i] as { status: number; line: number | null; message: string };
    const rejected = d.status !== 0;
    const line = d.line === null ? null : jobLine(c.stanza, c.textLine(d.line));
    const where = `${c.name}:${c.stanza.span.start.line}`;
    tally.processes++;
    if (rejected) tally.rejected++;
    if (rejected && c.onTemplate && c.finding === undefined) {
      tally.verdictAgree++;
      tally.lineAgree++;
      tally.templates++;
      return;
    }
    if (rejected === (c.finding !== undefined)) tally.verdictAgree++;
    else tally.misses.push(`${where}: dash ${rejected ? `rejects (${d.message})` : 'accepts'}, shell-syntax ${c.finding ? `reports "${c.finding.message}"` : 'is silent'}`);
    if (!rejected || !c.finding) return;
    const f = c.finding;
    const lines = new Set([f.span.start.line, lastLine(f.span), ...(f.related ?? []).map((r) => r.span.start.line)]);
    if (line !== null && lines.has(line)) tally.lineAgree++;
    else tally.misses.push(`${where}: dash names line ${line} (${d.message}); shell-syntax points at lines ${[...lines].join(', ')}`);
  });
}

function labelOf(stanza: ProcessStanza): string {
  const form = stanza.type === 'ExecStanza' ? 'exec' : 'script';
  return stanza.phase === 'main' ? form : `${stanza.phase} ${form}`;
}

function withinStanza(stanza: ProcessStanza, offset: number): boolean {
  const end = stanza.type === 'ScriptStanza' && stanza.body.terminator ? stanza.body.terminator.end.offset : stanza.span.end.offset;
  return offset >= stanza.span.start.offset && offset <= end;
}

function lastLine(span: { start: { line: number }; end: { line: number; column: number } }): number {
  return span.end.column === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line;
}

/** The job-file line of line `line` of a process's shell text (past the end: `end script`). */
function jobLine(stanza: ProcessStanza, line: number): number {
  if (stanza.type === 'ExecStanza') return stanza.span.start.line;
  const first = stanza.body.lines[0];
  if (!first) return stanza.body.terminator?.start.line ?? stanza.span.start.line;
  return first.span.start.line + line - 1;
}

function corpusFiles(): { name: string; text: string }[] {
  return readdirSync(corpusFilesDir)
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(corpusFilesDir, name), 'utf8') }));
}

const INSERTS = ['"', "'", '`', 'fi', 'done', 'esac', ';;', 'then', ')', '}', '$(', '<<EOF', '<<-END', '\nEOF', 'if ', 'do ', '(', '{ ', '${', '$((', 'case x in ', '\\'];
const REMOVABLE = /fi\b|done\b|esac\b|;;|then\b|\)|\}|"|'|`|\$\(|<<-?\s*\w+/g;

/** A mutant of one script body: quotes, keywords, brackets and here-document markers typed or lost. */
function mutateBody(body: string, random: () => number): string {
  let s = body;
  const edits = 1 + Math.floor(random() * 2);
  for (let i = 0; i < edits; i++) {
    if (random() < 0.5) {
      const at = Math.floor(random() * (s.length + 1));
      s = s.slice(0, at) + (INSERTS[Math.floor(random() * INSERTS.length)] as string) + s.slice(at);
    } else {
      const hits = [...s.matchAll(REMOVABLE)];
      const hit = hits[Math.floor(random() * hits.length)];
      if (hit?.index !== undefined) s = s.slice(0, hit.index) + s.slice(hit.index + hit[0].length);
    }
  }
  return s;
}

describe.skipIf(unavailable !== null && !process.env['CI'])('shell-syntax agrees with dash -n', () => {
  test('on every process of every corpus file', () => {
    const tally: Tally = { processes: 0, rejected: 0, verdictAgree: 0, lineAgree: 0, templates: 0, misses: [] };
    compare(corpusFiles().flatMap((f) => casesOf(f.name, f.text)), tally);
    console.log(`corpus: ${tally.processes} processes, dash rejects ${tally.rejected}; verdicts agree ${tally.verdictAgree}/${tally.processes}, lines agree ${tally.lineAgree}/${tally.rejected}; ${tally.templates} on template markup lines`);
    expect(tally.misses).toEqual([]);
    expect(tally.processes).toBeGreaterThan(400);
  }, 300_000);

  test('on 2,000 seeded mutants of corpus script bodies that upstart still accepts', () => {
    const random = rng(20261202);
    // Script bodies of the corpus files upstart accepts, found once.
    const sources = corpusFiles().flatMap((f) => {
      const { job, diagnostics } = lintJob(f.text, { filePath: f.name, rules: {}, onlyListedRules: true, syntaxOnly: true });
      if (diagnostics.some((d) => d.fatal)) return [];
      return job.processes.flatMap((p) => (p.type === 'ScriptStanza' && p.body.raw.length > 0 ? [{ f, start: p.body.span.start.offset, end: p.body.span.end.offset, raw: p.body.raw }] : []));
    });
    const tally: Tally = { processes: 0, rejected: 0, verdictAgree: 0, lineAgree: 0, templates: 0, misses: [] };
    const cases: Case[] = [];
    let mutants = 0;
    let attempts = 0;
    while (mutants < 2000 && attempts < 20000) {
      attempts++;
      const source = sources[Math.floor(random() * sources.length)];
      if (!source) break;
      const f = source.f;
      const mutated = f.text.slice(0, source.start) + mutateBody(source.raw, random) + f.text.slice(source.end);
      // Keep only mutants upstart still loads: the job-file parser agrees with upstart (grammar tests).
      const check = lintJob(mutated, { filePath: f.name, rules: {}, onlyListedRules: true, syntaxOnly: true });
      if (check.diagnostics.some((d) => d.fatal)) continue;
      mutants++;
      cases.push(...casesOf(`${f.name}#mutant${mutants}`, mutated));
    }
    compare(cases, tally);
    console.log(
      `mutants: ${mutants} files, ${tally.processes} processes, dash rejects ${tally.rejected}; verdicts agree ${tally.verdictAgree}/${tally.processes}, lines agree ${tally.lineAgree}/${tally.rejected}; ${tally.templates} on template markup lines`,
    );
    expect(mutants).toBe(2000);
    expect(tally.rejected).toBeGreaterThan(500);
    expect(tally.misses.slice(0, 20)).toEqual([]);
  }, 600_000);
});
