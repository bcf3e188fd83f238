/**
 * SARIF 2.1.0 (GitHub code scanning, Azure DevOps, VS Code SARIF viewer). Validated in the test
 * suite with Microsoft's `sarif-multitool validate` (no errors, no warnings).
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { docsUrl } from '../core/rule.js';
import type { Formatter, FormatterContext } from './types.js';
import { fingerprints, TOOL_NAME, TOOL_URI } from './util.js';

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

function ruleDescriptors(ctx: FormatterContext, used: ReadonlySet<string>) {
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
    const url = docsUrl(id);
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
  const known = new Set(out.map((r) => r.id));
  for (const id of [...used].sort()) {
    if (known.has(id)) continue;
    out.push({ id, ...nameOf(id), shortDescription: { text: sentence(`Rule ${id}`) }, helpUri: docsUrl(id), defaultConfiguration: { level: 'warning' } });
  }
  return out;
}

export const sarif: Formatter = (results, ctx) => {
  const used = new Set(results.flatMap((r) => r.messages.map((d) => d.ruleId)));
  const rules = ruleDescriptors(ctx, used);
  const ruleIndex = new Map(rules.map((r, i) => [r['id'] as string, i]));
  const artifacts: Record<string, unknown>[] = [];
  const sarifResults: Record<string, unknown>[] = [];
  for (const r of results) {
    const location = artifactUri(r.filePath, ctx.cwd);
    const index = artifacts.length;
    artifacts.push({ location, sourceLanguage: 'upstart' });
    const prints = fingerprints(location.uri, r.source, r.messages);
    r.messages.forEach((d: Diagnostic, i) => {
      const { start, end } = d.span;
      sarifResults.push({
        ruleId: d.ruleId,
        ruleIndex: ruleIndex.get(d.ruleId),
        level: LEVEL[d.severity],
        message: { text: sentence(d.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...location, index },
              region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            },
          },
        ],
        partialFingerprints: { 'upstartLint/v1': prints[i] },
      });
    });
  }
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
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
