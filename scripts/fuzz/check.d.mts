/** Types of scripts/fuzz/check.mjs, for test/fuzz.test.ts. */
import type * as Api from '../../src/index.js';

export interface FuzzInput {
  readonly family?: string;
  readonly text: string;
  readonly filePath: string;
  readonly overrideText?: string;
  readonly confText?: string;
}

export interface Finding {
  readonly check: string;
  readonly message: string;
}

export interface FuzzStats {
  diagnostics: number;
  fatal: number;
  fixedInputs: number;
}

export type FuzzApi = Pick<typeof Api, 'parse' | 'lintText' | 'applyFixes' | 'rules' | 'LineIndex'>;

export declare function allRulesOn(rules: FuzzApi['rules']): Record<string, 'warning'>;
export declare function checkInput(api: FuzzApi, input: FuzzInput, rulesConfig: Record<string, 'warning'>, stats?: FuzzStats): Finding[];
