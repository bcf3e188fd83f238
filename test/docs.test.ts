/**
 * Rule docs: the generated blocks and index are current (scripts/gen-docs.mjs --check, run on the
 * sources), the hand-written sections come in the fixed order, and every ```upstart example is
 * linted with its rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { LintOptions, RuleSetting } from '../src/core/config.js';
import { lintText } from '../src/index.js';
import { shellcheckExternal } from './helpers/shellcheck.js';
import { docsUrl } from '../src/core/rule.js';
import { rules } from '../src/rules/index.js';
import { JOB_KINDS, type JobKind } from '../src/core/job-kind.js';
import { END, DEFAULT_DOCS_DIR, planDocs, staleFiles } from '../scripts/gen-docs.mjs';
import { fixtureProject } from './helpers/fixtures.js';

/**
 * What an example needs besides its text, written in the fence's info string so that the block
 * itself is a job file a user can paste (docs/design.md, "Rule pages"):
 * ```upstart incorrect path=/home/alice/.init/web.conf target=1.6 options={"allow": ["web"]}
 * Other files of the example's tree (a sibling job, an nginx configuration) are blocks of their
 * own, shown to the reader too: ```upstart project path=/etc/init/webapp.conf (or ```nginx …);
 * they apply to the examples after them in the same section.
 */
interface Example {
  readonly kind: 'incorrect' | 'correct';
  readonly text: string;
  /** 1-based line of the first code line in the page. */
  readonly line: number;
  /** Where the file is; decides the job kind and name (default /etc/init/example.conf). */
  readonly path?: string;
  /** Job kind when the path does not say it (`--job-kind`). */
  readonly jobKind?: JobKind;
  /** Upstart release (`--target-version`, `targetVersion`). */
  readonly target?: string;
  /** Options of the rule (`[severity, options]`); JSON, the last attribute. */
  readonly options?: unknown;
  /** Other rules enabled with it. */
  readonly also: readonly string[];
  /** The paragraph of prose right before the block. */
  readonly prose: string;
  /** The `project` blocks before it in its section: path → text. */
  readonly project: Readonly<Record<string, string>>;
}

/** A `project` block: another file of the tree the examples after it see. */
interface ProjectFile {
  readonly path: string;
  readonly text: string;
  readonly prose: string;
}

const ATTRIBUTES = ['path', 'kind', 'target', 'options', 'also'];

/** Lines of a block that only a test harness reads; the CLI would ignore them. */
const HARNESS_LINE = /^\s*#\s*(@[a-z]+\s*:.*|\^\s*[a-z][a-z0-9-]*(\([A-Za-z0-9_]+\))?\s*)$/;

function examplesOf(page: string): { examples: Example[]; projectFiles: ProjectFile[]; bad: string[] } {
  const lines = page.split('\n');
  const examples: Example[] = [];
  const projectFiles: ProjectFile[] = [];
  const bad: string[] = [];
  let section: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,3} /.test(lines[i] ?? '')) section = {};
    const open = /^```(upstart|nginx)(?:\s+(.*?))?\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') j++;
    const where = `line ${i + 1}`;
    const body = lines.slice(i + 1, j);
    const info = open[2] ?? '';
    const kind = /^\S*/.exec(info)?.[0] ?? '';
    const proseBefore = (): string => {
      let p = i - 1;
      while (p >= 0 && lines[p] === '') p--;
      const paragraph: string[] = [];
      while (p >= 0 && lines[p] !== '' && !/^(#|```)/.test(lines[p] ?? '')) paragraph.unshift(lines[p--] ?? '');
      return paragraph.join(' ');
    };
    if (kind === 'project') {
      const path = /(?:^|\s)path=(\S+)/.exec(info)?.[1];
      if (path === undefined) bad.push(`${where}: a project block needs path=… (where the file is in the tree)`);
      else {
        const text = `${body.join('\n')}\n`;
        section = Object.assign({}, section, { [path]: text });
        projectFiles.push({ path, text, prose: proseBefore() });
      }
      i = j;
      continue;
    }
    if (open[1] !== 'upstart' || (kind !== 'incorrect' && kind !== 'correct')) {
      bad.push(`${where}: \`\`\`${open[1] ?? ''} block must be marked incorrect, correct or project`);
      i = j;
      continue;
    }
    body.forEach((l, k) => {
      const m = HARNESS_LINE.exec(l);
      if (!m) return;
      const directive = /^@([a-z]+)\s*:\s*(.*?)\s*$/.exec(m[1] ?? '');
      const instead = directive
        ? `write ${directive[1] === 'kind' ? 'kind' : (directive[1] ?? '')}=${directive[2] ?? ''} in the fence's info string (\`\`\`upstart ${kind} ${directive[1] ?? ''}=${directive[2] ?? ''}) and say it in the prose before the block`
        : 'remove it: the docs test checks that an incorrect example reports its rule';
      bad.push(
        `line ${i + 2 + k}: "${l.trim()}" is a test-harness line that upstart-lint ignores, so a pasted example would behave differently; ` +
          `${instead} (docs/design.md, "Rule pages")`,
      );
    });
    let rest = info.slice(kind.length).trim();
    const attrs = new Map<string, string>();
    while (rest !== '') {
      const m = /^([a-z]+)=/.exec(rest);
      if (!m || !ATTRIBUTES.includes(m[1] ?? '')) {
        bad.push(`${where}: unknown attribute "${rest.split(/\s/)[0] ?? ''}" in the info string; expected ${ATTRIBUTES.map((a) => `${a}=…`).join(', ')}`);
        break;
      }
      const key = m[1] as string;
      rest = rest.slice(m[0].length);
      // A JSON value ({…} or […]) runs to the end of the info string.
      const value = /^[{[]/.test(rest) ? rest : (/^\S*/.exec(rest)?.[0] ?? '');
      rest = rest.slice(value.length).trim();
      attrs.set(key, value);
    }
    let options: unknown;
    if (attrs.has('options')) {
      try {
        options = JSON.parse(attrs.get('options') as string) as unknown;
      } catch (error) {
        bad.push(`${where}: options= is not JSON (${String(error)})`);
      }
    }
    const jobKind = attrs.get('kind');
    if (jobKind !== undefined && !(JOB_KINDS as readonly string[]).includes(jobKind)) bad.push(`${where}: kind=${jobKind}: expected system, user or session`);
    examples.push({
      kind,
      text: `${body.join('\n')}\n`,
      line: i + 2,
      ...(attrs.has('path') ? { path: attrs.get('path') as string } : {}),
      ...(jobKind !== undefined ? { jobKind: jobKind as JobKind } : {}),
      ...(attrs.has('target') ? { target: attrs.get('target') as string } : {}),
      ...(options !== undefined ? { options } : {}),
      also: (attrs.get('also') ?? '').split(',').filter((a) => a !== ''),
      prose: proseBefore(),
      project: section,
    });
    i = j;
  }
  return { examples, projectFiles, bad };
}

