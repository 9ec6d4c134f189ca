/**
 * Issue 13, "Sync that runs by itself" and "Every connection, not only the first": the machine's
 * signals (start-up, back online, awake) sync every connection whose schedule is on, join a run
 * that is going, and do not run twice in a row; a request that joins a running run still gets what
 * it asked for; a connection a person disconnected does not sync. The real engine and scheduler
 * against the simulator over HTTP, on a fake clock.
 */
import fs from 'node:fs';
import { createCore } from '../../main/core/app';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { startSimulator } from '../../sim/server';
import { insertIntegration, makeTempDir } from '../support/db';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler, SIGNAL_QUIET_MS } from '../../main/core/sync/schedule';
import type { SimRequestEvent } from '../../sim/server';
import { createOfflineCustomerAndJob, createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let hook: ((event: SimRequestEvent) => void | Promise<void>) | null = null;
afterEach(async () => {
  hook = null;
  await world.engine.idle();
  await world.close();
});

async function openWorld() {
  world = await createSyncWorld({ jobs: 30, customers: 8, invoices: 5, observe: (event) => hook?.(event) }, 20);
  return world;
}
const runsOf = (integrationId: number) =>
  one<{ n: number }>(
    world,
    "SELECT COUNT(*) AS n FROM ascora_sync_logs WHERE kind = 'run' AND integration_id = ?",
    integrationId,
  ).n;

/** Holds the next request for `route` in the simulator until released: a run that is going. */
function holdNext(route: string) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  hook = async (event) => {
    if (event.stage !== 'received' || event.route !== route) return;
    hook = null;
    arrived();
    await held;
  };
  return { reached, release };
}

describe('syncs the machine asks for (start-up, back online, awake)', () => {
  it('syncs every connection whose schedule is on, not only the first', async () => {
    await openWorld();
    const second = insertIntegration(world.core.sqlite, { displayName: 'Second office', baseUrl: world.sim.url });
    const third = insertIntegration(world.core.sqlite, { displayName: 'Third office', baseUrl: world.sim.url });
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    scheduler.start(second, 15);
    scheduler.start(third, 15);
    scheduler.stop(third);

    const outcomes = await scheduler.signal('online');
    expect(outcomes).toEqual([
      { integrationId: world.integrationId, outcome: 'started', reason: null },
      { integrationId: second, outcome: 'started', reason: null },
      { integrationId: third, outcome: 'skipped', reason: 'automatic sync is off' },
    ]);
    await world.engine.idle();
    expect([runsOf(world.integrationId), runsOf(second), runsOf(third)]).toEqual([1, 1, 0]);
    // The run counts as the schedule's turn: the next one is an interval later.
    expect(Date.parse(scheduler.get(second).nextRunAt!) - world.clock.now()).toBe(15 * 60_000);
  });

  it('a signal while a run is going joins it; one right after it ends does not run again; a minute later it does', async () => {
    await openWorld();
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    const hold = holdNext('get /customers/customers');
    const startup = await scheduler.signal('startup');
    expect(startup[0]?.outcome).toBe('started');
    await hold.reached;
    expect((await scheduler.signal('online'))[0]?.outcome).toBe('joined');
    hold.release();
    await world.engine.idle();
    expect(runsOf(world.integrationId)).toBe(1);

    world.clock.advance(SIGNAL_QUIET_MS - 1);
    expect(await scheduler.signal('resume')).toEqual([
      { integrationId: world.integrationId, outcome: 'skipped', reason: 'synced less than a minute ago' },
    ]);
    world.clock.advance(1);
    expect((await scheduler.signal('resume'))[0]?.outcome).toBe('started');
    await world.engine.idle();
    expect(runsOf(world.integrationId)).toBe(2);
  });

  it('leaves a connection that cannot sync without a person alone, and says why', async () => {
    await openWorld();
    const scheduler = createScheduler(world.core, world.engine, {
      readiness: async () => 'no API key in the keychain',
    });
    scheduler.start(world.integrationId, 15);
    expect(await scheduler.signal('startup')).toEqual([
      { integrationId: world.integrationId, outcome: 'skipped', reason: 'no API key in the keychain' },
    ]);
    expect(runsOf(world.integrationId)).toBe(0);
  });
});

