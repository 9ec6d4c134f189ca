import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_API_KEY, startSimulator } from '../sim/server';
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
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
  // The first sync starts by itself: Today fills without a click.
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
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

test('connect with an API key: a wrong key is refused, the right one is tested, saved in the keychain, syncs, and can be replaced after a disconnect', async ({
  page,
}) => {
  // An Ascora account of its own on 127.0.0.1: the simulator answers exactly as Ascora does.
  const ascora = await startSimulator({ port: 0, seed: 11, jobs: 120, customers: 40, invoices: 30 });
  try {
    await page.goto(app.url);
    await page.getByText('Advanced').click();
    await page.getByLabel('Ascora address').fill(ascora.url);
    await page.getByLabel('Ascora API key').fill('not-the-right-key');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('alert')).toContainText('API Settings');

    await page.getByLabel('Ascora API key').fill(DEMO_API_KEY);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByText('Connected: this account has 120 jobs and 40 customers.')).toBeVisible();
    await page.getByRole('button', { name: 'Save and connect' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
    // The key is in the keychain, not in the database file.
    const dbFile = fs.readFileSync(path.join(app.dataDir, 'restoreassist.db'));
    expect(dbFile.includes(Buffer.from(DEMO_API_KEY))).toBe(false);

    // Disconnect but keep the local copy: still readable; a new key brings syncing back.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Disconnect…' }).click();
    await page.getByRole('button', { name: 'Disconnect, keep the local copy' }).click();
    await expect(page.getByText('Ascora is disconnected: nothing is synced.')).toBeVisible();
    await page.getByLabel('Enter an API key to sync again').fill(DEMO_API_KEY);
    await page.getByRole('button', { name: 'Test and save key' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Key saved' })).toBeVisible();
    await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
  } finally {
    await ascora.close();
  }
});

test('the connect screen has no serious accessibility problems', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Connect RestoreAssist Desk to Ascora' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
