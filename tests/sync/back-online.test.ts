/**
 * Issue 20, point 6, "Back online, sync within seconds": after a run that could not reach Ascora
 * while changes wait, the scheduler probes Ascora (one row, up to a minute apart) and syncs as soon
 * as it answers, not at the next 15-minute turn; the machine's "back online" signal right after an
 * offline run syncs too. Nothing probes when nothing waits, or for a connection a person
 * disconnected. The real engine, scheduler and integration service against the simulator over
 * HTTP, on a fake clock (stepped a second at a time, as the app's probe timer looks every few seconds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createIntegrationService } from '../../main/core/services/integrations';
import { createScheduler, PROBE_FIRST_MS, PROBE_MAX_MS } from '../../main/core/sync/schedule';
import { createOfflineCustomerAndJob, createSyncWorld, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
afterEach(async () => {
  await world.engine.idle();
  await world.close();
});

const SCHEDULE_MINUTES = 15;

/** A connected office with its mirror filled, its 15-minute schedule on, and probes counted. */
async function openOffice() {
  world = await createSyncWorld({ jobs: 20, customers: 6, invoices: 3 });
  const { keychainRef } = one<{ keychainRef: string }>(
    world,
    'SELECT keychain_ref AS keychainRef FROM ascora_integrations WHERE id = ?',
    world.integrationId,
  );
  await world.core.secrets.set(keychainRef, world.sim.apiKey);
  const integrations = createIntegrationService(world.core);
  const probes: number[] = [];
  const scheduler = createScheduler(world.core, world.engine, {
    readiness: (id) => integrations.readiness(id),
    probe: (id) => {
      probes.push(world.clock.now());
      return integrations.probe(id);
    },
  });
  scheduler.start(world.integrationId, SCHEDULE_MINUTES);
  expect(await scheduler.tick()).toBe(1); // the first turn: the mirror is filled
  return { scheduler, probes };
}

/** What the app's probe timer does, a second of the fake clock at a time, until a sync starts. */
async function stepUntilSynced(scheduler: ReturnType<typeof createScheduler>, forMs: number): Promise<boolean> {
  const until = world.clock.now() + forMs;
  while (world.clock.now() < until) {
    world.clock.advance(1_000);
    if ((await scheduler.probeOffline()) > 0) return true;
  }
  return false;
}

async function failOffline() {
  await world.sim.control.setRefuseConnections(true);
  const run = await world.engine.syncNow(world.integrationId, { kind: 'auto' });
  expect(run.status).toBe('failed');
  expect(one(world, 'SELECT online FROM ascora_integrations WHERE id = ?', world.integrationId)).toEqual({
    online: 0,
  });
}

const waitingChanges = () =>
  one<{ n: number }>(world, "SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'sending')").n;
const customersNamed = (email: string) => world.sim.control.state().customers.filter((c) => c.emailAddress === email);

describe('coming back online', () => {
  it('probes while Ascora is unreachable, then sends the waiting changes within a minute of it answering', async () => {
    const { scheduler, probes } = await openOffice();
    const scheduledTurn = Date.parse(scheduler.get(world.integrationId).nextRunAt!);
    createOfflineCustomerAndJob(world, { email: 'back.online@example.com.au' });
    await failOffline();
    expect(waitingChanges()).toBe(2);

    // Unreachable for four minutes: probes back off to a minute apart, and none syncs.
    const offlineAt = world.clock.now();
    expect(await stepUntilSynced(scheduler, 4 * 60_000)).toBe(false);
    expect(probes.length).toBeGreaterThanOrEqual(5);
    expect(probes[0]! - offlineAt).toBeLessThanOrEqual(PROBE_FIRST_MS + 1_000);
    const gaps = probes.slice(1).map((at, i) => at - probes[i]!);
    expect(gaps.every((gap) => gap <= PROBE_MAX_MS + 1_000)).toBe(true);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(PROBE_MAX_MS); // backed off, not hammering
    expect(customersNamed('back.online@example.com.au')).toHaveLength(0);

    await world.sim.control.setRefuseConnections(false);
    const backAt = world.clock.now();
    expect(await stepUntilSynced(scheduler, PROBE_MAX_MS + 1_000)).toBe(true);
    await world.engine.idle();

    expect(world.clock.now() - backAt).toBeLessThanOrEqual(PROBE_MAX_MS + 1_000);
    expect(world.clock.now()).toBeLessThan(scheduledTurn); // not the 15-minute schedule's turn
    expect(customersNamed('back.online@example.com.au')).toHaveLength(1);
    expect(waitingChanges()).toBe(0);
    expect(one(world, 'SELECT online, state FROM ascora_integrations WHERE id = ?', world.integrationId)).toEqual({
      online: 1,
      state: 'ok',
    });
    // Online again: no more probes.
    const probesSoFar = probes.length;
    expect(await stepUntilSynced(scheduler, 3 * 60_000)).toBe(false);
    expect(probes).toHaveLength(probesSoFar);
  });

  it('syncs on the machine’s "back online" signal a few seconds after an offline run', async () => {
    const { scheduler } = await openOffice();
    createOfflineCustomerAndJob(world, { email: 'signalled@example.com.au' });
    await failOffline();
    await world.sim.control.setRefuseConnections(false);
    world.clock.advance(5_000);

    expect(await scheduler.signal('online')).toEqual([
      { integrationId: world.integrationId, outcome: 'started', reason: null },
    ]);
    await world.engine.idle();
    expect(customersNamed('signalled@example.com.au')).toHaveLength(1);
  });

  it('does not probe when nothing waits to be sent', async () => {
    const { scheduler, probes } = await openOffice();
    await failOffline();
    await world.sim.control.setRefuseConnections(false);
    expect(await stepUntilSynced(scheduler, 5 * 60_000)).toBe(false);
    expect(probes).toEqual([]);
  });

  it('does not probe for a connection a person disconnected, nor when automatic sync is off', async () => {
    const { scheduler, probes } = await openOffice();
    createOfflineCustomerAndJob(world);
    await failOffline();
    await world.sim.control.setRefuseConnections(false);

    scheduler.stop(world.integrationId);
    expect(await stepUntilSynced(scheduler, 3 * 60_000)).toBe(false);
    scheduler.start(world.integrationId, SCHEDULE_MINUTES);
    world.core.sqlite
      .prepare("UPDATE ascora_integrations SET state = 'disconnected' WHERE id = ?")
      .run(world.integrationId);
    expect(await stepUntilSynced(scheduler, 3 * 60_000)).toBe(false);

    expect(probes).toEqual([]);
    expect(waitingChanges()).toBe(2);
  });
});
