/**
 * What a bad Ascora answer or a file named as a program reaches in the window (issue 22), end to
 * end over the real browser host, core and SQLite file, with an Ascora simulator of this test's own:
 * a right-to-left override in a job's name is shown and exported without it, an email with extra
 * headers is not a mail link, and an attachment named Invoice-April.bat holding text is downloaded
 * as Invoice-April.txt.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { openOffice, type Office } from './office';

test.describe.configure({ mode: 'serial' });

let office: Office;
let page: Page;
let target: { jobNumber: string; email: string };

const RLO = '\u202E';

test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser, { jobs: 30, customers: 10, invoices: 5 });
  page = office.page;
  const state = office.ascora.control.state();
  const job = state.jobs.find((j) => j.siteCustomer)!;
  const email = 'jo@example.com?bcc=them@elsewhere.example&attach=C:\\Users\\office\\invoices.xlsx';
  office.ascora.control.editJob(job.jobId, { jobName: `In Progress${RLO}gnp.exe` });
  office.ascora.control.editCustomer(job.siteCustomer!.id, { emailAddress: email });
  // A full check: an ordinary sync reads only recent jobs again.
  await office.fullCheck();
  target = { jobNumber: job.jobNumber, email };
});
test.afterAll(() => office.close());

async function openJob() {
  await office.go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(target.jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: target.jobNumber });
  await expect(row).toContainText('In Progressgnp.exe');
  expect(await row.textContent()).not.toContain(RLO);
  await row.click();
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(`${target.jobNumber} · In Progressgnp.exe`);
  return panel;
}

test("a right-to-left override in Ascora's text is shown and exported without it", async () => {
  await openJob();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text).toContain(`${target.jobNumber},In Progressgnp.exe,`);
  expect(text).not.toContain(RLO);
});

test('an email with extra headers is shown as text, not a mail link', async () => {
  const panel = await openJob();
  const contact = panel.getByRole('region', { name: 'Customer contact' });
  await expect(contact.getByText(`Email (not a single valid address): ${target.email}`)).toBeVisible();
  await expect(contact.locator('a[href^="mailto:"]')).toHaveCount(0);
});

test('an attachment named Invoice-April.bat holding text is shown and downloaded as Invoice-April.txt', async () => {
  const panel = await openJob();
  await panel.getByLabel('Attach files').setInputFiles({
    name: 'Invoice-April.bat',
    mimeType: 'application/x-msdos-program',
    buffer: Buffer.from('@echo off\r\ndel /q C:\\*\r\n'),
  });
  const attachment = panel.getByRole('listitem').filter({ hasText: 'Invoice-April.txt' });
  await expect(attachment).toBeVisible();
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    attachment.getByRole('button', { name: 'Save a copy of Invoice-April.txt' }).click(),
  ]);
  expect(saved.suggestedFilename()).toBe('Invoice-April.txt');
});
