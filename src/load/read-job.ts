/**
 * Reading job files: bytes → text (remembering whether the bytes were valid UTF-8 and whether they
 * contain NUL), companion `.conf`/`.override` lookup, and atomic rewriting for `--fix`.
 */
import { isUtf8 } from 'node:buffer';
// Reads are synchronous (files are handled one at a time anyway), so that a run that does not fix
// anything never loads node:fs/promises, which drags readline and the streams stack into start-up.
import { readFileSync, statSync } from 'node:fs';
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

export async function readJob(path: string): Promise<JobText> {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (st.isFile() && st.size > MAX_JOB_FILE_BYTES) throw tooLarge(path, st.size);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, `cannot read ${path}: ${ioReason(error)}`);
  }
  if (bytes.length > MAX_JOB_FILE_BYTES) throw tooLarge(path, bytes.length);
  return decodeJob(path, bytes);
}

/** Reads the sibling `.conf` (for an `.override`) or `.override` (for a `.conf`), when it exists. */
export async function readCompanion(path: string): Promise<JobText | null> {
  const other = companionPath(path);
  if (other === null) return null;
  try {
    const st = statSync(other);
    if (!st.isFile()) return null;
  } catch {
    return null;
  }
  return readJob(other);
}

/**
 * Replaces the file's contents atomically: a temporary file in the same directory, written and
 * flushed, given the original's permissions (and owner, when allowed), then renamed over it.
 * Symbolic links are followed, so the link itself stays a link.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { chmod, chown, open, realpath, rename, stat, unlink } = await import('node:fs/promises');
  const target = await realpath(path);
  const st = await stat(target);
  // node:crypto is loaded here, not at start-up: only --fix writes files.
  const { randomBytes } = await import('node:crypto');
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.upstart-lint.tmp`);
  const handle = await open(tmp, 'wx', st.mode & 0o7777);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, st.mode & 0o7777);
    try {
      await chown(tmp, st.uid, st.gid);
    } catch {
      // Only root may give a file away; the owner is then the user running the fix.
    }
    await rename(tmp, target);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
