/**
 * The shared corpus linted the way a user lints it: every file under the path it has in its own
 * repository (SOURCES.tsv: `owner/repo/path`), so that the path decides the job kind and name, with
 * the default settings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { lintJob, type JobLintResult } from '../../src/index.js';
import type { LintOptions } from '../../src/core/config.js';
import { assertCorpusPresent, corpusDir, readCorpusFile } from './grammar-corpus.js';

export interface CorpusEntry {
  /** File name in corpus/files/. */
  readonly file: string;
  /** `owner/repo/path/in/repo`: the path the file is linted under. */
  readonly lintPath: string;
}

export function readSources(): CorpusEntry[] {
  assertCorpusPresent();
  const rows = readFileSync(path.join(corpusDir, 'SOURCES.tsv'), 'utf8').split('\n');
  const header = rows.shift()?.split('\t') ?? [];
  if (header[0] !== 'file' || header[1] !== 'repo' || header[2] !== 'path') throw new Error(`SOURCES.tsv: unexpected header ${JSON.stringify(header)}`);
  const out: CorpusEntry[] = [];
  for (const row of rows) {
    if (row.trim() === '') continue;
    const [file = '', repo = '', inRepo = ''] = row.split('\t');
    out.push({ file, lintPath: `${repo}/${inRepo}` });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface CorpusResult extends CorpusEntry {
  readonly result: JobLintResult;
}

/** Lints every corpus file with the default settings (or `options`). */
export function lintCorpus(options: Omit<LintOptions, 'filePath'> = {}): CorpusResult[] {
  return readSources().map((entry) => ({
    ...entry,
    result: lintJob(readCorpusFile(entry.file), Object.assign({ filePath: entry.lintPath }, options)),
  }));
}

export type { Diagnostic };
