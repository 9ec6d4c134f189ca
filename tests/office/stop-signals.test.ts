/**
 * Issue 19, scenario 7: disconnect or quit with a follow-up run queued. A follow-up (Sync now asking
 * for more than the running run, or a change saved after it began) waits behind the run; disconnect
 * and quit stop it before it starts, so nothing reaches Ascora afterwards, a disconnected connection
 * stays disconnected, and quit does not wait for a run that never began.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { silentLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { createIntegrationService } from '../../main/core/services/integrations';
import { createScheduler } from '../../main/core/sync/schedule';
import type { Result } from '../../shared/result';
import { startSimulator, type RunningSimulator, type SimRequestEvent } from '../../sim/server';
import { makeTempDir } from '../support/db';
import { createOfflineCustomerAndJob, createSyncWorld, one, type SyncWorld } from '../support/sync';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * What reached the simulator, and a way to hold the next request of a route there: a run that is
 * going, for as long as the test needs.
 */
function watchRequests() {
  const received: string[] = [];
  let holding: { route: string; arrived: () => void; held: Promise<void> } | null = null;
  const observe = async (event: SimRequestEvent) => {
    if (event.stage !== 'received') return;
    received.push(event.route);
    if (holding && event.route.startsWith(holding.route)) {
      const { arrived, held } = holding;
      holding = null;
      arrived();
      await held;
    }
  };
  return {
    observe,
    received,
    holdNext(route: string) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      holding = { route, arrived, held };
      return { reached, release };
    },
  };
}

async function openWorld(): Promise<{ world: SyncWorld; requests: ReturnType<typeof watchRequests> }> {
  const requests = watchRequests();
  const world = await createSyncWorld({ jobs: 30, customers: 8, invoices: 5, observe: requests.observe }, 20);
  cleanups.push(async () => {
    await world.engine.idle();
    await world.close();
  });
  return { world, requests };
}

const runsLogged = (world: SyncWorld) =>
  one<{ n: number }>(
    world,
    "SELECT COUNT(*) AS n FROM ascora_sync_logs WHERE kind = 'run' AND integration_id = ?",
    world.integrationId,
  ).n;
const stateOf = (world: SyncWorld) =>
  one<{ state: string }>(world, 'SELECT state FROM ascora_integrations WHERE id = ?', world.integrationId).state;

