/**
 * `--rule` values, as ESLint takes them: `ID:SEVERITY`, `ID: [SEVERITY, OPTIONS]` or several at
 * once, `{ID: SEVERITY, ID: [SEVERITY, OPTIONS]}`. Anything beyond `ID:SEVERITY` is read as a
 * YAML flow mapping (so JSON works too); js-yaml loads only then. Settings are checked as
 * configuration files are: known rule, severity, options through the rule's own parser.
 */
import type { RuleSetting } from '../core/config.js';
import type { Rule } from '../core/rule.js';

/** A `--rule` value that cannot be used: exit code 2 with this message. */
export class RuleOptionError extends Error {
  override readonly name = 'FatalError';
}

const SEVERITIES: Readonly<Record<string, RuleSetting>> = {
  off: 'off',
  info: 'info',
  warn: 'warn',
  warning: 'warning',
  error: 'error',
  '0': 'off',
  '1': 'warn',
  '2': 'error',
};

const SIMPLE = /^\s*([^\s:{[][^:]*):\s*([A-Za-z0-9]+)\s*$/;

export async function parseRuleOption(text: string, registry: ReadonlyMap<string, Rule>): Promise<Record<string, RuleSetting>> {
  const fail = (message: string): never => {
    throw new RuleOptionError(`--rule ${text}: ${message}`);
  };
  let entries: [string, unknown][];
  const simple = SIMPLE.exec(text);
  if (simple) {
    entries = [[(simple[1] as string).trimEnd(), simple[2] as string]];
  } else {
    const { load } = await import('js-yaml');
    let value: unknown;
    try {
      value = load(/^\s*\{/.test(text) ? text : `{${text}}`);
    } catch (error) {
      const reason = (error as { reason?: unknown }).reason;
      fail(`not a rule setting (${typeof reason === 'string' ? reason : 'invalid YAML'}); expected ID:SEVERITY or 'ID: [SEVERITY, {OPTION: VALUE}]'`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail("expected ID:SEVERITY or 'ID: [SEVERITY, {OPTION: VALUE}]'");
    entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) fail('no rule given');
  }
  const out: Record<string, RuleSetting> = {};
  for (const [id, raw] of entries) {
    const rule = registry.get(id);
    if (!rule) fail(`unknown rule "${id}" (see upstart-lint --list-rules)`);
    const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    if (list.length < 1 || list.length > 2) fail(`${id}: expected a severity or [severity, options]`);
    const severity = SEVERITIES[String(list[0])];
    if (severity === undefined || (typeof list[0] !== 'string' && typeof list[0] !== 'number')) {
      fail(`invalid severity ${JSON.stringify(list[0])}; expected off, info, warn or error`);
    }
    if (list.length === 2) {
      if (!rule?.meta.parseOptions) fail(`rule "${id}" takes no options`);
      try {
        rule?.meta.parseOptions?.(list[1]);
      } catch (error) {
        fail(`${id}: ${(error instanceof Error ? error.message : String(error)).replace(/^rules\.[^:]*:\s*/, '')}`);
      }
      out[id] = [severity as 'off', list[1]];
    } else {
      out[id] = severity as RuleSetting;
    }
  }
  return out;
}
