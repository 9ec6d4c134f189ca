// Walks the main screens in Chromium and saves a screenshot of each (a developer's look, not a test).
import { chromium } from 'playwright-core';
const [url, outDir = '/tmp'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
await page.goto(url);
await page.getByRole('button', { name: 'Sync now' }).first().click();
await page.waitForTimeout(4000);
for (const name of ['Today', 'Jobs', 'Report to job', 'Customers', 'Invoices', 'Sync centre', 'Settings']) {
  await page.getByRole('navigation').getByRole('button', { name }).click();
  await page.waitForTimeout(800);
  if (name === 'Jobs') {
    await page.locator('.vlist-row').nth(2).click();
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: `${outDir}/tour-${name.replace(/ /g, '-').toLowerCase()}.png` });
}
await browser.close();
