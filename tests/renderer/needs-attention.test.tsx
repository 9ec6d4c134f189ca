/**
 * Issue 20, point 5, "One count of what needs a person": with a change Ascora refused and a
 * conflict, the header ("Synced just now · 2 need attention"), the navigation badge, Today and the
 * Sync centre all show the core's one count (IntegrationStatus.needsPersonCount); a change held by
 * the conflict is not also "waiting"; offline with nothing to send, the banner does not say
 * "0 changes waiting". The whole app over the real core and its own simulator.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { connections } from '../../renderer/src/cache';
import { editableFieldsOf } from '../support/customers';
import { refreshConnections, startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
const invoke = async (channel: string, input: unknown) => {
  const result = await world.core.registry.invoke(channel as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as never;
};

beforeAll(async () => {
  world = await startRendererWorld({ ownAscora: true });
  const sim = world.ascora!.control;
  const integrationId = world.integrationId;
  // Refused: Ascora says no to a new customer.
  sim.setFault('POST /Customers/Customer', { kind: 'reject', status: 400, message: 'ABN already used.', times: 1 });
  await invoke('customers.create', { integrationId, fields: { companyName: 'Refused Pty Ltd' } });
  // Changed on both sides: the same field edited here and in Ascora.
  const both = sim.state().customers[4]!;
  const row = world.core.ctx.sqlite
    .prepare('SELECT id FROM ascora_customers WHERE ascora_customer_id = ?')
    .get(both.customerId) as { id: number };
  const detail = (await invoke('customers.get', { customerId: row.id })) as Record<string, unknown>;
  await invoke('customers.update', {
    customerId: row.id,
    fields: { ...editableFieldsOf(detail), streetLine2: 'Unit 1 (here)' },
  });
  sim.editCustomer(both.customerId, { streetLine2: 'Unit 2 (there)' });
  await invoke('sync.now', { integrationId, kind: 'full' });
  await refreshConnections();
});
afterEach(cleanup);
afterAll(async () => {
  await world.ascora!.control.setRefuseConnections(false);
  await world.close();
});

describe('one count of what needs a person', () => {
  it('the header, the navigation badge, Today and the Sync centre show the same count', async () => {
    const user = userEvent.setup();
    const integration = connections()[0]!;
    expect(integration).toMatchObject({ needsPersonCount: 2, pendingCount: 0 });
    render(<App />);

    const header = await screen.findByRole('banner');
    const headerCount = await within(header).findByRole('button', { name: '2 need attention' });
    expect(header.textContent).toMatch(/Synced just now · 2 need attention/);
    // The change held by the conflict waits for a person, not for Ascora: not "1 change waiting".
    expect(header.textContent).not.toMatch(/waiting/);
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByLabelText('2 need attention')).toBeTruthy();

    const today = await screen.findByRole('region', { name: 'Needs you' });
    await waitFor(() => expect(today.textContent).toContain('2 need attention:'));
    expect(within(today).getByRole('button', { name: '1 change Ascora refused' })).toBeTruthy();
    expect(within(today).getByRole('button', { name: '1 conflict to resolve' })).toBeTruthy();

    await user.click(headerCount);
    await screen.findByRole('heading', { name: 'Needs attention (2)' });
    expect(screen.getByText(/0 waiting to send · 2 need attention · last success/)).toBeTruthy();
    expect(screen.queryByText(/No change is refused|Nothing needs attention/)).toBeNull();
  });

  it('offline with nothing to send, the banner says so instead of "0 changes waiting"', async () => {
    await world.ascora!.control.setRefuseConnections(true);
    await invoke('sync.now', { integrationId: world.integrationId });
    render(<App />);
    const banner = await screen.findByText('Offline. Nothing is waiting to be sent.');
    expect(banner.getAttribute('role')).toBe('status');
    expect(screen.queryByText(/0 changes waiting/)).toBeNull();
  });
});
