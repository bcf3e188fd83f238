/** Command-line parsing and the usage text. No dependencies: loaded on every start. */

export const JOB_KIND_NAMES = ['system', 'user', 'session'] as const;
export type JobKindName = (typeof JOB_KIND_NAMES)[number];

export interface FormatRequest {
  readonly name: string;
  /** Write to this file instead of standard output. */
  readonly path?: string;
}

export interface CliArgs {
  readonly patterns: string[];
  readonly formats: FormatRequest[];
  readonly config?: string;
  /** `--rule` values as written (`ID:SEVERITY`, `ID: [SEVERITY, OPTIONS]`, `{ID: …, ID: …}`). */
  readonly rules: string[];
  readonly jobKind?: JobKindName;
  readonly targetVersion?: string;
  /** `--shellcheck auto|true|false`: whether ShellCheck runs, over every configuration file. */
  readonly shellcheck?: 'auto' | boolean;
  /** Absent for no limit (also what `--max-warnings -1` gives). */
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly stdin: boolean;
  readonly stdinFilename?: string;
  readonly syntaxOnly: boolean;
  readonly inlineConfig: boolean;
  /** Build the project model of the run (`--no-project`: each file alone). */
  readonly project: boolean;
  readonly reportUnusedDirectives?: string;
  readonly ignore: boolean;
  /** False with --no-error-on-unmatched-pattern. */
  readonly errorOnUnmatchedPattern: boolean;
  readonly printConfig?: string;
  readonly listRules: boolean;
  readonly color?: boolean;
  readonly version: boolean;
  readonly help: boolean;
  /** Serve the Language Server Protocol on standard input and output. */
  readonly lsp: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  readonly value?: string;
}

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'NAME[:PATH]' },
  { name: 'config', short: 'c', value: 'PATH' },
  { name: 'rule', value: 'ID:SEVERITY' },
  { name: 'job-kind', value: 'KIND' },
  { name: 'target-version', value: 'VERSION' },
  { name: 'shellcheck', value: 'MODE' },
  { name: 'max-warnings', value: 'N' },
  { name: 'quiet', short: 'q' },
  { name: 'fix' },
  { name: 'fix-dry-run' },
  { name: 'stdin' },
  { name: 'stdin-filename', value: 'PATH' },
  { name: 'syntax-only' },
  { name: 'no-inline-config' },
  { name: 'no-project' },
  { name: 'report-unused-directives', value: 'SEVERITY' },
  { name: 'no-ignore' },
  { name: 'no-error-on-unmatched-pattern' },
  { name: 'print-config', value: 'FILE' },
  { name: 'list-rules' },
  { name: 'color' },
  { name: 'no-color' },
  { name: 'version', short: 'v' },
  { name: 'help', short: 'h' },
  { name: 'lsp' },
  // Added by generic language clients to a server's command line; accepted with --lsp only.
  { name: 'stdio' },
  { name: 'clientProcessId', value: 'PID' },
];

/** What may come with --lsp: the transport flags language clients add. */
const LSP_COMPANIONS = new Set(['lsp', 'stdio', 'clientProcessId']);

