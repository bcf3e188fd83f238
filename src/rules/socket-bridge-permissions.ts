import type { Span } from '../grammar/ast.js';
import type { SocketConsumer } from '../core/project.js';
import { defineRule, type RelatedReport } from '../core/rule.js';
import { atLeast } from '../core/version.js';
import { inWorldWritableDir } from './_shared/path-list.js';
import { bridgeSocket, socketOperands, valueOffset } from './_shared/socket.js';
import { valueSpan } from './_shared/word-span.js';

export default defineRule({
  meta: {
    id: 'socket-bridge-permissions',
    category: 'security',
    description: 'Flag unix sockets created by upstart-socket-bridge, which are root-owned with a fixed mode or reachable by every local user',
    defaultSeverity: 'error',
    messages: {
      rootOwnedSocket:
        'upstart-socket-bridge creates `{path}` for job `{job}` as root:root with mode 0755 (0777 when the job is added after the bridge started) and no way to choose owner or mode, so clients that do not run as root cannot connect; use a TCP socket on `ADDR=127.0.0.1`, or let the service create its own socket',
      abstractSocket:
        'Abstract socket `{path}` of job `{job}` has no file permissions, so every local user can connect to it; use a TCP socket on `ADDR=127.0.0.1` or a socket the service creates with a restrictive mode',
      consumerCannotConnect:
        'nginx connects to `{path}` as `{user}` ({why}), but upstart-socket-bridge creates the socket for job `{job}` as root:root with mode 0755, so nginx is refused (permission denied); serve the job on a TCP socket on `ADDR=127.0.0.1`, or let the application create its own socket, and do not run nginx as root to get around it',
      consumerRunsAsRoot:
        'nginx reaches `{path}` of job `{job}` only because its workers run as root (`user root`), so a flaw in nginx or one of its modules gives an attacker root; run nginx as `www-data` and serve the job on a TCP socket on `ADDR=127.0.0.1`, or let the application create its own socket',
      consumerHere: 'nginx connects to `{path}` here (`{directive}`)',
      userHere: 'nginx\'s worker processes run as `{user}` here',
      noUserHere: 'This nginx.conf has no `user` directive, so its workers run as `nobody`',
      worldWritableDir:
        'Socket `{path}` of job `{job}` is in a world-writable directory, where any local user can take the name first and make the bridge fail to bind; put it under `/run`',
    },
    defaultOptions: {},
  },

  check({ job, project, report }) {
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
      const consumers = project?.socketConsumers(path) ?? [];
      if (consumers.length === 0) report({ messageId: 'rootOwnedSocket', data: { job: job.name, path }, at });
      for (const [user, group] of byUser(consumers)) {
        const related: RelatedReport<'consumerHere' | 'userHere' | 'noUserHere'>[] = group.map((c) => ({
          at: c.span,
          filePath: c.filePath,
          messageId: 'consumerHere' as const,
          data: { path: c.socketPath, directive: c.directive },
        }));
        const u = group[0]?.user;
        if (u?.source === 'directive' && u.span && u.filePath) {
          related.push({ at: u.span, filePath: u.filePath, messageId: 'userHere', data: { user } });
        } else if (u?.source === 'compiled-default' && u.filePath) {
          related.push({ at: FILE_START, filePath: u.filePath, messageId: 'noUserHere' });
        }
        if (user === 'root' || user === '0') {
          report({ messageId: 'consumerRunsAsRoot', data: { job: job.name, path }, at, related });
          continue;
        }
        const why =
          u?.source === 'directive'
            ? 'the `user` directive of its nginx.conf'
            : u?.source === 'compiled-default'
              ? 'its nginx.conf has no `user` directive, and `nobody` is nginx\'s compiled-in default'
              : 'no nginx.conf of this tree includes the file, and `user www-data` is what Debian\'s and Ubuntu\'s nginx package sets';
        report({ messageId: 'consumerCannotConnect', data: { job: job.name, path, user, why }, at, related });
      }
      if (inWorldWritableDir(path)) report({ messageId: 'worldWritableDir', data: { job: job.name, path }, at });
    }
  },
});

const FILE_START: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Consumers grouped by the user nginx runs them as, in order of first appearance. */
function byUser(consumers: readonly SocketConsumer[]): Map<string, SocketConsumer[]> {
  const out = new Map<string, SocketConsumer[]>();
  for (const c of consumers) {
    let list = out.get(c.user.name);
    if (!list) out.set(c.user.name, (list = []));
    list.push(c);
  }
  return out;
}
