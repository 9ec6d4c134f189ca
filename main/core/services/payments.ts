/**
 * Recording a payment: above zero, not above what remains, a method name the office set up in
 * Ascora; saved and queued in one transaction with its receipt number `RA-PAY-<id>`. A payment
 * whose answer from Ascora was lost is never re-sent by itself: a person checks Ascora.
 */
import { eq } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Payment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/format';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { payments } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { confirmCheck, enqueue, openItem } from '../sync/queue';
import { createInvoiceService, toPayment } from './invoices';
import { readSettings } from './settings';

export function createPaymentService(ctx: CoreContext) {
  const invoices = createInvoiceService(ctx);

  function record(input: ParsedInputOf<'invoices.recordPayment'>): Payment {
    const methods = readSettings(ctx.db).paymentMethods;
    if (!methods.includes(input.paymentMethod)) {
      throw new AppError('VALIDATION', `"${input.paymentMethod}" is not one of the payment methods set up (${methods.join(', ')}). Add it under Settings › Payment methods first.`);
    }
    const payment = ctx.db.transaction((tx) => {
      // Read inside the transaction, so two quick payments cannot both pass the check.
      const invoice = invoices.get(input.invoiceId);
      if (input.amountCents > invoice.remainingCents) {
        throw new AppError('VALIDATION', `The payment is more than what remains on invoice ${invoice.invoiceNumber} (${formatMoney(Math.max(0, invoice.remainingCents))}).`);
      }
      const now = isoNow(ctx.clock);
      const row = tx
        .insert(payments)
        .values({
          integrationId: (ctx.sqlite.prepare('SELECT integration_id AS id FROM ascora_invoices WHERE id = ?').get(input.invoiceId) as { id: number }).id,
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
      const receiptNumber = `RA-PAY-${row.id}`;
      tx.update(payments).set({ receiptNumber }).where(eq(payments.id, row.id)).run();
      enqueue(tx, { integrationId: row.integrationId, kind: 'create_payment', recordId: row.id, marker: receiptNumber });
      return { ...row, receiptNumber };
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [input.invoiceId] });
    return toPayment(payment);
  }

  /** A person looked in Ascora: found means done; not found means one re-send is safe. */
  function confirm(paymentId: number, foundInAscora: boolean): Payment {
    const payment = ctx.db.select().from(payments).where(eq(payments.id, paymentId)).get();
    if (!payment) throw new AppError('NOT_FOUND', 'That payment is no longer in the app.');
    if (payment.state !== 'needs_check') throw new AppError('CONFLICT', 'Only a payment marked "check in Ascora" can be confirmed.');
    ctx.db.transaction((tx) => {
      const item = openItem(tx, ['create_payment'], paymentId, ['needs_check']);
      if (!item) throw new AppError('CONFLICT', 'Only a payment marked "check in Ascora" can be confirmed.');
      confirmCheck(tx, item, foundInAscora, isoNow(ctx.clock));
    });
    ctx.events.emit('record.changed', { entity: 'invoice', ids: [payment.invoiceId] });
    return toPayment(ctx.db.select().from(payments).where(eq(payments.id, paymentId)).get()!);
  }

  const handlers: HandlerMap = {
    'invoices.recordPayment': (input) => record(input),
    'invoices.confirmPayment': ({ paymentId, foundInAscora }) => confirm(paymentId, foundInAscora),
  };
  return { record, confirm, handlers };
}
