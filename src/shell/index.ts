/**
 * POSIX shell, as dash (`/bin/sh` on Debian and Ubuntu) reads it: parse a script into a tree
 * with offsets, and the syntax errors dash would report. Pure and synchronous; never throws.
 */
import type { ShellParseResult } from './ast.js';
import { ShellParser } from './parser.js';

export type * from './ast.js';
export { childrenOf, walkShell } from './walk.js';

export function parseShell(text: string): ShellParseResult {
  try {
    return new ShellParser(text).parseScript();
  } catch (error) {
    // A bug here must not take a lint run down: report it as an error at the start.
    const message = error instanceof Error ? error.message : String(error);
    return {
      script: { type: 'Script', start: 0, end: text.length, body: { type: 'CommandList', start: 0, end: 0, items: [] } },
      comments: [],
      derived: new Map(),
      errors: [
        {
          code: 'internal',
          dashMessage: `internal error in upstart-lint's shell parser (${message})`,
          found: null,
          expected: null,
          start: 0,
          end: 0,
          dashLine: 1,
          open: null,
          bashism: null,
          inBackquote: false,
        },
      ],
    };
  }
}
