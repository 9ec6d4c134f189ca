/**
 * The composition root of the core: opens the mirror, builds the services and the registry every
 * transport calls. The Electron shell and the browser host both start the app through createCore,
 * so they run exactly the same code.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from './clock';
import type { CoreContext } from './context';
import { loadDatabaseKey, renewDatabaseKey } from './db/database-key';
import { lockDatabase } from './db/lock';
import { markForWholeCheck, openDatabase } from './db/open';
import { pushConnectionStatus } from './connection-status';
import { EventBus } from './events';
import { createShutdownGate } from './ipc/gate';
import { createRegistry, type Registry } from './ipc/registry';
import { composeHandlers, type HandlerTable } from './ipc/types';
import type { Logger } from './log';
import { createAppLogger } from './log-file';
import { DATABASE_FILE, DEMO_STATE_FILE } from './paths';
import { makeDataFolderPrivate, makePrivateDir, syncFolderOf } from './private-files';
import { createKeytarStore } from './secrets/keytar-store';
import { forgettingReplacedKeys, type SecretStore } from './secrets/secret-store';
import {
  fileKeyFor,
  fileKeySource,
  sealIfKeyed,
  sealPlainFile,
  unseal,
  UnsealError,
  type FileKey,
  type FileKeySource,
} from './sealed-files';
import { createAttachmentService, prepareAttachmentFiles, removeOpenedCopies } from './services/attachments';
import { createCustomerRelatedService } from './services/customer-related';
import { createConflictService } from './services/conflicts';
import { createCustomerService } from './services/customers';
import { createDashboardService } from './services/dashboard';
import { createIntegrationService, type DemoWorkspace, type IntegrationService } from './services/integrations';
import { createInvoiceService } from './services/invoices';
import { createJobFromReportService } from './services/job-from-report';
import { createExportService } from './services/export';
import { createLocalOnlyService } from './services/local-only';
import { createJobService } from './services/jobs';
import { createLogService } from './services/logs';
import { createMissingRecordService } from './services/missing-records';
import { createPaymentService } from './services/payments';
import { createReportService } from './services/reports';
import { createSettingsService, officeTimeZone } from './services/settings';
import { createHeldCustomerService } from './services/held-customers';
import { createSyncService } from './services/sync';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { createScheduler, type Scheduler } from './sync/schedule';
import { unsupportedUpdateHandlers } from './updates/unsupported';
import { normalRecoveryHandlers } from './recovery/recovery-core';
import { isQuery, SLOW_QUERY_MS } from './worker/reader-channels';
import { startSimulator, type RunningSimulator, type StateFormat } from '../../sim/server';

export interface CoreOptions {
  dataDir: string;
  migrationsFolder?: string;
  /** The OS keychain by default. */
  secrets?: SecretStore;
  /** The rotating log file in the data folder, and stderr, by default (log-file.ts). */
  logger?: Logger;
  /** Opens a folder in the system's file manager (Electron's shell.openPath); a browser cannot. */
  openFolder?: (dir: string) => Promise<boolean>;
  /** Opens an attachment's copy in the OS viewer (Electron's shell.openPath); a browser cannot. */
  openFile?: (file: string) => Promise<boolean>;
  clock?: Clock;
  /** Size of the demo workspace's data set. */
  demo?: { seed?: number; jobs?: number };
  /** Names this copy in the data folder's lock, for the message a second copy shows. */
  appName?: string;
  /** Records per page a sync asks Ascora for (the engine's default otherwise; the bench uses 1000). */
  syncPageSize?: number;
  /**
   * Check every answer against the contract's output schema (ipc/registry.ts): on unless told
   * otherwise; the packaged desktop app turns it off.
   */
  checkAnswers?: boolean;
  /**
   * Closes the reader threads' connections until the returned resume is called (worker/readers.ts,
   * asked over the worker's port): a wipe holds the database's files alone. None in process.
   */
  suspendReaders?: () => Promise<() => Promise<void>>;
  /** A query slower than this is logged with its channel (SLOW_QUERY_MS by default). */
  slowQueryMs?: number;
}

/**
 * What a host (the Electron shell, the browser host) uses of the core, wherever it runs: in this
 * thread (createCore) or in a worker thread (worker/core-worker.ts, startCoreWorker).
 */
export interface CoreHandle {
  registry: Pick<Registry, 'invoke'>;
  events: EventBus;
  /** Starts background work: a sync of every connection whose schedule is on, then the scheduler. */
  start(): void;
  /** Opens the demo workspace when no Ascora account is connected yet. */
  openDemoIfNothingConnected(): Promise<void>;
  /**
   * Refuses new calls (BUSY), stops background work, waits for the calls and the sync in flight,
   * closes the database.
   */
  close(): Promise<void>;
}

export interface Core extends CoreHandle {
  ctx: CoreContext;
  registry: Registry;
}

