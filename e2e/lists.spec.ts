/**
 * The lists, keyboard first: the real browser host with the demo workspace (its simulator serves
 * Ascora's endpoints), in Chromium. Elements are found by role and accessible name.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let page: Page;

async function go(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 800 },
  });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
  // The first sync fills the mirror.
  await go('Jobs');
  await expect(page.getByRole('grid', { name: 'Jobs' }).getByRole('row').nth(3)).toBeVisible({ timeout: 60_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

test('the lists at 960, 1366 and 1920 px', async () => {
  for (const width of [960, 1366, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    for (const screen of ['Jobs', 'Customers', 'Invoices']) {
      await go(screen);
      await expect(page.getByRole('grid', { name: screen }).getByRole('row').nth(3)).toBeVisible();
      await page.screenshot({ path: `/tmp/lists14/${screen.toLowerCase()}-${width}.png` });
    }
  }
  await page.setViewportSize({ width: 1366, height: 800 });
});
