/**
 * The scheduler: runs due `ascora_sync_schedules` (the summary's schedules never ran: it had no
 * runner). After a failure the next run waits longer (interval x 2^failures, capped at 4 hours);
 * "Sync now" goes straight to the engine and skips any such wait. The machine's signals (the app
 * started, back online, awake) run every connection whose schedule is on at once (`signal`).
 * A run that found Ascora unreachable while changes wait is followed by probes (`probeOffline`): a
 * one-row request, sooner at first and then up to a minute apart; the first that is answered syncs,
 * so the changes go within seconds of Ascora coming back, not at the next scheduled turn.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Schedule, SyncSignal, SyncSignalOutcome } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraSyncSchedules, outbox } from '../db/schema';
import type { SyncEngine } from './engine';

const MAX_BACKOFF_MS = 4 * 60 * 60_000;
/**
 * A signal shortly after a run does not run again: start-up followed by "back online", or a network
 * that flaps, gives one sync, not a storm. A signal during a run joins it.
 */
export const SIGNAL_QUIET_MS = 60_000;

/** The first probe after an offline run, doubling each time Ascora still does not answer... */
export const PROBE_FIRST_MS = 5_000;
/** ...up to a minute apart, for as long as changes wait. */
export const PROBE_MAX_MS = 60_000;
/** How often the running app looks whether a probe is due (tests call probeOffline themselves). */
const PROBE_CHECK_MS = 5_000;

export function probeDelay(failedProbes: number): number {
  return Math.min(PROBE_MAX_MS, PROBE_FIRST_MS * 2 ** failedProbes);
}

export function nextRunAfter(nowMs: number, intervalMinutes: number, consecutiveFailures: number): number {
  const interval = intervalMinutes * 60_000;
  const wait = consecutiveFailures === 0 ? interval : Math.min(MAX_BACKOFF_MS, interval * 2 ** consecutiveFailures);
  return nowMs + Math.max(interval, wait);
}

export interface SchedulerOptions {
  tickMs?: number;
  /** Why a connection cannot sync without a person (no key, disconnected), or null when it can. */
  readiness?: (integrationId: number) => Promise<string | null>;
  /**
   * A cheap request to Ascora (one row of one list, no retries): resolves when Ascora answered,
   * throws when it still cannot be reached. Without it, nothing probes.
   */
  probe?: (integrationId: number) => Promise<void>;
}

