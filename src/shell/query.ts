/**
 * Questions rules ask of a shell tree: which simple commands run, in what context, and what a
 * word says when it has no expansion. Iterative, like the parser, so deep trees are safe.
 */
import type {
  AndOrList,
  Command,
  CommandList,
  DerivedValues,
  ListItem,
  Pipeline,
  Redirect,
  ShellNode,
  ShellParseResult,
  SimpleCommand,
  Word,
  WordPart,
} from './ast.js';
import { pushChildrenForWalk } from './walk.js';

/** Where a simple command sits. */
export interface CommandContext {
  readonly command: SimpleCommand;
  /**
   * The innermost enclosing compound command, function, or simple command whose word holds the
   * substitution the command is in; null at the top of the tree.
   */
  readonly parent: ShellNode | null;
  /** How many such nodes enclose the command (0 at the top of the tree). */
  readonly depth: number;
  /** The command list the command's and-or list is an item of, and the item's index in it. */
  readonly list: CommandList;
  readonly itemIndex: number;
  readonly item: ListItem;
  readonly andOr: AndOrList;
  /** Index of the command's pipeline in its and-or list. */
  readonly pipelineIndex: number;
  readonly pipeline: Pipeline;
  /** Index of the command in its pipeline. */
  readonly index: number;
  /**
   * True where `sh -e` does not stop on failure: `if`/`while`/`until` conditions, the left side
   * of `&&` and `||`, `!` pipelines, commands before the last of a pipeline, and anything inside
   * them.
   */
  readonly errexitIgnored: boolean;
  /** Inside `$(…)` or backquotes. */
  readonly inSubstitution: boolean;
  /** Inside a function body. */
  readonly inFunction: boolean;
  /** Run in the background (`&`), directly or by an enclosing list item. */
  readonly background: boolean;
}

interface Frame {
  readonly list: CommandList;
  /**
   * The innermost enclosing node and the count of them: not the chain itself, which a frame
   * copying its parent's would make quadratic in the depth (100,000 nested `(` took minutes).
   */
  readonly parent: ShellNode | null;
  readonly depth: number;
  readonly errexitIgnored: boolean;
  readonly inSubstitution: boolean;
  readonly inFunction: boolean;
  readonly background: boolean;
}

/**
 * Every simple command under `root`, in source order, with its context. Commands inside
 * command substitutions are included (they run too), after the command whose word holds them.
 */
export function simpleCommands(root: CommandList): readonly CommandContext[] {
  return collectCommands(root);
}

/**
 * The simple commands of a whole tree (`simpleCommands` of its script), computed once per tree:
 * several rules ask for the same script's commands in one lint, and the tree is immutable.
 */
export function treeCommands(tree: ShellParseResult): readonly CommandContext[] {
  return derivedFrom(tree, TREE_COMMANDS, () => collectCommands(tree.script.body));
}

const TREE_COMMANDS = Symbol('simple commands');

/** The value `compute` gives for `owner`, computed on the first call for `key` and kept on `owner`. */
export function derivedFrom<T>(owner: { readonly derived: DerivedValues }, key: symbol, compute: () => T): T {
  const known = owner.derived.get(key);
  if (known !== undefined) return known as T;
  const value = compute();
  owner.derived.set(key, value);
  return value;
}

function collectCommands(root: CommandList): CommandContext[] {
  const out: CommandContext[] = [];
  const stack: Frame[] = [{ list: root, parent: null, depth: 0, errexitIgnored: false, inSubstitution: false, inFunction: false, background: false }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const pending: Frame[] = [];
    const items = frame.list.items;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      const item = items[itemIndex] as ListItem;
      const background = frame.background || item.separator?.op === '&';
      const andOr = item.andOr;
      const pipelines = andOr.pipelines;
      for (let pipelineIndex = 0; pipelineIndex < pipelines.length; pipelineIndex++) {
        const pipeline = pipelines[pipelineIndex] as Pipeline;
        const lastOfAndOr = pipelineIndex === pipelines.length - 1;
        const commands = pipeline.commands;
        for (let index = 0; index < commands.length; index++) {
          const command = commands[index] as Command;
          const ignored = frame.errexitIgnored || !lastOfAndOr || pipeline.bang !== null || index < commands.length - 1;
          if (command.type === 'SimpleCommand') {
            out.push({
              command,
              parent: frame.parent,
              depth: frame.depth,
              list: frame.list,
              itemIndex,
              item,
              andOr,
              pipelineIndex,
              pipeline,
              index,
              errexitIgnored: ignored,
              inSubstitution: frame.inSubstitution,
              inFunction: frame.inFunction,
              background,
            });
            const subs = substitutionsIn(command);
            if (subs.length === 0) continue;
            const depth = frame.depth + 1;
            for (const list of subs) {
              pending.push({ list, parent: command, depth, errexitIgnored: ignored, inSubstitution: true, inFunction: frame.inFunction, background });
            }
            continue;
          }
          const depth = frame.depth + 1;
          for (const child of compoundLists(command, ignored)) {
            pending.push({
              list: child.list,
              parent: command,
              depth,
              errexitIgnored: child.ignored,
              inSubstitution: frame.inSubstitution || child.substitution,
              inFunction: frame.inFunction || command.type === 'FunctionDefinition',
              background,
            });
          }
        }
      }
    }
    // Visit nested lists in source order: push them reversed.
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i] as Frame);
  }
  // Nested lists were visited after the list around them: sort, unless there were none.
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as CommandContext).command.start < (out[i - 1] as CommandContext).command.start) return out.sort((a, b) => a.command.start - b.command.start);
  }
  return out;
}

