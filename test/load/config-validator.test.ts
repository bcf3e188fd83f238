/**
 * The configuration schema's validator is compiled at build time (scripts/gen-config-validator.mjs):
 * the generated module must be current, and it must judge every configuration exactly as Ajv
 * compiling the schema at run time does (the same verdict and the same errors).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { AJV_OPTIONS, OUTPUT, SCHEMA, renderValidator } from '../../scripts/gen-config-validator.mjs';
import { validate } from '../../src/load/config-validator.generated.js';

test('src/load/config-validator.generated.ts is current (npm run build writes it)', () => {
  expect(readFileSync(OUTPUT, 'utf8') === renderValidator(), 'the generated validator is stale: run npm run build').toBe(true);
});

type Judge = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const precompiled = validate as unknown as Judge;
const runtime = new Ajv(AJV_OPTIONS).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object) as Judge;

describe('judges like Ajv compiling the schema at run time', () => {
  test.each([
    {},
    { root: true, rules: { 'require-setuid': 'error', 'prefer-oom-score': ['warn', { x: 1 }] } },
    { rules: { 'require-setuid': 3 } },
    { rules: { RequireSetuid: 'error' } },
    { rules: { 'require-setuid': ['error', {}, 'extra'] } },
    { rules: { 'require-setuid': [] } },
    { targetVersion: '1.13' },
    { targetVersion: 1.13 },
    { targetVersion: 'latest' },
    { ignores: ['vendor/', ''] },
    { ignores: 'vendor/' },
    { reportUnusedDirectives: 'loud' },
    { noInlineConfig: 'yes' },
    { rulez: {} },
    { overrides: [{ files: '*.conf', jobKind: 'user', targetVersion: '1.5', excludedFiles: ['a'], rules: { 'require-setuid': 'off' } }] },
    { overrides: [{ files: [], jobKind: 'daemon' }] },
    { overrides: [{ rules: {} }, { files: '', extra: 1 }] },
    { overrides: {} },
    { $schema: 5 },
    { ignores: ['\u{1F600}'] },
    [],
    null,
    'text',
  ])('%j', (data) => {
    const a = precompiled(data);
    const b = runtime(data);
    expect(a).toBe(b);
    expect(precompiled.errors ?? null).toEqual(runtime.errors ?? null);
  });
});
