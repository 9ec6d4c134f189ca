/**
 * A reader thread (Signal Desktop's reader pool in ts/sql/main.ts): a read-only connection of its
 * own to the mirror, answering the pure queries of reader-channels.ts, so a list never waits behind
 * the writer's transaction (a sync's page) or its thread. WAL lets it read the last committed state
 * while the writer writes. Main talks to it through readers.ts; it never writes, never holds the
 * data folder's lock (the writer does), and never asks for a secret.
 *
 * This file is the reader thread's script (the Electron build bundles it as dist/main/core-reader.cjs):
 * started with a reader's workerData, it runs runReader; imported, it only exports.
 */
import { drizzle } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { systemClock } from '../clock';
import type { CoreContext } from '../context';
import { openConnection } from '../db/connection';
import * as schema from '../db/schema';
import type { Sqlite } from '../db/types';
import { EventBus } from '../events';
import { createRegistry, type Registry } from '../ipc/registry';
import type { HandlerMap } from '../ipc/types';
import { createLogger, type Logger } from '../log';
import { DATABASE_FILE } from '../paths';
import { markForWholeCheck } from '../db/open';
import type { SecretStore } from '../secrets/secret-store';
import { createConflictService } from '../services/conflicts';
import { createCustomerRelatedService } from '../services/customer-related';
import { createCustomerService } from '../services/customers';
import { createDashboardService } from '../services/dashboard';
import { createExportService } from '../services/export';
import { createInvoiceService } from '../services/invoices';
import { createJobService } from '../services/jobs';
import { createLogService } from '../services/logs';
import { createProblemService } from '../services/problems';
import { createReportService } from '../services/reports';
import type { FromReader, ReaderConfig, ToReader } from './protocol';
import { isQuery, READER_CHANNELS, SLOW_QUERY_MS } from './reader-channels';

/** A reader reads: anything that would need a key or a write is the writer's. */
const noSecrets: SecretStore = {
  get: () => Promise.reject(new Error('a reader thread has no access to the keychain')),
  set: () => Promise.reject(new Error('a reader thread has no access to the keychain')),
  delete: () => Promise.reject(new Error('a reader thread has no access to the keychain')),
};

/** The handlers of READER_CHANNELS over a reader's context, and no others. */
export function createReaderHandlers(ctx: CoreContext): HandlerMap {
  const all: HandlerMap = {
    ...createJobService(ctx).handlers,
    ...createCustomerService(ctx, {
      clientFor: () => Promise.reject(new Error('a reader thread does not talk to Ascora')),
    }).handlers,
    ...createCustomerRelatedService(ctx).handlers,
    ...createInvoiceService(ctx).handlers,
    ...createDashboardService(ctx).handlers,
    ...createLogService(ctx).handlers,
    ...createConflictService(ctx).handlers,
    ...createReportService(ctx).handlers,
    ...createExportService(ctx).handlers,
    ...createProblemService(ctx).handlers,
  };
  const handlers: HandlerMap = {};
  for (const channel of READER_CHANNELS) {
    const handler = all[channel];
    if (!handler) throw new Error(`reader-channels.ts names ${channel}, which no reader service answers`);
    (handlers as Record<string, unknown>)[channel] = handler;
  }
  return handlers;
}

/** Opens the mirror read-only (the writer created and migrated it), links followed as the writer's lock does. */
export function openReaderConnection(dataDir: string, databaseKey: Uint8Array | null): Sqlite {
  const file = fs.realpathSync(path.join(dataDir, DATABASE_FILE));
  const key = databaseKey ? Buffer.from(databaseKey) : null;
  const sqlite = openConnection(file, { key, readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function createReaderRegistry(
  sqlite: Sqlite,
  dataDir: string,
  logger: Logger,
  slowQuery: { name: string; thresholdMs?: number },
): Registry {
  const ctx: CoreContext = {
    db: drizzle(sqlite, { schema }),
    sqlite,
    dataDir,
    // Nothing a reader answers announces a change.
    events: new EventBus(),
    secrets: noSecrets,
    clock: systemClock,
    logger,
  };
  return createRegistry(createReaderHandlers(ctx), {
    logger,
    slowQueries: { isQuery, thresholdMs: slowQuery.thresholdMs ?? SLOW_QUERY_MS, thread: slowQuery.name },
    onCorruption: () => markForWholeCheck(fs.realpathSync(path.join(dataDir, DATABASE_FILE))),
  });
}

/** The reader thread's body: this file runs it when it is a reader thread's script. */
export function runReader(port: MessagePort, config: ReaderConfig): void {
  const post = (message: FromReader) => port.postMessage(message);
  // Lines go to main's logger, which writes the one log file (as the writer's do).
  const logger = createLogger((line) => post({ type: 'log', line }), 'debug');
  let sqlite: Sqlite | null = null;
  let registry: Registry | null = null;

  let databaseKey = config.databaseKey;
  const open = () => {
    sqlite = openReaderConnection(config.dataDir, databaseKey);
    registry = createReaderRegistry(sqlite, config.dataDir, logger, {
      name: config.name,
      thresholdMs: config.slowQueryMs,
    });
  };
  const close = () => {
    registry = null;
    if (sqlite?.open) sqlite.close();
    sqlite = null;
  };

  port.on('message', (message: ToReader) => {
    switch (message.type) {
      case 'invoke': {
        // Main sends nothing here while suspended (readers.ts); answered plainly if it ever does.
        if (!registry) {
          post({
            type: 'done',
            id: message.id,
            result: { ok: false, error: new AppError('BUSY', 'The reader is closed for a moment.').toShape() },
          });
          return;
        }
        void registry
          .invoke(message.channel, message.input)
          .then((result) => post({ type: 'done', id: message.id, result }));
        return;
      }
      case 'suspend':
        close();
        post({ type: 'done', id: message.id, result: { ok: true, value: null } });
        return;
      case 'holdRead':
        if (!config.testHooks || !sqlite) return;
        sqlite.exec('BEGIN');
        sqlite.prepare('SELECT COUNT(*) FROM ascora_jobs').get();
        post({ type: 'done', id: message.id, result: { ok: true, value: null } });
        return;
      case 'resume':
        databaseKey = message.databaseKey;
        try {
          open();
          post({ type: 'done', id: message.id, result: { ok: true, value: null } });
        } catch (error) {
          post({ type: 'done', id: message.id, result: { ok: false, error: shapeOf(error) } });
        }
        return;
    }
  });

  try {
    open();
  } catch (error) {
    post({ type: 'failed', error: shapeOf(error) });
    port.close();
    return;
  }
  post({ type: 'ready' });
}

function shapeOf(error: unknown) {
  return new AppError(
    'STORAGE',
    `A reader could not open the database (${error instanceof Error ? error.message : String(error)}).`,
  ).toShape();
}

if (parentPort && (workerData as Partial<ReaderConfig> | null)?.role === 'reader')
  runReader(parentPort, workerData as ReaderConfig);