describe('a connection a person disconnected', () => {
  it('is not synced by "Sync now" (a clear refusal, nothing logged) nor by its schedule', async () => {
    await openWorld();
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    world.core.sqlite
      .prepare("UPDATE ascora_integrations SET state = 'disconnected' WHERE id = ?")
      .run(world.integrationId);

    await expect(world.engine.syncNow(world.integrationId, { ignoreBackoff: true })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
      message: expect.stringContaining('Test office is disconnected'),
    });
    world.clock.advance(24 * 60 * 60_000);
    expect(await scheduler.tick()).toBe(0);
    expect(runsOf(world.integrationId)).toBe(0);
    expect(one<{ state: string }>(world, 'SELECT state FROM ascora_integrations').state).toBe('disconnected');
  });
});

describe('a request that joins a running run keeps its own options', () => {
  it('"Sync now" joining a scheduled run gets a follow-up run that sends what waits out a backoff', async () => {
    await openWorld();
    const made = createOfflineCustomerAndJob(world);
    // A change that failed to send once and waits out its backoff: the schedule leaves it; "Sync now" does not.
    world.core.sqlite
      .prepare('UPDATE outbox SET next_attempt_at = ? WHERE id IN (?, ?)')
      .run(new Date(world.clock.now() + 60 * 60_000).toISOString(), made.customerItem, made.jobItem);
    const hold = holdNext('get /customers/customers');
    const scheduled = world.engine.syncNow(world.integrationId, { kind: 'auto' });
    await hold.reached;
    const syncNow = world.engine.syncNow(world.integrationId, { kind: 'auto', ignoreBackoff: true });
    // Another scheduled turn asks for nothing more: it joins.
    const alsoScheduled = world.engine.syncNow(world.integrationId, { kind: 'auto' });
    hold.release();
    const [a, b, c] = await Promise.all([scheduled, syncNow, alsoScheduled]);
    expect(c.runId).toBe(a.runId);
    expect(a.pushed).toBe(0);
    expect(b.runId).not.toBe(a.runId);
    expect(b.pushed).toBe(2);
  });

  it('a request for every list joining a run of invoices only gets a follow-up run of every list', async () => {
    await openWorld();
    const hold = holdNext('get /accounting/getinvoicestosend');
    const invoicesOnly = world.engine.syncNow(world.integrationId, { entities: ['invoices'] });
    await hold.reached;
    const everything = world.engine.syncNow(world.integrationId);
    const invoicesAgain = world.engine.syncNow(world.integrationId, { entities: ['invoices'] });
    hold.release();
    const [a, b, c] = await Promise.all([invoicesOnly, everything, invoicesAgain]);
    expect(c.runId).toBe(a.runId);
    expect(b.runId).not.toBe(a.runId);
    expect(rows<{ n: number }>(world, 'SELECT COUNT(*) AS n FROM ascora_jobs')[0]?.n).toBe(30);
    expect(a.pulled).toBeLessThan(b.pulled);
  });
});

describe('the app starting', () => {
  it('syncs each connection with a key and its schedule on, once the core is up, without a click', async () => {
    const dir = makeTempDir();
    const secrets = createMemorySecretStore();
    const sim = await startSimulator({ port: 0, seed: 9, jobs: 20, customers: 5, invoices: 3 });
    try {
      const first = await createCore({ dataDir: dir, secrets });
      const office = await first.registry.invoke('integration.connect', {
        apiKey: sim.apiKey,
        baseUrl: sim.url,
        displayName: 'Head office',
      });
      const kept = await first.registry.invoke('integration.connect', {
        apiKey: sim.apiKey,
        baseUrl: sim.url,
        displayName: 'Old office',
      });
      if (!office.ok || !kept.ok) throw new Error('could not connect');
      const keptId = (kept.value as { id: number }).id;
      await first.registry.invoke('integration.disconnect', { integrationId: keptId, wipeMirror: false });
      await first.close();

      // The next launch: nobody clicks anything.
      const next = await createCore({ dataDir: dir, secrets });
      const done = new Promise<number>((resolve) =>
        next.events.subscribe((event) => {
          if (event.name === 'sync.progress' && event.payload.phase === 'done') resolve(event.payload.integrationId);
        }),
      );
      next.start();
      const officeId = (office.value as { id: number }).id;
      expect(await done).toBe(officeId);
      const runs = next.ctx.sqlite
        .prepare("SELECT integration_id AS id, status FROM ascora_sync_logs WHERE kind = 'run' ORDER BY id")
        .all();
      await next.close();
      // The disconnected one is left alone.
      expect(runs).toEqual([{ id: officeId, status: 'success' }]);
    } finally {
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