/** The lists inside a compound command, with whether `-e` is suspended in each. */
function compoundLists(command: Command, ignored: boolean): { list: CommandList; ignored: boolean; substitution: boolean }[] {
  const out: { list: CommandList; ignored: boolean; substitution: boolean }[] = [];
  const add = (list: CommandList, cond = false): void => {
    out.push({ list, ignored: ignored || cond, substitution: false });
  };
  switch (command.type) {
    case 'Subshell':
    case 'BraceGroup':
      add(command.body);
      break;
    case 'IfClause':
      for (const b of command.branches) {
        add(b.condition, true);
        add(b.body);
      }
      if (command.elseBody) add(command.elseBody);
      break;
    case 'LoopClause':
      add(command.condition, true);
      add(command.body);
      break;
    case 'ForClause':
      add(command.body);
      break;
    case 'CaseClause':
      for (const item of command.items) add(item.body);
      break;
    case 'FunctionDefinition': {
      // A function body runs where the function is called; treat it as its own context.
      // `f() g() { …; }` defines g when f runs: unwrap such chains in a loop, not by recursion
      // (100,000 of them overflowed the call stack).
      let body = command.body;
      while (body.type === 'FunctionDefinition') body = body.body;
      if (body.type === 'SimpleCommand') {
        const list: CommandList = wrap(body);
        out.push({ list, ignored: false, substitution: false });
      } else {
        for (const c of compoundLists(body, false)) out.push(c);
      }
      break;
    }
    default:
      break;
  }
  // Substitutions in words of compound commands (`case $(x) in`, `for i in $(ls)`).
  for (const list of substitutionsIn(command)) out.push({ list, ignored, substitution: true });
  return out;
}

function wrap(command: SimpleCommand): CommandList {
  const pipeline: Pipeline = { type: 'Pipeline', start: command.start, end: command.end, bang: null, commands: [command] };
  const andOr: AndOrList = { type: 'AndOrList', start: command.start, end: command.end, pipelines: [pipeline], operators: [] };
  const item: ListItem = { type: 'ListItem', start: command.start, end: command.end, andOr, separator: null };
  return { type: 'CommandList', start: command.start, end: command.end, items: [item] };
}

/**
 * The command lists of `$(…)` and backquotes directly in a command's own words and redirections
 * (not those of nested commands, which are visited as commands of their own).
 */
export function substitutionsIn(command: Command): readonly CommandList[] {
  // Only words that are more than plain text can hold a substitution; most commands have none,
  // and then nothing is allocated but the empty answer.
  let words: Word[] | null = null;
  switch (command.type) {
    case 'SimpleCommand':
      for (const a of command.assignments) words = withExpansions(words, a.word);
      for (const w of command.words) words = withExpansions(words, w);
      words = redirectWords(words, command.redirects);
      break;
    case 'ForClause':
      if (command.words) for (const w of command.words) words = withExpansions(words, w);
      break;
    case 'CaseClause':
      words = withExpansions(words, command.word);
      for (const item of command.items) for (const w of item.patterns) words = withExpansions(words, w);
      break;
    default:
      break;
  }
  if (command.type !== 'SimpleCommand' && command.type !== 'FunctionDefinition') words = redirectWords(words, command.redirects);
  const found = words;
  if (found === null) return NO_LISTS;
  const out: CommandList[] = [];
  const stack: ShellNode[] = [];
  for (let i = found.length - 1; i >= 0; i--) stack.push(found[i] as Word);
  while (stack.length > 0) {
    const node = stack.pop() as ShellNode;
    if (node.type === 'CommandSubstitution') {
      out.push(node.body);
      continue;
    }
    pushChildrenForWalk(node, stack);
  }
  return out;
}

