/**
 * Main's side of the reader threads (Signal Desktop's reader pool beside its single writer, in
 * ts/sql/main.ts): each runs reader.ts with a read-only connection of its own, and the pure queries
 * of reader-channels.ts go to the least busy of them, so a Jobs page asked for during a sync's write
 * is answered from the last committed state at once instead of waiting behind it (bench case 9b).
 *
 * - Anything a reader cannot take goes to the writer: `invoke` answers null while the readers are
 *   suspended, when none started, and for the calls a reader had when it crashed (a query asked
 *   twice is harmless). A crashed reader is started again, unless they keep crashing.
 * - suspend() closes every reader's connection (a wipe is about to delete files and empty the
 *   WAL: no other connection may hold them), resume() opens them again.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Result } from '../../../shared/result';
import type { Logger } from '../log';
import type { FromReader, ReaderConfig, ToReader } from './protocol';
import { READER_LIMITS } from './limits';
import { startCoreThread } from './thread';

export interface ReaderPoolOptions {
  dataDir: string;
  /** The mirror's key (null: plain); resume() may bring a new one. */
  databaseKey: Uint8Array | null;
  /** Reader threads (defaultReaderCount() by default); 0 leaves every query to the writer. */
  size?: number;
  /** The bundled reader.ts (dist/main/core-reader.cjs); reader.ts through tsx without it. */
  readerFile?: string;
  logger: Logger;
  /** Tests only: holdReads() is allowed. */
  testHooks?: boolean;
  /** A query slower than this is logged (reader-channels.ts SLOW_QUERY_MS by default). */
  slowQueryMs?: number;
  /** A reader's log line, already masked there, written through main's logger (core-worker.ts). */
  writeLine(line: string): void;
}

export interface ReaderPool {
  /** A reader's answer, or null when no reader can take the call now: the writer answers it then. */
  invoke(channel: string, input: unknown): Promise<Result<unknown> | null>;
  /** Closes every reader's connection; calls meanwhile go to the writer. */
  suspend(): Promise<void>;
  /** Opens them again, with the key the mirror has now (the last connection's wipe renews it). */
  resume(databaseKey: Uint8Array | null): Promise<void>;
  /** Ends every reader (their calls answered first). */
  close(): Promise<void>;
  /** The readers' thread ids (tests). */
  threadIds(): number[];
  /** Tests only: every reader begins a read transaction and leaves it open until suspended. */
  holdReads(): Promise<void>;
  /** Tests only: ends a reader's thread as a crash would (not marked as ended on purpose). */
  crashReader(): Promise<void>;
}

/** One reader per core beyond the writer's, at least one and at most two (each is a V8 isolate's memory). */
export function defaultReaderCount(): number {
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES_PER_MINUTE = 3;

interface Reader {
  worker: Worker;
  name: string;
  pending: Map<number, (result: Result<unknown> | null) => void>;
  /** Ended on purpose (close): its exit is no crash. */
  ending: boolean;
}

export async function startReaderPool(options: ReaderPoolOptions): Promise<ReaderPool> {
  const size = options.size ?? defaultReaderCount();
  const readers: Reader[] = [];
  const crashes: number[] = [];
  let nextId = 1;
  let suspended = false;
  let closed = false;
  let counter = 0;
  let databaseKey = options.databaseKey;

  /** Starts a reader; resolves once its connection is open (null when it could not open it). */
  function spawn(): Promise<Reader | null> {
    const name = `reader ${++counter}`;
    const config: ReaderConfig = {
      role: 'reader',
      dataDir: options.dataDir,
      databaseKey,
      name,
      slowQueryMs: options.slowQueryMs,
      testHooks: options.testHooks,
    };
    const worker = startCoreThread({ bundled: options.readerFile, source: 'reader.ts' }, config, READER_LIMITS);
    const reader: Reader = { worker, name, pending: new Map(), ending: false };
    let lastError: unknown = null;
    return new Promise<Reader | null>((resolve) => {
      let settled = false;
      worker.on('message', (message: FromReader) => {
        switch (message.type) {
          case 'ready':
            settled = true;
            readers.push(reader);
            resolve(reader);
            return;
          case 'failed':
            settled = true;
            options.logger.error('a reader could not open the database: queries go to the writer', {
              reader: name,
              message: message.error.message,
            });
            reader.ending = true;
            void worker.terminate();
            resolve(null);
            return;
          case 'done':
            reader.pending.get(message.id)?.(message.result);
            reader.pending.delete(message.id);
            return;
          case 'log':
            options.writeLine(message.line);
            return;
        }
      });
      worker.on('error', (error) => {
        lastError = error;
      });
      worker.once('exit', (code) => {
        const at = readers.indexOf(reader);
        if (at >= 0) readers.splice(at, 1);
        // Its calls are asked of the writer instead.
        for (const resolvePending of reader.pending.values()) resolvePending(null);
        reader.pending.clear();
        if (!settled) {
          settled = true;
          resolve(null);
        }
        if (reader.ending || closed) return;
        options.logger.error('a reader thread stopped unexpectedly', {
          reader: name,
          exitCode: code,
          error: lastError instanceof Error ? (lastError.stack ?? lastError.message) : null,
        });
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length > MAX_CRASHES_PER_MINUTE) {
          options.logger.error('the reader threads keep stopping: queries go to the writer from now on');
          return;
        }
        void spawn();
      });
    });
  }

  function send(reader: Reader, make: (id: number) => ToReader): Promise<Result<unknown> | null> {
    const id = nextId++;
    return new Promise((resolve) => {
      reader.pending.set(id, resolve);
      try {
        reader.worker.postMessage(make(id));
      } catch {
        // Not structured-cloneable: the writer gives the contract's own answer.
        reader.pending.delete(id);
        resolve(null);
      }
    });
  }

  await Promise.all(Array.from({ length: size }, () => spawn()));

  return {
    invoke(channel, input) {
      if (suspended || closed || readers.length === 0) return Promise.resolve(null);
      const leastBusy = readers.reduce((best, r) => (r.pending.size < best.pending.size ? r : best));
      return send(leastBusy, (id) => ({ type: 'invoke', id, channel, input }));
    },
    async suspend() {
      suspended = true;
      // Each answers the calls sent before this first: messages are taken in order.
      await Promise.all(readers.map((r) => send(r, (id) => ({ type: 'suspend', id }))));
    },
    async resume(key) {
      databaseKey = key;
      const reopened = await Promise.all(
        readers.map(async (r) => ({ r, result: await send(r, (id) => ({ type: 'resume', id, databaseKey })) })),
      );
      for (const { r, result } of reopened) {
        if (result?.ok) continue;
        options.logger.error('a reader could not open the database again: it was ended', { reader: r.name });
        r.ending = true;
        void r.worker.terminate();
      }
      suspended = false;
    },
    async close() {
      closed = true;
      await Promise.all(
        [...readers].map(async (r) => {
          // Closes its connection cleanly once its calls are answered, then ends.
          await send(r, (id) => ({ type: 'suspend', id }));
          r.ending = true;
          await r.worker.terminate();
        }),
      );
    },
    threadIds: () => readers.map((r) => r.worker.threadId),
    async crashReader() {
      if (!options.testHooks) throw new Error('startReaderPool was not given testHooks');
      await readers[0]?.worker.terminate();
    },
    async holdReads() {
      if (!options.testHooks) throw new Error('startReaderPool was not given testHooks');
      await Promise.all(readers.map((r) => send(r, (id) => ({ type: 'holdRead', id }))));
    },
  };
}
