/**
 * A customer created here whose create's answer was lost, then tidied in Ascora by another user
 * (issue 19): a customer Ascora has with the same name, whose id the mirror does not know, is never
 * taken as "not there". The create waits for a person, who links it ("this is ours"), sends it ("not
 * ours") or withdraws it after confirming; meanwhile no full pass adds Ascora's copy as a second
 * local row. The real engine, the simulator over HTTP, and every channel's real handler.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HeldCustomerCandidate } from '../../shared/domain';
import type { SimRequestEvent } from '../../sim/server';
import {
  createOfflineCustomerAndJob,
  createSyncWorld,
  createWorldRegistry,
  okCaller,
  one,
  rows,
  type SyncWorld,
} from '../support/sync';

let world: SyncWorld | null = null;
let hook: ((event: SimRequestEvent) => void | Promise<void>) | null = null;
afterEach(async () => {
  hook = null;
  await world?.close();
  world = null;
});

async function openWorld() {
  hook = null;
  world = await createSyncWorld({ jobs: 20, customers: 8, invoices: 3, observe: (event) => hook?.(event) });
  await world.engine.syncNow(world.integrationId);
  const registry = createWorldRegistry(world);
  return { w: world, registry, call: okCaller(registry) };
}

/**
 * The next customer create is applied in Ascora and its answer lost; right after it is applied,
 * another user changes the new customer there (`tidy`).
 */
function loseCreateThenTidy(w: SyncWorld, pick: (c: Record<string, unknown>) => boolean, tidy: Record<string, string>) {
  w.sim.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
  hook = (event) => {
    if (event.route !== 'post /customers/customer' || event.stage !== 'committed') return;
    hook = null;
    const made = w.sim.control.state().customers.find((c) => pick(c as unknown as Record<string, unknown>))!;
    w.sim.control.editCustomer(made.customerId, tidy);
  };
}

const heldItem = (w: SyncWorld, customerId: number) =>
  one<{ id: number; state: string }>(
    w,
    "SELECT id, state FROM outbox WHERE kind = 'create_customer' AND record_id = ? ORDER BY id DESC LIMIT 1",
    customerId,
  );

