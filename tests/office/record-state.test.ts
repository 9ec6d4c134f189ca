/**
 * One truth for a record's state (issue 19): a customer's badge follows its outbox items and its
 * open conflict, so no person's action or sync step can make a conflict look settled; and a
 * customer update whose answer was lost is an unknown outcome, settled by asking Ascora, never
 * "discarded before it reached Ascora" when that is not known. The real engine, the simulator
 * over HTTP, and every channel's real handler.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../../shared/domain';
import { createSyncWorld, createWorldRegistry, okCaller, one, rows, type SyncWorld } from '../support/sync';
import { syncedCustomer } from '../support/customer-fields';

const DAY = 86_400_000;
let world: SyncWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function openWorld() {
  world = await createSyncWorld({ jobs: 20, customers: 8, invoices: 3 });
  await world.engine.syncNow(world.integrationId);
  const registry = createWorldRegistry(world);
  return { w: world, registry, call: okCaller(registry) };
}

const inAscora = (w: SyncWorld, id: string) => w.sim.control.state().customers.find((c) => c.customerId === id)!;
const stateOf = (w: SyncWorld, id: number) =>
  one<{ sync_state: string; phone_number: string }>(
    w,
    'SELECT sync_state, phone_number FROM ascora_customers WHERE id = ?',
    id,
  );
const openConflicts = (w: SyncWorld, id: number) =>
  rows<{ id: number; fields_json: string }>(
    w,
    "SELECT id, fields_json FROM conflicts WHERE entity = 'customer' AND record_id = ? AND resolved_at IS NULL",
    id,
  );
const refuseNextSave = (w: SyncWorld) =>
  w.sim.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'The phone number is in use.',
    times: 1,
  });

describe('a refused edit, another user’s change to the same field, then "Retry failed"', () => {
  it('leaves the customer in conflict, sends nothing the conflict covers, and keeps the other user’s value', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 1);
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 5555' },
    });
    refuseNextSave(w);
    await w.engine.syncNow(w.integrationId);
    expect(stateOf(w, customer.id).sync_state).toBe('failed');

    w.sim.control.editCustomer(customer.ascoraId, { phoneNumber: '02 9100 6666' });
    await w.engine.syncNow(w.integrationId);
    expect(stateOf(w, customer.id).sync_state).toBe('conflict');
    expect(openConflicts(w, customer.id)).toHaveLength(1);

    await call('sync.retryFailed', { integrationId: w.integrationId });
    expect(stateOf(w, customer.id).sync_state).toBe('conflict');
    await w.engine.syncNow(w.integrationId);
    // The other user's value stays in Ascora until a person chooses; the record says so.
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe('02 9100 6666');
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'conflict', phone_number: '02 9100 5555' });
    const [open] = openConflicts(w, customer.id);
    expect(open).toBeDefined();

    await call('conflicts.resolve', { conflictId: open!.id, choices: { phoneNumber: 'mine' } });
    await w.engine.syncNow(w.integrationId);
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe('02 9100 5555');
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'synced', phone_number: '02 9100 5555' });
  });

  it('refuses to send a field an open conflict covers, whatever the badge says', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 2);
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 1212' },
    });
    w.sim.control.editCustomer(customer.ascoraId, { phoneNumber: '02 9100 3434' });
    // The push re-reads the customer before its update, and records the conflict instead of sending.
    await w.engine.syncNow(w.integrationId);
    expect(openConflicts(w, customer.id)).toHaveLength(1);
    // A badge that says otherwise (an older copy of the app, a hand edit): the conflict row decides.
    w.core.sqlite.prepare("UPDATE ascora_customers SET sync_state = 'pending' WHERE id = ?").run(customer.id);
    await w.engine.syncNow(w.integrationId);
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe('02 9100 3434');
    expect(stateOf(w, customer.id).sync_state).toBe('conflict');
  });
});

describe('an edit of a customer whose change Ascora refused', () => {
  it('puts the refused change back in the queue with the edit, and it reaches Ascora', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 3);
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 7000' },
    });
    refuseNextSave(w);
    await w.engine.syncNow(w.integrationId);
    expect(stateOf(w, customer.id).sync_state).toBe('failed');
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 7001' },
    });
    expect(stateOf(w, customer.id).sync_state).toBe('pending');
    await w.engine.syncNow(w.integrationId);
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe('02 9100 7001');
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'synced', phone_number: '02 9100 7001' });
  });
});

describe('a customer update whose answer was lost', () => {
  const lastLog = (w: SyncWorld) =>
    one<{ status: string; message: string }>(
      w,
      "SELECT status, message FROM ascora_sync_logs WHERE kind = 'item' ORDER BY id DESC LIMIT 1",
    );
  const updateItem = (w: SyncWorld, id: number) =>
    one<{ state: string; outcome_unknown: number; sent_at: string | null }>(
      w,
      "SELECT state, outcome_unknown, sent_at FROM outbox WHERE kind = 'update_customer' AND record_id = ? ORDER BY id DESC LIMIT 1",
      id,
    );

  it('is an unknown outcome ("Check in Ascora"); discarding it asks Ascora, which has the new values, and the record takes them', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 4);
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 4444' },
    });
    w.sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
    await w.engine.syncNow(w.integrationId);
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe('02 9100 4444');
    expect(updateItem(w, customer.id)).toMatchObject({ state: 'pending', outcome_unknown: 1 });
    const detail = (await call('customers.get', { customerId: customer.id })) as CustomerDetail;
    expect(detail.change?.state).toBe('check');
    // The lists say the same ("Check in Ascora"), not "Waiting to send".
    const listed = (ids: 'check' | 'waiting') =>
      call('customers.list', { integrationId: w.integrationId, recordState: ids, limit: 100 }).then((page) =>
        (page as { rows: { id: number }[] }).rows.map((r) => r.id),
      );
    expect(await listed('check')).toContain(customer.id);
    expect(await listed('waiting')).not.toContain(customer.id);

    const discarded = (await call('customers.discardChange', { customerId: customer.id })) as {
      discarded: boolean;
      message: string;
    };
    expect(discarded.discarded).toBe(false);
    expect(discarded.message).toMatch(/Ascora already has/);
    expect(lastLog(w).message).toMatch(/Ascora already had/);
    expect(lastLog(w).message).not.toMatch(/before it reached Ascora/);
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'synced', phone_number: '02 9100 4444' });
    expect(updateItem(w, customer.id).state).toBe('done');
  });

  it('discards it once Ascora is read and has the old values, and says it was checked', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 5);
    const before = inAscora(w, customer.ascoraId).phoneNumber;
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 4545' },
    });
    w.sim.control.setFault('POST /Customers/Customer', { kind: 'dropBeforeCommit', times: 1 });
    await w.engine.syncNow(w.integrationId);
    expect(updateItem(w, customer.id)).toMatchObject({ state: 'pending', outcome_unknown: 1 });

    const discarded = (await call('customers.discardChange', { customerId: customer.id })) as {
      discarded: boolean;
      message: string;
    };
    expect(discarded.discarded).toBe(true);
    expect(lastLog(w)).toMatchObject({ status: 'discarded' });
    expect(lastLog(w).message).toMatch(/checked in Ascora/);
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'synced', phone_number: before });
    expect(inAscora(w, customer.ascoraId).phoneNumber).toBe(before);
  });

  it('is sent again by the next sync, settles, and keeps the day its request first left (sent_at set once)', async () => {
    const { w, call } = await openWorld();
    const customer = syncedCustomer(w, 6);
    await call('customers.update', {
      customerId: customer.id,
      fields: { ...customer.fields, phoneNumber: '02 9100 4646' },
    });
    w.sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
    await w.engine.syncNow(w.integrationId);
    const first = updateItem(w, customer.id).sent_at;
    expect(first).not.toBeNull();
    w.clock.advance(DAY);
    w.sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
    await w.engine.syncNow(w.integrationId);
    expect(updateItem(w, customer.id)).toMatchObject({ state: 'pending', outcome_unknown: 1, sent_at: first });
    await w.engine.syncNow(w.integrationId);
    expect(updateItem(w, customer.id).state).toBe('done');
    expect(stateOf(w, customer.id)).toEqual({ sync_state: 'synced', phone_number: '02 9100 4646' });
  });
});