export const USAGE = `Usage: upstart-lint [options] [files | directories | globs]

Lint Upstart job files (.conf and .override). With no paths, lints the job files under the
working directory where upstart looks for them (etc/init/, .init/, .config/upstart/,
etc/xdg/upstart/, usr/share/upstart/sessions/, at any depth) and debian/*.upstart.
Directories expand to the *.conf and *.override files in them. .gitignore applies to what
directories and globs expand to; "ignores" in configuration also to files named here, which
are then skipped with a note on standard error (--no-ignore lints them).

Output:
  -f, --format NAME[:PATH]   stylish (default), unix, json, sarif, github, gitlab, junit,
                             checkstyle; NAME:PATH writes that format to a file; repeatable.
                             Defaults to github when GITHUB_ACTIONS=true
      --color, --no-color    Force or disable colours (default: colour a terminal only;
                             NO_COLOR and FORCE_COLOR are honoured)
  -q, --quiet                Report errors only
      --max-warnings N       Exit with code 1 when there are more than N warnings
                             (-1: no limit, the default)

Configuration:
  -c, --config PATH          Use this configuration file only (no discovery)
      --rule ID:SEVERITY     Set a rule's severity (off, info, warn, error); repeatable.
                             With options: --rule 'ID: [SEVERITY, {OPTION: VALUE}]'
                             (YAML or JSON); several: --rule '{ID: off, ID: error}'
      --job-kind KIND        Treat every file as a system, user or session job
      --target-version VERSION
                             The upstart release the jobs run on, like 1.6 (default
                             1.13; overrides targetVersion in configuration)
      --shellcheck MODE      Run ShellCheck on the shell of every process: auto (when
                             shellcheck is on PATH, the default), true or false
      --print-config FILE    Print the configuration that applies to FILE and exit
      --no-inline-config     Ignore "# upstart-lint ..." suppression comments
      --report-unused-directives SEVERITY
                             Severity of unused or unknown suppressions (default warn)
      --no-ignore            Lint files even when .gitignore or "ignores" exclude them
      --no-project           Lint each file alone: no model of the other jobs, their
                             events and the nginx configuration of the run's tree
      --no-error-on-unmatched-pattern
                             A glob or directory without job files, or a run that
                             finds none, is not an error (a missing file still is)

Input and fixes:
      --stdin                Lint standard input (also: a single "-" argument); without
                             --stdin-filename it is reported as "standard input"
      --stdin-filename PATH  Path standard input stands for: decides the job kind, the
                             configuration and the .override merge
      --fix                  Apply safe fixes to the files in place
      --fix-dry-run          Compute fixes without writing; the JSON "output" field has
                             the fixed text
      --syntax-only          Report only what upstart itself rejects, for any file name
                             (a drop-in for init-checkconf in validate commands)

Editors:
      --lsp                  Run the language server (Language Server Protocol on standard
                             input and output); configuration is found as for a lint

Information:
      --list-rules           List the rules (a table, or JSON with --format json)
  -v, --version              Print the version
  -h, --help                 Print this help

Configuration files (.upstart-lint.json, .jsonc, .yaml or .yml; declarative, never code) are
found from each linted file's directory up to the repository root, and validated against
schema/upstart-lint.schema.json. Suppress a finding with a comment such as
  # upstart-lint disable-next-line require-setuid -- reason
(also disable-line, disable ... enable, disable-file). Documentation:
https://github.com/upstart-lint/upstart-lint/tree/main/docs

Exit codes: 0 no problems (or only warnings within --max-warnings), 1 lint errors or
too many warnings, 2 usage, configuration or I/O error.
`;

