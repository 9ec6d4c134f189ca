/**
 * Main's side of the core's worker thread (Signal Desktop's MainSQL shape): starts entry.ts in a
 * `worker_threads` Worker (the writer), and the reader threads beside it (readers.ts: the pure
 * queries of reader-channels.ts are answered there, on read-only connections, and never wait behind
 * the writer); forwards the other registry calls over its MessagePort with the registry's own
 * `{ok, value}` envelope, re-emits its events on a bus in this thread, answers what the worker may
 * not do itself (the keychain, opening a folder), writes its log lines, and gives both hosts (the
 * Electron shell and the browser host) the same CoreHandle as the in-process core.
 *
 * - Shutdown: close() refuses new calls (BUSY, "closing") on this side, and the worker's own core
 *   refuses and waits for the calls it is running before it closes the database.
 * - Crash (an uncaught error, process.exit in the worker, the thread terminated): every call in
 *   flight answers a clear error, the crash is logged and sent to the window ('core.crashed'), and
 *   a new worker is started. The outbox is durable; the new core's start-up recovery marks what was
 *   on the wire as an unknown outcome, looked up before any re-send. The crashed worker's SQLite
 *   connections (the data folder's lock among them) are closed by better-sqlite3 when its thread
 *   ends, before 'exit' is emitted, so the new worker can take the lock again (tests/worker).
 *
 * Electron-free, like all of main/core.
 */
import type { Worker } from 'node:worker_threads';
import type { AppEvent } from '../../../shared/events';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { CoreHandle } from '../app';
import { EventBus } from '../events';
import { createShutdownGate } from '../ipc/gate';
import { registerSecret, type Logger, type LogLevel } from '../log';
import { createAppLogger } from '../log-file';
import { createKeytarStore } from '../secrets/keytar-store';
import { forgettingReplacedKeys } from '../secrets/secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { Ask, FromWorker, TestAction, ToWorker, WorkerConfig } from './protocol';
import { answeredByReader } from './reader-channels';
import { startReaderPool, type ReaderPool } from './readers';
import { WRITER_LIMITS } from './limits';
import { startCoreThread } from './thread';

export interface CoreWorkerOptions {
  dataDir: string;
  migrationsFolder?: string;
  /** Names this copy in the data folder's lock. */
  appName?: string;
  demo?: { seed?: number; jobs?: number };
  /** Records per page a sync asks for (the engine's default otherwise). */
  syncPageSize?: number;
  /**
   * Check every answer against the contract's output schema (ipc/registry.ts): on unless told
   * otherwise; the packaged desktop app turns it off.
   */
  checkAnswers?: boolean;
  /** The OS keychain (keytar, loaded in this thread) by default. */
  secrets?: SecretStore;
  /** The log file in the data folder by default; the worker's lines are written through it. */
  logger?: Logger;
  openFolder?: (dir: string) => Promise<boolean>;
  /** Opens an attachment's copy in the OS viewer (Electron's shell.openPath). */
  openFile?: (file: string) => Promise<boolean>;
  /**
   * The bundled worker script (the Electron build's dist/main/core-worker.cjs, the bench's bundle).
   * Without it, entry.ts runs through tsx (development, tests, the browser host).
   */
  workerFile?: string;
  /** Crashes within a minute after which no new worker is started (default 3). */
  maxCrashesPerMinute?: number;
  /** Tests only: `test` on the host can crash the worker and run a long write in it. */
  testHooks?: boolean;
  /**
   * The bundled reader script (the Electron build's dist/main/core-reader.cjs, the bench's bundle).
   * Without it, reader.ts runs through tsx; given a workerFile but no readerFile, no reader starts.
   */
  readerFile?: string;
  /** Reader threads for the pure queries (readers.ts defaultReaderCount() by default); 0: none. */
  readers?: number;
  /** A query slower than this is logged with its channel and thread (SLOW_QUERY_MS by default). */
  slowQueryMs?: number;
}

