/**
 * The smaller things an office notices (issue 20, point 10), end to end in Chromium over the real
 * browser host: the first start asks for "Your name" and the office's time zone (saved, or
 * skipped); files are chosen with named buttons; a photo attached shows a thumbnail; a job opened
 * from the command palette shows in its list even when the list held an unrelated search.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { expectNoA11yProblems, startApp } from './app';
import { openOffice, type Office } from './office';

// Two tests start a whole app of their own and open the demo in it: minutes on a loaded machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let office: Office;
let page: Page;

/** A 2×2 PNG (red, green, blue, white): a real picture for the thumbnail. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);
const REPORT = path.resolve('tests/fixtures/reports/water-damage-parramatta.json');
/** The zone of the computer the app runs on (the host runs here): the first start's default. */
const COMPUTER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

test.beforeAll(async ({ browser }) => {
  // Connected through the shared helper, which skips the first start as a person would.
  office = await openOffice(browser, { jobs: 200, customers: 60, invoices: 40 });
  page = office.page;
});
test.afterAll(() => office.close());

/** Opens a job from the Jobs list by its number, as the list's search finds it. */
async function openJob(jobNumber: string) {
  await office.go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();
  await page.getByRole('row').filter({ hasText: jobNumber }).click();
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  await expect(panel.getByText(`Ascora job ${jobNumber}`)).toBeVisible();
  return panel;
}

