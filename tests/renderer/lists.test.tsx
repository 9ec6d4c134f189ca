/**
 * The lists' table over the real core (a real SQLite file, the demo workspace's simulator): sort
 * and aria-sort, rows named in their checkboxes, select all, Shift ranges, roving focus, Enter,
 * empty states; and what the CSV files hold.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerRow, InvoiceRow, JobRow } from '../../shared/domain';
import { call } from '../../renderer/src/api';
import { EmptyList } from '../../renderer/src/components/EmptyList';
import { exportWithDetails } from '../../renderer/src/components/csv';
import { customersCsv, invoicesCsv, jobsCsv } from '../../renderer/src/components/csv-lists';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());
beforeEach(() => localStorage.clear());
afterEach(cleanup);

const grid = () => screen.getByRole('grid', { name: 'Jobs' });
/** The body's rows (each has a row header), in order. */
const rows = () =>
  within(grid())
    .getAllByRole('row')
    .filter((r) => within(r).queryByRole('rowheader'));
const numberOf = (row: HTMLElement) => within(row).getByRole('rowheader').textContent!.trim();

async function renderJobs() {
  const user = userEvent.setup();
  render(<Jobs integrationId={world.integrationId} />);
  await waitFor(() => expect(rows().length).toBeGreaterThan(5));
  return user;
}

/** Tab until the list has the focus (one tab stop: its focused row). */
async function tabIntoList(user: ReturnType<typeof userEvent.setup>) {
  for (let i = 0; i < 30 && !grid().contains(document.activeElement); i++) await user.tab();
  expect(grid().contains(document.activeElement)).toBe(true);
}

