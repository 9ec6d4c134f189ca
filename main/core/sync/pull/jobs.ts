/** Jobs: a full pass, or the recent created-date window; a job this app created is adopted by its report marker. */
import { and, eq, isNull } from 'drizzle-orm';
import { addCalendarDays, dayIn } from '../../../../shared/time';
import type { AscoraJob, ValidRecord } from '../../ascora/types';
import { isoNow } from '../../clock';
import { ascoraJobs, syncCheckpoints } from '../../db/schema';
import { createRowWriter } from '../../db/row-writer';
import { contentHash } from '../canonical';
import { jobColumns, jobMarkerIn, reportIdOfMarker } from '../mapping';
import { openItem, settleJobCreated } from '../queue';
import { RECENT_DAYS, type PullOptions, type PullResult } from './options';
import { markMissing, pullPaged, pullWindow, type PagedSpec, type Tx } from './paged';

export function pullJobs(o: PullOptions): Promise<PullResult> {
  const statements = jobStatements(o);
  const spec: PagedSpec<AscoraJob> = {
    entity: 'jobs',
    fetch: (page, signal, onRetry) => o.client.listJobs({ page, pageSize: o.pageSize }, signal, onRetry),
    idOf: (j) => j.jobId,
    apply: (tx, records) => [applyJobs(o, tx, records, statements), 0],
    markMissing: (tx, seen) =>
      markMissing(tx, ascoraJobs, ascoraJobs.ascoraJobId, ascoraJobs.jobNumber, o.integrationId, seen),
    // By number (the API has no job by id); a number that now names another job is not this one.
    lookUp: async (c, signal, onRetry) => {
      const found = c.key ? await o.client.getJob(c.key, signal, onRetry) : null;
      return found && found.value.jobId === c.ascoraId ? found : null;
    },
    table: ascoraJobs,
  };
  if (o.kind === 'incremental') {
    const { startDate, endDate } = recentWindow(o);
    return pullWindow(o, {
      ...spec,
      fetch: (page, signal, onRetry) =>
        o.client.listJobs({ page, pageSize: o.pageSize, startDate, endDate }, signal, onRetry),
    });
  }
  return pullPaged(o, spec);
}

// ---- jobs -----------------------------------------------------------------------------------

/**
 * The per-row look-up and writes of a pull, prepared once per pull and reused for every row:
 * building and preparing the SQL for each row cost more than the writes (bench case 1).
 */
function jobStatements(o: PullOptions) {
  return {
    find: o.ctx.sqlite.prepare<
      [number, string],
      { id: number; contentHash: string | null; localStatusText: string | null; remoteMissing: 0 | 1 }
    >(
      'SELECT id, content_hash AS contentHash, local_status_text AS localStatusText, remote_missing AS remoteMissing FROM ascora_jobs WHERE integration_id = ? AND ascora_job_id = ?',
    ),
    rows: createRowWriter(o.ctx.sqlite, ascoraJobs),
  };
}

function applyJobs(
  o: PullOptions,
  tx: Tx,
  records: ValidRecord<AscoraJob>[],
  statements: ReturnType<typeof jobStatements>,
): number {
  let written = 0;
  const now = isoNow(o.ctx.clock);
  for (const { value, raw } of records) {
    const hash = contentHash(raw);
    const existing = statements.find.get(o.integrationId, value.jobId);
    if (existing && existing.contentHash === hash && !existing.remoteMissing) continue;
    const columns = {
      ...jobColumns(value),
      rawJson: JSON.stringify(raw),
      contentHash: hash,
      pulledAt: now,
      updatedAt: now,
      missingPasses: 0,
      remoteMissing: false,
      keptLocally: false,
    };
    if (existing) {
      // Ascora's fields only: the row's sync state (synced or local_only) is the queue's (queue.ts).
      statements.rows.update(existing.id, columns);
    } else if (!adoptCreatedJob(o, tx, value.jobDescription, columns)) {
      // createdAt on the app's clock: the Today screen tells the jobs a run added from those it changed.
      statements.rows.insert({ ...columns, integrationId: o.integrationId, baseJson: columns.rawJson, createdAt: now });
    }
    written++;
  }
  return written;
}

/**
 * A job made from a report here whose create's answer never arrived (a crash, a dropped
 * connection), or made by another desktop from the same report, shows up in the pull: its marker
 * (anywhere in the description: another user may have added lines) ties it to the report's row
 * here, still waiting for its create, which takes its Ascora id instead of a duplicate.
 */
function adoptCreatedJob(
  o: PullOptions,
  tx: Tx,
  description: string,
  columns: ReturnType<typeof jobColumns> & Record<string, unknown>,
): boolean {
  const marker = jobMarkerIn(description);
  if (!marker) return false;
  const reportId = reportIdOfMarker(marker);
  const local = tx
    .select({ id: ascoraJobs.id })
    .from(ascoraJobs)
    .where(
      and(
        eq(ascoraJobs.integrationId, o.integrationId),
        eq(ascoraJobs.reportId, reportId),
        isNull(ascoraJobs.ascoraJobId),
      ),
    )
    .get();
  if (!local) return false;
  tx.update(ascoraJobs)
    .set({ ...columns, baseJson: columns.rawJson as string })
    .where(eq(ascoraJobs.id, local.id))
    .run();
  // Its create is settled, whether it is waiting, in flight or was refused on a lost answer.
  const item = openItem(tx, ['create_job'], local.id, ['pending', 'failed', 'needs_check']);
  if (item) settleJobCreated(tx, item.id, local.id, columns.updatedAt as string);
  return true;
}

/**
 * The created-date window of an incremental run (ascora-api.md section 4): the last RECENT_DAYS days,
 * or back to the day before the last full pass of jobs if that is older (a computer off for weeks),
 * so every job created since that pass is in it. The office's days (Settings' time zone) on Ascora's
 * clock, which stamps the created dates (this computer's may be days off), a day of overlap each end:
 * StartDate/EndDate's zone and whether they are inclusive are [unknown].
 */
export function recentWindow(o: Pick<PullOptions, 'ctx' | 'integrationId' | 'timeZone' | 'ascoraNow'>): {
  startDate: string;
  endDate: string;
} {
  const zone = o.timeZone;
  const ascoraNow = o.ascoraNow();
  const today = dayIn(zone, ascoraNow);
  // The pass was timed by this computer's clock: moved onto Ascora's.
  const ascoraAhead = ascoraNow - o.ctx.clock.now();
  const lastFull = o.ctx.db
    .select({ at: syncCheckpoints.lastCompletedPassAt })
    .from(syncCheckpoints)
    .where(and(eq(syncCheckpoints.integrationId, o.integrationId), eq(syncCheckpoints.entity, 'jobs')))
    .get()?.at;
  const recent = addCalendarDays(today, -RECENT_DAYS);
  const beforeLastFull = lastFull ? addCalendarDays(dayIn(zone, Date.parse(lastFull) + ascoraAhead), -1) : recent;
  // YYYY-MM-DD strings sort as the days do.
  const since = beforeLastFull < recent ? beforeLastFull : recent;
  return { startDate: addCalendarDays(since, -1), endDate: addCalendarDays(today, 1) };
}
