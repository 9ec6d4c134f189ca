/**
 * Issue 13, item 1: putting right, from the record, a change Ascora has not got. Over the real
 * core, a SQLite file and the simulator over HTTP; Ascora's refusals come from its own rules (a
 * payment method the tenant lacks) or its reject fault, as a real tenant would answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { ChannelName, InputOf } from '../../shared/contract';
import { addCalendarDays, dayIn, systemTimeZone } from '../../shared/time';
import { gstOf } from '../../shared/invoice-figures';
import { tableChecksum } from '../support/db';
import { createSyncWorld, createWorldRegistry, one, rows, type SyncWorld } from '../support/sync';
import { editableFieldsOf } from '../support/customers';

let world: SyncWorld;
let registry: Registry;
beforeEach(async () => {
  world = await createSyncWorld({ jobs: 40, customers: 10, invoices: 8 });
  registry = createWorldRegistry(world);
  await world.engine.syncNow(world.integrationId);
});
afterEach(() => world.close());

async function ok<C extends ChannelName>(channel: C, input: InputOf<C>) {
  const result = await registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as never;
}
/** The call is refused with this code and a message matching `message`, and nothing in the file changed. */
async function refused<C extends ChannelName>(channel: C, input: InputOf<C>, code: string, message: RegExp) {
  const before = tableChecksum(world.core.sqlite);
  const result = await registry.invoke(channel, input);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
  }
  expect(tableChecksum(world.core.sqlite)).toBe(before);
  return result;
}
const sync = () => world.engine.syncNow(world.integrationId, { ignoreBackoff: true });

/** A customer made here whose create Ascora will refuse once (an invalid email, it says). */
async function newCustomerAscoraWillRefuse(): Promise<{ id: number }> {
  world.sim.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'Email address is invalid.',
    times: 1,
  });
  return (await ok('customers.create', {
    integrationId: world.integrationId,
    fields: { companyName: 'Refused Pty Ltd' },
  })) as { id: number };
}
// The office's zone is the computer's until Settings says otherwise.
const today = () => dayIn(systemTimeZone(), world.clock.now());
/** An invoice of the seeded tenant (Ascora sends no GST for them) and its number. */
const invoice = () =>
  one<{ id: number; number: string; ex: number; tax: number | null; date: string }>(
    world,
    'SELECT id, invoice_number AS number, total_ex_tax_cents AS ex, tax_cents AS tax, substr(invoice_date, 1, 10) AS date FROM ascora_invoices ORDER BY tax_cents IS NOT NULL, id LIMIT 1',
  );
const remotePayments = (receipt: string) =>
  world.sim.control.state().payments.filter((p) => p.receiptNumber === receipt);

