/**
 * The Today screen's figures, each a COUNT or SUM in SQLite (no rows are loaded to count them), and
 * each computed with the same condition as the list it opens (jobs.list, invoices.list), so a figure
 * and its list never disagree.
 */
import { and, count, desc, eq, gt, gte, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { LastSyncChange, TodaySummary } from '../../../shared/domain';
import { AGEING_BUCKETS, type AgeingBucket } from '../../../shared/invoice-figures';
import { addCalendarDays, dayIn, dayStartUtc } from '../../../shared/time';
import type { CoreContext } from '../context';
import { ascoraIntegrations, ascoraInvoices, ascoraJobs, conflicts, outbox, reports } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { noLongerInAscora } from './attention';
import { ageingBucketSql, DUE_DAY, REMAINING } from './invoices';
import { duplicateJobs } from './problems';
import { EFFECTIVE_STATUS } from './jobs';
import { jobsWrittenBy, lastRunWindow } from './last-sync';
import { officeTimeZone } from './settings';

/** How many of the last sync's jobs are named on the screen; the figures link to all of them. */
const LAST_SYNC_SHOWN = 5;

export function createDashboardService(ctx: CoreContext) {
  function summary(integrationId: number): TodaySummary {
    // The office's today (Settings' time zone), not UTC's: at 8 am in Sydney UTC is still on yesterday.
    const zone = officeTimeZone(ctx.db);
    const today = dayIn(zone, ctx.clock.now());
    const integration = ctx.db
      .select({ lastSuccessAt: ascoraIntegrations.lastSuccessAt })
      .from(ascoraIntegrations)
      .where(eq(ascoraIntegrations.id, integrationId))
      .get();

    const window = lastRunWindow(ctx.db, integrationId);
    const jobsOf = (change: LastSyncChange) =>
      and(eq(ascoraJobs.integrationId, integrationId), jobsWrittenBy(window, change));
    const countJobs = (change: LastSyncChange) =>
      ctx.db.select({ n: count() }).from(ascoraJobs).where(jobsOf(change)).get()?.n ?? 0;
    const named = (change: LastSyncChange) =>
      ctx.db
        .select({ id: ascoraJobs.id, jobNumber: ascoraJobs.jobNumber, jobName: ascoraJobs.jobName })
        .from(ascoraJobs)
        .where(jobsOf(change))
        .orderBy(desc(ascoraJobs.dateCreated), desc(ascoraJobs.id))
        .limit(LAST_SYNC_SHOWN)
        .all()
        .map((job) => ({ ...job, change }));

    const waiting = ctx.db
      .select({ state: outbox.state, kind: outbox.kind, n: count() })
      .from(outbox)
      .where(and(eq(outbox.integrationId, integrationId), sql`${outbox.state} IN ('failed', 'needs_check')`))
      .groupBy(outbox.state, outbox.kind)
      .all();
    const sum = (pick: (row: (typeof waiting)[number]) => boolean) =>
      waiting.filter(pick).reduce((total, row) => total + row.n, 0);

    // The day's first instant to the next day's, by the calendar: 23 or 25 hours on a daylight-saving change.
    const [dayStart, dayEnd] = [dayStartUtc(zone, today), dayStartUtc(zone, addCalendarDays(today, 1))];
    const todaysJobs = ctx.db
      .select({ status: EFFECTIVE_STATUS, count: count() })
      .from(ascoraJobs)
      // As the Jobs list counts them: one Ascora no longer has is there too, badged so.
      .where(
        and(
          eq(ascoraJobs.integrationId, integrationId),
          gte(ascoraJobs.dateCreated, dayStart),
          lt(ascoraJobs.dateCreated, dayEnd),
        ),
      )
      .groupBy(EFFECTIVE_STATUS)
      .orderBy(desc(count()), EFFECTIVE_STATUS)
      .all();

    // Xero's aged receivables: each open invoice in one bucket (grouped by the conditions the
    // Invoices list filters with), so the buckets add up to what is outstanding. MATERIALIZED
    // works out each invoice's due day and remaining amount once, not once per bucket condition
    // (SQLite would otherwise copy the expressions into each: 5x slower at 20,000 invoices).
    const open = ctx.db
      .select({ dueDay: DUE_DAY.as('due_day'), remaining: REMAINING.as('remaining') })
      .from(ascoraInvoices)
      .where(
        and(
          eq(ascoraInvoices.integrationId, integrationId),
          eq(ascoraInvoices.noLongerPending, false),
          gt(REMAINING, 0),
        ),
      );
    const bucketOf = ageingBucketSql(today, sql`${sql.identifier('due_day')}`);
    const byBucket = new Map(
      ctx.db
        .all<{ bucket: AgeingBucket; n: number; remaining: number }>(
          sql`WITH open_invoices AS MATERIALIZED ${open} SELECT ${bucketOf} AS bucket, count(*) AS n, COALESCE(SUM(remaining), 0) AS remaining FROM open_invoices GROUP BY bucket`,
        )
        .map((row) => [row.bucket, row]),
    );
    const ageing = AGEING_BUCKETS.map((bucket) => ({
      bucket,
      count: byBucket.get(bucket)?.n ?? 0,
      remainingCents: byBucket.get(bucket)?.remaining ?? 0,
    }));
    const outstanding = {
      count: ageing.reduce((sum, row) => sum + row.count, 0),
      remainingCents: ageing.reduce((sum, row) => sum + row.remainingCents, 0),
    };

    return {
      today,
      firstSyncPending: !integration?.lastSuccessAt,
      lastSync: {
        finishedAt: window?.finishedAt ?? null,
        newJobs: countJobs('new'),
        updatedJobs: countJobs('updated'),
        jobs: [...named('new'), ...named('updated')],
      },
      needsPerson: {
        refused: sum((r) => r.state === 'failed'),
        toCheck: sum((r) => r.state === 'needs_check' && r.kind !== 'create_payment'),
        paymentsToCheck: sum((r) => r.state === 'needs_check' && r.kind === 'create_payment'),
        conflicts:
          ctx.db
            .select({ n: count() })
            .from(conflicts)
            .where(and(eq(conflicts.integrationId, integrationId), isNull(conflicts.resolvedAt)))
            .get()?.n ?? 0,
        reportsWithoutJob:
          ctx.db
            .select({ n: count() })
            .from(reports)
            .where(
              notExists(
                ctx.db
                  .select({ one: sql`1` })
                  .from(ascoraJobs)
                  .where(eq(ascoraJobs.reportId, reports.reportId)),
              ),
            )
            .get()?.n ?? 0,
        duplicateJobs: duplicateJobs(ctx, integrationId).length,
      },
      noLongerInAscora: noLongerInAscora(ctx.db, integrationId),
      todaysJobs,
      ageing,
      outstanding,
    };
  }
  const handlers = { 'dashboard.summary': ({ integrationId }) => summary(integrationId) } satisfies HandlerMap;
  return { summary, handlers };
}
