/**
 * The office's workflows, end to end: the real browser host, the real core and SQLite file, an
 * Ascora simulator of this test's own on 127.0.0.1, connected with its API key as an office would
 * (the demo workspace's simulator has no control interface), driven in process as "another
 * Ascora user", in Debian's Chromium. Elements are found by role and accessible name.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '../sim/server';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';
import { connect } from './office';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let page: Page;
let ascora: RunningSimulator;

const SAMPLES = path.resolve('tests/fixtures/reports');

async function go(name: string) {
  // The Sync centre's name carries a count when items need attention ("Sync centre 1 need attention").
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

/** Clicks the top bar's "Sync now" and waits for the run to finish. */
async function syncNow(): Promise<{ status: string; message: string }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/invoke/sync.now'), { timeout: 30_000 }),
    page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click(),
  ]);
  const body = (await response.json()) as { ok: boolean; value: { status: string; message: string } };
  return body.value;
}

const noSeriousA11yProblems = (screen: string) => expectNoSeriousA11yProblems(page, screen);

test.beforeAll(async ({ browser }) => {
  // The demo workspace's data set (seed 7, 2,000 jobs), served by a simulator this test controls.
  ascora = await startSimulator({ port: 0, seed: 7, jobs: 2000 });
  app = await startApp();
  // axe needs a page of an explicit context.
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1400, height: 860 },
  });
  page = await context.newPage();
  await connect(page, app, ascora);
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
  await ascora.close();
});

