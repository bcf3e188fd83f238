// The checks run on every fuzz input, against the package's public API (dist/index.js):
// parse() and lintText() with every rule on never throw, every span lies inside its text and
// agrees with its line/column, safe fixes re-parse with no new fatal error, and a second fix pass
// changes nothing. Returns a list of findings (empty when the input passes).

/** Every built-in rule at warning severity, whatever its default. */
export function allRulesOn(rules) {
  const config = {};
  for (const id of rules.keys()) config[id] = 'warning';
  return config;
}

/** `stats` (optional) collects what the linter found: diagnostics, fatal ones, inputs fixed. */
export function checkInput(api, input, rulesConfig, stats) {
  const findings = [];
  const fail = (check, message) => findings.push({ check, message });
  const { text, filePath } = input;

  // 1. parse()
  let parsed;
  try {
    parsed = api.parse(text);
  } catch (error) {
    fail('parse-throws', describe(error));
    return findings;
  }
  const lines = new api.LineIndex(text);
  for (const d of parsed.diagnostics) {
    if (d.upstartError === 'INTERNAL') fail('parse-internal-error', d.message);
    checkSpan(lines, d.span, `syntax diagnostic ${d.messageId}`, fail);
  }
  walkSpans(parsed.ast, (span, where) => checkSpan(lines, span, where, fail));

  // 2. lintText() with every rule
  const options = { filePath, rules: rulesConfig };
  if (input.overrideText !== undefined) options.overrideText = input.overrideText;
  if (input.confText !== undefined) options.confText = input.confText;
  const companionText = input.overrideText ?? input.confText;
  const companionLines = companionText === undefined ? null : new api.LineIndex(companionText);
  const lint = (t) => api.lintText(t, options);
  let diagnostics;
  try {
    diagnostics = lint(text);
  } catch (error) {
    fail('lint-throws', describe(error));
    return findings;
  }
  for (const d of diagnostics) {
    const own = d.filePath === undefined || d.filePath === filePath;
    const where = `${d.ruleId}/${d.messageId}`;
    if (!own && companionLines === null) {
      fail('span-outside', `${where} names a file that was not given: ${d.filePath}`);
      continue;
    }
    checkSpan(own ? lines : companionLines, d.span, where, fail);
    for (const rel of d.related ?? []) {
      // A related location without a filePath is in the diagnostic's own file.
      const relFile = rel.filePath ?? d.filePath ?? filePath;
      if (relFile !== filePath && companionLines === null) fail('span-outside', `${where} related names a file that was not given: ${relFile}`);
      checkSpan(relFile === filePath ? lines : companionLines, rel.span, `${where} related`, fail);
    }
    const editedText = own ? text : companionText ?? '';
    if (d.fix) checkEdits(editedText, d.fix.edits, `${where} fix`, fail);
    for (const s of d.suggestions ?? []) checkEdits(editedText, s.edits, `${where} suggestion`, fail);
  }

  if (stats) {
    stats.diagnostics += diagnostics.length;
    for (const d of diagnostics) if (d.fatal) stats.fatal++;
  }

  // 3. applyFixes(): the fixed text loads whenever the original did, and is stable.
  if (!diagnostics.some((d) => d.fix && (d.filePath === undefined || d.filePath === filePath))) return findings;
  const fatal = (ds) => ds.filter((d) => d.fatal && (d.filePath === undefined || d.filePath === filePath));
  let fixed;
  try {
    fixed = api.applyFixes(text, diagnostics, lint).output;
  } catch (error) {
    fail('fix-throws', describe(error));
    return findings;
  }
  if (stats && fixed !== text) stats.fixedInputs++;
  let after;
  try {
    after = lint(fixed);
  } catch (error) {
    fail('lint-throws-after-fix', describe(error));
    return findings;
  }
  // No new fatal error: every kind of load error after the fix occurs at least as often before it.
  const before = countKinds(fatal(diagnostics));
  const added = [];
  for (const [kind, n] of countKinds(fatal(after))) if (n > (before.get(kind) ?? 0)) added.push(`${kind} ×${n - (before.get(kind) ?? 0)}`);
  if (added.length > 0) {
    fail('fix-adds-fatal', `fixing added ${added.join(', ')} (before: ${[...before].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'})`);
  }
  const again = api.applyFixes(fixed, after, lint).output;
  if (again !== fixed) fail('fix-not-idempotent', `a second fix pass changed the text (${fixed.length} → ${again.length} characters)`);
  return findings;
}

function countKinds(diagnostics) {
  const m = new Map();
  for (const d of diagnostics) m.set(d.messageId, (m.get(d.messageId) ?? 0) + 1);
  return m;
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
}

function checkSpan(lines, span, where, fail) {
  if (!span || !span.start || !span.end) {
    fail('span-missing', `${where} has no span`);
    return;
  }
  const { start, end } = span;
  const n = lines.length;
  if (!(start.offset >= 0 && end.offset <= n && start.offset <= end.offset)) {
    fail('span-outside', `${where}: [${start.offset}, ${end.offset}) is not inside the text (length ${n})`);
    return;
  }
  for (const p of [start, end]) {
    const q = lines.position(p.offset);
    if (q.line !== p.line || q.column !== p.column) {
      fail('span-position', `${where}: offset ${p.offset} is ${q.line}:${q.column}, the span says ${p.line}:${p.column}`);
      return;
    }
  }
}

function checkEdits(text, edits, where, fail) {
  for (const e of edits) {
    const [a, b] = e.range;
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b <= text.length && a <= b)) {
      fail('edit-outside', `${where}: range [${a}, ${b}) is not inside the text (length ${text.length})`);
    }
  }
}

/** Visits every `span` in the AST (iteratively: expressions can be 100,000 groups deep). */
function walkSpans(ast, visit) {
  const stack = [[ast, 'JobFile']];
  while (stack.length > 0) {
    const [node, where] = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const x of node) stack.push([x, where]);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (value === null || typeof value !== 'object') continue;
      if ('start' in value && 'end' in value && typeof value.start === 'object') visit(value, `${node.type ?? where}.${key}`);
      else stack.push([value, node.type ?? where]);
    }
  }
}
