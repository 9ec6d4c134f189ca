/**
 * Issue 12 item 2, the pull over a network: pages are fetched ahead while the one before is
 * written, written strictly in page order whatever order they are answered in, through an adaptive
 * limiter that halves on a 429 and honours Retry-After, and stopped at once by the run's signal.
 * The real engine against the simulator over HTTP; the simulator's awaited `observe` hook holds or
 * fails chosen pages, so the order of answers is set by the test and not left to timing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimRequestEvent } from '../../sim/server';
import { createSyncWorld, one, rows, type SyncWorld } from '../support/sync';

const PAGE_SIZE = 20;
const JOBS = 200;
let world: SyncWorld;
let hook: ((event: SimRequestEvent) => void | Promise<void>) | null = null;

beforeEach(async () => {
  hook = null;
  world = await createSyncWorld(
    { jobs: JOBS, customers: 10, invoices: 5, observe: (event) => hook?.(event) },
    PAGE_SIZE,
  );
});
afterEach(async () => {
  hook = null;
  await world.close();
});

const pageOf = (path: string) => Number(new URLSearchParams(path.split('?')[1]).get('Page'));
/** Jobs pages in the order the simulator finished answering them (its request log). */
const jobPagesAnswered = () =>
  world.sim.control
    .requestLog()
    .filter((r) => r.path.startsWith('/Jobs/Jobs'))
    .map((r) => ({ page: pageOf(r.path), status: r.status }));
const checkpoint = () =>
  one<{ next_page: number; pass: number; last_completed_pass_at: string | null }>(
    world,
    "SELECT next_page, pass, last_completed_pass_at FROM sync_checkpoints WHERE entity = 'jobs'",
  );
const jobCount = () => one<{ n: number }>(world, 'SELECT COUNT(*) AS n FROM ascora_jobs').n;

/** Holds page `held` when it arrives until every page in `first` has been answered, then runs `then`. */
function answerFirst(held: number, first: number[], then: () => void = () => undefined) {
  const answered = new Set<number>();
  let release!: () => void;
  const others = new Promise<void>((resolve) => (release = resolve));
  hook = async (event) => {
    if (event.route !== 'get /jobs/jobs') return;
    const page = pageOf(event.path);
    if (event.stage === 'responded') {
      answered.add(page);
      if (first.every((p) => answered.has(p))) release();
    } else if (event.stage === 'received' && page === held) {
      await others;
      then();
    }
  };
  return others;
}