function closest(name: string): string | null {
  let best: string | null = null;
  let score = Infinity;
  for (const o of OPTIONS) {
    const d = editDistance(name, o.name);
    if (d < score) {
      score = d;
      best = o.name;
    }
  }
  return best !== null && score <= 2 ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const patterns: string[] = [];
  const formats: FormatRequest[] = [];
  const rules: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let endOfOptions = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) {
      patterns.push(arg);
      continue;
    }
    if (arg === '--') {
      endOfOptions = true;
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      spec = OPTIONS.find((o) => o.name === name);
      if (!spec) {
        const hint = closest(name);
        throw new UsageError(`unknown option "--${name}"${hint ? `; did you mean "--${hint}"?` : ''}`);
      }
    } else {
      const short = arg.slice(1, 2);
      spec = OPTIONS.find((o) => o.short === short);
      if (!spec) throw new UsageError(`unknown option "-${short}"`);
      if (arg.length > 2) {
        if (!spec.value) throw new UsageError(`unknown option "${arg}"`);
        inline = arg.slice(2).replace(/^=/, '');
      }
    }
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`option "--${spec.name}" takes no value`);
      flags.add(spec.name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      // `--max-warnings -1` (no limit, as ESLint) is a value, not an option.
      const negative = spec.name === 'max-warnings' && next !== undefined && /^-\d+$/.test(next);
      if (next === undefined || (next.startsWith('-') && next !== '-' && next.length > 1 && !negative)) {
        throw new UsageError(`option "--${spec.name}" needs a value (${spec.value})`);
      }
      value = next;
      i++;
    }
    switch (spec.name) {
      case 'format': {
        const colon = value.indexOf(':');
        const name = colon === -1 ? value : value.slice(0, colon);
        const path = colon === -1 ? undefined : value.slice(colon + 1);
        if (path === '') throw new UsageError(`--format ${value}: the path after ":" is empty`);
        formats.push(path === undefined ? { name } : { name, path });
        break;
      }
      case 'rule': {
        if (!/^\s*\{/.test(value) && !/^\s*[^:\s][^:]*:\s*\S/.test(value)) {
          throw new UsageError(`--rule ${value}: expected ID:SEVERITY, e.g. require-setuid:warn, or 'ID: [SEVERITY, {OPTION: VALUE}]'`);
        }
        rules.push(value);
        break;
      }
      default:
        if (values.has(spec.name)) throw new UsageError(`option "--${spec.name}" given twice`);
        values.set(spec.name, value);
    }
  }

  if (flags.has('lsp')) {
    const other = [...flags, ...values.keys()].find((n) => !LSP_COMPANIONS.has(n)) ?? (formats.length > 0 ? 'format' : rules.length > 0 ? 'rule' : undefined);
    if (other !== undefined) throw new UsageError(`--lsp cannot be combined with --${other}: the server finds each file's configuration itself`);
    if (patterns.length > 0) throw new UsageError('--lsp takes no paths: the editor sends the files');
  } else if (flags.has('stdio') || values.has('clientProcessId')) {
    throw new UsageError(`--${flags.has('stdio') ? 'stdio' : 'clientProcessId'} is for the language server; use it with --lsp`);
  }

  const jobKind = values.get('job-kind');
  if (jobKind !== undefined && !(JOB_KIND_NAMES as readonly string[]).includes(jobKind)) {
    throw new UsageError(`--job-kind ${jobKind}: expected system, user or session`);
  }
  const targetVersion = values.get('target-version');
  if (targetVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(targetVersion)) {
    throw new UsageError(`--target-version ${targetVersion}: expected an upstart version such as 1.13 or 1.6`);
  }
  const shellcheckText = values.get('shellcheck');
  if (shellcheckText !== undefined && !['auto', 'true', 'false'].includes(shellcheckText)) {
    throw new UsageError(`--shellcheck ${shellcheckText}: expected auto, true or false`);
  }
  const maxText = values.get('max-warnings');
  let maxWarnings: number | undefined;
  if (maxText !== undefined) {
    if (!/^(\d+|-1)$/.test(maxText)) throw new UsageError(`--max-warnings ${maxText}: expected a whole number of 0 or more, or -1 for no limit`);
    // -1 is ESLint's "no limit", the same as leaving the option out.
    if (maxText !== '-1') maxWarnings = Number(maxText);
  }
  if (flags.has('color') && flags.has('no-color')) throw new UsageError('--color and --no-color cannot be used together');

  const dash = patterns.indexOf('-');
  const stdin = flags.has('stdin') || dash !== -1;
  if (dash !== -1) patterns.splice(dash, 1);
  if (stdin && patterns.length > 0) {
    throw new UsageError('--stdin lints standard input only; give the path it stands for with --stdin-filename, not as an argument');
  }
  if (values.has('stdin-filename') && !stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (stdin && flags.has('fix')) throw new UsageError('--fix cannot write standard input; use --fix-dry-run with --format json');
  if (flags.has('fix') && flags.has('fix-dry-run')) throw new UsageError('--fix and --fix-dry-run cannot be used together');

  const str = (k: string): string | undefined => values.get(k);
  const out: CliArgs = {
    patterns,
    formats,
    rules,
    quiet: flags.has('quiet'),
    fix: flags.has('fix'),
    fixDryRun: flags.has('fix-dry-run'),
    stdin,
    syntaxOnly: flags.has('syntax-only'),
    inlineConfig: !flags.has('no-inline-config'),
    project: !flags.has('no-project'),
    ignore: !flags.has('no-ignore'),
    errorOnUnmatchedPattern: !flags.has('no-error-on-unmatched-pattern'),
    listRules: flags.has('list-rules'),
    version: flags.has('version'),
    help: flags.has('help'),
    lsp: flags.has('lsp'),
    ...(str('config') !== undefined ? { config: str('config') as string } : {}),
    ...(jobKind !== undefined ? { jobKind: jobKind as JobKindName } : {}),
    ...(targetVersion !== undefined ? { targetVersion } : {}),
    ...(shellcheckText !== undefined ? { shellcheck: shellcheckText === 'auto' ? ('auto' as const) : shellcheckText === 'true' } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    ...(str('stdin-filename') !== undefined ? { stdinFilename: str('stdin-filename') as string } : {}),
    ...(str('report-unused-directives') !== undefined ? { reportUnusedDirectives: str('report-unused-directives') as string } : {}),
    ...(str('print-config') !== undefined ? { printConfig: str('print-config') as string } : {}),
    ...(flags.has('color') ? { color: true } : flags.has('no-color') ? { color: false } : {}),
  };
  return out;
}
