/**
 * Issue 22: "Restart to update" never restarts with a sync running or changes unsent without
 * saying so. Over a real core (a real SQLite file, a simulator of Ascora on 127.0.0.1) and a real
 * update downloaded from a local feed; the restart itself (Electron quitting into the installer) is
 * the one stand-in, recorded.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { silentLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { createUpdateController, type UpdateController } from '../../main/core/updates/controller';
import { followSyncs, restartBlockers } from '../../main/core/updates/restart-safety';
import { startSimulator, type RunningSimulator } from '../../sim/server';
import { makeTempDir } from '../support/db';
import { createTestUpdater, startLocalFeed, type LocalFeed, type TestUpdater } from './local-feed';

interface World {
  core: Core;
  ascora: RunningSimulator;
  integrationId: number;
  controller: UpdateController;
  restarts: number;
  call<T>(channel: string, input: unknown): Promise<T>;
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A connected office whose update 0.2.0 is downloaded and checked, ready for "Restart to update". */
async function officeWithUpdateReady(): Promise<World> {
  const dir = makeTempDir();
  const core = await createCore({ dataDir: dir, secrets: createMemorySecretStore(), logger: silentLogger });
  const ascora = await startSimulator({ port: 0, seed: 7, jobs: 40 });
  closers.push(
    () => fs.rmSync(dir, { recursive: true, force: true }),
    () => ascora.close(),
    () => core.close(),
  );
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await core.registry.invoke(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  };
  const { id: integrationId } = await call<{ id: number }>('integration.connect', {
    apiKey: ascora.apiKey,
    baseUrl: ascora.url,
    displayName: 'Test office',
  });
  await call('sync.now', { integrationId });

  const feed: LocalFeed = await startLocalFeed();
  feed.publish('0.2.0');
  const updater: TestUpdater = createTestUpdater(feed);
  closers.push(
    () => feed.close(),
    () => updater.close(),
  );
  const world = { core, ascora, integrationId, restarts: 0, call } as World;
  world.controller = createUpdateController({
    updater: updater.updater,
    currentVersion: '0.1.0',
    feed: feed.url,
    blockers: () => restartBlockers(core.registry.invoke),
    installAndRestart: () => void world.restarts++,
    now: () => Date.now(),
    logger: silentLogger,
  });
  await world.controller.check();
  await expect.poll(() => world.controller.status().state, { timeout: 20_000 }).toBe('downloaded');
  return world;
}

/** A full sync held open by Ascora's latency, resolved once the core says it is running. */
async function startSlowSync(world: World): Promise<{ running: Promise<unknown> }> {
  world.ascora.control.setLatency(400);
  const running = world.call('sync.now', { integrationId: world.integrationId, kind: 'full' });
  await expect
    .poll(
      async () =>
        (await world.call<{ running: boolean }>('sync.status', { integrationId: world.integrationId })).running,
    )
    .toBe(true);
  // In an object: an async function returning the promise itself would wait for the sync to end.
  return { running };
}

describe('restart to update', () => {
  it('names the changes not yet sent and restarts only on the word of a person who saw them all', async () => {
    const world = await officeWithUpdateReady();
    await world.call('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Harbourside Strata' },
    });

    const asked = await world.controller.restart({});
    expect(asked).toMatchObject({
      outcome: 'confirm-unsent',
      unsentCount: 1,
      first: [{ what: 'New customer', name: 'Harbourside Strata' }],
    });
    expect(asked.outcome === 'confirm-unsent' && asked.message).toBe(
      '1 change made here has not reached Ascora yet. It stays on this computer through the restart and is sent at the next sync.',
    );
    expect(world.restarts).toBe(0);

    // One more change after the person said yes to one: asked again.
    await world.call('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Kirra Motel' },
    });
    expect(await world.controller.restart({ unsentConfirmed: 1 })).toMatchObject({
      outcome: 'confirm-unsent',
      unsentCount: 2,
    });
    expect(world.restarts).toBe(0);

    expect(await world.controller.restart({ unsentConfirmed: 2 })).toEqual({ outcome: 'restarting', version: '0.2.0' });
    await expect.poll(() => world.restarts).toBe(1);
  });

  it('does not restart while a sync runs, says which, and restarts once it has ended', async () => {
    const world = await officeWithUpdateReady();
    const { running } = await startSlowSync(world);

    const answer = await world.controller.restart({});
    expect(answer).toEqual({
      outcome: 'sync-running',
      connections: ['Test office'],
      waiting: false,
      message:
        'A sync with Test office is running. Restart to update when it has finished; the update waits until then.',
    });
    expect(world.restarts).toBe(0);
    expect(world.controller.status().state).toBe('downloaded');

    world.ascora.control.setLatency(0);
    await running;
    expect(await world.controller.restart({})).toEqual({ outcome: 'restarting', version: '0.2.0' });
    await expect.poll(() => world.restarts).toBe(1);
  });

  it('asked to restart when the sync has finished, waits for the run to end and then restarts', async () => {
    const world = await officeWithUpdateReady();
    // As main does: the core's events tell the updater when a connection's state moves.
    closers.push(followSyncs(world.core.events, world.controller));
    const { running } = await startSlowSync(world);

    expect(await world.controller.restart({ whenSyncEnds: true })).toEqual({
      outcome: 'sync-running',
      connections: ['Test office'],
      waiting: true,
      message: 'A sync with Test office is running. The app restarts to update when it has finished.',
    });
    expect(world.restarts).toBe(0);

    world.ascora.control.setLatency(0);
    await running;
    await expect.poll(() => world.restarts, { timeout: 10_000 }).toBe(1);
  });

  it('restarts at once when nothing is running or unsent', async () => {
    const world = await officeWithUpdateReady();
    expect(await world.controller.restart({})).toEqual({ outcome: 'restarting', version: '0.2.0' });
    await expect.poll(() => world.restarts).toBe(1);
  });
});
