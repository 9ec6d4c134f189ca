/**
 * The jobs' search index filled after a pull's pages (drizzle/0015, main/core/db/job-search.ts):
 * once a sync has finished the index holds exactly what indexing each job as it was written would
 * have; a job another Ascora user renamed is found by its new name after the next sync and no
 * longer by its old one; a person's own change (a note) is found at once; and jobs a crash left
 * noted are indexed at the next start. A real SQLite file, the simulator over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fillJobSearch, pendingJobSearch, withJobSearchDeferred } from '../../main/core/db/job-search';
import type { JobRow, Page } from '../../shared/domain';
import { createSyncWorld, createWorldRegistry, okCaller, one, rows, type SyncWorld } from '../support/sync';

const worlds: SyncWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function syncedWorld(): Promise<SyncWorld> {
  const world = await createSyncWorld({ seed: 21, jobs: 240, customers: 50, invoices: 20 }, 50);
  worlds.push(world);
  expect((await world.engine.syncNow(world.integrationId)).status).toBe('success');
  return world;
}

/** Every (term, job, column, position) the index holds, as FTS5 itself lists them. */
function indexEntries(world: SyncWorld, table: string): string[] {
  const vocab = `temp.${table}_entries`;
  world.core.sqlite.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${vocab} USING fts5vocab(${table.startsWith('check') ? 'temp' : 'main'}, ${table}, 'instance')`,
  );
  return rows<{ e: string }>(
    world,
    `SELECT term || ' ' || doc || ' ' || col || ' ' || offset AS e FROM ${vocab} ORDER BY term, doc, col, offset`,
  ).map((r) => r.e);
}

/** The index built afresh, each job once, from the same view and with the same settings. */
function freshIndexEntries(world: SyncWorld): string[] {
  world.core.sqlite.exec(`
    CREATE VIRTUAL TABLE temp.check_fts USING fts5(job_number, order_numbers, job_name, people, address, ascora_text, notes, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
    INSERT INTO temp.check_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes)
      SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text;
  `);
  return indexEntries(world, 'check_fts');
}

async function search(world: SyncWorld, text: string): Promise<number[]> {
  const call = okCaller(createWorldRegistry(world));
  const page: Page<JobRow> = await call('jobs.list', { integrationId: world.integrationId, search: text, limit: 500 });
  return page.rows.map((r) => r.id);
}

describe('the jobs search index, filled after the pull', () => {
  it('holds, once the first sync has finished, exactly what indexing each job as written would', async () => {
    const world = await syncedWorld();
    expect(pendingJobSearch(world.core.sqlite)).toBe(0);
    const jobs = one<{ n: number }>(world, 'SELECT COUNT(*) AS n FROM ascora_jobs').n;
    expect(jobs).toBe(240);
    const entries = indexEntries(world, 'jobs_fts');
    expect(entries.length).toBeGreaterThan(jobs);
    expect(entries).toEqual(freshIndexEntries(world));
  });

  it('finds a job Ascora renamed by its new name after the next sync, the index as if built afresh', async () => {
    const world = await syncedWorld();
    const job = one<{ id: number; ascoraJobId: string; jobName: string }>(
      world,
      'SELECT id, ascora_job_id AS ascoraJobId, job_name AS jobName FROM ascora_jobs ORDER BY id LIMIT 1 OFFSET 100',
    );
    world.sim.control.editJob(job.ascoraJobId, { jobName: 'Mould remediation Quokkaville' });
    expect((await world.engine.syncNow(world.integrationId)).status).toBe('success');
    expect(pendingJobSearch(world.core.sqlite)).toBe(0);
    expect(await search(world, 'Quokkaville')).toEqual([job.id]);
    expect(indexEntries(world, 'jobs_fts')).toEqual(freshIndexEntries(world));
  });

  it('indexes a person’s own change at once, not at the next sync', async () => {
    const world = await syncedWorld();
    const jobId = one<{ id: number }>(world, 'SELECT id FROM ascora_jobs ORDER BY id LIMIT 1').id;
    const call = okCaller(createWorldRegistry(world));
    await call('jobs.addNote', { jobId, text: 'Dehumidifier left in the Wallaroo room' });
    expect(pendingJobSearch(world.core.sqlite)).toBe(0);
    expect(await search(world, 'Wallaroo')).toEqual([jobId]);
  });

  it('indexes at the next start what a pull noted before a crash cut it off', async () => {
    const world = await syncedWorld();
    const { sqlite } = world.core;
    const jobId = one<{ id: number }>(world, 'SELECT id FROM ascora_jobs ORDER BY id LIMIT 1').id;
    // A page's write committed, and the run ended before its fill (as a crash would leave it).
    sqlite.transaction(() =>
      withJobSearchDeferred(sqlite, () =>
        sqlite.prepare("UPDATE ascora_jobs SET job_name = 'Storm damage Bilbyton' WHERE id = ?").run(jobId),
      ),
    )();
    expect(pendingJobSearch(sqlite)).toBe(1);
    expect(await search(world, 'Bilbyton')).toEqual([]);
    // The deferral was the page's own: nothing outside it is deferred.
    expect(one<{ n: number }>(world, 'SELECT COUNT(*) AS n FROM jobs_fts_deferred').n).toBe(0);

    world.engine.recoverAfterCrash();
    await world.engine.idle();
    expect(pendingJobSearch(sqlite)).toBe(0);
    expect(await search(world, 'Bilbyton')).toEqual([jobId]);
  });

  it('fills in batches of its own, and drops a noted job deleted before its turn', async () => {
    const world = await syncedWorld();
    const { sqlite } = world.core;
    const ids = rows<{ id: number }>(world, 'SELECT id FROM ascora_jobs ORDER BY id LIMIT 5').map((r) => r.id);
    sqlite.transaction(() =>
      withJobSearchDeferred(sqlite, () => {
        for (const id of ids)
          sqlite.prepare("UPDATE ascora_jobs SET job_name = 'Flood clean-up Numbatvale' WHERE id = ?").run(id);
      }),
    )();
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('DELETE FROM ascora_jobs WHERE id = ?').run(ids[4]);
    sqlite.pragma('foreign_keys = ON');
    expect(pendingJobSearch(sqlite)).toBe(4);
    expect(await fillJobSearch(sqlite, { batch: 2 })).toBe(4);
    expect((await search(world, 'Numbatvale')).sort((a, b) => a - b)).toEqual(ids.slice(0, 4));
  });
});
