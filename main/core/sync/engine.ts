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
import { assertNever } from '../../../shared/assert-never';
import { SYNC_ENTITIES } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { systemTimeZone } from '../../../shared/time';
import { AscoraError } from '../ascora/errors';
import { createAdaptiveLimiter } from '../ascora/limiter';
import type { AscoraClient } from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraSyncLogs, conflicts, outbox, syncCheckpoints } from '../db/schema';
import { storageError } from '../db/storage-error';
import {
  PULL_CONCURRENCY,
  PULL_PAGE_SIZE,
  pullCustomers,
  pullInvoices,
  pullJobs,
  type PullOptions,
  type PullResult,
} from './pull';
import { ascoraClockFor, type AscoraClock } from './ascora-clock';
import { pushOutbox } from './push';
import { confirmCheck, recoverAbandoned, requeueFailed } from './queue';

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

const PULLS: Record<SyncEntity, (o: PullOptions) => Promise<PullResult>> = {
  customers: pullCustomers,
  jobs: pullJobs,
  invoices: pullInvoices,
};

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

  async function run(
    integrationId: number,
    options: SyncOptions,
    kind: SyncRunKind,
    controller: AbortController,
  ): Promise<SyncRunSummary> {
    const runId = randomUUID();
    // One signal per run: quit, disconnect and a new key stop it between items and pages, and cut
    // short any backoff wait (engine.abort), instead of waiting minutes.
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const started = ctx.clock.now();
    // Incremental: jobs first, so the customers step can fetch the ones new jobs name.
    const entities = (kind === 'incremental' ? (['jobs', 'customers', 'invoices'] as const) : SYNC_ENTITIES).filter(
      (e) => !options.entities || options.entities.includes(e),
    );
    // Disconnected and wiped (the sync was asked for from a stale screen): nothing to sync, nothing to log.
    if (
      !ctx.db
        .select({ id: ascoraIntegrations.id })
        .from(ascoraIntegrations)
        .where(eq(ascoraIntegrations.id, integrationId))
        .get()
    ) {
      throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists.');
    }
    const summary: SyncRunSummary = {
      runId,
      kind,
      status: 'success',
      pushed: 0,
      pulled: 0,
      written: 0,
      failed: 0,
      conflicts: 0,
      durationMs: 0,
      message: '',
    };
    const progress = (phase: 'push' | 'pull' | 'done', entity: SyncEntity | null, done: number, total: number | null) =>
      ctx.events.emit('sync.progress', { integrationId, runId, phase, entity, done, total });
    setIntegration(integrationId, { state: 'syncing' });
    // Written when the run starts: a run cut off by a crash or a kill is found and marked
    // interrupted at the next start (queue.recoverAbandoned), never silently missing from the log.
    const logId = ctx.db
      .insert(ascoraSyncLogs)
      .values({
        integrationId,
        runId,
        kind: 'run',
        runKind: kind,
        direction: 'none',
        status: 'running',
        // On the app's clock, as the rows' pulledAt are: the Today screen reads what a run wrote by it.
        createdAt: isoNow(ctx.clock),
        message: kind === 'full' ? 'Full check running.' : 'Sync running.',
      })
      .returning({ id: ascoraSyncLogs.id })
      .get().id;
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
        ctx,
        client,
        integrationId,
        runId,
        kind,
        ...calendar,
        pageSize: deps.pageSize ?? PULL_PAGE_SIZE,
        limiter: pullLimiter,
        signal,
        onProgress: (e, done, total) => progress('pull', e, done, total),
      });
      // Another desktop on this Ascora account may have made the job of a report queued here: the
      // recent created-date window of jobs comes into the mirror first, once for all of the run's
      // creates, and each create looks there before it is sent (push.ts findJobBeforeCreate).
      let recentJobsPulled = false;
      if (hasJobCreates(integrationId)) {
        try {
          const recent = await pullJobs(pullOptions('incremental'));
          summary.pulled += recent.processed;
          summary.written += recent.written;
          summary.failed += recent.invalid;
          if (recent.written > 0) ctx.events.emit('record.changed', { entity: 'job', ids: 'many' });
          // Before that window, the last full pass has every job.
          recentJobsPulled = lastFullPass(integrationId, ['jobs']) !== null;
        } catch (error) {
          // Ascora would not answer the window (an error page, a refused date filter): each create
          // then asks Ascora by itself. The key refused, the network down or the run stopped: as ever.
          const answered = error instanceof AscoraError && error.kind !== 'auth' && error.status !== null;
          if (!answered || signal.aborted) throw error;
        }
      }

      progress('push', null, 0, null);
      const pushed = await pushOutbox({
        ctx,
        client,
        integrationId,
        runId,
        limiter,
        ...calendar,
        ignoreBackoff: options.ignoreBackoff ?? false,
        recentJobsPulled,
        signal,
        onProgress: (done, total) => progress('push', null, done, total),
      });
      summary.pushed = pushed.pushed;
      summary.failed += pushed.failed;
      if (pushed.authFailed) throw new AscoraError('auth', 'Ascora refused the API key.', 401);
      if (pushed.networkFailed) throw new AscoraError('retryable', 'Ascora could not be reached.');
      if (pushed.storageFailure) throw pushed.storageFailure;
      if (signal.aborted) throw new AppError('BUSY', 'The sync was stopped.');
      // A pushed item changes its record's badge (job, customer, or an invoice's payment).
      if (pushed.pushed + pushed.failed > 0) {
        for (const entity of ['job', 'customer', 'invoice'] as const)
          ctx.events.emit('record.changed', { entity, ids: 'many' });
      }

      for (const entity of entities) {
        if (signal.aborted) throw new AppError('BUSY', 'The sync was stopped.');
        const pulled = await PULLS[entity](pullOptions(kind));
        summary.pulled += pulled.processed;
        summary.written += pulled.written;
        summary.failed += pulled.invalid;
        summary.conflicts += pulled.conflicts;
        if (pulled.nowMissing) summary.noLongerInAscora = (summary.noLongerInAscora ?? 0) + pulled.nowMissing;
        if (pulled.conflicts > 0) ctx.events.emit('record.changed', { entity: 'conflict', ids: 'many' });
        if (pulled.written > 0 || pulled.nowMissing)
          ctx.events.emit('record.changed', {
            entity: entity === 'jobs' ? 'job' : entity === 'customers' ? 'customer' : 'invoice',
            ids: 'many',
          });
      }
    } catch (caught) {
      error =
        signal.aborted && !(caught instanceof AppError && caught.code === 'STORAGE')
          ? new AppError('BUSY', 'The sync was stopped.')
          : caught;
    }

    summary.durationMs = ctx.clock.now() - started;
    const now = isoNow(ctx.clock);
    ascoraClock?.save();
    if (error) {
      summary.status = 'failed';
      summary.message = describeFailure(error);
      const auth = error instanceof AscoraError && error.kind === 'auth';
      const offline =
        error instanceof AscoraError &&
        (error.kind === 'retryable' || error.kind === 'unknown_outcome') &&
        error.status === null;
      setIntegration(integrationId, {
        state: auth ? 'needs_reauth' : 'error',
        online: !offline,
        lastSyncAt: now,
        lastError: summary.message,
      });
    } else {
      summary.status = summary.failed > 0 ? 'partial' : 'success';
      summary.message = describeSuccess(summary);
      setIntegration(integrationId, {
        state: 'ok',
        online: true,
        lastSyncAt: now,
        lastSuccessAt: now,
        lastError: summary.failed > 0 ? summary.message : null,
      });
    }
    ctx.db
      .update(ascoraSyncLogs)
      .set({
        status: signal.aborted ? 'interrupted' : summary.status,
        message: summary.message,
        error: error ? describeFailure(error) : null,
        recordsProcessed: summary.pulled + summary.pushed,
        recordsWritten: summary.written,
        durationMs: summary.durationMs,
      })
      .where(eq(ascoraSyncLogs.id, logId))
      .run();
    if (summary.status !== 'success') {
      // The log file people send (log-file.ts): what the user saw, and the cause behind it.
      const unexpected = error !== null && !(error instanceof AscoraError) && !(error instanceof AppError);
      ctx.logger.log(
        summary.status === 'failed' && !signal.aborted ? 'error' : 'warn',
        `sync run ${signal.aborted ? 'stopped' : summary.status}`,
        {
          integrationId,
          runId,
          reason: summary.message,
          ...(error instanceof AscoraError ? { cause: error.message, kind: error.kind, httpStatus: error.status } : {}),
          ...(unexpected
            ? {
                cause: error instanceof Error ? error.message : String(error),
                stack: error instanceof Error ? error.stack : undefined,
              }
            : {}),
          pushed: summary.pushed,
          failed: summary.failed,
          durationMs: summary.durationMs,
        },
      );
    }
    progress('done', null, 1, 1);
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return summary;
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
      while (running.size > 0 || followUps.size > 0) {
        await Promise.allSettled([...running.values(), ...followUps.values()].map((r) => r.promise));
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

function describeFailure(error: unknown): string {
  if (error instanceof AscoraError) {
    switch (error.kind) {
      case 'auth':
        return 'Ascora refused the API key. Connect again with a current key (Administration › API Settings in Ascora).';
      case 'retryable':
      case 'unknown_outcome':
      case 'rejected':
      case 'not_found':
        if (error.status === null)
          return 'Ascora could not be reached. Changes are kept and will be sent when the connection is back.';
        return `Ascora had a problem: ${error.message} The sync will try again.`;
      default:
        return assertNever(error.kind, 'Ascora error kind');
    }
  }
  if (error instanceof AppError) return error.message;
  const storage = storageError(error);
  if (storage) return storage.message;
  return 'The sync stopped because of a problem in RestoreAssist Desk. The details are in the log.';
}

function stoppedError(): AppError {
  return new AppError('BUSY', 'The sync was stopped.');
}

function describeSuccess(s: SyncRunSummary): string {
  const parts = [`${s.pushed} sent`, `${s.written} updated`];
  if (s.failed > 0) parts.push(`${s.failed} failed (see the log)`);
  if (s.conflicts > 0) parts.push(`${s.conflicts} conflicts to resolve`);
  if (s.noLongerInAscora) parts.push(`${s.noLongerInAscora} no longer in Ascora`);
  const what =
    s.kind === 'full' ? 'full check of every job, customer and invoice' : 'new and recent jobs, and invoices';
  return `Sync finished (${what}): ${parts.join(', ')}.`;
}
