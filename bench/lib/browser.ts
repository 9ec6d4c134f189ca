/**
 * The app's page in Debian's Chromium (playwright-core, launched as the end-to-end tests launch
 * it), as an Australian office sees it: its locale and time zone. Both UI cases (10 and 13) open
 * the page through this.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../playwright.config';

export interface OpenApp {
  browser: Browser;
  page: Page;
}

/** Opens `launchUrl` in a fresh headless Chromium; the caller closes `browser`. */
export async function openApp(launchUrl: string, viewport: { width: number; height: number }): Promise<OpenApp> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const context = await browser.newContext({ viewport, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    const page = await context.newPage();
    await page.goto(launchUrl);
    return { browser, page };
  } catch (error) {
    // Nothing of a half-opened browser is left running.
    await browser.close();
    throw error;
  }
}