/** What the reader must be told in the prose before a block whose info string sets something. */
function unsaid(ex: Example): string[] {
  const missing: string[] = [];
  if (ex.path !== undefined && !ex.prose.includes(ex.path)) missing.push(`the path ${ex.path}`);
  if (ex.target !== undefined && !ex.prose.includes(ex.target)) missing.push(`the target version ${ex.target}`);
  if (ex.jobKind !== undefined && !ex.prose.includes(ex.jobKind)) missing.push(`the job kind ${ex.jobKind}`);
  if (ex.options !== null && typeof ex.options === 'object') {
    for (const key of Object.keys(ex.options)) if (!ex.prose.includes(key)) missing.push(`the option ${key}`);
  }
  return missing;
}

function lintExample(id: string, ex: Example) {
  const config: Record<string, RuleSetting> = {};
  config[id] = ex.options === undefined ? 'error' : ['error', ex.options];
  for (const also of ex.also) config[also] ??= 'error';
  const filePath = ex.path ?? '/etc/init/example.conf';
  const project = Object.keys(ex.project).length > 0 ? fixtureProject({ also: [], project: { ...ex.project } }, 'docs/rules', filePath, ex.text) : undefined;
  const options: LintOptions = {
    filePath,
    ...(project ? { project } : {}),
    ...(ex.jobKind ? { jobKind: ex.jobKind } : {}),
    rules: config,
    onlyListedRules: true,
    ...(ex.target ? { targetVersion: ex.target } : {}),
    inlineConfig: false,
  };
  // A rule that relays ShellCheck gets ShellCheck's findings, as the lint layer gives them.
  const external = rules.get(id)?.meta.external ? { external: shellcheckExternal(ex.text, options) } : {};
  return lintText(ex.text, Object.assign({}, options, external));
}

test('generated blocks and the index are up to date (npm run docs)', () => {
  const plan = planDocs({ rules, docsUrl, docsDir: DEFAULT_DOCS_DIR });
  expect(staleFiles(plan).map((p) => p.slice(DEFAULT_DOCS_DIR.length))).toEqual([]);
});

describe.for([...rules.keys()])('docs/rules/%s.md', (id) => {
  const path = `docs/rules/${id}.md`;
  const rule = rules.get(id);
  const page = existsSync(path) ? readFileSync(path, 'utf8') : '';

  test('exists', () => expect(existsSync(path)).toBe(true));

  test('has the hand-written sections in order', () => {
    const hand = page.slice(page.indexOf(END) + END.length);
    // Headings outside fenced code blocks (a `# comment` in an example is not a heading).
    const headings = hand.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').split('\n').filter((l) => /^#{1,3} /.test(l));
    const expected = ['## Why', '## Examples', '### Incorrect', '### Correct'];
    if (rule?.meta.parseOptions) expected.push('## Options');
    expected.push('## When not to use it');
    expect(headings).toEqual(expected);
  });

  test('"Why" cites the grammar document and contains no TODO', () => {
    const why = page.slice(page.indexOf('## Why'), page.indexOf('## Examples'));
    expect(why).toMatch(/section \d+(\.\d+)?/);
    expect(page.includes('TODO')).toBe(false);
  });

  const { examples, projectFiles, bad } = examplesOf(page);

  test('has incorrect and correct examples, all labelled, each a job file a user can paste', () => {
    expect(bad).toEqual([]);
    expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
    expect(examples.some((e) => e.kind === 'correct')).toBe(true);
  });

  test('the prose before each project block names its file', () => {
    expect(projectFiles.filter((f) => !f.prose.includes(f.path)).map((f) => `the prose before the project block of ${f.path} must name it`)).toEqual([]);
  });

  for (const ex of examples) {
    test(`${ex.kind} example at line ${ex.line}`, () => {
      expect(unsaid(ex).map((what) => `the prose before the block must tell the reader ${what}`)).toEqual([]);
      const diagnostics = lintExample(id, ex);
      expect(diagnostics.filter((d) => d.ruleId === 'syntax').map((d) => d.message)).toEqual([]);
      const own = diagnostics.filter((d) => d.ruleId === id);
      if (ex.kind === 'incorrect') expect(own.length).toBeGreaterThan(0);
      else expect(own.map((d) => `${d.span.start.line}: ${d.message}`)).toEqual([]);
    });
  }
});
