/**
 * Issue 14's forms and office time zone in a browser whose language is en-US and whose zone is
 * New York: dates are still typed and shown dd/mm/yyyy, in the office's zone (Settings), and every
 * problem of a form shows beside its field in plain words. Keyboard only where a person would type.
 * Screenshots at 960, 1366 and 1920 px go to test-results/screenshots/ to be looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { dayIn } from '../shared/time';
import { expectNoSeriousA11yProblems, fillDay, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

let app: RunningApp;
let page: Page;
const WIDTHS = [960, 1366, 1920];

async function shoot(name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 860 });
}

async function go(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
  page = await context.newPage();
  await page.goto(app.url);
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

test('the connect form says what is wrong with the key beside it', async () => {
  const key = page.getByLabel('Ascora API key');
  await key.focus();
  await page.keyboard.type('short');
  await page.keyboard.press('Enter');
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await expect(key).toHaveAccessibleDescription('The API key looks too short.');
  await shoot('forms-connect-problem');
  await expectNoSeriousA11yProblems(page, 'Connect, a problem with the key');
  await page.keyboard.type('-and-now-long-enough');
  await expect(key).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
});

test('the office picks its time zone from a searchable list, with the keyboard', async () => {
  await go('Settings');
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await zone.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Perth');
  await expect(page.getByRole('option', { name: /^Australia\/Perth/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Time zone saved.' })).toBeVisible();
  await expect(zone).toHaveValue(/^Australia\/Perth/);
  await shoot('settings-time-zone');
  await expectNoSeriousA11yProblems(page, 'Settings, the office time zone');
});

test('a new customer with problems: all shown at once beside their fields, in plain words', async () => {
  await go('Customers');
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('Company').fill('B'.repeat(190));
  await expect(form.getByText('190/200')).toBeVisible();
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Phone').fill('12');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByLabel('Email')).toHaveAccessibleDescription('Enter a valid email address.');
  await expect(form.getByLabel('Phone')).toHaveAccessibleDescription(/^Enter an Australian phone number/);
  await expect(form).not.toContainText(/Too big|Invalid input|Fields:/);
  await shoot('forms-customer-problems');
  await expectNoSeriousA11yProblems(page, 'Customers, a new customer with problems');
  await form.getByLabel('Email').fill('office@example.com.au');
  await expect(form.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
  // Leaving with the form still unsaved asks first; the person lets it go.
  await go('Invoices');
  await page
    .getByRole('alertdialog', { name: 'Discard unsaved changes?' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeFocused();
});

test("the payment date shows dd/mm/yyyy and the office's today under an en-US browser", async () => {
  await go('Invoices');
  await page.locator('.dt-row').first().click();
  const detail = page.getByRole('complementary', { name: 'Invoice detail' });
  const record = detail.getByRole('form', { name: 'Record a payment' });
  const date = record.getByRole('group', { name: 'Date' });
  const [year, month, day] = dayIn('Australia/Perth', Date.now()).split('-');
  await expect(date).toHaveText(`${day}/${month}/${year}`);
  await record.getByRole('button', { name: 'Record payment' }).click();
  await expect(record.getByLabel('Amount (AUD)')).toHaveAccessibleDescription('A payment must be above zero.');
  await shoot('forms-payment');
  await expectNoSeriousA11yProblems(page, 'Invoices, the payment form');
});

test('the Jobs date filters are typed as dd/mm/yyyy under an en-US browser, and filter by that day', async () => {
  await go('Jobs');
  await fillDay(page, 'Created from', '2099-02-03');
  await expect(page.getByRole('group', { name: 'Created from' })).toHaveText('03/02/2099');
  // No job was created in 2099: the list says so, with a way back.
  await expect(page.getByRole('button', { name: 'Clear search and filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(page.getByRole('group', { name: 'Created from' })).toHaveText('dd/mm/yyyy');
});
