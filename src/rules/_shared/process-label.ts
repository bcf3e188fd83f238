/**
 * How a process stanza is written by the user: `exec`, `script`, `pre-start exec`, `post-stop script`…
 */
import type { ProcessStanza } from '../../grammar/ast.js';

export function processLabel(stanza: ProcessStanza): string {
  const form = stanza.type === 'ExecStanza' ? 'exec' : 'script';
  return stanza.phase === 'main' ? form : `${stanza.phase} ${form}`;
}

