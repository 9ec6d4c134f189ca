/**
 * Invoices as Ascora hands them to accounting (GetInvoicesToSend), with the payments recorded in
 * this app. Ascora gives no paid amount or status, so "remaining" is the total less payments
 * recorded here, and nothing is ever called paid or overdue.
 */
import { and, count, desc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { InvoiceDetail, InvoiceLine, InvoiceRow, Page, Payment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { addCalendarDays, dayIn } from '../../../shared/time';
import { invoiceTotalCents } from '../../../shared/money';
import type { CoreContext } from '../context';
import { ascoraInvoices, ascoraJobs, payments } from '../db/schema';
import { readSearch } from '../db/fts';
import type { HandlerMap } from '../ipc/types';
import { officeTimeZone } from './settings';
import { keysetList, nothingSearchablePage, pageQuery } from './keyset';

const i = ascoraInvoices;

/** Total to pay: with GST when Ascora gave a tax figure, else the ex-tax total (invoiceTotalCents in SQL). */
export const INVOICE_TOTAL = sql<number>`(${i.totalExTaxCents} + COALESCE(${i.taxCents}, 0))`;
/** What the payments recorded in this app add up to (failed ones do not count). */
export const PAID_IN_APP = sql<number>`COALESCE((SELECT SUM(${payments.amountCents}) FROM ${payments} WHERE ${payments.invoiceId} = ${i.id} AND ${payments.state} <> 'failed'), 0)`;
/** What remains to pay: the total less what was paid in this app. */
export const REMAINING = sql<number>`(${INVOICE_TOTAL} - ${PAID_IN_APP})`;

/** An invoice as the job and customer panels list it. */
export const INVOICE_SUMMARY_FIELDS = {
  id: i.id,
  invoiceNumber: i.invoiceNumber,
  invoiceDate: i.invoiceDate,
  totalCents: INVOICE_TOTAL,
  remainingCents: REMAINING,
};

/**
 * Invoices dated more than `days` days before the office's `today` (calendar days; the invoice
 * date is Ascora's local date, so only its YYYY-MM-DD part counts).
 */
export function invoiceOlderThan(today: string, days: number): SQL {
  const cutoff = addCalendarDays(today, -days);
  return sql`substr(${i.invoiceDate}, 1, 10) < ${cutoff}`;
}

const SORTS: Record<ParsedInputOf<'invoices.list'>['sort'], SQL<string | number>> = {
  invoiceDate: sql<string>`COALESCE(${i.invoiceDate}, '')`,
  invoiceNumber: sql<string>`${i.invoiceNumber}`,
  remaining: REMAINING,
};

/** An invoice's job, for its number and customer: Ascora names the job by its id. */
const withJob = and(eq(ascoraJobs.integrationId, i.integrationId), eq(ascoraJobs.ascoraJobId, i.ascoraJobId));

/** What a list row shows. */
const ROW_FIELDS = {
  id: i.id,
  ascoraInvoiceId: i.ascoraInvoiceId,
  invoiceNumber: i.invoiceNumber,
  invoiceDate: i.invoiceDate,
  jobNumber: ascoraJobs.jobNumber,
  customerName: ascoraJobs.siteCustomerName,
  totalExTaxCents: i.totalExTaxCents,
  taxCents: i.taxCents,
  paidCents: PAID_IN_APP,
  noLongerPending: i.noLongerPending,
};

type InvoiceRecord = Omit<InvoiceRow, 'paidInAppCents' | 'remainingCents'> & { paidCents: number };

function toRow(r: InvoiceRecord): InvoiceRow {
  return {
    id: r.id,
    ascoraInvoiceId: r.ascoraInvoiceId,
    invoiceNumber: r.invoiceNumber,
    invoiceDate: r.invoiceDate,
    jobNumber: r.jobNumber,
    customerName: r.customerName,
    totalExTaxCents: r.totalExTaxCents,
    taxCents: r.taxCents,
    paidInAppCents: r.paidCents,
    remainingCents: invoiceTotalCents(r) - r.paidCents,
    noLongerPending: r.noLongerPending,
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
    // Punctuation or an emoji alone is no search: no invoices, and the list says why.
    if (readSearch(q.search).kind === 'unsearchable') return nothingSearchablePage();
    const search = q.search.trim();
    const term = `%${search.replace(/[%_]/g, '')}%`;
    const sortBy = SORTS[q.sort];
    return keysetList(q, {
      sortBy,
      id: i.id,
      filters: [
        eq(i.integrationId, q.integrationId),
        search
          ? or(like(i.invoiceNumber, term), like(ascoraJobs.jobNumber, term), like(ascoraJobs.siteCustomerName, term))
          : undefined,
        q.outstandingOnly ? sql`${REMAINING} > 0` : undefined,
        q.includeExported ? undefined : eq(i.noLongerPending, false),
        q.olderThanDays ? invoiceOlderThan(dayIn(officeTimeZone(ctx.db), ctx.clock.now()), q.olderThanDays) : undefined,
      ],
      count: (where) => ctx.db.select({ n: count() }).from(i).leftJoin(ascoraJobs, withJob).where(where).get()?.n ?? 0,
      rows: (where, orderBy, limit) =>
        pageQuery(
          ctx.db
            .select({ ...ROW_FIELDS, sortValue: sortBy })
            .from(i)
            .leftJoin(ascoraJobs, withJob)
            .$dynamic(),
          where,
          orderBy,
          limit,
        ).all(),
      toRow: (r) => toRow(r),
    });
  }

  function get(invoiceId: number): InvoiceDetail {
    const r = ctx.db
      .select({ ...ROW_FIELDS, dueDate: i.dueDate, ascoraJobId: i.ascoraJobId, linesJson: i.linesJson })
      .from(i)
      .leftJoin(ascoraJobs, withJob)
      .where(eq(i.id, invoiceId))
      .get();
    if (!r) throw new AppError('NOT_FOUND', 'That invoice is no longer in the app. Refresh the list.');
    return {
      ...toRow(r),
      dueDate: r.dueDate,
      ascoraJobId: r.ascoraJobId,
      lines: JSON.parse(r.linesJson) as InvoiceLine[],
      payments: ctx.db
        .select()
        .from(payments)
        .where(eq(payments.invoiceId, invoiceId))
        .orderBy(desc(payments.id))
        .all()
        .map(toPayment),
    };
  }

  const handlers: HandlerMap = {
    'invoices.list': (q) => list(q),
    'invoices.get': ({ invoiceId }) => get(invoiceId),
  };
  return { list, get, handlers };
}
