/**
 * The writer thread's script (the Electron build bundles it as dist/main/core-worker.cjs): runs
 * writer.ts. The readers have their own script, reader.ts (dist/main/core-reader.cjs), so a reader
 * never loads the sync engine, the Ascora client (axios alone is about 12 MB a thread) or the
 * demo simulator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerConfig } from './protocol';
import { runWriter } from './writer';

if (!parentPort)
  throw new Error('main/core/worker/entry.ts runs only as a worker thread (worker/core-worker.ts starts it).');
runWriter(parentPort, workerData as WorkerConfig);
