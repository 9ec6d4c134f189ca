/**
 * Smoke test of the packaged shape of the app: Electron starts the core and the window, the window
 * shows Today of the demo workspace, and the tray's "Sync now" (pressed through the main
 * process, as a click on the menu would) runs a sync that the window then shows.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type SmokeHooks = {
  refreshTray(): Promise<void>;
  trayMenuLabels(): string[];
  clickTrayItem(label: string): void;
};

let app: ElectronApplication;
let userData: string;

test.beforeAll(async () => {
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'restoreassist-electron-'));
  app = await electron.launch({
    args: ['.'],
    env: { ...process.env, RESTOREASSIST_E2E: '1', RESTOREASSIST_USER_DATA: userData },
  });
});

test.afterAll(async () => {
  await app?.close();
  fs.rmSync(userData, { recursive: true, force: true });
});

test('launches, shows Today, and the tray syncs', async () => {
  const window = await app.firstWindow();
  expect(await window.evaluate(() => location.protocol)).toBe('app:');
  // The page has no Node: the preload gives it one frozen object and nothing else.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(
    await window.evaluate(() => Object.isFrozen((globalThis as unknown as { restoreAssist: object }).restoreAssist)),
  ).toBe(true);

  await window.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(window.getByRole('heading', { name: 'Today' })).toBeVisible();

  const labels = await app.evaluate(async () => {
    const hooks = (globalThis as unknown as { restoreAssistSmokeTest: SmokeHooks }).restoreAssistSmokeTest;
    await hooks.refreshTray();
    return hooks.trayMenuLabels();
  });
  expect(labels).toEqual(expect.arrayContaining(['Sync now', 'Open RestoreAssist Desk', 'Quit']));

  await app.evaluate(() =>
    (globalThis as unknown as { restoreAssistSmokeTest: SmokeHooks }).restoreAssistSmokeTest.clickTrayItem('Sync now'),
  );
  await expect(window.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
});
