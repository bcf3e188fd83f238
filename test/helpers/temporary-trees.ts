import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Temporary repositories for a test file: `tree(files)` makes a directory with a `.git` (where
 * configuration discovery stops) and the given files; every directory in `made` (the trees, and
 * whatever else a test adds) is removed after the file's tests.
 */
export function temporaryTrees(prefix: string): { tree: (files: Record<string, string | Buffer>) => string; made: string[] } {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string | Buffer>): string => {
    const root = mkdtempSync(join(tmpdir(), prefix));
    made.push(root);
    mkdirSync(join(root, '.git'));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    return root;
  };
  return { tree, made };
}
