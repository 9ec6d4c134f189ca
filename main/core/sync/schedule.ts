/**
 * The scheduler: runs due `ascora_sync_schedules` (the summary's schedules never ran: it had no
 * runner). After a failure the next run waits longer (interval x 2^failures, capped at 4 hours);
 * "Sync now" goes straight to the engine and skips any such wait. The machine's signals (the app
 * started, back online, awake) run every connection whose schedule is on at once (`signal`).
 */
import { and, eq, ne } from 'drizzle-orm';
import type { Schedule, SyncSignal, SyncSignalOutcome } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraSyncSchedules } from '../db/schema';
import type { SyncEngine } from './engine';

const MAX_BACKOFF_MS = 4 * 60 * 60_000;
/**
 * A signal shortly after a run does not run again: start-up followed by "back online", or a network
 * that flaps, gives one sync, not a storm. A signal during a run joins it.
 */
export const SIGNAL_QUIET_MS = 60_000;

export function nextRunAfter(nowMs: number, intervalMinutes: number, consecutiveFailures: number): number {
  const interval = intervalMinutes * 60_000;
  const wait = consecutiveFailures === 0 ? interval : Math.min(MAX_BACKOFF_MS, interval * 2 ** consecutiveFailures);
  return nowMs + Math.max(interval, wait);
}

export interface SchedulerOptions {
  tickMs?: number;
  /** Why a connection cannot sync without a person (no key, disconnected), or null when it can. */
  readiness?: (integrationId: number) => Promise<string | null>;
}

export function createScheduler(
  ctx: CoreContext,
  engine: Pick<SyncEngine, 'syncNow' | 'isRunning'>,
  options: SchedulerOptions = {},
) {
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking: Promise<void> | null = null;

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
   * The app started, the network came back, the machine woke: every connection whose schedule is on
   * and that can sync without a person syncs now (joining a run that is going), unless it synced in
   * the last SIGNAL_QUIET_MS. Answers at once; the runs go on in the background.
   */
  async function signal(reason: SyncSignal): Promise<SyncSignalOutcome[]> {
    const rows = ctx.db
      .select({ schedule: ascoraSyncSchedules, lastSyncAt: ascoraIntegrations.lastSyncAt })
      .from(ascoraSyncSchedules)
      .innerJoin(ascoraIntegrations, eq(ascoraIntegrations.id, ascoraSyncSchedules.integrationId))
      .orderBy(ascoraSyncSchedules.integrationId)
      .all();
    const outcomes: SyncSignalOutcome[] = [];
    for (const { schedule, lastSyncAt } of rows) {
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
      if (lastSyncAt && ctx.clock.now() - Date.parse(lastSyncAt) < SIGNAL_QUIET_MS) {
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
    },
    async stopTimer(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
