/**
 * Issue 13: a record Ascora no longer has can be kept on this computer, created again in Ascora
 * (customers), or removed, over the real IPC handlers, the real mirror and the simulator over HTTP.
 * The records are deleted in the simulator as another Ascora user would, and confirmed missing by
 * the pull (one full pass, then a direct look-up).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { CustomerDetail, CustomerRow, Page, SyncLogRow } from '../../shared/domain';
import { recordState } from '../../shared/record-state';
import { tableChecksum } from '../support/db';
import { createSyncWorld, createWorldRegistry, okCaller, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;
/** Local ids of customers Ascora no longer has, one per action, and of one such job. */
let kept: number;
let recreated: { id: number; email: string };
let removedCustomer: number;
let removedJob: { id: number; jobNumber: string };
let stillThere: number;

const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);
const localId = (table: string, column: string, ascoraId: string) =>
  one<{ id: number }>(world, `SELECT id FROM ${table} WHERE ${column} = ?`, ascoraId).id;
const fullPass = () => world.engine.syncNow(world.integrationId, { kind: 'full' });

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 40, customers: 12, invoices: 5 });
  registry = createWorldRegistry(world);
  await fullPass();
  const state = world.sim.control.state();
  const withEmail = state.customers.filter((c) => c.emailAddress);
  const [a, b, c, d] = withEmail;
  kept = localId('ascora_customers', 'ascora_customer_id', a!.customerId);
  recreated = { id: localId('ascora_customers', 'ascora_customer_id', b!.customerId), email: b!.emailAddress };
  removedCustomer = localId('ascora_customers', 'ascora_customer_id', c!.customerId);
  stillThere = localId('ascora_customers', 'ascora_customer_id', d!.customerId);
  const job = state.jobs[5]!;
  removedJob = { id: localId('ascora_jobs', 'ascora_job_id', job.jobId), jobNumber: job.jobNumber };
  await ok('jobs.addNote', { jobId: removedJob.id, text: 'Insurer rang about the drying plan' });
  for (const gone of [a!, b!, c!]) world.sim.control.deleteCustomer(gone.customerId);
  world.sim.control.deleteJob(job.jobId);
  await fullPass();
});
afterAll(() => world.close());

describe('keep a local copy', () => {
  it('settles the record as kept only on this computer, still out of customer choices', async () => {
    const detail = (await ok('customers.get', { customerId: kept })) as CustomerDetail;
    expect(recordState(detail)).toBe('missing');

    expect(await ok('records.keepLocalCopy', { entity: 'customer', id: kept })).toEqual({ kept: true });
    const after = (await ok('customers.get', { customerId: kept })) as CustomerDetail;
    expect(after).toMatchObject({ remoteMissing: true, keptLocally: true });
    expect(recordState(after)).toBe('local_only');

    const filtered = async (recordState: 'missing' | 'local_only') =>
      (
        (await ok('customers.list', {
          integrationId: world.integrationId,
          recordState,
        })) as Page<CustomerRow>
      ).rows.map((r) => r.id);
    expect(await filtered('local_only')).toContain(kept);
    expect(await filtered('missing')).not.toContain(kept);
    expect(await filtered('missing')).toEqual(expect.arrayContaining([recreated.id, removedCustomer]));
  });
});

describe('create a customer again in Ascora', () => {
  it('queues a create (waiting to send) and the next sync makes a new customer in Ascora, in Ascora here', async () => {
    const countInAscora = world.sim.control.state().customers.length;
    const queued = (await ok('customers.recreateInAscora', { customerId: recreated.id })) as CustomerDetail;
    expect(queued).toMatchObject({ ascoraCustomerId: null, remoteMissing: false, syncState: 'pending' });
    expect(recordState(queued)).toBe('waiting');
    expect((await ok('sync.status', { integrationId: world.integrationId })) as { pendingCount: number }).toMatchObject(
      { pendingCount: 1 },
    );

    await world.engine.syncNow(world.integrationId);
    const inAscora = world.sim.control.state().customers;
    expect(inAscora).toHaveLength(countInAscora + 1);
    const made = inAscora.find((c) => c.emailAddress === recreated.email)!;
    const after = (await ok('customers.get', { customerId: recreated.id })) as CustomerDetail;
    expect(after).toMatchObject({ ascoraCustomerId: made.customerId, remoteMissing: false, syncState: 'synced' });
    expect(recordState(after)).toBe('in_ascora');
  });
});

