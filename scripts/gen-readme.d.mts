/** Types of scripts/gen-readme.mjs, for test/integration/readme.test.ts. */
import type { Rule } from '../src/core/rule.js';

export declare const README: string;
export declare const TABLE_START: string;
export declare const TABLE_END: string;
export declare function renderReadmeTable(rules: ReadonlyMap<string, Rule>): string;
export declare function refreshReadme(text: string, rules: ReadonlyMap<string, Rule>): string;
export declare const CORPUS_START: string;
export declare const CORPUS_END: string;
export interface CorpusFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly finding: string;
}
export declare function readCorpusFindings(text: string): CorpusFinding[];
export declare function renderCorpusTable(rules: ReadonlyMap<string, Rule>): string;
