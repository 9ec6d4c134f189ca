/**
 * Issue 13: a customer keeps one name. Ascora can fill `customerName` with the contact's name for
 * a customer that also has a company; the app names a customer after its company (else its
 * contact) whether it was made here, saved by Ascora, or pulled, so the list does not reorder
 * under the person once Ascora answers. Over the real handlers, mirror and simulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import { createSyncWorld, createWorldRegistry, okCaller, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;
const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);

beforeEach(async () => {
  world = await createSyncWorld({ jobs: 5, customers: 3, invoices: 0 });
  registry = createWorldRegistry(world);
  world.sim.control.setCustomerNaming('contact');
  await world.engine.syncNow(world.integrationId);
});
afterEach(() => world.close());

const nameOf = (id: number) =>
  one<{ customer_name: string }>(world, 'SELECT customer_name FROM ascora_customers WHERE id = ?', id).customer_name;

describe('a customer with a company and a contact', () => {
  it('is named after its company while waiting, once Ascora has saved it, and after an edit in Ascora', async () => {
    const created = (await ok('customers.create', {
      integrationId: world.integrationId,
      fields: {
        companyName: 'Harbourside Strata',
        contactFirstName: 'Priya',
        contactLastName: 'Raman',
        emailAddress: 'priya@harbourside.example.com.au',
      },
    })) as { id: number };
    expect(nameOf(created.id)).toBe('Harbourside Strata');

    await world.engine.syncNow(world.integrationId);
    const inAscora = world.sim.control.state().customers.find((c) => c.companyName === 'Harbourside Strata')!;
    // Ascora itself names her after the contact; the app keeps the company.
    expect(inAscora.customerName).toBe('Priya Raman');
    expect(nameOf(created.id)).toBe('Harbourside Strata');

    world.sim.control.editCustomer(inAscora.customerId, { phoneNumber: '02 9100 0049' });
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    expect(nameOf(created.id)).toBe('Harbourside Strata');
  });

  it('is named after its contact when it has no company', async () => {
    const contactOnly = world.sim.control.addCustomer({ contactFirstName: 'Tomasz', contactLastName: 'Nowak' });
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    const byAscoraId = (id: string) =>
      one<{ customer_name: string }>(
        world,
        'SELECT customer_name FROM ascora_customers WHERE ascora_customer_id = ?',
        id,
      ).customer_name;
    expect(byAscoraId(contactOnly.customerId)).toBe('Tomasz Nowak');
  });
});