describe('the jobs table', () => {
  it('sorts by a column, says so in aria-sort, and keeps the arrow out of the column name', async () => {
    const user = await renderJobs();
    const created = within(grid()).getByRole('columnheader', { name: 'Created' });
    expect(created.getAttribute('aria-sort')).toBe('descending');
    const job = within(grid()).getByRole('columnheader', { name: 'Job' });
    expect(job.getAttribute('aria-sort')).toBe('none');

    await user.click(within(job).getByText('Job'));
    await waitFor(() => expect(job.getAttribute('aria-sort')).toBe('ascending'));
    expect(created.getAttribute('aria-sort')).toBe('none');
    await waitFor(() => {
      const numbers = rows().map(numberOf);
      expect(numbers).toEqual([...numbers].sort());
    });
    // The arrow is shown, but hidden from the column's name.
    expect(within(job).getByText('▲').getAttribute('aria-hidden')).toBe('true');
  });

  it("names each row's checkbox after its job, and selects all loaded jobs from the header", async () => {
    const user = await renderJobs();
    const first = numberOf(rows()[0]!);
    expect(within(grid()).getByRole('checkbox', { name: `Select job ${first}` })).toBeTruthy();
    expect(within(grid()).queryByRole('checkbox', { name: /Select row/ })).toBeNull();

    await user.click(within(grid()).getByRole('checkbox', { name: 'Select all loaded jobs' }));
    const loaded = Number(world.core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM ascora_jobs').pluck().get());
    const bar = screen.getByRole('region', { name: 'Selected jobs' });
    expect(bar.textContent).toContain(`${loaded} selected`);
    for (const row of rows()) expect(row.getAttribute('aria-selected')).toBe('true');
    await user.click(within(bar).getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByRole('region', { name: 'Selected jobs' })).toBeNull();
  });

  it('selects a range with Shift+Arrow and with Shift+click', async () => {
    const user = await renderJobs();
    const selected = () => rows().map((r) => r.getAttribute('aria-selected'));
    const bar = () => screen.getByRole('region', { name: 'Selected jobs' });
    await tabIntoList(user);
    await user.keyboard('{ArrowDown}{ArrowDown} {Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    expect(selected()).toEqual(rows().map((_, i) => String(i >= 2 && i <= 4)));
    expect(bar().textContent).toContain('3 selected');

    await user.click(within(bar()).getByRole('button', { name: 'Clear selection' }));
    await user.click(within(rows()[1]!).getByRole('checkbox'));
    await user.keyboard('{Shift>}');
    await user.click(within(rows()[4]!).getAllByRole('gridcell')[2]!);
    await user.keyboard('{/Shift}');
    expect(selected()).toEqual(rows().map((_, i) => String(i >= 1 && i <= 4)));
    expect(bar().textContent).toContain('4 selected');
  });

  it('is one tab stop with roving focus: arrows, Home, End, Space selects and Enter opens', async () => {
    const user = await renderJobs();
    await tabIntoList(user);
    expect(document.activeElement).toBe(rows()[0]);
    // The other rows are out of the tab order.
    expect(
      rows()
        .slice(1)
        .every((r) => r.tabIndex === -1),
    ).toBe(true);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(rows()[2]);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(rows()[1]);
    await user.keyboard('{End}');
    const all = rows();
    expect(document.activeElement).toBe(all[all.length - 1]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(rows()[0]);

    await user.keyboard(' ');
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    // Enter opens the job even while rows are selected.
    const number = numberOf(rows()[0]!);
    await user.keyboard('{Enter}');
    const panel = await screen.findByRole('complementary', { name: 'Job detail' });
    await within(panel).findByRole('heading', { name: new RegExp(`^${number}`) });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it("says there are no results for the search, never '0 rows', and clears search and filters", async () => {
    const user = await renderJobs();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'zzqx nothing');
    await waitFor(() =>
      expect(within(grid()).getByRole('status').textContent).toContain("No results for 'zzqx nothing'."),
    );
    const empty = within(grid()).getByRole('status');
    expect(document.body.textContent).not.toMatch(/\b0 (rows|jobs)\b/);
    await user.click(within(empty).getByRole('button', { name: 'Clear search and filters' }));
    expect((screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(rows().length).toBeGreaterThan(5));
  });
});

describe('the empty state', () => {
  it('explains a search with nothing a search can use (a lone emoji) instead of listing nothing silently', async () => {
    const user = await renderJobs();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), '🔥');
    await waitFor(() =>
      expect(within(grid()).getByRole('status').textContent).toContain(
        "Search by letters or numbers: '🔥' has none, so it matches no jobs.",
      ),
    );
  });

  it('says when filters alone match nothing, and when there is nothing at all', () => {
    const { unmount } = render(
      <EmptyList
        noun="jobs"
        search=""
        nothingSearchable={false}
        filtered
        onClear={() => undefined}
        none="No jobs yet."
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('No jobs match these filters.');
    unmount();
    render(
      <EmptyList
        noun="jobs"
        search=""
        nothingSearchable={false}
        filtered={false}
        onClear={() => undefined}
        none="No jobs yet."
      />,
    );
    expect(screen.getByText('No jobs yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear search and filters' })).toBeNull();
  });
});

describe('CSV files', () => {
  const lines = (csv: string) => csv.split('\r\n');

  it('jobs: the columns an insurer asks for, dates dd/mm/yyyy, the state in words', async () => {
    const job = world.core.ctx.sqlite
      .prepare(
        "SELECT id, job_number AS number, client_order_number AS claim FROM ascora_jobs WHERE client_order_number <> '' LIMIT 1",
      )
      .get() as { id: number; number: string; claim: string };
    await call('jobs.updateStatus', { jobId: job.id, statusText: 'Drying' });
    const all = await exportWithDetails<JobRow, Awaited<ReturnType<typeof details>>[number]>(
      (cursor) => call('jobs.list', { integrationId: world.integrationId, cursor, limit: 25 }),
      details,
      () => undefined,
    );
    const csv = jobsCsv(all);
    const [header, ...body] = lines(csv);
    expect(header).toBe(
      'Job number,Job name,Status,Customer,Site address,Claim number,Purchase order,Insurer,Contact,Contact phone,Created,Completed,Total inc GST (AUD),Ascora',
    );
    expect(body).toHaveLength(Number(world.core.ctx.sqlite.prepare('SELECT COUNT(*) FROM ascora_jobs').pluck().get()));
    const line = body.find((l) => l.startsWith(`${job.number},`))!;
    expect(line).toContain(`,Drying,`);
    expect(line).toContain(`,${job.claim},`);
    expect(line).toMatch(/,\d{2}\/\d{2}\/\d{4},(\d{2}\/\d{2}\/\d{4})?,/);
    expect(line.endsWith(',To enter in Ascora')).toBe(true);
    expect(csv).not.toMatch(/local_only|,synced|in_ascora/);
  });

  it('invoices: ex GST, GST and total that add up, what remains, and the state in words', async () => {
    const page = await call('invoices.list', { integrationId: world.integrationId, limit: 5 });
    const more = await call('invoices.exportDetails', { ids: page.rows.map((r) => r.id) });
    const pairs = page.rows.map((row: InvoiceRow) => ({ row, details: more.find((d) => d.id === row.id) }));
    const [header, first] = lines(invoicesCsv(pairs));
    expect(header).toBe(
      'Invoice number,Job number,Claim number,Insurer,Customer,Date,Due,Ex GST (AUD),GST (AUD),Total inc GST (AUD),Paid in app (AUD),Remaining (AUD),GST from,Accounting export',
    );
    const cells = first!.split(',');
    expect(cells[0]).toBe(page.rows[0]!.invoiceNumber);
    expect(Number(cells[7]) + Number(cells[8])).toBeCloseTo(Number(cells[9]), 2);
    expect(cells[13]).toMatch(/^(Waiting for export|Exported to accounting)$/);
  });

  it('customers: name, company, contact, phone, email and address', async () => {
    const page = await call('customers.list', { integrationId: world.integrationId, limit: 3 });
    const more = await call('customers.exportDetails', { ids: page.rows.map((r) => r.id) });
    const pairs = page.rows.map((row: CustomerRow) => ({ row, details: more.find((d) => d.id === row.id) }));
    const [header, first] = lines(customersCsv(pairs));
    expect(header).toBe('Name,Company,Contact,Phone,Mobile,Email,Address,Ascora');
    expect(first!.startsWith(page.rows[0]!.customerName.includes(',') ? '"' : page.rows[0]!.customerName)).toBe(true);
    expect(first).toContain(more.find((d) => d.id === page.rows[0]!.id)!.address.split(',')[0]);
  });
});

function details(ids: number[]) {
  return call('jobs.exportDetails', { ids });
}
