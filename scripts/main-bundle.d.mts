// Types for scripts/main-bundle.mjs (bench/lib/children.ts imports it).
import type { BuildOptions } from 'esbuild';

export declare const MAIN_BUNDLE_OPTIONS: BuildOptions & { format: 'cjs'; external: string[] };
