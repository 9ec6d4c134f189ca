/**
 * Issue 13, the header's sync status (components/SyncStatus.tsx) over the real core: how old the
 * data is in words with the exact time on hover, redrawn each minute; a warning when the data is
 * older than STALE_AFTER_MS or the last sync failed (a refusal from the test's own simulator); and a
 * disconnected connection offering Settings instead of "Sync now".
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STALE_AFTER_MS, SyncStatus } from '../../renderer/src/components/SyncStatus';
import { useActiveIntegration } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await world?.close();
  world = null;
});

/** The header's status for the connection on screen, live as the session store follows the core. */
function Header() {
  const integration = useActiveIntegration();
  return integration ? <SyncStatus integration={integration} /> : null;
}

/** As if the last successful sync was this long ago (the core's record of it, then its change event). */
function lastSyncedAgo(w: RendererWorld, ms: number) {
  w.core.ctx.sqlite
    .prepare('UPDATE ascora_integrations SET last_success_at = ?, last_sync_at = ? WHERE id = ?')
    .run(new Date(Date.now() - ms).toISOString(), new Date(Date.now() - ms).toISOString(), w.integrationId);
  w.core.ctx.events.emit('record.changed', { entity: 'integration', ids: [w.integrationId] });
}

describe('the header says how old the data is', () => {
  it('"Never synced", then after Sync now "Synced just now" with the exact time on hover', async () => {
    world = await startRendererWorld({ sync: false });
    const user = userEvent.setup();
    render(<Header />);
    expect(screen.getByText('Never synced')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const words = await screen.findByText('Synced just now', {}, { timeout: 10_000 });
    expect(words.getAttribute('title')).toMatch(/^Last synced \d{2}\/\d{2}\/\d{4}/);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('coming back online syncs by itself (the window asks the core; its schedule is on by default)', async () => {
    world = await startRendererWorld({ sync: false });
    render(<Header />);
    expect(screen.getByText('Never synced')).toBeTruthy();
    window.dispatchEvent(new Event('online'));
    await screen.findByText('Synced just now', {}, { timeout: 10_000 });
  });

  it('redraws the words each minute', async () => {
    world = await startRendererWorld();
    lastSyncedAgo(world, 3 * 60_000 + 1_000);
    vi.useFakeTimers({ toFake: ['setInterval', 'Date'], now: Date.now() });
    render(<Header />);
    await waitFor(() => expect(screen.getByText('Synced 3 minutes ago')).toBeTruthy());
    act(() => vi.advanceTimersByTime(2 * 60_000));
    expect(screen.getByText('Synced 5 minutes ago')).toBeTruthy();
  });

  it(`warns when the data is more than ${STALE_AFTER_MS / 3_600_000} hours old, and not before`, async () => {
    world = await startRendererWorld();
    render(<Header />);
    lastSyncedAgo(world, STALE_AFTER_MS - 60_000);
    await waitFor(() => expect(screen.getByText('Synced 3 hours ago')).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();

    lastSyncedAgo(world, 5 * 60 * 60_000 + 60_000);
    await waitFor(() => expect(screen.getByText('Synced 5 hours ago')).toBeTruthy());
    expect(screen.getByRole('alert').textContent).toMatch(
      /The data was last synced 5 hours ago \(.+\)\. It may be out of date: try Sync now\./,
    );
  });

  it("warns when the last sync failed, with Ascora's reason", async () => {
    world = await startRendererWorld({ ownAscora: true });
    world.ascora!.control.setFault('GET /Accounting/GetInvoicesToSend', {
      kind: 'reject',
      status: 400,
      message: 'Invoices are being rebuilt',
    });
    const user = userEvent.setup();
    render(<Header />);
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/^The last sync failed: .*Invoices are being rebuilt/);
    expect(alert.textContent).toContain('last synced just now');
  });

  it('a disconnected connection: says so, offers Settings, and no Sync now', async () => {
    world = await startRendererWorld();
    render(<Header />);
    await world.core.registry.invoke('integration.disconnect', {
      integrationId: world.integrationId,
      wipeMirror: false,
    });
    await waitFor(() => expect(screen.getByText('Demo workspace is disconnected: nothing is synced.')).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Connect again in Settings' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });
});
