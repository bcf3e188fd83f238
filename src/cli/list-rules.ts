/** `--list-rules`: a table for people, or JSON with `--format json`. */
import type { Rule } from '../core/rule.js';
import { docsUrl } from '../core/rule.js';

export function listRules(registry: ReadonlyMap<string, Rule>, asJson: boolean): string {
  const rows = [...registry.values()].map((r) => ({
    id: r.meta.id,
    category: r.meta.category,
    defaultSeverity: r.meta.defaultSeverity,
    fixable: r.meta.fixable === true,
    hasSuggestions: r.meta.hasSuggestions === true,
    description: r.meta.description,
    url: docsUrl(r.meta.id),
  }));
  if (asJson) return `${JSON.stringify(rows, null, 2)}\n`;
  const header = { id: 'RULE', category: 'CATEGORY', defaultSeverity: 'DEFAULT', fix: 'FIX', description: 'DESCRIPTION' };
  const table = [header, ...rows.map((r) => ({ ...r, fix: r.fixable ? 'fix' : r.hasSuggestions ? 'suggest' : '-' }))];
  const w = (k: 'id' | 'category' | 'defaultSeverity' | 'fix'): number => Math.max(...table.map((r) => r[k].length));
  const lines = table.map((r) =>
    [r.id.padEnd(w('id')), r.category.padEnd(w('category')), r.defaultSeverity.padEnd(w('defaultSeverity')), r.fix.padEnd(w('fix')), r.description].join('  '),
  );
  return `${lines.join('\n')}\n${rows.length} rules\n`;
}
