/**
 * Connections to Ascora accounts. The API key is tested with a real call, then kept in the OS
 * keychain under a reference stored in the row; only main ever reads it back. The demo workspace
 * is a simulator started inside the app; its key is public, so it needs no keychain.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { wipeNameMatches, type IntegrationStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { AscoraError } from '../ascora/errors';
import type { RetryPolicy } from '../ascora/backoff';
import { ASCORA_BASE_URL, checkBaseUrl, createAscoraClient } from '../ascora/client';
import type { AscoraClient } from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { backupsDir, wipeIntegrationFromBackups } from '../db/backups';
import { damagedDir } from '../recovery/recovery-core';
import { scrubDeletedData } from '../db/private';
import { ascoraCustomers, ascoraIntegrations, ascoraJobs, ascoraSyncSchedules, conflicts, outbox } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { needsPersonCount } from './attention';
import { attachmentsDir, removeAttachmentFolders, removeOpenedCopies } from './attachments';
import { assertNever } from '../../../shared/assert-never';

export interface DemoWorkspace {
  url: string;
  apiKey: string;
}

export interface IntegrationDeps {
  clientFactory?: (options: { baseUrl: string; apiKey: string; retry?: Partial<RetryPolicy> }) => AscoraClient;
  /** Starts (or returns the running) demo simulator. */
  startDemo?: () => Promise<DemoWorkspace>;
  /** Stops a running sync of the connection (the engine's abort): before its key goes or changes. */
  stopSync?: (integrationId: number) => Promise<void>;
  /**
   * Closes the readers' connections to the database (worker/readers.ts) until the returned resume
   * is called: a wipe deletes files and empties the WAL with no other connection holding them open.
   */
  suspendReaders?: () => Promise<() => Promise<void>>;
  /** Stops the demo's simulator and deletes its saved state (demo-ascora.json): the demo is wiped. */
  forgetDemo?: () => Promise<void>;
}

type IntegrationRow = typeof ascoraIntegrations.$inferSelect;

const DEMO_REF_PREFIX = 'demo:';
/**
 * A new connection syncs by itself every 15 minutes (changeable in the Sync centre). Connections
 * made before this was the default keep the schedule their person left them with.
 */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