describe('a payment that has not reached Ascora', () => {
  it('is withdrawn whole: the payment and its queued send are gone, nothing reaches Ascora, and the log says what was withdrawn', async () => {
    const inv = invoice();
    const p = (await ok('invoices.recordPayment', {
      invoiceId: inv.id,
      amountCents: 1050,
      paymentDate: today(),
      paymentMethod: 'EFT',
    })) as { id: number; receiptNumber: string };
    expect(await ok('invoices.withdrawPayment', { paymentId: p.id })).toEqual({ withdrawn: true });
    expect(rows(world, 'SELECT id FROM payments')).toEqual([]);
    expect(rows(world, "SELECT id FROM outbox WHERE kind = 'create_payment'")).toEqual([]);
    const log = one<{ status: string; message: string }>(
      world,
      "SELECT status, message FROM ascora_sync_logs WHERE status = 'discarded'",
    );
    expect(log.message).toContain(`Payment ${p.receiptNumber} withdrawn before it reached Ascora: $10.50 by EFT`);
    expect(log.message).toContain(`invoice ${inv.number}`);
    await sync();
    expect(remotePayments(p.receiptNumber)).toEqual([]);
    // Gone means gone: a second withdraw says so and changes nothing.
    await refused('invoices.withdrawPayment', { paymentId: p.id }, 'NOT_FOUND', /no longer in the app/);
  });

  it('refused by Ascora (a method the tenant lacks) is changed and sent again: once, with the new method', async () => {
    world.sim.control.setPaymentMethods(['EFT', 'Cash']);
    const inv = invoice();
    const p = (await ok('invoices.recordPayment', {
      invoiceId: inv.id,
      amountCents: 2000,
      paymentDate: today(),
      paymentMethod: 'Cheque',
    })) as { id: number; receiptNumber: string };
    await sync();
    expect(one(world, 'SELECT state, last_error FROM payments WHERE id = ?', p.id)).toEqual({
      state: 'failed',
      last_error: "Payment method 'Cheque' is not set up in this company.",
    });
    // A refused payment does not count as paid, so what remains is the whole invoice again.
    const edited = (await ok('invoices.editPayment', {
      paymentId: p.id,
      amountCents: 2500,
      paymentDate: today(),
      paymentMethod: 'EFT',
      comment: 'Cheque bounced, paid by EFT',
    })) as { state: string; lastError: string | null };
    expect(edited).toMatchObject({ state: 'pending', lastError: null });
    expect(one(world, "SELECT state, attempts, last_error FROM outbox WHERE kind = 'create_payment'")).toEqual({
      state: 'pending',
      attempts: 0,
      last_error: null,
    });
    await sync();
    expect(remotePayments(p.receiptNumber)).toEqual([
      expect.objectContaining({ paymentAmount: 25, paymentMethod: 'EFT', comment: 'Cheque bounced, paid by EFT' }),
    ]);
    expect(one(world, 'SELECT state FROM payments WHERE id = ?', p.id)).toEqual({ state: 'synced' });
    // In Ascora now: no more changes from here.
    await refused(
      'invoices.editPayment',
      { paymentId: p.id, amountCents: 100, paymentDate: today(), paymentMethod: 'EFT' },
      'CONFLICT',
      /already in Ascora/,
    );
    await refused('invoices.withdrawPayment', { paymentId: p.id }, 'CONFLICT', /already in Ascora/);
  });

  it('whose answer was lost is neither changed nor withdrawn: it may be in Ascora, and a person checks first', async () => {
    const inv = invoice();
    const p = (await ok('invoices.recordPayment', {
      invoiceId: inv.id,
      amountCents: 3000,
      paymentDate: today(),
      paymentMethod: 'EFT',
    })) as { id: number; receiptNumber: string };
    world.sim.control.setFault('POST /Accounting/CreatePayment', { kind: 'dropAfterCommit', times: 1 });
    await sync();
    expect(one(world, 'SELECT state FROM payments WHERE id = ?', p.id)).toEqual({ state: 'needs_check' });
    await refused(
      'invoices.editPayment',
      { paymentId: p.id, amountCents: 100, paymentDate: today(), paymentMethod: 'EFT' },
      'CONFLICT',
      /may already be in Ascora/,
    );
    await refused('invoices.withdrawPayment', { paymentId: p.id }, 'CONFLICT', /may already be in Ascora/);
    expect(remotePayments(p.receiptNumber)).toHaveLength(1);
  });

  it('an edit is checked as a new payment: a method not set up, or more than remains, is refused and changes nothing', async () => {
    const inv = invoice();
    const p = (await ok('invoices.recordPayment', {
      invoiceId: inv.id,
      amountCents: 1000,
      paymentDate: today(),
      paymentMethod: 'EFT',
    })) as { id: number };
    await refused(
      'invoices.editPayment',
      { paymentId: p.id, amountCents: 1000, paymentDate: today(), paymentMethod: 'Bitcoin' },
      'VALIDATION',
      /Settings › Payment methods/,
    );
    await refused(
      'invoices.editPayment',
      {
        paymentId: p.id,
        amountCents: Math.round(inv.ex * 1.1) + 1,
        paymentDate: today(),
        paymentMethod: 'EFT',
        confirmWarnings: true,
      },
      'VALIDATION',
      /more than what remains/,
    );
    // Its own amount does not count against it: the whole invoice ex GST is fine.
    expect(
      await ok('invoices.editPayment', {
        paymentId: p.id,
        amountCents: inv.ex,
        paymentDate: today(),
        paymentMethod: 'EFT',
      }),
    ).toMatchObject({ amountCents: inv.ex });
  });
});

