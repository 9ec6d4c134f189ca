/**
 * Payments: recorded above zero, a method name the office set up in Ascora, not above what remains;
 * saved and queued in one transaction with its receipt number `RA-PAY-<data folder>-<id>` (unique
 * across the office's desktops, see receiptNumberFor; older payments keep `RA-PAY-<id>`). A
 * payment whose answer from Ascora was lost is never re-sent by itself: a person checks Ascora. One
 * that has not reached Ascora (waiting, or refused) can be changed, and sent again, or withdrawn.
 *
 * Warnings, not refusals, for what can be real but is often a slip (the person confirms, the call
 * says NEEDS_CONFIRMATION until then): a date in the future (a post-dated cheque recorded when it
 * arrives), a date before the invoice date (a deposit or an insurer's excess taken before the
 * invoice was raised). Once in Ascora a payment cannot be changed from here, so neither is ever
 * accepted silently. On an invoice whose GST Ascora did not send, what remains includes 10% GST
 * (shared/invoice-figures.ts): paying the total with GST is the normal case, not a warning.
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { InvoiceDetail, Payment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { formatDate, formatMoney } from '../../../shared/format';
import { dayIn } from '../../../shared/time';
import { NO_GST_WORDS } from '../../../shared/invoice-figures';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { appSettings, payments } from '../db/schema';
import type { Db } from '../db/types';
import type { HandlerMap } from '../ipc/types';
import { confirmCheck, enqueue, itemForRepair, openItem, requeueRepaired, takeBack } from '../sync/queue';
import { createInvoiceService, toPayment } from './invoices';
import { officeTimeZone, readSettings } from './settings';

type PaymentInput = Omit<ParsedInputOf<'invoices.recordPayment'>, 'invoiceId'>;
type PaymentRecord = typeof payments.$inferSelect;

/** Letters and digits a person reads and types without confusion (Crockford's: no I, L, O or U). */
const RECEIPT_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_ID_KEY = 'receiptFolderId';

/**
 * `RA-PAY-<this data folder's id>-<payment id>`. Local ids repeat across the office's desktops (each
 * has its own data folder), so a person checking Ascora for `RA-PAY-5` could find another desktop's
 * payment. The folder's id is made at its first payment and kept: five characters, 32^5 (about 33
 * million) choices, so even an office that has had 30 data folders shares one about once in 77,000.
 */
export function receiptNumberFor(tx: Pick<Db, 'select' | 'insert'>, paymentId: number): string {
  const made = Array.from({ length: 5 }, () => RECEIPT_ID_ALPHABET[randomInt(RECEIPT_ID_ALPHABET.length)]).join('');
  tx.insert(appSettings)
    .values({ key: RECEIPT_ID_KEY, valueJson: JSON.stringify(made) })
    .onConflictDoNothing()
    .run();
  const kept = tx.select().from(appSettings).where(eq(appSettings.key, RECEIPT_ID_KEY)).get();
  return `RA-PAY-${JSON.parse(kept!.valueJson) as string}-${paymentId}`;
}

