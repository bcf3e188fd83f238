/**
 * Prints an event-expression tree in the bracketed notation of the grammar document (section 3.2):
 * `(a AND b) OR c`. Every binary node and every event match with arguments is bracketed unless it
 * is the whole expression; groups written by the user are transparent (`((a))` prints as `a`), so
 * the output shows the tree shape, not the source text.
 */
import type { EventArg, EventExpression, EventMatch } from '../../src/grammar/ast.js';

function printArg(arg: EventArg): string {
  return arg.word.value;
}

function printMatch(match: EventMatch): string {
  return [match.event.value, ...match.args.map(printArg)].join(' ');
}

export function printExpression(expr: EventExpression, top = true): string {
  switch (expr.type) {
    case 'GroupExpression':
      return printExpression(expr.expression, top);
    case 'EventMatch': {
      const s = printMatch(expr);
      return top || expr.args.length === 0 ? s : `(${s})`;
    }
    case 'AndExpression':
    case 'OrExpression': {
      const op = expr.type === 'AndExpression' ? 'AND' : 'OR';
      const s = `${printExpression(expr.left, false)} ${op} ${printExpression(expr.right, false)}`;
      return top ? s : `(${s})`;
    }
  }
}

/** Like printExpression, but shows the groups the user wrote as `[…]`. */
export function printExpressionWithGroups(expr: EventExpression): string {
  switch (expr.type) {
    case 'GroupExpression':
      return `[${printExpressionWithGroups(expr.expression)}]`;
    case 'EventMatch':
      return expr.args.length === 0 ? expr.event.value : `{${printMatch(expr)}}`;
    case 'AndExpression':
    case 'OrExpression': {
      const op = expr.type === 'AndExpression' ? 'AND' : 'OR';
      return `(${printExpressionWithGroups(expr.left)} ${op} ${printExpressionWithGroups(expr.right)})`;
    }
  }
}
