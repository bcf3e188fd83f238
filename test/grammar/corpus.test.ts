/**
 * The parser against upstart 1.13.2's own verdicts on 491 real job files
 * (../shared/corpus/verdicts.tsv): accepted ⇔ no fatal diagnostic; rejected ⇔ the first fatal
 * diagnostic has the mapped messageId and the line upstart logs.
 *
 * Where our span starts on another line than the one upstart logs (we point at the offending
 * token, upstart at wherever its line counter was), the file must be listed, with a reason, in
 * fixtures/grammar/corpus-differences.json, so that every change to that set is reviewed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/grammar/parse.js';
import type { SyntaxDiagnostic } from '../../src/grammar/ast.js';
import {
  UPSTART_TO_MESSAGE_ID,
  listCorpusFiles,
  readCorpusFile,
  readVerdicts,
  repoRoot,
  type Verdict,
} from '../helpers/grammar-corpus.js';
import { formatDiagnostic, spanProblems } from '../helpers/grammar-spans.js';

const verdicts = readVerdicts();
const differencesPath = path.join(repoRoot, 'fixtures/grammar/corpus-differences.json');

interface Difference {
  readonly upstartLine: number | null;
  readonly ourLine: number;
  readonly messageId: string;
}
interface ReviewedDifference extends Difference {
  readonly why: string;
}

function firstFatal(diagnostics: readonly SyntaxDiagnostic[]): SyntaxDiagnostic | undefined {
  return diagnostics.find((d) => d.fatal);
}

describe('corpus listing', () => {
  test('every corpus file has a verdict and every verdict a file', () => {
    const files = listCorpusFiles();
    expect(verdicts.map((v) => v.file).sort()).toEqual(files);
  });

  test('every upstart error in verdicts.tsv maps to a messageId', () => {
    const unmapped = verdicts.filter((v) => !v.accepted && (v.error === null || !(v.error in UPSTART_TO_MESSAGE_ID)));
    expect(unmapped).toEqual([]);
  });

  test('an empty verdict line occurs only for PARSE_ILLEGAL_SIGNAL', () => {
    const bad = verdicts.filter((v) => !v.accepted && v.line === null && v.error !== 'PARSE_ILLEGAL_SIGNAL');
    expect(bad).toEqual([]);
  });
});

describe.for(verdicts)('corpus $file', (v: Verdict) => {
  test(v.accepted ? 'accepted: no fatal diagnostic' : `rejected: ${v.error} at line ${v.line ?? '(none)'}`, () => {
    const text = readCorpusFile(v.file);
    const { ast, diagnostics } = parse(text);
    const fatal = firstFatal(diagnostics);

    expect(spanProblems(text, ast, diagnostics), 'spans must be consistent with the text').toEqual([]);

    if (v.accepted) {
      expect(diagnostics.filter((d) => d.fatal).map(formatDiagnostic), 'upstart accepts this file').toEqual([]);
      return;
    }
    expect(fatal, `upstart rejects this file with ${v.error} at line ${v.line}`).toBeDefined();
    if (!fatal) return;
    expect({
      messageId: fatal.messageId,
      upstartLine: fatal.upstartLine,
      upstartError: fatal.upstartError,
    }).toEqual({
      messageId: UPSTART_TO_MESSAGE_ID[v.error ?? ''],
      upstartLine: v.line,
      upstartError: v.error,
    });
  });
});

describe('documented differences between our position and upstart line', () => {
  test('fixtures/grammar/corpus-differences.json lists exactly the files where span line ≠ upstart line', () => {
    const reviewed = JSON.parse(readFileSync(differencesPath, 'utf8')) as Record<string, ReviewedDifference>;
    const withoutWhy = Object.entries(reviewed).filter(([, d]) => typeof d.why !== 'string' || d.why.trim() === '');
    expect(withoutWhy.map(([f]) => f), 'every reviewed difference explains why').toEqual([]);

    const observed: [string, Difference][] = [];
    for (const v of verdicts) {
      if (v.accepted) continue;
      const fatal = firstFatal(parse(readCorpusFile(v.file)).diagnostics);
      if (fatal && fatal.span.start.line !== fatal.upstartLine) {
        observed.push([v.file, { upstartLine: fatal.upstartLine, ourLine: fatal.span.start.line, messageId: fatal.messageId }]);
      }
    }
    const actual = Object.fromEntries(observed);
    const expected = Object.fromEntries(
      Object.entries(reviewed).map(([f, d]) => [f, { upstartLine: d.upstartLine, ourLine: d.ourLine, messageId: d.messageId }]),
    );
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      // Printed so that a reviewer can copy the new set (and add a `why` to each entry).
      console.log('observed corpus differences:\n' + JSON.stringify(actual, null, 2));
    }
    expect(actual).toEqual(expected);
  });
});
