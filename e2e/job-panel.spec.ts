/**
 * The job panel and the customer panel, end to end in Chromium over the real browser host, core
 * and SQLite file, connected to an Ascora simulator of this test's own: what a phone call needs
 * (call and mail links, the customer), notes, attachments by the file chooser and by drag and drop
 * (opened and saved as downloads in the browser host, removed), the status pick list, and the
 * customer panel's records and its guard on unsaved edits.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import type { RunningSimulator } from '../sim/server';
import { expectNoSeriousA11yProblems } from './app';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
let page: Page;
let ascora: RunningSimulator;
let target: { jobNumber: string; customerName: string; phone: string; email: string };

/** The first bytes of an iPhone photo: its ftyp box (major brand heic), then the meta box. */
const HEIC = Buffer.from('000000186674797068656963000000006d696631686569630000000f6d657461', 'hex');

async function openJob(jobNumber: string): Promise<Locator> {
  await office.go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();
  await page.getByRole('row').filter({ hasText: jobNumber }).click();
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  await expect(panel.getByText(`Ascora job ${jobNumber}`)).toBeVisible();
  return panel;
}

test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser, { jobs: 200, customers: 60, invoices: 60 });
  ({ page, ascora } = office);
  const state = ascora.control.state();
  // A job whose customer has a phone and an email, and an invoice: what a phone call needs.
  const job = state.jobs.find((j) => {
    const c = state.customers.find((x) => x.customerId === j.siteCustomer?.id);
    return j.siteCustomer && c?.phoneNumber && c.emailAddress && state.invoices.some((i) => i.jobId === j.jobId);
  })!;
  const customer = state.customers.find((c) => c.customerId === job.siteCustomer!.id)!;
  target = {
    jobNumber: job.jobNumber,
    customerName: customer.customerName,
    phone: customer.phoneNumber,
    email: customer.emailAddress,
  };
});
test.afterAll(() => office.close());

test('call and mail links, the job invoices, Open in Ascora, and the customer name opening the customer', async () => {
  const panel = await openJob(target.jobNumber);
  await expect(panel.getByRole('link', { name: `Call ${target.phone}` })).toHaveAttribute(
    'href',
    `tel:${target.phone.replace(/[^\d+]/g, '')}`,
  );
  await expect(panel.getByRole('link', { name: `Email ${target.email}` })).toHaveAttribute(
    'href',
    `mailto:${target.email}`,
  );
  const ascoraLink = panel.getByRole('link', { name: 'Open in Ascora' });
  await expect(ascoraLink).toHaveAttribute('href', 'https://www.ascora.com.au/login');
  await expect(ascoraLink).toHaveAttribute('rel', /noopener/);
  await expect(panel.getByRole('region', { name: 'Invoices and payments' }).getByRole('row')).not.toHaveCount(0);
  await expectNoSeriousA11yProblems(page, 'Job panel');
  await office.shoot('job-panel');

  await panel.getByRole('button', { name: target.customerName, exact: true }).click();
  const customer = page.getByRole('complementary', { name: 'Customer' });
  await expect(customer.getByRole('heading', { name: target.customerName })).toBeVisible();
  await expect(customer.getByRole('link', { name: `Call ${target.phone}` })).toBeVisible();
  const jobs = customer.getByRole('region', { name: /^Jobs \(\d+\)$/ });
  await expect(jobs.getByRole('button', { name: new RegExp(`^${target.jobNumber} · `) })).toBeVisible();
  await expectNoSeriousA11yProblems(page, 'Customer panel');
  await office.shoot('customer-panel');
  // A job of the customer opens the job.
  await jobs.getByRole('button', { name: new RegExp(`^${target.jobNumber} · `) }).click();
  await expect(page.getByRole('complementary', { name: 'Job detail' })).toContainText(`Ascora job ${target.jobNumber}`);
});

test('add, change and delete a note, signed with the name from Settings', async () => {
  await office.go('Settings');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Priya Shah');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const panel = await openJob(target.jobNumber);
  await panel.getByRole('textbox', { name: 'New note' }).fill('Moisture readings down to 16% WME');
  await panel.getByRole('button', { name: 'Add note' }).click();
  // Notes are newest first; while it is changed its text is in the box, so it is found by its author.
  const note = panel.getByRole('region', { name: 'Notes' }).getByRole('listitem').first();
  await expect(note).toContainText('Moisture readings down to 16% WME');
  await expect(note).toContainText('Priya Shah');
  await note.getByRole('button', { name: 'Change note' }).click();
  await note.getByRole('textbox', { name: 'Note' }).fill('Moisture readings down to 14% WME');
  await note.getByRole('button', { name: 'Save note' }).click();
  const changed = panel.getByRole('listitem').filter({ hasText: 'Moisture readings down to 14% WME' });
  await expect(changed).toContainText('(changed ');
  await changed.getByRole('button', { name: 'Delete note' }).click();
  // The confirmation is the shared modal, over the window rather than inside the note.
  await page.getByRole('alertdialog', { name: 'Delete the note' }).getByRole('button', { name: 'Delete note' }).click();
  await expect(changed).toHaveCount(0);
});

