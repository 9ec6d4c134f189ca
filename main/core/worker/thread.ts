/**
 * Starting a core thread (the writer or a reader): the bundled script when there is one (the
 * Electron build's dist/main/core-worker.cjs, the bench's bundle), else entry.ts through tsx.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Development and tests: Node 20 applies no `--import` loader to a worker's own entry, so the
 * worker registers tsx's CommonJS hook and then requires entry.ts.
 */
const DEV_BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.dev.tsx).register();
require(workerData.dev.entry);
`;

export function startCoreThread(workerFile: string | undefined, workerData: object): Worker {
  if (workerFile) return new Worker(workerFile, { workerData });
  const require = createRequire(import.meta.url);
  const dev = { tsx: require.resolve('tsx/cjs/api'), entry: fileURLToPath(new URL('./entry.ts', import.meta.url)) };
  // No inherited loader flags (tsx's CLI passes its own --import): the boot registers tsx itself.
  return new Worker(DEV_BOOT, { eval: true, execArgv: [], workerData: { ...workerData, dev } });
}
