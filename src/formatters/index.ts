/** Formatter registry: name → lazily loaded formatter (keeps cold start small). */
import { pure } from './stream.js';
import type { Formatter, StreamFormatter } from './types.js';

export const FORMAT_NAMES = ['stylish', 'unix', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The streaming form of a format (what the CLI uses: one file at a time). */
/**
 * Loads a format's stream. `options.color: 0` says the output is colourless, so stylish need not
 * load chalk; without it, colour support is always loaded.
 */
export async function loadStreamFormatter(name: FormatName, options: { readonly color?: number } = {}): Promise<StreamFormatter> {
  switch (name) {
    case 'stylish': {
      const stylish = await import('./stylish.js');
      if (options.color !== 0) await stylish.loadColour();
      return stylish.stylishStream;
    }
    case 'unix':
      return (await import('./unix.js')).unixStream;
    case 'json':
      return (await import('./json.js')).jsonStream;
    case 'sarif':
      return (await import('./sarif.js')).sarifStream;
    case 'github':
      return (await import('./github.js')).githubStream;
    case 'gitlab':
      return (await import('./gitlab.js')).gitlabStream;
    case 'junit':
      return (await import('./junit.js')).junitStream;
    case 'checkstyle':
      return (await import('./checkstyle.js')).checkstyleStream;
  }
}

/** The pure `(results, context) → text` form of a format. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  return pure(await loadStreamFormatter(name));
}

export { addToTotals, emptyTotals, streamAll } from './stream.js';
export type { FormatStream, Formatter, FormatterContext, LintResult, ReportTotals, StreamFormatter } from './types.js';
