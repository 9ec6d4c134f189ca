/**
 * Every screen at the window widths an office uses (960 px, the Electron minimum; 1366; 1920), in
 * light and dark: axe finds no problem of any level (WCAG 2.0/2.1 A and AA, best practices), and a
 * screenshot of each is written to e2e/screenshots/screens/ for a person to look at. The Jobs screen
 * is also seen with a job open: below 1280 px the job takes the list's place, from 1280 px both show.
 * The real browser host with the demo workspace, in Chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

const WIDTHS = [960, 1366, 1920];
const THEMES = ['light', 'dark'] as const;
const SCREENS = [
  { key: '1', name: 'today', heading: 'Today' },
  { key: '2', name: 'jobs', heading: 'Jobs' },
  { key: '3', name: 'report-to-job', heading: 'Report to job' },
  { key: '4', name: 'customers', heading: 'Customers' },
  { key: '5', name: 'invoices', heading: 'Invoices' },
  { key: '6', name: 'sync-centre', heading: 'Sync centre' },
  { key: '7', name: 'settings', heading: 'Settings' },
];

let app: RunningApp;
let page: Page;

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({ locale: 'en-AU', timezoneId: 'Australia/Sydney' });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

async function look(name: string, width: number, theme: string) {
  // The screen has settled: nothing still loading.
  await expect(page.getByText(/^Loading/).first()).toBeHidden();
  await page.screenshot({ path: `e2e/screenshots/screens/${name}-${width}-${theme}.png` });
  await expectNoA11yProblems(page, `${name} at ${width} px, ${theme}`);
}

for (const theme of THEMES) {
  for (const width of WIDTHS) {
    test(`every screen at ${width} px, ${theme}`, async () => {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: width === 1920 ? 1080 : width === 1366 ? 768 : 700 });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      for (const screen of SCREENS) {
        await page.locator('body').press(`Alt+${screen.key}`);
        await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
        await look(screen.name, width, theme);
      }

      // A job open: beside the list from 1280 px, in its place below.
      await page.locator('body').press('Alt+2');
      await page.getByRole('row').nth(1).click();
      const panel = page.getByRole('complementary', { name: 'Job detail' });
      await expect(panel.getByRole('heading', { level: 2 })).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
      await expect(page.getByRole('grid', { name: 'Jobs' })).toBeVisible({ visible: width >= 1280 });
      await look('jobs-open', width, theme);
      // The README's: a job open in dark, and the palette finding records (1366 px).
      if (width === 1366 && theme === 'dark') await page.screenshot({ path: 'e2e/screenshots/jobs-dark.png' });
      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
      if (width === 1366 && theme === 'light') {
        await page.keyboard.press('Control+k');
        await page.keyboard.type('george');
        await expect(page.getByRole('group', { name: 'Jobs' }).getByRole('menuitem').first()).toBeVisible();
        await page.keyboard.press('ArrowDown');
        await page.screenshot({ path: 'e2e/screenshots/palette.png' });
        await expectNoA11yProblems(page, 'the command palette');
        await page.keyboard.press('Escape');
      }
    });
  }
}
