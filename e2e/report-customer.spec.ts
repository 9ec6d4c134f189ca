/**
 * Issue 20, point 1, in Chromium: a report's job goes to an existing customer only on a match an
 * office would accept. Ascora has a Priya Raman in Tuggeranong with another email (the Parramatta
 * sample's namesake) and two Tom O'Briens, one in Tuggeranong and one in Hobart with the Hobart
 * sample's phone written as +61. The namesake is offered with what differs and New customer stays
 * chosen; the Hobart Tom is chosen. The choosing is done with the keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { expectNoSeriousA11yProblems } from './app';
import { openOffice, SCREENSHOT_WIDTHS, type Office } from './office';

const SAMPLES = path.resolve('tests/fixtures/reports');

let office: Office;
test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
  const { ascora } = office;
  const person = (first: string, last: string, fields: Record<string, string>) =>
    ascora.control.addCustomer({
      customerName: `${first} ${last}`,
      companyName: '',
      contactFirstName: first,
      contactLastName: last,
      emailAddress: '',
      phoneNumber: '',
      mobileNumber: '',
      streetLine2: '',
      ...fields,
    });
  person('Priya', 'Raman', {
    emailAddress: 'priya.r@example.net',
    phoneNumber: '02 6293 1111',
    streetLine1: '9 Anketell St',
    streetSuburb: 'Tuggeranong',
    streetState: 'ACT',
    streetPostcode: '2900',
  });
  person('Tom', "O'Brien", {
    phoneNumber: '02 6293 4455',
    streetLine1: '3 Reed St',
    streetSuburb: 'Tuggeranong',
    streetState: 'ACT',
    streetPostcode: '2900',
  });
  person('Tom', "O'Brien", {
    phoneNumber: '+61 3 6231 0099',
    streetLine1: '3/27 Elizabeth Street',
    streetSuburb: 'Hobart',
    streetState: 'TAS',
    streetPostcode: '7000',
  });
  // A quick sync fetches only the customers new jobs name: the full check brings every new one.
  await office.fullCheck();
});
test.afterAll(async () => {
  await office.close();
});

/** The screen in light and dark at each width, for a person to look at (test-results/, not kept). */
async function shots(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({
        path: `test-results/report-customer/${name}-${colorScheme}-${width}.png`,
        fullPage: true,
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 860 });
}

async function importAndOpen(file: string, client: string) {
  const { page, go } = office;
  await go('Report to job');
  await page.getByLabel('Import RestoreAssist reports (JSON)').setInputFiles([path.join(SAMPLES, file)]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText(`${file}: imported`);
  await page.getByRole('button', { name: client, exact: true }).focus();
  await page.keyboard.press('Enter');
  const preview = page.getByLabel('Job preview');
  await expect(preview.getByLabel('Job name')).toBeVisible();
  return preview;
}

test('a namesake in another suburb with another email is offered with what differs, and New customer stays chosen', async () => {
  const { page } = office;
  const preview = await importAndOpen('water-damage-parramatta.json', 'Priya Raman');
  const site = preview.getByRole('region', { name: 'Site customer' });
  const namesake = site.getByRole('radio', { name: /^Existing: Priya Raman · priya\.r@example\.net · Tuggeranong$/ });
  await expect(namesake).not.toBeChecked();
  await expect(namesake).toHaveAccessibleDescription(
    /^Not sure it is the same customer\. Different email: priya\.r@example\.net \(the report has priya\.raman@example\.com\.au\)\. Different phone: 02 6293 1111 \(the report has 0412 345 678\)\. Different suburb: Tuggeranong \(the report has Parramatta\)\.$/,
  );
  await expect(site.getByRole('radio', { name: 'New customer' })).toBeChecked();
  await expect(site).toContainText('none was chosen');
  // The new customer's form is what "Create job" would send: the report's person.
  await expect(site.getByLabel('Email')).toHaveValue('priya.raman@example.com.au');
  await shots(page, 'namesake');
  await expectNoSeriousA11yProblems(page, 'Report to job, a namesake');

  // The person may still choose the namesake, with the keyboard: the arrow keys move the choice.
  await site.getByRole('radio', { name: 'New customer' }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(namesake).toBeChecked();
  await expect(site.getByLabel('Email')).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(site.getByRole('radio', { name: 'New customer' })).toBeChecked();
});

test("the Hobart report chooses the Hobart Tom O'Brien by his phone written as +61, not the Tuggeranong one", async () => {
  const { page } = office;
  const preview = await importAndOpen('mould-hobart.json', "Tom O'Brien");
  const site = preview.getByRole('region', { name: 'Site customer' });
  const hobart = site.getByRole('radio', { name: /^Existing: Tom O'Brien · Hobart · \+61 3 6231 0099$/ });
  const tuggeranong = site.getByRole('radio', { name: /^Existing: Tom O'Brien · Tuggeranong · 02 6293 4455$/ });
  await expect(hobart).toBeChecked();
  await expect(hobart).toHaveAccessibleDescription('The same name, phone and suburb as the report.');
  await expect(tuggeranong).not.toBeChecked();
  await expect(tuggeranong).toHaveAccessibleDescription(
    /Different phone: 02 6293 4455 .*Different suburb: Tuggeranong/,
  );
  await expect(site.getByRole('radio', { name: 'New customer' })).not.toBeChecked();
  await shots(page, 'same-phone');

  // Made with the keyboard: the job names the Hobart customer in Ascora.
  await preview.getByRole('button', { name: 'Create job' }).focus();
  await page.keyboard.press('Enter');
  await preview.getByRole('button', { name: 'Yes, create the job' }).focus();
  await page.keyboard.press('Enter');
  await expect(preview.getByRole('status', { name: 'Job from this report' })).toContainText('Waiting to send');
  await office.syncNow();
  const state = office.ascora.control.state();
  const job = state.jobs.find((j) => j.jobDescription.includes('[RA:'))!;
  const customer = state.customers.find((c) => c.customerId === job.siteCustomer?.id);
  expect(customer?.streetSuburb).toBe('Hobart');
});
