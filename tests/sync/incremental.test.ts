/**
 * Issue 12 item 3, incremental runs: a scheduled run (and "Sync now") reads the recent created-date
 * window of jobs and the customers new jobs name, and a full pass, which alone counts deletions,
 * runs when one is due (nightly by default) or when a person asks for a full check. The real
 * engine, scheduler and channels against the simulator over HTTP; requests are counted in the
 * simulator's request log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FULL_PASS_EVERY_MS } from '../../main/core/sync/engine';
import { createScheduler } from '../../main/core/sync/schedule';
import type { SimRequestEvent } from '../../sim/server';
import type { SyncRunSummary, SyncStatus } from '../../shared/domain';
import { createSyncWorld, createWorldRegistry, one, rows, type SyncWorld } from '../support/sync';

let world: SyncWorld;
let hook: ((event: SimRequestEvent) => void | Promise<void>) | null = null;
afterEach(async () => {
  hook = null;
  await world.close();
});

async function openWorld(jobs = 600) {
  world = await createSyncWorld({ jobs, customers: 60, invoices: 20, observe: (event) => hook?.(event) }, 20);
  return world;
}
const requests = () => world.sim.control.requestLog();
const runKinds = () =>
  rows<{ run_kind: string }>(world, "SELECT run_kind FROM ascora_sync_logs WHERE kind = 'run' ORDER BY id").map(
    (r) => r.run_kind,
  );
const jobRow = (jobId: string) =>
  one<{ job_name: string; missing_passes: number; remote_missing: number } | undefined>(
    world,
    'SELECT job_name, missing_passes, remote_missing FROM ascora_jobs WHERE ascora_job_id = ?',
    jobId,
  );

describe('incremental runs between full passes', () => {
  it('a scheduled run after a full pass reads only the recent window: far fewer requests, and the 10 new jobs', async () => {
    await openWorld();
    const scheduler = createScheduler(world.core, world.engine);
    scheduler.start(world.integrationId, 15);
    // The first scheduled run has no full pass to stand on: it is one.
    await scheduler.tick();
    const fullRequests = requests().length;
    expect(runKinds()).toEqual(['full']);
    expect(fullRequests).toBeGreaterThan(30);

    world.sim.control.resetRequestLog();
    const created = Array.from({ length: 10 }, (_, i) =>
      world.sim.control.addJob({ jobName: `Storm damage ${i + 1} – created today` }),
    );
    // An edit to a job created long ago: outside any created-date window.
    const old = world.sim.control.state().jobs[3]!;
    world.sim.control.editJob(old.jobId, { jobName: 'Edited by another user, created two years ago' });
    world.clock.advance(15 * 60_000);
    await scheduler.tick();

    expect(runKinds()).toEqual(['full', 'incremental']);
    const incremental = requests();
    expect(incremental.length * 10).toBeLessThan(fullRequests);
    const jobLists = incremental.filter((r) => r.path.startsWith('/Jobs/Jobs'));
    expect(jobLists.length).toBeGreaterThan(0);
    for (const r of jobLists) expect(r.path).toMatch(/StartDate=\d{4}-\d{2}-\d{2}&EndDate=\d{4}-\d{2}-\d{2}/);
    expect(incremental.filter((r) => r.path.startsWith('/Customers/Customers'))).toEqual([]);
    for (const job of created) expect(jobRow(job.jobId)?.job_name).toBe(job.jobName);
    expect(
      one(world, "SELECT records_written FROM ascora_sync_logs WHERE kind = 'run' ORDER BY id DESC LIMIT 1"),
    ).toEqual({ records_written: 10 });
    // What an incremental run cannot see: the old job's edit waits for the nightly full pass.
    expect(jobRow(old.jobId)?.job_name).not.toBe('Edited by another user, created two years ago');

    world.clock.advance(FULL_PASS_EVERY_MS);
    await scheduler.tick();
    expect(runKinds()).toEqual(['full', 'incremental', 'full']);
    expect(jobRow(old.jobId)?.job_name).toBe('Edited by another user, created two years ago');
  });

  it('counts a deleted job only in full passes: remote_missing after one, never from incremental runs', async () => {
    await openWorld(200);
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    const gone = world.sim.control.state().jobs[7]!;
    const madeToday = world.sim.control.addJob();
    await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    expect(jobRow(madeToday.jobId)).toBeDefined();
    world.sim.control.deleteJob(gone.jobId);
    world.sim.control.deleteJob(madeToday.jobId);

    for (let i = 0; i < 3; i++) await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    expect(jobRow(gone.jobId)).toMatchObject({ missing_passes: 0, remote_missing: 0 });
    expect(jobRow(madeToday.jobId)).toMatchObject({ missing_passes: 0, remote_missing: 0 });

    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    expect(jobRow(gone.jobId)).toMatchObject({ missing_passes: 1, remote_missing: 1 });
    expect(jobRow(madeToday.jobId)).toMatchObject({ missing_passes: 1, remote_missing: 1 });
    await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    expect(jobRow(gone.jobId)).toMatchObject({ missing_passes: 1, remote_missing: 1 });
  });

  it('fetches, by id, the new customer a new job names; other customers wait for the full pass', async () => {
    await openWorld(200);
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    const customer = world.sim.control.addCustomer({
      contactFirstName: 'Mei',
      contactLastName: 'Nguyen',
      emailAddress: 'mei.nguyen@example.com.au',
    });
    const unnamed = world.sim.control.addCustomer({ contactFirstName: 'Nobody', contactLastName: 'Named' });
    world.sim.control.addJob({ siteCustomer: { id: customer.customerId, name: customer.customerName } });
    world.sim.control.resetRequestLog();

    const summary = await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    expect(summary).toMatchObject({ kind: 'incremental', status: 'success', written: 2 });
    expect(
      requests()
        .filter((r) => r.path.startsWith('/Customers/'))
        .map((r) => r.path),
    ).toEqual([`/Customers/Customer/${customer.customerId}`]);
    expect(
      one(world, 'SELECT email_address FROM ascora_customers WHERE ascora_customer_id = ?', customer.customerId),
    ).toEqual({ email_address: 'mei.nguyen@example.com.au' });
    expect(
      one(world, 'SELECT COUNT(*) AS n FROM ascora_customers WHERE ascora_customer_id = ?', unnamed.customerId),
    ).toEqual({ n: 0 });

    // Known now: the next incremental run asks for nothing more.
    world.sim.control.resetRequestLog();
    await world.engine.syncNow(world.integrationId, { kind: 'incremental' });
    expect(requests().filter((r) => r.path.startsWith('/Customers/'))).toEqual([]);
  });

  it('"Sync now" runs a full pass only when one is due, "Full check now" always; the status says when the last was', async () => {
    await openWorld(200);
    const registry = createWorldRegistry(world);
    const syncNow = async (input: object) => {
      const result = await registry.invoke('sync.now', { integrationId: world.integrationId, ...input });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as SyncRunSummary;
    };
    const status = async () => {
      const result = await registry.invoke('sync.status', { integrationId: world.integrationId });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as SyncStatus;
    };
    expect(await status()).toMatchObject({ lastFullPassAt: null, fullPassDueAt: null });

    expect((await syncNow({})).kind).toBe('full');
    const afterFirst = await status();
    expect(afterFirst.lastFullPassAt).not.toBeNull();
    expect(Date.parse(afterFirst.fullPassDueAt!) - Date.parse(afterFirst.lastFullPassAt!)).toBe(FULL_PASS_EVERY_MS);

    world.clock.advance(60_000);
    const quick = await syncNow({});
    expect(quick.kind).toBe('incremental');
    expect(quick.message).toMatch(/^Sync finished \(new and recent jobs/);
    expect((await status()).lastFullPassAt).toBe(afterFirst.lastFullPassAt);

    const checked = await syncNow({ kind: 'full' });
    expect(checked.kind).toBe('full');
    expect(checked.message).toMatch(/^Sync finished \(full check/);
    expect((await status()).lastFullPassAt).not.toBe(afterFirst.lastFullPassAt);

    world.clock.advance(FULL_PASS_EVERY_MS);
    expect((await syncNow({})).kind).toBe('full');
    expect(runKinds()).toEqual(['full', 'incremental', 'full', 'full']);

    const refused = await registry.invoke('sync.now', { integrationId: world.integrationId, kind: 'nightly' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('runs the full check a person asks for while an incremental run goes on, after it', async () => {
    await openWorld(200);
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const jobsAsked = new Promise<void>((resolve) => (arrived = resolve));
    hook = async (event) => {
      if (event.stage !== 'received' || event.route !== 'get /jobs/jobs') return;
      hook = null;
      arrived();
      await held;
    };
    const incremental = world.engine.syncNow(world.integrationId, { kind: 'auto' });
    await jobsAsked;
    const fullCheck = world.engine.syncNow(world.integrationId, { kind: 'full' });
    // A second quick sync joins the running one; the full check does not.
    const joined = world.engine.syncNow(world.integrationId, { kind: 'auto' });
    release();
    expect((await incremental).kind).toBe('incremental');
    expect(await joined).toBe(await incremental);
    expect((await fullCheck).kind).toBe('full');
    expect(runKinds()).toEqual(['full', 'incremental', 'full']);
  });
});
