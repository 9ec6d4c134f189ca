/**
 * The script every core thread runs (the Electron build bundles it as dist/main/core-worker.cjs):
 * the writer (writer.ts) or, when its workerData says so, a reader (reader.ts). One bundle for
 * both, so the builds and the bench bundle one file as before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderConfig, WorkerConfig } from './protocol';
import { runReader } from './reader';
import { runWriter } from './writer';

if (!parentPort) throw new Error('main/core/worker/entry.ts runs only as a worker thread (worker/host.ts starts it).');
if ((workerData as Partial<ReaderConfig>).role === 'reader') runReader(parentPort, workerData as ReaderConfig);
else runWriter(parentPort, workerData as WorkerConfig);
