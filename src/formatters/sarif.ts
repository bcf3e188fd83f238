/**
 * SARIF 2.1.0 (GitHub code scanning, Azure DevOps, VS Code SARIF viewer). Validated in the test
 * suite with Microsoft's `sarif-multitool validate` (no errors, no warnings).
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { pure } from './stream.js';
import type { FormatterContext, StreamFormatter } from './types.js';
import { fingerprints } from './fingerprint.js';
import { TOOL_NAME, TOOL_URI } from './util.js';

type Level = 'error' | 'warning' | 'note' | 'none';
const LEVEL: Record<Severity | 'off', Level> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };

/** Pseudo-rules the engine reports besides the registry's rules. */
const BUILTIN = [
  {
    id: 'syntax',
    name: 'UpstartRefusesJob',
    description: 'Report what makes upstart refuse to load the job',
    level: 'error' as Level,
    helpUri: `${TOOL_URI}/blob/main/docs/syntax.md`,
    category: 'correctness',
  },
  {
    id: 'unused-directive',
    name: 'UnusedDirective',
    description: 'Report suppression comments that suppress nothing or name unknown rules',
    level: 'warning' as Level,
    helpUri: `${TOOL_URI}/blob/main/docs/configuration.md#inline-suppressions`,
    category: 'style',
  },
];

const sentence = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** A readable name distinct from the id (SARIF1001 forbids a name equal to the id). */
const nameOf = (id: string): Record<string, string> => {
  const name = pascal(id);
  return name.toLowerCase() === id.toLowerCase() ? {} : { name };
};

const pascal = (id: string): string =>
  id
    .split('-')
    .map((p) => (p[0] ?? '').toUpperCase() + p.slice(1))
    .join('');

function artifactUri(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (!isAbsolute(filePath)) return { uri: encodeURIComponent(filePath) };
  const rel = relative(cwd, filePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(filePath).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Descriptors of the built-in pseudo-rules and of every rule in the registry (known up front). */
function ruleDescriptors(ctx: FormatterContext): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const b of BUILTIN) {
    out.push({
      id: b.id,
      name: b.name,
      shortDescription: { text: sentence(b.description) },
      fullDescription: { text: sentence(b.description) },
      helpUri: b.helpUri,
      help: { text: `See ${b.helpUri}.` },
      defaultConfiguration: { level: b.level },
      properties: { category: b.category, tags: [b.category] },
    });
  }
  for (const [id, rule] of ctx.rules) {
    const m = rule.meta;
    const url = ctx.docsUrl(id);
    out.push({
      id,
      ...nameOf(id),
      shortDescription: { text: sentence(m.description) },
      fullDescription: { text: sentence(m.description) },
      helpUri: url,
      help: { text: `See ${url}.` },
      defaultConfiguration: m.defaultSeverity === 'off' ? { enabled: false, level: 'warning' } : { level: LEVEL[m.defaultSeverity] },
      properties: { category: m.category, tags: [m.category], fixable: m.fixable === true, hasSuggestions: m.hasSuggestions === true },
    });
  }
  return out;
}

/** A descriptor for a rule id the registry does not know (a library user's own registry). */
const unknownRule = (id: string, ctx: FormatterContext): Record<string, unknown> => ({
  id,
  ...nameOf(id),
  shortDescription: { text: sentence(`Rule ${id}`) },
  helpUri: ctx.docsUrl(id),
  defaultConfiguration: { level: 'warning' },
});

/** The `results` array's elements are indented by this much in the two-space rendering of the log. */
const RESULT_INDENT = '        ';
const PLACEHOLDER = '"results": 0';

/**
 * `JSON.stringify(log, null, 2)` of the whole log, written one result at a time. Everything before
 * `results` (the artifact list, rules first used by a file) is known only after the last file, so
 * it is the stream's `head()`; the stream keeps one small artifact entry (a path) per file.
 * Rule ids the registry does not know are listed after the known ones in order of first use.
 */
export const sarifStream: StreamFormatter = (ctx) => {
  const rules = ruleDescriptors(ctx);
  const ruleIndex = new Map(rules.map((r, i) => [r['id'] as string, i]));
  const artifacts: Record<string, unknown>[] = [];
  let count = 0;
  let skeleton: [string, string] | undefined;
  /** The log with a placeholder for `results`, split around it (computed once, after the last file). */
  const frame = (): [string, string] => {
    if (skeleton) return skeleton;
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: TOOL_NAME,
              version: ctx.toolVersion,
              semanticVersion: ctx.toolVersion,
              informationUri: TOOL_URI,
              rules,
            },
          },
          invocations: [{ executionSuccessful: true }],
          originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(ctx.cwd.endsWith(sep) ? ctx.cwd : ctx.cwd + sep).href } },
          artifacts,
          results: 0,
          columnKind: 'utf16CodeUnits',
        },
      ],
    };
    const text = JSON.stringify(log, null, 2);
    // Property names and structure are fixed and every string value is escaped, so the
    // placeholder (a bare number after the key) occurs exactly once, after the artifacts.
    const at = text.lastIndexOf(PLACEHOLDER);
    skeleton = [text.slice(0, at + PLACEHOLDER.length - 1), text.slice(at + PLACEHOLDER.length)];
    return skeleton;
  };
  return {
    begin: () => '',
    file(r) {
      const location = artifactUri(r.filePath, ctx.cwd);
      const index = artifacts.length;
      artifacts.push({ location, sourceLanguage: 'upstart' });
      const prints = fingerprints(location.uri, r.source, r.messages);
      let out = '';
      r.messages.forEach((d: Diagnostic, i) => {
        if (!ruleIndex.has(d.ruleId)) {
          ruleIndex.set(d.ruleId, rules.length);
          rules.push(unknownRule(d.ruleId, ctx));
        }
        const { start, end } = d.span;
        const result = {
          ruleId: d.ruleId,
          ruleIndex: ruleIndex.get(d.ruleId),
          level: LEVEL[d.severity],
          message: { text: sentence(d.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: Object.assign({}, location, { index }),
                region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
              },
            },
          ],
          partialFingerprints: { 'upstartLint/v1': prints[i] },
        };
        if (d.related && d.related.length > 0) {
          Object.assign(result, {
            relatedLocations: d.related.map((rel, k) => {
              const where = rel.filePath === undefined ? Object.assign({}, location, { index }) : artifactUri(rel.filePath, ctx.cwd);
              const s = rel.span.start;
              const e = rel.span.end;
              return {
                id: k,
                physicalLocation: { artifactLocation: where, region: { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column } },
                message: { text: sentence(rel.message) },
              };
            }),
          });
        }
        out += `${count === 0 ? '[\n' : ',\n'}${RESULT_INDENT}${JSON.stringify(result, null, 2).replace(/\n/g, `\n${RESULT_INDENT}`)}`;
        count++;
      });
      return out;
    },
    end: () => `${count === 0 ? '[]' : `\n${RESULT_INDENT.slice(2)}]`}${frame()[1]}\n`,
    head: () => frame()[0],
  };
};

export const sarif = pure(sarifStream);
