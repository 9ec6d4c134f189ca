/**
 * Two desktops send the same new customer at the same moment and both answers are lost: each
 * look-up finds one copy and adopts it, and the other copy stays in Ascora. No client can prevent
 * it; the desktop that made the customer must show it (office chaos seeds 101 and 166).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncProblem } from '../../shared/domain';
import {
  createOfflineCustomerAndJob,
  createSyncWorld,
  okCaller,
  createWorldRegistry,
  type SyncWorld,
} from '../support/sync';

let world: SyncWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

describe('a customer made here that Ascora holds twice', () => {
  it('is listed in Needs attention, naming both Ascora customers, until one is gone', async () => {
    world = await createSyncWorld();
    const call = okCaller(createWorldRegistry(world));
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    const { customer } = createOfflineCustomerAndJob(world);
    await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    const mine = world.core.sqlite
      .prepare('SELECT ascora_customer_id AS id FROM ascora_customers WHERE id = ?')
      .get(customer.id) as { id: string };
    expect(mine.id).toBeTruthy();
    // The other desktop's copy of the same new customer, sent at the same moment.
    const theirs = world.sim.control.addCustomer({
      customerName: customer.customerName,
      contactFirstName: customer.contactFirstName ?? '',
      contactLastName: customer.contactLastName ?? '',
      emailAddress: customer.emailAddress ?? '',
    });
    await world.engine.syncNow(world.integrationId, { kind: 'full' });

    const problems = (await call('sync.problems', { integrationId: world.integrationId })) as SyncProblem[];
    const twice = problems.filter((p) => p.what === 'Customer made twice');
    expect(twice).toHaveLength(1);
    expect(twice[0]!.reason).toContain(mine.id);
    expect(twice[0]!.reason).toContain(theirs.customerId);
    expect(twice[0]!.open).toEqual({ entity: 'customer', id: customer.id });

    // Merged in Ascora (the other copy deleted there): the next full check clears it.
    world.sim.control.deleteCustomer(theirs.customerId);
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    const after = (await call('sync.problems', { integrationId: world.integrationId })) as SyncProblem[];
    expect(after.filter((p) => p.what === 'Customer made twice')).toHaveLength(0);
  });
});
