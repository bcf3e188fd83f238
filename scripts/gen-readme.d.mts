/** Types of scripts/gen-readme.mjs, for test/integration/readme.test.ts. */
import type { Rule } from '../src/core/rule.js';

export declare const README: string;
export declare const TABLE_START: string;
export declare const TABLE_END: string;
export declare function renderReadmeTable(rules: ReadonlyMap<string, Rule>): string;
export declare function refreshReadme(text: string, rules: ReadonlyMap<string, Rule>): string;
