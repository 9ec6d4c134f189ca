/**
 * The scheduler: runs due `ascora_sync_schedules` (the summary's schedules never ran: it had no
 * runner). After a failure the next run waits longer (interval x 2^failures, capped at 4 hours);
 * "Sync now" goes straight to the engine and skips any such wait.
 */
import { and, eq } from 'drizzle-orm';
import type { Schedule } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraSyncSchedules } from '../db/schema';
import type { SyncEngine } from './engine';

const MAX_BACKOFF_MS = 4 * 60 * 60_000;

export function nextRunAfter(nowMs: number, intervalMinutes: number, consecutiveFailures: number): number {
  const interval = intervalMinutes * 60_000;
  const wait = consecutiveFailures === 0 ? interval : Math.min(MAX_BACKOFF_MS, interval * 2 ** consecutiveFailures);
  return nowMs + Math.max(interval, wait);
}

export function createScheduler(
  ctx: CoreContext,
  engine: Pick<SyncEngine, 'syncNow'>,
  options: { tickMs?: number } = {},
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

  /** Runs every due schedule once; returns how many ran. Tests call it directly with a fake clock. */
  async function tick(): Promise<number> {
    const now = ctx.clock.now();
    const due = ctx.db
      .select()
      .from(ascoraSyncSchedules)
      .where(and(eq(ascoraSyncSchedules.active, true)))
      .all()
      .filter((s) => !s.nextRunAt || Date.parse(s.nextRunAt) <= now);
    for (const schedule of due) {
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
    return due.length;
  }

  return {
    tick,
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
