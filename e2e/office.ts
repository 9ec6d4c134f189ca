/**
 * An office connected to an Ascora of the test's own, as a person connects one: the real browser
 * host on a fresh data folder, Chromium, and a simulator started in the test's process (its faults
 * and control in reach), connected with its key under "Advanced", then synced once. With the steps
 * the end-to-end specs take through it: go to a screen, Sync now, Full check now, screenshots.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_API_KEY, startSimulator, type RunningSimulator, type SimulatorOptions } from '../sim/server';
import { skipFirstStart, startApp, type RunningApp } from './app';

export interface Office {
  app: RunningApp;
  page: Page;
  ascora: RunningSimulator;
  /** Goes to a screen by its name in the main navigation. */
  go(name: string): Promise<void>;
  /** The header's "Sync now"; answers the run's summary. */
  syncNow(): Promise<{ status: string; message: string }>;
  /** "Full check now" in the Sync centre: only a full check counts what Ascora no longer has. */
  fullCheck(): Promise<void>;
  /**
   * The screen at each width (a half screen, a laptop, a desktop), light mode, for a person to look
   * at (test-results/screenshots/, not kept); `readme` keeps the 1366 px one in e2e/screenshots/.
   */
  shoot(name: string, options?: { readme?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export const SCREENSHOT_WIDTHS = [960, 1366, 1920];

/** Connects the app to this Ascora as a person does: its address and key under "Advanced". */
export async function connect(page: Page, app: RunningApp, ascora: RunningSimulator): Promise<void> {
  await page.goto(app.url);
  await page.getByText('Advanced').click();
  await page.getByLabel('Ascora address').fill(ascora.url);
  await page.getByLabel('Ascora API key').fill(DEMO_API_KEY);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  // Testing the key against Ascora, then the first screen: seconds on a loaded machine.
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible({ timeout: 30_000 });
  await skipFirstStart(page);
}

export async function openOffice(browser: Browser, simulator: SimulatorOptions = {}): Promise<Office> {
  const ascora = await startSimulator({ port: 0, seed: 7, jobs: 400, ...simulator });
  const app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 860 },
    colorScheme: 'light',
  });
  const page = await context.newPage();

  const go = async (name: string) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
      .click();
  };
  const syncNow = async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/invoke/sync.now'), { timeout: 30_000 }),
      page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click(),
    ]);
    return ((await response.json()) as { value: { status: string; message: string } }).value;
  };
  const fullCheck = async () => {
    await go('Sync centre');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/invoke/sync.now'), { timeout: 60_000 }),
      page.getByRole('button', { name: 'Full check now' }).click(),
    ]);
    await expect(page.getByRole('button', { name: 'Full check now' })).toBeEnabled({ timeout: 60_000 });
  };
  const shoot = async (name: string, { readme = false } = {}) => {
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png` });
    }
    await page.setViewportSize({ width: 1366, height: 860 });
    if (readme) await page.screenshot({ path: `e2e/screenshots/${name}.png` });
  };

  await connect(page, app, ascora);
  await syncNow();

  return {
    app,
    page,
    ascora,
    go,
    syncNow,
    fullCheck,
    shoot,
    async close() {
      await context.close();
      await app.stop();
      await ascora.close();
    },
  };
}