test('first sync fills the mirror, with progress, and Today shows it', async () => {
  // Connecting starts the first sync by itself; a "Sync now" during it would join that run.
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
  await go('Sync centre');
  await page.getByRole('main').getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sync finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: 'Jobs progress' })).toBeVisible();
  await go('Today');
  // The connection synced by itself first; this run found nothing new, and Today says so.
  await expect(page.getByRole('region', { name: 'Since the last sync' })).toContainText('No new or changed jobs.');
  await expect(page.getByRole('button', { name: /^Over 90 days past due: [\d,]+ invoices?, / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Needs you' })).toContainText('Nothing needs you.');
  await page.screenshot({ path: 'e2e/screenshots/dashboard.png' });
  await noSeriousA11yProblems('Today');
});

test('search for a job, open it, change its status and add a note', async () => {
  const target = ascora.control.state().jobs[5]!;
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();
  await page.getByRole('row').filter({ hasText: target.jobNumber }).click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  await expect(detail.getByText(`Ascora job ${target.jobNumber}`)).toBeVisible();
  await detail.getByRole('button', { name: /New status/ }).click();
  await page.getByRole('option', { name: 'Other…' }).click();
  await detail.getByRole('textbox', { name: 'Other status' }).fill('Drying in progress');
  await detail.getByRole('button', { name: 'Set status' }).click();
  // The job is in Ascora; its new status is kept here (the badge and the box say so).
  await expect(detail.locator('.badge').getByText('To enter in Ascora')).toBeVisible();
  await expect(detail.getByRole('strong').filter({ hasText: 'Only on this computer' })).toBeVisible();
  await detail.getByRole('textbox', { name: 'New note' }).fill('Moisture readings down to 16% WME');
  await detail.getByRole('button', { name: 'Add note' }).click();
  await expect(detail.getByText('Moisture readings down to 16% WME')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/jobs.png' });
  await noSeriousA11yProblems('Jobs');
});

test('create a customer, which reaches Ascora on the next sync', async () => {
  await go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('First name').fill('Grace');
  await form.getByLabel('Last name').fill('Nguyen');
  await form.getByLabel('Email').fill('grace.nguyen@example.com.au');
  await form.getByLabel('Phone', { exact: true }).fill('555');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByLabel('Phone', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/^Enter an Australian phone number/)).toBeVisible();
  await form.getByLabel('Phone', { exact: true }).fill('(02) 9876 5432');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await syncNow();
  const state = ascora.control.state();
  expect(state.customers.filter((c) => c.emailAddress === 'grace.nguyen@example.com.au')).toHaveLength(1);
  await page.screenshot({ path: 'e2e/screenshots/customers.png' });
  await noSeriousA11yProblems('Customers');
});

test('a customer edited here and in Ascora: the person resolves the conflict field by field', async () => {
  const customer = ascora.control.state().customers.find((c) => c.emailAddress === 'grace.nguyen@example.com.au')!;
  await go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill('grace.nguyen');
  await page.getByRole('row').filter({ hasText: 'Grace Nguyen' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  // The panel has loaded the customer before anything is typed (typing into a field still empty would be overwritten).
  await expect(form.getByLabel('Email')).toHaveValue('grace.nguyen@example.com.au');
  await form.getByLabel('Email').fill('grace@mine.example.com.au');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  ascora.control.editCustomer(customer.customerId, { emailAddress: 'grace@theirs.example.com.au' });
  await syncNow();
  const conflict = page.getByRole('group', { name: 'Conflict on Grace Nguyen' });
  await expect(conflict).toBeVisible();
  await conflict.getByRole('radio', { name: 'Keep theirs for email address' }).check();
  await conflict.getByRole('button', { name: 'Resolve conflict' }).click();
  await expect(conflict).toBeHidden();
  await expect(form.getByLabel('Email')).toHaveValue('grace@theirs.example.com.au');
});

test('a report becomes a job while Ascora is down, then syncs with its job number', async () => {
  await go('Report to job');
  await page
    .getByLabel('Import RestoreAssist reports (JSON)')
    .setInputFiles([
      path.join(SAMPLES, 'water-damage-parramatta.json'),
      path.join(SAMPLES, 'storm-brisbane-invalid.json'),
    ]);
  const results = page.getByRole('status', { name: 'Import results' });
  await expect(results).toContainText('water-damage-parramatta.json: imported');
  await expect(results).toContainText('damage_type "hail" is not one of');
  ascora.control.setOffline(true);
  await page.getByRole('button', { name: 'Priya Raman' }).click();
  await expect(page.getByLabel('Job name')).toHaveValue('Water damage – 14 Harris Street, Parramatta');
  await page.screenshot({ path: 'e2e/screenshots/report-to-job.png' });
  await page.getByRole('button', { name: 'Create job' }).click();
  await page.getByRole('button', { name: 'Yes, create the job' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Job saved' })).toBeVisible();
  await noSeriousA11yProblems('Report to job');

  await syncNow();
  await expect(page.getByRole('status').filter({ hasText: /^Offline: \d+ changes? waiting/ })).toBeVisible();
  ascora.control.setOffline(false);
  await syncNow();
  const state = ascora.control.state();
  const created = state.jobs.filter((j) => j.jobDescription.endsWith('[RA:3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11]'));
  expect(created).toHaveLength(1);
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill('Harris Street');
  await expect(page.getByRole('row').filter({ hasText: created[0]!.jobNumber })).toBeVisible();
});

test('record a payment, refused above what remains, and see it reach Ascora', async () => {
  await go('Invoices');
  await page.locator('.dt-row').first().click();
  const detail = page.getByRole('complementary', { name: 'Invoice detail' });
  const heading = detail.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(/^Invoice INV-\d+$/);
  const number = (await heading.textContent())!.replace('Invoice ', '');
  await detail.getByLabel('Amount (AUD)').fill('999999');
  await detail.getByRole('button', { name: 'Record payment' }).click();
  await expect(detail.getByRole('alert')).toContainText('more than what remains');
  await detail.getByLabel('Amount (AUD)').fill('10.50');
  await detail.getByRole('button', { name: 'Record payment' }).click();
  await expect(detail.getByRole('status')).toContainText('Payment saved');
  await page.screenshot({ path: 'e2e/screenshots/invoices.png' });
  await noSeriousA11yProblems('Invoices');
  await syncNow();
  expect(
    ascora.control.state().payments.filter((p) => p.invoiceNumber === number && p.paymentAmount === 10.5),
  ).toHaveLength(1);
  await expect(detail.getByText('In Ascora')).toBeVisible();
});

test('an item Ascora refuses is shown with its message, retried, and the log tells the story', async () => {
  await go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('Company').fill('Refused Pty Ltd');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  ascora.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'The customer could not be saved.',
    times: 1,
  });
  await syncNow();
  await go('Sync centre');
  // On the to-do list by name, with Ascora's reason where it is read; and in the log in the same words.
  const problem = page.getByRole('listitem', { name: 'New customer: Refused Pty Ltd' });
  await expect(problem).toContainText('Ascora said: The customer could not be saved.');
  await page.getByLabel('Show').selectOption('failed');
  const log = page.getByRole('table', { name: 'Sync log' });
  await expect(log.getByRole('row').filter({ hasText: 'New customer: Refused Pty Ltd' }).first()).toContainText(
    'The customer could not be saved.',
  );
  await page.getByLabel('Show').selectOption('partial');
  await expect(log.getByRole('row').filter({ hasText: 'Sync run' }).first()).toContainText('Finished with failures');
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'queued again' })).toContainText('1 failed items');
  await page.getByRole('main').getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sync finished' })).toBeVisible({ timeout: 30_000 });
  expect(ascora.control.state().customers.filter((c) => c.customerName === 'Refused Pty Ltd')).toHaveLength(1);
  await page.screenshot({ path: 'e2e/screenshots/sync-centre.png' });
  await noSeriousA11yProblems('Sync centre');
});

test('settings keep the payment method names', async () => {
  await go('Settings');
  await page.getByLabel('Payment methods').fill('EFT\nCredit Card\nCheque\nCash\nBPAY');
  await page.getByRole('button', { name: 'Save payment methods' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/settings.png' });
  await noSeriousA11yProblems('Settings');
  expect(fs.existsSync(app.dataDir)).toBe(true);
});
