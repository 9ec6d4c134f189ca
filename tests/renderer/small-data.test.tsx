/**
 * The smaller things an office notices (issue 20, point 10), over the real core and the demo
 * workspace's simulator: the Reports list dates a report by its own date and shows its insurer and
 * claim; a CSV's file name says what it holds, and an export made just after the search was
 * cleared holds every row; the jobs CSV's contact and dates, the invoices CSV's claim and insurer;
 * Ascora's pricing method in words.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../renderer/src/api';
import { csvFileName, exportWithDetails } from '../../renderer/src/components/csv';
import { invoicesCsv, jobsCsv } from '../../renderer/src/components/csv-lists';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { Reports } from '../../renderer/src/screens/Reports';
import { getDisplayTimeZone, pricingWords, setDisplayTimeZone } from '../../shared/format';
import type { InvoiceRow, JobRow, Report } from '../../shared/domain';
import { dayIn } from '../../shared/time';
import { startRendererWorld, type RendererWorld } from './support';

const SAMPLE = fs.readFileSync(path.resolve('tests/fixtures/reports/water-damage-parramatta.json'));

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());
beforeEach(() => localStorage.clear());
afterEach(cleanup);

const count = (sql: string) => Number(world.core.ctx.sqlite.prepare(sql).pluck().get());
/** A CSV's lines as records by header (for files whose cells hold no comma or line break). */
const records = (csv: string) => {
  const [header, ...lines] = csv.split('\r\n');
  const names = header!.split(',');
  return { names, rows: lines.map((l) => Object.fromEntries(l.split(',').map((cell, i) => [names[i]!, cell]))) };
};

describe('a CSV file name says what the file holds', () => {
  const zone = getDisplayTimeZone();
  afterEach(() => setDisplayTimeZone(zone));
  // 23:30 on 6 December in UTC is already the 7th in Sydney: the office's day names the file.
  const at = Date.parse('2026-12-06T23:30:00Z');

  it.each([
    ['the whole list', { search: '', filtered: false }, 'jobs-all-2026-12-07.csv'],
    ['a search', { search: 'water', filtered: false }, 'jobs-search-water-2026-12-07.csv'],
    ['a filter', { search: '', filtered: true }, 'jobs-filtered-2026-12-07.csv'],
    ['both', { search: ' Kent St ', filtered: true }, 'jobs-search-kent-st-filtered-2026-12-07.csv'],
    ['a search of spaces only', { search: '   ', filtered: false }, 'jobs-all-2026-12-07.csv'],
    ['a search of symbols only', { search: '"/\\?*', filtered: false }, 'jobs-search-2026-12-07.csv'],
    [
      'a search with letters of any language',
      { search: 'Müller/Ōta', filtered: false },
      'jobs-search-müller-ōta-2026-12-07.csv',
    ],
  ])('%s', (_what, scope, name) => {
    setDisplayTimeZone('Australia/Sydney');
    expect(csvFileName('jobs', scope, at)).toBe(name);
  });

  it('keeps a long search short, and never a path or a character a file name cannot hold', () => {
    setDisplayTimeZone('Australia/Sydney');
    const name = csvFileName('invoices', { search: `../..\\${'x'.repeat(80)}:<>|`, filtered: false }, at);
    expect(name).toMatch(/^invoices-search-[a-z-]{1,30}-2026-12-07\.csv$/);
  });
});

