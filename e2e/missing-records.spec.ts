/**
 * Issue 13: a record Ascora no longer has (deleted by another Ascora user; two full checks and a
 * direct look-up confirm it) is said to be so where it is, and is put right from there: a customer
 * is kept on this computer and then created again in Ascora; a job is removed after a confirmation
 * that says what is lost, with the keyboard only; the Sync centre's log finds the line by search and
 * filter. The real browser host, core and SQLite file; an Ascora simulator of this test's own.
 */
import { expect, test } from '@playwright/test';
import { addNote, expectNoSeriousA11yProblems } from './app';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
});
test.afterAll(async () => {
  await office.close();
});

test('a customer Ascora no longer has is kept here, then created again in Ascora, once', async () => {
  const { page, ascora, go } = office;
  const target = ascora.control.state().customers.find((c) => c.emailAddress && c.customerName.length > 3)!;
  ascora.control.deleteCustomer(target.customerId);
  await office.fullCheck();
  await office.fullCheck();
  await go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.emailAddress);
  await page.getByRole('row').filter({ hasText: target.customerName }).first().click();
  const panel = page.getByRole('complementary', { name: 'Customer' });
  const missing = panel.getByLabel('No longer in Ascora');
  await expect(missing).toContainText(`Ascora no longer has ${target.customerName}`);
  await office.shoot('missing-customer');
  await expectNoSeriousA11yProblems(page, 'Customers, a customer no longer in Ascora');

  await missing.getByRole('button', { name: 'Keep a local copy' }).click();
  await expect(missing).toContainText('Kept only on this computer.');
  await expect(panel.locator('.badge').getByText('No longer in Ascora, kept here')).toBeVisible();
  await office.shoot('missing-customer-kept');

  await missing.getByRole('button', { name: 'Create it again in Ascora' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Create ${target.customerName} again in Ascora` });
  await expect(confirm).toContainText('sent to Ascora as a new customer with the next sync');
  await confirm.getByRole('button', { name: 'Create it in Ascora' }).click();
  await expect(missing).toBeHidden();
  await expect(panel.locator('.badge').getByText('Waiting to send')).toBeVisible();
  await office.syncNow();
  await expect(panel.locator('.badge').getByText('In Ascora')).toBeVisible();
  expect(ascora.control.state().customers.filter((c) => c.emailAddress === target.emailAddress)).toHaveLength(1);
});

test('a job Ascora no longer has is removed with the keyboard after a confirmation, and the log finds it', async () => {
  const { page, ascora, go } = office;
  const target = ascora.control.state().jobs[11]!;
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.jobNumber);
  await page.getByRole('row').filter({ hasText: target.jobNumber }).first().click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  await addNote(detail, 'Insurer rang about the drying plan');
  ascora.control.deleteJob(target.jobId);
  await office.fullCheck();
  await office.fullCheck();
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.jobNumber);
  await page.getByRole('row').filter({ hasText: target.jobNumber }).first().click();
  const missing = detail.getByLabel('No longer in Ascora');
  await expect(missing).toContainText(`Ascora no longer has Job ${target.jobNumber}`);
  await expect(missing.getByRole('button', { name: /Create it again/ })).toBeHidden();

  // Keyboard only: from "Keep a local copy", Tab to "Remove it…", Enter; the way back has the focus.
  await missing.getByRole('button', { name: 'Keep a local copy' }).focus();
  await page.keyboard.press('Tab');
  await expect(missing.getByRole('button', { name: 'Remove it…' })).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: `Remove Job ${target.jobNumber}` });
  await expect(confirm).toContainText('Everything kept here about it is lost: 1 note');
  await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await office.shoot('missing-job-remove');
  await page.keyboard.press('Shift+Tab');
  await expect(confirm.getByRole('button', { name: 'Remove it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(detail).toBeHidden();
  // No job row names it (the empty state, a row of its own, quotes the search).
  await expect(page.getByRole('rowheader', { name: target.jobNumber, exact: true })).toHaveCount(0);

  await go('Sync centre');
  await page.getByLabel('Search the log').fill(`Job ${target.jobNumber}`);
  const log = page.getByRole('table', { name: 'Sync log' });
  await expect(log.getByRole('row')).toHaveCount(2);
  await expect(log).toContainText(
    `Job ${target.jobNumber} (no longer in Ascora) removed from this computer, with 1 note.`,
  );
  await page.getByLabel('About').selectOption('Sync runs');
  await expect(page.getByText('No log entries match.')).toBeVisible();
  await page.getByLabel('Search the log').fill('');
  await expect(log.getByRole('row').filter({ hasText: 'Sync run: full check' }).first()).toBeVisible();
  await office.shoot('sync-centre-log-search');
  await expectNoSeriousA11yProblems(page, 'Sync centre, the log filtered');
});