describe('warnings a person confirms before a payment is saved', () => {
  it('a date in the future, or before the invoice date: NEEDS_CONFIRMATION with the warning and nothing saved; saved once confirmed', async () => {
    const inv = invoice();
    const future = addCalendarDays(today(), 3);
    const early = addCalendarDays(inv.date.slice(0, 10), -1);
    const base = { invoiceId: inv.id, amountCents: 500, paymentMethod: 'EFT' };
    const r1 = await refused(
      'invoices.recordPayment',
      { ...base, paymentDate: future },
      'NEEDS_CONFIRMATION',
      /is in the future/,
    );
    expect(!r1.ok && (r1.error.details as { warnings: string[] }).warnings).toHaveLength(1);
    await refused(
      'invoices.recordPayment',
      { ...base, paymentDate: early },
      'NEEDS_CONFIRMATION',
      /is before the invoice date/,
    );
    const saved = (await ok('invoices.recordPayment', { ...base, paymentDate: future, confirmWarnings: true })) as {
      id: number;
      paymentDate: string;
    };
    expect(saved.paymentDate).toBe(future);
    // An edit to a date before the invoice asks too.
    await refused(
      'invoices.editPayment',
      { paymentId: saved.id, amountCents: 500, paymentDate: early, paymentMethod: 'EFT' },
      'NEEDS_CONFIRMATION',
      /before the invoice date/,
    );
    await ok('invoices.editPayment', {
      paymentId: saved.id,
      amountCents: 500,
      paymentDate: early,
      paymentMethod: 'EFT',
      confirmWarnings: true,
    });
    expect(one(world, 'SELECT payment_date FROM payments WHERE id = ?', saved.id)).toEqual({ payment_date: early });
  });

  it('a full payment with GST of an invoice whose GST Ascora did not send: normal, saved without a check; beyond it, refused', async () => {
    const inv = invoice();
    expect(inv.tax).toBeNull();
    // The app adds 10% GST to such an invoice's total (shared/invoice-figures.ts), so paying it is the normal case.
    const withGst = inv.ex + gstOf(inv.ex);
    const base = { invoiceId: inv.id, paymentDate: today(), paymentMethod: 'EFT' };
    await refused(
      'invoices.recordPayment',
      { ...base, amountCents: withGst + 1, confirmWarnings: true },
      'VALIDATION',
      /more than what remains .* with 10% GST added: Ascora sent none/,
    );
    await ok('invoices.recordPayment', { ...base, amountCents: withGst });
    await sync();
    expect(
      world.sim.control
        .state()
        .payments.filter((p) => p.invoiceNumber === inv.number)
        .map((p) => Math.round(p.paymentAmount * 100)),
    ).toEqual([withGst]);
  });
});

/** A report made into a job for an existing customer, as the Report to job screen does. */
async function jobFromReport(customerId: number) {
  const reportId = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
  await ok('reports.create', {
    report: {
      report_id: reportId,
      property_address: '14 Harris Street, Parramatta NSW 2150',
      damage_type: 'water',
      state: 'NSW',
      client_name: 'Priya Raman',
      total_cost: 3057,
      severity: 'Moderate',
    },
  });
  const job = (await ok('jobs.createFromReport', {
    integrationId: world.integrationId,
    reportId,
    customer: { mode: 'existing', customerId },
  })) as { id: number };
  return { reportId, jobId: job.id, marker: `[RA:${reportId}]` };
}
const customers = () =>
  rows<{ id: number; name: string; ascoraId: string }>(
    world,
    'SELECT id, customer_name AS name, ascora_customer_id AS ascoraId FROM ascora_customers ORDER BY id LIMIT 3',
  );
