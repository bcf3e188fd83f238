/**
 * The rule registry: every rule, keyed by id, in alphabetical order.
 * test/rules-meta.test.ts checks that this list is sorted and matches src/rules/*.ts.
 */
import type { Rule } from '../core/rule.js';
import duplicateProcess from './duplicate-process.js';
import duplicateStanza from './duplicate-stanza.js';
import noBashism from './no-bashism.js';
import noCrlf from './no-crlf.js';
import noDebug from './no-debug.js';
import noDuplicateJob from './no-duplicate-job.js';
import noEscapeAfterWhitespace from './no-escape-after-whitespace.js';
import noExpectForkScript from './no-expect-fork-script.js';
import noHashInExec from './no-hash-in-exec.js';
import noHeredocBlankLine from './no-heredoc-blank-line.js';
import noKillTimeoutZero from './no-kill-timeout-zero.js';
import noLogInTmp from './no-log-in-tmp.js';
import noManualBeforeStartOn from './no-manual-before-start-on.js';
import noMixedAndOr from './no-mixed-and-or.js';
import noOrphanOverride from './no-orphan-override.js';
import noOrphanRespawnLimit from './no-orphan-respawn-limit.js';
import noPrivilegedStanza from './no-privileged-stanza.js';
import noRootWriteAfterSetuid from './no-root-write-after-setuid.js';
import noTaskWithoutProcess from './no-task-without-process.js';
import noUnknownEvent from './no-unknown-event.js';
import noUnknownJob from './no-unknown-job.js';
import noUnreachableStatusCheck from './no-unreachable-status-check.js';
import noUnsupportedStanza from './no-unsupported-stanza.js';
import noVariableInEnv from './no-variable-in-env.js';
import noVariableInStartOn from './no-variable-in-start-on.js';
import preferExecInMainScript from './prefer-exec-in-main-script.js';
import preferOomScore from './prefer-oom-score.js';
import preferSetuid from './prefer-setuid.js';
import preferTmpfiles from './prefer-tmpfiles.js';
import requireAuthor from './require-author.js';
import requireChdir from './require-chdir.js';
import requireDescription from './require-description.js';
import requireExpect from './require-expect.js';
import requireLogRedirect from './require-log-redirect.js';
import requireOomScore from './require-oom-score.js';
import requireSetgid from './require-setgid.js';
import requireSetuid from './require-setuid.js';
import requireStopOn from './require-stop-on.js';
import shellSyntax from './shell-syntax.js';
import shellcheck from './shellcheck.js';
import socketBridgePermissions from './socket-bridge-permissions.js';
import validEnvPath from './valid-env-path.js';
import validKillSignal from './valid-kill-signal.js';
import validLimit from './valid-limit.js';
import validNormalExit from './valid-normal-exit.js';
import validRunlevel from './valid-runlevel.js';
import validSocketEvent from './valid-socket-event.js';
import validUmask from './valid-umask.js';

const all = [
  // one import per rule, alphabetical (added below this line)
  duplicateProcess,
  duplicateStanza,
  noBashism,
  noCrlf,
  noDebug,
  noDuplicateJob,
  noEscapeAfterWhitespace,
  noExpectForkScript,
  noHashInExec,
  noHeredocBlankLine,
  noKillTimeoutZero,
  noLogInTmp,
  noManualBeforeStartOn,
  noMixedAndOr,
  noOrphanOverride,
  noOrphanRespawnLimit,
  noPrivilegedStanza,
  noRootWriteAfterSetuid,
  noTaskWithoutProcess,
  noUnknownEvent,
  noUnknownJob,
  noUnreachableStatusCheck,
  noUnsupportedStanza,
  noVariableInEnv,
  noVariableInStartOn,
  preferExecInMainScript,
  preferOomScore,
  preferSetuid,
  preferTmpfiles,
  requireAuthor,
  requireChdir,
  requireDescription,
  requireExpect,
  requireLogRedirect,
  requireOomScore,
  requireSetgid,
  requireSetuid,
  requireStopOn,
  shellSyntax,
  shellcheck,
  socketBridgePermissions,
  validEnvPath,
  validKillSignal,
  validLimit,
  validNormalExit,
  validRunlevel,
  validSocketEvent,
  validUmask,
];

export const rules: ReadonlyMap<string, Rule> = new Map(all.map((r) => [r.meta.id, r as unknown as Rule]));
