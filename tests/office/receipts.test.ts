/**
 * Issue 19: payment receipt numbers are unique across the office's desktops (each has its own data
 * folder, so local ids repeat), and a payment parked for a check names what a person looks for in
 * Ascora: the invoice, the amount, the date and the receipt number it was sent with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Payment } from '../../shared/domain';
import { formatDate } from '../../shared/format';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';
import { one, okCaller } from '../support/sync';

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

async function openOffice(): Promise<[Desktop, Desktop]> {
  office = await createOfficeWorld({ desktops: 2, sim: { jobs: 30, customers: 12, invoices: 5 } });
  for (const d of office.desktops) await d.engine.syncNow(d.integrationId, { kind: 'full' });
  return office.desktops as [Desktop, Desktop];
}

/** The same invoice on every desktop (the first Ascora lists), by its local id on this one. */
const firstInvoice = (d: Desktop) =>
  one<{ id: number; invoice_number: string }>(
    d,
    'SELECT id, invoice_number FROM ascora_invoices WHERE ascora_invoice_id = ?',
    office!.sim.control.state().invoices[0]!.id,
  );

const recordPayment = (d: Desktop, amountCents: number, paymentDate: string): Promise<Payment> =>
  okCaller(d.registry)('invoices.recordPayment', {
    invoiceId: firstInvoice(d).id,
    amountCents,
    paymentDate,
    paymentMethod: 'EFT',
    confirmWarnings: true,
  });

describe('payment receipt numbers across the office', () => {
  it('gives two desktops’ first payments different receipt numbers, and each desktop keeps its own id for the next', async () => {
    const [a, b] = await openOffice();
    const fromA = await recordPayment(a, 1000, '2026-12-03');
    const fromB = await recordPayment(b, 1000, '2026-12-03');
    // The same local id on both desktops, but not the same receipt number.
    expect(fromA.id).toBe(fromB.id);
    expect(fromA.receiptNumber).toMatch(new RegExp(`^RA-PAY-[0-9A-Z]{5}-${fromA.id}$`));
    expect(fromB.receiptNumber).toMatch(new RegExp(`^RA-PAY-[0-9A-Z]{5}-${fromB.id}$`));
    expect(fromA.receiptNumber).not.toBe(fromB.receiptNumber);

    const again = await recordPayment(a, 500, '2026-12-04');
    expect(again.receiptNumber).toBe(fromA.receiptNumber.replace(/-\d+$/, `-${again.id}`));

    for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { entities: [] });
    const sent = office!.sim.control.state().payments.map((p) => p.receiptNumber);
    expect(sent).toHaveLength(3);
    expect(new Set(sent)).toEqual(new Set([fromA.receiptNumber, fromB.receiptNumber, again.receiptNumber]));
  });

  it('parks a payment whose answer was lost with the invoice, amount, date and the receipt number it was sent with', async () => {
    const [a] = await openOffice();
    const payment = await recordPayment(a, 25000, '2026-12-03');
    office!.sim.control.setFault('POST /Accounting/CreatePayment', { kind: 'dropAfterCommit', times: 1 });
    await a.engine.syncNow(a.integrationId, { entities: [] });
    const parked = one<{ state: string; last_error: string }>(
      a,
      "SELECT state, last_error FROM outbox WHERE kind = 'create_payment' AND record_id = ?",
      payment.id,
    );
    expect(parked.state).toBe('needs_check');
    expect(parked.last_error).toContain(
      `Check in Ascora whether invoice ${firstInvoice(a).invoice_number} has a payment of $250.00 dated ${formatDate('2026-12-03')} with receipt number ${payment.receiptNumber}`,
    );
    // What Ascora holds carries that very receipt number.
    expect(office!.sim.control.state().payments.map((p) => p.receiptNumber)).toEqual([payment.receiptNumber]);
  });
});
