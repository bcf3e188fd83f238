/** Types of scripts/build-bin.mjs, for test/integration/bundle.test.ts. */
import type { BuildOptions, BuildResult } from 'esbuild';

export declare const buildOptions: BuildOptions;
/**
 * Builds the CLI bundle in memory (nothing written), with the language server left out as the
 * external chunk `lspChunkFile`; `bundle({ entryPoints: ['src/lsp/server.ts'] })` builds that chunk.
 */
export declare function bundle(overrides?: BuildOptions, lspChunkFile?: string): Promise<BuildResult<{ write: false; metafile: true }>>;
