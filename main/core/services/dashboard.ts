/** The Dashboard's counts and charts, each one GROUP BY in SQLite: no rows are loaded to count them. */
import { and, count, desc, eq, gt, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DashboardSummary } from '../../../shared/domain';
import { dayIn } from '../../../shared/time';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { INVOICE_TOTAL, PAID_IN_APP } from './invoices';
import { EFFECTIVE_STATUS } from './jobs';
import { officeTimeZone } from './settings';

const BUCKETS: DashboardSummary['invoiceAgeing'][number]['bucket'][] = ['0-30', '31-60', '61-90', '90+'];

export function createDashboardService(ctx: CoreContext) {
  const countOf = (table: SQLiteTable, where: SQL | undefined) =>
    ctx.db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;

  function summary(integrationId: number): DashboardSummary {
    const jobsByStatus = ctx.db
      .select({ status: EFFECTIVE_STATUS, count: count() })
      .from(ascoraJobs)
      .where(and(eq(ascoraJobs.integrationId, integrationId), eq(ascoraJobs.remoteMissing, false)))
      .groupBy(EFFECTIVE_STATUS)
      .orderBy(desc(count()))
      .all();
    // The office's today, not UTC's: at 8 am in Sydney UTC is still on yesterday.
    const today = dayIn(officeTimeZone(ctx.db), ctx.clock.now());
    // Each open invoice's age in days and what remains on it, then summed per age bucket.
    const open = ctx.db
      .select({
        age: sql<number>`CAST(julianday(${today}) - julianday(substr(${ascoraInvoices.invoiceDate}, 1, 10)) AS INTEGER)`.as(
          'age',
        ),
        remaining: sql<number>`${INVOICE_TOTAL} - ${PAID_IN_APP}`.as('remaining'),
      })
      .from(ascoraInvoices)
      .where(
        and(
          eq(ascoraInvoices.integrationId, integrationId),
          eq(ascoraInvoices.noLongerPending, false),
          isNotNull(ascoraInvoices.invoiceDate),
        ),
      )
      .as('open');
    const bucket = sql<string>`CASE WHEN ${open.age} <= 30 THEN '0-30' WHEN ${open.age} <= 60 THEN '31-60' WHEN ${open.age} <= 90 THEN '61-90' ELSE '90+' END`;
    const ageing = ctx.db
      .select({ bucket, amount: sql<number>`SUM(${open.remaining})` })
      .from(open)
      .where(gt(open.remaining, 0))
      .groupBy(bucket)
      .all();
    return {
      // Records Ascora no longer has are kept, but not counted as the office's jobs and customers.
      jobCount: countOf(
        ascoraJobs,
        and(eq(ascoraJobs.integrationId, integrationId), eq(ascoraJobs.remoteMissing, false)),
      ),
      customerCount: countOf(
        ascoraCustomers,
        and(eq(ascoraCustomers.integrationId, integrationId), eq(ascoraCustomers.remoteMissing, false)),
      ),
      invoiceCount: countOf(
        ascoraInvoices,
        and(eq(ascoraInvoices.integrationId, integrationId), eq(ascoraInvoices.noLongerPending, false)),
      ),
      jobsByStatus,
      invoiceAgeing: BUCKETS.map((b) => ({ bucket: b, amountCents: ageing.find((a) => a.bucket === b)?.amount ?? 0 })),
    };
  }
  const handlers: HandlerMap = { 'dashboard.summary': ({ integrationId }) => summary(integrationId) };
  return { summary, handlers };
}
