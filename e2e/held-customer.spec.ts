/**
 * Issue 19, end to end: a customer created here whose create's answer was lost, tidied in Ascora by
 * another user since ("Street" to "St"), is never created twice: the Sync centre holds it for a
 * person, who compares Ascora's look-alikes and links the right one. The real browser host, core
 * and SQLite file; an Ascora simulator of this test's own. In Debian's Chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RunningSimulator } from '../sim/server';
import { expectNoSeriousA11yProblems } from './app';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
let page: Page;
let ascora: RunningSimulator;

test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
  ({ page, ascora } = office);
});
test.afterAll(async () => {
  await office.close();
});

test('a customer tidied in Ascora after its create’s answer was lost is held, linked from the Sync centre, and in Ascora once', async () => {
  await office.go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('First name').fill('Nadia');
  await form.getByLabel('Last name').fill('Okafor');
  await form.getByLabel('Phone').fill('02 9100 8181');
  await form.getByLabel('Street', { exact: true }).fill('21 Church Street');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // Ascora applies the create and the answer is lost; then another user tidies the street there.
  ascora.control.setFault('POST /Customers/Customer', { kind: 'dropAfterCommit', times: 1 });
  await office.syncNow();
  const theirs = ascora.control.state().customers.find((c) => c.contactLastName === 'Okafor')!;
  ascora.control.editCustomer(theirs.customerId, { streetLine1: '21 Church St' });
  await office.syncNow();

  await office.go('Sync centre');
  const problem = page.getByRole('listitem', { name: 'New customer: Nadia Okafor' });
  await expect(problem).toContainText('Check in Ascora');
  await problem.getByRole('button', { name: 'This is ours: link it…' }).click();
  const candidates = problem.getByRole('list', { name: 'Customers in Ascora that may be Nadia Okafor' });
  await expect(candidates).toContainText('21 Church St');
  await office.shoot('held-customer-link');
  await expectNoSeriousA11yProblems(page, 'Sync centre with a held customer');
  await candidates.getByRole('button', { name: 'Link to Nadia Okafor' }).click();
  await expect(problem).toHaveCount(0);

  await office.syncNow();
  expect(ascora.control.state().customers.filter((c) => c.contactLastName === 'Okafor')).toHaveLength(1);
  await office.go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill('Okafor');
  await expect(page.locator('.dt-row').filter({ hasText: 'Nadia Okafor' })).toHaveCount(1);
});
