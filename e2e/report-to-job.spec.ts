/**
 * Issue 13, report to job end to end: a report imported, its job made (waiting to be sent, never
 * "Unknown"), sent with Sync now; the report then names the Ascora job number, its preview is
 * read-only and says why, and "Open the job" opens that job in Jobs; importing the report again
 * says it is already here. The real browser host, core and SQLite file; an Ascora of the test's own.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { expectNoSeriousA11yProblems } from './app';
import { openOffice, type Office } from './office';

const FILE = 'water-damage-parramatta.json';
const REPORT = path.resolve('tests/fixtures/reports', FILE);
const MARKER = '[RA:3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11]';

let office: Office;
test.beforeAll(async ({ browser }) => {
  office = await openOffice(browser);
});
test.afterAll(async () => {
  await office.close();
});

test('a report becomes a job: waiting, then its Ascora number, a read-only preview, and a link to the job', async () => {
  const { page, ascora, go } = office;
  await go('Report to job');
  await page.getByLabel('Import RestoreAssist reports (JSON)').setInputFiles([REPORT]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText(`${FILE}: imported`);
  await page.getByRole('button', { name: 'Priya Raman' }).click();
  const preview = page.getByLabel('Job preview');
  await preview.getByRole('button', { name: 'Create job' }).click();
  await preview.getByRole('button', { name: 'Yes, create the job' }).click();
  const made = preview.getByRole('status', { name: 'Job from this report' });
  await expect(made).toContainText('A job was made from this report: Waiting to send.');
  const reportRow = page.getByRole('row').filter({ hasText: 'Priya Raman' });
  await expect(reportRow).toContainText('Waiting to send');

  // The Jobs list and the job's panel say where it stands, not "Unknown".
  await made.getByRole('button', { name: 'Open the job' }).click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  await expect(detail.locator('dd').first()).toHaveText('Waiting to send');
  await page.getByRole('searchbox', { name: 'Search' }).fill('Harris Street');
  const jobRow = page.getByRole('row').filter({ hasText: 'Harris Street' }).first();
  await expect(jobRow).toContainText('Waiting to send');
  await expect(jobRow).not.toContainText('Unknown');

  await office.syncNow();
  const job = ascora.control.state().jobs.find((j) => j.jobDescription.endsWith(MARKER))!;
  await go('Report to job');
  await page.getByRole('button', { name: 'Priya Raman' }).click();
  await expect(made).toContainText(`Ascora job ${job.jobNumber} was made from this report.`);
  await expect(made).toContainText('The preview below is read-only');
  await expect(reportRow).toContainText(`Ascora job ${job.jobNumber}`);
  await expect(preview.getByLabel('Job name')).not.toBeEditable();
  await expect(preview.getByRole('button', { name: 'Create job' })).toBeHidden();
  await expect(preview.getByRole('button', { name: 'Edit report' })).toBeHidden();
  await office.shoot('report-to-job-made');
  await expectNoSeriousA11yProblems(page, 'Report to job, a job made');

  await made.getByRole('button', { name: 'Open the job' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await expect(detail.getByText(`Ascora job ${job.jobNumber}`)).toBeVisible();
  expect(ascora.control.state().jobs.filter((j) => j.jobDescription.endsWith(MARKER))).toHaveLength(1);
});

test('importing the same report again says it is already here, and makes no second one', async () => {
  const { page, go } = office;
  await go('Report to job');
  await page.getByLabel('Import RestoreAssist reports (JSON)').setInputFiles([REPORT]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText(
    `${FILE}: already here, nothing changed`,
  );
  await expect(page.getByRole('row').filter({ hasText: 'Priya Raman' })).toHaveCount(1);
  await office.shoot('report-import-already-here');
});