export interface CoreWorkerHandle extends CoreHandle {
  dataDir: string;
  logger: Logger;
  /** Tests only (testHooks): ways to make the worker fail, and a write that holds its thread. */
  test: {
    crash(how: 'throw' | 'exit' | 'terminate'): Promise<void>;
    /**
     * Inserts rows in one synchronous transaction until flag[0] is set to 1 (Int32Array); with
     * renameFirstJob, the mirror's first job is renamed in that transaction first.
     */
    busyWrite(flag: SharedArrayBuffer, options?: { renameFirstJob?: string }): Promise<Result<unknown>>;
    /** The worker thread's id (a new one after a restart). */
    threadId(): number | null;
    /** The reader threads' ids. */
    readerThreadIds(): number[];
    /** Every reader begins a read transaction and keeps it open until it is suspended or closed. */
    holdReads(): Promise<void>;
    /** Ends a reader's thread as a crash would. */
    crashReader(): Promise<void>;
  };
}

export const CRASHED_CALL_MESSAGE =
  'RestoreAssist Desk stopped unexpectedly while doing this, and has started again. Everything saved before is kept; ' +
  'check whether this change was saved, and try again if it was not.';
export const CRASH_NOTICE =
  'RestoreAssist Desk stopped unexpectedly and has started again. Everything you saved is kept, and changes waiting to be sent ' +
  'will still be sent (a change that was on its way to Ascora is checked there first, so it is never sent twice).';
export const STOPPED_MESSAGE =
  'RestoreAssist Desk stopped unexpectedly and could not start again. Quit it and start it again; everything you saved is kept. ' +
  'The details are in the log.';

const CRASH_WINDOW_MS = 60_000;

