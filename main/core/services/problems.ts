/**
 * The Sync centre's to-do list: every queued change that needs a person (refused by Ascora, or
 * sent with its answer lost), named as the office names things (customer name, job number or
 * report, payment receipt and invoice number), with where to open it. Its length is the Dashboard's
 * "need attention" count: both are the outbox's failed and needs_check items.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { RecordRef, SyncProblem, UnsentChanges } from '../../../shared/domain';
import { formatMoney } from '../../../shared/format';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, outbox, payments, reports } from '../db/schema';
import type { Db } from '../db/types';
import type { HandlerMap } from '../ipc/types';

export const CHANGE_WORDS: Record<string, string> = {
  create_customer: 'New customer',
  update_customer: 'Customer change',
  create_job: 'New job',
  create_payment: 'Payment',
  customers: 'Customer from Ascora',
  jobs: 'Job from Ascora',
  invoices: 'Invoice from Ascora',
};

/** The record a queued change is about; null when it is no longer in the app. */
export function describeChange(db: Pick<Db, 'select'>, kind: string, recordId: number): RecordRef | null {
  const what = CHANGE_WORDS[kind] ?? kind;
  if (kind === 'create_customer' || kind === 'update_customer') {
    const c = db
      .select({ name: ascoraCustomers.customerName })
      .from(ascoraCustomers)
      .where(eq(ascoraCustomers.id, recordId))
      .get();
    return c ? { what, name: c.name || 'A customer with no name', open: { entity: 'customer', id: recordId } } : null;
  }
  if (kind === 'create_job') {
    const j = db
      .select({ number: ascoraJobs.jobNumber, name: ascoraJobs.jobName, client: reports.clientName })
      .from(ascoraJobs)
      .leftJoin(reports, eq(reports.reportId, ascoraJobs.reportId))
      .where(eq(ascoraJobs.id, recordId))
      .get();
    if (!j) return null;
    const name = j.number
      ? `Job ${j.number}, ${j.name}`
      : `“${j.name}”${j.client ? `, from the report for ${j.client}` : ''}`;
    return { what, name, open: { entity: 'job', id: recordId } };
  }
  if (kind === 'create_payment') {
    const p = db
      .select({
        receipt: payments.receiptNumber,
        amount: payments.amountCents,
        invoiceId: payments.invoiceId,
        invoice: ascoraInvoices.invoiceNumber,
      })
      .from(payments)
      .innerJoin(ascoraInvoices, eq(ascoraInvoices.id, payments.invoiceId))
      .where(eq(payments.id, recordId))
      .get();
    return p
      ? {
          what,
          name: `${p.receipt} of ${formatMoney(p.amount)} on invoice ${p.invoice}`,
          open: { entity: 'invoice', id: p.invoiceId },
        }
      : null;
  }
  return null;
}

/** A change whose record was taken back since. */
const goneRecord = (kind: string): RecordRef => ({
  what: CHANGE_WORDS[kind] ?? kind,
  name: 'No longer in the app',
  open: null,
});

/** Every outbox state whose change Ascora does not have (yet, or maybe: needs_check). */
const UNSENT_STATES = ['pending', 'sending', 'failed', 'needs_check'] as const;
/** How many a disconnect dialog names; the rest are counted. */
export const UNSENT_NAMED = 5;

/** What a wipe would lose: the count, and the first few named as the Sync centre names them. */
export function unsentChanges(db: Pick<Db, 'select'>, integrationId: number): UnsentChanges {
  const where = and(eq(outbox.integrationId, integrationId), inArray(outbox.state, [...UNSENT_STATES]));
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const first = db
    .select({ kind: outbox.kind, recordId: outbox.recordId })
    .from(outbox)
    .where(where)
    .orderBy(outbox.id)
    .limit(UNSENT_NAMED)
    .all()
    .map((item) => describeChange(db, item.kind, item.recordId) ?? goneRecord(item.kind));
  return { count: total, first };
}

export function createProblemService(ctx: CoreContext) {
  function list(integrationId: number): SyncProblem[] {
    const items = ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.integrationId, integrationId), inArray(outbox.state, ['failed', 'needs_check'])))
      .orderBy(outbox.id)
      .all();
    return items.map((item) => {
      const ref = describeChange(ctx.db, item.kind, item.recordId) ?? goneRecord(item.kind);
      return {
        ...ref,
        outboxId: item.id,
        state: item.state === 'failed' ? 'refused' : 'check',
        reason: item.lastError,
        since: item.updatedAt,
        paymentId: item.kind === 'create_payment' ? item.recordId : null,
      };
    });
  }
  const handlers: HandlerMap = {
    'sync.problems': ({ integrationId }) => list(integrationId),
    'sync.unsent': ({ integrationId }) => unsentChanges(ctx.db, integrationId),
  };
  return { list, handlers };
}
