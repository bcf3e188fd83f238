/**
 * Access to the shared corpus of real job files (`../shared/corpus` beside the checkout) and
 * upstart's own verdicts on them. The files are read, never copied or modified.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyntaxMessageId } from '../../src/grammar/ast.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const corpusFilesDir = path.join(corpusDir, 'files');

/** upstart / libnih error identifier → our messageId (corpus/README.md). */
export const UPSTART_TO_MESSAGE_ID: Readonly<Record<string, SyntaxMessageId>> = {
  NIH_CONFIG_UNKNOWN_STANZA: 'unknownStanza',
  NIH_CONFIG_EXPECTED_TOKEN: 'expectedToken',
  NIH_CONFIG_UNEXPECTED_TOKEN: 'unexpectedToken',
  NIH_CONFIG_TRAILING_SLASH: 'trailingSlash',
  NIH_CONFIG_UNTERMINATED_QUOTE: 'unterminatedQuote',
  NIH_CONFIG_UNTERMINATED_BLOCK: 'unterminatedBlock',
  PARSE_ILLEGAL_INTERVAL: 'illegalInterval',
  PARSE_ILLEGAL_EXIT: 'illegalExit',
  PARSE_ILLEGAL_SIGNAL: 'illegalSignal',
  PARSE_ILLEGAL_UMASK: 'illegalUmask',
  PARSE_ILLEGAL_NICE: 'illegalNice',
  PARSE_ILLEGAL_OOM: 'illegalOom',
  PARSE_ILLEGAL_LIMIT: 'illegalLimit',
  PARSE_EXPECTED_EVENT: 'expectedEvent',
  PARSE_EXPECTED_OPERATOR: 'expectedOperator',
  PARSE_EXPECTED_VARIABLE: 'expectedVariable',
  PARSE_MISMATCHED_PARENS: 'mismatchedParens',
};

export interface Verdict {
  readonly file: string;
  readonly accepted: boolean;
  /** Upstart identifier (rejected files only). */
  readonly error: string | null;
  /** Line upstart logs; null when it logs none (or the file was accepted). */
  readonly line: number | null;
  readonly message: string | null;
}

/** Throws a clear error when the corpus is not where the tests expect it. */
export function assertCorpusPresent(): void {
  if (!existsSync(corpusFilesDir) || !existsSync(path.join(corpusDir, 'verdicts.tsv'))) {
    throw new Error(
      `The shared corpus is missing: expected ${corpusFilesDir} and ${path.join(corpusDir, 'verdicts.tsv')} ` +
        `(a "shared/" directory beside the repository checkout). Check out shared/ next to the repo to run these tests.`,
    );
  }
}

export function readVerdicts(): Verdict[] {
  assertCorpusPresent();
  const rows = readFileSync(path.join(corpusDir, 'verdicts.tsv'), 'utf8').split('\n');
  const header = rows.shift();
  if (header?.split('\t')[0] !== 'file') throw new Error(`verdicts.tsv: unexpected header ${JSON.stringify(header)}`);
  const out: Verdict[] = [];
  for (const row of rows) {
    if (row.trim() === '') continue;
    const [file = '', verdict = '', error = '', line = '', message = ''] = row.split('\t');
    if (verdict !== 'accepted' && verdict !== 'rejected') throw new Error(`verdicts.tsv: bad verdict in ${JSON.stringify(row)}`);
    out.push({
      file,
      accepted: verdict === 'accepted',
      error: error === '' ? null : error,
      line: line === '' ? null : Number(line),
      message: message === '' ? null : message,
    });
  }
  return out;
}

export function listCorpusFiles(): string[] {
  assertCorpusPresent();
  return readdirSync(corpusFilesDir).sort();
}

export function readCorpusFile(name: string): string {
  return readFileSync(path.join(corpusFilesDir, name), 'utf8');
}
