/**
 * Issue 7, item 3: bad data from the server. Wrong types, missing fields, 1 MB strings and a
 * second copy of an id in one page are isolated and logged, one by one; nulls where Ascora may
 * send them and odd Unicode are taken as they are; the rest of the sync completes, and the next
 * sync writes nothing (the bad records do not churn the mirror).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../../main/core/db/open';
import type { SimJob } from '../../sim/data';
import { createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

let world: SyncWorld;
beforeEach(async () => {
  world = await createSyncWorld({ jobs: 30, customers: 10, invoices: 6 }, 10);
});
afterEach(() => world.close());

const guid = (n: number) => `bad00000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ODD_UNICODE =
  'Wasser 💧 damage – Ōtautahi, ‮reversed‬, zero\u200bwidth, e\u0301cole, 👩‍🔧, 𝔘𝔫𝔦, tab\tand NUL\u0000end';
const skippedLogs = () =>
  rows<{ entity: string; record_ref: string | null; error: string; message: string }>(
    world,
    "SELECT entity, record_ref, error, message FROM ascora_sync_logs WHERE kind = 'item' AND status = 'skipped' ORDER BY id",
  );

describe('records Ascora sends wrong', () => {
  it('are isolated and logged one by one while every good record syncs, and the next sync writes nothing', async () => {
    const sim = world.sim.control;
    const template = sim.state().jobs[0]!;
    const job = (n: number, patch: Record<string, unknown>) => ({
      ...template,
      jobId: guid(n),
      jobNumber: `J9${n}`,
      ...patch,
    });
    const { jobId: _dropped, ...withoutId } = job(99, {});
    sim.injectRaw('jobs', job(1, { jobStatus: 'broken' }));
    sim.injectRaw('jobs', job(2, { totalExTax: '5000' }));
    sim.injectRaw('jobs', withoutId);
    sim.injectRaw('jobs', job(3, { jobDescription: 'x'.repeat(1_000_000) }));
    sim.injectRaw('jobs', job(4, { siteCustomer: 'not an object', latitude: [] }));
    // Nulls wherever the shape allows them, and odd Unicode: taken as they are.
    sim.injectRaw(
      'jobs',
      job(5, {
        jobNumber: null,
        jobName: null,
        jobDescription: null,
        state: null,
        totalExTax: null,
        jobType: null,
        siteCustomer: null,
      }),
    );
    sim.injectRaw('jobs', job(6, { jobName: ODD_UNICODE }));
    const customer = sim.state().customers[0]!;
    sim.injectRaw('customers', { ...customer, customerId: guid(7), onHold: 'yes' });
    sim.injectRaw('customers', { ...customer, customerId: null });
    sim.injectRaw('customers', { ...customer, customerId: guid(8), companyName: '€'.repeat(400_000) });
    const invoice = sim.state().invoices[0]!;
    sim.injectRaw('invoices', { ...invoice, id: guid(9), invoiceLines: [{ itemCode: 'X', description: 'no amount' }] });
    sim.injectRaw('invoices', { ...invoice, id: guid(10), invoiceLines: 'lines' });

    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('partial');
    expect(summary.failed).toBe(10);

    const logs = skippedLogs();
    expect(logs.map((l) => [l.entity, l.record_ref])).toEqual([
      ['customers', guid(7)],
      ['customers', null],
      ['customers', guid(8)],
      ['jobs', guid(1)],
      ['jobs', guid(2)],
      ['jobs', null],
      ['jobs', guid(3)],
      ['jobs', guid(4)],
      ['invoices', guid(9)],
      ['invoices', guid(10)],
    ]);
    expect(logs.map((l) => l.error)).toEqual([
      expect.stringMatching(/onHold/),
      expect.stringMatching(/customerId/),
      expect.stringMatching(/companyName/),
      expect.stringMatching(/jobStatus/),
      expect.stringMatching(/totalExTax/),
      expect.stringMatching(/jobId/),
      expect.stringMatching(/jobDescription/),
      expect.stringMatching(/siteCustomer|latitude/),
      expect.stringMatching(/amountExTax/),
      expect.stringMatching(/invoiceLines/),
    ]);
    for (const log of logs) expect(log.message).toMatch(/skipped and the rest of the sync went on/);

    // Everything else arrived: 30 good jobs and the two odd ones, 10 customers, 6 invoices.
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')).toEqual({ n: 32 });
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_customers')).toEqual({ n: 10 });
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_invoices')).toEqual({ n: 6 });
    expect(
      one(
        world,
        'SELECT job_number, job_name, job_description, state, total_ex_tax_cents, site_customer_id FROM ascora_jobs WHERE ascora_job_id = ?',
        guid(5),
      ),
    ).toEqual({
      job_number: null,
      job_name: '',
      job_description: '',
      state: null,
      total_ex_tax_cents: null,
      site_customer_id: null,
    });
    const odd = one<{ job_name: string; raw_json: string }>(
      world,
      'SELECT job_name, raw_json FROM ascora_jobs WHERE ascora_job_id = ?',
      guid(6),
    );
    expect(odd.job_name).toBe(ODD_UNICODE);
    expect((JSON.parse(odd.raw_json) as SimJob).jobName).toBe(ODD_UNICODE);
    // Search still works over the odd text.
    expect(one(world, 'SELECT COUNT(*) AS n FROM jobs_fts WHERE jobs_fts MATCH \'"Ōtautahi"\'')).toEqual({ n: 1 });

    const again = await world.engine.syncNow(world.integrationId);
    expect(again).toMatchObject({ status: 'partial', failed: 10, written: 0 });
    expect(checkIntegrity(world.core.sqlite)).toEqual({ ok: true, problems: [] });
  });

  it('keeps the first copy of an id sent twice in one page, logs the second, and does not flip between them', async () => {
    const sim = world.sim.control;
    const jobs = sim.state().jobs;
    const [job, customer, invoice] = [jobs[3]!, sim.state().customers[2]!, sim.state().invoices[1]!];
    sim.injectRaw('jobs', { ...job, jobName: 'A second, different copy' }, job.jobId);
    sim.injectRaw('customers', { ...customer, phoneNumber: '02 9000 0000' }, customer.customerId);
    sim.injectRaw('invoices', { ...invoice, invoiceNumber: 'INV-COPY' }, invoice.id);

    const first = await world.engine.syncNow(world.integrationId);
    expect(first).toMatchObject({ status: 'partial', failed: 3 });
    expect(one(world, 'SELECT job_name FROM ascora_jobs WHERE ascora_job_id = ?', job.jobId)).toEqual({
      job_name: job.jobName,
    });
    expect(
      one(world, 'SELECT phone_number FROM ascora_customers WHERE ascora_customer_id = ?', customer.customerId),
    ).toEqual({ phone_number: customer.phoneNumber });
    expect(one(world, 'SELECT invoice_number FROM ascora_invoices WHERE ascora_invoice_id = ?', invoice.id)).toEqual({
      invoice_number: invoice.invoiceNumber,
    });
    expect(skippedLogs().map((l) => [l.entity, l.record_ref, l.error])).toEqual([
      ['customers', customer.customerId, expect.stringMatching(/twice/)],
      ['jobs', job.jobId, expect.stringMatching(/twice/)],
      ['invoices', invoice.id, expect.stringMatching(/twice/)],
    ]);
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')).toEqual({ n: 30 });

    const second = await world.engine.syncNow(world.integrationId);
    expect(second).toMatchObject({ status: 'partial', failed: 3, written: 0 });
    expect(one(world, 'SELECT job_name FROM ascora_jobs WHERE ascora_job_id = ?', job.jobId)).toEqual({
      job_name: job.jobName,
    });
  });

  it('keeps the first copy of an invoice sent twice far apart in the one long answer, which is written in chunks', async () => {
    // GetInvoicesToSend has no paging: the pull validates and writes it 500 at a time, and a
    // second copy in a later chunk is still a second copy, not a newer version of the first.
    const sim = world.sim.control;
    const template = sim.state().invoices[0]!;
    for (let n = 0; n < 600; n++)
      sim.injectRaw('invoices', { ...template, id: guid(1000 + n), invoiceNumber: `INV-${n}` });
    const original = sim.state().invoices[1]!;
    sim.injectRaw('invoices', { ...original, invoiceNumber: 'INV-COPY' });

    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary).toMatchObject({ status: 'partial', failed: 1 });
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_invoices')).toEqual({ n: 606 });
    expect(one(world, 'SELECT invoice_number FROM ascora_invoices WHERE ascora_invoice_id = ?', original.id)).toEqual({
      invoice_number: original.invoiceNumber,
    });
    expect(skippedLogs().map((l) => [l.entity, l.record_ref, l.error])).toEqual([
      ['invoices', original.id, expect.stringMatching(/twice/)],
    ]);
    expect((await world.engine.syncNow(world.integrationId)).written).toBe(0);
  });

  it('takes a record with unpaired surrogates without stopping, keeping what Ascora sent in the raw copy', async () => {
    const sim = world.sim.control;
    sim.injectRaw('jobs', { ...sim.state().jobs[0]!, jobId: guid(11), jobName: 'half \ud83d pair' });
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('success');
    const row = one<{ job_name: string; raw_json: string }>(
      world,
      'SELECT job_name, raw_json FROM ascora_jobs WHERE ascora_job_id = ?',
      guid(11),
    );
    // SQLite stores text as UTF-8, which has no unpaired surrogate: the column shows U+FFFD.
    expect(row.job_name).toMatch(/^half \ufffd+ pair$/);
    expect((JSON.parse(row.raw_json) as SimJob).jobName).toBe('half \ud83d pair');
    expect((await world.engine.syncNow(world.integrationId)).written).toBe(0);
  });
});
