/**
 * The sync engine orchestrates a run (Joplin's shape: this file only sequences; pull, push, merge
 * and backoff are their own modules): push the outbox, then pull customers, jobs and invoices,
 * fully or incrementally (pull.ts; design.md sync rule 5).
 * One run per integration at a time (a second request joins it, unless a change was saved after the
 * run began or it asks for more than the running one does: a full pass, other lists, no backoff
 * wait; then it gets one follow-up run, shared by all who ask, doing the most any asked); every run
 * writes a log. A connection a person disconnected does not sync.
 * Each run, and each follow-up while it waits, has its own stop signal: disconnect, a new key and
 * quit stop a queued follow-up before it starts, not only the run it waits behind.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull, ne } from 'drizzle-orm';
import type { SyncEntity, SyncRunKind, SyncRunSummary, SyncStatus } from '../../../shared/domain';
import { SYNC_ENTITIES } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { systemTimeZone } from '../../../shared/time';
import { createAdaptiveLimiter } from '../ascora/limiter';
import type { AscoraClient } from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { fillJobSearch, JOB_SEARCH_WAIT_BATCH, jobSearchFiller, pendingJobSearch } from '../db/job-search';
import { ascoraIntegrations, conflicts, outbox, syncCheckpoints } from '../db/schema';
import { ascoraClockFor, type AscoraClock } from './ascora-clock';
import { PULL_CONCURRENCY, PULL_PAGE_SIZE, type PullOptions } from './pull';
import { confirmCheck, recoverAbandoned, requeueFailed } from './queue';
import {
  finishRun,
  integrationExists,
  newRunState,
  openRunLog,
  pullListStep,
  pullRecentJobsStep,
  pushStep,
  stoppedError,
} from './run-steps';

export interface SyncOptions {
  entities?: SyncEntity[];
  /**
   * `auto` (the schedule, and "Sync now"): full when a full pass is due (never done, or older than
   * fullPassEveryMs), else incremental. Not given: full, so a caller that does not say gets
   * everything (tests, the first sync of a new connection).
   */
  kind?: SyncRunKind | 'auto';
  /** "Sync now": items waiting out a backoff are sent at once. */
  ignoreBackoff?: boolean;
  signal?: AbortSignal;
}

export interface SyncEngineDeps {
  getClient(integrationId: number): Promise<AscoraClient>;
  /** PULL_PAGE_SIZE unless a test wants many small pages. */
  pageSize?: number;
  /** How old the last full pass may be before an `auto` run is full: nightly by default. */
  fullPassEveryMs?: number;
  /**
   * Throws (an AppError saying why) when this copy no longer holds the data folder's lock: another
   * copy may be draining the same outbox, so a run stops before it sends anything (db/lock.ts).
   */
  assertStillOwner?: () => void;
  /** The office's time zone (Settings), read once per run; the computer's when not given. */
  officeTimeZone?: () => string;
}

export const FULL_PASS_EVERY_MS = 24 * 60 * 60_000;
/** Lists whose full pass is a paged scan with a checkpoint (invoices are one call either way). */
const PAGED_ENTITIES: SyncEntity[] = ['customers', 'jobs'];

export type SyncEngine = ReturnType<typeof createSyncEngine>;