describe('a customer tidied in Ascora after its create’s answer was lost', () => {
  it('"14 Harris Street" became "14 Harris St": held for a person, never a second local row; "this is ours" links it and its job goes', async () => {
    const { w, call } = await openWorld();
    const made = createOfflineCustomerAndJob(w);
    const email = made.customer.emailAddress;
    loseCreateThenTidy(w, (c) => c.emailAddress === email, { streetLine1: '14 Harris St' });
    await w.engine.syncNow(w.integrationId);
    await w.engine.syncNow(w.integrationId);

    expect(w.sim.control.state().customers.filter((c) => c.emailAddress === email)).toHaveLength(1);
    expect(rows(w, 'SELECT id FROM ascora_customers WHERE email_address = ?', email)).toHaveLength(1);
    expect(heldItem(w, made.customer.id).state).toBe('needs_check');

    const candidates = (await call('sync.heldCandidates', {
      integrationId: w.integrationId,
      outboxId: made.customerItem,
    })) as HeldCustomerCandidate[];
    const theirs = w.sim.control.state().customers.find((c) => c.emailAddress === email)!;
    expect(candidates).toContainEqual(
      expect.objectContaining({ ascoraCustomerId: theirs.customerId, street: expect.stringContaining('14 Harris St') }),
    );
    await call('sync.linkHeld', {
      integrationId: w.integrationId,
      outboxId: made.customerItem,
      ascoraCustomerId: theirs.customerId,
    });
    expect(
      one(
        w,
        'SELECT ascora_customer_id, street_line1, sync_state FROM ascora_customers WHERE id = ?',
        made.customer.id,
      ),
    ).toEqual({ ascora_customer_id: theirs.customerId, street_line1: '14 Harris St', sync_state: 'synced' });

    await w.engine.syncNow(w.integrationId);
    const jobs = w.sim.control.state().jobs.filter((j) => String(j.jobDescription).trimEnd().endsWith(made.marker));
    expect(jobs).toHaveLength(1);
    expect(one(w, 'SELECT site_customer_id, sync_state FROM ascora_jobs WHERE id = ?', made.job.id)).toEqual({
      site_customer_id: theirs.customerId,
      sync_state: 'synced',
    });
    expect(w.sim.control.state().customers.filter((c) => c.emailAddress === email)).toHaveLength(1);
    expect(rows(w, 'SELECT id FROM ascora_customers WHERE email_address = ?', email)).toHaveLength(1);
  });

  it('a company name added there (no email to match): never created twice; linked, an edit made here meanwhile is kept and sent', async () => {
    const { w, call } = await openWorld();
    const created = (await call('customers.create', {
      integrationId: w.integrationId,
      fields: {
        contactFirstName: 'Tom',
        contactLastName: 'Ng',
        phoneNumber: '02 9100 2020',
        streetLine1: '3 Quay Street',
        streetPostcode: '2000',
      },
    })) as { id: number };
    loseCreateThenTidy(w, (c) => c.streetLine1 === '3 Quay Street', { companyName: 'Ng Plumbing Pty Ltd' });
    await w.engine.syncNow(w.integrationId);
    await w.engine.syncNow(w.integrationId);
    const inAscora = () => w.sim.control.state().customers.filter((c) => c.streetLine1 === '3 Quay Street');
    expect(inAscora()).toHaveLength(1);
    expect(rows(w, "SELECT id FROM ascora_customers WHERE street_line1 = '3 Quay Street'")).toHaveLength(1);
    const item = heldItem(w, created.id);
    expect(item.state).toBe('needs_check');

    // A person edits the held customer's mobile here, then links it.
    await call('customers.update', {
      customerId: created.id,
      fields: {
        contactFirstName: 'Tom',
        contactLastName: 'Ng',
        phoneNumber: '02 9100 2020',
        mobileNumber: '0411 222 333',
        streetLine1: '3 Quay Street',
        streetPostcode: '2000',
      },
    });
    await call('sync.linkHeld', {
      integrationId: w.integrationId,
      outboxId: item.id,
      ascoraCustomerId: inAscora()[0]!.customerId,
    });
    await w.engine.syncNow(w.integrationId);
    expect(inAscora()).toHaveLength(1);
    expect(inAscora()[0]).toMatchObject({ companyName: 'Ng Plumbing Pty Ltd', mobileNumber: '0411 222 333' });
    expect(
      one(w, 'SELECT company_name, mobile_number, sync_state FROM ascora_customers WHERE id = ?', created.id),
    ).toEqual({ company_name: 'Ng Plumbing Pty Ltd', mobile_number: '0411 222 333', sync_state: 'synced' });
  });

  it('a held customer is withdrawn only after the person confirms; Ascora’s copy then comes in as one row', async () => {
    const { w, registry, call } = await openWorld();
    const created = (await call('customers.create', {
      integrationId: w.integrationId,
      fields: {
        contactFirstName: 'Wren',
        contactLastName: 'Holloway',
        phoneNumber: '02 9100 3030',
        streetLine1: '9 Mill Road',
        streetPostcode: '2040',
      },
    })) as { id: number };
    loseCreateThenTidy(w, (c) => c.streetLine1 === '9 Mill Road', { streetLine1: '9 Mill Rd' });
    await w.engine.syncNow(w.integrationId);
    await w.engine.syncNow(w.integrationId);
    expect(heldItem(w, created.id).state).toBe('needs_check');

    const unconfirmed = await registry.invoke('customers.discardChange', { customerId: created.id });
    expect(unconfirmed.ok).toBe(false);
    expect(rows(w, 'SELECT id FROM ascora_customers WHERE id = ?', created.id)).toHaveLength(1);

    expect(await call('customers.discardChange', { customerId: created.id, mayBeInAscora: true })).toEqual({
      discarded: true,
      removed: true,
    });
    expect(
      one<{ status: string; message: string }>(
        w,
        "SELECT status, message FROM ascora_sync_logs WHERE kind = 'item' ORDER BY id DESC LIMIT 1",
      ),
    ).toMatchObject({ status: 'discarded', message: expect.stringMatching(/Ascora may have it/) });
    await w.engine.syncNow(w.integrationId);
    expect(rows(w, "SELECT id FROM ascora_customers WHERE contact_last_name = 'Holloway'")).toHaveLength(1);
    expect(w.sim.control.state().customers.filter((c) => c.contactLastName === 'Holloway')).toHaveLength(1);
  });
});
