/**
 * Keeps a long run's memory flat. After file discovery V8 sizes the old generation from the
 * discovery-time heap (about 4× it), so garbage from linting thousands of files piles up to that
 * limit before the next full collection, and peak RSS grows with the number of files. A full
 * collection right after discovery, and every few thousand files, keeps the heap near what is
 * really alive (results are streamed, so that is little). Used only for runs of 2,000 files or more
 * (main.ts decides): a one-file run never loads this module.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Runs a full garbage collection when the runtime allows it; a no-op otherwise. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      // --expose-gc takes effect for contexts created afterwards: a fresh one hands us `gc`.
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** Files between collections in a large run. */
export const COLLECT_EVERY = 4000;