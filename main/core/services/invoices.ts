/**
 * Invoices as Ascora hands them to accounting (GetInvoicesToSend), with the payments recorded in
 * this app. Ascora gives no paid amount or status, so "remaining" is the total less payments
 * recorded here, and nothing is ever called paid or overdue.
 */
import { desc, eq } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { InvoiceDetail, InvoiceLine, InvoiceRow, Page, Payment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { payments } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { decodeCursor, encodeCursor, keysetCondition, listTotal } from './keyset';

/** Total to pay: with GST when Ascora gave a tax figure, else the ex-tax total. */
export const INVOICE_TOTAL_SQL = '(i.total_ex_tax_cents + COALESCE(i.tax_cents, 0))';
export const PAID_IN_APP_SQL = "COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id AND p.state <> 'failed'), 0)";

const SORTS = {
  invoiceDate: "COALESCE(i.invoice_date, '')",
  invoiceNumber: 'i.invoice_number',
  remaining: `(${INVOICE_TOTAL_SQL} - ${PAID_IN_APP_SQL})`,
} as const;

const SELECT = `SELECT i.*, j.job_number AS job_number, j.site_customer_name AS customer_name,
  ${PAID_IN_APP_SQL} AS paid_cents FROM ascora_invoices i
  LEFT JOIN ascora_jobs j ON j.integration_id = i.integration_id AND j.ascora_job_id = i.ascora_job_id`;

type InvoiceSqlRow = Record<string, unknown> & { id: number; total_ex_tax_cents: number; tax_cents: number | null; paid_cents: number };

function toRow(r: InvoiceSqlRow): InvoiceRow {
  const total = r.total_ex_tax_cents + (r.tax_cents ?? 0);
  return {
    id: r.id,
    ascoraInvoiceId: r.ascora_invoice_id as string,
    invoiceNumber: r.invoice_number as string,
    invoiceDate: r.invoice_date as string | null,
    jobNumber: (r.job_number as string | null) ?? null,
    customerName: (r.customer_name as string | null) ?? null,
    totalExTaxCents: r.total_ex_tax_cents,
    taxCents: r.tax_cents,
    paidInAppCents: r.paid_cents,
    remainingCents: total - r.paid_cents,
    noLongerPending: r.no_longer_pending === 1,
  };
}

export function toPayment(p: typeof payments.$inferSelect): Payment {
  return {
    id: p.id,
    amountCents: p.amountCents,
    paymentDate: p.paymentDate,
    paymentMethod: p.paymentMethod,
    receiptNumber: p.receiptNumber,
    comment: p.comment,
    state: p.state,
    lastError: p.lastError,
  };
}

export function createInvoiceService(ctx: CoreContext) {
  function list(q: ParsedInputOf<'invoices.list'>): Page<InvoiceRow> {
    const where = ['i.integration_id = ?'];
    const params: unknown[] = [q.integrationId];
    if (q.search.trim()) {
      const term = `%${q.search.trim().replace(/[%_]/g, '')}%`;
      where.push('(i.invoice_number LIKE ? OR j.job_number LIKE ? OR j.site_customer_name LIKE ?)');
      params.push(term, term, term);
    }
    if (q.outstandingOnly) where.push(`${INVOICE_TOTAL_SQL} - ${PAID_IN_APP_SQL} > 0`);
    if (!q.includeExported) where.push('i.no_longer_pending = 0');
    const from = 'ascora_invoices i LEFT JOIN ascora_jobs j ON j.integration_id = i.integration_id AND j.ascora_job_id = i.ascora_job_id';
    const sortExpr = SORTS[q.sort];
    const after = decodeCursor(q.cursor, q.sort);
    const total = listTotal(ctx.sqlite, from, where, params, after);
    if (after) {
      where.push(keysetCondition(sortExpr, 'i.id', q.direction));
      params.push(after.value, after.id);
    }
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = ctx.sqlite
      .prepare(`${SELECT.replace('FROM ascora_invoices i', `, ${sortExpr} AS sort_value FROM ascora_invoices i`)} WHERE ${where.join(' AND ')} ORDER BY ${sortExpr} ${dir}, i.id ${dir} LIMIT ?`)
      .all(...params, q.limit + 1) as InvoiceSqlRow[];
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(toRow),
      nextCursor: rows.length > q.limit && last ? encodeCursor(q.sort, last.sort_value as string | number, last.id, total) : null,
      total,
    };
  }

  function get(invoiceId: number): InvoiceDetail {
    const r = ctx.sqlite.prepare(`${SELECT} WHERE i.id = ?`).get(invoiceId) as InvoiceSqlRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'That invoice is no longer in the app. Refresh the list.');
    return {
      ...toRow(r),
      dueDate: r.due_date as string | null,
      ascoraJobId: r.ascora_job_id as string | null,
      lines: JSON.parse(r.lines_json as string) as InvoiceLine[],
      payments: ctx.db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(desc(payments.id)).all().map(toPayment),
    };
  }

  const handlers: HandlerMap = {
    'invoices.list': (q) => list(q),
    'invoices.get': ({ invoiceId }) => get(invoiceId),
  };
  return { list, get, handlers };
}
