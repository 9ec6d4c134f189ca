/**
 * Issue 13, item 2: records Ascora no longer has (remote_missing, set by the pull when a full pass
 * does not see them and a direct look-up finds none) are said to be so, are not counted, are not offered for a new job, and a
 * change to such a customer is refused before anything is saved or queued. Over the real pull: the
 * records are deleted in the simulator as another Ascora user would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { ChannelName, InputOf } from '../../shared/contract';
import type { CustomerDetail, CustomerRow, JobPreview, Page } from '../../shared/domain';
import { recordState } from '../../shared/record-state';
import { tableChecksum } from '../support/db';
import { createSyncWorld, createWorldRegistry, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let registry: Registry;
let gone: { id: number; name: string; email: string };

async function ok<C extends ChannelName>(channel: C, input: InputOf<C>) {
  const result = await registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as never;
}

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 40, customers: 10, invoices: 5 });
  registry = createWorldRegistry(world);
  await world.engine.syncNow(world.integrationId);
  // A customer and one job, deleted (or merged) in Ascora by another user.
  const state = world.sim.control.state();
  const customer = state.customers.find((c) => c.emailAddress)!;
  gone = {
    ...one<{ id: number; name: string }>(
      world,
      'SELECT id, customer_name AS name FROM ascora_customers WHERE ascora_customer_id = ?',
      customer.customerId,
    ),
    email: customer.emailAddress,
  };
  world.sim.control.deleteCustomer(customer.customerId);
  world.sim.control.deleteJob(state.jobs[3]!.jobId);
  await world.engine.syncNow(world.integrationId);
  expect(one(world, 'SELECT remote_missing FROM ascora_customers WHERE id = ?', gone.id)).toEqual({
    remote_missing: 1,
  });
});
afterAll(() => world.close());

describe('a record Ascora no longer has', () => {
  it('is said to be no longer in Ascora, in the list and the detail, never "in Ascora"', async () => {
    const detail = (await ok('customers.get', { customerId: gone.id })) as CustomerDetail;
    expect(detail).toMatchObject({ remoteMissing: true, syncState: 'synced' });
    expect(recordState(detail)).toBe('missing');
    const page = (await ok('customers.list', {
      integrationId: world.integrationId,
      search: gone.email,
    })) as Page<CustomerRow>;
    expect(page.rows.map((r) => [r.id, recordState(r)])).toEqual([[gone.id, 'missing']]);
  });

  it('is not offered as the customer of a job made from a report, and is refused if named', async () => {
    const reportId = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
    await ok('reports.create', {
      report: {
        report_id: reportId,
        property_address: '1 Example Street, Parramatta NSW 2150',
        damage_type: 'water',
        state: 'NSW',
        client_name: gone.name,
        client_email: gone.email,
        total_cost: 100,
        severity: 'Minor',
      },
    });
    const preview = (await ok('jobs.previewFromReport', {
      integrationId: world.integrationId,
      reportId,
    })) as JobPreview;
    expect(preview.customerMatches.map((c) => c.id)).not.toContain(gone.id);
    const checksum = tableChecksum(world.core.sqlite);
    const result = await registry.invoke('jobs.createFromReport', {
      integrationId: world.integrationId,
      reportId,
      customer: { mode: 'existing', customerId: gone.id },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `Ascora no longer has ${gone.name} (deleted or merged there), so a job cannot be made for them. Pick another customer.`,
      },
    });
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
  });

  it('a change to such a customer is refused before anything is saved or queued, with what to do', async () => {
    const detail = (await ok('customers.get', { customerId: gone.id })) as CustomerDetail;
    const checksum = tableChecksum(world.core.sqlite);
    const result = await registry.invoke('customers.update', {
      customerId: gone.id,
      fields: {
        companyName: detail.companyName,
        contactFirstName: detail.contactFirstName,
        contactLastName: detail.contactLastName,
        emailAddress: 'new@example.com.au',
        streetState: detail.streetState as never,
      },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!result.ok)
      expect(result.error.message).toBe(
        `Ascora no longer has ${gone.name} (deleted or merged there), so a change cannot be sent. Nothing was saved; the customer is kept here as it was. Look for them in Ascora, or create them again as a new customer.`,
      );
    expect(tableChecksum(world.core.sqlite)).toBe(checksum);
    expect(one(world, "SELECT COUNT(*) AS n FROM outbox WHERE state <> 'done'")).toEqual({ n: 0 });
  });
});
