/**
 * The Jobs list's Customer column sorts (issue 20, point 10): by the name the list shows (the
 * mirror's customer over the name on the job, as JOB_CUSTOMER_NAME has it), upper and lower case
 * together, page after page, read in index order (jobs_customer_sort_idx); the order follows a
 * customer renamed, a job's customer changed, and a customer made here reaching Ascora. A database
 * from before drizzle/0013 gets every job's key when it migrates.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../main/core/db/open';
import { createJobService } from '../../main/core/services/jobs';
import { contract } from '../../shared/contract';
import type { JobRow } from '../../shared/domain';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration, makeTempDir } from '../support/db';
import { pageQueryPlans } from '../support/query-plans';

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

function customer(ascoraId: string | null, name: string): number {
  return Number(
    core.sqlite
      .prepare('INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name) VALUES (?, ?, ?)')
      .run(integrationId, ascoraId, name).lastInsertRowid,
  );
}

function job(
  name: string,
  siteCustomer: { ascoraId?: string; localId?: number; nameOnJob?: string | null } = {},
): number {
  return Number(
    core.sqlite
      .prepare(
        'INSERT INTO ascora_jobs (integration_id, job_name, site_customer_id, site_customer_local_id, site_customer_name) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        integrationId,
        name,
        siteCustomer.ascoraId ?? null,
        siteCustomer.localId ?? null,
        siteCustomer.nameOnJob ?? null,
      ).lastInsertRowid,
  );
}

/** Every row of the list sorted by Customer, page after page (pages of `limit`). */
function byCustomer(direction: 'asc' | 'desc', limit = 2): JobRow[] {
  const jobs = createJobService(core);
  const rows: JobRow[] = [];
  let cursor: string | null = null;
  do {
    const page = jobs.list(
      contract['jobs.list'].input.parse({ integrationId, sort: 'customerName', direction, cursor, limit }),
    );
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const customers = (rows: JobRow[]) => rows.map((r) => r.customerName);

describe("the Jobs list's Customer sort", () => {
  it('sorts by the name the list shows, upper and lower case together, both ways, page after page', () => {
    customer('c-harbour', 'Harbour Strata');
    const local = customer(null, 'zed Holdings');
    job('One', { ascoraId: 'c-harbour', nameOnJob: 'Jo at Harbour' }); // the mirror's name wins: "Harbour Strata"
    job('Two', { nameOnJob: 'acme Pty Ltd' }); // no customer here: the name on the job
    job('Three', { localId: local });
    job('Four', { nameOnJob: 'Brown, K' });
    job('Five', { nameOnJob: null });

    expect(customers(byCustomer('asc'))).toEqual([null, 'acme Pty Ltd', 'Brown, K', 'Harbour Strata', 'zed Holdings']);
    expect(customers(byCustomer('desc'))).toEqual(['zed Holdings', 'Harbour Strata', 'Brown, K', 'acme Pty Ltd', null]);
  });

  it('keeps every job once across pages when many share a customer', () => {
    customer('c-1', 'Same Name');
    for (let i = 0; i < 7; i++) job(`Job ${i}`, { ascoraId: 'c-1' });
    job('Other', { nameOnJob: 'Another' });
    const rows = byCustomer('asc', 3);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.id)).size).toBe(8);
    expect(customers(rows)[0]).toBe('Another');
  });

  it("follows a customer renamed, a job's customer changed, a customer made here reaching Ascora, and one removed", () => {
    const kim = customer('c-kim', 'Kim Nguyen');
    customer('c-lee', 'Lee Park');
    const local = customer(null, 'Yarra Homes');
    const first = job('First', { ascoraId: 'c-kim', nameOnJob: 'Kim' });
    job('Second', { ascoraId: 'c-lee' });
    const third = job('Third', { localId: local });
    expect(customers(byCustomer('asc'))).toEqual(['Kim Nguyen', 'Lee Park', 'Yarra Homes']);

    core.sqlite.prepare("UPDATE ascora_customers SET customer_name = 'Zhou Kim' WHERE id = ?").run(kim);
    expect(customers(byCustomer('asc'))).toEqual(['Lee Park', 'Yarra Homes', 'Zhou Kim']);

    // The job made here is sent: it names the customer by Ascora's id now, and the customer has it.
    core.sqlite.prepare("UPDATE ascora_customers SET ascora_customer_id = 'c-yarra' WHERE id = ?").run(local);
    core.sqlite
      .prepare("UPDATE ascora_jobs SET site_customer_local_id = NULL, site_customer_id = 'c-yarra' WHERE id = ?")
      .run(third);
    expect(customers(byCustomer('asc'))).toEqual(['Lee Park', 'Yarra Homes', 'Zhou Kim']);

    core.sqlite.prepare("UPDATE ascora_jobs SET site_customer_id = 'c-lee' WHERE id = ?").run(first);
    expect(customers(byCustomer('asc'))).toEqual(['Lee Park', 'Lee Park', 'Yarra Homes']);

    // A customer arriving after its jobs (a later sync's customer pass), and one removed from here.
    job('Fourth', { ascoraId: 'c-new', nameOnJob: 'zz on the job' });
    customer('c-new', 'Abbott Lane');
    core.sqlite.prepare("DELETE FROM ascora_customers WHERE ascora_customer_id = 'c-lee'").run();
    // Lee's jobs fall back to the name on each job: none on the second, "Kim" on the first.
    expect(customers(byCustomer('asc'))).toEqual([null, 'Abbott Lane', 'Kim', 'Yarra Homes']);
  });

  it('reads each page in index order, both ways, without sorting every job', () => {
    for (let i = 0; i < 30; i++) job(`Job ${i}`, { nameOnJob: `Customer ${i % 7}` });
    const jobs = createJobService(core);
    for (const direction of ['asc', 'desc'] as const) {
      const query = (cursor: string | null) =>
        contract['jobs.list'].input.parse({ integrationId, sort: 'customerName', direction, cursor, limit: 10 });
      const plans = pageQueryPlans(core.sqlite, () => {
        const first = jobs.list(query(null));
        jobs.list(query(first.nextCursor));
      });
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        expect(plan).toContain('jobs_customer_sort_idx');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    }
  });
});