/** A fresh app (a new data folder) with the demo workspace opened, as a new office first sees it. */
async function firstStartOfDemo(browser: Browser): Promise<{ demo: Page; close(): Promise<void> }> {
  const app = await startApp();
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const demo = await context.newPage();
  await demo.goto(app.url);
  await demo.getByRole('button', { name: 'Open demo workspace' }).click();
  // Making the demo's Ascora and connecting to it: seconds on a loaded machine, as a person waits.
  await expect(demo.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible({ timeout: 30_000 });
  return {
    demo,
    async close() {
      await context.close();
      await app.stop();
    },
  };
}

/** Adds a note to the first job of the Jobs list; answers the note as listed, newest first. */
async function addNoteToFirstJob(on: Page, text: string) {
  await on.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs' }).click();
  await on.getByRole('row').nth(1).click();
  const panel = on.getByRole('complementary', { name: 'Job detail' });
  await panel.getByRole('textbox', { name: 'New note' }).fill(text);
  await panel.getByRole('button', { name: 'Add note' }).click();
  const note = panel.getByRole('region', { name: 'Notes' }).getByRole('listitem').first();
  await expect(note).toContainText(text);
  return note;
}

test('the first start asks for your name and the time zone (the computer’s by default); the name saved signs a new note', async ({
  browser,
}) => {
  const { demo, close } = await firstStartOfDemo(browser);
  const firstStart = demo.getByRole('form', { name: 'Before you start' });
  const name = firstStart.getByRole('textbox', { name: 'Your name' });
  const zone = firstStart.getByRole('combobox', { name: 'Time zone' });
  await expect(name).toHaveValue('');
  await expect(zone).toHaveValue(new RegExp(`^${COMPUTER_ZONE.replace(/_/g, ' ')} \\(GMT`));
  for (const colorScheme of ['light', 'dark'] as const) {
    await demo.emulateMedia({ colorScheme });
    for (const width of [960, 1366]) {
      await demo.setViewportSize({ width, height: 860 });
      await demo.screenshot({ path: `test-results/small-ui/first-start-${width}-${colorScheme}.png` });
    }
  }

  await demo.emulateMedia({ colorScheme: 'light' });
  await expectNoA11yProblems(demo, 'Today, the first start');

  // Keyboard only: the name, the zone from its searchable list, then Save.
  await name.focus();
  await demo.keyboard.type('Priya Shah');
  await demo.keyboard.press('Tab');
  await expect(zone).toBeFocused();
  await demo.keyboard.press('ControlOrMeta+a');
  await demo.keyboard.type('Perth');
  await expect(demo.getByRole('option', { name: /^Australia\/Perth/ })).toBeVisible();
  await demo.keyboard.press('ArrowDown');
  await demo.keyboard.press('Enter');
  await expect(zone).toHaveValue(/^Australia\/Perth/);
  await firstStart.getByRole('button', { name: 'Save' }).focus();
  await demo.keyboard.press('Enter');
  await expect(firstStart).toBeHidden();
  // The card went with the focus in it: the keyboard goes on from the screen's heading.
  await expect(demo.getByRole('heading', { level: 1, name: 'Today' })).toBeFocused();

  // Asked once: not again in a new window.
  await demo.reload();
  await expect(demo.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
  await expect(firstStart).toHaveCount(0);

  const note = await addNoteToFirstJob(demo, 'Dehumidifier moved to the hallway');
  await expect(note).toContainText('Priya Shah');
  await demo.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(demo.getByRole('textbox', { name: 'Your name' })).toHaveValue('Priya Shah');
  await expect(demo.getByRole('combobox', { name: 'Time zone' })).toHaveValue(/^Australia\/Perth/);
  await close();
});

test('the first start skipped is not asked again: the computer’s zone stays and notes are signed with its user name', async ({
  browser,
}) => {
  const { demo, close } = await firstStartOfDemo(browser);
  const firstStart = demo.getByRole('form', { name: 'Before you start' });
  await firstStart.getByRole('button', { name: 'Skip' }).click();
  await expect(firstStart).toBeHidden();
  await demo.reload();
  await expect(demo.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
  await expect(firstStart).toHaveCount(0);

  const note = await addNoteToFirstJob(demo, 'Skirting boards off in the kitchen');
  await expect(note).toContainText(os.userInfo().username);
  await demo.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(demo.getByRole('textbox', { name: 'Your name' })).toHaveValue('');
  await expect(demo.getByRole('combobox', { name: 'Time zone' })).toHaveValue(
    new RegExp(`^${COMPUTER_ZONE.replace(/_/g, ' ')} \\(GMT`),
  );
  await close();
});

test('reports are imported with an "Import reports…" button that names the files chosen', async () => {
  await office.go('Report to job');
  const button = page.getByRole('button', { name: 'Import reports…' });
  const chooser = page.waitForEvent('filechooser');
  // Keyboard operable: the button is focused and pressed with Enter.
  await button.focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([REPORT]);
  await expect(page.getByText('Chosen: water-damage-parramatta.json')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('water-damage-parramatta.json');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [960, 1366]) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({ path: `test-results/small-ui/import-${width}-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 860 });
});

test('"Add attachment…" takes a photo, shown as a thumbnail; a PDF keeps an icon', async () => {
  const job = office.ascora.control.state().jobs[1]!;
  const panel = await openJob(job.jobNumber);
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Add attachment…' }).focus();
  await page.keyboard.press('Enter');
  await (
    await chooser
  ).setFiles([
    { name: 'ceiling-stain.png', mimeType: 'image/png', buffer: PNG },
    { name: 'scope.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%scope\n') },
  ]);
  await expect(panel.getByText('Chosen: ceiling-stain.png, scope.pdf')).toBeVisible();
  const photo = panel.getByRole('listitem').filter({ hasText: 'ceiling-stain.png' });
  const thumbnail = photo.getByRole('img', { name: 'Preview of ceiling-stain.png' });
  await expect(thumbnail).toBeVisible();
  // Drawn from the app's own copy: the picture has loaded, at its 2×2 pixels.
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  const pdf = panel.getByRole('listitem').filter({ hasText: 'scope.pdf' });
  await expect(pdf).toBeVisible();
  await expect(pdf.getByRole('img')).toHaveCount(0);
  await expectNoA11yProblems(page, 'A job, its attachments with a thumbnail');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [960, 1366]) {
      await page.setViewportSize({ width, height: 860 });
      const attachments = panel.getByRole('region', { name: 'Attachments' });
      await attachments.scrollIntoViewIfNeeded();
      await attachments.screenshot({ path: `test-results/small-ui/attachments-${width}-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 860 });
});

test('a job opened from the palette while the Jobs list holds an unrelated search shows in the list', async () => {
  // The oldest job: last in the list as it sorts (newest first), far below what is drawn at first.
  const jobs = [...office.ascora.control.state().jobs].sort((a, b) => a.dateCreated.localeCompare(b.dateCreated));
  const target = jobs[0]!;
  const unrelated = jobs[jobs.length - 1]!;
  await office.go('Jobs');
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(unrelated.jobNumber);
  await expect(page.getByText('1 job', { exact: true })).toBeVisible();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('textbox', { name: 'Go to a screen, record or action' }).fill(target.jobNumber);
  await palette.getByRole('menuitem', { name: new RegExp(`^${target.jobNumber} · `) }).click();

  await expect(panel.getByRole('heading', { name: new RegExp(`^${target.jobNumber} · `) })).toBeVisible();
  // The list was cleared of the search that would hide it, and its row is in view.
  await expect(search).toHaveValue('');
  const row = page.getByRole('grid', { name: 'Jobs' }).getByRole('row').filter({ hasText: target.jobNumber });
  await expect(row).toBeInViewport();
  await page.screenshot({ path: 'test-results/small-ui/palette-open-1366.png' });
});

test('the browser mode says updates come with the desktop app, and offers no restart', async () => {
  await office.go('Settings');
  const updates = page.getByRole('heading', { name: 'Updates' }).locator('..');
  await expect(updates.getByRole('status')).toHaveText(/^Updates come with the desktop app\./);
  await expect(updates.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Update ready' })).toHaveCount(0);
  await expectNoA11yProblems(page, 'Settings with its Updates card');
});
