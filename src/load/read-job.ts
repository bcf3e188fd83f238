/**
 * Reading job files: bytes → text (remembering whether the bytes were valid UTF-8 and whether they
 * contain NUL), companion `.conf`/`.override` lookup, and atomic rewriting for `--fix`.
 */
import { isUtf8 } from 'node:buffer';
// Reads are synchronous (files are handled one at a time anyway), so that a run that does not fix
// anything never loads node:fs/promises, which drags readline and the streams stack into start-up.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { companionPath } from '../core/job-kind.js';
import { ioReason } from './load-config.js';

export interface JobText {
  readonly path: string;
  readonly text: string;
  /** The bytes were valid UTF-8 (the text round-trips to the same bytes). */
  readonly validUtf8: boolean;
  /** The bytes contain a NUL byte (binary file). */
  readonly hasNul: boolean;
}

/** An input/output problem with a path the user gave: exit code 2, other files still linted. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

// ignoreBOM keeps U+FEFF in the text, so offsets match the file and rewriting keeps the BOM.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeJob(path: string, bytes: Uint8Array): JobText {
  return {
    path,
    text: decoder.decode(bytes),
    validUtf8: isUtf8(bytes),
    hasNul: bytes.includes(0),
  };
}

/**
 * The largest file the command line lints. Real job files are a few kilobytes (the largest of 491
 * collected from public repositories is 5 KB); a file of tens of megabytes is a log or a dump
 * named `.conf`, and its AST (about 1 KB per stanza, with exact positions) would not fit in
 * node's default heap. The library's `parse()` has no such limit.
 */
export const MAX_JOB_FILE_BYTES = 16 * 1024 * 1024;

export function tooLarge(path: string, size: number): InputError {
  const mib = (size / (1024 * 1024)).toFixed(1);
  return new InputError(path, `${path}: ${mib} MiB is too large for a job file; upstart-lint lints files of up to ${MAX_JOB_FILE_BYTES / (1024 * 1024)} MiB`);
}

/** For input whose size is not known before it is read (standard input, a FIFO, a device): it went on past the limit. */
export function overLimit(path: string): InputError {
  return new InputError(path, `${path}: more than ${MAX_JOB_FILE_BYTES / (1024 * 1024)} MiB, too large for a job file; upstart-lint lints files of up to ${MAX_JOB_FILE_BYTES / (1024 * 1024)} MiB`);
}

/**
 * Reads a descriptor to its end, but no more than one byte past MAX_JOB_FILE_BYTES: standard input
 * or a device may never end (`< /dev/zero` filled gigabytes of memory). A non-blocking descriptor
 * with nothing to read yet (EAGAIN) is asked again after a moment.
 */
export function readLimited(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= MAX_JOB_FILE_BYTES) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, MAX_JOB_FILE_BYTES + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/**
 * The bytes of a job file, or of a FIFO or device named as one (`/dev/stdin`, `<(…)`,
 * `/dev/zero`): opened without waiting for a writer (a FIFO nobody writes to reads as empty
 * instead of hanging), and read no further than one byte past MAX_JOB_FILE_BYTES when the size is
 * not known beforehand. A regular file over the limit is refused unread. Throws node's error or
 * an InputError about the size.
 */
export function readJobBytes(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (st.isFile() && st.size > MAX_JOB_FILE_BYTES) throw tooLarge(path, st.size);
    // A directory fails in the read (EISDIR), as before.
    const bytes = st.isFile() || st.isDirectory() ? readFileSync(fd) : readLimited(fd);
    if (bytes.length > MAX_JOB_FILE_BYTES) throw st.isFile() ? tooLarge(path, bytes.length) : overLimit(path);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

export async function readJob(path: string): Promise<JobText> {
  let bytes: Buffer;
  try {
    bytes = readJobBytes(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, `cannot read ${path}: ${ioReason(error)}`);
  }
  return decodeJob(path, bytes);
}

/** Reads the sibling `.conf` (for an `.override`) or `.override` (for a `.conf`), when it exists. */
export async function readCompanion(path: string): Promise<JobText | null> {
  const other = companionPath(path);
  if (other === null) return null;
  try {
    // Most jobs have no .override: no exception (with its stack) for each of them.
    const st = statSync(other, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile()) return null;
  } catch {
    return null;
  }
  return readJob(other);
}

/** Why a fix is not written: the path and the reason, worded for `cannot write PATH: REASON`. */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
}

/**
 * Replaces the file's contents atomically, for `--fix`: a temporary file in the same directory
 * (`.NAME.RANDOM.upstart-lint.tmp`, which upstart does not load: it is not a `.conf`), written and
 * flushed, given the original's permissions and owner, then renamed over the original. A crash or
 * SIGKILL at any moment leaves the original whole (at worst a stale temporary file beside it).
 *
 * - A symbolic link is followed: the file it points to is replaced (in its own directory) and the
 *   link stays a link to it, as an editor saving through the link would do.
 * - A file the user may not write (`access(W_OK)`: its mode, as the kernel judges it, so root may)
 *   is not replaced, although a rename would allow it: fixing must not overrule a read-only file.
 * - When the owner or group cannot be given to the new file (a user fixing someone else's
 *   group-writable file), nothing is written: the fix would otherwise change who owns the job.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { access, chmod, chown, constants, open, realpath, rename, stat, unlink } = await import('node:fs/promises');
  const target = await realpath(path);
  const st = await stat(target);
  await access(target, constants.W_OK);
  // node:crypto is loaded here, not at start-up: only --fix writes files.
  const { randomBytes } = await import('node:crypto');
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.upstart-lint.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    try {
      const mine = await handle.stat();
      if (mine.uid !== st.uid || mine.gid !== st.gid) {
        try {
          await handle.chown(st.uid, st.gid);
        } catch {
          throw new WriteRefused(`its owner and group (${String(st.uid)}:${String(st.gid)}) could not be kept; fix it as its owner`);
        }
      }
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, st.mode & 0o7777);
    await rename(tmp, target);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