export interface HandlerDeps {
  integrations: IntegrationService;
  engine: SyncEngine;
  scheduler: Scheduler;
  openFolder?: (dir: string) => Promise<boolean>;
  openFile?: (file: string) => Promise<boolean>;
}

/**
 * Every channel's handler over one context: the app and the reliability tests compose them alike.
 * Each service offers its part; a channel handled by two parts, or by none, does not compile
 * (ipc/types.ts composeHandlers; tests/contract/handlers.typecheck.ts).
 */
export function createHandlers(ctx: CoreContext, deps: HandlerDeps): HandlerTable {
  const jobs = createJobService(ctx);
  const customers = createCustomerService(ctx, { clientFor: (id) => deps.engine.clientFor(id) });
  return composeHandlers(
    deps.integrations.handlers,
    createSettingsService(ctx, { openFolder: deps.openFolder }).handlers,
    createSyncService(ctx, deps.engine, deps.scheduler).handlers,
    createHeldCustomerService(ctx, { clientFor: (id) => deps.engine.clientFor(id) }).handlers,
    jobs.handlers,
    createAttachmentService(ctx, { openFile: deps.openFile }).handlers,
    createJobFromReportService(ctx, jobs).handlers,
    customers.handlers,
    createMissingRecordService(ctx, { getCustomer: customers.get }).handlers,
    createCustomerRelatedService(ctx).handlers,
    createConflictService(ctx).handlers,
    createReportService(ctx).handlers,
    createInvoiceService(ctx).handlers,
    createPaymentService(ctx).handlers,
    createLogService(ctx).handlers,
    createDashboardService(ctx).handlers,
    createExportService(ctx).handlers,
    createLocalOnlyService(ctx, { openFolder: deps.openFolder }).handlers,
    unsupportedUpdateHandlers,
    normalRecoveryHandlers(ctx.dataDir),
  );
}

