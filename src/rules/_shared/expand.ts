/**
 * Upstart's own variable expansion (`$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
 * `${NAME:+word}`, `${NAME+word}`, `${}`), grammar document section 5.3, evaluated against a
 * given environment.
 */

export interface Reference {
  /** Offsets of the whole reference in the input, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Variable name as written (may itself contain references). */
  readonly name: string;
  readonly operator: ':-' | '-' | ':+' | '+' | null;
}

export type ExpandResult =
  | { readonly ok: true; readonly value: string; readonly references: readonly Reference[] }
  | {
      readonly ok: false;
      readonly error: 'unknownParameter' | 'expectedOperator' | 'mismatchedBraces';
      /** For `unknownParameter`: the variable that has no value. */
      readonly name: string;
      readonly references: readonly Reference[];
    };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class ExpandError extends Error {
  constructor(
    readonly kind: 'unknownParameter' | 'expectedOperator' | 'mismatchedBraces',
    readonly varName: string,
  ) {
    super(kind);
  }
}

/** True when the text contains something upstart would treat as a variable reference. */
export function hasReference(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1] ?? '';
    if (next === '{' && text[i + 2] === '}') {
      i += 2; // `${}` is a literal `$`
      continue;
    }
    if (next === '{' || NAME_START.test(next)) return true;
  }
  return false;
}

/** Expands `text` against `env` (upstart semantics: unknown variables without default fail). */
export function expand(text: string, env: ReadonlyMap<string, string>): ExpandResult {
  const references: Reference[] = [];
  try {
    const value = expandRange(text, 0, text.length, env, references, true);
    return { ok: true, value, references };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, error: e.kind, name: e.varName, references };
    throw e;
  }
}

function expandRange(
  text: string,
  from: number,
  to: number,
  env: ReadonlyMap<string, string>,
  refs: Reference[],
  record: boolean,
): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c !== '$' || i + 1 >= to) {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (NAME_START.test(next)) {
      let j = i + 1;
      while (j < to && NAME_CHAR.test(text[j] ?? '')) j++;
      const name = text.slice(i + 1, j);
      if (record) refs.push({ start: i, end: j, name, operator: null });
      const v = env.get(name);
      if (v === undefined) throw new ExpandError('unknownParameter', name);
      out += v;
      i = j;
      continue;
    }
    if (next !== '{') {
      out += c;
      i++;
      continue;
    }
    const close = matchingBrace(text, i + 2, to);
    if (close < 0) throw new ExpandError('mismatchedBraces', '');
    if (close === i + 2) {
      out += '$';
      i = close + 1;
      continue;
    }
    // Name part: name characters and nested references, up to `}` or an operator.
    let j = i + 2;
    while (j < close) {
      const d = text[j] ?? '';
      if (NAME_CHAR.test(d)) {
        j++;
      } else if (d === '$') {
        if (text[j + 1] === '{') {
          const inner = matchingBrace(text, j + 2, close);
          if (inner < 0) throw new ExpandError('mismatchedBraces', '');
          j = inner + 1;
        } else {
          j++;
          while (j < close && NAME_CHAR.test(text[j] ?? '')) j++;
        }
      } else {
        break;
      }
    }
    const rawName = text.slice(i + 2, j);
    let operator: Reference['operator'] = null;
    let wordStart = j;
    if (j < close) {
      const two = text.slice(j, j + 2);
      if (two === ':-' || two === ':+') {
        operator = two;
        wordStart = j + 2;
      } else if (text[j] === '-' || text[j] === '+') {
        operator = text[j] === '-' ? '-' : '+';
        wordStart = j + 1;
      } else {
        throw new ExpandError('expectedOperator', rawName);
      }
    }
    if (record) refs.push({ start: i, end: close + 1, name: rawName, operator });
    const name = expandRange(text, i + 2, j, env, refs, false);
    const v = env.get(name);
    switch (operator) {
      case null:
        if (v === undefined) throw new ExpandError('unknownParameter', name);
        out += v;
        break;
      case ':-':
        out += v === undefined || v === '' ? expandRange(text, wordStart, close, env, refs, false) : v;
        break;
      case '-':
        out += v === undefined ? expandRange(text, wordStart, close, env, refs, false) : v;
        break;
      case ':+':
        out += v === undefined || v === '' ? '' : expandRange(text, wordStart, close, env, refs, false);
        break;
      case '+':
        out += v === undefined ? '' : expandRange(text, wordStart, close, env, refs, false);
        break;
    }
    i = close + 1;
  }
  return out;
}

/** Offset of the `}` closing a `${` whose content starts at `from`, or -1. */
function matchingBrace(text: string, from: number, to: number): number {
  let depth = 1;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
