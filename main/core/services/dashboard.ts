/** The Dashboard's counts and charts, each one GROUP BY in SQLite: no rows are loaded to count them. */
import { and, count, desc, eq, gt, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DashboardSummary } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { INVOICE_TOTAL, PAID_IN_APP } from './invoices';
import { EFFECTIVE_STATUS } from './jobs';

const BUCKETS: DashboardSummary['invoiceAgeing'][number]['bucket'][] = ['0-30', '31-60', '61-90', '90+'];

export function createDashboardService(ctx: CoreContext) {
  const countOf = (table: SQLiteTable, where: SQL | undefined) => ctx.db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;

  function summary(integrationId: number): DashboardSummary {
    const jobsByStatus = ctx.db
      .select({ status: EFFECTIVE_STATUS, count: count() })
      .from(ascoraJobs)
      .where(eq(ascoraJobs.integrationId, integrationId))
      .groupBy(EFFECTIVE_STATUS)
      .orderBy(desc(count()))
      .all();
    const today = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    // Each open invoice's age in days and what remains on it, then summed per age bucket.
    const open = ctx.db
      .select({
        age: sql<number>`CAST(julianday(${today}) - julianday(substr(${ascoraInvoices.invoiceDate}, 1, 10)) AS INTEGER)`.as('age'),
        remaining: sql<number>`${INVOICE_TOTAL} - ${PAID_IN_APP}`.as('remaining'),
      })
      .from(ascoraInvoices)
      .where(and(eq(ascoraInvoices.integrationId, integrationId), eq(ascoraInvoices.noLongerPending, false), isNotNull(ascoraInvoices.invoiceDate)))
      .as('open');
    const bucket = sql<string>`CASE WHEN ${open.age} <= 30 THEN '0-30' WHEN ${open.age} <= 60 THEN '31-60' WHEN ${open.age} <= 90 THEN '61-90' ELSE '90+' END`;
    const ageing = ctx.db
      .select({ bucket, amount: sql<number>`SUM(${open.remaining})` })
      .from(open)
      .where(gt(open.remaining, 0))
      .groupBy(bucket)
      .all();
    return {
      jobCount: countOf(ascoraJobs, eq(ascoraJobs.integrationId, integrationId)),
      customerCount: countOf(ascoraCustomers, eq(ascoraCustomers.integrationId, integrationId)),
      invoiceCount: countOf(ascoraInvoices, and(eq(ascoraInvoices.integrationId, integrationId), eq(ascoraInvoices.noLongerPending, false))),
      jobsByStatus,
      invoiceAgeing: BUCKETS.map((b) => ({ bucket: b, amountCents: ageing.find((a) => a.bucket === b)?.amount ?? 0 })),
    };
  }
  const handlers: HandlerMap = { 'dashboard.summary': ({ integrationId }) => summary(integrationId) };
  return { summary, handlers };
}
