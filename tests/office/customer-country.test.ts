/**
 * Issue 19, office chaos seed 82: a customer another user added in Ascora with no country, edited
 * on a desktop (its street), was saved back with the country "Australia", which nobody asked for:
 * the update's body filled in a new customer's default. An update carries the country Ascora has.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';
import { customerFieldsOfRow } from '../support/customer-fields';

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

async function ok<T>(desktop: Desktop, channel: string, input: unknown): Promise<T> {
  const result = await desktop.registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${desktop.name}: ${channel} refused: ${result.error.message}`);
  return result.value as T;
}

describe('a customer Ascora has with no country, edited on a desktop', () => {
  it('keeps the country empty in Ascora: only the street the person changed is changed', async () => {
    office = await createOfficeWorld({ desktops: 1, sim: { jobs: 5, customers: 3, invoices: 1 } });
    const [desk] = office.desktops as [Desktop];
    const added = office.sim.control.addCustomer({
      contactFirstName: 'Eli',
      contactLastName: 'Remote',
      emailAddress: 'eli.remote@example.com.au',
      streetCountry: '',
    });
    await desk.engine.syncNow(desk.integrationId, { kind: 'full' });
    const row = desk.core.sqlite
      .prepare('SELECT * FROM ascora_customers WHERE ascora_customer_id = ?')
      .get(added.customerId) as Record<string, string | null> & { id: number };
    expect(row.street_country).toBe('');
    await ok(desk, 'customers.update', {
      customerId: row.id,
      // As the form sends it, the country left as Ascora has it (empty).
      fields: { ...customerFieldsOfRow(row), streetLine1: '24 Local Lane', streetCountry: row.street_country ?? '' },
    });
    await desk.engine.syncNow(desk.integrationId);
    const inAscora = office.sim.control.state().customers.find((c) => c.customerId === added.customerId)!;
    expect({ street: inAscora.streetLine1, country: inAscora.streetCountry }).toEqual({
      street: '24 Local Lane',
      country: '',
    });
  });
});
