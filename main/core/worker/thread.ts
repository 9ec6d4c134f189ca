/**
 * Starting a core thread: the bundled script when there is one (the Electron build's
 * dist/main/core-worker.cjs or core-reader.cjs, the bench's bundles), else its TypeScript source
 * (entry.ts for the writer, reader.ts for a reader) through tsx.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Development and tests: Node 20 applies no `--import` loader to a worker's own entry, so the
 * worker registers tsx's CommonJS hook and then requires its script.
 */
const DEV_BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.dev.tsx).register();
require(workerData.dev.entry);
`;

export function startCoreThread(
  script: { bundled: string | undefined; source: 'entry.ts' | 'reader.ts' },
  workerData: object,
  resourceLimits?: ResourceLimits,
): Worker {
  if (script.bundled) return new Worker(script.bundled, { workerData, resourceLimits });
  const require = createRequire(import.meta.url);
  const dev = {
    tsx: require.resolve('tsx/cjs/api'),
    entry: fileURLToPath(new URL(`./${script.source}`, import.meta.url)),
  };
  // No inherited loader flags (tsx's CLI passes its own --import): the boot registers tsx itself.
  return new Worker(DEV_BOOT, { eval: true, execArgv: [], workerData: { ...workerData, dev }, resourceLimits });
}
