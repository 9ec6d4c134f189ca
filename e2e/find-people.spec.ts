/**
 * Issue 20, point 8, in Chromium: finding people. A job is found by its customer's phone however it
 * is typed (spaces or none, +61) and by the customer's email; the Customers list finds a customer
 * by +61; customers sharing a name ("Blue Gum Rentals Pty Ltd", sixteen of them in the demo) show
 * their contact, suburb and phone beside it, in the Customers list and in the palette. Ascora (the
 * simulator) has the customers and the job; elements are found by role and accessible name.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yProblems } from './app';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

const BLUE_GUM = 'Blue Gum Rentals Pty Ltd';
/** The three customers of that name added to Ascora, as each is told apart from the others. */
const TOLD_APART = [
  `${BLUE_GUM} · Sam Lee · Parramatta · 08 7979 6849`,
  `${BLUE_GUM} · Jo Kaur · Glenelg · (08) 8294 1100`,
  `${BLUE_GUM} · Ana Silva · Penrith · 0412 345 678`,
];
const JOB_NAME = 'Burst pipe under the kitchen sink';

let office: Office;
let page: Page;
let jobNumber: string;

test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
  ({ page } = office);
  const { control } = office.ascora;
  const blueGum = (first: string, last: string, fields: Record<string, string>) =>
    control.addCustomer({
      companyName: BLUE_GUM,
      contactFirstName: first,
      contactLastName: last,
      emailAddress: '',
      phoneNumber: '',
      mobileNumber: '',
      streetLine2: '',
      ...fields,
    });
  const sam = blueGum('Sam', 'Lee', {
    emailAddress: 'Sam.Lee@BlueGumRentals.example',
    phoneNumber: '08 7979 6849',
    mobileNumber: '0488 159 134',
    streetLine1: '14 Kent St',
    streetSuburb: 'Parramatta',
    streetState: 'NSW',
    streetPostcode: '2150',
  });
  blueGum('Jo', 'Kaur', {
    phoneNumber: '(08) 8294 1100',
    streetLine1: '2 Jetty Rd',
    streetSuburb: 'Glenelg',
    streetState: 'SA',
    streetPostcode: '5045',
  });
  blueGum('Ana', 'Silva', {
    mobileNumber: '0412 345 678',
    streetLine1: '7 High St',
    streetSuburb: 'Penrith',
    streetState: 'NSW',
    streetPostcode: '2750',
  });
  jobNumber = control.addJob({
    siteCustomer: { id: sam.customerId, name: sam.customerName },
    jobName: JOB_NAME,
  }).jobNumber;
  // A quick sync fetches only the customers new jobs name: the full check brings every new one.
  await office.fullCheck();
});
test.afterAll(async () => {
  await office.close();
});

/** The screen in light and dark at 1366 px, for a person to look at (test-results/, not kept). */
async function shots(name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/find-people/${name}-${colorScheme}-1366.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const rowHeaders = (list: string) => page.getByRole('grid', { name: list }).getByRole('rowheader');

test("Jobs finds a job by its customer's phone, however it is written, and by the customer's email", async () => {
  await office.go('Jobs');
  const search = page.getByRole('searchbox', { name: 'Search' });
  for (const typed of [
    '0488 159 134',
    '0488159134',
    '+61488159134',
    '+61 8 7979 6849',
    '08 7979 6849',
    'sam.lee@bluegumrentals.example',
    'BlueGumRentals',
  ]) {
    await search.fill(typed);
    await expect(page.getByText('1 job', { exact: true }), typed).toBeVisible();
    await expect(rowHeaders('Jobs'), typed).toHaveText([jobNumber]);
    await expect(page.getByRole('grid', { name: 'Jobs' }).getByRole('row').filter({ hasText: JOB_NAME })).toBeVisible();
  }
  await search.fill('+61 488 159 134');
  await expect(rowHeaders('Jobs')).toHaveText([jobNumber]);
  await shots('jobs-by-phone');
  await search.fill('');
});

test('Customers finds a customer by a phone written with +61', async () => {
  await office.go('Customers');
  const search = page.getByRole('searchbox', { name: 'Search' });
  for (const typed of ['+61488159134', '+61 8 7979 6849']) {
    await search.fill(typed);
    await expect(page.getByText('1 customer', { exact: true }), typed).toBeVisible();
    await expect(rowHeaders('Customers'), typed).toHaveText([TOLD_APART[0]!]);
  }
  await search.fill('');
});

test('customers sharing a name show their contact, suburb and phone in the Customers list and the palette', async () => {
  await office.go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill(BLUE_GUM);
  const names = rowHeaders('Customers');
  for (const label of TOLD_APART) await expect(names.filter({ hasText: label })).toHaveCount(1);
  // Every one of that name (the seeded ones too) reads differently from the others.
  const all = await names.allTextContents();
  expect(all.length).toBeGreaterThanOrEqual(3);
  expect(all.every((n) => n.startsWith(`${BLUE_GUM} · `))).toBe(true);
  expect(new Set(all).size).toBe(all.length);
  await shots('customers-told-apart');
  await expectNoSeriousA11yProblems(page, 'Customers sharing a name');

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('textbox', { name: 'Go to a screen, record or action' }).fill(BLUE_GUM);
  const sam = palette
    .getByRole('menuitem', { name: new RegExp(`^${BLUE_GUM}`) })
    .filter({ hasText: 'Sam Lee · Parramatta' });
  await expect(sam).toBeVisible();
  await shots('palette-told-apart');
  // Chosen, it opens that customer.
  await sam.click();
  await expect(page.getByRole('heading', { level: 2, name: BLUE_GUM })).toBeVisible();
  await expect(
    page.getByRole('complementary', { name: 'Customer' }).getByRole('link', { name: 'Call mobile 0488 159 134' }),
  ).toBeVisible();
  await shots('customer-open');
});
