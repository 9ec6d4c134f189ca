/**
 * Issue 19 on the screens: a customer created here whose create's answer was lost, tidied in Ascora
 * by another user since, is held for a person; in the Sync centre the person compares Ascora's
 * look-alikes and links the right one, or in the customer's panel withdraws it after confirming.
 * The real core over a simulator of the test's own.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerPanel } from '../../renderer/src/screens/Customers';
import { SyncCentre } from '../../renderer/src/screens/sync-centre/SyncCentre';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
afterEach(() => world.close());

const sql = <T,>(query: string, ...params: unknown[]) => world.core.ctx.sqlite.prepare(query).get(...params) as T;
async function invoke(channel: string, input: unknown) {
  const result = await world.core.registry.invoke(channel as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as never;
}
const sync = () => invoke('sync.now', { integrationId: world.integrationId });

/** Created here; its create applied in Ascora with the answer lost; then another user tidies the street. */
async function heldCustomer(lastName: string): Promise<{ id: number; ascoraId: string }> {
  const created = (await invoke('customers.create', {
    integrationId: world.integrationId,
    fields: {
      contactFirstName: 'Nadia',
      contactLastName: lastName,
      phoneNumber: '02 9100 8080',
      streetLine1: '21 Church Street',
      streetPostcode: '2150',
    },
  })) as { id: number };
  const ascora = world.ascora!.control;
  ascora.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
  await sync();
  const theirs = ascora.state().customers.find((c) => c.contactLastName === lastName)!;
  ascora.editCustomer(theirs.customerId, { streetLine1: '21 Church St' });
  await sync();
  expect(sql("SELECT state FROM outbox WHERE kind = 'create_customer' AND record_id = ?", created.id)).toEqual({
    state: 'needs_check',
  });
  return { id: created.id, ascoraId: theirs.customerId };
}

describe('a customer held for a person after a lost answer', () => {
  it('the Sync centre lists Ascora’s look-alike and "Link to" it links the customer; nothing is sent again', async () => {
    world = await startRendererWorld({ ownAscora: true });
    const held = await heldCustomer('Brooks');
    const user = userEvent.setup();
    render(<SyncCentre integrationId={world.integrationId} />);
    const item = await screen.findByRole('listitem', { name: 'New customer: Nadia Brooks' });
    await user.click(within(item).getByRole('button', { name: 'This is ours: link it…' }));
    const candidates = await within(item).findByRole('list', { name: 'Customers in Ascora that may be Nadia Brooks' });
    expect(candidates.textContent).toContain('21 Church St');
    await user.click(within(candidates).getByRole('button', { name: 'Link to Nadia Brooks' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'New customer: Nadia Brooks' })).toBeNull());
    expect(
      sql('SELECT ascora_customer_id AS id, sync_state AS state FROM ascora_customers WHERE id = ?', held.id),
    ).toEqual({
      id: held.ascoraId,
      state: 'synced',
    });
    await sync();
    expect(world.ascora!.control.state().customers.filter((c) => c.contactLastName === 'Brooks')).toHaveLength(1);
  });

  it('the customer’s panel withdraws it only after the person confirms that Ascora may keep it', async () => {
    world = await startRendererWorld({ ownAscora: true });
    const held = await heldCustomer('Marsh');
    const user = userEvent.setup();
    let closed = false;
    render(
      <CustomerPanel
        customerId={held.id}
        integrationId={world.integrationId}
        onClose={() => {
          closed = true;
        }}
        onCreated={() => undefined}
      />,
    );
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    await user.click(await within(panel).findByRole('button', { name: 'Withdraw it here' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Withdraw it here' });
    expect(ask.textContent).toContain('if Ascora has it, it stays there');
    await user.click(within(ask).getByRole('button', { name: 'Withdraw it here' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(sql('SELECT count(*) AS n FROM ascora_customers WHERE id = ?', held.id)).toEqual({ n: 0 });
  });
});
