/**
 * Issue 13, "Sync that runs by itself", in Chromium over the browser host: the demo workspace syncs
 * without a click and the header says how old the data is; Settings' "Leave the demo" names the
 * change that has not reached Ascora and wipes only once the name is typed; leaving reaches Connect,
 * from where the demo can be opened again. The dialog part is done with the keyboard only.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

let app: RunningApp;
test.beforeEach(async () => {
  app = await startApp(['--demo']);
});
test.afterEach(async () => {
  await app.stop();
});

const WIDTHS = [960, 1366, 1920];
/** Looked at, not kept: test-results/ (the README's screenshots are e2e/screenshots/). */
async function shots(page: Page, name: string) {
  const before = page.viewportSize()!;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `test-results/sync-by-itself/${name}-${width}.png` });
  }
  await page.setViewportSize(before);
}

test('the demo syncs by itself, disconnect names the unsent change and asks for the name, and leaving reaches Connect', async ({
  page,
}) => {
  await page.goto(app.url);
  const header = page.getByRole('banner');
  // Nobody clicks Sync now: the app's own sync fills it, and the header says how fresh it is.
  const synced = header.getByText(/^Synced (just now|\d+ minutes? ago)$/);
  await expect(synced).toBeVisible({ timeout: 60_000 });
  await expect(synced).toHaveAttribute('title', /^Last synced \d{2}\/\d{2}\/\d{4}/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shots(page, 'header');

  // A change made here that has not been sent yet (the next scheduled sync is 15 minutes away).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'Customer details' });
  await form.getByLabel('Company').fill('Harbour Strata Pty Ltd');
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // From here on, the keyboard only.
  const settings = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' });
  await settings.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Leave the demo…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Leave the demo workspace' });
  await expect(dialog.getByText('1 change made here has not reached Ascora.')).toBeVisible();
  await expect(dialog.getByRole('listitem')).toHaveText(['New customer: Harbour Strata Pty Ltd']);
  // Cancel has the focus: Enter alone never wipes.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const wipe = dialog.getByRole('button', { name: 'Leave the demo and wipe it' });
  await expect(wipe).toBeDisabled();
  await page.keyboard.press('Shift+Tab');
  await dialog.getByRole('textbox', { name: /type the connection's name/ }).focus();
  await page.keyboard.type('Demo');
  await expect(wipe).toBeDisabled();
  await page.keyboard.type(' workspace');
  await expect(wipe).toBeEnabled();
  await shots(page, 'disconnect-dialog');
  await expectNoSeriousA11yProblems(page, 'Leave the demo');

  // Keep the copy instead: Tab back from the name field to "keep" and press it.
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Leave the demo, keep its copy' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect RestoreAssist Desk to Ascora' })).toBeVisible();
  await shots(page, 'connect-after-leaving');
  await expectNoSeriousA11yProblems(page, 'Connect after leaving the demo');

  // The kept copy is still there to go back to; nothing syncs it, and it says so.
  await page.getByRole('button', { name: '← Back to Demo workspace' }).focus();
  await page.keyboard.press('Enter');
  await expect(header.getByText('Demo workspace is disconnected: nothing is synced.')).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
  await shots(page, 'header-disconnected');

  // Connect again: the demo opens, syncs, and its unsent change goes to its Ascora.
  await page.getByRole('button', { name: 'Connect an Ascora account' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Open demo workspace' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 60_000 });
  await expect(header.getByText(/^Synced just now$/)).toBeVisible({ timeout: 60_000 });
  await expect(header.getByText(/waiting$/)).toHaveCount(0);
});
