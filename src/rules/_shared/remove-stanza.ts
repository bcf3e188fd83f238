/**
 * Edits that delete one stanza while keeping whatever else shares its line. `manual` and `debug`
 * do not consume the rest of their line, so `debug respawn` holds two stanzas (grammar section 1.2).
 */
import type { Editor } from '../../core/rule.js';
import { lastLineOf, type JobModel } from '../../core/job-model.js';
import type { TextEdit } from '../../core/diagnostic.js';
import type { Stanza } from '../../grammar/ast.js';

const BLANK = /^[ \t\r]*$/;

/**
 * Removes `stanza`: the whole line(s) when nothing else is on them, otherwise only the stanza's own
 * text and the blanks after it (or before it, at the end of a line). A trailing comment is kept.
 */
export function removeStanza(edit: Editor, job: JobModel, stanza: Stanza): TextEdit {
  const file = job.fileOf(stanza);
  const text = file.text;
  const start = stanza.span.start.offset;
  // A backslash-newline after the stanza joins the next line to it (section 1.4): it goes with the
  // stanza, so that upstart reads the next line as it did before.
  const end = afterContinuations(text, stanza.span.end.offset);
  const span = end === stanza.span.end.offset ? stanza.span : job.spanIn(stanza, start, end);
  const lineStart = file.lines.lineStart(span.start.line);
  const lineEnd = file.lines.lineEnd(lastLineOf(span));
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (BLANK.test(before) && BLANK.test(after)) return edit.removeLines(span);
  // `manual debug \⏎respawn`: the next line moves up behind the blank after `manual`.
  if (end !== stanza.span.end.offset) return edit.replace(span, '');
  const afterBlank = /^[ \t]*/.exec(after)?.[0].length ?? 0;
  const rest = after.slice(afterBlank);
  if (rest !== '' && !rest.startsWith('\r')) {
    // Something follows on the line (another stanza or a comment): drop the stanza and its blanks.
    return edit.replace(job.spanIn(stanza, start, end + afterBlank), '');
  }
  // Only blanks follow: drop the blanks before the stanza instead.
  let beforeBlank = 0;
  while (beforeBlank < before.length && /[ \t]/.test(before[before.length - 1 - beforeBlank] ?? '')) beforeBlank++;
  return edit.replace(job.spanIn(stanza, start - beforeBlank, end), '');
}

/** The offset after the blanks and backslash-newline continuations at `i`, or `i` when none follows. */
function afterContinuations(text: string, i: number): number {
  let end = i;
  let j = i;
  for (;;) {
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
    if (text[j] !== '\\' || text[j + 1] !== '\n') return end;
    j += 2;
    end = j;
  }
}