describe('pulling pages ahead while the one before is written', () => {
  it('writes nothing past a page that has not arrived: the checkpoint moves only with every page before it', async () => {
    // Pages 3, 4 and 5 (fetched ahead) are answered while page 2 waits; then every try at page 2 fails.
    answerFirst(2, [3, 4, 5], () =>
      world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 503, times: 1 }),
    );
    const failed = await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });

    expect(failed.status).toBe('failed');
    const answered = jobPagesAnswered();
    expect(
      answered
        .slice(0, 4)
        .map((a) => a.page)
        .sort(),
    ).toEqual([1, 3, 4, 5]);
    expect(answered.slice(4)).toEqual([
      { page: 2, status: 503 },
      { page: 2, status: 503 },
      { page: 2, status: 503 },
    ]);
    // Page 1 only: 3, 4 and 5 arrived but page 2 never did, so none of them was written.
    expect(jobCount()).toBe(PAGE_SIZE);
    expect(checkpoint().next_page).toBe(2);

    hook = null;
    world.sim.control.resetRequestLog();
    const resumed = await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });
    expect(resumed.status).toBe('success');
    expect(
      jobPagesAnswered()
        .map((a) => a.page)
        .sort((a, b) => a - b),
    ).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(resumed.written).toBe(JOBS - PAGE_SIZE);
    expect(jobCount()).toBe(JOBS);
    expect(checkpoint()).toMatchObject({ next_page: 1, pass: 2 });
    expect(checkpoint().last_completed_pass_at).not.toBeNull();
  });

  it('writes every record once when a later page answers first, even one that shifted onto two pages', async () => {
    const jobs = world.sim.control.state().jobs;
    // While page 2 waits, another user deletes a job on page 1 (already read) and renames the first
    // job of page 3 (already answered): everything after the deletion shifts back by one, so that
    // job is now the last one of page 2, in its new version, and page 3's copy is the old one.
    const shifted = jobs[2 * PAGE_SIZE]!;
    answerFirst(2, [3, 4, 5], () => {
      world.sim.control.deleteJob(jobs[4]!.jobId);
      world.sim.control.editJob(shifted.jobId, { jobName: 'Renamed while the pull ran' });
    });
    const summary = await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });

    expect(summary.status).toBe('success');
    const order = jobPagesAnswered().map((a) => a.page);
    expect(order.indexOf(2)).toBeGreaterThan(order.indexOf(5));
    // Page 2 was written before page 3: its newer copy stays, page 3's older copy is dropped quietly
    // (not logged as bad data), and no row was written twice.
    expect(one(world, 'SELECT job_name FROM ascora_jobs WHERE ascora_job_id = ?', shifted.jobId)).toEqual({
      job_name: 'Renamed while the pull ran',
    });
    expect(rows(world, "SELECT * FROM ascora_sync_logs WHERE kind = 'item'")).toEqual([]);
    expect(summary.written).toBe(jobCount());
    expect(checkpoint()).toMatchObject({ next_page: 1, pass: 2 });

    // Jobs that shifted back past a page already read are read by the next pass: none is lost.
    hook = null;
    await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });
    const mirrored = new Set(
      rows<{ id: string }>(world, 'SELECT ascora_job_id AS id FROM ascora_jobs').map((r) => r.id),
    );
    for (const job of world.sim.control.state().jobs) expect(mirrored.has(job.jobId)).toBe(true);
  });

  it('halves the pages in flight on a 429, waits out its Retry-After, and still completes', async () => {
    // Every answer takes a while, so the pages fetched ahead are in flight together.
    world.sim.control.setLatency(100);
    world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'rateLimit', retryAfterSeconds: 7, skip: 2, times: 1 });
    let inFlight = 0;
    let retried = false;
    const seenPages = new Set<number>();
    const arrivals: { inFlight: number; afterRetry: boolean }[] = [];
    hook = (event) => {
      if (event.route !== 'get /jobs/jobs') return;
      if (event.stage === 'responded') inFlight--;
      if (event.stage !== 'received') return;
      const page = pageOf(event.path);
      if (seenPages.has(page)) {
        // The page that got the 429, asked again: its first try is over (a 429 has no 'responded').
        inFlight--;
        retried = true;
      } else {
        seenPages.add(page);
        arrivals.push({ inFlight: inFlight + 1, afterRetry: retried });
      }
      inFlight++;
    };
    const summary = await world.engine.syncNow(world.integrationId, { entities: ['jobs'] });

    expect(summary.status).toBe('success');
    expect(jobPagesAnswered().filter((a) => a.status === 429)).toHaveLength(1);
    expect(world.clock.sleeps).toContain(7_000);
    const before = arrivals.filter((a) => !a.afterRetry);
    const after = arrivals.filter((a) => a.afterRetry);
    expect(Math.max(...before.map((a) => a.inFlight))).toBe(4);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.max(...after.map((a) => a.inFlight))).toBeLessThanOrEqual(2);
    expect(summary.written).toBe(JOBS);
    expect(jobCount()).toBe(JOBS);
  });

  it('stops fetching ahead at once when the run is stopped, and writes nothing it fetched ahead', async () => {
    let releaseHeld!: () => void;
    const held = new Promise<void>((resolve) => (releaseHeld = resolve));
    // Page 2 never comes back by itself; pages 3, 4 and 5 are answered.
    const aheadAnswered = answerFirst(2, [3, 4, 5]);
    const base = hook!;
    hook = async (event) => {
      await base(event);
      if (event.stage === 'received' && event.route === 'get /jobs/jobs' && pageOf(event.path) === 2) await held;
    };
    try {
      const run = world.engine.syncNow(world.integrationId, { entities: ['jobs'] });
      await aheadAnswered;
      await world.engine.abort(world.integrationId);
      const summary = await run;

      expect(summary.status).toBe('failed');
      expect(one(world, "SELECT status FROM ascora_sync_logs WHERE kind = 'run'")).toEqual({ status: 'interrupted' });
      expect(jobCount()).toBe(PAGE_SIZE);
      expect(checkpoint().next_page).toBe(2);
      const asked = new Set(jobPagesAnswered().map((a) => a.page));
      expect([...asked].sort()).toEqual([1, 3, 4, 5]);
    } finally {
      releaseHeld();
    }
  });
});
