/**
 * What the last sync brought: the jobs the newest finished run wrote. A pull writes a row only when
 * Ascora's content changed (its `pulled_at`), and a row it added has its `created_at` in the run
 * (both on the app's clock, as the run's log row is), so no extra bookkeeping is kept for it.
 */
import { and, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { LastSyncChange } from '../../../shared/domain';
import { ascoraJobs, ascoraSyncLogs } from '../db/schema';
import type { Db } from '../db/types';

export interface RunWindow {
  startedAt: string;
  finishedAt: string;
}

/** The newest run that has ended (whatever its outcome: a failed run's pages are in the mirror too). */
export function lastRunWindow(db: Pick<Db, 'select'>, integrationId: number): RunWindow | null {
  const run = db
    .select({ startedAt: ascoraSyncLogs.createdAt, durationMs: ascoraSyncLogs.durationMs })
    .from(ascoraSyncLogs)
    .where(
      and(
        eq(ascoraSyncLogs.integrationId, integrationId),
        eq(ascoraSyncLogs.kind, 'run'),
        ne(ascoraSyncLogs.status, 'running'),
      ),
    )
    .orderBy(desc(ascoraSyncLogs.id))
    .limit(1)
    .get();
  if (!run) return null;
  const finishedAt = new Date(Date.parse(run.startedAt) + (run.durationMs ?? 0)).toISOString();
  return { startedAt: run.startedAt, finishedAt };
}

/** The jobs a run wrote: `new` ones it added, `updated` ones it changed. Never matches when there was no run. */
export function jobsWrittenBy(window: RunWindow | null, change: LastSyncChange): SQL {
  if (!window) return sql`0`;
  const j = ascoraJobs;
  const written = and(gte(j.pulledAt, window.startedAt), lte(j.pulledAt, window.finishedAt));
  return change === 'new'
    ? and(written, gte(j.createdAt, window.startedAt))!
    : and(written, sql`${j.createdAt} < ${window.startedAt}`)!;
}
