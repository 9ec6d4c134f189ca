/**
 * Issue 22, recovery instead of "Something went wrong", in Chromium over the browser host: the
 * demo's local copy gets a status and many notes kept only here, the app stops, and then
 * - a damaged page (one page of the notes overwritten with garbage) brings the recovery screen at
 *   the next start: the notes still readable are shown and exported, and a named backup is
 *   restored, after which the app opens as usual;
 * - the local copy's key deleted from the keychain brings the recovery screen too: nothing can be
 *   read without it, Try again says so, and Start again opens the app with an empty copy; the
 *   old file is in damaged/<time>/. Worked with the keyboard only.
 * The screen is photographed in light and dark at each width, and checked with axe.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { openConnection, type DatabaseKey } from '../main/core/db/connection';
import { databaseKeyRef } from '../main/core/db/database-key';
import { readJournal } from '../main/core/db/open';
import { DATABASE_FILE } from '../main/core/paths';
import { createKeytarStore } from '../main/core/secrets/keytar-store';
import { expectNoA11yProblems, invokeApi, startApp, tabTo, type RunningApp } from './app';
import { SCREENSHOT_WIDTHS } from './office';

const NOTES = 300;
let app: RunningApp | null = null;
let dataDir: string | null = null;
test.afterEach(async () => {
  await app?.stop();
  app = null;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/** The demo, synced, with a status and NOTES notes kept only on this computer on its first job; then stopped. */
async function demoWithLocalWork(page: Page): Promise<{ dir: string; file: string; key: DatabaseKey | null }> {
  app = await startApp(['--demo']);
  dataDir = app.dataDir;
  await page.goto(app.url);
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
  const [integration] = await invokeApi<{ id: number }[]>(app, 'integration.list');
  const jobs = await invokeApi<{ rows: { id: number }[] }>(app, 'jobs.list', {
    integrationId: integration!.id,
    limit: 1,
  });
  const jobId = jobs.rows[0]!.id;
  await invokeApi(app, 'jobs.updateStatus', { jobId, statusText: 'Drying in progress' });
  for (let n = 1; n <= NOTES; n++)
    await invokeApi(app, 'jobs.addNote', { jobId, text: `Reading ${n}: wall cavity at 18% ${'·'.repeat(120)}` });
  await app.stop({ keepDataDir: true });
  app = null;
  const file = fs.realpathSync(path.join(dataDir, DATABASE_FILE));
  // Encrypted when this machine has a keychain (CI's), plain otherwise: the test reads it either way.
  const hex = await createKeytarStore()
    .get(databaseKeyRef(file))
    .catch(() => null);
  return { dir: dataDir, file, key: hex ? Buffer.from(hex, 'hex') : null };
}

/** The recovery screen in light and dark at each width (test-results/, for a person to look at), and axe. */
async function looksRight(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/recovery/${name}-${colorScheme}-${width}.png`, fullPage: true });
    }
    await expectNoA11yProblems(page, `recovery (${name}, ${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 900 });
}

