#!/usr/bin/env node
/**
 * Writes the generated part of the rule docs from rule metadata:
 * - the block between `<!-- generated:start -->` and `<!-- generated:end -->` at the top of every
 *   docs/rules/<id>.md (the hand-written sections below it are kept as they are);
 * - docs/rules/README.md, the index table (entirely generated).
 *
 *   node scripts/gen-docs.mjs          # refresh (npm run docs builds first)
 *   node scripts/gen-docs.mjs --check  # exit 1 and list stale files; change nothing
 *
 * The functions are exported so that test/docs.test.ts can run the check against the sources
 * without a build.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const START = '<!-- generated:start -->';
export const END = '<!-- generated:end -->';
const NOTE = '<!-- This block is written by `npm run docs` from the rule metadata; edit src/rules/<id>.ts instead. -->';

const SEVERITY_TEXT = { error: 'error', warning: 'warning', info: 'info', off: 'off (opt-in)' };

function describeType(schema) {
  if (!schema || typeof schema !== 'object') return '';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema.type === 'array') {
    const item = describeType(schema.items);
    return item ? `array of ${item}` : 'array';
  }
  return typeof schema.type === 'string' ? schema.type : '';
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The default severity as the docs show it, with the findings of less harm (`messageSeverity`):
 * `error (info: \`preferName\`)`.
 */
export function severityText(meta) {
  const base = SEVERITY_TEXT[meta.defaultSeverity] ?? meta.defaultSeverity;
  const caps = meta.messageSeverity && typeof meta.messageSeverity === 'object' ? Object.entries(meta.messageSeverity) : [];
  if (caps.length === 0 || meta.defaultSeverity === 'off') return base;
  const byLevel = new Map();
  for (const [id, level] of caps) byLevel.set(level, [...(byLevel.get(level) ?? []), `\`${id}\``]);
  const parts = ['warning', 'info'].filter((l) => byLevel.has(l)).map((l) => `${l}: ${byLevel.get(l).join(', ')}`);
  return `${base} (${parts.join('; ')})`;
}

