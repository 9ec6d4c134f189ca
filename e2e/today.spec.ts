/**
 * Today, end to end: the real browser host, core and SQLite file, an Ascora simulator of this test's
 * own driven in process as another Ascora user. Every figure opens the list behind it, and the list
 * shows as many rows as the figure said.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { expectNoSeriousA11yProblems, startApp } from './app';
import { connect, openOffice, SCREENSHOT_WIDTHS, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
let page: Page;
let ascora: RunningSimulator;

/** The list's count under its table, in its own noun ("2 jobs", "1 invoice"). */
const rows = (n: number, noun: 'job' | 'invoice' = 'job') =>
  page.getByText(`${n.toLocaleString('en-AU')} ${n === 1 ? noun : `${noun}s`}`, { exact: true });
const figure = (name: string | RegExp) => page.getByRole('main').getByRole('button', { name });

/** Clicks a figure on Today and checks its list shows that many rows. */
async function opensListOf(name: string | RegExp, count: number, heading: string) {
  await office.go('Today');
  await figure(name).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await expect(rows(count, heading === 'Invoices' ? 'invoice' : 'job')).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser, { jobs: 200, customers: 60, invoices: 40 });
  ({ page, ascora } = office);
});
test.afterAll(() => office.close());

test('a sync that brought nothing says so, and nothing needs a person', async () => {
  await office.syncNow();
  await office.go('Today');
  await expect(page.getByRole('region', { name: 'Since the last sync' })).toContainText('No new or changed jobs.');
  await expect(page.getByRole('region', { name: 'Needs you' })).toContainText('Nothing needs you.');
});

test("jobs added and changed in Ascora since the last sync, and today's jobs by status, each open their list", async () => {
  const added = [ascora.control.addJob({ jobName: 'Storm damage – 3 Pitt St' }), ascora.control.addJob()];
  await office.syncNow();
  // With the keyboard: a figure is a button.
  await office.go('Today');
  await figure('2 new jobs').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('New jobs from the last sync')).toBeVisible();
  await expect(rows(2)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: added[0]!.jobNumber })).toBeVisible();

  ascora.control.editJob(added[0]!.jobId, { jobName: 'Storm damage – 3 Pitt Street, Sydney' });
  await office.syncNow();
  await opensListOf('1 job changed in Ascora', 1, 'Jobs');
  await expect(page.getByRole('row').filter({ hasText: 'Storm damage – 3 Pitt Street, Sydney' })).toBeVisible();

  // Created today (the office's day), by status: the simulator's new jobs are "New".
  await opensListOf('2 in all', 2, 'Jobs');
  await opensListOf('2 New', 2, 'Jobs');
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('New');
});

test('each ageing bar of the open invoices opens the Invoices list of those invoices', async () => {
  await office.go('Today');
  const names = await page
    .getByRole('list', { name: 'Outstanding by days past due' })
    .getByRole('button')
    .evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label') ?? ''));
  for (const name of names.filter((n) => !/: 0 invoices,/.test(n))) {
    const [words, detail] = name.split(': ');
    const count = Number(/^([\d,]+)/.exec(detail!)![1]!.replace(/,/g, ''));
    await opensListOf(name, count, 'Invoices');
    await expect(page.getByText(words!).filter({ has: page.getByRole('button', { name: 'Any date' }) })).toBeVisible();
  }
});

test('what needs a person: a refused change opens the Sync centre, a report not made into a job opens Report to job', async () => {
  ascora.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'A customer with this ABN already exists.',
    times: 1,
  });
  await office.go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('Company').fill('Harbour Strata Pty Ltd');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await office.syncNow();
  await office.go('Today');
  await figure('1 change Ascora refused').click();
  await expect(page.getByRole('heading', { name: 'Needs attention (1)' })).toBeVisible();

  await office.go('Report to job');
  await page
    .getByLabel('Import RestoreAssist reports (JSON)')
    .setInputFiles(path.resolve('tests/fixtures/reports/water-damage-parramatta.json'));
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('imported');
  await office.go('Today');
  await figure('1 report not yet made into a job').click();
  await expect(page.getByRole('heading', { name: 'Report to job', level: 1 })).toBeVisible();

  await office.go('Today');
  await expect(figure('1 change Ascora refused')).toBeVisible();
  await expectNoSeriousA11yProblems(page, 'Today');
  await office.shoot('today');
});

test('during the first sync Today shows its progress, never a screen of zeros', async ({ browser }) => {
  // A slow Ascora (each request takes 1.5 s) so the first sync is seen while it runs.
  const slow = await startSimulator({ port: 0, seed: 7, jobs: 3000, latencyMs: 1500 });
  const fresh = await startApp();
  try {
    const context = await browser.newContext({ locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    const first = await context.newPage();
    await connect(first, fresh, slow);
    await expect(first.getByRole('heading', { name: 'Getting your jobs from Ascora…' })).toBeVisible();
    await expect(first.getByText(/^[\d,]+ of ~3,000 jobs$/)).toBeVisible({ timeout: 30_000 });
    await expect(first.getByRole('main').getByRole('button')).toHaveCount(0);
    for (const width of SCREENSHOT_WIDTHS) {
      await first.setViewportSize({ width, height: 860 });
      await first.screenshot({ path: `test-results/screenshots/today-first-sync-${width}.png` });
    }
    await expect(first.getByRole('button', { name: '3,000 new jobs' })).toBeVisible({ timeout: 60_000 });
    await context.close();
  } finally {
    await fresh.stop();
    await slow.close();
  }
});
