/** Types of scripts/gen-docs.mjs, for test/docs.test.ts. */
import type { Rule } from '../src/core/rule.js';

export declare const START: string;
export declare const END: string;
export declare const DEFAULT_DOCS_DIR: string;

export interface PlannedFile {
  readonly path: string;
  readonly actual: string | null;
  readonly expected: string;
}

export declare function renderOptions(meta: Rule['meta']): string;
export declare function renderRuleBlock(rule: Rule, docsUrl: (id: string) => string): string;
export declare function refreshPage(existing: string | null, rule: Rule, docsUrl: (id: string) => string): string;
export declare function renderIndex(rules: ReadonlyMap<string, Rule>): string;
export declare function planDocs(input: {
  readonly rules: ReadonlyMap<string, Rule>;
  readonly docsUrl: (id: string) => string;
  readonly docsDir: string;
  readonly presetsDir?: string;
}): PlannedFile[];
export declare function severityText(meta: Rule['meta']): string;
export declare function renderPreset(name: string, rules: ReadonlyMap<string, Rule>): string;
export declare const GENERATED_PRESETS: readonly string[];
export declare const DEFAULT_PRESETS_DIR: string;
export declare function staleFiles(plan: readonly PlannedFile[]): string[];
export declare function writeDocs(plan: readonly PlannedFile[]): string[];
