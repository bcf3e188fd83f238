import { defineRule } from '../core/rule.js';
import { atLeast } from '../core/version.js';
import { inWorldWritableDir } from './_shared/path-list.js';
import { bridgeSocket, socketOperands, valueOffset } from './_shared/socket.js';
import { valueSpan } from './_shared/word-span.js';

export default defineRule({
  meta: {
    id: 'socket-bridge-permissions',
    category: 'security',
    description: 'Flag unix sockets created by upstart-socket-bridge, which are root-owned with a fixed mode or reachable by every local user',
    defaultSeverity: 'warning',
    messages: {
      rootOwnedSocket:
        'upstart-socket-bridge creates `{path}` for job `{job}` as root:root with mode 0755 (0777 when the job is added after the bridge started) and no way to choose owner or mode, so clients that do not run as root cannot connect; use a TCP socket on `ADDR=127.0.0.1`, or let the service create its own socket',
      abstractSocket:
        'Abstract socket `{path}` of job `{job}` has no file permissions, so every local user can connect to it; use a TCP socket on `ADDR=127.0.0.1` or a socket the service creates with a restrictive mode',
      worldWritableDir:
        'Socket `{path}` of job `{job}` is in a world-writable directory, where any local user can take the name first and make the bridge fail to bind; put it under `/run`',
    },
    defaultOptions: {},
  },

  check({ job, report }) {
    if (!atLeast(job.targetVersion, 1, 3)) return; // no socket bridge before 1.3
    for (const { match } of socketOperands(job)) {
      const socket = bridgeSocket(match);
      // Only sockets the bridge really creates; malformed operands are valid-socket-event's job.
      if (!socket || socket.family !== 'unix' || !socket.path) continue;
      const arg = socket.path;
      const path = arg.value;
      const at = valueSpan(job, arg.word, valueOffset(arg), arg.word.value.length);
      if (path.startsWith('@')) {
        report({ messageId: 'abstractSocket', data: { job: job.name, path }, at });
        continue;
      }
      report({ messageId: 'rootOwnedSocket', data: { job: job.name, path }, at });
      if (inWorldWritableDir(path)) report({ messageId: 'worldWritableDir', data: { job: job.name, path }, at });
    }
  },
});
