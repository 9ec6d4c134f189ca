/**
 * The core's writer thread: the database's one writing connection, the sync engine, the scheduler,
 * the services and the demo simulator run here (createCore, unchanged), so a page of a sync written
 * in one synchronous transaction never blocks the thread that answers the window and the tray; the
 * pure queries go to the reader threads instead (reader.ts, readers.ts). Main talks to it only
 * through core-worker.ts, over this thread's MessagePort (protocol.ts).
 *
 * The keychain stays in main: keytar loaded in a worker that is later restarted hangs the process
 * (docs/design.md, "The core in a worker"), so secrets are asked for over the port.
 */
import v8 from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import type { AppEvent } from '../../../shared/events';
import { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import { createCore, type Core } from '../app';
import { createLogger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { Ask, FromWorker, TestAction, ToWorker, WorkerConfig } from './protocol';

const MB = 1024 * 1024;

/** The writer thread's body: entry.ts runs it for every worker whose workerData is not a reader's. */
export function runWriter(port: MessagePort, config: WorkerConfig): void {
  const post = (message: FromWorker) => port.postMessage(message);

  // Every level goes to main, whose logger filters and writes the one log file (one writer, so the
  // rotation never races). createLogger has masked registered secrets before the line leaves.
  const logger = createLogger((line) => post({ type: 'log', line }), 'debug');

  let nextAsk = 1;
  const asked = new Map<number, (result: Result<unknown>) => void>();
  async function ask<T>(question: Ask): Promise<T> {
    const id = nextAsk++;
    const result = await new Promise<Result<unknown>>((resolve) => {
      asked.set(id, resolve);
      post({ type: 'ask', id, ask: question });
    });
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
    return result.value as T;
  }

  const secrets: SecretStore = {
    get: (ref) => ask<string | null>({ op: 'secret.get', ref }),
    set: (ref, secret) => ask<void>({ op: 'secret.set', ref, secret }),
    delete: (ref) => ask<boolean>({ op: 'secret.delete', ref }),
  };

  let core: Core | null = null;
  // Messages that arrive while createCore runs (a call queued by main right after start) wait.
  const early: ToWorker[] = [];

  port.on('message', (message: ToWorker) => {
    if (message.type === 'answer') {
      asked.get(message.id)?.(message.result);
      asked.delete(message.id);
      return;
    }
    if (!core) early.push(message);
    else handle(core, message);
  });

  function handle(running: Core, message: ToWorker): void {
    switch (message.type) {
      case 'invoke':
        void running.registry
          .invoke(message.channel, message.input)
          .then((result) => post({ type: 'done', id: message.id, result }));
        return;
      case 'start':
        running.start();
        return;
      case 'openDemo':
        void running
          .openDemoIfNothingConnected()
          .then(() => post({ type: 'done', id: message.id, result: { ok: true, value: null } }));
        return;
      case 'close':
        void running.close().then(
          () => post({ type: 'done', id: message.id, result: { ok: true, value: null } }),
          (error: unknown) =>
            post({
              type: 'done',
              id: message.id,
              result: { ok: false, error: { code: 'INTERNAL', message: describe(error) } },
            }),
        );
        return;
      case 'test':
        if (config.testHooks) runTestAction(running, message.id, message.action);
        return;
      case 'answer':
        return;
    }
  }

  /** Tests only (config.testHooks): the ways a worker dies, and a long write in one transaction. */
  function runTestAction(running: Core, id: number, action: TestAction): void {
    switch (action.kind) {
      case 'throw':
        // Thrown outside any promise: Node's uncaught-exception path, as a bug in a timer would be.
        setImmediate(() => {
          throw new Error('test: an uncaught error in the core worker');
        });
        return;
      case 'exit':
        process.exit(7);
        return;
      case 'busyWrite': {
        const flag = new Int32Array(action.flag);
        const sqlite = running.ctx.sqlite;
        sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS busy_write (n INTEGER, body TEXT)');
        const insert = sqlite.prepare('INSERT INTO busy_write (n, body) VALUES (?, ?)');
        let rows = 0;
        // Synchronous, as a sync's page write is: this thread's loop is blocked until main, whose
        // loop must still be free, sets the flag.
        sqlite.transaction(() => {
          // A write on the mirror itself, held open with the rest (the readers' tests).
          if (action.renameFirstJob !== undefined)
            sqlite
              .prepare('UPDATE ascora_jobs SET job_name = ? WHERE id = (SELECT MIN(id) FROM ascora_jobs)')
              .run(action.renameFirstJob);
          insert.run(rows++, 'x'.repeat(200));
          // flag[1]: the write has begun (main waits for it before it pings).
          Atomics.store(flag, 1, 1);
          Atomics.notify(flag, 1);
          while (Atomics.load(flag, 0) === 0) insert.run(rows++, 'x'.repeat(200));
        })();
        post({ type: 'done', id, result: { ok: true, value: { rows } } });
        return;
      }
    }
  }

  function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  // No top-level await: the Electron build bundles this file as CommonJS (scripts/build-main.mjs).
  async function boot(): Promise<void> {
    let started: Core;
    // The heap this thread may use (limits.ts sets it, and with it how V8 grows it): in the log, so a
    // support bundle says what the writer ran with.
    logger.info('writer thread started', { heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / MB) });
    try {
      started = await createCore({
        dataDir: config.dataDir,
        migrationsFolder: config.migrationsFolder,
        appName: config.appName,
        demo: config.demo,
        syncPageSize: config.syncPageSize,
        checkAnswers: config.checkAnswers,
        slowQueryMs: config.slowQueryMs,
        secrets,
        logger,
        openFolder: config.canOpenFolder ? (dir) => ask<boolean>({ op: 'openFolder', dir }) : undefined,
        openFile: config.canOpenFile ? (file) => ask<boolean>({ op: 'openFile', file }) : undefined,
        suspendReaders: async () => {
          await ask<void>({ op: 'readers.suspend' });
          return () => ask<void>({ op: 'readers.resume', databaseKey: core?.ctx.databaseKey?.() ?? null });
        },
      });
    } catch (error) {
      if (!(error instanceof AppError))
        logger.error('core could not start', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      post({
        type: 'failed',
        error:
          error instanceof AppError
            ? error.toShape()
            : { code: 'INTERNAL', message: `RestoreAssist Desk could not start: ${describe(error)}` },
      });
      port.close();
      return;
    }
    core = started;
    started.events.subscribe((event: AppEvent) => post({ type: 'event', event }));
    post({ type: 'ready', databaseKey: started.ctx.databaseKey?.() ?? null });
    for (const message of early.splice(0)) handle(started, message);
  }

  void boot();
}
