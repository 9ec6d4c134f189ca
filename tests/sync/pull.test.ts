import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countWrites } from '../../bench/lib/world';
import type { SimRequestEvent } from '../../sim/server';
import { createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let hook: ((event: SimRequestEvent) => void) | null = null;
beforeEach(async () => {
  hook = null;
  world = await createSyncWorld({ observe: (event) => hook?.(event) });
});
afterEach(() => world.close());

const cents = (n: number | null) => (n === null ? null : Math.round(n * 100));

describe('pulling from Ascora', () => {
  it('makes the mirror equal to Ascora, field for field, on the first sync', async () => {
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary).toMatchObject({ status: 'success', pulled: 300 + 60 + 50 });
    const remote = world.sim.control.state();

    const jobs = rows<Record<string, unknown>>(world, 'SELECT * FROM ascora_jobs ORDER BY id');
    expect(jobs).toHaveLength(300);
    const byId = new Map(jobs.map((j) => [j.ascora_job_id, j]));
    for (const job of remote.jobs) {
      const mirrored = byId.get(job.jobId)!;
      expect(mirrored).toMatchObject({
        job_number: job.jobNumber,
        job_name: job.jobName,
        job_description: job.jobDescription,
        job_status: job.jobStatus,
        job_status_text: job.jobStatusText,
        date_created: job.dateCreated,
        total_ex_tax_cents: cents(job.totalExTax),
        total_inc_tax_cents: cents(job.totalIncTax),
        client_order_number: job.clientOrderNumber,
        address_line1: job.addressLine1,
        suburb: job.suburb,
        state: job.state,
        postcode: job.postcode,
        site_customer_id: job.siteCustomer!.id,
        site_customer_name: job.siteCustomer!.name,
        job_type_name: job.jobType!.name,
        sync_state: 'synced',
      });
      expect(JSON.parse(mirrored.raw_json as string)).toEqual(job);
    }

    const customers = rows<Record<string, unknown>>(world, 'SELECT * FROM ascora_customers');
    expect(customers).toHaveLength(60);
    for (const c of remote.customers) {
      expect(customers.find((m) => m.ascora_customer_id === c.customerId)).toMatchObject({
        customer_name: c.customerName,
        email_address: c.emailAddress,
        phone_number: c.phoneNumber,
        mobile_number: c.mobileNumber,
        street_line1: c.streetLine1,
        street_suburb: c.streetSuburb,
        street_state: c.streetState,
        street_postcode: c.streetPostcode,
      });
    }

    const invoices = rows<Record<string, unknown>>(world, 'SELECT * FROM ascora_invoices');
    expect(invoices).toHaveLength(50);
    for (const inv of remote.invoices) {
      const m = invoices.find((r) => r.ascora_invoice_id === inv.id)!;
      const linesTotal = inv.invoiceLines.reduce((sum, l) => sum + Math.round(l.amountExTax * 100), 0);
      expect(m).toMatchObject({
        invoice_number: inv.invoiceNumber,
        total_ex_tax_cents: linesTotal,
        tax_cents: inv.Tax === undefined ? null : cents(inv.Tax),
        no_longer_pending: 0,
      });
    }
  });

  it('writes nothing when nothing changed in Ascora', async () => {
    await world.engine.syncNow(world.integrationId);
    const second = await world.engine.syncNow(world.integrationId);
    expect(second.written).toBe(0);
    expect(second.status).toBe('success');
  });

  it('writes exactly the one row another user edited', async () => {
    await world.engine.syncNow(world.integrationId);
    const job = world.sim.control.state().jobs[42]!;
    world.sim.control.editJob(job.jobId, { jobStatus: 5, jobStatusText: 'On Hold' });
    const before = one<{ updated_at: string }>(
      world,
      'SELECT updated_at FROM ascora_jobs WHERE ascora_job_id = ?',
      job.jobId,
    );
    world.clock.advance(60_000);
    // Counted as bench case 4 counts them: every row write SQLite makes in the record tables,
    // triggers' writes included (a trigger rewriting the job would make it two).
    const writes = countWrites(world.core.sqlite);
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.written).toBe(1);
    expect(writes.recordRows()).toEqual({ ascora_jobs: 1, ascora_customers: 0, ascora_invoices: 0 });
    const after = one<{ job_status_text: string; updated_at: string }>(
      world,
      'SELECT job_status_text, updated_at FROM ascora_jobs WHERE ascora_job_id = ?',
      job.jobId,
    );
    expect(after.job_status_text).toBe('On Hold');
    expect(after.updated_at).not.toBe(before.updated_at);
  });

  it('marks a job deleted in Ascora as remote_missing after one counted pass, and never deletes it', async () => {
    await world.engine.syncNow(world.integrationId);
    const gone = world.sim.control.state().jobs[7]!;
    const local = one<{ id: number }>(world, 'SELECT id FROM ascora_jobs WHERE ascora_job_id = ?', gone.jobId);
    world.core.sqlite.prepare("INSERT INTO job_notes (job_id, text) VALUES (?, 'Insurer called back')").run(local.id);
    world.sim.control.deleteJob(gone.jobId);

    await world.engine.syncNow(world.integrationId);
    expect(one(world, 'SELECT missing_passes, remote_missing FROM ascora_jobs WHERE id = ?', local.id)).toEqual({
      missing_passes: 1,
      remote_missing: 1,
    });
    // Confirmed once, it stays missing; another pass does not look it up again.
    await world.engine.syncNow(world.integrationId);
    expect(one(world, 'SELECT missing_passes, remote_missing FROM ascora_jobs WHERE id = ?', local.id)).toEqual({
      missing_passes: 2,
      remote_missing: 1,
    });
    expect(one(world, 'SELECT COUNT(*) AS n FROM job_notes WHERE job_id = ?', local.id)).toEqual({ n: 1 });
  });

  it('keeps an invoice that left the export list, marked as no longer pending', async () => {
    await world.engine.syncNow(world.integrationId);
    const invoice = world.sim.control.state().invoices[3]!;
    world.sim.control.markInvoiceExported(invoice.id);
    await world.engine.syncNow(world.integrationId);
    expect(one(world, 'SELECT no_longer_pending FROM ascora_invoices WHERE ascora_invoice_id = ?', invoice.id)).toEqual(
      { no_longer_pending: 1 },
    );
    expect(world.sim.control.state().forbiddenCalls).toEqual([]);
  });

  it('isolates a record Ascora sent wrong, logs it, and syncs the rest', async () => {
    const bad = world.sim.control.state().jobs[10]!;
    world.sim.control.editJob(bad.jobId, { jobStatus: 'broken' as never, jobName: 'x'.repeat(1_000_000) });
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('partial');
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')).toEqual({ n: 299 });
    const log = one<{ status: string; record_ref: string; error: string }>(
      world,
      "SELECT status, record_ref, error FROM ascora_sync_logs WHERE kind = 'item'",
    );
    expect(log).toMatchObject({ status: 'skipped', record_ref: bad.jobId });
    expect(log.error).toMatch(/jobStatus/);
  });

  it('resumes a pull from the first page whose data did not commit', async () => {
    // Pages 1 and 2 commit with their checkpoint; page 3 (asked for with page 2) fails on every attempt.
    hook = (event) => {
      if (event.stage === 'received' && event.path.startsWith('/Jobs/Jobs') && event.path.includes('Page=3&')) {
        world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 500, times: 1 });
      }
    };
    const failed = await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });
    expect(failed.status).toBe('failed');
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')).toEqual({ n: 200 });
    expect(one(world, "SELECT next_page FROM sync_checkpoints WHERE entity = 'jobs'")).toEqual({ next_page: 3 });

    hook = null;
    world.sim.control.resetRequestLog();
    await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });
    const pagesAsked = world.sim.control
      .requestLog()
      .filter((r) => r.path.startsWith('/Jobs/Jobs'))
      .map((r) => new URLSearchParams(r.path.split('?')[1]).get('Page'));
    expect(pagesAsked).toEqual(['3']);
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')).toEqual({ n: 300 });
  });
});
