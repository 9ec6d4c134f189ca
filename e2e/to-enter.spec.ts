/**
 * Issue 20, point 4, in Chromium over the browser host: a job of the demo gets a status and a note
 * here, which Ascora's API cannot take. Today counts two to enter in Ascora; its figure opens the
 * list (the Sync centre's "To enter in Ascora", its heading focused); "Done in Ascora" on the note
 * takes it off the list and Today counts one; the job's badge says "To enter in Ascora" until the
 * status is entered too, then "In Ascora", and the note says who entered it. Keyboard only after
 * the job is given its status and note; roles and names only.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';
import { SCREENSHOT_WIDTHS } from './office';

let app: RunningApp;
test.beforeEach(async () => {
  app = await startApp(['--demo']);
});
test.afterEach(async () => {
  await app.stop();
});

/** The screen in light and dark at each width, for a person to look at (test-results/, not kept). */
async function shots(page: Page, name: string) {
  const before = page.viewportSize()!;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of SCREENSHOT_WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/to-enter/${name}-${colorScheme}-${width}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(before);
}

/** A screen of the sidebar, by the keyboard. */
async function go(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).focus();
  await page.keyboard.press('Enter');
}

test('a status and a note set here are counted on Today, listed to enter in Ascora, and marked done there', async ({
  page,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('banner').getByText(/^Synced /)).toBeVisible({ timeout: 60_000 });
  const toEnterCard = page.getByRole('region', { name: 'To enter in Ascora' });
  await expect(toEnterCard).toContainText('Nothing to enter');

  // A job of the demo's Ascora, given a status and a note here.
  await go(page, 'Jobs');
  await page.getByRole('main').getByRole('row').nth(1).click();
  const detail = page.getByRole('complementary', { name: 'Job detail' });
  const numbered = detail.getByText(/^Ascora job \S+$/);
  await expect(numbered).toBeVisible();
  const jobNumber = (await numbered.textContent())!.replace('Ascora job ', '');
  await expect(detail.getByTitle('The same as in Ascora.')).toHaveText('In Ascora');
  await detail.getByRole('button', { name: /New status/ }).click();
  await page.getByRole('option', { name: 'Other…' }).click();
  await detail.getByRole('textbox', { name: 'Other status' }).fill('Drying in progress');
  await detail.getByRole('button', { name: 'Set status' }).click();
  await detail.getByRole('textbox', { name: 'New note' }).fill('Key with the neighbour at no. 16');
  await detail.getByRole('button', { name: 'Add note' }).click();
  await expect(detail.getByText('Key with the neighbour at no. 16')).toBeVisible();
  // The job is in Ascora; what is only here is to enter there, in words, not "no longer in Ascora".
  const badge = detail.getByText('To enter in Ascora', { exact: true });
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute(
    'title',
    /^In Ascora, but its status, notes or attachments .* only on this computer/,
  );
  await expect(detail).not.toContainText('No longer in Ascora');
  await expect(detail.getByRole('strong').filter({ hasText: 'Only on this computer' })).toBeVisible();
  await shots(page, 'job-panel');

  // Keyboard only from here. Today counts both and its figure opens the list.
  await go(page, 'Today');
  const figure = toEnterCard.getByRole('button', { name: /^2 to enter in Ascora/ });
  await expect(figure).toContainText('1 status, 1 note');
  await shots(page, 'today');
  await expectNoSeriousA11yProblems(page, 'Today, with work to enter in Ascora');
  await figure.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'To enter in Ascora (2)' });
  await expect(heading).toBeFocused();
  const list = page.getByRole('list', { name: /^To enter in Ascora/ });
  const items = list.getByRole('listitem');
  await expect(items).toHaveCount(2);
  const status = items.filter({ hasText: `Status of Job ${jobNumber}:` });
  const note = items.filter({ hasText: `Note of Job ${jobNumber}:` });
  await expect(status).toContainText('Drying in progress');
  await expect(note).toContainText('Key with the neighbour at no. 16');
  await shots(page, 'sync-centre-to-enter');
  await expectNoSeriousA11yProblems(page, 'Sync centre, To enter in Ascora');

  // "Done in Ascora" on the note, by Tab and Enter: it leaves the list, the heading takes the focus.
  await note.getByRole('button', { name: 'Done in Ascora' }).focus();
  await page.keyboard.press('Enter');
  await expect(
    page.getByText(`Note of Job ${jobNumber}: `).filter({ hasText: 'marked as entered in Ascora' }),
  ).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'To enter in Ascora (1)' })).toBeFocused();
  await expect(note).toHaveCount(0);
  await expect(status).toBeVisible();

  await go(page, 'Today');
  await expect(toEnterCard.getByRole('button', { name: /^1 to enter in Ascora/ })).toContainText('1 status');

  // The job still has a status to enter: its badge says so; the note says it was entered.
  await go(page, 'Jobs');
  await expect(detail.getByText('To enter in Ascora', { exact: true })).toBeVisible();
  await expect(detail.getByText(/Key with the neighbour at no. 16/)).toBeVisible();
  await expect(detail).toContainText(/entered in Ascora by \S+/);

  // The palette opens the list too; the status done there, the job is the same as in Ascora.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('textbox', { name: 'Go to a screen, record or action' })).toBeFocused();
  await page.keyboard.type('To enter in Ascora');
  await expect(palette.getByRole('menuitem', { name: /^To enter in Ascora/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'To enter in Ascora (1)' })).toBeFocused();
  await status.getByRole('button', { name: 'Done in Ascora' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'To enter in Ascora (0)' })).toBeFocused();
  await expect(page.getByText('Nothing to enter')).toBeVisible();
  await go(page, 'Jobs');
  await expect(detail.getByTitle('The same as in Ascora.')).toHaveText('In Ascora');
  await go(page, 'Today');
  await expect(toEnterCard).toContainText('Nothing to enter');
});
