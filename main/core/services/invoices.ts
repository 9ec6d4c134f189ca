/**
 * Invoices as Ascora hands them to accounting (GetInvoicesToSend), with the payments recorded in
 * this app. Ascora gives no paid amount or status, so "remaining" is the total (with GST) less
 * payments recorded here, and nothing is ever called paid. The figures are shared/invoice-figures.ts's.
 */
import { and, count, desc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { InvoiceDetail, InvoiceLine, InvoiceRow, Page, Payment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { dayIn } from '../../../shared/time';
import {
  AGEING_BUCKETS,
  ageingSpan,
  invoiceFigures,
  PAYMENT_TERMS_DAYS,
  type AgeingBucket,
} from '../../../shared/invoice-figures';
import type { CoreContext } from '../context';
import { ascoraInvoices, ascoraJobs, payments } from '../db/schema';
import { readSearch } from '../db/fts';
import type { HandlerMap } from '../ipc/types';
import { officeTimeZone } from './settings';
import { keysetList, nothingSearchablePage, pageQuery } from './keyset';

const i = ascoraInvoices;

/**
 * The figures of shared/invoice-figures.ts in SQL, for filtering, sorting and summing; each must
 * say what its namesake there says (tests/money/ holds them equal).
 */
/** gstOf: 10% of the ex-GST cents, half a cent away from zero, in integer division as there. */
const GST_ADDED = sql<number>`(CASE WHEN ${i.totalExTaxCents} >= 0 THEN (${i.totalExTaxCents} + 5) / 10 ELSE -((5 - ${i.totalExTaxCents}) / 10) END)`;
/** The total with GST: Ascora's GST, or 10% added when Ascora sent none. */
export const INVOICE_TOTAL = sql<number>`(${i.totalExTaxCents} + COALESCE(${i.taxCents}, ${GST_ADDED}))`;
/** What the payments recorded in this app add up to (failed ones do not count). */
export const PAID_IN_APP = sql<number>`COALESCE((SELECT SUM(${payments.amountCents}) FROM ${payments} WHERE ${payments.invoiceId} = ${i.id} AND ${payments.state} <> 'failed'), 0)`;
/** What remains to pay: the total less what was paid in this app. */
export const REMAINING = sql<number>`(${INVOICE_TOTAL} - ${PAID_IN_APP})`;
/** dueDayOf: Ascora's due day, else the invoice day plus the terms; NULL with neither. */
export const DUE_DAY = sql<
  string | null
>`COALESCE(date(substr(${i.dueDate}, 1, 10)), date(substr(${i.invoiceDate}, 1, 10), ${`+${PAYMENT_TERMS_DAYS} days`}))`;

/** An invoice as the job and customer panels list it. */
export const INVOICE_SUMMARY_FIELDS = {
  id: i.id,
  invoiceNumber: i.invoiceNumber,
  invoiceDate: i.invoiceDate,
  totalCents: INVOICE_TOTAL,
  remainingCents: REMAINING,
  gstFromAscora: sql<number>`(${i.taxCents} IS NOT NULL)`.mapWith(Boolean),
};

/** Each invoice's ageing bucket on the office's `today`, by the conditions inAgeingBucket filters with. */
export function ageingBucketSql(today: string, dueDay: SQL = DUE_DAY): SQL<AgeingBucket> {
  const cases = AGEING_BUCKETS.map((bucket) => sql`WHEN ${inAgeingBucket(bucket, today, dueDay)} THEN ${bucket}`);
  return sql<AgeingBucket>`(CASE ${sql.join(cases, sql` `)} END)`;
}

/**
 * Invoices in one ageing bucket on the office's `today` (ageingBucketOf in SQL). `dueDay` is
 * DUE_DAY, or a column already holding it (Today computes it once per invoice).
 */
export function inAgeingBucket(bucket: AgeingBucket, today: string, dueDay: SQL = DUE_DAY): SQL {
  if (bucket === 'undated') return sql`${dueDay} IS NULL`;
  const span = ageingSpan(bucket, today);
  return and(
    sql`${dueDay} IS NOT NULL`,
    span.from === null ? undefined : sql`${dueDay} >= ${span.from}`,
    span.before === null ? undefined : sql`${dueDay} < ${span.before}`,
  )!;
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

type InvoiceRecord = Pick<
  InvoiceRow,
  | 'id'
  | 'ascoraInvoiceId'
  | 'invoiceNumber'
  | 'invoiceDate'
  | 'jobNumber'
  | 'customerName'
  | 'totalExTaxCents'
  | 'taxCents'
  | 'noLongerPending'
> & { paidCents: number };

function toRow(r: InvoiceRecord): InvoiceRow {
  const figures = invoiceFigures({ ...r, paidInAppCents: r.paidCents });
  return {
    id: r.id,
    ascoraInvoiceId: r.ascoraInvoiceId,
    invoiceNumber: r.invoiceNumber,
    invoiceDate: r.invoiceDate,
    jobNumber: r.jobNumber,
    customerName: r.customerName,
    totalExTaxCents: r.totalExTaxCents,
    taxCents: r.taxCents,
    gstCents: figures.gstCents,
    gstFromAscora: figures.gstFromAscora,
    totalCents: figures.totalCents,
    paidInAppCents: figures.paidCents,
    remainingCents: figures.remainingCents,
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
    const people = readSearch(q.search);
    if (people.kind === 'unsearchable') return nothingSearchablePage();
    const search = q.search.trim();
    const term = `%${search.replace(/[%_]/g, '')}%`;
    const sortBy = SORTS[q.sort];
    return keysetList(q, {
      sortBy,
      id: i.id,
      filters: [
        eq(i.integrationId, q.integrationId),
        search
          ? or(
              like(i.invoiceNumber, term),
              like(ascoraJobs.jobNumber, term),
              like(ascoraJobs.siteCustomerName, term),
              // The job's people as the Jobs search finds them: its customer's phone in any format, email, names.
              people.kind === 'match'
                ? sql`${ascoraJobs.id} IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${`people : (${people.query})`})`
                : undefined,
            )
          : undefined,
        q.outstandingOnly ? sql`${REMAINING} > 0` : undefined,
        q.includeExported ? undefined : eq(i.noLongerPending, false),
        q.ageing ? inAgeingBucket(q.ageing, dayIn(officeTimeZone(ctx.db), ctx.clock.now())) : undefined,
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

  const handlers = {
    'invoices.list': (q) => list(q),
    'invoices.get': ({ invoiceId }) => get(invoiceId),
  } satisfies HandlerMap;
  return { list, get, handlers };
}
