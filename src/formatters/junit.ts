/**
 * JUnit XML: one test suite per file, one test case per problem (a passing case when clean). Errors
 * and warnings are failing cases; an `info` finding is style, so its case passes and carries the
 * finding in `<system-out>`.
 */
import { pure } from './stream.js';
import type { StreamFormatter } from './types.js';
import { displayPath, xml } from './util.js';

/**
 * The outer `<testsuites>` element carries the counts of the whole run, so it is the stream's
 * `head()`: the CLI spools the suites until the last file (see `FormatStream`).
 */
export const junitStream: StreamFormatter = (ctx) => {
  let tests = 0;
  let failures = 0;
  return {
    begin: () => '',
    file(r) {
      const path = displayPath(r.filePath, ctx.cwd);
      const n = Math.max(r.messages.length, 1);
      const failed = r.messages.filter((d) => d.severity !== 'info').length;
      tests += n;
      failures += failed;
      let body = `  <testsuite name="${xml(path)}" tests="${n}" failures="${failed}" errors="0" skipped="0">\n`;
      if (r.messages.length === 0) {
        body += `    <testcase name="${xml(path)}" classname="upstart-lint" />\n`;
      }
      for (const d of r.messages) {
        const where = `${path}:${d.span.start.line}:${d.span.start.column}`;
        const text = xml(`${where}: ${d.severity}: ${d.message} [${d.ruleId}]`);
        body +=
          `    <testcase name="${xml(`${where} ${d.ruleId}`)}" classname="${xml(path)}">\n` +
          (d.severity === 'info'
            ? `      <system-out>${text}</system-out>\n`
            : `      <failure type="${d.severity}" message="${xml(d.message)}">${text}</failure>\n`) +
          '    </testcase>\n';
      }
      return `${body}  </testsuite>\n`;
    },
    end: () => '</testsuites>\n',
    head: () =>
      '<?xml version="1.0" encoding="utf-8"?>\n' + `<testsuites name="upstart-lint" tests="${tests}" failures="${failures}" errors="0">\n`,
  };
};

export const junit = pure(junitStream);