test('attach by the file chooser and by drag and drop; open and save a copy (downloads here); remove', async () => {
  const panel = await openJob(target.jobNumber);
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Add attachment…' }).click();
  await (await chooser).setFiles({ name: 'IMG_0042.HEIC', mimeType: '', buffer: HEIC });
  const photo = panel.getByRole('listitem').filter({ hasText: 'IMG_0042.HEIC' });
  await expect(photo).toBeVisible();

  // A text file renamed as a photo: refused, said beside the attachments.
  await panel.getByLabel('Attach files').setInputFiles({
    name: 'site.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('not a photo'),
  });
  await expect(panel.getByRole('region', { name: 'Attachments' }).getByRole('alert')).toHaveText(
    '“site.jpg” cannot be attached: its name says a JPEG photo, but it contains text. Check that you picked the right file.',
  );

  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.7\n%scope\n'], 'scope.pdf', { type: 'application/pdf' }));
    return transfer;
  });
  await panel.dispatchEvent('dragover', { dataTransfer });
  await panel.dispatchEvent('drop', { dataTransfer });
  const pdf = panel.getByRole('listitem').filter({ hasText: 'scope.pdf' });
  await expect(pdf).toBeVisible();
  await pdf.scrollIntoViewIfNeeded();
  await office.shoot('job-panel-attachments');

  // The browser host cannot open the OS viewer: Open downloads the file, as Save a copy does.
  const opened = page.waitForEvent('download');
  await photo.getByRole('button', { name: 'Open IMG_0042.HEIC' }).click();
  const openedFile = await opened;
  expect(openedFile.suggestedFilename()).toBe('IMG_0042.HEIC');
  expect(fs.readFileSync(await openedFile.path()).equals(HEIC)).toBe(true);
  const saved = page.waitForEvent('download');
  await pdf.getByRole('button', { name: 'Save a copy of scope.pdf' }).click();
  expect(fs.readFileSync(await (await saved).path(), 'latin1')).toBe('%PDF-1.7\n%scope\n');

  await pdf.getByRole('button', { name: 'Remove scope.pdf' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove attachment' }).click();
  await expect(pdf).toHaveCount(0);
  await expect(photo).toBeVisible();
});

test('status from the pick list of the statuses in the mirror, or Other… typed in', async () => {
  const panel = await openJob(target.jobNumber);
  await panel.getByRole('button', { name: /New status/ }).click();
  const statuses = [...new Set(ascora.control.state().jobs.map((j) => j.jobStatusText))].filter(Boolean);
  const pickList = page.getByRole('listbox', { name: 'New status' });
  for (const status of statuses)
    await expect(pickList.getByRole('option', { name: status, exact: true })).toBeVisible();
  await pickList.getByRole('option', { name: 'Other…' }).click();
  await panel.getByRole('textbox', { name: 'Other status' }).fill('Drying in progress');
  await panel.getByRole('button', { name: 'Set status' }).click();
  await expect(panel.getByText(/^Drying in progress \(in the app; Ascora: /)).toBeVisible();
  // With the keyboard only: the pick list opens, its statuses are found by typing, Enter picks one.
  await panel.getByRole('button', { name: /New status/ }).focus();
  await page.keyboard.press('Enter');
  await expect(pickList).toBeVisible();
  await page.keyboard.type('Sched');
  await page.keyboard.press('Enter');
  await expect(pickList).toBeHidden();
  // The focus comes back to the picker as the list closes; Tab goes on from there.
  await expect(panel.getByRole('button', { name: /New status/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Set status' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/^Scheduled \(in the app; Ascora: /)).toBeVisible();
});

test('the customer panel asks before unsaved edits are dropped by opening another customer', async () => {
  await office.go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.email);
  await page.getByRole('row').filter({ hasText: target.customerName }).first().click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await expect(form.getByLabel('Email')).toHaveValue(target.email);
  await form.getByLabel('Street line 2').fill('Unit 4');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  const other = page.getByRole('row').filter({ hasNotText: target.customerName }).nth(1);
  await other.click();
  const ask = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(form.getByLabel('Street line 2')).toHaveValue('Unit 4');
  await other.click();
  await page
    .getByRole('alertdialog', { name: 'Discard unsaved changes?' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await expect(page.getByRole('complementary', { name: 'Customer' }).getByRole('heading', { level: 2 })).not.toHaveText(
    target.customerName,
  );
  await office.syncNow();
});
