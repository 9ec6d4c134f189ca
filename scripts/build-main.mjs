// Bundles the Electron main process and preload into dist/main. Native modules stay external
// (electron-builder unpacks them from the asar); the renderer is built by Vite.
import { build } from 'esbuild';
import { MAIN_BUNDLE_OPTIONS } from './main-bundle.mjs';

const common = { ...MAIN_BUNDLE_OPTIONS, sourcemap: true, logLevel: 'info' };

await build({ ...common, entryPoints: ['main/shell/main.ts'], outfile: 'dist/main/main.cjs' });
await build({ ...common, entryPoints: ['main/shell/preload.ts'], outfile: 'dist/main/preload.cjs' });
// The core's worker thread (main/core/worker/entry.ts), started by main from beside main.cjs.
await build({ ...common, entryPoints: ['main/core/worker/entry.ts'], outfile: 'dist/main/core-worker.cjs' });
// Its reader threads (main/core/worker/reader.ts): the pure queries, on read-only connections.
await build({ ...common, entryPoints: ['main/core/worker/reader.ts'], outfile: 'dist/main/core-reader.cjs' });
