/**
 * V8's heap settings for a long run of the command line (docs/design.md, "Memory of a bulk run").
 *
 * A run over thousands of files keeps little alive (the project model and one file's trees: 10 to
 * 25 MB for 10,000 files) and allocates about 130 KiB per file. With V8's defaults for an
 * interactive program, that made a peak of 188 to 205 MB of RSS: the young generation grows to two
 * 16 MB semi-spaces, and after each full collection the old generation may grow to up to four
 * times what survived it before the next one, with garbage. A batch run does not need either: the
 * semi-spaces stop growing at 4 MB and the old generation grows by 30 % between full collections,
 * for the same CPU time.
 *
 * Both are V8 flags that V8 reads while it runs (the semi-space growth factor when it grows the
 * young generation, the heap growth percentage after each full collection), so setting them after
 * start-up takes effect. A short run (the usual one-file lint of a pre-commit hook or an editor)
 * never loads node:v8, which costs 3 to 4 ms of start-up: the settings start after
 * `TUNE_AFTER` files.
 */
import type * as V8 from 'node:v8';

/** Files (read by the project pass or linted) before the settings start. */
const TUNE_AFTER = 256;
/** Files between two looks at the young generation's size, until it is capped. */
const LOOK_EVERY = 32;
/** Young generation (both semi-spaces) at which it stops growing. */
const YOUNG_CAP_BYTES = 8 * 1024 * 1024;
/** Growth of the old generation between full collections (V8's default: up to 300 %). */
const HEAP_GROWING_PERCENT = 30;
/**
 * V8 majors whose flags were checked (Node 20: 11.3, Node 22: 12.4, Node 24: 13.6). V8 prints
 * "Error: unrecognized flag" on standard error for a flag it no longer has, so a later V8 keeps
 * its defaults until checked.
 */
const CHECKED_V8 = /^1[1-3]\./;

export class BulkHeap {
  private files = 0;
  private v8: typeof V8 | null = null;
  private youngCapped = false;

  /** Called for every file the run reads. */
  tick(): void {
    const n = ++this.files;
    if (n === TUNE_AFTER && CHECKED_V8.test(process.versions.v8)) {
      import('node:v8').then(
        (v8) => {
          this.v8 = v8;
          v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
          this.capYoung();
        },
        () => undefined,
      );
    } else if (n > TUNE_AFTER && !this.youngCapped && n % LOOK_EVERY === 0) {
      this.capYoung();
    }
  }

  private capYoung(): void {
    const v8 = this.v8;
    if (v8 === null) return;
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (young === undefined || young.space_size >= YOUNG_CAP_BYTES) {
      v8.setFlagsFromString('--semi-space-growth-factor=1');
      this.youngCapped = true;
    }
  }
}
