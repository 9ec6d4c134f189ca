/**
 * The job-number sort of the Jobs list and the date sort of the Invoices list read their pages in
 * index order (drizzle/0009): each sorts by COALESCE(column, ''), and SQLite uses an index for an
 * expression only when the index has the same expression. Without it every page sorted every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoiceService } from '../../main/core/services/invoices';
import { sql } from 'drizzle-orm';
import { ascoraJobs } from '../../main/core/db/schema';
import { createJobService } from '../../main/core/services/jobs';
import { JOB_ROW_FIELDS } from '../../main/core/services/rows';
import { contract } from '../../shared/contract';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';
import { pageQueryPlans } from '../support/query-plans';

let core: TestCore;
let integrationId: number;
beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  const job = core.sqlite.prepare(
    'INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, date_created) VALUES (?, ?, ?, ?, ?)',
  );
  const invoice = core.sqlite.prepare(
    'INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, ascora_job_id, total_ex_tax_cents) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < 300; i++) {
    // Every tenth has no number or date: those sort first (as ''), never dropped.
    job.run(integrationId, `g-${i}`, i % 10 === 0 ? null : `J${10000 + ((i * 7) % 300)}`, `Job ${i}`, null);
    invoice.run(
      integrationId,
      `inv-${i}`,
      `INV${i}`,
      i % 10 === 0 ? null : `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00`,
      `g-${i}`,
      1000,
    );
  }
});
afterAll(() => core.close());

/** Runs `list` over two pages and answers the query plan of each page query (the SELECT with ORDER BY). */
function pagePlans(list: (cursor: string | null) => { nextCursor: string | null }): string[] {
  return pageQueryPlans(core.sqlite, () => {
    const first = list(null);
    expect(first.nextCursor).not.toBeNull();
    list(first.nextCursor);
  });
}

describe('list sorts read their index', () => {
  it('sorts the Jobs list by job number through jobs_number_sort_idx, both ways, on every page', () => {
    const jobs = createJobService(core);
    for (const direction of ['asc', 'desc']) {
      const plans = pagePlans((cursor) =>
        jobs.list(
          contract['jobs.list'].input.parse({ integrationId, sort: 'jobNumber', direction, limit: 50, cursor }),
        ),
      );
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        expect(plan).toContain('jobs_number_sort_idx');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    }
  });

  it('sorts the Invoices list by date through invoices_date_sort_idx, both ways, on every page', () => {
    const invoices = createInvoiceService(core);
    for (const direction of ['asc', 'desc']) {
      const plans = pagePlans((cursor) =>
        invoices.list(
          contract['invoices.list'].input.parse({ integrationId, sort: 'invoiceDate', direction, limit: 50, cursor }),
        ),
      );
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        expect(plan).toContain('invoices_date_sort_idx');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    }
  });

  it('still lists every job and invoice once, those without a number or date included', () => {
    const jobs = createJobService(core);
    const invoices = createInvoiceService(core);
    const seen = { jobs: [] as number[], invoices: [] as number[] };
    let cursor: string | null = null;
    do {
      const page = jobs.list(
        contract['jobs.list'].input.parse({ integrationId, sort: 'jobNumber', direction: 'asc', limit: 70, cursor }),
      );
      seen.jobs.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    do {
      const page = invoices.list(
        contract['invoices.list'].input.parse({
          integrationId,
          sort: 'invoiceDate',
          direction: 'desc',
          limit: 70,
          cursor,
        }),
      );
      seen.invoices.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen.jobs).size).toBe(300);
    expect(seen.jobs).toHaveLength(300);
    expect(new Set(seen.invoices).size).toBe(300);
    expect(seen.invoices).toHaveLength(300);
  });

  it("reads a page's rows by id, each one's customer name by index, scanning no table", () => {
    // Every page's rows are read so (services/jobs.ts rowsById): a scan here is a scan per page.
    const query = core.db
      .select(JOB_ROW_FIELDS)
      .from(ascoraJobs)
      .where(sql`${ascoraJobs.id} IN (SELECT value FROM json_each(${JSON.stringify([1, 2, 3])}))`)
      .toSQL();
    const plan = (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('SEARCH ascora_jobs USING INTEGER PRIMARY KEY');
    expect(plan).toContain('customers_ascora_id_uq (integration_id=? AND ascora_customer_id=?)');
    expect(plan).not.toMatch(/SCAN (ascora_jobs|ascora_customers|sc)\b/);
  });
});
