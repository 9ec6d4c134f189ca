/**
 * Issue 20, point 2, in Chromium over the browser host: a job in the demo gets a status, a note and
 * an attachment, all kept only on this computer (Ascora's API has no place for them), so nothing
 * waits to be sent. "Leave the demo" must not say every change is in Ascora: it names that work,
 * exports it first on request (a CSV with the job's number and name, and the attachment file, in a
 * folder a wipe leaves), and only then is it wiped. The dialog is worked with the keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { addNote, expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';
import { SCREENSHOT_WIDTHS } from './office';

let app: RunningApp;
test.beforeEach(async () => {
  app = await startApp(['--demo']);
});
test.afterEach(async () => {
  await app.stop();
});

const SCOPE = Buffer.from('%PDF-1.7\n%scope of works, signed\n');

/** The dialog in light and dark at each width, for a person to look at (test-results/, not kept). */
async function shots(page: Page, name: string) {
  const before = page.viewportSize()!;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({ path: `test-results/wipe-local-only/${name}-${colorScheme}-${width}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(before);
}

test('leaving the demo names the status, note and attachment kept only here, exports them, then wipes', async ({
  page,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
  const nav = page.getByRole('navigation', { name: 'Main' });

  // A job of the demo's Ascora, given a status, a note and an attachment here.
  await nav.getByRole('button', { name: 'Jobs' }).click();
  await page.getByRole('main').getByRole('row').nth(1).click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  const numbered = detail.getByText(/^Ascora job \S+$/);
  await expect(numbered).toBeVisible();
  const jobNumber = (await numbered.textContent())!.replace('Ascora job ', '');
  await detail.getByRole('button', { name: /New status/ }).click();
  await page.getByRole('option', { name: 'Other…' }).click();
  await detail.getByRole('textbox', { name: 'Other status' }).fill('Drying in progress');
  await detail.getByRole('button', { name: 'Set status' }).click();
  await addNote(detail, 'Key with the neighbour at no. 16');
  await detail
    .getByLabel('Attach files')
    .setInputFiles({ name: 'scope.pdf', mimeType: 'application/pdf', buffer: SCOPE });
  await expect(detail.getByRole('listitem').filter({ hasText: 'scope.pdf' })).toBeVisible();

  // From here on, the keyboard only.
  await nav.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Leave the demo…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Leave the demo workspace' });
  const kept = dialog.getByRole('list', { name: 'Kept only on this computer' });
  await expect(kept.getByRole('listitem')).toHaveText([
    new RegExp(`^Job ${jobNumber}: .+: status “Drying in progress”, 1 note, 1 attachment$`),
  ]);
  await expect(dialog.getByText('Kept only on this computer: 1 job status, 1 note and 1 attachment.')).toBeVisible();
  await expect(dialog.getByText('Nothing is waiting to be sent to Ascora.')).toBeVisible();
  await expect(dialog.getByText(/Every change made here is in Ascora/)).toHaveCount(0);
  await expect(dialog.getByRole('textbox', { name: /and lose the changes above/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shots(page, 'dialog');
  await expectNoSeriousA11yProblems(page, 'Leave the demo, work kept only here');

  // Export first: a folder under the data folder's exports/, named in the dialog.
  await dialog.getByRole('button', { name: 'Export them first' }).focus();
  await page.keyboard.press('Enter');
  const exported = dialog.getByRole('status', { name: 'Export' });
  await expect(exported).toContainText('Exported 2 files (a CSV of the statuses and notes, and the attachments) to');
  const folder = (await exported.getByRole('code').textContent())!;
  expect(path.dirname(folder)).toBe(path.join(app.dataDir, 'exports'));
  await shots(page, 'dialog-exported');

  const csv = fs.readFileSync(path.join(folder, 'kept-only-on-this-computer.csv'), 'utf8');
  expect(csv).toContain(`${jobNumber},`);
  expect(csv).toContain(',Status,Drying in progress (Ascora: ');
  expect(csv).toContain(',Note,Key with the neighbour at no. 16,');
  expect(csv).toContain(`,Attachment,scope.pdf,,`);
  const copy = path.join(folder, 'attachments', `Job ${jobNumber}`, 'scope.pdf');
  expect(fs.readFileSync(copy)).toEqual(SCOPE);

  // Then the wipe, with the name typed; the export is still there after it.
  await dialog.getByRole('textbox', { name: /type the connection's name/ }).focus();
  await page.keyboard.type('Demo workspace');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Leave the demo and wipe it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect RestoreAssist Desk to Ascora' })).toBeVisible();
  expect(fs.readFileSync(copy)).toEqual(SCOPE);
  // The last connection wiped: its attachments, under a key now renewed, went with the folder.
  expect(fs.existsSync(path.join(app.dataDir, 'attachments'))).toBe(false);
});
