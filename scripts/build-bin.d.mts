/** Types of scripts/build-bin.mjs, for test/integration/bundle.test.ts. */
import type { BuildOptions, BuildResult } from 'esbuild';

export declare const buildOptions: BuildOptions;
/** Builds the CLI bundle in memory (nothing written). */
export declare function bundle(): Promise<BuildResult<{ write: false; metafile: true }>>;
