/**
 * Walking the shell tree without recursion: a script nested 10,000 levels deep is visited with
 * an explicit stack.
 */
import type { ShellNode } from './ast.js';

/** The child nodes of a node, in source order. */
export function childrenOf(node: ShellNode): readonly ShellNode[] {
  switch (node.type) {
    case 'Script':
      return [node.body];
    case 'CommandList':
      return node.items;
    case 'ListItem':
      return node.separator ? [node.andOr, node.separator] : [node.andOr];
    case 'AndOrList': {
      const out: ShellNode[] = [];
      node.pipelines.forEach((p, i) => {
        out.push(p);
        const op = node.operators[i];
        if (op) out.push(op);
      });
      return out;
    }
    case 'Pipeline':
      return node.commands;
    case 'SimpleCommand':
      return sortByStart([...node.assignments, ...node.words, ...node.redirects]);
    case 'Assignment':
      return [node.value];
    case 'Redirect': {
      const out: ShellNode[] = [];
      if (node.target) out.push(node.target);
      if (node.heredoc) out.push(node.heredoc);
      return out;
    }
    case 'HereDocument':
      return [node.body];
    case 'Subshell':
    case 'BraceGroup':
      return [node.body, ...node.redirects];
    case 'IfClause':
      return node.elseBody ? [...node.branches, node.elseBody, ...node.redirects] : [...node.branches, ...node.redirects];
    case 'IfBranch':
      return [node.condition, node.body];
    case 'LoopClause':
      return [node.condition, node.body, ...node.redirects];
    case 'ForClause':
      return [node.nameWord, ...(node.words ?? []), node.body, ...node.redirects];
    case 'CaseClause':
      return [node.word, ...node.items, ...node.redirects];
    case 'CaseItem':
      return [...node.patterns, node.body];
    case 'FunctionDefinition':
      return [node.nameWord, node.body];
    case 'Word':
    case 'DoubleQuoted':
      return node.parts;
    case 'ParameterExpansion':
      return node.argument ? [node.argument] : [];
    case 'CommandSubstitution':
      return [node.body];
    case 'ArithmeticExpansion':
      return [node.expression];
    default:
      return [];
  }
}

function sortByStart<N extends ShellNode>(nodes: N[]): N[] {
  return nodes.sort((a, b) => a.start - b.start);
}

/**
 * Visits `root` and every node below it, parents before children, in source order. Return
 * `false` from `visit` to skip a node's children.
 */
export function walkShell(root: ShellNode, visit: (node: ShellNode) => boolean | void): void {
  const stack: ShellNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ShellNode;
    if (visit(node) === false) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as ShellNode);
  }
}

/**
 * Rewrites every `start`/`end` below `root` through `map` (offset in a collected text → offset
 * in the outer text; `map[length]` is the position of the text's end). Used for backquoted
 * commands, whose text loses its escaping backslashes before it is parsed.
 */
export function remapOffsets(root: object, map: Int32Array): void {
  const last = map.length - 1;
  const at = (o: number): number => map[Math.min(Math.max(o, 0), last)] as number;
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const obj = stack.pop() as Record<string, unknown>;
    if (seen.has(obj)) continue;
    seen.add(obj);
    if (typeof obj['start'] === 'number' && typeof obj['end'] === 'number') {
      const s = obj['start'];
      const e = obj['end'];
      const start = at(s);
      obj['start'] = start;
      obj['end'] = e > s ? at(e - 1) + 1 : e === s ? start : start;
    }
    for (const key in obj) {
      const v = obj[key];
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
}
