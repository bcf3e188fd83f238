/**
 * The parser against upstart 1.13.2's own verdicts on the 20,000 mutants of the corpus files
 * (../shared/corpus/mutants.jsonl.gz): broken quotes, backslashes, parentheses, keywords, joined
 * and split lines. For every mutant: accepted ⇔ no fatal diagnostic; when rejected, the first
 * fatal diagnostic has upstart's error kind, and some fatal diagnostic carries the line upstart
 * logs as `upstartLine` (null for the one error upstart logs without a line).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import { UPSTART_TO_MESSAGE_ID, assertCorpusPresent, corpusDir } from '../helpers/grammar-corpus.js';

interface Mutant {
  readonly id: string;
  readonly text: string;
  readonly upstart: { readonly accepted: boolean; readonly error?: string; readonly line?: number | null };
}

function readMutants(): Mutant[] {
  assertCorpusPresent();
  const raw = gunzipSync(readFileSync(path.join(corpusDir, 'mutants.jsonl.gz'))).toString('utf8');
  return raw
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Mutant);
}

test('all 20,000 mutants: acceptance, first error kind and upstart line agree with upstart', () => {
  const mutants = readMutants();
  expect(mutants).toHaveLength(20_000);
  let accepted = 0;
  let rejected = 0;
  let kind = 0;
  let line = 0;
  const misses: string[] = [];
  for (const m of mutants) {
    const fatal = parse(m.text).diagnostics.filter((d) => d.fatal);
    const first = fatal[0];
    if (m.upstart.accepted !== (first === undefined)) {
      misses.push(`${m.id}: upstart ${m.upstart.accepted ? 'accepts' : `rejects (${m.upstart.error})`}, we report ${first ? `${first.messageId} on line ${first.upstartLine}` : 'nothing'}`);
      continue;
    }
    accepted++;
    if (m.upstart.accepted || !first) continue;
    rejected++;
    const want = UPSTART_TO_MESSAGE_ID[m.upstart.error ?? ''];
    if (first.messageId === want) kind++;
    else misses.push(`${m.id}: upstart ${m.upstart.error}, our first fatal diagnostic is ${first.messageId}`);
    const upstartLine = m.upstart.line ?? null;
    if (fatal.some((d) => d.upstartLine === upstartLine)) line++;
    else misses.push(`${m.id}: upstart logs line ${upstartLine}, our upstartLine values are ${fatal.map((d) => d.upstartLine).join(', ')}`);
  }
  console.log(`mutants: accept/reject ${accepted}/${mutants.length}, first error kind ${kind}/${rejected}, upstart line ${line}/${rejected}`);
  expect(misses.slice(0, 20)).toEqual([]);
  expect({ accepted, kind, line }).toEqual({ accepted: mutants.length, kind: rejected, line: rejected });
});
