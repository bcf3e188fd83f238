/**
 * Token kinds of the shell lexer and the names dash uses for them in its messages
 * ("Syntax error: "fi" unexpected (expecting "then")").
 */
import type { RedirectOp, Word } from './ast.js';

export const T = {
  EOF: 0,
  NL: 1,
  SEMI: 2,
  BACKGND: 3,
  AND: 4,
  OR: 5,
  PIPE: 6,
  LP: 7,
  RP: 8,
  ENDCASE: 9,
  REDIR: 10,
  WORD: 11,
  NOT: 12,
  CASE: 13,
  DO: 14,
  DONE: 15,
  ELIF: 16,
  ELSE: 17,
  ESAC: 18,
  FI: 19,
  FOR: 20,
  IF: 21,
  IN: 22,
  THEN: 23,
  UNTIL: 24,
  WHILE: 25,
  BEGIN: 26,
  END: 27,
} as const;

export type TokenType = (typeof T)[keyof typeof T];

/** How dash names each token in "… unexpected" messages. */
export const TOKEN_NAMES: readonly string[] = [
  'end of file',
  'newline',
  '";"',
  '"&"',
  '"&&"',
  '"||"',
  '"|"',
  '"("',
  '")"',
  '";;"',
  'redirection',
  'word',
  '"!"',
  '"case"',
  '"do"',
  '"done"',
  '"elif"',
  '"else"',
  '"esac"',
  '"fi"',
  '"for"',
  '"if"',
  '"in"',
  '"then"',
  '"until"',
  '"while"',
  '"{"',
  '"}"',
];

/** Reserved words, recognised only in command position and only when unquoted. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['!', T.NOT],
  ['case', T.CASE],
  ['do', T.DO],
  ['done', T.DONE],
  ['elif', T.ELIF],
  ['else', T.ELSE],
  ['esac', T.ESAC],
  ['fi', T.FI],
  ['for', T.FOR],
  ['if', T.IF],
  ['in', T.IN],
  ['then', T.THEN],
  ['until', T.UNTIL],
  ['while', T.WHILE],
  ['{', T.BEGIN],
  ['}', T.END],
]);

/** Tokens that end a command list (checked before a list's next and-or list). */
export function endsList(type: TokenType): boolean {
  switch (type) {
    case T.EOF:
    case T.RP:
    case T.ENDCASE:
    case T.DO:
    case T.DONE:
    case T.ELIF:
    case T.ELSE:
    case T.ESAC:
    case T.FI:
    case T.THEN:
    case T.END:
      return true;
    default:
      return false;
  }
}

export interface Token {
  type: TokenType;
  readonly start: number;
  readonly end: number;
  /** For WORD tokens (and keywords, which are words the parser recognised). */
  readonly word: Word | null;
  /** The word's text when it is one unquoted literal (keywords, names, fd digits), else null. */
  readonly text: string | null;
  /** True when any part of the word was quoted or escaped. */
  readonly quoted: boolean;
  readonly redirect: { readonly op: RedirectOp; readonly fd: number | null } | null;
}

/** Keyword-check flags, as in dash's `checkkwd`. */
export const CHKNL = 1;
export const CHKKWD = 2;
export const CHKEOFMARK = 4;
