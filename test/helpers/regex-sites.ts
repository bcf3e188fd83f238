/**
 * Every regular expression in src/: regular-expression literals, and `new RegExp(…)` / `RegExp(…)`
 * calls, found by parsing the TypeScript sources with the compiler API (so expressions added later
 * are found too). A `RegExp` whose pattern is a string or template literal is returned with its
 * pattern; `${…}` in a template becomes `placeholder` (the interpolated text, which the caller
 * escapes or builds itself, is judged where it is built). Any other argument is a dynamic site.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface RegexSite {
  /** file:line, relative to the repository. */
  readonly where: string;
  readonly source: string;
  readonly flags: string;
  /** The pattern is built at run time from something other than a literal. */
  readonly dynamic: boolean;
  /** The call's text, for dynamic sites. */
  readonly text: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function literalText(node: ts.Expression, placeholder: string): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => placeholder + s.literal.text).join('');
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw') {
    const t = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(t)) return t.rawText ?? t.text;
    return (t.head.rawText ?? t.head.text) + t.templateSpans.map((s) => placeholder + (s.literal.rawText ?? s.literal.text)).join('');
  }
  return null;
}

export function regexSites(repoRoot: string, placeholder = 'x'): RegexSite[] {
  const sites: RegexSite[] = [];
  for (const file of filesUnder(path.join(repoRoot, 'src'))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node): string => `${path.relative(repoRoot, file)}:${String(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1)}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        sites.push({ where: at(node), source: text.slice(1, slash), flags: text.slice(slash + 1), dynamic: false, text });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const source = pattern ? literalText(pattern, placeholder) : '';
        const flagText = flags ? literalText(flags, '') : '';
        if (source === null || flagText === null) sites.push({ where: at(node), source: '', flags: '', dynamic: true, text: node.getText(sf) });
        else sites.push({ where: at(node), source, flags: flagText, dynamic: false, text: node.getText(sf) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}
