import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../main/core/sync/queue';
import { createOfflineCustomerAndJob, createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

let world: SyncWorld;
beforeEach(async () => {
  world = await createSyncWorld({ jobs: 60, customers: 15, invoices: 10 });
});
afterEach(() => world.close());

const remoteJobsWithMarker = (marker: string) =>
  world.sim.control.state().jobs.filter((j) => j.jobDescription.endsWith(marker));
const remoteCustomersByEmail = (email: string) =>
  world.sim.control.state().customers.filter((c) => c.emailAddress === email);

describe('pushing offline changes', () => {
  it('sends a customer and its job made offline once the connection is back, linked, exactly once', async () => {
    world.sim.control.setOffline(true);
    const made = createOfflineCustomerAndJob(world);
    const offline = await world.engine.syncNow(world.integrationId);
    expect(offline.status).toBe('failed');
    expect(one(world, 'SELECT state, online FROM ascora_integrations')).toEqual({ state: 'error', online: 0 });
    expect(one(world, 'SELECT sync_state FROM ascora_jobs WHERE id = ?', made.job.id)).toEqual({
      sync_state: 'pending',
    });

    world.sim.control.setOffline(false);
    const online = await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(online.status).toBe('success');

    const [customer] = remoteCustomersByEmail(made.customer.emailAddress);
    const jobs = remoteJobsWithMarker(made.marker);
    expect(remoteCustomersByEmail(made.customer.emailAddress)).toHaveLength(1);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.siteCustomer!.id).toBe(customer!.customerId);
    expect(jobs[0]).toMatchObject({
      state: 'NSW',
      clientOrderNumber: 'NRMA-CLM-4471902',
      totalExTax: 3057,
      totalIncTax: 3362.7,
    });
    expect(
      one(
        world,
        'SELECT ascora_job_id, job_number, site_customer_id, sync_state FROM ascora_jobs WHERE id = ?',
        made.job.id,
      ),
    ).toEqual({
      ascora_job_id: jobs[0]!.jobId,
      job_number: jobs[0]!.jobNumber,
      site_customer_id: customer!.customerId,
      sync_state: 'synced',
    });
    expect(
      one(world, 'SELECT ascora_customer_id, sync_state FROM ascora_customers WHERE id = ?', made.customer.id),
    ).toEqual({
      ascora_customer_id: customer!.customerId,
      sync_state: 'synced',
    });
    // The pull that followed did not make a second row of either.
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs WHERE ascora_job_id = ?', jobs[0]!.jobId)).toEqual({
      n: 1,
    });
    expect(world.sim.control.state().forbiddenCalls).toEqual([]);
  });

  it('finds a job by its marker when the connection dropped after Ascora created it: no duplicate', async () => {
    const made = createOfflineCustomerAndJob(world);
    world.sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1 });
    await world.engine.syncNow(world.integrationId);
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
    expect(one(world, 'SELECT outcome_unknown, state FROM outbox WHERE id = ?', made.jobItem)).toEqual({
      outcome_unknown: 1,
      state: 'pending',
    });

    await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
    expect(one(world, 'SELECT state FROM outbox WHERE id = ?', made.jobItem)).toEqual({ state: 'done' });
    expect(
      one<{ job_number: string }>(world, 'SELECT job_number FROM ascora_jobs WHERE id = ?', made.job.id).job_number,
    ).toBe(remoteJobsWithMarker(made.marker)[0]!.jobNumber);
    const posts = world.sim.control.requestLog().filter((r) => r.method === 'POST' && r.path === '/Jobs/Job');
    expect(posts).toHaveLength(1);
  });

  it('finds a customer by its details when the connection dropped after Ascora created it: no duplicate', async () => {
    const made = createOfflineCustomerAndJob(world);
    world.sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
    await world.engine.syncNow(world.integrationId);
    await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(remoteCustomersByEmail(made.customer.emailAddress)).toHaveLength(1);
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
  });

  it('never re-sends a payment whose outcome is unknown, and asks a person to check', async () => {
    await world.engine.syncNow(world.integrationId);
    const invoice = one<{ id: number; invoice_number: string }>(
      world,
      'SELECT id, invoice_number FROM ascora_invoices LIMIT 1',
    );
    const paymentId = world.core.db.transaction((tx) => {
      const id = Number(
        world.core.sqlite
          .prepare(
            "INSERT INTO payments (integration_id, invoice_id, amount_cents, payment_date, payment_method) VALUES (?, ?, 5500, '2026-11-24', 'EFT')",
          )
          .run(world.integrationId, invoice.id).lastInsertRowid,
      );
      world.core.sqlite.prepare("UPDATE payments SET receipt_number = 'RA-PAY-' || id WHERE id = ?").run(id);
      enqueue(tx, { integrationId: world.integrationId, kind: 'create_payment', recordId: id, marker: `RA-PAY-${id}` });
      return id;
    });
    world.sim.control.setFault('POST /Accounting/CreatePayment', { kind: 'dropAfterCommit', times: 1 });
    await world.engine.syncNow(world.integrationId);
    await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(world.sim.control.state().payments.filter((p) => p.receiptNumber === `RA-PAY-${paymentId}`)).toHaveLength(1);
    expect(one(world, 'SELECT state FROM payments WHERE id = ?', paymentId)).toEqual({ state: 'needs_check' });
    expect(world.sim.control.requestLog().filter((r) => r.path === '/Accounting/CreatePayment')).toHaveLength(1);
  });

  it("parks an item Ascora rejects with Ascora's message, and sends the others", async () => {
    const good = createOfflineCustomerAndJob(world, { firstName: 'Good' });
    const bad = createOfflineCustomerAndJob(world, { firstName: 'Bad' });
    // Ascora refuses a customer with no name: blank this one out behind the app's back.
    world.core.sqlite
      .prepare(
        "UPDATE ascora_customers SET contact_first_name = '', contact_last_name = '', company_name = '' WHERE id = ?",
      )
      .run(bad.customer.id);
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('partial');
    expect(one(world, 'SELECT state, last_error FROM outbox WHERE id = ?', bad.customerItem)).toEqual({
      state: 'failed',
      last_error: 'A customer needs a company name or a contact name.',
    });
    expect(
      one<{ state: string; last_error: string }>(
        world,
        'SELECT state, last_error FROM outbox WHERE id = ?',
        bad.jobItem,
      ),
    ).toMatchObject({ state: 'failed' });
    expect(remoteJobsWithMarker(good.marker)).toHaveLength(1);
    expect(one(world, 'SELECT sync_state FROM ascora_customers WHERE id = ?', bad.customer.id)).toEqual({
      sync_state: 'failed',
    });
    const log = rows<{ status: string; error: string; retry_count: number }>(
      world,
      "SELECT status, error, retry_count FROM ascora_sync_logs WHERE kind = 'item' AND status = 'failed'",
    );
    // The customer was tried once and refused; the job that depends on it was never sent.
    expect(log.map((l) => [l.error, l.retry_count])).toContainEqual([
      'A customer needs a company name or a contact name.',
      1,
    ]);
    expect(log.find((l) => l.error.startsWith('It depends on'))?.retry_count).toBe(0);

    // Fixed, then retried: it goes through.
    world.core.sqlite
      .prepare("UPDATE ascora_customers SET contact_first_name = 'Fixed', contact_last_name = 'Name' WHERE id = ?")
      .run(bad.customer.id);
    expect(world.engine.retryFailed(world.integrationId)).toEqual({ requeued: 2 });
    await world.engine.syncNow(world.integrationId);
    expect(remoteJobsWithMarker(bad.marker)).toHaveLength(1);
  });

  it('stops at a 401 with the integration needing re-authentication, dropping nothing, and resumes after', async () => {
    const made = createOfflineCustomerAndJob(world);
    world.apiKey.value = 'revoked-key-0000';
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('failed');
    expect(one(world, 'SELECT state FROM ascora_integrations')).toEqual({ state: 'needs_reauth' });
    expect(rows(world, 'SELECT state FROM outbox ORDER BY id')).toEqual([{ state: 'pending' }, { state: 'pending' }]);

    world.apiKey.value = world.sim.apiKey;
    await world.engine.syncNow(world.integrationId);
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
    expect(one(world, 'SELECT state FROM ascora_integrations')).toEqual({ state: 'ok' });
  });

  it('retries 429 and 5xx on the backoff schedule and then succeeds', async () => {
    const made = createOfflineCustomerAndJob(world);
    world.sim.control.setFault('POST /Customers/Customer', { kind: 'rateLimit', retryAfterSeconds: 4, times: 1 });
    world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 503, times: 2 });
    const summary = await world.engine.syncNow(world.integrationId);
    expect(summary.status).toBe('success');
    // The jobs' recent window is read before the job's create is pushed (engine.ts), then the customer goes.
    expect(world.clock.sleeps).toEqual([250, 500, 4000]);
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
  });

  it('runs one sync per integration: a second request joins the running one', async () => {
    const [a, b] = await Promise.all([
      world.engine.syncNow(world.integrationId),
      world.engine.syncNow(world.integrationId),
    ]);
    expect(a.runId).toBe(b.runId);
    expect(rows(world, "SELECT id FROM ascora_sync_logs WHERE kind = 'run'")).toHaveLength(1);
  });

  it('a change saved while a sync runs is not left for later: the next request gets one follow-up run', async () => {
    const first = world.engine.syncNow(world.integrationId);
    const made = createOfflineCustomerAndJob(world, { firstName: 'Latecomer' });
    const [a, b, c] = await Promise.all([
      first,
      world.engine.syncNow(world.integrationId),
      world.engine.syncNow(world.integrationId),
    ]);
    expect(b.runId).not.toBe(a.runId);
    expect(c.runId).toBe(b.runId);
    expect(remoteJobsWithMarker(made.marker)).toHaveLength(1);
    expect(rows(world, "SELECT id FROM ascora_sync_logs WHERE kind = 'run'")).toHaveLength(2);
  });

  it('treats an item cut off mid-send by a crash as outcome unknown', async () => {
    const made = createOfflineCustomerAndJob(world);
    world.core.sqlite.prepare("UPDATE outbox SET state = 'sending' WHERE id = ?").run(made.customerItem);
    expect(world.engine.recoverAfterCrash()).toBe(1);
    expect(one(world, 'SELECT state, outcome_unknown FROM outbox WHERE id = ?', made.customerItem)).toEqual({
      state: 'pending',
      outcome_unknown: 1,
    });
  });
});
