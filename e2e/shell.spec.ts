/**
 * The shell, by keyboard only (issue 14): the skip link, the command palette to a job, Escape and
 * where the focus goes back to, the shortcuts and their sheet, a screen's search kept while away;
 * and the theme, which follows the OS until the person picks one in Settings (kept across a reload).
 * The real browser host with the demo workspace, in Chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app.stop();
});

async function openDemo(page: Page) {
  await page.goto(app.url);
  const demo = page.getByRole('button', { name: 'Open demo workspace' });
  // A second page finds the workspace open already.
  await expect(demo.or(page.getByRole('heading', { level: 1, name: 'Today' }))).toBeVisible();
  if (await demo.isVisible()) await demo.click();
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
}

test('keyboard only: skip link, palette to a job, Escape closes it, focus comes back', async ({ page }) => {
  await openDemo(page);
  await page.locator('body').focus();

  // The first Tab stop is the skip link; it takes the focus past the sidebar to the screen's heading.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeFocused();

  // Alt+2 goes to Jobs; its heading has the focus. The job number to look for is read off the list.
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeFocused();
  const firstRow = page.getByRole('row').nth(1);
  await expect(firstRow).toBeVisible();
  const jobNumber = (await firstRow.textContent())!.match(/J\d+/)![0];

  // Ctrl+K, type the number, Enter: the job opens in its panel, which has the focus.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('textbox', { name: 'Go to a screen, record or action' })).toBeFocused();
  await page.keyboard.type(jobNumber);
  const item = palette.getByRole('menuitem', { name: new RegExp(`^${jobNumber} · `) });
  await expect(item).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(palette.getByRole('textbox', { name: 'Go to a screen, record or action' })).toHaveAttribute(
    'aria-activedescendant',
    (await item.getAttribute('id'))!,
  );
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  await expect(panel.getByRole('heading', { name: new RegExp(`^${jobNumber} · `) })).toBeVisible();
  await expect(panel).toBeFocused();

  // Escape closes the panel; the palette that opened it is gone, so the focus is on the screen's heading.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeFocused();

  // "/" searches on this screen.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type(jobNumber);
  // One-key shortcuts are text while typing: "g" and "?" went into the box, nothing else happened.
  await page.keyboard.type('g?');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(`${jobNumber}g?`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();
  // The row itself (the list's own keys are the list's business): the panel it opens gives the focus back to it.
  const row = page.getByRole('row').filter({ hasText: jobNumber });
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(panel).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(row).toBeFocused();

  // The palette closes with Escape, and the focus goes back to where it was.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(row).toBeFocused();

  // "?" lists the shortcuts; Escape closes the sheet.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row', { name: /Command palette/ })).toBeVisible();
  await expectNoSeriousA11yProblems(page, 'Shortcuts sheet');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // The search is kept while away: "g then c" to Customers and Alt+2 back.
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeFocused();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();

  // Actions from the palette: "Show keyboard shortcuts".
  await page.keyboard.press('Control+k');
  await page.keyboard.type('shortcuts');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
});

test('the theme follows the OS until one is picked in Settings, and the pick is kept', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', locale: 'en-AU' });
  const page = await context.newPage();
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await openDemo(page);
  expect(await theme()).toBe('dark');
  // The OS changes: the window follows at once.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');

  // Settings, by keyboard: Alt+7, then the "Dark" radio.
  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  // The first stop after the heading is the theme choice; the arrows move the choice (System, Light, Dark).
  await expect(page.getByRole('radio', { name: 'Dark', exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: /^Same as this computer/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Dark', exact: true })).toBeChecked();
  await expect.poll(theme).toBe('dark');
  await expectNoSeriousA11yProblems(page, 'Settings, dark');

  // Kept: after a reload with a light OS, still dark.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect.poll(theme).toBe('dark');

  // Back to "Same as this computer": light again, and following the OS.
  await page.keyboard.press('Alt+7');
  await page.getByRole('radio', { name: /^Same as this computer/ }).check();
  await expect.poll(theme).toBe('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');

  // The palette's "Toggle light and dark" picks the other one.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('toggle');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(theme).toBe('light');
  await expect(page.getByRole('radio', { name: 'Light', exact: true })).toBeChecked();
  await context.close();
});
