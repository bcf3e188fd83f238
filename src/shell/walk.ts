/**
 * Walking the shell tree without recursion: a script nested 10,000 levels deep is visited with
 * an explicit stack.
 */
import type { ShellNode, ShellNodeBase } from './ast.js';

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
    case 'SimpleCommand': {
      const out: ShellNode[] = [];
      pushChildren(node, out);
      return out;
    }
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

/**
 * Visits `root` and every node below it, parents before children, in source order. Return
 * `false` from `visit` to skip a node's children.
 */
export function walkShell(root: ShellNode, visit: (node: ShellNode) => boolean | void): void {
  const stack: ShellNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ShellNode;
    if (visit(node) === false) continue;
    pushChildrenForWalk(node, stack);
  }
}

/**
 * Pushes the children of `node` onto a walk's stack last first, so that they come off it in
 * source order. No array per node: walks run over every tree several rules look at.
 */
export function pushChildrenForWalk(node: ShellNode, stack: ShellNode[]): void {
  const base = stack.length;
  pushChildren(node, stack);
  for (let i = base, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i] as ShellNode;
    stack[i] = stack[j] as ShellNode;
    stack[j] = t;
  }
}

function pushAll(out: ShellNode[], nodes: readonly ShellNode[]): void {
  for (let i = 0; i < nodes.length; i++) out.push(nodes[i] as ShellNode);
}

/**
 * Pushes the children of `node` onto a walk's stack in no particular order, for walks that only
 * collect (cheaper than `pushChildrenForWalk`: a simple command's parts are not merged by offset).
 */
export function pushChildrenAnyOrder(node: ShellNode, stack: ShellNode[]): void {
  if (node.type === 'SimpleCommand') {
    pushAll(stack, node.assignments);
    pushAll(stack, node.words);
    pushAll(stack, node.redirects);
  } else {
    pushChildren(node, stack);
  }
}

/** Appends the children of `node` to `out`, in source order (what childrenOf returns). */
function pushChildren(node: ShellNode, out: ShellNode[]): void {
  switch (node.type) {
    case 'Script':
      out.push(node.body);
      return;
    case 'CommandList':
      pushAll(out, node.items);
      return;
    case 'ListItem':
      out.push(node.andOr);
      if (node.separator) out.push(node.separator);
      return;
    case 'AndOrList':
      for (let i = 0; i < node.pipelines.length; i++) {
        out.push(node.pipelines[i] as ShellNode);
        const op = node.operators[i];
        if (op) out.push(op);
      }
      return;
    case 'Pipeline':
      pushAll(out, node.commands);
      return;
    case 'SimpleCommand': {
      // Assignments, words and redirections are each in source order: merge the three.
      const a = node.assignments;
      const w = node.words;
      const r = node.redirects;
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length || j < w.length || k < r.length) {
        const as = i < a.length ? (a[i] as ShellNode).start : Infinity;
        const ws = j < w.length ? (w[j] as ShellNode).start : Infinity;
        const rs = k < r.length ? (r[k] as ShellNode).start : Infinity;
        if (as <= ws && as <= rs) out.push(a[i++] as ShellNode);
        else if (ws <= rs) out.push(w[j++] as ShellNode);
        else out.push(r[k++] as ShellNode);
      }
      return;
    }
    case 'Subshell':
    case 'BraceGroup':
    case 'IfClause':
    case 'LoopClause':
    case 'ForClause':
    case 'CaseClause':
    case 'CaseItem':
    case 'Assignment':
    case 'Redirect':
    case 'HereDocument':
    case 'IfBranch':
    case 'FunctionDefinition':
    case 'ParameterExpansion':
    case 'CommandSubstitution':
    case 'ArithmeticExpansion':
      pushAll(out, childrenOf(node));
      return;
    case 'Word':
    case 'DoubleQuoted':
      pushAll(out, node.parts);
      return;
    default:
      return;
  }
}

/**
 * Rewrites every `start`/`end` below `root` through `map` (offset in a collected text → offset
 * in the outer text; `map(length)` is the position of the text's end). Used for backquoted
 * commands, whose text loses its escaping backslashes before it is parsed. Spans that are not
 * nodes (a pipeline's `!`, the `;;` of a case item, a here-document's delimiter line) and an
 * assignment's whole word are moved with their node; a part shared by an assignment's word and
 * its value is moved once.
 */
export function remapOffsets(root: ShellNode, map: (offset: number) => number): void {
  const seen = new Set<ShellNodeBase>();
  const move = (span: ShellNodeBase): boolean => {
    if (seen.has(span)) return false;
    seen.add(span);
    const s = span.start;
    const e = span.end;
    const start = map(s);
    const target = span as { start: number; end: number };
    target.start = start;
    target.end = e > s ? map(e - 1) + 1 : start;
    return true;
  };
  const stack: ShellNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ShellNode;
    if (!move(node)) continue;
    switch (node.type) {
      case 'Pipeline':
        if (node.bang) move(node.bang);
        break;
      case 'CaseItem':
      case 'HereDocument':
        if (node.terminator) move(node.terminator);
        break;
      case 'Assignment':
        stack.push(node.word);
        break;
      default:
        break;
    }
    pushChildren(node, stack);
  }
}
