/**
 * Issue 20, "The office's truth on screen", points 5 and 7 in Chromium: a job and a customer another
 * Ascora user deleted are shown by one full check on Today and in the Sync centre, each a way to
 * the records; a refused change is counted the same in the header, the navigation, Today and the
 * Sync centre; offline with nothing to send, the banner says so. Screens shot in light and dark at
 * 1366 px (test-results/screenshots/). The real browser host, core and SQLite file; an Ascora
 * simulator of this test's own.
 */
import { expect, test } from '@playwright/test';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
});
test.afterAll(async () => {
  await office.close();
});

/** The screen at 1366 px in light and in dark, for a person to look at. */
async function shootBoth(name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await office.page.emulateMedia({ colorScheme: scheme });
    await office.page.screenshot({ path: `test-results/screenshots/${name}-1366-${scheme}.png` });
  }
  await office.page.emulateMedia({ colorScheme: 'light' });
}

test('one full check shows what another user deleted on Today and in the Sync centre, each a way to the records', async () => {
  const { page, ascora, go } = office;
  const job = ascora.control.state().jobs[5]!;
  const customer = ascora.control.state().customers.find((c) => c.customerName.length > 3)!;
  ascora.control.deleteJob(job.jobId);
  ascora.control.deleteCustomer(customer.customerId);
  await office.fullCheck();

  await expect(page.getByRole('heading', { name: 'No longer in Ascora' })).toBeVisible();
  await expect(page.getByRole('button', { name: '1 job', exact: true })).toBeVisible();
  await shootBoth('sync-centre-no-longer-in-ascora');
  await page.getByRole('button', { name: '1 job', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  // The list opens filtered to them: its "Sync" filter says so, and it holds that job alone.
  await expect(page.getByLabel('Sync', { exact: true })).toHaveValue('missing');
  await expect(page.getByRole('row').filter({ hasText: job.jobNumber })).toHaveCount(1);

  await go('Today');
  const card = page.getByRole('region', { name: 'No longer in Ascora' });
  await expect(card.getByRole('button', { name: '1 job', exact: true })).toBeVisible();
  await shootBoth('today-no-longer-in-ascora');
  await card.getByRole('button', { name: '1 customer', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.getByLabel('Sync', { exact: true })).toHaveValue('missing');
  await expect(page.getByRole('row').filter({ hasText: customer.customerName })).toHaveCount(1);
});

test('a refused change is counted the same in the header, the navigation, Today and the Sync centre', async () => {
  const { page, ascora, go } = office;
  ascora.control.setFault('POST /Customers/Customer', {
    kind: 'reject',
    status: 400,
    message: 'A customer with this ABN already exists.',
    times: 1,
  });
  await go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('Company').fill('Harbour Strata Pty Ltd');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await office.syncNow();

  const header = page.getByRole('banner');
  await expect(header.getByRole('button', { name: '1 need attention' })).toBeVisible();
  await expect(header).toContainText(/Synced just now · 1 need attention/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Sync centre 1 need attention$/ }),
  ).toBeVisible();
  await go('Today');
  await expect(page.getByRole('region', { name: 'Needs you' })).toContainText('1 need attention:');
  await shootBoth('today-needs-attention');
  await header.getByRole('button', { name: '1 need attention' }).click();
  await expect(page.getByRole('heading', { name: 'Needs attention (1)' })).toBeVisible();
  await expect(page.getByText(/0 waiting to send · 1 need attention/)).toBeVisible();
  await shootBoth('sync-centre-needs-attention');
});

test('offline with nothing to send, the banner says so, not "0 changes waiting"', async () => {
  const { page, ascora } = office;
  await ascora.control.setRefuseConnections(true);
  try {
    await office.syncNow();
    await expect(page.getByRole('status').filter({ hasText: 'Offline. Nothing is waiting to be sent.' })).toBeVisible();
    await expect(page.getByText(/0 changes waiting/)).toHaveCount(0);
    await shootBoth('offline-nothing-waiting');
  } finally {
    await ascora.control.setRefuseConnections(false);
  }
});
