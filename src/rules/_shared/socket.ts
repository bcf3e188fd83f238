/**
 * `socket` operands of `start on` / `stop on`, read the way upstart-socket-bridge reads them
 * (grammar document section 6.1): every argument `KEY=VALUE`, `PROTO=` first, then the keys of
 * that family.
 */
import type { EventArg, EventMatch, StartOnStanza, StopOnStanza } from '../../grammar/ast.js';
import { walkExpression, type JobModel } from '../../core/job-model.js';

export interface SocketOperand {
  readonly stanza: StartOnStanza | StopOnStanza;
  readonly match: EventMatch;
}

/** Every `socket` operand of the effective `start on` and `stop on`, in source order. */
export function socketOperands(job: JobModel): SocketOperand[] {
  const out: SocketOperand[] = [];
  for (const stanza of [job.startOn, job.stopOn]) {
    if (!stanza) continue;
    for (const node of walkExpression(stanza.expression)) {
      if (node.type === 'EventMatch' && node.event.value === 'socket') out.push({ stanza, match: node });
    }
  }
  return out.sort((a, b) => a.match.span.start.offset - b.match.span.start.offset);
}

export type SocketFamily = 'inet' | 'inet6' | 'unix';

/** What the bridge makes of an operand: the socket it creates, or null when it ignores it. */
export interface BridgeSocket {
  readonly family: SocketFamily;
  readonly proto: EventArg;
  /** `PORT=` (inet, inet6). */
  readonly port: EventArg | null;
  /** `ADDR=` (inet, inet6). */
  readonly addr: EventArg | null;
  /** `PATH=` (unix). */
  readonly path: EventArg | null;
}

/** Offset of an argument's value inside its word's value (`PATH=/x` → 5). */
export function valueOffset(arg: EventArg): number {
  return arg.word.value.length - arg.value.length;
}

/**
 * The socket the bridge creates for an operand, or null when it ignores the operand (positional or
 * negated argument, `PROTO` missing or not first, unknown family or key, missing PORT/PATH).
 * Address validity is not checked here.
 */
export function bridgeSocket(match: EventMatch): BridgeSocket | null {
  const [first, ...rest] = match.args;
  if (!first || first.name !== 'PROTO' || first.operator !== '=') return null;
  const family = first.value;
  if (family !== 'inet' && family !== 'inet6' && family !== 'unix') return null;
  let port: EventArg | null = null;
  let addr: EventArg | null = null;
  let path: EventArg | null = null;
  for (const arg of rest) {
    if (arg.name === null || arg.operator !== '=') return null;
    if (family === 'unix' && arg.name === 'PATH') path = arg;
    else if (family !== 'unix' && arg.name === 'PORT') port = arg;
    else if (family !== 'unix' && arg.name === 'ADDR') addr = arg;
    else if (arg.name !== 'PROTO') return null;
  }
  if (family === 'unix' ? path === null : port === null) return null;
  return { family, proto: first, port, addr, path };
}
