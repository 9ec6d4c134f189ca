/**
 * Steps the Today and job panel specs share: a page connected to the test's own simulator as an
 * office would (its address and key under Advanced), moving between screens, "Sync now", and
 * screenshots at the widths people use, for a person to look at (test-results/screenshots/).
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_API_KEY, startSimulator, type RunningSimulator, type SimulatorOptions } from '../sim/server';
import { startApp, type RunningApp } from './app';

export const WIDTHS = [960, 1366, 1920];

export async function connectedPage(browser: Browser, app: RunningApp, ascora: RunningSimulator): Promise<Page> {
  // axe needs a page of an explicit context.
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 860 },
    colorScheme: 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByText('Advanced').click();
  await page.getByLabel('Ascora address').fill(ascora.url);
  await page.getByLabel('Ascora API key').fill(DEMO_API_KEY);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  return page;
}

export interface Office {
  ascora: RunningSimulator;
  app: RunningApp;
  page: Page;
  close(): Promise<void>;
}

/** The simulator, the app on a fresh data folder, and a page connected to it, with its first sync done. */
export async function openOffice(browser: Browser, simulator: SimulatorOptions): Promise<Office> {
  const ascora = await startSimulator({ port: 0, seed: 7, ...simulator });
  const app = await startApp();
  const page = await connectedPage(browser, app, ascora);
  // The first sync starts by itself once connected.
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
  return {
    ascora,
    app,
    page,
    async close() {
      await page.context().close();
      await app.stop();
      await ascora.close();
    },
  };
}

export async function go(page: Page, name: string): Promise<void> {
  // The Sync centre's name carries a count when items need attention ("Sync centre 1 need attention").
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

/** Clicks the top bar's "Sync now" and waits for the run to finish. */
export async function syncNow(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/invoke/sync.now'), { timeout: 60_000 }),
    page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click(),
  ]);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 60_000 });
}

export async function shoot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 1920 ? 1080 : 860 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1366, height: 860 });
}