export async function startCoreWorker(options: CoreWorkerOptions): Promise<CoreWorkerHandle> {
  const logger = options.logger ?? createAppLogger(options.dataDir);
  const secrets = forgettingReplacedKeys(options.secrets ?? createKeytarStore());
  const maxCrashes = options.maxCrashesPerMinute ?? 3;
  const events = new EventBus();
  const gate = createShutdownGate();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let worker: Worker | null = null;
  /** The mirror's key, from the writer's ready message: the reader threads open the mirror with it. */
  let databaseKey: Uint8Array | null = null;
  /** Settles when the current worker is ready (or could not start). */
  let ready: Promise<void>;
  let stopped = false;
  let closing = false;
  /** Set once the core has closed: the thread's end is then no crash. */
  let finished = false;
  let scheduled = false;
  const crashes: number[] = [];

  const config: WorkerConfig = {
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    appName: options.appName,
    demo: options.demo,
    syncPageSize: options.syncPageSize,
    checkAnswers: options.checkAnswers,
    canOpenFolder: options.openFolder !== undefined,
    canOpenFile: options.openFile !== undefined,
    testHooks: options.testHooks === true,
    slowQueryMs: options.slowQueryMs,
  };

  /** Starts a worker; resolves when its core is open, rejects with the core's own error. */
  function spawn(): Promise<void> {
    const w = startCoreThread({ bundled: options.workerFile, source: 'entry.ts' }, config, WRITER_LIMITS);
    worker = w;
    let lastError: unknown = null;
    let settled = false;
    let failedToStart = false;
    return new Promise<void>((resolve, reject) => {
      w.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            settled = true;
            databaseKey = message.databaseKey;
            resolve();
            return;
          case 'failed':
            settled = true;
            failedToStart = true;
            reject(new AppError(message.error.code, message.error.message, message.error.details));
            return;
          case 'done':
            pending.get(message.id)?.(message.result);
            pending.delete(message.id);
            return;
          case 'event':
            emit(message.event);
            return;
          case 'log':
            writeLine(message.line);
            return;
          case 'ask':
            void answer(w, message.id, message.ask);
            return;
        }
      });
      w.on('error', (error) => {
        lastError = error;
      });
      w.once('exit', (code) => {
        if (worker === w) worker = null;
        // Closed by close(), or ended after saying why it could not open the core: no crash.
        if (finished || failedToStart) return;
        if (!settled) {
          // Died while opening the core: the start (or the restart) fails with what is known.
          settled = true;
          reject(
            lastError instanceof Error
              ? lastError
              : new Error(`the core's worker thread ended (exit code ${code}) before it was ready`),
          );
          return;
        }
        onCrash(code, lastError);
      });
    });
  }

  function emit(event: AppEvent): void {
    events.emit(event.name, event.payload as never);
  }

  function writeLine(line: string): void {
    try {
      const {
        level,
        message,
        time: _time,
        ...fields
      } = JSON.parse(line) as { level: LogLevel; message: string; time?: string };
      logger.log(level, message, fields);
    } catch {
      logger.warn('unreadable log line from the core worker');
    }
  }

  /** What only main does: the keychain (keytar stays loaded in this thread), opening a folder. */
  async function answer(w: Worker, id: number, ask: Ask): Promise<void> {
    let result: Result<unknown>;
    try {
      let value: unknown;
      switch (ask.op) {
        case 'secret.get':
          value = await secrets.get(ask.ref);
          if (typeof value === 'string') registerSecret(value);
          break;
        case 'secret.set':
          registerSecret(ask.secret);
          value = await secrets.set(ask.ref, ask.secret);
          break;
        case 'secret.delete':
          value = await secrets.delete(ask.ref);
          break;
        case 'openFolder':
          value = options.openFolder ? await options.openFolder(ask.dir) : false;
          break;
        case 'openFile':
          value = options.openFile ? await options.openFile(ask.file) : false;
          break;
        case 'readers.suspend':
          await readers?.suspend();
          break;
        case 'readers.resume':
          await readers?.resume(ask.databaseKey);
          break;
      }
      result = { ok: true, value: value ?? null };
    } catch (error) {
      result = { ok: false, error: shapeOf(error) };
    }
    w.postMessage({ type: 'answer', id, result } satisfies ToWorker);
  }

  function onCrash(code: number, error: unknown): void {
    const inFlight = [...pending.values()];
    pending.clear();
    for (const resolve of inFlight) resolve({ ok: false, error: { code: 'INTERNAL', message: CRASHED_CALL_MESSAGE } });
    logger.error('the core worker stopped unexpectedly', {
      exitCode: code,
      callsInFlight: inFlight.length,
      error: error instanceof Error ? (error.stack ?? error.message) : error === null ? null : String(error),
    });
    // Closing: the close finishes on its own (the database is gone with the thread).
    if (closing) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > maxCrashes) {
      stopped = true;
      logger.error('the core worker keeps stopping: not started again', { crashesInLastMinute: crashes.length });
      emit({ name: 'core.crashed', payload: { message: STOPPED_MESSAGE, restarted: false } });
      return;
    }
    ready = spawn().then(
      () => {
        logger.info('the core worker was started again');
        if (scheduled) post({ type: 'start' });
        emit({ name: 'core.crashed', payload: { message: CRASH_NOTICE, restarted: true } });
      },
      (restartError: unknown) => {
        stopped = true;
        logger.error('the core worker could not be started again', {
          error: restartError instanceof Error ? restartError.message : String(restartError),
        });
        emit({ name: 'core.crashed', payload: { message: STOPPED_MESSAGE, restarted: false } });
      },
    );
  }

  function post(message: ToWorker): boolean {
    if (!worker) return false;
    worker.postMessage(message);
    return true;
  }

  /** One request to the worker; a crash answers it (onCrash), so it never hangs. */
  async function request(make: (id: number) => ToWorker): Promise<Result<unknown>> {
    await ready.catch(() => undefined);
    if (stopped || !worker) return { ok: false, error: { code: 'INTERNAL', message: STOPPED_MESSAGE } };
    const id = nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      try {
        post(make(id));
      } catch (error) {
        // Not structured-cloneable (a function, a symbol): the contract accepts only plain data.
        pending.delete(id);
        resolve({
          ok: false,
          error: {
            code: 'VALIDATION',
            message: `The request could not be read (${error instanceof Error ? error.message : String(error)}).`,
          },
        });
      }
    });
  }

  ready = spawn();
  try {
    await ready;
  } catch (error) {
    // The worker ends itself after 'failed'; make sure, so a refused start leaves no thread behind.
    await (worker as Worker | null)?.terminate();
    throw error;
  }

  // The writer has created and migrated the database: the readers open it read-only.
  let readers: ReaderPool | null = null;
  if (options.readers !== 0 && (options.readerFile !== undefined || options.workerFile === undefined)) {
    try {
      readers = await startReaderPool({
        dataDir: options.dataDir,
        databaseKey,
        size: options.readers,
        readerFile: options.readerFile,
        slowQueryMs: options.slowQueryMs,
        testHooks: config.testHooks,
        logger,
        writeLine,
      });
    } catch (error) {
      logger.error('the reader threads could not start: queries go to the writer', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** A pure query to a reader (reader-channels.ts); the writer answers what no reader can take. */
  async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    if (readers && answeredByReader(channel)) {
      const answer = await readers.invoke(channel, input);
      if (answer) return answer;
    }
    return request((id) => ({ type: 'invoke', id, channel, input }));
  }

  let closed: Promise<void> | null = null;
  return {
    dataDir: options.dataDir,
    logger,
    events,
    registry: {
      invoke: (channel, input) => gate.run(() => invoke(channel, input)),
    },
    start() {
      scheduled = true;
      void ready.then(
        () => post({ type: 'start' }),
        () => undefined,
      );
    },
    async openDemoIfNothingConnected() {
      await gate.run(() => request((id) => ({ type: 'openDemo', id })));
    },
    close() {
      closed ??= (async () => {
        gate.close();
        // A restart under way finishes first, so the new core is closed properly too.
        await ready.catch(() => undefined);
        // The readers first (their calls answered), so the writer's connection is the last and
        // its close checkpoints and removes the WAL.
        await readers?.close();
        closing = true;
        const w = worker;
        if (!w) return;
        const exited = new Promise((resolve) => w.once('exit', resolve));
        // The worker's core refuses new calls, stops the scheduler and the sync, waits for its
        // calls in flight (their answers come back before this one) and closes the database.
        const result = await request((id) => ({ type: 'close', id }));
        if (!result.ok) logger.error('the core did not close cleanly', { message: result.error.message });
        await gate.drained();
        finished = true;
        await w.terminate();
        await exited;
      })();
      return closed;
    },
    test: {
      async crash(how) {
        if (!config.testHooks) throw new Error('startCoreWorker was not given testHooks');
        const w = worker;
        if (!w) throw new Error('no core worker is running');
        if (how === 'terminate') await w.terminate();
        else post({ type: 'test', id: 0, action: { kind: how } as TestAction });
      },
      async busyWrite(flag, busy) {
        if (!config.testHooks) throw new Error('startCoreWorker was not given testHooks');
        return request((id) => ({
          type: 'test',
          id,
          action: { kind: 'busyWrite', flag, renameFirstJob: busy?.renameFirstJob },
        }));
      },
      threadId: () => worker?.threadId ?? null,
      readerThreadIds: () => readers?.threadIds() ?? [],
      async crashReader() {
        if (!config.testHooks) throw new Error('startCoreWorker was not given testHooks');
        await readers?.crashReader();
      },
      async holdReads() {
        if (!config.testHooks) throw new Error('startCoreWorker was not given testHooks');
        await readers?.holdReads();
      },
    },
  };
}

function shapeOf(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'INTERNAL', message: 'Something went wrong in RestoreAssist Desk. The details are in the log.' };
}
