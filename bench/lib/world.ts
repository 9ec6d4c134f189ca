/**
 * The app's side of a benchmark: the real mirror file in a data folder (opened and migrated as the
 * app opens it), a core context over it, the real Ascora client and sync engine, one integration
 * row pointing at the simulator. Built as tests/support/sync.ts builds its world, on the system
 * clock.
 */
import path from 'node:path';
import { createAscoraClient } from '../../main/core/ascora/client';
import { systemClock } from '../../main/core/clock';
import type { CoreContext } from '../../main/core/context';
import { openDatabase, type OpenedDatabase } from '../../main/core/db/open';
import { ascoraIntegrations } from '../../main/core/db/schema';
import type { Sqlite } from '../../main/core/db/types';
import { EventBus } from '../../main/core/events';
import { silentLogger } from '../../main/core/log';
import { DATABASE_FILE } from '../../main/core/paths';
import { benchDatabaseKey, benchSecretStore } from './database-key';
import { createSyncEngine, type SyncEngine } from '../../main/core/sync/engine';
import type { SimEndpoint } from './sim-control';

export interface World {
  ctx: CoreContext;
  opened: OpenedDatabase;
  engine: SyncEngine;
  integrationId: number;
  close(): void;
}

export const BENCH_KEYCHAIN_REF = 'ascora:bench';

export function openWorld(dataDir: string, sim: SimEndpoint, pageSize: number, migrationsFolder: string): World {
  const opened = openDatabase({ file: path.join(dataDir, DATABASE_FILE), migrationsFolder, key: benchDatabaseKey() });
  const ctx: CoreContext = {
    db: opened.db,
    sqlite: opened.sqlite,
    dataDir,
    events: new EventBus(),
    secrets: benchSecretStore(),
    clock: systemClock,
    logger: silentLogger,
  };
  const existing = ctx.db.select({ id: ascoraIntegrations.id }).from(ascoraIntegrations).get();
  const integrationId =
    existing?.id ??
    ctx.db
      .insert(ascoraIntegrations)
      .values({ displayName: 'Bench office', baseUrl: sim.url, keychainRef: BENCH_KEYCHAIN_REF })
      .returning()
      .get().id;
  const engine = createSyncEngine(ctx, {
    getClient: async () =>
      createAscoraClient({ baseUrl: sim.url, apiKey: sim.apiKey, clock: systemClock, logger: silentLogger }),
    pageSize,
  });
  return { ctx, opened, engine, integrationId, close: () => opened.close() };
}

const RECORD_TABLES = ['ascora_jobs', 'ascora_customers', 'ascora_invoices'] as const;

export interface WriteCounter {
  /** Rows inserted, updated or deleted in the record tables since the last reset, per table. */
  recordRows(): Record<string, number>;
  /** SQLite's total_changes() since the last reset: every row written, triggers (FTS) included. */
  totalChanges(): number;
  reset(): void;
}

/**
 * Counts rows written with SQLite's own counters: total_changes() for everything, and TEMP
 * triggers (this connection only, nothing stored in the file) for the three record tables.
 */
export function countWrites(sqlite: Sqlite): WriteCounter {
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS bench_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  for (const table of RECORD_TABLES) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS bench_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table} BEGIN ` +
          `INSERT INTO bench_writes (tbl, n) VALUES ('${table}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1; END`,
      );
    }
  }
  const total = sqlite.prepare('SELECT total_changes() AS n');
  const read = sqlite.prepare('SELECT tbl, n FROM bench_writes');
  let base = 0;
  const counter: WriteCounter = {
    recordRows() {
      const out: Record<string, number> = Object.fromEntries(RECORD_TABLES.map((t) => [t, 0]));
      for (const row of read.all() as { tbl: string; n: number }[]) out[row.tbl] = row.n;
      return out;
    },
    totalChanges() {
      // The counter table's own rows are left out.
      const own = Object.values(counter.recordRows()).reduce((a, b) => a + b, 0);
      return (total.get() as { n: number }).n - base - own;
    },
    reset() {
      sqlite.exec('DELETE FROM bench_writes');
      base = (total.get() as { n: number }).n;
    },
  };
  counter.reset();
  return counter;
}
