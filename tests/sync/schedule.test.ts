import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler, nextRunAfter } from '../../main/core/sync/schedule';
import { createSyncWorld, one, type SyncWorld } from '../support/sync';

let world: SyncWorld;
beforeEach(async () => {
  world = await createSyncWorld({ jobs: 10, customers: 3, invoices: 2 });
});
afterEach(() => world.close());

const runs = () => one<{ n: number }>(world, "SELECT COUNT(*) AS n FROM ascora_sync_logs WHERE kind = 'run'").n;

describe('the sync scheduler', () => {
  it('runs an active schedule when it is due, then again one interval later', async () => {
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    expect(await scheduler.tick()).toBe(1);
    expect(runs()).toBe(1);
    world.clock.advance(14 * 60_000);
    expect(await scheduler.tick()).toBe(0);
    world.clock.advance(60_000);
    expect(await scheduler.tick()).toBe(1);
    expect(runs()).toBe(2);
  });

  it('never runs a schedule that is off', async () => {
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    scheduler.stop(world.integrationId);
    world.clock.advance(24 * 60 * 60_000);
    expect(await scheduler.tick()).toBe(0);
    expect(scheduler.get(world.integrationId)).toMatchObject({ active: false, nextRunAt: null });
  });

  it('waits longer after each failure, up to four hours', async () => {
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    world.sim.control.setOffline(true);
    await scheduler.tick();
    const afterOne = scheduler.get(world.integrationId);
    expect(afterOne.consecutiveFailures).toBe(1);
    expect(Date.parse(afterOne.nextRunAt!) - world.clock.now()).toBe(30 * 60_000);
    expect(nextRunAfter(0, 15, 10)).toBe(4 * 60 * 60_000);
  });

  it('lets "Sync now" run at once while the schedule waits out a backoff', async () => {
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    world.sim.control.setOffline(true);
    await scheduler.tick();
    world.sim.control.setOffline(false);
    expect(await scheduler.tick()).toBe(0);
    const summary = await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    expect(summary.status).toBe('success');
  });
});