describe('Export CSV on the Jobs screen', () => {
  let saved: { name: string; text: string }[];
  beforeEach(() => {
    saved = [];
    // jsdom saves no files: the file's name and text are taken where the screen hands them over.
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test-${blobs.size}`;
      blobs.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href)!;
      void blob.text().then((text) => saved.push({ name: this.download, text }));
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('names a searched export for its search, and one made as soon as the search is cleared holds every job', async () => {
    render(<Jobs integrationId={world.integrationId} />);
    const all = count('SELECT COUNT(*) FROM ascora_jobs');
    const grid = screen.getByRole('grid', { name: 'Jobs' });
    const listCount = () => grid.closest('.dt')!.querySelector('.dt-meta')!.textContent;
    await waitFor(() => expect(listCount()).toBe(`${all} jobs`));
    const today = dayIn(getDisplayTimeZone(), Date.now());
    const search = screen.getByRole('searchbox', { name: 'Search' });
    const exportButton = screen.getByRole('button', { name: 'Export CSV' });

    fireEvent.change(search, { target: { value: 'water' } });
    await waitFor(() => expect(listCount()).toMatch(/^\d+ jobs?$/));
    await waitFor(() => expect(listCount()).not.toBe(`${all} jobs`));
    fireEvent.click(exportButton);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe(`jobs-search-water-${today}.csv`);
    const searched = saved[0]!.text.split('\r\n').length - 1;
    expect(searched).toBeLessThan(all);

    // Cleared and exported at once, before the list has caught up with the box.
    fireEvent.change(search, { target: { value: '' } });
    fireEvent.click(exportButton);
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]!.name).toBe(`jobs-all-${today}.csv`);
    expect(saved[1]!.text.split('\r\n').length - 1).toBe(all);
    expect(screen.getByText(`Saved jobs-all-${today}.csv (${all} rows)`)).toBeTruthy();
    // A loaded machine draws the list slowly in jsdom: a person's patience, not a timing claim.
  }, 90_000);
});

describe('the jobs CSV', () => {
  it("has the contact and its phone from the customer, and Ascora's completed date, never the local sync date", async () => {
    const all = await exportWithDetails<JobRow, Awaited<ReturnType<typeof jobDetails>>[number]>(
      (cursor) => call('jobs.list', { integrationId: world.integrationId, cursor, limit: 25 }),
      jobDetails,
      () => undefined,
    );
    const { names, rows } = records(jobsCsv(all).replace(/"[^"]*"/g, 'quoted'));
    expect(names).toEqual([
      'Job number',
      'Job name',
      'Status',
      'Customer',
      'Site address',
      'Claim number',
      'Purchase order',
      'Insurer',
      'Contact',
      'Contact phone',
      'Created',
      'Completed',
      'Total inc GST (AUD)',
      'Ascora',
    ]);
    const expected = world.core.ctx.sqlite
      .prepare(
        `SELECT j.job_number AS number, trim(c.contact_first_name || ' ' || c.contact_last_name) AS contact,
                COALESCE(NULLIF(c.phone_number, ''), c.mobile_number) AS phone, j.completed_date AS completed
         FROM ascora_jobs j JOIN ascora_customers c ON c.integration_id = j.integration_id AND c.ascora_customer_id = j.site_customer_id
         WHERE j.site_contact_name IS NULL AND j.billing_contact_name IS NULL`,
      )
      .all() as { number: string; contact: string; phone: string; completed: string | null }[];
    expect(expected.length).toBeGreaterThan(10);
    for (const job of expected) {
      const row = rows.find((r) => r['Job number'] === job.number)!;
      expect(row.Contact).toBe(job.contact.includes(',') ? 'quoted' : job.contact);
      expect(row['Contact phone']).toBe(job.phone);
      if (job.completed) expect(row.Completed).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      else expect(row.Completed).toBe('');
    }
    expect(rows.filter((r) => r.Contact !== '').length).toBeGreaterThan(10);
    expect(rows.some((r) => r.Completed !== '')).toBe(true);
    expect(rows.some((r) => r.Completed === '')).toBe(true);
  });
});

describe('the invoices CSV', () => {
  it("has each invoice's claim number and insurer from its job, and says its state is the accounting export", async () => {
    const page = await call('invoices.list', { integrationId: world.integrationId, limit: 200 });
    const more = await call('invoices.exportDetails', { ids: page.rows.map((r) => r.id) });
    const pairs = page.rows.map((row: InvoiceRow) => ({ row, details: more.find((d) => d.id === row.id) }));
    const { names, rows } = records(invoicesCsv(pairs).replace(/"[^"]*"/g, 'quoted'));
    expect(names).toEqual([
      'Invoice number',
      'Job number',
      'Claim number',
      'Insurer',
      'Customer',
      'Date',
      'Due',
      'Ex GST (AUD)',
      'GST (AUD)',
      'Total inc GST (AUD)',
      'Paid in app (AUD)',
      'Remaining (AUD)',
      'GST from',
      'Accounting export',
    ]);
    const jobs = world.core.ctx.sqlite
      .prepare(
        `SELECT i.invoice_number AS invoice, j.client_order_number AS claim, j.job_description AS description
         FROM ascora_invoices i JOIN ascora_jobs j ON j.integration_id = i.integration_id AND j.ascora_job_id = i.ascora_job_id`,
      )
      .all() as { invoice: string; claim: string; description: string }[];
    const withInsurer = jobs.filter((j) => /^Insurer: /m.test(j.description));
    expect(withInsurer.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const row = rows.find((r) => r['Invoice number'] === job.invoice)!;
      expect(row['Claim number']).toBe(job.claim);
      const insurer = /^Insurer: ([^,\n]*)/m.exec(job.description)?.[1]?.trim() ?? '';
      expect(row.Insurer).toBe(insurer.includes(',') ? 'quoted' : insurer);
    }
    for (const row of rows) expect(row['Accounting export']).toMatch(/^(Waiting for export|Exported to accounting)$/);
  });
});

describe('the Reports list', () => {
  it("shows the report's own date, its insurer and its claim, not when it was imported", async () => {
    const [result] = await call('reports.import', {
      files: [{ fileName: 'parramatta.json', contentBase64: SAMPLE.toString('base64') }],
    });
    expect(result!.ok).toBe(true);
    const row = (await call('reports.list', { search: 'Priya' })).find((r) => r.clientName === 'Priya Raman')!;
    expect(row).toMatchObject({
      reportDate: '2026-11-18T09:42:00+11:00',
      insurer: 'NRMA Insurance',
      claimNumber: 'NRMA-CLM-4471902',
    });

    // The report's own day, wherever the office is: 09:42 on the 18th in Sydney is the 17th in UTC.
    const zone = getDisplayTimeZone();
    setDisplayTimeZone('UTC');
    try {
      render(<Reports integrationId={world.integrationId} />);
      const table = await screen.findByRole('table', { name: 'Reports' });
      const headers = within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent);
      expect(headers).toEqual([
        'Client',
        'Property',
        'Damage',
        'Severity',
        'Estimate',
        'Report date',
        'Insurer',
        'Claim',
        'Job',
      ]);
      const line = (await within(table).findByRole('button', { name: 'Priya Raman' })).closest('tr')!;
      const cells = within(line)
        .getAllByRole('cell')
        .map((c) => c.textContent);
      expect(cells.slice(5, 8)).toEqual(['18/11/2026', 'NRMA Insurance', 'NRMA-CLM-4471902']);
    } finally {
      setDisplayTimeZone(zone);
    }
  });

  it('dates a report made in the app when it is made, and keeps that date through an edit', async () => {
    const report = {
      ...(JSON.parse(SAMPLE.toString('utf8')) as Report),
      report_id: '5d0a4b3c-2e1f-4a6b-8c7d-9e0f1a2b3c4d',
      client_name: 'Made Here',
      created_at: undefined,
      updated_at: undefined,
    };
    const before = Date.now();
    await call('reports.create', { report });
    const made = (await call('reports.list', { search: 'Made Here' }))[0]!;
    expect(Date.parse(made.reportDate!)).toBeGreaterThanOrEqual(before - 1000);
    const stored = await call('reports.get', { reportId: made.reportId });
    await call('reports.update', { report: { ...stored, summary: 'Edited' } });
    expect((await call('reports.list', { search: 'Made Here' }))[0]!.reportDate).toBe(made.reportDate);
  });

  it('leaves out a date that is not one, and still imports the report', async () => {
    const bytes = Buffer.from(
      JSON.stringify({
        ...(JSON.parse(SAMPLE.toString('utf8')) as object),
        report_id: '6e1b5c4d-3f2a-4b7c-9d8e-0f1a2b3c4d5e',
        client_name: 'Odd Date',
        created_at: 'last Tuesday',
        updated_at: 12,
      }),
    );
    const [result] = await call('reports.import', {
      files: [{ fileName: 'odd.json', contentBase64: bytes.toString('base64') }],
    });
    expect(result).toMatchObject({ ok: true, outcome: 'imported' });
    expect((await call('reports.list', { search: 'Odd Date' }))[0]!.reportDate).toBeNull();
    // The list is newest first by the reports' own dates; one without a date comes last.
    const order = (await call('reports.list', { search: '' }))
      .map((r) => r.clientName)
      .filter((name) => ['Made Here', 'Priya Raman', 'Odd Date'].includes(name));
    expect(order).toEqual(['Made Here', 'Priya Raman', 'Odd Date']);
  });
});

describe("Ascora's pricing method", () => {
  it('is shown in words', () => {
    expect(pricingWords('FIXED-PRICE')).toBe('Fixed price');
    expect(pricingWords('TIME-AND-MATERIALS')).toBe('Time and materials');
    expect(pricingWords(null)).toBe('—');
  });
});

function jobDetails(ids: number[]) {
  return call('jobs.exportDetails', { ids });
}