describe('remove it', () => {
  it('removes a job from this computer with its notes, and the log says what went', async () => {
    expect(await ok('records.removeLocalCopy', { entity: 'job', id: removedJob.id })).toEqual({ removed: true });
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_jobs WHERE id = ?', removedJob.id)).toEqual({ n: 0 });
    expect(one(world, 'SELECT COUNT(*) AS n FROM job_notes WHERE job_id = ?', removedJob.id)).toEqual({ n: 0 });
    const log = (await ok('logs.list', {
      integrationId: world.integrationId,
      status: 'discarded',
    })) as Page<SyncLogRow>;
    expect(log.rows[0]!.message).toBe(
      `Job ${removedJob.jobNumber} (no longer in Ascora) removed from this computer, with 1 note.`,
    );
    const gone = await registry.invoke('jobs.get', { jobId: removedJob.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('removes a customer; a full pass afterwards does not bring it back', async () => {
    await ok('records.removeLocalCopy', { entity: 'customer', id: removedCustomer });
    await fullPass();
    expect(one(world, 'SELECT COUNT(*) AS n FROM ascora_customers WHERE id = ?', removedCustomer)).toEqual({ n: 0 });
  });
});

describe('each action refuses, changing nothing', () => {
  it('for a record Ascora still has', async () => {
    const checksum = tableChecksum(world.core.sqlite);
    for (const [channel, input] of [
      ['records.keepLocalCopy', { entity: 'customer', id: stillThere }],
      ['records.removeLocalCopy', { entity: 'customer', id: stillThere }],
      ['customers.recreateInAscora', { customerId: stillThere }],
    ] as const) {
      const result = await registry.invoke(channel, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      if (!result.ok) expect(result.error.message).toMatch(/is still in Ascora, so there is nothing to keep/);
    }
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
  });

  it('for input the contract does not allow, and for a record not in the app', async () => {
    const checksum = tableChecksum(world.core.sqlite);
    expect(await registry.invoke('records.removeLocalCopy', { entity: 'invoice', id: 1 } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await registry.invoke('records.keepLocalCopy', { entity: 'job', id: -3 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await registry.invoke('records.keepLocalCopy', { entity: 'job', id: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
  });

  it('for a record whose change is still open (refused by Ascora): that comes first', async () => {
    // A customer in Ascora, edited here, then deleted in Ascora before the edit was sent.
    const { id } = (await ok('customers.create', {
      integrationId: world.integrationId,
      fields: { contactFirstName: 'Mara', contactLastName: 'Quinn', emailAddress: 'mara.quinn@example.com.au' },
    })) as CustomerDetail;
    await world.engine.syncNow(world.integrationId);
    const ascoraId = ((await ok('customers.get', { customerId: id })) as CustomerDetail).ascoraCustomerId!;
    await ok('customers.update', {
      customerId: id,
      fields: { contactFirstName: 'Mara', contactLastName: 'Quinn', emailAddress: 'mara.q@example.com.au' },
    });
    world.sim.control.deleteCustomer(ascoraId);
    await fullPass();
    const detail = (await ok('customers.get', { customerId: id })) as CustomerDetail;
    expect(detail.remoteMissing).toBe(true);
    expect(detail.change).not.toBeNull();
    const checksum = tableChecksum(world.core.sqlite);
    const result = await registry.invoke('records.removeLocalCopy', { entity: 'customer', id });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!result.ok) expect(result.error.message).toMatch(/has a change that is not settled yet/);
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
  });
});