test('a damaged local copy: the readable notes are shown and exported, and a named backup is restored', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { dir, file, key } = await demoWithLocalWork(page);
  // A copy as the app takes one before an update (db/open.ts), under the same key.
  const lastUpdate = readJournal(path.resolve('drizzle')).at(-1)!.tag;
  const backupName = `restoreassist-2026-12-01T09-30-00-000Z-before-${lastUpdate}.db`;
  fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
  const live = openConnection(file, { key, fileMustExist: true });
  live.prepare('VACUUM INTO ?').run(path.join(dir, 'backups', backupName));
  const leaves = live
    .prepare("SELECT pageno FROM dbstat WHERE name = 'job_notes' AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all() as number[];
  const pageSize = live.pragma('page_size', { simple: true }) as number;
  live.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (leaves[Math.floor(leaves.length / 2)]! - 1) * pageSize);
  fs.closeSync(fd);

  app = await startApp([], dir);
  await page.goto(app.url);
  await expect(
    page.getByRole('heading', { level: 1, name: 'The local copy of your Ascora data is damaged' }),
  ).toBeVisible();
  await expect(page.getByText(file, { exact: true })).toBeVisible();
  const unsent = page.getByRole('region', { name: 'Changes not in Ascora' });
  await expect(unsent.getByText(/Some parts of the file could not be read/)).toBeVisible();
  const kept = unsent.getByText(/^Kept only on this computer: 1 job status and \d+ notes\.$/);
  await expect(kept).toBeVisible();
  const readable = Number(/and (\d+) notes/.exec((await kept.textContent())!)![1]);
  expect(readable).toBeLessThan(NOTES);
  expect(readable).toBeGreaterThan(NOTES - 40);
  await expect(unsent.getByRole('listitem').filter({ hasText: 'status “Drying in progress”' })).toBeVisible();

  await unsent.getByRole('button', { name: 'Export what could be read' }).click();
  const exported = unsent.getByRole('status', { name: 'Export' });
  await expect(exported).toContainText(path.join(dir, 'exports', 'Recovered '));
  const folder = (await exported.locator('code').textContent())!;
  const csv = fs.readFileSync(path.join(folder, 'recovered-unsent-work.csv'), 'utf8');
  expect(csv).toContain(`Reading ${NOTES}: wall cavity`);
  expect(csv).toContain('Drying in progress');

  await looksRight(page, 'damaged');

  const backups = page.getByRole('list', { name: 'Backups' });
  await expect(backups.getByRole('listitem')).toHaveCount(1);
  await expect(backups).toContainText('taken before an update: Demo workspace');
  await expect(backups).toContainText(`backups/${backupName}`);
  await backups.getByRole('button', { name: /^Restore the backup of / }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Restore this backup' });
  await expect(confirm).toContainText(path.join(dir, 'damaged'));
  await confirm.getByRole('button', { name: 'Move it aside and restore' }).click();

  // The app opens as usual, on the restored copy.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 30_000 });
  const moved = fs.readdirSync(path.join(dir, 'damaged'));
  expect(moved).toHaveLength(1);
  expect(fs.existsSync(path.join(dir, 'damaged', moved[0]!, DATABASE_FILE))).toBe(true);
});

test('a key missing from the keychain: nothing is read, Try again says so, and Start again opens an empty copy (keyboard only)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const keychain = createKeytarStore();
  const { dir, file, key } = await demoWithLocalWork(page);
  expect(
    key,
    'this test needs the system keychain: run it as .ci/run does (a D-Bus session with gnome-keyring)',
  ).not.toBeNull();
  await keychain.delete(databaseKeyRef(file));

  app = await startApp(['--demo'], dir);
  await page.goto(app.url);
  await expect(
    page.getByRole('heading', { level: 1, name: "This computer's key for the local copy is missing" }),
  ).toBeVisible();
  const unsent = page.getByRole('region', { name: 'Changes not in Ascora' });
  await expect(unsent).toContainText("this computer's key for it is not available, so nothing in it can be read now");
  await looksRight(page, 'missing-key');

  const tryAgain = page.getByRole('button', { name: 'Try again' });
  await tabTo(page, tryAgain);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Still not open');
  expect(fs.existsSync(file)).toBe(true);

  await tabTo(page, page.getByRole('button', { name: 'Start again from Ascora' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Start again from Ascora' });
  // The way back has the focus first; the choice is one Tab further.
  await expect(confirm.getByRole('button', { name: 'Go back' })).toBeFocused();
  await tabTo(page, confirm.getByRole('button', { name: 'Move it aside and start again' }), { back: true });
  await page.keyboard.press('Enter');

  // An empty local copy: the demo opens again (the host was started with --demo), and syncs.
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
  const moved = fs.readdirSync(path.join(dir, 'damaged'));
  expect(moved).toHaveLength(1);
  expect(fs.existsSync(path.join(dir, 'damaged', moved[0]!, DATABASE_FILE))).toBe(true);
});
