/**
 * Issue 20, point 10, the smaller things an office notices, in Chromium over the real browser host
 * and the demo workspace: the Reports list shows each report's own date, insurer and claim; a CSV's
 * file name says a filter or a search was applied, and "all" means all; Ascora's FIXED-PRICE reads
 * "Fixed price"; the Jobs list's Customer column sorts. Found by role and accessible name only.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

const REPORT = path.resolve('tests/fixtures/reports/water-damage-parramatta.json');
const DAY = String.raw`\d{4}-\d{2}-\d{2}`;

let app: RunningApp;
let page: Page;

const jobs = () => page.getByRole('grid', { name: 'Jobs' });
const jobRows = () =>
  jobs()
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });

async function go(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

async function shoot(name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/small-data/${name}-1366-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Export CSV on the screen shown: the file's suggested name and its lines (header first). */
async function exportCsv(): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  return { name: download.suggestedFilename(), lines: text.split('\r\n') };
}

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 800 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
  await go('Jobs');
  // The first sync fills the mirror.
  await expect(jobRows().nth(3)).toBeVisible({ timeout: 60_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

test("the Reports list shows the report's own date, its insurer and its claim; its preview prices in words", async () => {
  await go('Report to job');
  await page.getByLabel('Import RestoreAssist reports (JSON)').setInputFiles([REPORT]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('imported');
  const table = page.getByRole('table', { name: 'Reports' });
  for (const name of ['Report date', 'Insurer', 'Claim'])
    await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Updated' })).toHaveCount(0);
  // The report says 18 November 2026; it was imported today.
  const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: 'Priya Raman' }) });
  await expect(row.getByRole('cell', { name: '18/11/2026', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'NRMA Insurance', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'NRMA-CLM-4471902', exact: true })).toBeVisible();

  await row.getByRole('button', { name: 'Priya Raman' }).click();
  const job = page.getByRole('region', { name: 'Ascora job' });
  await expect(job.getByRole('definition').filter({ hasText: 'Fixed price' })).toBeVisible();
  await expect(page.getByText('FIXED-PRICE')).toHaveCount(0);
  await shoot('reports');
  await expectNoSeriousA11yProblems(page, 'Report to job, with insurer and claim');
});

test("a job's pricing reads in words in its panel", async () => {
  await go('Jobs');
  await jobRows().first().getByRole('rowheader').click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  await expect(detail.getByRole('definition').filter({ hasText: /^(Fixed price|Time and materials)$/ })).toBeVisible();
  await expect(page.getByText(/FIXED-PRICE|TIME-AND-MATERIALS/)).toHaveCount(0);
  await detail.getByRole('button', { name: 'Close' }).click();
});

test('the Customer column sorts, both ways, from the core; Suburb sorts too', async () => {
  await go('Jobs');
  const header = jobs().getByRole('columnheader', { name: 'Customer' });
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const customers = async () => {
    const names: string[] = [];
    for (let i = 0; i < 8; i++) names.push((await jobRows().nth(i).getByRole('gridcell').nth(2).textContent()) ?? '');
    return names.map((n) => n.trim().toLowerCase());
  };
  const inOrder = async (direction: 'asc' | 'desc') => {
    const names = await customers();
    const sorted = [...names].sort();
    return JSON.stringify(names) === JSON.stringify(direction === 'asc' ? sorted : sorted.reverse());
  };
  await expect.poll(() => inOrder('asc')).toBe(true);
  const ascending = await customers();
  await shoot('jobs-by-customer');

  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => inOrder('desc')).toBe(true);
  const descending = await customers();
  // From the other end of the whole list, not the loaded rows turned round.
  expect(descending[0]! > ascending[0]!).toBe(true);

  // Suburb, the other list column whose header did not sort.
  const suburb = jobs().getByRole('columnheader', { name: 'Suburb' });
  await suburb.click();
  await expect(suburb).toHaveAttribute('aria-sort', 'ascending');
  await expect(header).toHaveAttribute('aria-sort', 'none');
});

test('a CSV says in its name that a filter or a search was applied, and "all" holds every job', async () => {
  await go('Jobs');
  const count = page.getByText(/^[\d,]+ jobs$/);
  await expect(count).toHaveText(/^[\d,]+ jobs$/);
  const everyJob = Number((await count.textContent())!.replace(/\D/g, ''));

  await page.getByRole('combobox', { name: 'Status' }).selectOption({ index: 1 });
  const filtered = await exportCsv();
  expect(filtered.name).toMatch(new RegExp(`^jobs-filtered-${DAY}\\.csv$`));
  await expect(page.getByText(`Saved ${filtered.name}`)).toBeVisible();
  await shoot('jobs-csv-filtered');
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ index: 0 });

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('water');
  await expect(count).not.toHaveText(`${everyJob.toLocaleString('en-AU')} jobs`);
  const searched = await exportCsv();
  expect(searched.name).toMatch(new RegExp(`^jobs-search-water-${DAY}\\.csv$`));
  expect(searched.lines.length - 1).toBeLessThan(everyJob);

  // Cleared, then exported at once: the whole list, named so, none of the old search's rows only.
  await search.fill('');
  const all = await exportCsv();
  expect(all.name).toMatch(new RegExp(`^jobs-all-${DAY}\\.csv$`));
  expect(all.lines.length - 1).toBe(everyJob);
  expect(all.lines[0]).toContain(',Contact,Contact phone,Created,Completed,');
});
