import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threeWayMerge } from '../../main/core/sync/merge';
import { enqueue } from '../../main/core/sync/queue';
import { createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

describe('the three-way merge', () => {
  const fields = ['a', 'b', 'c', 'd'] as const;
  const base = { a: '1', b: '1', c: '1', d: '1' };

  it('takes fields changed only in Ascora, keeps fields changed only here, and flags fields changed differently on both', () => {
    const mine = { a: '1', b: 'mine', c: 'same', d: 'mine' };
    const theirs = { a: 'theirs', b: '1', c: 'same', d: 'theirs' };
    expect(threeWayMerge(base, mine, theirs, fields)).toEqual({
      merged: { a: 'theirs', b: 'mine', c: 'same', d: 'mine' },
      conflicts: [{ field: 'd', base: '1', mine: 'mine', theirs: 'theirs' }],
    });
  });

  it('treats null and an empty string as the same value', () => {
    expect(threeWayMerge({ a: null }, { a: '' }, { a: null }, ['a']).conflicts).toEqual([]);
  });
});

describe('a customer edited here and in Ascora before the next sync', () => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await createSyncWorld({ jobs: 20, customers: 10, invoices: 0 });
    await world.engine.syncNow(world.integrationId);
  });
  afterEach(() => world.close());

  function editLocally(ascoraId: string, column: string, value: string): number {
    const row = one<{ id: number }>(world, 'SELECT id FROM ascora_customers WHERE ascora_customer_id = ?', ascoraId);
    world.core.db.transaction((tx) => {
      world.core.sqlite
        .prepare(`UPDATE ascora_customers SET ${column} = ?, sync_state = 'pending' WHERE id = ?`)
        .run(value, row.id);
      enqueue(tx, { integrationId: world.integrationId, kind: 'update_customer', recordId: row.id });
    });
    return row.id;
  }

  it('merges edits to different fields with no conflict, and pushes the result', async () => {
    const customer = world.sim.control.state().customers[0]!;
    const id = editLocally(customer.customerId, 'phone_number', '02 9999 0000');
    world.sim.control.editCustomer(customer.customerId, { streetLine1: '99 New Street' });
    // The push re-reads the customer first: one sync merges, pushes, and keeps the other user's change.
    await world.engine.syncNow(world.integrationId);
    expect(rows(world, 'SELECT id FROM conflicts')).toEqual([]);
    expect(world.sim.control.state().customers[0]).toMatchObject({
      phoneNumber: '02 9999 0000',
      streetLine1: '99 New Street',
    });
    expect(one(world, 'SELECT sync_state, phone_number, street_line1 FROM ascora_customers WHERE id = ?', id)).toEqual({
      sync_state: 'synced',
      phone_number: '02 9999 0000',
      street_line1: '99 New Street',
    });
  });

  it('makes one conflict when the same field changed on both sides, and pushes nothing until a person decides', async () => {
    const customer = world.sim.control.state().customers[1]!;
    const id = editLocally(customer.customerId, 'email_address', 'mine@example.com.au');
    world.sim.control.editCustomer(customer.customerId, { emailAddress: 'theirs@example.com.au' });
    await world.engine.syncNow(world.integrationId);
    const conflicts = rows<{ entity: string; record_id: number; fields_json: string }>(
      world,
      'SELECT entity, record_id, fields_json FROM conflicts',
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ entity: 'customer', record_id: id });
    expect(JSON.parse(conflicts[0]!.fields_json)).toEqual([
      {
        field: 'emailAddress',
        base: customer.emailAddress,
        mine: 'mine@example.com.au',
        theirs: 'theirs@example.com.au',
      },
    ]);
    expect(one(world, 'SELECT sync_state, email_address FROM ascora_customers WHERE id = ?', id)).toEqual({
      sync_state: 'conflict',
      email_address: 'mine@example.com.au',
    });

    await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(world.sim.control.state().customers[1]!.emailAddress).toBe('theirs@example.com.au');
    expect(world.sim.control.requestLog().filter((r) => r.method === 'POST')).toEqual([]);
  });
});
