/** Types of scripts/gen-config-validator.mjs, for test/load/config-validator.test.ts. */
export declare const SCHEMA: string;
export declare const OUTPUT: string;
export declare const AJV_OPTIONS: { readonly allErrors: boolean; readonly strict: boolean };
export declare function renderValidator(schemaText?: string): string;
