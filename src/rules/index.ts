/**
 * The rule registry: every rule, keyed by id, in alphabetical order.
 * test/rules-meta.test.ts checks that this list is sorted and matches src/rules/*.ts.
 */
import type { Rule } from '../core/rule.js';
import noCrlf from './no-crlf.js';
import noDebug from './no-debug.js';
import noHeredocBlankLine from './no-heredoc-blank-line.js';
import noLogInTmp from './no-log-in-tmp.js';
import noManualBeforeStartOn from './no-manual-before-start-on.js';
import noPrivilegedStanza from './no-privileged-stanza.js';
import noTaskWithoutProcess from './no-task-without-process.js';
import noVariableInEnv from './no-variable-in-env.js';
import preferExecInMainScript from './prefer-exec-in-main-script.js';
import preferOomScore from './prefer-oom-score.js';
import requireStopOn from './require-stop-on.js';
import validLimit from './valid-limit.js';
import validUmask from './valid-umask.js';

const all = [
  // one import per rule, alphabetical (added below this line)
  noCrlf,
  noDebug,
  noHeredocBlankLine,
  noLogInTmp,
  noManualBeforeStartOn,
  noPrivilegedStanza,
  noTaskWithoutProcess,
  noVariableInEnv,
  preferExecInMainScript,
  preferOomScore,
  requireStopOn,
  validLimit,
  validUmask,
];

export const rules: ReadonlyMap<string, Rule> = new Map(all.map((r) => [r.meta.id, r as unknown as Rule]));
