/**
 * The `strict` option of the rules that judge names across the project (no-unknown-job,
 * no-unknown-event): by default they report only what is certainly wrong (a near miss of a known
 * name, a name upstart 0.5 and later never uses); with `strict` they also report names that
 * nothing in the tree, the known lists or the configuration defines, which a package outside the
 * tree may still provide.
 */
import { ConfigError } from '../../core/rule.js';

export interface StrictOptions {
  /** Also report names nothing in the tree, the known lists or the configuration defines. */
  readonly strict: boolean;
}

export const STRICT_DEFAULTS: StrictOptions = { strict: false };

export function strictOptionsSchema(what: string): Readonly<Record<string, unknown>> {
  return {
    type: 'object',
    properties: {
      strict: {
        type: 'boolean',
        default: false,
        description: `Also report ${what} that nothing in the tree, the known lists or the configuration defines (a package outside the tree may provide them)`,
      },
    },
    additionalProperties: false,
  };
}

export function parseStrictOptions(raw: unknown): StrictOptions {
  if (raw === undefined || raw === null) return STRICT_DEFAULTS;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('', 'options must be an object like {"strict": true}');
  let strict = STRICT_DEFAULTS.strict;
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'strict') throw new ConfigError(key, 'unknown option; expected "strict"');
    if (typeof value !== 'boolean') throw new ConfigError('strict', 'must be true or false');
    strict = value;
  }
  return { strict };
}
