/**
 * Template markup that a project renders before it installs a job file: ERB (`<%= x %>`), Jinja
 * and mustache (`{{ x }}`, `{% … %}`) and Python format strings (`%(name)s`).
 */
export const TEMPLATE_MARKUP = /<%|%>|\{\{|\}\}|\{%|%\([A-Za-z_]+\)s/;

/** True when the line of `text` that holds `offset` has template markup. */
export function onTemplateLine(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return TEMPLATE_MARKUP.test(text.slice(start, end === -1 ? text.length : end));
}
