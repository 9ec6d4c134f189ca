/**
 * Issue 13, disconnect and leaving the demo (components/DisconnectDialog.tsx in Settings) over the
 * real core: the dialog names what has not reached Ascora; wiping needs the connection's name
 * typed, and main refuses a wipe whose name does not match even when the window sends one; after
 * leaving, Connect is reachable, and "Sync now" does not quietly reconnect.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Settings } from '../../renderer/src/screens/Settings';
import { connections } from '../../renderer/src/cache';
import { useSession } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld | null = null;
afterEach(async () => {
  useSession.setState({ connecting: false });
  await world?.close();
  world = null;
});

async function newCustomer(w: RendererWorld, companyName: string) {
  const made = await w.core.registry.invoke('customers.create', {
    integrationId: w.integrationId,
    fields: { companyName },
  });
  expect(made.ok).toBe(true);
}

const integrationRows = (w: RendererWorld) =>
  w.core.ctx.sqlite.prepare('SELECT id, state FROM ascora_integrations').all() as { id: number; state: string }[];

/** The demo with these customers made here and not sent, Settings on screen, "Leave the demo…" pressed. */
async function leaveDialogWith(...companies: string[]) {
  world = await startRendererWorld();
  for (const company of companies) await newCustomer(world, company);
  const user = userEvent.setup();
  render(<Settings />);
  await user.click(await screen.findByRole('button', { name: 'Leave the demo…' }));
  return { w: world, user, dialog: screen.getByRole('alertdialog', { name: 'Leave the demo workspace' }) };
}

describe('disconnecting, or leaving the demo', () => {
  it('lists the unsent changes, and wipes only once the name is typed', async () => {
    const { w, user, dialog } = await leaveDialogWith('Harbour Strata Pty Ltd', 'Coastal Plumbing Co');
    await within(dialog).findByText('2 changes made here have not reached Ascora.');
    const listed = within(dialog).getByRole('list', { name: 'Changes not yet in Ascora' });
    expect(
      within(listed)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['New customer: Harbour Strata Pty Ltd', 'New customer: Coastal Plumbing Co']);
    // The way back has the focus: Enter does not wipe.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));

    const wipe = within(dialog).getByRole('button', { name: 'Leave the demo and wipe it' });
    const name = within(dialog).getByRole('textbox', { name: /type the connection's name/ });
    expect(wipe).toHaveProperty('disabled', true);
    await user.type(name, 'Demo');
    expect(wipe).toHaveProperty('disabled', true);
    await user.type(name, ' workspace');
    expect(wipe).toHaveProperty('disabled', false);
    await user.click(wipe);

    await waitFor(() => expect(integrationRows(w)).toEqual([]));
    // The rows go first; the answer (and with it the window's list of connections) comes once the
    // demo's simulator has stopped and its saved state is deleted.
    await waitFor(() => expect(connections()).toEqual([]));
  });

  it('main refuses a wipe without the name, or with another name, and changes nothing', async () => {
    world = await startRendererWorld();
    const { registry } = world.core;
    const integrationId = world.integrationId;
    expect(await registry.invoke('integration.disconnect', { integrationId, wipeMirror: true })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(
      await registry.invoke('integration.disconnect', { integrationId, wipeMirror: true, confirmName: 'Demo' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('Nothing was wiped') },
    });
    expect(integrationRows(world)).toEqual([{ id: integrationId, state: 'ok' }]);
  });

  it('keeping the copy: nothing syncs it, not even Sync now, and Connect is reachable', async () => {
    const { w, user, dialog } = await leaveDialogWith('Harbour Strata Pty Ltd');
    await within(dialog).findByText('1 change made here has not reached Ascora.');
    await user.click(within(dialog).getByRole('button', { name: 'Leave the demo, keep its copy' }));

    await waitFor(() => expect(useSession.getState().connecting).toBe(true));
    expect(integrationRows(w)).toEqual([{ id: w.integrationId, state: 'disconnected' }]);
    const refused = await w.core.registry.invoke('sync.now', { integrationId: w.integrationId });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'NOT_CONNECTED', message: expect.stringContaining('is disconnected') },
    });
    expect(integrationRows(w)[0]?.state).toBe('disconnected');

    // Back in Settings, the card says so and offers Connect.
    useSession.setState({ connecting: false });
    await waitFor(() => expect(screen.getByText(/Disconnected: nothing is synced/)).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Connect an Ascora account' }));
    expect(useSession.getState().connecting).toBe(true);
  });
});
