/**
 * Issue 20, point 7, "Deletions found by one full check": a job and a customer another Ascora user
 * deleted are looked up directly by the first full check that does not see them and marked "No
 * longer in Ascora" in that run (before, only a second full check, a day later, did); the run says
 * so, and Today and the Sync centre count them as the lists' "No longer in Ascora" filter finds
 * them. Over the real IPC handlers, the real mirror and the simulator over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { CustomerRow, JobRow, Page, SyncRunSummary, SyncStatus, TodaySummary } from '../../shared/domain';
import { createSyncWorld, createWorldRegistry, okCaller, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;
const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);
const localId = (table: string, column: string, ascoraId: string) =>
  one<{ id: number }>(world, `SELECT id FROM ${table} WHERE ${column} = ?`, ascoraId).id;

let goneJob: number;
let goneCustomer: number;
let check: SyncRunSummary;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 40, customers: 12, invoices: 5 });
  registry = createWorldRegistry(world);
  await ok('sync.now', { integrationId: world.integrationId, kind: 'full' });
  // Another Ascora user deletes a job and a customer.
  const state = world.sim.control.state();
  const customer = state.customers[2]!;
  const job = state.jobs[4]!;
  goneJob = localId('ascora_jobs', 'ascora_job_id', job.jobId);
  goneCustomer = localId('ascora_customers', 'ascora_customer_id', customer.customerId);
  world.sim.control.deleteJob(job.jobId);
  world.sim.control.deleteCustomer(customer.customerId);

  check = (await ok('sync.now', { integrationId: world.integrationId, kind: 'full' })) as SyncRunSummary;
});
afterAll(() => world.close());

describe('one full check', () => {
  it('marks a deleted job and a deleted customer no longer in Ascora, and says so', () => {
    expect(check).toMatchObject({ kind: 'full', status: 'success', noLongerInAscora: 2 });
    expect(check.message).toContain('2 no longer in Ascora');
    expect(one(world, 'SELECT remote_missing FROM ascora_jobs WHERE id = ?', goneJob)).toEqual({ remote_missing: 1 });
    expect(one(world, 'SELECT remote_missing FROM ascora_customers WHERE id = ?', goneCustomer)).toEqual({
      remote_missing: 1,
    });
  });

  it('is counted on Today and in the Sync centre as the lists find them', async () => {
    const today = (await ok('dashboard.summary', { integrationId: world.integrationId })) as TodaySummary;
    const status = (await ok('sync.status', { integrationId: world.integrationId })) as SyncStatus;
    expect(today.noLongerInAscora).toEqual({ jobs: 1, customers: 1 });
    expect(status.noLongerInAscora).toEqual({ jobs: 1, customers: 1 });

    const jobs = (await ok('jobs.list', {
      integrationId: world.integrationId,
      recordState: 'missing',
    })) as Page<JobRow>;
    const customers = (await ok('customers.list', {
      integrationId: world.integrationId,
      recordState: 'missing',
    })) as Page<CustomerRow>;
    expect(jobs.rows.map((r) => r.id)).toEqual([goneJob]);
    expect(customers.rows.map((r) => r.id)).toEqual([goneCustomer]);
  });

  it('no longer counts a record once a person kept a copy of it here', async () => {
    await ok('records.keepLocalCopy', { entity: 'job', id: goneJob });
    const today = (await ok('dashboard.summary', { integrationId: world.integrationId })) as TodaySummary;
    expect(today.noLongerInAscora).toEqual({ jobs: 0, customers: 1 });
  });
});
