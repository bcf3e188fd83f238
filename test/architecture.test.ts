import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fg from 'fast-glob';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

/** Import specifiers of a TypeScript file: type-only or not, static or `import()`. */
function imports(file: string): { spec: string; typeOnly: boolean; dynamic: boolean }[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const out: { spec: string; typeOnly: boolean; dynamic: boolean }[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec) out.push({ spec, typeOnly: Boolean(m[2]), dynamic: m[4] !== undefined });
  }
  return out;
}

// ---- the layer table (docs/design.md "Layers") ----------------------------------------------------
//
//   grammar, shell       leaves: text in, tree and positions out; import nothing of ours
//   core                 the engine: grammar, shell
//   rules                core (grammar for types only), shell
//   api (src/index.ts)   the public entry: hands the rule registry to the core
//   load                 files and configuration
//   lint                 the file-linting layer, over load
//   cli, lsp             front ends over lint; the CLI loads the language server only with --lsp
//   formatters           pure output; core types only

type Layer = 'grammar' | 'shell' | 'core' | 'rules' | 'api' | 'load' | 'lint' | 'formatters' | 'cli' | 'lsp';

const LAYERS: readonly Layer[] = ['grammar', 'shell', 'core', 'rules', 'api', 'load', 'lint', 'formatters', 'cli', 'lsp'];

const BELOW_LOAD: readonly Layer[] = ['api', 'rules', 'core', 'grammar', 'shell'];

/** Which layers each layer may import (its own layer is always allowed). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  grammar: [],
  shell: [],
  core: ['grammar', 'shell'],
  rules: ['core', 'grammar', 'shell'],
  api: ['rules', 'core', 'grammar', 'shell'],
  load: BELOW_LOAD,
  lint: ['load', ...BELOW_LOAD],
  formatters: ['core'],
  cli: ['lint', 'load', ...BELOW_LOAD, 'formatters', 'lsp'],
  lsp: ['lint', 'load', ...BELOW_LOAD, 'formatters'],
};

/** Imports allowed for types only. */
const TYPE_ONLY: Partial<Record<Layer, readonly Layer[]>> = {
  rules: ['grammar'],
  formatters: ['core'],
};

/** Imports allowed only through `import()` (loaded when needed). */
const LAZY_ONLY: Partial<Record<Layer, readonly Layer[]>> = {
  cli: ['lsp'],
};

function layerOf(file: string): Layer | null {
  const rel = relative('src', file).split('\\').join('/');
  if (rel === 'index.ts') return 'api';
  const top = rel.split('/')[0] ?? '';
  return (LAYERS as readonly string[]).includes(top) && top !== 'api' ? (top as Layer) : null;
}

/** The source file a relative specifier names (`../core/rule.js` → `src/core/rule.ts`). */
function target(from: string, spec: string): string {
  const abs = join(dirname(from), spec);
  return abs.replace(/\.js$/, '.ts');
}

const sources = fg.sync('src/**/*.ts').sort();

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly fromLayer: Layer;
  readonly toLayer: Layer | null;
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

function edgesOf(file: string): Edge[] {
  const fromLayer = layerOf(file) as Layer;
  return imports(file)
    .filter((i) => i.spec.startsWith('.'))
    .map((i) => {
      const to = target(file, i.spec);
      return { from: file, to, fromLayer, toLayer: layerOf(to), typeOnly: i.typeOnly, dynamic: i.dynamic };
    });
}

/** Why an import breaks the table, or null. */
function violation(e: Edge): string | null {
  if (e.toLayer === null) return `${e.from} imports ${e.to}, which is outside every layer`;
  if (e.toLayer === e.fromLayer) return null;
  if (!MAY_IMPORT[e.fromLayer].includes(e.toLayer)) return `${e.from} (${e.fromLayer}) imports ${e.to} (${e.toLayer})`;
  if (TYPE_ONLY[e.fromLayer]?.includes(e.toLayer) && !e.typeOnly) return `${e.from} (${e.fromLayer}) imports ${e.to} (${e.toLayer}) for more than types`;
  if (LAZY_ONLY[e.fromLayer]?.includes(e.toLayer) && !e.dynamic) return `${e.from} (${e.fromLayer}) imports ${e.to} (${e.toLayer}) statically; load it with import()`;
  return null;
}

describe('architecture: the layer table', () => {
  test('every source file belongs to a layer', () => {
    expect(sources.filter((f) => layerOf(f) === null)).toEqual([]);
  });

  test('every layer but shell has files (shell is checked from the moment it exists)', () => {
    const present = new Set(sources.map(layerOf));
    expect(LAYERS.filter((l) => l !== 'shell' && !present.has(l))).toEqual([]);
  });

  test('relative imports name files that exist', () => {
    const missing = sources.flatMap(edgesOf).filter((e) => !existsSync(e.to)).map((e) => `${e.from} → ${e.to}`);
    expect(missing).toEqual([]);
  });

  test.each(sources)('%s imports only the layers below it', (file) => {
    expect(edgesOf(file).map(violation).filter((v) => v !== null)).toEqual([]);
  });

  test('the checker catches an import in each forbidden direction', () => {
    // The table itself, probed with made-up edges: upward, sideways and into a leaf.
    const edge = (fromLayer: Layer, toLayer: Layer, typeOnly = false, dynamic = false): Edge => ({
      from: `src/${fromLayer}/x.ts`,
      to: `src/${toLayer}/y.ts`,
      fromLayer,
      toLayer,
      typeOnly,
      dynamic,
    });
    const forbidden: Edge[] = [
      edge('core', 'rules'),
      edge('core', 'load'),
      edge('grammar', 'core'),
      edge('grammar', 'shell'),
      edge('shell', 'grammar'),
      edge('shell', 'core'),
      edge('rules', 'load'),
      edge('rules', 'grammar'),
      edge('rules', 'api'),
      edge('load', 'lint'),
      edge('lint', 'cli'),
      edge('lint', 'lsp'),
      edge('lsp', 'cli'),
      edge('formatters', 'core'),
      edge('formatters', 'lint'),
      edge('cli', 'lsp'),
      edge('api', 'load'),
    ];
    for (const e of forbidden) expect(violation(e), `${e.fromLayer} → ${e.toLayer}`).not.toBeNull();
    const allowed: Edge[] = [
      edge('core', 'grammar'),
      edge('core', 'shell'),
      edge('rules', 'grammar', true),
      edge('rules', 'shell'),
      edge('formatters', 'core', true),
      edge('lint', 'load'),
      edge('cli', 'lsp', false, true),
      edge('lsp', 'lint'),
    ];
    for (const e of allowed) expect(violation(e), `${e.fromLayer} → ${e.toLayer}`).toBeNull();
  });
});