/** Options table from the JSON Schema and the defaults; '' for a rule without options. */
export function renderOptions(meta) {
  const properties = meta.optionsSchema && typeof meta.optionsSchema === 'object' ? meta.optionsSchema.properties : undefined;
  if (!properties || typeof properties !== 'object') return '';
  const names = Object.keys(properties);
  if (names.length === 0) return '';
  const defaults = meta.defaultOptions && typeof meta.defaultOptions === 'object' ? meta.defaultOptions : {};
  const rows = names.map((name) => {
    const schema = properties[name] ?? {};
    const value = defaults[name];
    const def = value === undefined ? '' : `\`${JSON.stringify(value)}\``;
    const description = typeof schema.description === 'string' ? schema.description : '';
    return `| \`${name}\` | ${cell(describeType(schema))} | ${cell(def)} | ${cell(description)} |`;
  });
  return ['| option | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** The generated block (markers included) of one rule page. */
export function renderRuleBlock(rule, docsUrl) {
  const meta = rule.meta;
  const options = renderOptions(meta);
  const lines = [
    START,
    NOTE,
    '',
    `# ${meta.id}`,
    '',
    `${meta.description}.`,
    '',
    `| | |`,
    `|---|---|`,
    `| Category | ${meta.category} |`,
    `| Default severity | ${cell(severityText(meta))} |`,
    `| Fixable | ${meta.fixable ? 'yes (`--fix`)' : 'no'} |`,
    `| Suggestions | ${meta.hasSuggestions ? 'yes (editor code actions)' : 'no'} |`,
    `| Options | ${options ? 'yes (see below)' : 'none'} |`,
    `| Source | [\`src/rules/${meta.id}.ts\`](../../src/rules/${meta.id}.ts) |`,
    `| URL | ${docsUrl(meta.id)} |`,
  ];
  if (options) lines.push('', 'Options (configure as `["warning", { … }]`):', '', options);
  lines.push(END);
  return lines.join('\n');
}

/** The skeleton of a page that does not exist yet. */
function skeleton(rule) {
  const optionSection = rule.meta.parseOptions ? '## Options\n\nTODO\n\n' : '';
  return `\n\n## Why\n\nTODO\n\n## Examples\n\n### Incorrect\n\n\`\`\`upstart incorrect\n\`\`\`\n\n### Correct\n\n\`\`\`upstart correct\n\`\`\`\n\n${optionSection}## When not to use it\n\nTODO\n`;
}

/** A page with its generated block refreshed (or added at the top). */
export function refreshPage(existing, rule, docsUrl) {
  const block = renderRuleBlock(rule, docsUrl);
  if (existing === null) return `${block}${skeleton(rule)}`;
  const text = existing.replace(/\r\n/g, '\n');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) return `${block}\n\n${text.replace(/^\n+/, '')}`;
  return `${text.slice(0, start)}${block}${text.slice(end + END.length)}`;
}

/** docs/rules/README.md: the generated index table. */
export function renderIndex(rules) {
  const rows = [...rules.values()]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))
    .map((r) => {
      const m = r.meta;
      return `| [\`${m.id}\`](${m.id}.md) | ${m.category} | ${cell(severityText(m))} | ${m.fixable ? 'yes' : ''} | ${m.hasSuggestions ? 'yes' : ''} | ${cell(m.description)} |`;
    });
  return [
    '<!-- Generated by `npm run docs` from the rule metadata; do not edit. -->',
    '',
    '# Rules',
    '',
    `upstart-lint has ${rows.length} rules. Rules at severity "off" run only when enabled in the configuration.`,
    '',
    'Severities follow the [severity policy](../configuration.md#severity-policy): `error` when the job fails or is exposed, `warning` when it is likely wrong, `info` for style. A rule whose findings differ in harm lists the lower levels of some of its findings in parentheses.',
    '',
    '| rule | category | default severity | fix | suggestions | description |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/**
 * The generated presets (presets/NAME.json, data in the package; docs/configuration.md "Presets"):
 * `recommended` lists every rule at its default severity, `strict` turns every rule on and makes
 * it an error, except style rules (default `info`), which stay info. `chromeos` is written by hand.
 */
export function renderPreset(name, rules) {
  const settings = {};
  for (const id of [...rules.keys()].sort()) {
    const severity = rules.get(id).meta.defaultSeverity;
    settings[id] = name === 'strict' ? (severity === 'info' ? 'info' : 'error') : severity;
  }
  return `${JSON.stringify({ $schema: '../schema/upstart-lint.schema.json', rules: settings }, null, 2)}\n`;
}

export const GENERATED_PRESETS = ['recommended', 'strict'];
export const DEFAULT_PRESETS_DIR = fileURLToPath(new URL('../presets/', import.meta.url));

/** Every generated file: its path, the text it should have, and the text it has (null if missing). */
export function planDocs({ rules, docsUrl, docsDir, presetsDir = DEFAULT_PRESETS_DIR }) {
  const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null);
  const plan = [];
  for (const rule of rules.values()) {
    const path = join(docsDir, `${rule.meta.id}.md`);
    const actual = read(path);
    plan.push({ path, actual, expected: refreshPage(actual, rule, docsUrl) });
  }
  const index = join(docsDir, 'README.md');
  plan.push({ path: index, actual: read(index), expected: renderIndex(rules) });
  for (const name of GENERATED_PRESETS) {
    const path = join(presetsDir, `${name}.json`);
    plan.push({ path, actual: read(path), expected: renderPreset(name, rules) });
  }
  return plan;
}

/** Paths whose text differs from what the generator would write. */
export function staleFiles(plan) {
  return plan.filter((p) => p.actual !== p.expected).map((p) => p.path);
}

export function writeDocs(plan) {
  const written = [];
  for (const p of plan) {
    if (p.actual === p.expected) continue;
    mkdirSync(join(p.path, '..'), { recursive: true });
    writeFileSync(p.path, p.expected);
    written.push(p.path);
  }
  return written;
}

export const DEFAULT_DOCS_DIR = fileURLToPath(new URL('../docs/rules/', import.meta.url));

async function main(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`gen-docs: unknown argument ${unknown[0]}\nusage: node scripts/gen-docs.mjs [--check]\n`);
    return 2;
  }
  let api;
  try {
    api = await import('../dist/index.js');
  } catch (error) {
    process.stderr.write(`gen-docs: cannot load dist/index.js (run npm run build first): ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const plan = planDocs({ rules: api.rules, docsUrl: api.docsUrl, docsDir: DEFAULT_DOCS_DIR });
  const show = (p) => relative(process.cwd(), p) || p;
  if (check) {
    const stale = staleFiles(plan);
    if (stale.length === 0) return 0;
    process.stderr.write(`gen-docs: ${stale.length} generated doc file(s) out of date; run npm run docs:\n`);
    for (const p of stale) process.stderr.write(`  ${show(p)}\n`);
    return 1;
  }
  for (const p of writeDocs(plan)) process.stdout.write(`wrote ${show(p)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`gen-docs: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