const remoteJobs = (marker: string) => world.sim.control.state().jobs.filter((j) => j.jobDescription.endsWith(marker));

describe('a job Ascora refused', () => {
  it('gets another customer and fields, is sent again and reaches Ascora once, for that customer', async () => {
    const [first, second] = customers();
    const made = await jobFromReport(first!.id);
    world.sim.control.setFault('POST /Jobs/Job', {
      kind: 'reject',
      status: 400,
      message: 'Site customer is required.',
      times: 1,
    });
    await sync();
    const failed = (await ok('jobs.get', { jobId: made.jobId })) as {
      syncState: string;
      lastError: string;
      change: { state: string; repairable: boolean };
    };
    expect(failed).toMatchObject({
      syncState: 'failed',
      lastError: 'Site customer is required.',
      change: { state: 'refused', repairable: true },
    });

    const edited = (await ok('jobs.editUnsent', {
      jobId: made.jobId,
      customerId: second!.id,
      jobName: 'Water damage – kitchen',
      pricingMethod: 'TIME-AND-MATERIALS',
      addressLine1: '14 Harris Street',
      suburb: 'Parramatta',
      state: 'NSW',
      postcode: '2150',
      clientOrderNumber: 'NRMA-1',
    })) as { syncState: string; customerName: string; change: { state: string } };
    expect(edited).toMatchObject({ syncState: 'pending', customerName: second!.name, change: { state: 'waiting' } });
    await sync();
    const remote = remoteJobs(made.marker);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({
      jobName: 'Water damage – kitchen',
      pricingMethod: 'TIME-AND-MATERIALS',
      clientOrderNumber: 'NRMA-1',
      siteCustomer: { id: second!.ascoraId },
    });
    expect(one(world, 'SELECT sync_state FROM ascora_jobs WHERE id = ?', made.jobId)).toEqual({ sync_state: 'synced' });
    // In Ascora now, which has no job update: no more changes from here.
    await refused(
      'jobs.editUnsent',
      {
        jobId: made.jobId,
        customerId: first!.id,
        jobName: 'x',
        pricingMethod: 'FIXED-PRICE',
        addressLine1: '',
        suburb: '',
        state: null,
        postcode: '',
        clientOrderNumber: '',
      },
      'CONFLICT',
      /already in Ascora/,
    );
    await refused('jobs.discardUnsent', { jobId: made.jobId }, 'CONFLICT', /already in Ascora/);
  });

  it('is discarded after the person says so: the job, its notes and its queued send are gone, and the report makes a job again', async () => {
    const [first] = customers();
    const made = await jobFromReport(first!.id);
    await ok('jobs.addNote', { jobId: made.jobId, text: 'Called the insurer' });
    world.sim.control.setFault('POST /Jobs/Job', {
      kind: 'reject',
      status: 400,
      message: 'Site customer is required.',
      times: 1,
    });
    await sync();
    // Until then, the report is locked to its job.
    await refused(
      'jobs.createFromReport',
      {
        integrationId: world.integrationId,
        reportId: made.reportId,
        customer: { mode: 'existing', customerId: first!.id },
      },
      'CONFLICT',
      /already created from this report/,
    );

    expect(await ok('jobs.discardUnsent', { jobId: made.jobId })).toEqual({ discarded: true, reportId: made.reportId });
    expect(rows(world, 'SELECT id FROM ascora_jobs WHERE id = ?', made.jobId)).toEqual([]);
    expect(rows(world, 'SELECT id FROM job_notes')).toEqual([]);
    expect(rows(world, "SELECT id FROM outbox WHERE kind = 'create_job'")).toEqual([]);
    expect(
      one<{ message: string }>(world, "SELECT message FROM ascora_sync_logs WHERE status = 'discarded'").message,
    ).toMatch(
      /discarded before it reached Ascora \(Ascora had refused it: Site customer is required\.\); deleted with it: 1 note\. The report for Priya Raman can make a job again\./,
    );
    const again = (await ok('jobs.createFromReport', {
      integrationId: world.integrationId,
      reportId: made.reportId,
      customer: { mode: 'existing', customerId: first!.id },
    })) as { id: number };
    await sync();
    expect(remoteJobs(made.marker)).toHaveLength(1);
    expect(one(world, 'SELECT sync_state FROM ascora_jobs WHERE id = ?', again.id)).toEqual({ sync_state: 'synced' });
  });

  it('cannot be given a customer Ascora refused to create: refused with why, nothing changed', async () => {
    const [first] = customers();
    const made = await jobFromReport(first!.id);
    world.sim.control.setFault('POST /Jobs/Job', {
      kind: 'reject',
      status: 400,
      message: 'Site customer is required.',
      times: 1,
    });
    const refusedCustomer = await newCustomerAscoraWillRefuse();
    await sync();
    await refused(
      'jobs.editUnsent',
      {
        jobId: made.jobId,
        customerId: refusedCustomer.id,
        jobName: 'x',
        pricingMethod: 'FIXED-PRICE',
        addressLine1: '',
        suburb: '',
        state: null,
        postcode: '',
        clientOrderNumber: '',
      },
      'CONFLICT',
      /Ascora refused to create Refused Pty Ltd \(Email address is invalid\.\)/,
    );
  });
});

