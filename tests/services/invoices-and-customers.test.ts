import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConflictService } from '../../main/core/services/conflicts';
import { createCustomerService } from '../../main/core/services/customers';
import { createDashboardService } from '../../main/core/services/dashboard';
import { createInvoiceService } from '../../main/core/services/invoices';
import { createPaymentService } from '../../main/core/services/payments';
import { contract, type CustomerFields } from '../../shared/contract';
import { insertIntegration, tableChecksum } from '../support/db';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore({ clock: createFakeClock(Date.UTC(2026, 10, 24, 1, 0, 0)) });
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

function invoice(number: string, date: string, exCents: number, taxCents: number | null, exported = false): number {
  return Number(
    core.sqlite
      .prepare(
        'INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, total_ex_tax_cents, tax_cents, no_longer_pending) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(integrationId, `g-${number}`, number, date, exCents, taxCents, exported ? 1 : 0).lastInsertRowid,
  );
}
const payment = (invoiceId: number, amountCents: number, paymentMethod = 'EFT') =>
  createPaymentService(core).record(
    contract['invoices.recordPayment'].input.parse({
      invoiceId,
      amountCents,
      paymentDate: '2026-11-24',
      paymentMethod,
    }),
  );

describe('recording a payment', () => {
  it('saves it with its receipt number and queues it in the same transaction', () => {
    const id = invoice('INV-1', '2026-11-01T00:00:00', 50000, 5000);
    const recorded = payment(id, 20000);
    expect(recorded).toMatchObject({ amountCents: 20000, state: 'pending' });
    expect(recorded.receiptNumber).toMatch(new RegExp(`^RA-PAY-[0-9A-Z]{5}-${recorded.id}$`));
    expect(core.sqlite.prepare('SELECT kind, record_id, marker FROM outbox').all()).toEqual([
      { kind: 'create_payment', record_id: recorded.id, marker: recorded.receiptNumber },
    ]);
    expect(createInvoiceService(core).get(id)).toMatchObject({ paidInAppCents: 20000, remainingCents: 35000 });
  });

  it('refuses more than what remains, saying how much remains, and writes nothing', () => {
    const id = invoice('INV-2', '2026-11-01T00:00:00', 10000, null);
    payment(id, 6000);
    const before = tableChecksum(core.sqlite);
    // Ascora sent no GST for INV-2: its total is $110.00 with 10% GST added, so $50.00 remains.
    expect(() => payment(id, 5001)).toThrow(
      'The payment is more than what remains on invoice INV-2 ($50.00, with 10% GST added: Ascora sent none).',
    );
    expect(tableChecksum(core.sqlite)).toBe(before);
    const taxed = invoice('INV-2T', '2026-11-01T00:00:00', 10000, 1000);
    payment(taxed, 6000);
    expect(() => payment(taxed, 5001)).toThrow('The payment is more than what remains on invoice INV-2T ($50.00).');
  });

  it('refuses a payment method the office has not set up', () => {
    const id = invoice('INV-3', '2026-11-01T00:00:00', 10000, null);
    expect(() => payment(id, 100, 'Bitcoin')).toThrow(/Settings › Payment methods/);
  });

  it('settles a payment marked "check in Ascora" as the person found it', () => {
    const id = invoice('INV-4', '2026-11-01T00:00:00', 10000, null);
    const p = payment(id, 100);
    core.sqlite.prepare("UPDATE payments SET state = 'needs_check' WHERE id = ?").run(p.id);
    core.sqlite.prepare("UPDATE outbox SET state = 'needs_check', outcome_unknown = 1").run();
    expect(createPaymentService(core).confirm(p.id, false)).toMatchObject({ state: 'pending' });
    expect(core.sqlite.prepare('SELECT state, outcome_unknown FROM outbox').get()).toEqual({
      state: 'pending',
      outcome_unknown: 0,
    });
    expect(() => createPaymentService(core).confirm(p.id, true)).toThrow(/Only a payment marked/);
  });
});

describe('the invoice list and Today', () => {
  it('keeps exported invoices visible and marked, and filters outstanding ones', () => {
    const a = invoice('INV-10', '2026-11-20T00:00:00', 10000, 1000);
    invoice('INV-11', '2026-09-01T00:00:00', 20000, null, true);
    payment(a, 11000);
    const all = createInvoiceService(core).list(contract['invoices.list'].input.parse({ integrationId }));
    expect(all.rows.map((r) => [r.invoiceNumber, r.noLongerPending, r.remainingCents])).toEqual([
      ['INV-10', false, 0],
      ['INV-11', true, 22000],
    ]);
    const outstanding = createInvoiceService(core).list(
      contract['invoices.list'].input.parse({ integrationId, outstandingOnly: true, includeExported: false }),
    );
    expect(outstanding.total).toBe(0);
  });

  it("ages what remains on open invoices in Xero's buckets, less payments made here", () => {
    invoice('A', '2026-11-20T00:00:00', 10000, 1000);
    const b = invoice('B', '2026-10-10T00:00:00', 20000, null);
    invoice('C', '2026-09-01T00:00:00', 30000, null);
    invoice('D', '2026-01-01T00:00:00', 40000, null);
    invoice('E', '2026-01-01T00:00:00', 99900, null, true);
    payment(b, 5000);
    // Today is 24 November 2026; none has a due date, so each is due 14 days after its date:
    // A on 4 December (current), B 24 October (31 days past due), C 15 September (70), D 15 January (313).
    // Totals with GST (10% added where Ascora sent none); E was exported.
    const s = createDashboardService(core).summary(integrationId);
    expect(s.ageing).toEqual([
      { bucket: 'current', count: 1, remainingCents: 11000 },
      { bucket: '1-30', count: 0, remainingCents: 0 },
      { bucket: '31-60', count: 1, remainingCents: 22000 - 5000 },
      { bucket: '61-90', count: 1, remainingCents: 33000 },
      { bucket: 'over-90', count: 1, remainingCents: 44000 },
      { bucket: 'undated', count: 0, remainingCents: 0 },
    ]);
    expect(s.outstanding).toEqual({ count: 4, remainingCents: 11000 + 17000 + 33000 + 44000 });
  });
});

const fields = (overrides: Partial<CustomerFields> = {}): CustomerFields =>
  contract['customers.create'].input.parse({
    integrationId: 1,
    fields: {
      contactFirstName: 'Jane',
      contactLastName: 'Citizen',
      emailAddress: 'jane@example.com.au',
      phoneNumber: '02 9876 5432',
      ...overrides,
    },
  }).fields;

describe('customers', () => {
  it('validates email, Australian phone numbers and a name at the contract', () => {
    const input = contract['customers.create'].input;
    expect(
      input.safeParse({ integrationId: 1, fields: { contactFirstName: 'A', emailAddress: 'not-an-email' } }).success,
    ).toBe(false);
    expect(
      input.safeParse({ integrationId: 1, fields: { contactFirstName: 'A', phoneNumber: '555-1234' } }).success,
    ).toBe(false);
    expect(
      input.safeParse({ integrationId: 1, fields: { contactFirstName: 'A', mobileNumber: '0412 345 678' } }).success,
    ).toBe(true);
    expect(
      input.safeParse({ integrationId: 1, fields: { contactFirstName: 'A', phoneNumber: '+61 2 9876 5432' } }).success,
    ).toBe(true);
    expect(input.safeParse({ integrationId: 1, fields: { emailAddress: 'a@b.com.au' } }).success).toBe(false);
  });

  it('queues one item however many times a customer is edited before it is sent', () => {
    const service = createCustomerService(core);
    const created = service.create(integrationId, fields());
    service.update(created.id, fields({ phoneNumber: '0412 345 678' }));
    service.update(created.id, fields({ phoneNumber: '0412 345 678', contactLastName: 'Smith' }));
    expect(core.sqlite.prepare('SELECT kind FROM outbox').all()).toEqual([{ kind: 'create_customer' }]);
    expect(service.get(created.id)).toMatchObject({
      customerName: 'Jane Smith',
      phoneNumber: '0412 345 678',
      syncState: 'pending',
    });
  });

  it('resolves a conflict field by field: mine is kept and pushed, theirs is taken', () => {
    const service = createCustomerService(core);
    const c = service.create(integrationId, fields());
    core.sqlite
      .prepare(
        "UPDATE ascora_customers SET ascora_customer_id = 'g-1', sync_state = 'conflict', email_address = 'mine@x.com.au', phone_number = '02 1111 1111' WHERE id = ?",
      )
      .run(c.id);
    core.sqlite.prepare("UPDATE outbox SET state = 'done'").run();
    const conflictId = Number(
      core.sqlite
        .prepare(
          "INSERT INTO conflicts (integration_id, entity, record_id, fields_json, theirs_json) VALUES (?, 'customer', ?, ?, '{}')",
        )
        .run(
          integrationId,
          c.id,
          JSON.stringify([
            { field: 'emailAddress', base: 'jane@example.com.au', mine: 'mine@x.com.au', theirs: 'theirs@x.com.au' },
            { field: 'phoneNumber', base: '02 9876 5432', mine: '02 1111 1111', theirs: '02 2222 2222' },
          ]),
        ).lastInsertRowid,
    );
    expect(() => service.update(c.id, fields())).toThrow(/Resolve the conflict first/);
    const conflicts = createConflictService(core);
    expect(conflicts.list(integrationId)).toMatchObject([
      { id: conflictId, recordLabel: 'Jane Citizen', fields: [{ field: 'emailAddress' }, { field: 'phoneNumber' }] },
    ]);
    expect(() => conflicts.resolve(conflictId, { emailAddress: 'mine' })).toThrow(/every field/);
    conflicts.resolve(conflictId, { emailAddress: 'mine', phoneNumber: 'theirs' });
    expect(service.get(c.id)).toMatchObject({
      emailAddress: 'mine@x.com.au',
      phoneNumber: '02 2222 2222',
      syncState: 'pending',
      conflictId: null,
    });
    expect(core.sqlite.prepare("SELECT kind, state FROM outbox WHERE state = 'pending'").all()).toEqual([
      { kind: 'update_customer', state: 'pending' },
    ]);
  });

  it('takes every field from Ascora when the person chooses theirs throughout, leaving nothing to send', () => {
    const service = createCustomerService(core);
    const c = service.create(integrationId, fields());
    core.sqlite
      .prepare("UPDATE ascora_customers SET ascora_customer_id = 'g-2', sync_state = 'conflict' WHERE id = ?")
      .run(c.id);
    core.sqlite.prepare("UPDATE outbox SET state = 'done'").run();
    const conflictId = Number(
      core.sqlite
        .prepare(
          "INSERT INTO conflicts (integration_id, entity, record_id, fields_json, theirs_json) VALUES (?, 'customer', ?, ?, '{}')",
        )
        .run(
          integrationId,
          c.id,
          JSON.stringify([{ field: 'emailAddress', base: 'a', mine: 'jane@example.com.au', theirs: 'new@x.com.au' }]),
        ).lastInsertRowid,
    );
    createConflictService(core).resolve(conflictId, { emailAddress: 'theirs' });
    expect(service.get(c.id)).toMatchObject({ emailAddress: 'new@x.com.au', syncState: 'synced' });
  });
});
