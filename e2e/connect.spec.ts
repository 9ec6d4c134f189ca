import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './app';

let app: RunningApp;
test.beforeEach(async () => {
  app = await startApp();
});
test.afterEach(async () => {
  await app.stop();
});

test('a new user with no Ascora account opens the demo workspace', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Connect RestoreAssist Desk to Ascora' })).toBeVisible();
  // The token left the address bar once read.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'e2e/screenshots/connect.png' });

  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
});

test('the API key is masked until the user asks to see it', async ({ page }) => {
  await page.goto(app.url);
  const key = page.getByLabel('Ascora API key');
  await key.fill('abcdef123456');
  await expect(key).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show key' }).click();
  await expect(key).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide key' }).click();
  await expect(key).toHaveAttribute('type', 'password');
});

test('a wrong key is refused with a message that says what to do', async ({ page }) => {
  await page.goto(app.url);
  // The demo simulator refuses any key but its own, exactly as Ascora answers a wrong key.
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const demoUrl = await page.evaluate(async () => {
    const token = sessionStorage.getItem('restoreassist.token');
    const res = await fetch('/api/invoke/integration.list', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
    return ((await res.json()) as { value: { baseUrl: string }[] }).value[0]!.baseUrl;
  });
  const result = await page.evaluate(async (baseUrl) => {
    const token = sessionStorage.getItem('restoreassist.token');
    const res = await fetch('/api/invoke/integration.test', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({ apiKey: 'not-the-right-key', baseUrl }),
    });
    return res.json();
  }, demoUrl);
  expect(result).toMatchObject({ ok: false, error: { code: 'AUTH', message: expect.stringContaining('API Settings') } });
});

test('the connect screen has no serious accessibility problems', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Connect RestoreAssist Desk to Ascora' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