describe('disconnect with a follow-up queued', () => {
  it('a full check asked during an incremental run never starts once the connection is disconnected (local copy kept)', async () => {
    const { world, requests } = await openWorld();
    // As the app wires it (app.ts): disconnecting stops the connection's sync.
    const integrations = createIntegrationService(world.core, { stopSync: (id) => world.engine.abort(id) });
    const hold = requests.holdNext('get /jobs/jobs');
    const running = world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    await hold.reached;
    // "Sync now" asking for more than the running run: a follow-up, queued behind it.
    const followUp = world.engine.syncNow(world.integrationId, { kind: 'full' });
    expect(followUp).not.toBe(running);

    const seenBeforeDisconnect = requests.received.length;
    const disconnecting = integrations.disconnect(world.integrationId, false);
    hold.release();
    await disconnecting;

    await expect(followUp).rejects.toMatchObject({ code: 'BUSY', message: 'The sync was stopped.' });
    expect(await running).toMatchObject({ status: 'failed', message: 'The sync was stopped.' });
    await world.engine.idle();
    expect(requests.received.slice(seenBeforeDisconnect)).toEqual([]);
    expect(runsLogged(world)).toBe(1);
    expect(stateOf(world)).toBe('disconnected');

    // Nothing starts a run for it afterwards: Sync now, nor its schedule.
    await expect(world.engine.syncNow(world.integrationId)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    expect(await scheduler.tick()).toBe(0);
    expect(requests.received.slice(seenBeforeDisconnect)).toEqual([]);
    expect(stateOf(world)).toBe('disconnected');
  });

  it('a Sync now pressed while the disconnect is stopping the run starts nothing either', async () => {
    const { world, requests } = await openWorld();
    const integrations = createIntegrationService(world.core, { stopSync: (id) => world.engine.abort(id) });
    const hold = requests.holdNext('get /jobs/jobs');
    const running = world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    await hold.reached;

    const seenBeforeDisconnect = requests.received.length;
    const disconnecting = integrations.disconnect(world.integrationId, false);
    // The run is still winding down when the person (or a stale screen) asks for a full check.
    const late = world.engine.syncNow(world.integrationId, { kind: 'full' });
    hold.release();
    await disconnecting;

    await expect(late).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await running;
    await world.engine.idle();
    expect(requests.received.slice(seenBeforeDisconnect)).toEqual([]);
    expect(runsLogged(world)).toBe(1);
    expect(stateOf(world)).toBe('disconnected');
  });
});

describe('quit with a follow-up queued', () => {
  it('stopping every sync ends the queued follow-up unrun: idle() returns without sending the change saved after the run began', async () => {
    const { world, requests } = await openWorld();
    const hold = requests.holdNext('get /');
    const running = world.engine.syncNow(world.integrationId);
    await hold.reached;
    // A change saved after the run began is not in it: the caller gets a follow-up.
    createOfflineCustomerAndJob(world);
    const followUp = world.engine.syncNow(world.integrationId);
    expect(followUp).not.toBe(running);

    const seenBeforeQuit = requests.received.length;
    const stopping = world.engine.abort();
    hold.release();
    await stopping;
    await world.engine.idle();

    await expect(followUp).rejects.toMatchObject({ code: 'BUSY', message: 'The sync was stopped.' });
    expect(requests.received.slice(seenBeforeQuit)).toEqual([]);
    expect(runsLogged(world)).toBe(1);
    // Kept, to be sent at the next start.
    expect(one<{ n: number }>(world, "SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").n).toBe(2);
  });

  it('the app quits without starting the follow-up of a Sync now queued behind the running run', async () => {
    const requests = watchRequests();
    const sim: RunningSimulator = await startSimulator({
      port: 0,
      seed: 5,
      jobs: 30,
      customers: 8,
      invoices: 5,
      observe: requests.observe,
    });
    cleanups.push(() => sim.close());
    const dataDir = makeTempDir('ra-quit-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const core: Core = await createCore({ dataDir, secrets: createMemorySecretStore(), logger: silentLogger });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await core.close();
    });
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const result = (await core.registry.invoke(channel as never, input as never)) as Result<T>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value;
    };
    const { id } = await call<{ id: number }>('integration.connect', {
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      displayName: 'Harris Restorations',
    });

    const hold = requests.holdNext('get /');
    const running = core.registry.invoke('sync.now', { integrationId: id });
    await hold.reached;
    // Saved after the run began: Sync now queues one follow-up to send it.
    await call('customers.create', {
      integrationId: id,
      fields: { contactFirstName: 'Priya', contactLastName: 'Raman', streetLine1: '14 Harris Street' },
    });
    const followUp = core.registry.invoke('sync.now', { integrationId: id });

    const seenBeforeQuit = requests.received.length;
    const quitting = core.close();
    hold.release();
    await quitting;
    closed = true;

    expect(await followUp).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await running).toMatchObject({ ok: true, value: { status: 'failed' } });
    expect(requests.received.slice(seenBeforeQuit)).toEqual([]);
    expect(sim.control.state().customers.filter((c) => c.contactLastName === 'Raman')).toEqual([]);
  });

  it('once the app is closing, a run asked for late (the start-up signal still reading a key) starts nothing', async () => {
    const { world, requests } = await openWorld();
    await world.engine.shutDown();
    await expect(world.engine.syncNow(world.integrationId)).rejects.toMatchObject({ code: 'BUSY' });
    await world.engine.idle();
    expect(requests.received).toEqual([]);
    expect(runsLogged(world)).toBe(0);
  });
});
