/**
 * Issue 22: "Restart to update" in Settings and as a quiet banner. Over the real core and, for the
 * desktop app, a real updater (electron-updater's NsisUpdater) downloading from a release feed on
 * 127.0.0.1 (tests/updates/local-feed.ts); the restart itself is recorded, not made.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log';
import { createUpdateController, type UpdateController } from '../../main/core/updates/controller';
import { followSyncs, restartBlockers } from '../../main/core/updates/restart-safety';
import { UpdateBanner } from '../../renderer/src/components/UpdateBanner';
import { Settings } from '../../renderer/src/screens/Settings';
import { createTestUpdater, startLocalFeed, type LocalFeed } from '../updates/local-feed';
import { startRendererWorld, type RendererWorld } from './support';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The desktop app at 0.1.0 with 0.2.0 published on its feed (tampered with when asked). */
async function desktopWorld(options: { tampered?: boolean; ownAscora?: boolean } = {}) {
  const feed: LocalFeed = await startLocalFeed();
  feed.publish('0.2.0');
  if (options.tampered) feed.tamper();
  const updater = createTestUpdater(feed);
  closers.push(
    () => feed.close(),
    () => updater.close(),
  );
  const restarts: string[] = [];
  let controller: UpdateController | null = null;
  const world: RendererWorld = await startRendererWorld({
    ownAscora: options.ownAscora,
    updates: (core) =>
      (controller = createUpdateController({
        updater: updater.updater,
        currentVersion: '0.1.0',
        feed: feed.url,
        blockers: () => restartBlockers(core.registry.invoke),
        installAndRestart: () => void restarts.push('restart'),
        now: () => Date.now(),
        // As main does: each move goes to the window as the updates.status event.
        onChange: (status) => core.events.emit('updates.status', status),
        logger: silentLogger,
      })),
  });
  closers.push(() => world.close());
  // As main does: the core's events tell the updater when a sync's state moves.
  closers.push(followSyncs(world.core.events, controller!));
  return { world, restarts, controller: controller! };
}

async function downloaded(controller: UpdateController): Promise<void> {
  await controller.check();
  await expect.poll(() => controller.status().state, { timeout: 20_000 }).toBe('downloaded');
}

const updatesCard = async () => (await screen.findByRole('heading', { name: 'Updates' })).parentElement!;

describe('updates in the browser host', () => {
  it('says updates come with the desktop app, with nothing to check or restart', async () => {
    const world = await startRendererWorld({ sync: false });
    closers.push(() => world.close());
    render(
      <>
        <UpdateBanner />
        <Settings />
      </>,
    );
    const card = await updatesCard();
    expect(await within(card).findByText(/^Updates come with the desktop app\./)).toBeTruthy();
    expect(within(card).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Update ready' })).toBeNull();
  });
});

describe('updates in the desktop app', () => {
  it('Settings checks, follows the background download, and restarts into the checked update', async () => {
    const { restarts } = await desktopWorld();
    const user = userEvent.setup();
    render(<Settings />);
    const card = await updatesCard();
    expect(await within(card).findByText('This is version 0.1.0. Updates have not been checked yet.')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Restart to update' })).toBeNull();

    await user.click(within(card).getByRole('button', { name: 'Check for updates' }));
    expect(
      await within(card).findByText(/^Version 0.2.0 is downloaded and checked\./, undefined, { timeout: 20_000 }),
    ).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Restart to update' }));

    expect(await within(card).findByText('Restarting into version 0.2.0…')).toBeTruthy();
    expect(restarts).toEqual(['restart']);
  });

  it('never offers a tampered download: Settings says it was thrown away', async () => {
    const { restarts } = await desktopWorld({ tampered: true });
    const user = userEvent.setup();
    render(
      <>
        <UpdateBanner />
        <Settings />
      </>,
    );
    const card = await updatesCard();
    await user.click(await within(card).findByRole('button', { name: 'Check for updates' }));
    expect(
      await within(card).findByText(/did not match its release.*will not be installed/, undefined, { timeout: 20_000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Update ready' })).toBeNull();
    expect(restarts).toEqual([]);
  });

  it('the banner names the unsent changes before restarting, and "Not now" keeps the app running', async () => {
    const { world, restarts, controller } = await desktopWorld();
    await downloaded(controller);
    const created = await world.core.registry.invoke('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Harbourside Strata' },
    });
    expect(created.ok).toBe(true);
    const user = userEvent.setup();
    render(<UpdateBanner />);

    const banner = await screen.findByRole('region', { name: 'Update ready' });
    expect(banner.textContent).toContain('Version 0.2.0 of RestoreAssist Desk is ready.');
    await user.click(within(banner).getByRole('button', { name: 'Restart to update' }));

    const confirm = await screen.findByRole('alertdialog', { name: 'Restart to update to version 0.2.0' });
    expect(confirm.textContent).toContain('1 change made here has not reached Ascora yet.');
    expect(within(confirm).getByRole('list', { name: 'Changes not yet in Ascora' }).textContent).toBe(
      'New customer: Harbourside Strata',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(restarts).toEqual([]);

    await user.click(within(banner).getByRole('button', { name: 'Restart to update' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Restart and update' }),
    );
    expect(await within(banner).findByText('Restarting into version 0.2.0…')).toBeTruthy();
    expect(restarts).toEqual(['restart']);
  });

  it('with a sync running, the banner says so and can restart by itself once the sync has finished', async () => {
    const { world, restarts, controller } = await desktopWorld({ ownAscora: true });
    await downloaded(controller);
    world.ascora!.control.setLatency(400);
    const sync = world.core.registry.invoke('sync.now', { integrationId: world.integrationId, kind: 'full' });
    await expect
      .poll(async () => {
        const status = await world.core.registry.invoke('sync.status', { integrationId: world.integrationId });
        return status.ok && (status.value as { running: boolean }).running;
      })
      .toBe(true);
    const user = userEvent.setup();
    render(<UpdateBanner />);
    const banner = await screen.findByRole('region', { name: 'Update ready' });

    await user.click(within(banner).getByRole('button', { name: 'Restart to update' }));
    expect(
      await within(banner).findByText(
        'A sync with Test office is running. Restart to update when it has finished; the update waits until then.',
      ),
    ).toBeTruthy();
    await user.click(within(banner).getByRole('button', { name: 'Restart when it has finished' }));
    expect(
      await within(banner).findByText(
        'A sync with Test office is running. The app restarts to update when it has finished.',
      ),
    ).toBeTruthy();
    expect(restarts).toEqual([]);

    world.ascora!.control.setLatency(0);
    await sync;
    await waitFor(() => expect(restarts).toEqual(['restart']), { timeout: 10_000 });
  });

  it('the banner can be put away until the next version', async () => {
    const { controller } = await desktopWorld();
    await downloaded(controller);
    const user = userEvent.setup();
    render(<UpdateBanner />);
    const banner = await screen.findByRole('region', { name: 'Update ready' });
    await user.click(within(banner).getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('region', { name: 'Update ready' })).toBeNull();
  });
});
