/**
 * The severity policy (docs/configuration.md, "Severity policy") has one row per rule, and the row
 * says what the rule's metadata says: its default severity and the capped findings. A new rule
 * needs its row, with the reason, before this test passes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { rules } from '../src/rules/index.js';
import { repoRoot } from './helpers/grammar-corpus.js';

const START = '<!-- severity-table:start';
const END = '<!-- severity-table:end -->';

function policyRows(): Map<string, string> {
  const text = readFileSync(path.join(repoRoot, 'docs/configuration.md'), 'utf8');
  const block = text.slice(text.indexOf(START), text.indexOf(END));
  const rows = new Map<string, string>();
  for (const line of block.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \|$/.exec(line);
    if (m) rows.set(m[1] as string, (m[2] as string).trim());
  }
  return rows;
}

/** What the row must say: `error; warning for `a`, `b`; info for `c``. */
function expected(id: string): string {
  const meta = rules.get(id)?.meta;
  if (!meta) return '';
  const caps = Object.entries((meta.messageSeverity ?? {}) as Record<string, string>);
  const parts = [meta.defaultSeverity as string];
  for (const level of ['warning', 'info']) {
    const ids = caps.filter(([, l]) => l === level).map(([m]) => `\`${m}\``);
    if (ids.length > 0) parts.push(`${level} for ${ids.join(', ')}`);
  }
  return parts.join('; ');
}

test('every rule has a row in the severity policy, and the row matches its metadata', () => {
  const rows = policyRows();
  expect([...rows.keys()].sort()).toEqual([...rules.keys()].sort());
  for (const id of rules.keys()) expect(`${id}: ${rows.get(id) ?? ''}`).toBe(`${id}: ${expected(id)}`);
});

test('no rule is at error only because of a finding the policy calls style', () => {
  // Every capped finding is below the rule's own severity (a cap at or above it says nothing).
  const order = { info: 0, warning: 1, error: 2, off: -1 } as const;
  for (const [id, rule] of rules) {
    for (const [messageId, level] of Object.entries((rule.meta.messageSeverity ?? {}) as Record<string, 'info' | 'warning' | 'error'>)) {
      expect(order[level], `${id}/${messageId}`).toBeLessThan(order[rule.meta.defaultSeverity]);
      expect(Object.keys(rule.meta.messages), `${id}/${messageId}`).toContain(messageId);
    }
  }
});