describe('discarding a customer change Ascora refused', () => {
  it('an edit: the customer goes back to how Ascora has it, nothing is queued, and the log lists what was undone', async () => {
    const [c] = customers();
    const detail = (await ok('customers.get', { customerId: c!.id })) as Record<string, unknown>;
    const fields = editableFieldsOf(detail);
    await ok('customers.update', { customerId: c!.id, fields: { ...fields, streetLine1: '1 Wrong Street' } as never });
    world.sim.control.setFault('POST /Customers/Customer', {
      kind: 'reject',
      status: 422,
      message: 'The street address could not be validated.',
      times: 1,
    });
    await sync();
    expect(await ok('customers.get', { customerId: c!.id })).toMatchObject({
      syncState: 'failed',
      change: { kind: 'update', state: 'refused', repairable: true },
    });

    expect(await ok('customers.discardChange', { customerId: c!.id })).toEqual({ discarded: true, removed: false });
    expect(await ok('customers.get', { customerId: c!.id })).toMatchObject({
      syncState: 'synced',
      streetLine1: detail.streetLine1,
      change: null,
    });
    expect(rows(world, "SELECT id FROM outbox WHERE state <> 'done'")).toEqual([]);
    expect(
      one<{ message: string }>(world, "SELECT message FROM ascora_sync_logs WHERE status = 'discarded'").message,
    ).toContain(`Street "1 Wrong Street" (back to "${String(detail.streetLine1)}")`);
    await sync();
    expect(world.sim.control.state().customers.find((x) => x.customerId === c!.ascoraId)!.streetLine1).toBe(
      detail.streetLine1,
    );
  });

  it('a customer created here: removed, unless a job waiting for Ascora is made for them (that is changed or discarded first)', async () => {
    const created = await newCustomerAscoraWillRefuse();
    const made = await jobFromReport(created.id);
    await sync();
    await refused(
      'customers.discardChange',
      { customerId: created.id },
      'CONFLICT',
      /The job "Water damage .*" is made for Refused Pty Ltd/,
    );
    await ok('jobs.discardUnsent', { jobId: made.jobId });
    expect(await ok('customers.discardChange', { customerId: created.id })).toEqual({ discarded: true, removed: true });
    expect(rows(world, 'SELECT id FROM ascora_customers WHERE id = ?', created.id)).toEqual([]);
    expect(rows(world, "SELECT id FROM outbox WHERE state <> 'done'")).toEqual([]);
    await sync();
    expect(world.sim.control.state().customers.filter((x) => x.companyName === 'Refused Pty Ltd')).toEqual([]);
  });
});
