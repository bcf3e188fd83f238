import type { EventArg, EventMatch } from '../grammar/ast.js';
import { defineRule } from '../core/rule.js';
import { atLeast } from '../core/version.js';
import { formatIPv4, formatIPv6, inet6Pton, inetAton } from './_shared/inet.js';
import { socketOperands, valueOffset, type SocketOperand } from './_shared/socket.js';
import { valueSpan } from './_shared/word-span.js';

const FAMILIES = ['inet', 'inet6', 'unix'];

export default defineRule({
  meta: {
    id: 'valid-socket-event',
    category: 'correctness',
    description: 'Require `socket` events in `start on`/`stop on` to be written the way upstart-socket-bridge reads them',
    defaultSeverity: 'error',
    messageSeverity: { allInterfaces: 'warning' },
    messages: {
      missingProto:
        '`socket` event of job `{job}` has no `PROTO=` argument, so upstart-socket-bridge ignores it and creates no socket; start with `PROTO=inet`, `PROTO=inet6` or `PROTO=unix`',
      protoNotFirst:
        '`PROTO=` must be the first argument of a `socket` event: upstart-socket-bridge ignores this operand of job `{job}` because it reads the other keys only after `PROTO`; move `PROTO=` first',
      positionalArgument:
        'upstart-socket-bridge ignores `socket` events with positional arguments such as `{arg}` (job `{job}`); write every argument as `KEY=VALUE`',
      negatedArgument:
        'upstart-socket-bridge does not understand `!=` in `{arg}` and ignores this `socket` event of job `{job}`; use `KEY=VALUE`',
      unknownProto:
        '`PROTO={value}` is not a family upstart-socket-bridge knows, so it ignores this `socket` event of job `{job}`; use `inet`, `inet6` or `unix`',
      inet6Unsupported:
        '`PROTO=inet6` needs upstart 1.12 or later; the bridge of the targeted upstart {version} ignores this `socket` event of job `{job}`',
      unknownVariable:
        'upstart-socket-bridge does not know `{name}` for `PROTO={family}` and ignores this `socket` event of job `{job}`; use only {keys}',
      missingPort:
        '`socket` event with `PROTO={family}` has no `PORT=`, so upstart-socket-bridge ignores it and job `{job}` never starts; add `PORT=`',
      nonCanonicalPort:
        '`PORT={value}` of job `{job}` is not a plain decimal port 1–65535: upstart-socket-bridge reads it with atoi (as {parsed}; 0 means a random port) while its event reports the port in plain decimal, so this condition never matches; write the port number without leading zeros',
      invalidAddr:
        '`ADDR={value}` of job `{job}` is not an {family} address upstart-socket-bridge can parse, so it ignores this `socket` event; write a numeric address',
      nonCanonicalAddr:
        '`ADDR={value}` of job `{job}` binds, but the `socket` event reports it as `ADDR={canonical}`, so the condition never matches; write `ADDR={canonical}`',
      allInterfaces:
        '`socket` event of job `{job}` has no `ADDR=`, so upstart-socket-bridge listens on every interface; add `ADDR={loopback}` if only local clients should connect',
      missingPath:
        '`socket` event with `PROTO=unix` has no `PATH=`, so upstart-socket-bridge ignores it and job `{job}` never starts; add `PATH=/run/…`',
      socketPathIgnored:
        'upstart-socket-bridge only understands `PATH=` in conditions, so it ignores this `SOCKET_PATH=` operand and creates no socket for job `{job}`; pair it with `socket PROTO=unix PATH={value}` using `or`',
      unixNeverMatches:
        'Since upstart 1.11 the bridge\'s event carries `SOCKET_PATH=` instead of `PATH=`, so this condition of job `{job}` never matches and the job never starts; add `or socket PROTO=unix SOCKET_PATH={value}`',
      pathOverwritesEnv:
        'Before upstart 1.11 the `socket` event sets `PATH={value}`, which replaces the `PATH` of job `{job}` and breaks command lookup; use absolute program paths or set `PATH` again in the script',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    const v = job.targetVersion;
    if (!atLeast(v, 1, 3)) return; // the bridge appeared in 1.3
    const operands = socketOperands(job);
    const version = `${v.major}.${v.minor}`;
    const jobName = job.name;

    /** True when another unix operand of the same stanza has `key` with the same value (the `or` workaround). */
    const paired = (self: SocketOperand, key: string, value: string): boolean =>
      operands.some(
        (o) =>
          o !== self &&
          o.stanza === self.stanza &&
          o.match.args[0]?.name === 'PROTO' &&
          o.match.args[0]?.value === 'unix' &&
          o.match.args.some((a) => a.name === key && a.operator === '=' && a.value === value),
      );

    for (const operand of operands) {
      const m = operand.match;
      const args = m.args;
      const valueAt = (arg: EventArg) => valueSpan(job, arg.word, valueOffset(arg), arg.word.value.length);

      // Arguments the bridge cannot read at all.
      const unreadable = args.filter((a) => a.name === null || a.operator !== '=');
      if (unreadable.length > 0) {
        for (const a of unreadable) {
          report({
            messageId: a.name === null ? 'positionalArgument' : 'negatedArgument',
            data: { job: jobName, arg: a.word.value },
            at: a.word,
          });
        }
        continue;
      }
      const first = args[0];
      if (!first || first.name !== 'PROTO') {
        const proto = args.find((a) => a.name === 'PROTO');
        if (proto) report({ messageId: 'protoNotFirst', data: { job: jobName }, at: proto.word });
        else report({ messageId: 'missingProto', data: { job: jobName }, at: m.event });
        continue;
      }
      const family = first.value;
      if (!FAMILIES.includes(family)) {
        report({ messageId: 'unknownProto', data: { job: jobName, value: family }, at: valueAt(first) });
        continue;
      }
      if (family === 'inet6' && !atLeast(v, 1, 12)) {
        report({ messageId: 'inet6Unsupported', data: { job: jobName, version }, at: valueAt(first) });
        continue;
      }
      const rest = args.slice(1);
      if (family === 'unix') checkUnix(operand, rest);
      else checkInet(m, family, rest);
    }

    function checkInet(m: EventMatch, family: string, rest: readonly EventArg[]): void {
      const unknown = rest.filter((a) => a.name !== 'PORT' && a.name !== 'ADDR' && a.name !== 'PROTO');
      for (const a of unknown) {
        report({ messageId: 'unknownVariable', data: { job: jobName, name: a.name ?? '', family, keys: '`PORT=` and `ADDR=`' }, at: a.word });
      }
      if (unknown.length > 0) return;
      const port = rest.find((a) => a.name === 'PORT');
      const addr = rest.find((a) => a.name === 'ADDR');
      if (!port) {
        report({ messageId: 'missingPort', data: { job: jobName, family }, at: m.event });
        return;
      }
      const valueAt = (arg: EventArg) => valueSpan(job, arg.word, valueOffset(arg), arg.word.value.length);
      if (!/^[1-9][0-9]*$/.test(port.value) || Number(port.value) > 65535) {
        report({ messageId: 'nonCanonicalPort', data: { job: jobName, value: port.value, parsed: atoiPort(port.value) }, at: valueAt(port) });
      }
      if (!addr) {
        report({ messageId: 'allInterfaces', data: { job: jobName, loopback: family === 'inet' ? '127.0.0.1' : '::1' }, at: m.event });
        return;
      }
      const canonical = canonicalAddress(family, addr.value);
      if (canonical === null) {
        report({ messageId: 'invalidAddr', data: { job: jobName, value: addr.value, family: family === 'inet' ? 'IPv4' : 'IPv6' }, at: valueAt(addr) });
      } else if (canonical !== addr.value) {
        report({ messageId: 'nonCanonicalAddr', data: { job: jobName, value: addr.value, canonical }, at: valueAt(addr) });
      }
    }

    function checkUnix(operand: SocketOperand, rest: readonly EventArg[]): void {
      const m = operand.match;
      const unknown = rest.filter((a) => a.name !== 'PATH' && a.name !== 'PROTO' && a.name !== 'SOCKET_PATH');
      for (const a of unknown) {
        report({ messageId: 'unknownVariable', data: { job: jobName, name: a.name ?? '', family: 'unix', keys: '`PATH=`' }, at: a.word });
      }
      if (unknown.length > 0) return;
      const path = rest.find((a) => a.name === 'PATH');
      const socketPath = rest.find((a) => a.name === 'SOCKET_PATH');
      if (socketPath) {
        // The bridge never knows SOCKET_PATH; since 1.11 it is what the event carries.
        if (!atLeast(v, 1, 11)) {
          report({ messageId: 'unknownVariable', data: { job: jobName, name: 'SOCKET_PATH', family: 'unix', keys: '`PATH=`' }, at: socketPath.word });
        } else if (path || !paired(operand, 'PATH', socketPath.value)) {
          report({ messageId: 'socketPathIgnored', data: { job: jobName, value: socketPath.value }, at: socketPath.word });
        }
        return;
      }
      if (!path) {
        report({ messageId: 'missingPath', data: { job: jobName }, at: m.event });
        return;
      }
      if (atLeast(v, 1, 11)) {
        if (!paired(operand, 'SOCKET_PATH', path.value)) {
          report({ messageId: 'unixNeverMatches', data: { job: jobName, value: path.value }, at: path.word });
        }
      } else if (operand.stanza.type === 'StartOnStanza') {
        report({ messageId: 'pathOverwritesEnv', data: { job: jobName, value: path.value }, at: path.word });
      }
    }
  },
});

/** What atoi(3) makes of a port string, truncated to 16 bits as `htons` does. */
function atoiPort(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(text);
  if (!m) return 0;
  const n = Number.parseInt(m[1] as string, 10);
  return ((n % 65536) + 65536) % 65536;
}

function canonicalAddress(family: string, text: string): string | null {
  if (family === 'inet') {
    const value = inetAton(text);
    return value === null ? null : formatIPv4(value);
  }
  const words = inet6Pton(text);
  return words === null ? null : formatIPv6(words);
}