export async function createCore(options: CoreOptions): Promise<Core> {
  makePrivateDir(options.dataDir);
  const logger = options.logger ?? createAppLogger(options.dataDir);
  const secrets = forgettingReplacedKeys(options.secrets ?? createKeytarStore());
  const file = path.join(options.dataDir, DATABASE_FILE);
  // The lock first: the key is looked up (and made, the first time) by the one copy that holds it.
  const lock = lockDatabase(file, options.appName ?? 'RestoreAssist Desk');
  let loaded;
  try {
    loaded = await loadDatabaseKey(secrets, lock.realFile, logger);
  } catch (error) {
    lock.release();
    throw error;
  }
  const opened = openDatabase({ file, migrationsFolder: options.migrationsFolder, logger, lock, key: loaded.key });
  let databaseKey = loaded.key;
  const fileKey = fileKeySource(() => databaseKey);
  sealLocalFiles(options.dataDir, loaded.key ? fileKeyFor(loaded.key) : null, logger);
  // New files are created private; this narrows what an older version left, and the backup copy
  // SQLite has just written (VACUUM INTO creates it with the default mode).
  makeDataFolderPrivate(options.dataDir);
  // Events wait for the write they announce to commit: a screen reloading from a reader sees it.
  const events = new EventBus({ inTransaction: () => opened.sqlite.inTransaction });
  const ctx: CoreContext = {
    db: opened.db,
    sqlite: opened.sqlite,
    dataDir: options.dataDir,
    events,
    secrets,
    localCopy: loaded.protection,
    renewDatabaseKey: loaded.key
      ? async () => {
          databaseKey = await renewDatabaseKey(secrets, lock.realFile, opened.sqlite);
        }
      : undefined,
    databaseKey: () => databaseKey,
    clock: options.clock ?? systemClock,
    logger,
  };

  // The demo workspace: the simulator inside the app, on 127.0.0.1, started on first use.
  let demo: Promise<RunningSimulator> | null = null;
  const startDemo = async (): Promise<DemoWorkspace> => {
    // The demo's Ascora is kept beside the database, so what was pushed to it survives a restart.
    // It serves the Ascora endpoints only (no /__sim/ control or state routes), to a key made for
    // this launch and never written down (the integration asks startDemo for it): another process
    // on this computer cannot read what a person typed into the demo, or inject data into it.
    demo ??= startSimulator({
      port: 0,
      seed: options.demo?.seed ?? 7,
      jobs: options.demo?.jobs ?? 2000,
      stateFile: demoStateFile,
      controlRoutes: false,
      apiKey: randomBytes(32).toString('base64url'),
      stateFormat: demoStateFormat(fileKey, logger),
    });
    const running = await demo;
    return { url: running.url, apiKey: running.apiKey };
  };

  const demoStateFile = path.join(options.dataDir, DEMO_STATE_FILE);
  const forgetDemo = async (): Promise<void> => {
    const running = demo;
    demo = null;
    // Stopped first: a demo saves its state when it stops.
    if (running) await (await running.catch(() => null))?.close();
    fs.rmSync(demoStateFile, { force: true });
  };

  const integrations = createIntegrationService(ctx, {
    startDemo,
    forgetDemo,
    stopSync: (id) => engine.abort(id),
    suspendReaders: options.suspendReaders,
  });
  const engine = createSyncEngine(ctx, {
    getClient: (id) => integrations.getClientFor(id),
    pageSize: options.syncPageSize,
    // A copy whose lock file was removed or replaced under it may share the outbox with another.
    assertStillOwner: () => opened.assertLockHeld(),
    officeTimeZone: () => officeTimeZone(ctx.db),
  });
  // A push cut off by the last exit is looked up before it is sent again (the lock is held:
  // openDatabase took it, so no other process's items in flight are touched).
  engine.recoverAfterCrash();
  const scheduler = createScheduler(ctx, engine, {
    readiness: (id) => integrations.readiness(id),
    probe: (id) => integrations.probe(id),
  });
  const handlers = createHandlers(ctx, {
    integrations,
    engine,
    scheduler,
    openFolder: options.openFolder,
    openFile: options.openFile,
  });
  const statusPush = pushConnectionStatus(events, () => integrations.list());
  const inner = createRegistry(handlers, {
    logger,
    checkAnswers: options.checkAnswers,
    slowQueries: { isQuery, thresholdMs: options.slowQueryMs ?? SLOW_QUERY_MS, thread: 'writer' },
    onCorruption: () => markForWholeCheck(lock.realFile),
  });
  const gate = createShutdownGate();
  const registry: Registry = {
    has: inner.has,
    invoke: (channel, input) => gate.run(() => inner.invoke(channel, input)),
  };

  return {
    ctx,
    registry,
    events,
    start() {
      // The start-up sync (joins the demo's first sync when openDemoIfNothingConnected started one).
      void scheduler
        .signal('startup')
        .catch((error: unknown) =>
          logger.warn('start-up sync did not start', { error: error instanceof Error ? error.message : String(error) }),
        );
      scheduler.startTimer();
    },
    async openDemoIfNothingConnected() {
      const list = await registry.invoke('integration.list', {});
      if (list.ok && (list.value as unknown[]).length === 0) {
        const opened = await registry.invoke('integration.openDemo', {});
        if (!opened.ok) logger.warn('demo workspace did not open', { message: opened.error.message });
        // As the Connect screen does: a new workspace starts its first sync at once (a run logs its own failure).
        else void engine.syncNow((opened.value as { id: number }).id);
      }
    },
    async close() {
      gate.close();
      statusPush.stop();
      await scheduler.stopTimer();
      // Quit does not wait out a backoff: the run stops between items, and what was on the wire
      // is looked up at the next start. A follow-up queued behind it never starts, nor does a run
      // asked for from now on.
      await engine.shutDown();
      // A call admitted before closing (an edit being saved, a connection being tested) ends
      // before the database closes under it.
      await gate.drained();
      await engine.idle();
      if (demo) await (await demo).close();
      removeOpenedCopies(options.dataDir, logger);
      opened.close();
    },
  };
}

/**
 * At start, with the lock held and before anything reads them: the files beside the mirror that
 * hold customer data are brought to the mirror's state. With a key, plain ones (from before
 * encryption, or a start without a keychain) are encrypted in place, crash-safely; leftovers of
 * cut-off writes and the copies given to the OS viewer last time go. A file that cannot be
 * converted is logged and left (still the person's data); the app starts.
 */
function sealLocalFiles(dataDir: string, key: FileKey | null, logger: Logger): void {
  try {
    prepareAttachmentFiles(dataDir, key, logger);
    const demoState = path.join(dataDir, DEMO_STATE_FILE);
    // A save the simulator cut off before its rename (written plain by versions before this one).
    fs.rmSync(`${demoState}.tmp`, { force: true });
    if (key && fs.existsSync(demoState) && sealPlainFile(demoState, key, DEMO_STATE_FILE)) {
      syncFolderOf(demoState);
      logger.info("demo workspace's saved state encrypted");
    }
  } catch (error) {
    logger.warn('files beside the local copy could not all be prepared', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The demo's saved Ascora, kept as attachments are: sealed with the file key, plain without one. */
function demoStateFormat(fileKey: FileKeySource, logger: Logger): StateFormat {
  return {
    toDisk: (json) => sealIfKeyed(Buffer.from(json, 'utf8'), fileKey(), DEMO_STATE_FILE),
    fromDisk: (bytes) => {
      try {
        return unseal(bytes, fileKey(), DEMO_STATE_FILE).toString('utf8');
      } catch (error) {
        if (error instanceof UnsealError)
          logger.warn("demo workspace's saved state refused: the demo starts from its seed", { reason: error.reason });
        throw error;
      }
    },
  };
}