export function createIntegrationService(ctx: CoreContext, deps: IntegrationDeps = {}) {
  const makeClient =
    deps.clientFactory ??
    ((o: { baseUrl: string; apiKey: string; retry?: Partial<RetryPolicy> }) =>
      createAscoraClient({ ...o, clock: ctx.clock, logger: ctx.logger }));

  /**
   * Wiped means gone from this computer: the rows (everything cascades), the attachment files of
   * its jobs, and the deleted text from the database file and the WAL.
   */
  function wipeConnection(integrationId: number): void {
    const jobIds = ctx.db
      .select({ id: ascoraJobs.id })
      .from(ascoraJobs)
      .where(eq(ascoraJobs.integrationId, integrationId))
      .all()
      .map((j) => j.id);
    ctx.db.delete(ascoraIntegrations).where(eq(ascoraIntegrations.id, integrationId)).run();
    const folders = removeAttachmentFolders(ctx.dataDir, jobIds);
    // The copies taken before migrations hold it too.
    const backups = wipeIntegrationFromBackups(ctx.dataDir, integrationId, ctx.databaseKey?.() ?? null, ctx.logger);
    // So may a file the recovery screen set aside; one that would not open cannot be cleaned of
    // one connection, so, like a backup that cannot be cleaned, it goes (the dialog says so).
    const damaged = fs.existsSync(damagedDir(ctx.dataDir));
    fs.rmSync(damagedDir(ctx.dataDir), { recursive: true, force: true });
    try {
      const scrub = scrubDeletedData(ctx.sqlite);
      ctx.logger.info('connection wiped', {
        integrationId,
        attachmentFolders: folders,
        backupsDeleted: backups.deleted,
        backupsCleaned: backups.cleaned,
        damagedCopiesDeleted: damaged,
        walBusy: scrub.walBusy,
      });
    } catch (error) {
      ctx.logger.error('connection wiped, but the database file could not be compacted', {
        integrationId,
        error: describe(error),
      });
      ctx.events.emit('record.changed', { entity: 'integration', ids: [integrationId] });
      throw new AppError(
        'STORAGE',
        'The connection and its data were removed, but the database file could not be compacted, so some deleted text may remain in it. Restart the app and contact support with the log.',
      );
    }
  }

  /**
   * The last connection wiped: the copies taken before migrations (they hold its data) are
   * deleted, and the database is re-encrypted under a new key, the old one deleted from the
   * keychain, so nothing a disk still holds under the old key can be read again.
   */
  async function forgetLocalCopyKey(integrationId: number): Promise<void> {
    fs.rmSync(backupsDir(ctx.dataDir), { recursive: true, force: true });
    // Every attachment went with its job; anything left there (a copy no row names) would be
    // under the old key, which the file key is derived from.
    fs.rmSync(attachmentsDir(ctx.dataDir), { recursive: true, force: true });
    removeOpenedCopies(ctx.dataDir, ctx.logger);
    if (!ctx.renewDatabaseKey) return;
    try {
      await ctx.renewDatabaseKey();
    } catch (error) {
      ctx.logger.error('connection wiped, but the local copy key could not be renewed', { error: describe(error) });
      ctx.events.emit('record.changed', { entity: 'integration', ids: [integrationId] });
      throw new AppError(
        'STORAGE',
        "The connection and its data were removed, but this computer's key for the local copy could not be replaced, so an old copy of the file could still be read with the old key. Contact support with the log.",
      );
    }
    ctx.logger.info('local copy key renewed after the last connection was wiped');
  }

  function row(integrationId: number): IntegrationRow {
    const found = ctx.db.select().from(ascoraIntegrations).where(eq(ascoraIntegrations.id, integrationId)).get();
    if (!found)
      throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists. Reopen the app and connect again.');
    return found;
  }

  /** Customer changes waiting while their customer is in conflict (push.ts holds them; jobs have no updates). */
  function heldByConflict(integrationId: number): number {
    return (
      ctx.db
        .select({ n: count() })
        .from(outbox)
        .innerJoin(ascoraCustomers, eq(ascoraCustomers.id, outbox.recordId))
        .where(
          and(
            eq(outbox.integrationId, integrationId),
            eq(outbox.kind, 'update_customer'),
            inArray(outbox.state, ['pending', 'sending']),
            eq(ascoraCustomers.syncState, 'conflict'),
          ),
        )
        .get()?.n ?? 0
    );
  }

  function status(r: IntegrationRow): IntegrationStatus {
    const byState = ctx.db
      .select({ state: outbox.state, n: count() })
      .from(outbox)
      .where(eq(outbox.integrationId, r.id))
      .groupBy(outbox.state)
      .all();
    const n = (...states: string[]) => byState.filter((s) => states.includes(s.state)).reduce((sum, s) => sum + s.n, 0);
    const openConflicts = ctx.db
      .select({ n: count() })
      .from(conflicts)
      .where(and(eq(conflicts.integrationId, r.id), isNull(conflicts.resolvedAt)))
      .get();
    return {
      id: r.id,
      displayName: r.displayName,
      baseUrl: r.baseUrl,
      isDemo: r.isDemo,
      state: r.state,
      lastSyncAt: r.lastSyncAt,
      lastSuccessAt: r.lastSuccessAt,
      lastError: r.lastError,
      // A change held by a conflict waits for a person, not for Ascora: counted in needsPersonCount.
      pendingCount: n('pending', 'sending') - heldByConflict(r.id),
      failedCount: n('failed', 'needs_check'),
      conflictCount: openConflicts?.n ?? 0,
      needsPersonCount: needsPersonCount(ctx, r.id),
      online: r.online,
    };
  }

  async function test(apiKey: string, baseUrl: string): Promise<{ jobCount: number; customerCount: number }> {
    try {
      return await makeClient({ baseUrl, apiKey }).testConnection();
    } catch (error) {
      throw toUserError(error);
    }
  }

  /** Saves the key first: if the keychain refuses, no connection row is left behind. */
  async function addConnection(input: {
    apiKey: string;
    baseUrl: string;
    displayName: string;
    isDemo: boolean;
  }): Promise<IntegrationStatus> {
    const keychainRef = `${input.isDemo ? DEMO_REF_PREFIX : 'ascora:'}${randomUUID()}`;
    if (!input.isDemo) await ctx.secrets.set(keychainRef, input.apiKey);
    const inserted = ctx.db.transaction((tx) => {
      const created = tx
        .insert(ascoraIntegrations)
        .values({ displayName: input.displayName, baseUrl: input.baseUrl, keychainRef, isDemo: input.isDemo })
        .returning()
        .get();
      // The first sync starts at once (Connect, or the demo at start), so the schedule's first turn is
      // one interval later.
      tx.insert(ascoraSyncSchedules)
        .values({
          integrationId: created.id,
          active: true,
          intervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
          nextRunAt: new Date(ctx.clock.now() + DEFAULT_SYNC_INTERVAL_MINUTES * 60_000).toISOString(),
        })
        .run();
      return created;
    });
    ctx.events.emit('record.changed', { entity: 'integration', ids: [inserted.id] });
    return status(inserted);
  }

  async function getApiKey(r: IntegrationRow): Promise<{ apiKey: string; baseUrl: string }> {
    if (r.isDemo) {
      if (!deps.startDemo) throw new AppError('NOT_CONNECTED', 'The demo workspace is not available in this build.');
      const demo = await deps.startDemo();
      if (demo.url !== r.baseUrl) {
        ctx.db.update(ascoraIntegrations).set({ baseUrl: demo.url }).where(eq(ascoraIntegrations.id, r.id)).run();
      }
      return { apiKey: demo.apiKey, baseUrl: demo.url };
    }
    const apiKey = await ctx.secrets.get(r.keychainRef);
    if (!apiKey) {
      throw new AppError(
        'NOT_CONNECTED',
        `There is no API key for ${r.displayName} in this computer's keychain. Connect again with the key from Ascora.`,
      );
    }
    return { apiKey, baseUrl: r.baseUrl };
  }

  const service = {
    list(): IntegrationStatus[] {
      return ctx.db.select().from(ascoraIntegrations).orderBy(ascoraIntegrations.id).all().map(status);
    },
    status: (integrationId: number) => status(row(integrationId)),
    test: (apiKey: string, baseUrl?: string) => test(apiKey, checkBaseUrl(baseUrl ?? ASCORA_BASE_URL)),
    async connect(input: { apiKey: string; baseUrl?: string; displayName?: string }): Promise<IntegrationStatus> {
      const baseUrl = checkBaseUrl(input.baseUrl ?? ASCORA_BASE_URL);
      await test(input.apiKey, baseUrl);
      return addConnection({
        apiKey: input.apiKey,
        baseUrl,
        displayName: input.displayName?.trim() || 'Ascora',
        isDemo: false,
      });
    },
    /** Same connection, same local copy, a new key: tested first, then saved, then the state is cleared. */
    async replaceKey(integrationId: number, apiKey: string): Promise<IntegrationStatus> {
      const r = row(integrationId);
      if (r.isDemo) throw new AppError('VALIDATION', 'The demo workspace needs no API key.');
      await test(apiKey, r.baseUrl);
      await deps.stopSync?.(integrationId);
      await ctx.secrets.set(r.keychainRef, apiKey);
      ctx.db
        .update(ascoraIntegrations)
        .set({ state: 'ok', lastError: null, updatedAt: isoNow(ctx.clock) })
        .where(eq(ascoraIntegrations.id, integrationId))
        .run();
      ctx.events.emit('record.changed', { entity: 'integration', ids: [integrationId] });
      return status(row(integrationId));
    },
    async openDemo(): Promise<IntegrationStatus> {
      if (!deps.startDemo) throw new AppError('NOT_IMPLEMENTED', 'The demo workspace is not available in this build.');
      const demo = await deps.startDemo();
      const existing = ctx.db.select().from(ascoraIntegrations).where(eq(ascoraIntegrations.isDemo, true)).get();
      if (existing) {
        // Opening it again after "Leave the demo" (kept) is connecting it again.
        ctx.db
          .update(ascoraIntegrations)
          .set(
            existing.state === 'disconnected'
              ? { baseUrl: demo.url, state: 'idle', lastError: null, updatedAt: isoNow(ctx.clock) }
              : { baseUrl: demo.url },
          )
          .where(eq(ascoraIntegrations.id, existing.id))
          .run();
        ctx.events.emit('record.changed', { entity: 'integration', ids: [existing.id] });
        return status(row(existing.id));
      }
      await test(demo.apiKey, demo.url);
      return addConnection({ apiKey: demo.apiKey, baseUrl: demo.url, displayName: 'Demo workspace', isDemo: true });
    },
    /**
     * Forget the key; wipe the mirror (rows, attachment files, deleted text) or keep it to read
     * offline. A wipe needs the connection's name as the person typed it: checked here, in main.
     */
    async disconnect(integrationId: number, wipe: false | { confirmName: string }): Promise<{ wiped: boolean }> {
      const r = row(integrationId);
      if (wipe && !wipeNameMatches(r.displayName, wipe.confirmName)) {
        throw new AppError(
          'VALIDATION',
          `Nothing was wiped: type the connection's name, ${r.displayName}, exactly as shown to wipe its local copy.`,
        );
      }
      const wipeMirror = wipe !== false;
      // Disconnected before the sync is stopped: from here on nothing starts a run for it (Sync now,
      // the schedule, a follow-up queued behind the run being stopped), and the stopped run does not
      // write over it (engine.ts). Its schedule is left as the person set it, for when they connect
      // it again.
      ctx.db
        .update(ascoraIntegrations)
        .set({
          state: 'disconnected',
          lastError: r.isDemo
            ? 'Disconnected: open the demo workspace again to sync.'
            : 'Disconnected: enter an API key in Settings to sync again.',
          updatedAt: isoNow(ctx.clock),
        })
        .where(eq(ascoraIntegrations.id, integrationId))
        .run();
      // A sync in flight would go on with the old key, or write into a mirror being wiped.
      await deps.stopSync?.(integrationId);
      if (!r.isDemo) await ctx.secrets.delete(r.keychainRef);
      if (wipeMirror) {
        // The readers closed throughout: a wipe deletes files and empties the WAL, and renewing the
        // key rewrites every page (it leaves WAL mode for it); they reopen with the key in force.
        const resumeReaders = (await deps.suspendReaders?.()) ?? (async () => undefined);
        try {
          wipeConnection(integrationId);
          if (!ctx.db.select({ id: ascoraIntegrations.id }).from(ascoraIntegrations).get())
            await forgetLocalCopyKey(integrationId);
        } finally {
          await resumeReaders();
          // The demo's Ascora keeps what was typed into it: stopped, and its saved state deleted.
          if (r.isDemo) await deps.forgetDemo?.();
        }
      }
      ctx.events.emit('record.changed', { entity: 'integration', ids: [integrationId] });
      return { wiped: wipeMirror };
    },
    /**
     * Whether a sync could run without a person: connected, its key not refused, and a key in the
     * keychain (the demo needs none). The reason says why not.
     */
    async readiness(integrationId: number): Promise<string | null> {
      const r = row(integrationId);
      if (r.state === 'disconnected') return 'disconnected';
      if (r.state === 'needs_reauth') return 'Ascora refused the API key';
      if (!r.isDemo && !(await ctx.secrets.get(r.keychainRef))) return 'no API key in the keychain';
      return null;
    },
    /** The only way to an API client: the key is read from the keychain here, in main, and nowhere else. */
    async getClientFor(integrationId: number): Promise<AscoraClient> {
      const r = row(integrationId);
      return makeClient(await getApiKey(r));
    },
    /**
     * Whether Ascora answers now: one row of the jobs list, tried once (the scheduler's probes
     * after an offline run repeat it with their own backoff). Throws when it cannot be reached.
     */
    async probe(integrationId: number): Promise<void> {
      const client = makeClient({ ...(await getApiKey(row(integrationId))), retry: { maxAttempts: 1 } });
      await client.listJobs({ page: 1, pageSize: 1 });
    },
  };

  const handlers = {
    'integration.list': () => service.list(),
    'integration.status': ({ integrationId }) => service.status(integrationId),
    'integration.test': ({ apiKey, baseUrl }) => service.test(apiKey, baseUrl),
    'integration.connect': (input) => service.connect(input),
    'integration.replaceKey': ({ integrationId, apiKey }) => service.replaceKey(integrationId, apiKey),
    'integration.openDemo': () => service.openDemo(),
    'integration.disconnect': (input) =>
      service.disconnect(input.integrationId, input.wipeMirror ? { confirmName: input.confirmName } : false),
  } satisfies HandlerMap;
  return { ...service, handlers };
}

export type IntegrationService = ReturnType<typeof createIntegrationService>;

/** Ascora's answer to a key test, in words a person can act on. */
export function toUserError(error: unknown): unknown {
  if (!(error instanceof AscoraError)) return error;
  switch (error.kind) {
    case 'auth':
      return new AppError(
        'AUTH',
        'Ascora refused the API key. Check it under Administration › API Settings in Ascora, then try again.',
      );
    case 'rejected':
    case 'not_found':
      return new AppError('REJECTED', `Ascora refused the request: ${error.message}`);
    case 'retryable':
    case 'unknown_outcome':
      // The client's message already says what happened ("Ascora could not be reached (ENOTFOUND).",
      // "Ascora did not answer in time (...)."): said once, then what to do.
      return new AppError(
        'NETWORK',
        `${error.message} Check the internet connection and the Ascora address, then try again.`,
      );
    default:
      return assertNever(error.kind, 'Ascora error kind');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
