#!/usr/bin/env node
// Lints each repository of the shared corpus as one tree (issue 11's precision study): the files
// of a repository are written to their original paths in a temporary directory (SOURCES.tsv), and
// `upstart-lint -f json <tree>` runs on it with the default configuration, project model on.
// Prints one line per finding of the project rules (TSV: repository, path, line, rule, messageId,
// message), then a count per rule. Run after `npm run build`:
//   node scripts/corpus-trees.mjs [../shared/corpus] > findings.tsv
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/corpus'));
const bin = path.join(repoRoot, 'bin/upstart-lint.js');
const RULES = new Set(['no-unknown-job', 'no-unknown-event', 'no-orphan-override', 'no-duplicate-job', 'valid-runlevel', 'socket-bridge-permissions']);

const rows = readFileSync(path.join(corpus, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const byRepo = new Map();
for (const [file, repo, p] of rows) {
  if (!byRepo.has(repo)) byRepo.set(repo, []);
  byRepo.get(repo).push({ file, path: p });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'upstart-lint-trees-'));
const counts = new Map();
try {
  for (const [repo, files] of [...byRepo].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const root = path.join(work, repo.replace('/', '__'));
    for (const f of files) {
      const dest = path.join(root, f.path);
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, readFileSync(path.join(corpus, 'files', f.file)));
    }
    mkdirSync(path.join(root, '.git'), { recursive: true });
    // Every file of the tree is named, so that files outside job directories are linted too.
    const r = spawnSync(process.execPath, [bin, '-f', 'json', ...files.map((f) => f.path)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    let results;
    try {
      results = JSON.parse(r.stdout);
    } catch {
      process.stderr.write(`${repo}: no JSON (${r.stderr.trim()})\n`);
      continue;
    }
    for (const res of results) {
      for (const m of res.messages) {
        if (!RULES.has(m.ruleId)) continue;
        if (m.ruleId === 'socket-bridge-permissions' && !m.messageId.startsWith('consumer')) continue;
        const key = `${m.ruleId}/${m.messageId}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        process.stdout.write(`${repo}\t${path.relative(root, res.filePath)}\t${m.line}\t${m.ruleId}\t${m.messageId}\t${m.message}\n`);
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write('\n');
for (const [k, n] of [...counts].sort()) process.stdout.write(`# ${k}\t${n}\n`);