export function createPaymentService(ctx: CoreContext) {
  const invoices = createInvoiceService(ctx);

  /**
   * Refuses what cannot be right, and returns the warnings a person must confirm. `replacing` is
   * the payment being changed: its own amount does not count against what remains.
   */
  function check(invoice: InvoiceDetail, input: PaymentInput, replacing: PaymentRecord | null): string[] {
    const methods = readSettings(ctx.db).paymentMethods;
    if (!methods.includes(input.paymentMethod)) {
      throw new AppError(
        'VALIDATION',
        `"${input.paymentMethod}" is not one of the payment methods set up (${methods.join(', ')}). Add it under Settings › Payment methods first.`,
      );
    }
    const warnings: string[] = [];
    // A refused payment does not count in what was paid (invoices.ts PAID_IN_APP); a waiting one does.
    const own = replacing && replacing.state !== 'failed' ? replacing.amountCents : 0;
    const remaining = invoice.remainingCents + own;
    // Remaining is with GST, added at 10% when Ascora sent none (shared/invoice-figures.ts): the
    // full payment of such an invoice is normal, and more than it is refused as on any invoice.
    if (input.amountCents > remaining) {
      throw new AppError(
        'VALIDATION',
        `The payment is more than what remains on invoice ${invoice.invoiceNumber} (${formatMoney(Math.max(0, remaining))}${invoice.gstFromAscora ? '' : `, with ${NO_GST_WORDS}`}).`,
      );
    }
    const today = dayIn(officeTimeZone(ctx.db), ctx.clock.now());
    if (input.paymentDate > today)
      warnings.push(
        `The payment date, ${formatDate(input.paymentDate)}, is in the future (today is ${formatDate(today)}).`,
      );
    const invoiceDay = invoice.invoiceDate?.slice(0, 10) ?? null;
    if (invoiceDay && input.paymentDate < invoiceDay) {
      warnings.push(
        `The payment date, ${formatDate(input.paymentDate)}, is before the invoice date, ${formatDate(invoiceDay)}.`,
      );
    }
    return warnings;
  }

  function requireConfirmation(warnings: string[], confirmed: boolean): void {
    if (warnings.length > 0 && !confirmed) {
      throw new AppError('NEEDS_CONFIRMATION', `Check before saving: ${warnings.join(' ')}`, { warnings });
    }
  }

  function record(input: ParsedInputOf<'invoices.recordPayment'>): Payment {
    const payment = ctx.db.transaction((tx) => {
      // Read inside the transaction, so two quick payments cannot both pass the check.
      const invoice = invoices.get(input.invoiceId);
      requireConfirmation(check(invoice, input, null), input.confirmWarnings);
      const now = isoNow(ctx.clock);
      const row = tx
        .insert(payments)
        .values({
          integrationId: (
            ctx.sqlite
              .prepare('SELECT integration_id AS id FROM ascora_invoices WHERE id = ?')
              .get(input.invoiceId) as { id: number }
          ).id,
          invoiceId: input.invoiceId,
          amountCents: input.amountCents,
          paymentDate: input.paymentDate,
          paymentMethod: input.paymentMethod,
          comment: input.comment,
          state: 'pending',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const receiptNumber = receiptNumberFor(tx, row.id);
      tx.update(payments).set({ receiptNumber }).where(eq(payments.id, row.id)).run();
      enqueue(tx, {
        integrationId: row.integrationId,
        kind: 'create_payment',
        recordId: row.id,
        marker: receiptNumber,
      });
      return { ...row, receiptNumber };
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [input.invoiceId] });
    return toPayment(payment);
  }

  function paymentRecord(paymentId: number): PaymentRecord {
    const payment = ctx.db.select().from(payments).where(eq(payments.id, paymentId)).get();
    if (!payment) throw new AppError('NOT_FOUND', 'That payment is no longer in the app. Refresh the invoice.');
    return payment;
  }

  const described = (p: PaymentRecord) => `Payment ${p.receiptNumber} (${formatMoney(p.amountCents)})`;

  /** A payment not yet in Ascora, changed: checked as a new one, then queued to be sent again. */
  function edit(input: ParsedInputOf<'invoices.editPayment'>): Payment {
    const before = paymentRecord(input.paymentId);
    ctx.db.transaction((tx) => {
      const item = itemForRepair(tx, ['create_payment'], before.id, described(before));
      const current = paymentRecord(before.id);
      requireConfirmation(check(invoices.get(current.invoiceId), input, current), input.confirmWarnings);
      tx.update(payments)
        .set({
          amountCents: input.amountCents,
          paymentDate: input.paymentDate,
          paymentMethod: input.paymentMethod,
          comment: input.comment,
          updatedAt: isoNow(ctx.clock),
        })
        .where(eq(payments.id, current.id))
        .run();
      requeueRepaired(tx, item);
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [before.invoiceId] });
    return toPayment(paymentRecord(before.id));
  }

  /** A payment not yet in Ascora, taken back: it and its queued send are removed; the log keeps a line. */
  function withdraw(paymentId: number): { withdrawn: true } {
    const payment = paymentRecord(paymentId);
    ctx.db.transaction((tx) => {
      const item = itemForRepair(tx, ['create_payment'], payment.id, described(payment));
      const invoice = invoices.get(payment.invoiceId);
      takeBack(tx, item, {
        integrationId: payment.integrationId,
        recordRef: payment.receiptNumber,
        message:
          `Payment ${payment.receiptNumber} withdrawn before it reached Ascora: ${formatMoney(payment.amountCents)} by ${payment.paymentMethod} ` +
          `on ${formatDate(payment.paymentDate)}, invoice ${invoice.invoiceNumber}${item.state === 'failed' ? ` (Ascora had refused it: ${item.lastError ?? 'no reason given'})` : ''}.`,
      });
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [payment.invoiceId] });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return { withdrawn: true };
  }

  /** A person looked in Ascora: found means done; not found means one re-send is safe. */
  function confirm(paymentId: number, foundInAscora: boolean): Payment {
    const payment = paymentRecord(paymentId);
    if (payment.state !== 'needs_check')
      throw new AppError('CONFLICT', 'Only a payment marked "check in Ascora" can be confirmed.');
    ctx.db.transaction((tx) => {
      const item = openItem(tx, ['create_payment'], paymentId, ['needs_check']);
      if (!item) throw new AppError('CONFLICT', 'Only a payment marked "check in Ascora" can be confirmed.');
      confirmCheck(tx, item, foundInAscora, isoNow(ctx.clock));
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [payment.invoiceId] });
    return toPayment(paymentRecord(paymentId));
  }

  const handlers = {
    'invoices.recordPayment': (input) => record(input),
    'invoices.editPayment': (input) => edit(input),
    'invoices.withdrawPayment': ({ paymentId }) => withdraw(paymentId),
    'invoices.confirmPayment': ({ paymentId, foundInAscora }) => confirm(paymentId, foundInAscora),
  } satisfies HandlerMap;
  return { record, edit, withdraw, confirm, handlers };
}