describe("the Jobs list's Suburb sort", () => {
  it('sorts by suburb, a job without one first, both ways, each page read in index order', () => {
    const insert = core.sqlite.prepare('INSERT INTO ascora_jobs (integration_id, job_name, suburb) VALUES (?, ?, ?)');
    for (let i = 0; i < 30; i++)
      insert.run(integrationId, `Job ${i}`, i % 10 === 0 ? null : ['Penrith', 'Bondi', 'Hobart'][i % 3]);
    const jobs = createJobService(core);
    for (const direction of ['asc', 'desc'] as const) {
      const suburbs: (string | null)[] = [];
      const plans = pageQueryPlans(core.sqlite, () => {
        let cursor: string | null = null;
        do {
          const page = jobs.list(
            contract['jobs.list'].input.parse({ integrationId, sort: 'suburb', direction, cursor, limit: 10 }),
          );
          suburbs.push(...page.rows.map((r) => r.suburb));
          cursor = page.nextCursor;
        } while (cursor);
      });
      const expected = [...suburbs].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
      expect(suburbs).toEqual(direction === 'asc' ? expected : expected.reverse());
      expect(suburbs).toHaveLength(30);
      expect(suburbs[direction === 'asc' ? 0 : 29]).toBeNull();
      for (const plan of plans) {
        expect(plan).toContain('jobs_suburb_sort_idx');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    }
  });
});

describe('migrating to the Customer sort', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  it("gives the jobs already here their customer's name to sort by", () => {
    const dir = makeTempDir();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    // A database as the release before drizzle/0013 left it, with jobs and customers in it.
    const before = path.join(dir, 'before-0013');
    fs.cpSync(defaultMigrationsFolder(), before, { recursive: true });
    const journalFile = path.join(before, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag < '0013');
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const file = path.join(dir, 'mirror.db');
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: before });
    const office = old
      .prepare("INSERT INTO ascora_integrations (display_name, keychain_ref) VALUES ('Office', 'ascora:m')")
      .run().lastInsertRowid;
    old
      .prepare(
        "INSERT INTO ascora_customers (integration_id, ascora_customer_id, customer_name) VALUES (?, 'c-1', 'Harbour Strata')",
      )
      .run(office);
    old
      .prepare(
        "INSERT INTO ascora_jobs (integration_id, job_name, site_customer_id, site_customer_name) VALUES (?, 'A', 'c-1', 'Jo'), (?, 'B', NULL, 'Brown, K')",
      )
      .run(office, office);
    old.close();

    const opened = openDatabase({ file });
    cleanups.push(() => opened.close());
    expect(
      opened.sqlite
        .prepare('SELECT job_name AS job, customer_sort_key AS key FROM ascora_jobs ORDER BY job_name')
        .all(),
    ).toEqual([
      { job: 'A', key: 'harbour strata' },
      { job: 'B', key: 'brown, k' },
    ]);
  });
});