/** `words` with `w` added when it is more than plain text (so it may hold a substitution). */
function withExpansions(words: Word[] | null, w: Word): Word[] | null {
  if (w.parts.length === 1 && (w.parts[0] as WordPart).type === 'Literal') return words;
  const out = words ?? [];
  out.push(w);
  return out;
}

/** `withExpansions` for the targets of redirections and the bodies of unquoted here-documents. */
function redirectWords(words: Word[] | null, redirects: readonly Redirect[]): Word[] | null {
  let out = words;
  for (const r of redirects) {
    if (r.target) out = withExpansions(out, r.target);
    if (r.heredoc && !r.heredoc.quoted) out = withExpansions(out, r.heredoc.body);
  }
  return out;
}

const NO_LISTS: readonly CommandList[] = [];

/** True when any part of the word is quoted or escaped. */
export function isQuoted(word: Word): boolean {
  return word.parts.some((p) => p.type === 'SingleQuoted' || p.type === 'DoubleQuoted' || p.type === 'Escaped');
}

/** The word after quote removal when it holds no expansion, else null. */
export function staticValue(word: Word): string | null {
  const parts = word.parts;
  // The common case, a word of plain text, allocates nothing.
  if (parts.length === 1) {
    const only = parts[0] as WordPart;
    if (only.type === 'Literal' || only.type === 'SingleQuoted' || only.type === 'Escaped') return only.value;
  }
  return unquoted(parts, null);
}

/**
 * The word with quotes removed and expansions kept as written (`"$HOME"/bin` → `$HOME/bin`), for
 * messages and for heuristics that tolerate variables.
 */
export function looseValue(word: Word, text: string): string {
  const parts = word.parts;
  if (parts.length === 1) {
    const only = parts[0] as WordPart;
    if (only.type === 'Literal' || only.type === 'SingleQuoted' || only.type === 'Escaped') return only.value;
  }
  return unquoted(parts, text) as string;
}

/**
 * Quote removal over word parts. An expansion is kept as written when `text` is given (the text
 * the offsets refer to); without it, an expansion makes the answer null.
 */
function unquoted(parts: readonly WordPart[], text: string | null): string | null {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as WordPart;
    switch (part.type) {
      case 'Literal':
      case 'Escaped':
      case 'SingleQuoted':
        out += part.value;
        break;
      case 'DoubleQuoted': {
        const inner = unquoted(part.parts, text);
        if (inner === null) return null;
        out += inner;
        break;
      }
      default:
        if (text === null) return null;
        out += text.slice(part.start, part.end);
    }
  }
  return out;
}

/** Where a command stands: its list, its item's index, and whether `sh -e` is suspended there. */
export interface CommandPosition {
  readonly list: CommandList;
  readonly itemIndex: number;
  /** The command is the whole and-or list of its item (no `&&`, `||`, `|` or `!` around it). */
  readonly alone: boolean;
  readonly errexitIgnored: boolean;
}

/** The position of every command (simple and compound) under `root`. */
export function commandPositions(root: CommandList): Map<Command, CommandPosition> {
  const out = new Map<Command, CommandPosition>();
  const stack: { list: CommandList; ignored: boolean }[] = [{ list: root, ignored: false }];
  while (stack.length > 0) {
    const { list, ignored } = stack.pop() as { list: CommandList; ignored: boolean };
    list.items.forEach((item, itemIndex) => {
      const andOr = item.andOr;
      const aloneItem = andOr.pipelines.length === 1 && andOr.pipelines[0]?.commands.length === 1 && andOr.pipelines[0].bang === null;
      andOr.pipelines.forEach((pipeline, p) => {
        pipeline.commands.forEach((command, i) => {
          const cmdIgnored = ignored || p < andOr.pipelines.length - 1 || pipeline.bang !== null || i < pipeline.commands.length - 1;
          out.set(command, { list, itemIndex, alone: aloneItem, errexitIgnored: cmdIgnored });
          if (command.type !== 'SimpleCommand') for (const child of compoundLists(command, cmdIgnored)) stack.push({ list: child.list, ignored: child.ignored });
          else for (const sub of substitutionsIn(command)) stack.push({ list: sub, ignored: cmdIgnored });
        });
      });
    });
  }
  return out;
}