export function createScheduler(
  ctx: CoreContext,
  engine: Pick<SyncEngine, 'syncNow' | 'isRunning'>,
  options: SchedulerOptions = {},
) {
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking: Promise<void> | null = null;
  let probeTimer: ReturnType<typeof setInterval> | null = null;
  let probing: Promise<void> | null = null;
  /** Per connection: the offline run the probes follow (its lastSyncAt), and how they went since. */
  const probes = new Map<number, { afterRunAt: string; failed: number; lastAt: number }>();

  const toSchedule = (row: typeof ascoraSyncSchedules.$inferSelect): Schedule => ({
    integrationId: row.integrationId,
    active: row.active,
    intervalMinutes: row.intervalMinutes,
    lastRunAt: row.lastRunAt,
    nextRunAt: row.nextRunAt,
    consecutiveFailures: row.consecutiveFailures,
  });

  function row(integrationId: number) {
    const existing = ctx.db
      .select()
      .from(ascoraSyncSchedules)
      .where(eq(ascoraSyncSchedules.integrationId, integrationId))
      .get();
    if (existing) return existing;
    const integration = ctx.db
      .select({ id: ascoraIntegrations.id })
      .from(ascoraIntegrations)
      .where(eq(ascoraIntegrations.id, integrationId))
      .get();
    if (!integration) throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists.');
    return ctx.db.insert(ascoraSyncSchedules).values({ integrationId }).returning().get();
  }

  /** One scheduled turn: the run (or the one it joins), then when the next is due. */
  async function runSchedule(schedule: typeof ascoraSyncSchedules.$inferSelect): Promise<void> {
    // Incremental, with a full pass when one is due (nightly by default: engine.ts).
    const summary = await engine.syncNow(schedule.integrationId, { kind: 'auto' }).catch(() => null);
    const failures = summary && summary.status !== 'failed' ? 0 : schedule.consecutiveFailures + 1;
    ctx.db
      .update(ascoraSyncSchedules)
      .set({
        lastRunAt: isoNow(ctx.clock),
        consecutiveFailures: failures,
        nextRunAt: new Date(nextRunAfter(ctx.clock.now(), schedule.intervalMinutes, failures)).toISOString(),
        updatedAt: isoNow(ctx.clock),
      })
      .where(eq(ascoraSyncSchedules.id, schedule.id))
      .run();
  }

  /** Runs every due schedule once; returns how many ran. Tests call it directly with a fake clock. */
  async function tick(): Promise<number> {
    const now = ctx.clock.now();
    const due = ctx.db
      .select({ schedule: ascoraSyncSchedules })
      .from(ascoraSyncSchedules)
      .innerJoin(ascoraIntegrations, eq(ascoraIntegrations.id, ascoraSyncSchedules.integrationId))
      // A disconnected connection waits for its person, not for a backoff.
      .where(and(eq(ascoraSyncSchedules.active, true), ne(ascoraIntegrations.state, 'disconnected')))
      .all()
      .map((r) => r.schedule)
      .filter((s) => !s.nextRunAt || Date.parse(s.nextRunAt) <= now);
    for (const schedule of due) await runSchedule(schedule);
    return due.length;
  }

  /**
   * Connections whose last run could not reach Ascora while changes wait to be sent: when a probe
   * is due (probeDelay after the run, then after each unanswered probe), ask Ascora for one row; if
   * it answers, sync now. Not for a connection whose schedule is off, that a person disconnected or
   * that needs a new key (readiness), nor when nothing waits. Returns how many syncs it started.
   */
  async function probeOffline(): Promise<number> {
    if (!options.probe) return 0;
    const offline = ctx.db
      .select({ schedule: ascoraSyncSchedules, lastSyncAt: ascoraIntegrations.lastSyncAt })
      .from(ascoraSyncSchedules)
      .innerJoin(ascoraIntegrations, eq(ascoraIntegrations.id, ascoraSyncSchedules.integrationId))
      .where(and(eq(ascoraSyncSchedules.active, true), eq(ascoraIntegrations.online, false)))
      .all();
    const offlineIds = new Set(offline.map((r) => r.schedule.integrationId));
    for (const id of probes.keys()) if (!offlineIds.has(id)) probes.delete(id);
    let synced = 0;
    for (const { schedule, lastSyncAt } of offline) {
      const integrationId = schedule.integrationId;
      if (!lastSyncAt || engine.isRunning(integrationId)) continue;
      const waiting = ctx.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.integrationId, integrationId), inArray(outbox.state, ['pending', 'sending'])))
        .limit(1)
        .get();
      if (!waiting) {
        probes.delete(integrationId);
        continue;
      }
      let state = probes.get(integrationId);
      // A run since (the schedule's, "Sync now") that was offline again: its probes start afresh.
      if (!state || state.afterRunAt !== lastSyncAt) {
        state = { afterRunAt: lastSyncAt, failed: 0, lastAt: Date.parse(lastSyncAt) };
        probes.set(integrationId, state);
      }
      if (ctx.clock.now() < state.lastAt + probeDelay(state.failed)) continue;
      if (await options.readiness?.(integrationId)) continue;
      const answered = await options.probe(integrationId).then(
        () => true,
        () => false,
      );
      if (!answered) {
        state.failed++;
        state.lastAt = ctx.clock.now();
        continue;
      }
      probes.delete(integrationId);
      ctx.logger.info('Ascora answers again: syncing the changes that wait', { integrationId });
      await runSchedule(schedule);
      synced++;
    }
    return synced;
  }

  /**
   * The app started, the network came back, the machine woke: every connection whose schedule is on
   * and that can sync without a person syncs now (joining a run that is going), unless it synced in
   * the last SIGNAL_QUIET_MS. Answers at once; the runs go on in the background.
   */
  async function signal(reason: SyncSignal): Promise<SyncSignalOutcome[]> {
    const rows = ctx.db
      .select({
        schedule: ascoraSyncSchedules,
        lastSyncAt: ascoraIntegrations.lastSyncAt,
        online: ascoraIntegrations.online,
      })
      .from(ascoraSyncSchedules)
      .innerJoin(ascoraIntegrations, eq(ascoraIntegrations.id, ascoraSyncSchedules.integrationId))
      .orderBy(ascoraSyncSchedules.integrationId)
      .all();
    const outcomes: SyncSignalOutcome[] = [];
    for (const { schedule, lastSyncAt, online } of rows) {
      const integrationId = schedule.integrationId;
      const skipped = (why: string): SyncSignalOutcome => ({ integrationId, outcome: 'skipped', reason: why });
      if (!schedule.active) {
        outcomes.push(skipped('automatic sync is off'));
        continue;
      }
      const notReady = await options.readiness?.(integrationId);
      if (notReady) {
        outcomes.push(skipped(notReady));
        continue;
      }
      // Checked after the await, right before starting: a run started meanwhile is joined, not doubled.
      if (engine.isRunning(integrationId)) {
        void engine.syncNow(integrationId, { kind: 'auto' }).catch(() => undefined);
        outcomes.push({ integrationId, outcome: 'joined', reason: null });
        continue;
      }
      // Only a run that reached Ascora counts: back online a few seconds after an offline run syncs.
      if (online && lastSyncAt && ctx.clock.now() - Date.parse(lastSyncAt) < SIGNAL_QUIET_MS) {
        outcomes.push(skipped('synced less than a minute ago'));
        continue;
      }
      void runSchedule(schedule).catch((error: unknown) =>
        // The run logs its own failure; this is its schedule row, e.g. when the app closed meanwhile.
        ctx.logger.warn('signalled sync could not update its schedule', { integrationId, error: String(error) }),
      );
      outcomes.push({ integrationId, outcome: 'started', reason: null });
    }
    ctx.logger.info('sync signal', { reason, outcomes });
    return outcomes;
  }

  return {
    tick,
    signal,
    probeOffline,
    get: (integrationId: number) => toSchedule(row(integrationId)),
    start(integrationId: number, intervalMinutes: number): Schedule {
      row(integrationId);
      ctx.db
        .update(ascoraSyncSchedules)
        .set({
          active: true,
          intervalMinutes,
          consecutiveFailures: 0,
          nextRunAt: isoNow(ctx.clock),
          updatedAt: isoNow(ctx.clock),
        })
        .where(eq(ascoraSyncSchedules.integrationId, integrationId))
        .run();
      return toSchedule(row(integrationId));
    },
    stop(integrationId: number): Schedule {
      row(integrationId);
      ctx.db
        .update(ascoraSyncSchedules)
        .set({ active: false, nextRunAt: null, updatedAt: isoNow(ctx.clock) })
        .where(eq(ascoraSyncSchedules.integrationId, integrationId))
        .run();
      return toSchedule(row(integrationId));
    },
    /** Background ticking for the running app (not used by tests, which call tick()). */
    startTimer(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (!ticking)
          ticking = tick()
            .then(
              () => undefined,
              () => undefined,
            )
            .finally(() => (ticking = null));
      }, options.tickMs ?? 30_000);
      timer.unref?.();
      probeTimer = setInterval(() => {
        if (!probing)
          probing = probeOffline()
            .then(
              () => undefined,
              (error: unknown) => ctx.logger.warn('probing Ascora failed', { error: String(error) }),
            )
            .finally(() => (probing = null));
      }, PROBE_CHECK_MS);
      probeTimer.unref?.();
    },
    async stopTimer(): Promise<void> {
      if (timer) clearInterval(timer);
      if (probeTimer) clearInterval(probeTimer);
      timer = null;
      probeTimer = null;
      await Promise.all([ticking, probing]);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
