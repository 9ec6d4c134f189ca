// How the app's main side is bundled (scripts/build-main.mjs), shared with the bench's measured
// processes (bench/lib/children.ts) so that they load code as the app does: one CommonJS file with
// the packages inside it. Only Electron and the native modules stay in node_modules (electron-builder
// unpacks those from the asar). Loaded as hundreds of ES modules from node_modules instead, Node 24
// re-reads drizzle-orm's 175 KB package.json for each of its modules and leaves about 150 MB of
// garbage in the heap before the first query (bench case 8, issue 21).
import { NATIVE_MODULES } from './ensure-native.mjs';

export const MAIN_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', ...NATIVE_MODULES],
};
