/**
 * Issue 13, item 4: messy data from Ascora never blocks an edit. A phone number Ascora holds that
 * fails the app's Australian pattern (one digit short, as real records are) is kept and sent back
 * unchanged when the person edits another field; the pattern applies to what the person changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { CustomerDetail } from '../../shared/domain';
import { tableChecksum } from '../support/db';
import { createSyncWorld, createWorldRegistry, one, type SyncWorld } from '../support/sync';
import { CUSTOMER_EDITABLE_FIELDS } from '../../main/core/sync/mapping';

let world: SyncWorld;
let registry: Registry;
let customer: { id: number; ascoraId: string };
const SHORT = '02 9100049';
const KEYS = CUSTOMER_EDITABLE_FIELDS;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 20, customers: 6, invoices: 2 });
  registry = createWorldRegistry(world);
  const target = world.sim.control.state().customers[1]!;
  // Another Ascora user typed it so; and a postcode Ascora holds with a letter in it.
  world.sim.control.editCustomer(target.customerId, { phoneNumber: SHORT, streetPostcode: '2OOO' });
  await world.engine.syncNow(world.integrationId);
  customer = {
    ...one<{ id: number }>(world, 'SELECT id FROM ascora_customers WHERE ascora_customer_id = ?', target.customerId),
    ascoraId: target.customerId,
  };
});
afterAll(() => world.close());

/** The form's fields: everything as the panel shows it, with the person's changes. */
async function formFields(changes: Record<string, string | null>) {
  const got = await registry.invoke('customers.get', { customerId: customer.id });
  if (!got.ok) throw new Error(got.error.message);
  const d = got.value as CustomerDetail;
  return { ...Object.fromEntries(KEYS.map((k) => [k, d[k]])), ...changes };
}

describe("an edit of a customer whose Ascora data fails the app's patterns", () => {
  it('saves a change to another field, and sends the phone and postcode back exactly as Ascora had them', async () => {
    expect(one(world, 'SELECT phone_number, street_postcode FROM ascora_customers WHERE id = ?', customer.id)).toEqual({
      phone_number: SHORT,
      street_postcode: '2OOO',
    });
    const saved = await registry.invoke('customers.update', {
      customerId: customer.id,
      fields: (await formFields({ emailAddress: 'accounts@example.com.au' })) as never,
    });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        emailAddress: 'accounts@example.com.au',
        phoneNumber: SHORT,
        streetPostcode: '2OOO',
        syncState: 'pending',
      },
    });
    await world.engine.syncNow(world.integrationId);
    expect(world.sim.control.state().customers.find((c) => c.customerId === customer.ascoraId)).toMatchObject({
      emailAddress: 'accounts@example.com.au',
      phoneNumber: SHORT,
      streetPostcode: '2OOO',
    });
    expect(one(world, 'SELECT sync_state FROM ascora_customers WHERE id = ?', customer.id)).toEqual({
      sync_state: 'synced',
    });
  });

  it('checks a field the person changed: a phone changed to something that is not Australian is refused, naming the field, and nothing changes', async () => {
    const before = tableChecksum(world.core.sqlite);
    const refused = await registry.invoke('customers.update', {
      customerId: customer.id,
      fields: (await formFields({ phoneNumber: '555' })) as never,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Phone: Enter an Australian phone number, e.g. 02 9876 5432 or 0412 345 678.',
      },
    });
    const postcode = await registry.invoke('customers.update', {
      customerId: customer.id,
      fields: (await formFields({ streetPostcode: '21' })) as never,
    });
    expect(postcode).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Postcode: A postcode has four digits.' },
    });
    expect(tableChecksum(world.core.sqlite)).toBe(before);
    // Fixed by the person: the pattern passes and the new number goes.
    expect(
      await registry.invoke('customers.update', {
        customerId: customer.id,
        fields: (await formFields({ phoneNumber: '02 9100 0491' })) as never,
      }),
    ).toMatchObject({ ok: true, value: { phoneNumber: '02 9100 0491' } });
  });

  it('still needs a name, and a new customer is checked whole', async () => {
    const noName = await registry.invoke('customers.update', {
      customerId: customer.id,
      fields: (await formFields({ companyName: '', contactFirstName: '', contactLastName: ' ' })) as never,
    });
    expect(noName).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('A customer needs a name or a company name.') },
    });
    const created = await registry.invoke('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'New Pty Ltd', phoneNumber: SHORT },
    });
    expect(created).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