const FORBIDDEN_IN_CORE = [/^(node:)?fs(\/|$)/, /^(node:)?child_process$/, /^(node:)?process$/, /^chalk$/, /^fast-glob$/, /^(node:)?path$/, /^(node:)?os$/];
const pure = fg.sync(['src/grammar/**/*.ts', 'src/shell/**/*.ts', 'src/core/**/*.ts', 'src/rules/**/*.ts']).sort();

describe('architecture: the core is pure', () => {
  test('there are core files to check', () => {
    expect(pure.length).toBeGreaterThan(10);
  });

  test.each(pure)('%s imports no file system, process, colours or globbing', (file) => {
    const bad = imports(file).filter((i) => FORBIDDEN_IN_CORE.some((re) => re.test(i.spec)));
    expect(bad).toEqual([]);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(text).not.toMatch(/\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/);
  });

  test.each(fg.sync('src/grammar/**/*.ts').sort())('%s (grammar) imports only chevrotain and grammar modules', (file) => {
    const bad = imports(file).filter((i) => !i.spec.startsWith('./') && i.spec !== 'chevrotain');
    expect(bad).toEqual([]);
  });

  test('chalk is imported only by the stylish formatter', () => {
    const users = sources.filter((f) => imports(f).some((i) => i.spec === 'chalk'));
    expect(users.every((f) => f === 'src/formatters/stylish.ts')).toBe(true);
  });

  test('the language-server libraries are imported only by src/lsp', () => {
    const users = sources.filter((f) => imports(f).some((i) => /^vscode-/.test(i.spec)));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((f) => !f.startsWith('src/lsp/'))).toEqual([]);
  });
});

describe('architecture: per-file code avoids a Node 20 memory trap', () => {
  // On Node 20 (V8 11.3) an object literal that starts with a spread and adds properties,
  // `{ ...base, key: value }`, has its objects promoted to the old generation even when they die
  // young. Built once per stanza or per diagnostic, they filled the heap between full collections
  // and peak memory grew with the number of files linted (docs/design.md, "Memory"). Code run for
  // every file (or, in the language server, every edit) writes the properties out, or uses
  // Object.assign.
  const perFile = fg
    .sync(['src/grammar/**/*.ts', 'src/shell/**/*.ts', 'src/core/**/*.ts', 'src/rules/**/*.ts', 'src/formatters/**/*.ts', 'src/load/**/*.ts', 'src/lint/**/*.ts', 'src/lsp/**/*.ts'])
    .sort();

  test.each(perFile)('%s has no `{ ...spread, more }` object literal', (file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const hits = [...text.matchAll(/\{\s*\.\.\.[\w.$]+(?:\([^()]*\))?\s*,/g)].map((m) => m[0].replace(/\s+/g, ' '));
    expect(hits).toEqual([]);
  });

  // Two more forms with the same effect on Node 20 (docs/design.md, "Memory of a bulk run"): an
  // object literal with a `get`/`set` accessor allocates its accessor pair in the old generation
  // at every evaluation, which keeps the young closure and everything it captured (a process view
  // captured its shell tree) until the next full collection; and a module-level WeakMap or
  // WeakSet keeps the young keys and values of its entries through young-generation collections.
  // Per-file code uses classes for accessors and keeps derived values on the object they derive
  // from (`derivedFrom` in src/shell/query.ts).
  const trapsIn = (file: string): string[] => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const hits: string[] = [];
    const at = (node: ts.Node): string => `line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if ((ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && ts.isObjectLiteralExpression(node.parent)) {
        hits.push(`accessor \`${node.name.getText(source)}\` in an object literal, ${at(node)}`);
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^Weak(Map|Set)$/.test(node.expression.text)) {
        // Module level: no function, method, class or accessor between it and the file.
        let owner: ts.Node = node.parent;
        while (!ts.isSourceFile(owner) && !ts.isFunctionLike(owner) && !ts.isClassLike(owner)) owner = owner.parent;
        if (ts.isSourceFile(owner)) hits.push(`module-level ${node.expression.text}, ${at(node)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return hits;
  };

  test.each(perFile)('%s has no accessor in an object literal and no module-level WeakMap', (file) => {
    expect(trapsIn(file)).toEqual([]);
  });

  test('the check finds both forms', () => {
    const dir = 'fixtures/architecture';
    expect(trapsIn(join(dir, 'memory-traps.ts'))).toEqual([
      'accessor `parsed` in an object literal, line 5',
      'module-level WeakMap, line 11',
    ]);
  });
});