export function createSyncEngine(ctx: CoreContext, deps: SyncEngineDeps) {
  const running = new Map<
    number,
    {
      promise: Promise<SyncRunSummary>;
      outboxHighWater: number;
      controller: AbortController;
      kind: SyncRunKind;
      options: SyncOptions;
    }
  >();
  const followUps = new Map<
    number,
    { promise: Promise<SyncRunSummary>; options: SyncOptions; controller: AbortController }
  >();
  // Set by shutDown (quit): from then on nothing starts, whoever asks late.
  let closing = false;
  /** The search fill under way (one at a time: a run's end, or the start-up's leftover). */
  let indexing: Promise<void> | null = null;
  const fullPassEveryMs = deps.fullPassEveryMs ?? FULL_PASS_EVERY_MS;

  const newestOutboxId = (integrationId: number): number =>
    (
      ctx.sqlite
        .prepare('SELECT COALESCE(MAX(id), 0) AS id FROM outbox WHERE integration_id = ?')
        .get(integrationId) as { id: number }
    ).id;
  const hasJobCreates = (integrationId: number): boolean =>
    ctx.sqlite
      .prepare("SELECT 1 FROM outbox WHERE integration_id = ? AND state = 'pending' AND kind = 'create_job' LIMIT 1")
      .get(integrationId) !== undefined;
  const limiters = new Map<number, ReturnType<typeof createAdaptiveLimiter>>();
  // The pull's own, kept per integration so a 429 slows the next run too until it grows back.
  const pullLimiters = new Map<number, ReturnType<typeof createAdaptiveLimiter>>();

  /** When each paged list last had a full pass; the older of them is when "everything" was. */
  function lastFullPass(integrationId: number, entities: SyncEntity[]): string | null {
    const rows = ctx.db
      .select({ entity: syncCheckpoints.entity, at: syncCheckpoints.lastCompletedPassAt })
      .from(syncCheckpoints)
      .where(eq(syncCheckpoints.integrationId, integrationId))
      .all();
    let oldest: string | null = null;
    for (const entity of entities) {
      const at = rows.find((r) => r.entity === entity)?.at ?? null;
      if (at === null) return null;
      if (oldest === null || at < oldest) oldest = at;
    }
    return oldest;
  }

  function fullPassDueAt(integrationId: number, entities: SyncEntity[]): number {
    const last = lastFullPass(integrationId, entities);
    return last === null ? -Infinity : Date.parse(last) + fullPassEveryMs;
  }

  function chooseKind(integrationId: number, entities: SyncEntity[], asked: SyncOptions['kind']): SyncRunKind {
    if (asked === 'full' || asked === 'incremental') return asked;
    if (asked === undefined) return 'full';
    const paged = entities.filter((e) => PAGED_ENTITIES.includes(e));
    return paged.length > 0 && ctx.clock.now() >= fullPassDueAt(integrationId, paged) ? 'full' : 'incremental';
  }

  /** A connection a person disconnected (and kept) syncs again only when they connect it again. */
  function refuseIfDisconnected(integrationId: number): void {
    const row = ctx.db
      .select({ state: ascoraIntegrations.state, name: ascoraIntegrations.displayName })
      .from(ascoraIntegrations)
      .where(eq(ascoraIntegrations.id, integrationId))
      .get();
    if (row?.state === 'disconnected')
      throw new AppError(
        'NOT_CONNECTED',
        `${row.name} is disconnected, so nothing was synced. To sync it again, connect it in Settings.`,
      );
  }

  function setIntegration(integrationId: number, fields: Partial<typeof ascoraIntegrations.$inferInsert>): void {
    // A run stopped by a disconnect ends after the person disconnected: it never writes over that.
    ctx.db
      .update(ascoraIntegrations)
      .set({ ...fields, updatedAt: isoNow(ctx.clock) })
      .where(and(eq(ascoraIntegrations.id, integrationId), ne(ascoraIntegrations.state, 'disconnected')))
      .run();
    const row = ctx.db.select().from(ascoraIntegrations).where(eq(ascoraIntegrations.id, integrationId)).get();
    if (row) ctx.events.emit('connection.state', { integrationId, state: row.state, online: row.online });
  }

  /**
   * Indexes for search the jobs a pull's pages noted (db/job-search.ts), before the run reports its
   * end, so a search after "Synced" finds what the sync brought. Quit stops it between batches; the
   * next start fills what is left. A failure (a full disk) is logged: the jobs stay noted.
   */
  function indexDeferredSearch(): Promise<void> {
    indexing ??= (async () => {
      try {
        const indexed = await fillJobSearch(ctx.sqlite, { stop: () => closing });
        if (indexed > 0) ctx.events.emit('record.changed', { entity: 'job', ids: 'many' });
      } catch (error) {
        ctx.logger.error('jobs could not be indexed for search', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        indexing = null;
      }
    })();
    return indexing;
  }

  /** One run: its steps in order (run-steps.ts); every failure ends in finishRun, which says why. */
  async function run(
    integrationId: number,
    options: SyncOptions,
    kind: SyncRunKind,
    controller: AbortController,
  ): Promise<SyncRunSummary> {
    // One signal per run: quit, disconnect and a new key stop it between items and pages, and cut
    // short any backoff wait (engine.abort), instead of waiting minutes.
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const startedAt = ctx.clock.now();
    // Incremental: jobs first, so the customers step can fetch the ones new jobs name.
    const entities = (kind === 'incremental' ? (['jobs', 'customers', 'invoices'] as const) : SYNC_ENTITIES).filter(
      (e) => !options.entities || options.entities.includes(e),
    );
    // Disconnected and wiped (the sync was asked for from a stale screen): nothing to sync, nothing to log.
    if (!integrationExists(ctx, integrationId))
      throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists.');
    const state = newRunState(ctx, integrationId, randomUUID(), kind, signal);
    // The jobs its pages noted for search are indexed while the pull waits for Ascora's next answer
    // (a network-bound sync waits most of the time), so little is left to fill after the last page.
    const fillSearchBatch = jobSearchFiller(ctx.sqlite);
    let searchFilledWhileWaiting = 0;
    let searchFillFailed = false;
    const searchWhileWaiting = (): boolean => {
      if (closing || signal.aborted || searchFillFailed) return false;
      try {
        const filled = fillSearchBatch(JOB_SEARCH_WAIT_BATCH);
        searchFilledWhileWaiting += filled;
        return filled > 0;
      } catch {
        // The fill after the pages tries again, and logs what stops it (indexDeferredSearch).
        searchFillFailed = true;
        return false;
      }
    };
    setIntegration(integrationId, { state: 'syncing' });
    const logId = openRunLog(state);
    let error: unknown = null;
    let ascoraClock: AscoraClock | null = null;
    try {
      // Before anything is sent: another copy of the app on this data would send it too.
      deps.assertStillOwner?.();
      const client = await deps.getClient(integrationId);
      ascoraClock = ascoraClockFor(ctx, integrationId, client);
      const calendar = { timeZone: (deps.officeTimeZone ?? systemTimeZone)(), ascoraNow: ascoraClock.now };
      const limiter = limiters.get(integrationId) ?? createAdaptiveLimiter({ initial: 4, max: 8 });
      limiters.set(integrationId, limiter);
      const pullLimiter =
        pullLimiters.get(integrationId) ?? createAdaptiveLimiter({ ...PULL_CONCURRENCY, clock: ctx.clock });
      pullLimiters.set(integrationId, pullLimiter);
      const pullOptions = (kind: SyncRunKind): PullOptions => ({
        whileWaiting: searchWhileWaiting,
        ctx,
        client,
        integrationId,
        runId: state.runId,
        kind,
        ...calendar,
        pageSize: deps.pageSize ?? PULL_PAGE_SIZE,
        limiter: pullLimiter,
        signal,
        onProgress: (e, done, total) => state.progress('pull', e, done, total),
      });

      const recentJobsPulled = hasJobCreates(integrationId)
        ? await pullRecentJobsStep(
            state,
            pullOptions('incremental'),
            // Before that window, the last full pass has every job.
            () => lastFullPass(integrationId, ['jobs']) !== null,
          )
        : false;
      await pushStep(state, {
        ctx,
        client,
        integrationId,
        runId: state.runId,
        limiter,
        ...calendar,
        ignoreBackoff: options.ignoreBackoff ?? false,
        recentJobsPulled,
        signal,
      });
      for (const entity of entities) await pullListStep(state, entity, pullOptions(kind));
    } catch (caught) {
      error = signal.aborted && !(caught instanceof AppError && caught.code === 'STORAGE') ? stoppedError() : caught;
    }
    // The pages written so far, whether the run went to its end or not.
    if (searchFilledWhileWaiting > 0) ctx.events.emit('record.changed', { entity: 'job', ids: 'many' });
    await indexDeferredSearch();
    ascoraClock?.save();
    return finishRun(state, {
      logId,
      startedAt,
      error,
      setIntegration: (fields) => setIntegration(integrationId, fields),
    });
  }

  /** Starts a run under `controller`, or joins the running one, or waits for the one follow-up. */
  function startOrJoin(
    integrationId: number,
    options: SyncOptions,
    controller: AbortController,
  ): Promise<SyncRunSummary> {
    if (closing) return Promise.reject(new AppError('BUSY', 'RestoreAssist Desk is closing, so no sync was started.'));
    try {
      refuseIfDisconnected(integrationId);
    } catch (error) {
      return Promise.reject(error);
    }
    const current = running.get(integrationId);
    if (current) {
      // Joining is only right when the running run does everything this caller asked for.
      if (covers(current, options) && newestOutboxId(integrationId) <= current.outboxHighWater) return current.promise;
      const queued = followUps.get(integrationId);
      if (queued) {
        queued.options = mergeOptions(queued.options, options);
        return queued.promise;
      }
      const next = {
        options: { ...options },
        controller: new AbortController(),
        promise: null as unknown as Promise<SyncRunSummary>,
      };
      next.promise = current.promise
        .catch(() => undefined)
        .then(() => {
          if (followUps.get(integrationId) === next) followUps.delete(integrationId);
          // Stopped while it waited (disconnect, a new key, quit): it never starts.
          if (next.controller.signal.aborted) throw stoppedError();
          return startOrJoin(integrationId, next.options, next.controller);
        });
      followUps.set(integrationId, next);
      return next.promise;
    }
    const outboxHighWater = newestOutboxId(integrationId);
    let kind: SyncRunKind;
    try {
      kind = chooseKind(integrationId, options.entities ?? [...SYNC_ENTITIES], options.kind);
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = run(integrationId, options, kind, controller).finally(() => running.delete(integrationId));
    running.set(integrationId, { promise, outboxHighWater, controller, kind, options });
    return promise;
  }

  /** Stops the running runs and the queued follow-ups of one integration (or all); waits for them to settle. */
  async function stop(integrationId?: number): Promise<void> {
    const matches = (id: number) => integrationId === undefined || id === integrationId;
    const settling: Promise<unknown>[] = [];
    for (const [id, queued] of followUps) {
      if (!matches(id)) continue;
      followUps.delete(id);
      queued.controller.abort(stoppedError());
      settling.push(queued.promise);
    }
    for (const [id, r] of running) {
      if (!matches(id)) continue;
      r.controller.abort(stoppedError());
      settling.push(r.promise);
    }
    await Promise.allSettled(settling);
  }

  const engine = {
    /**
     * Starts a run, or joins the one already running for this integration. A change saved after
     * that run began would not be in it, so then the caller waits for one follow-up run instead.
     */
    syncNow(integrationId: number, options: SyncOptions = {}): Promise<SyncRunSummary> {
      return startOrJoin(integrationId, options, new AbortController());
    },
    /**
     * Stops the running sync of one integration (or all), and any follow-up queued behind it, and
     * waits for them to end; a follow-up that had not started settles as stopped without running.
     * An item on the wire when it stops is settled as outcome unknown, and looked up before any re-send.
     */
    abort: (integrationId?: number): Promise<void> => stop(integrationId),
    /**
     * For quit: stops everything as abort() does, and from now on starts nothing (a call admitted
     * before closing, or the start-up signal still looking up a key, would otherwise start a run
     * that quit then waits for).
     */
    async shutDown(): Promise<void> {
      closing = true;
      await stop();
    },
    isRunning: (integrationId: number) => running.has(integrationId),
    /** Waits for every running sync and any queued follow-up (after shutDown: the runs winding down). */
    async idle(): Promise<void> {
      while (running.size > 0 || followUps.size > 0 || indexing) {
        await Promise.allSettled([...running.values(), ...followUps.values()].map((r) => r.promise));
        await indexing;
      }
    },
    // The Sync centre's record counts are added by its channel (services/sync.ts).
    status(integrationId: number): Omit<SyncStatus, 'noLongerInAscora'> {
      const row = ctx.db.select().from(ascoraIntegrations).where(eq(ascoraIntegrations.id, integrationId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists.');
      const byState = ctx.db
        .select({ state: outbox.state, n: count() })
        .from(outbox)
        .where(eq(outbox.integrationId, integrationId))
        .groupBy(outbox.state)
        .all();
      const n = (...states: string[]) =>
        byState.filter((s) => states.includes(s.state)).reduce((sum, s) => sum + s.n, 0);
      const open = ctx.db
        .select({ n: count() })
        .from(conflicts)
        .where(and(eq(conflicts.integrationId, integrationId), isNull(conflicts.resolvedAt)))
        .get();
      const due = fullPassDueAt(integrationId, PAGED_ENTITIES);
      return {
        integrationId,
        running: running.has(integrationId),
        state: row.state,
        lastSuccessAt: row.lastSuccessAt,
        lastError: row.lastError,
        pendingCount: n('pending', 'sending'),
        failedCount: n('failed', 'needs_check'),
        conflictCount: open?.n ?? 0,
        lastFullPassAt: lastFullPass(integrationId, PAGED_ENTITIES),
        fullPassDueAt: Number.isFinite(due) ? new Date(due).toISOString() : null,
      };
    },
    /** Failed items go back in the queue; their records show pending again. */
    retryFailed(integrationId: number, outboxIds?: number[]): { requeued: number } {
      return { requeued: requeueFailed(ctx.db, integrationId, outboxIds) };
    },
    /** A person looked in Ascora for a change parked for a check, and it is not there: one send. */
    sendParked(integrationId: number, outboxId: number): { requeued: number } {
      return ctx.db.transaction((tx) => {
        const item = tx
          .select()
          .from(outbox)
          .where(and(eq(outbox.id, outboxId), eq(outbox.integrationId, integrationId)))
          .get();
        if (!item || item.state !== 'needs_check')
          throw new AppError('NOT_FOUND', 'That change is no longer waiting for a check. Refresh the Sync centre.');
        confirmCheck(tx, item, false, isoNow(ctx.clock));
        return { requeued: 1 };
      });
    },
    /** The connection's Ascora client, for a person's repair that must read Ascora first. */
    clientFor(integrationId: number): Promise<AscoraClient> {
      return deps.getClient(integrationId);
    },
    /** At start, with the data folder's lock held: items and runs cut off by the last exit. */
    recoverAfterCrash(): number {
      // Jobs noted for search by a run the exit cut off are indexed in the background.
      if (pendingJobSearch(ctx.sqlite) > 0) void indexDeferredSearch();
      return recoverAbandoned(ctx.db, ctx.clock).items;
    },
  };
  return engine;
}

/**
 * Whether a running run does all that another request asks: a full pass if it wants one, every
 * list it names, and no backoff wait if it skips them ("Sync now" joining a scheduled run).
 */
function covers(current: { kind: SyncRunKind; options: SyncOptions }, asked: SyncOptions): boolean {
  if ((asked.kind ?? 'full') === 'full' && current.kind !== 'full') return false;
  if (asked.ignoreBackoff && !current.options.ignoreBackoff) return false;
  const runs = current.options.entities;
  return !runs || (asked.entities !== undefined && asked.entities.every((e) => runs.includes(e)));
}

/** One follow-up run for everyone who asked while a run went on: the most any of them asked. */
function mergeOptions(queued: SyncOptions, asked: SyncOptions): SyncOptions {
  return {
    ...queued,
    kind: (asked.kind ?? 'full') === 'full' ? 'full' : queued.kind,
    ignoreBackoff: queued.ignoreBackoff || asked.ignoreBackoff,
    entities: queued.entities && asked.entities ? [...new Set([...queued.entities, ...asked.entities])] : undefined,
  };
}
