/** The Dashboard's counts and charts, each one GROUP BY in SQLite: no rows are loaded to count them. */
import type { DashboardSummary } from '../../../shared/domain';
import type { CoreContext } from '../context';
import type { HandlerMap } from '../ipc/types';
import { INVOICE_TOTAL_SQL, PAID_IN_APP_SQL } from './invoices';
import { EFFECTIVE_STATUS_SQL } from './jobs';

const BUCKETS: DashboardSummary['invoiceAgeing'][number]['bucket'][] = ['0-30', '31-60', '61-90', '90+'];

export function createDashboardService(ctx: CoreContext) {
  function summary(integrationId: number): DashboardSummary {
    const count = (table: string) => (ctx.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE integration_id = ?`).get(integrationId) as { n: number }).n;
    const jobsByStatus = ctx.sqlite
      .prepare(`SELECT ${EFFECTIVE_STATUS_SQL} AS status, COUNT(*) AS count FROM ascora_jobs j WHERE j.integration_id = ? GROUP BY status ORDER BY count DESC`)
      .all(integrationId) as { status: string; count: number }[];
    const today = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    const ageing = ctx.sqlite
      .prepare(
        `SELECT CASE
           WHEN age <= 30 THEN '0-30' WHEN age <= 60 THEN '31-60' WHEN age <= 90 THEN '61-90' ELSE '90+' END AS bucket,
           SUM(remaining) AS amount
         FROM (SELECT CAST(julianday(?) - julianday(substr(i.invoice_date, 1, 10)) AS INTEGER) AS age,
                      ${INVOICE_TOTAL_SQL} - ${PAID_IN_APP_SQL} AS remaining
               FROM ascora_invoices i
               WHERE i.integration_id = ? AND i.no_longer_pending = 0 AND i.invoice_date IS NOT NULL)
         WHERE remaining > 0 GROUP BY bucket`,
      )
      .all(today, integrationId) as { bucket: string; amount: number }[];
    return {
      jobCount: count('ascora_jobs'),
      customerCount: count('ascora_customers'),
      invoiceCount: (ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM ascora_invoices WHERE integration_id = ? AND no_longer_pending = 0').get(integrationId) as { n: number }).n,
      jobsByStatus,
      invoiceAgeing: BUCKETS.map((bucket) => ({ bucket, amountCents: ageing.find((a) => a.bucket === bucket)?.amount ?? 0 })),
    };
  }
  const handlers: HandlerMap = { 'dashboard.summary': ({ integrationId }) => summary(integrationId) };
  return { summary, handlers };
}
