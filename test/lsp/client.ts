/**
 * A scripted Language Server Protocol client: `upstart-lint --lsp` (the built command, as editors
 * run it) in a child process, spoken to with vscode-jsonrpc over its standard input and output.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/upstart-lint.js');

export const uri = (path: string): string => pathToFileURL(path).href;

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  tags?: number[];
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
  data?: unknown;
}
export interface Published {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

export interface StartOptions {
  readonly folders?: readonly string[];
  readonly debounce?: number;
  readonly capabilities?: Record<string, unknown>;
  readonly cwd?: string;
  /** The server's environment (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export class Client {
  readonly published: Published[] = [];
  readonly shown: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  stderr = '';
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      this.poke();
    });
    connection.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.shown.push(p);
      this.poke();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.poke();
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/configuration', () => []);
    connection.onError(() => undefined);
  }

  static async start(options: StartOptions = {}): Promise<Client> {
    const child = spawn(process.execPath, [BIN, '--lsp'], { cwd: options.cwd ?? REPO, env: { ...(options.env ?? process.env), UPSTART_LINT_CODE_CACHE: '0' } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new Client(child, connection);
    connection.listen();
    const folders = options.folders ?? [];
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] !== undefined ? uri(folders[0]) : null,
      workspaceFolders: folders.map((f, i) => ({ uri: uri(f), name: `folder${i}` })),
      capabilities: options.capabilities ?? {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, versionSupport: true },
          codeAction: { disabledSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      },
      initializationOptions: { debounce: options.debounce ?? 50 },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult: unknown;

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `test()` holds (checked at each notification); rejects after `ms`. */
  until(test: () => boolean, what: string, ms = 20_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; published: ${JSON.stringify(this.published.slice(-3))}; stderr: ${this.stderr}`)), ms);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** The latest diagnostics published for `docUri`. */
  latest(docUri: string): Published | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i]?.uri === docUri) return this.published[i];
    return undefined;
  }

  /** Waits for diagnostics of `docUri` (of `version`, when given) published after `after` notifications. */
  async diagnostics(docUri: string, options: { version?: number; after?: number; test?: (p: Published) => boolean } = {}): Promise<Published> {
    const from = options.after ?? 0;
    const find = (): Published | undefined =>
      this.published.slice(from).reverse().find((p) => p.uri === docUri && (options.version === undefined || p.version === options.version) && (options.test?.(p) ?? true));
    await this.until(() => find() !== undefined, `diagnostics of ${docUri}${options.version !== undefined ? ` version ${options.version}` : ''}`);
    return find() as Published;
  }

  open(path: string, text: string, languageId = 'upstart', version = 1): string {
    const u = uri(path);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId, version, text } });
    return u;
  }

  change(docUri: string, version: number, contentChanges: unknown[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version }, contentChanges });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  notify(method: string, params?: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** shutdown, exit: the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    await this.request('shutdown', null);
    this.notify('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}

/** Applies LSP text edits (UTF-16 positions) to `text`. */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Position): number => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
