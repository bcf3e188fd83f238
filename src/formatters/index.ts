/** Formatter registry: name → lazily loaded formatter (keeps cold start small). */
import type { Formatter } from './types.js';

export const FORMAT_NAMES = ['stylish', 'unix', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'unix':
      return (await import('./unix.js')).unix;
    case 'json':
      return (await import('./json.js')).json;
    case 'sarif':
      return (await import('./sarif.js')).sarif;
    case 'github':
      return (await import('./github.js')).github;
    case 'gitlab':
      return (await import('./gitlab.js')).gitlab;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'checkstyle':
      return (await import('./checkstyle.js')).checkstyle;
  }
}

export type { Formatter, FormatterContext, LintResult } from './types.js';
