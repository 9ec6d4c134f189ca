/**
 * The lists, keyboard first: the real browser host with the demo workspace (its simulator serves
 * Ascora's endpoints), in Chromium. Elements are found by role and accessible name; the keyboard
 * flow uses no mouse at all.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import { escapeRegExp, expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let page: Page;

const grid = (name: string) => page.getByRole('grid', { name });
const jobRows = () =>
  grid('Jobs')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });

async function go(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

/** Presses Tab until the target has the focus (the keyboard's way there, whatever lies between). */
async function tabTo(target: Locator, options: { back?: boolean } = {}) {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 800 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
  await go('Jobs');
  // The first sync fills the mirror.
  await expect(jobRows().nth(3)).toBeVisible({ timeout: 60_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

// First, while every column has its own width (the resize test below changes two).
test('the lists at 960, 1366 and 1920 px', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [960, 1366, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      for (const screen of ['Jobs', 'Customers', 'Invoices']) {
        await go(screen);
        await expect(grid(screen).getByRole('row').nth(3)).toBeVisible();
        await page.screenshot({ path: `test-results/lists/${screen.toLowerCase()}-${width}-${colorScheme}.png` });
      }
    }
    await expectNoSeriousA11yProblems(page, `Invoices (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 800 });
  await go('Jobs');
});

test('keyboard only: find a job, open it with Enter, change three with Shift+Arrow, confirm, undo', async () => {
  const target = (await jobRows().nth(4).getByRole('rowheader').textContent())!.trim();
  const search = page.getByRole('searchbox', { name: 'Search' });
  await tabTo(search);
  await page.keyboard.type(target);
  await expect(jobRows()).toHaveCount(1);
  // One tab stop for the whole list: Tab lands on its first row.
  await tabTo(grid('Jobs'));
  await expect(jobRows().first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Job detail' })).toContainText(target);

  await tabTo(search, { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(jobRows().nth(5)).toBeVisible();
  await expect(grid('Jobs').locator('.dt-row.open')).toContainText(target);
  await tabTo(grid('Jobs'));
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const chosen: string[] = [];
  for (let i = 0; i < 3; i++) {
    const row = jobRows().nth(i);
    chosen.push((await row.getByRole('rowheader').textContent())!.trim());
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }
  await expect(jobRows().nth(3)).toHaveAttribute('aria-selected', 'false');
  const bar = page.getByRole('region', { name: 'Selected jobs' });
  await expect(bar).toContainText('3 selected');
  const before: string[] = [];
  for (const n of chosen) {
    await expect.poll(() => statusOf(n)).not.toBe('');
    before.push(await statusOf(n));
  }

  await tabTo(bar.getByLabel('New status (kept in the app only)'), { back: true });
  await page.keyboard.type('Drying out');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Change the status of the selected jobs' });
  await expect(confirm).toContainText("Change 3 jobs to 'Drying out'?");
  // The way back has the focus: Enter alone changes nothing.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: 'test-results/lists/jobs-confirm-1366.png' });
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText("3 jobs updated to 'Drying out'")).toBeVisible();
  for (const n of chosen) await expect.poll(() => statusOf(n)).toBe('Drying out');
  await page.screenshot({ path: 'test-results/lists/jobs-updated-1366.png' });

  await tabTo(page.getByRole('button', { name: 'Undo' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Undone: 3 jobs back to their earlier status')).toBeVisible();
  for (const [i, n] of chosen.entries()) await expect.poll(() => statusOf(n)).toBe(before[i]);
  await expectNoSeriousA11yProblems(page, 'Jobs');
});

/** A job's status as its row shows it ('' while the list is being read again after a change). */
async function statusOf(jobNumber: string): Promise<string> {
  const row = jobRows().filter({ has: page.getByRole('rowheader', { name: jobNumber, exact: true }) });
  const header = await grid('Jobs').getByRole('columnheader').allTextContents();
  const cells = await row.getByRole('gridcell').allTextContents();
  // The checkbox column has no header text; the row header is not a gridcell.
  const statusIndex = header.findIndex((h) => h.startsWith('Status'));
  return cells[statusIndex - 1]?.trim() ?? '';
}

test('sort shows in aria-sort, not in the column name', async () => {
  await go('Jobs');
  const job = grid('Jobs').getByRole('columnheader', { name: 'Job', exact: true });
  await expect(job).toHaveAttribute('aria-sort', 'none');
  await job.click();
  await expect(job).toHaveAttribute('aria-sort', 'ascending');
  const numbers = await jobRows().getByRole('rowheader').allTextContents();
  expect(numbers.slice(0, 5)).toEqual([...numbers.slice(0, 5)].sort());
  await expect(grid('Jobs').getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute(
    'aria-sort',
    'none',
  );
});

test('a resized column stays resized after leaving the screen and coming back', async () => {
  await go('Jobs');
  const panel = page.getByRole('complementary', { name: 'Job detail' });
  if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
  const name = grid('Jobs').getByRole('columnheader', { name: 'Name', exact: true });
  const widthBefore = (await name.boundingBox())!.width;
  // The keyboard's way: the column's resizer, Enter, then arrows (10 px each).
  await name.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('slider', { name: /Resize Name column/ })).toBeFocused();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await name.boundingBox())!.width).toBeCloseTo(widthBefore + 40, -1);
  // And the mouse's: drag the Customer column's resizer 60 px wider.
  const customer = grid('Jobs').getByRole('columnheader', { name: 'Customer', exact: true });
  const customerBefore = (await customer.boundingBox())!.width;
  const handle = (await customer.locator('.dt-resizer').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, { steps: 6 });
  await page.mouse.up();
  const nameAfter = (await name.boundingBox())!.width;
  const customerAfter = (await customer.boundingBox())!.width;
  expect(customerAfter).toBeGreaterThan(customerBefore + 40);

  await go('Customers');
  await expect(grid('Customers')).toBeVisible();
  await go('Jobs');
  await expect(jobRows().first()).toBeVisible();
  expect((await name.boundingBox())!.width).toBeCloseTo(nameAfter, 0);
  expect((await customer.boundingBox())!.width).toBeCloseTo(customerAfter, 0);
});

test('PageDown and PageUp move the focus a screenful; a cut-off cell shows its whole text as a tooltip', async () => {
  await go('Jobs');
  await tabTo(grid('Jobs'));
  await page.keyboard.press('Home');
  await page.keyboard.press('PageDown');
  // Which row has the focus, counted over the whole list (aria-rowindex: the header row is 1).
  const focusedIndex = () =>
    page.evaluate(() => Number(document.activeElement?.closest('[role="row"]')?.getAttribute('aria-rowindex')) - 2);
  await expect.poll(focusedIndex).toBeGreaterThan(8);
  await page.keyboard.press('PageUp');
  await expect.poll(focusedIndex).toBe(0);

  // Some suburbs and names are wider than their column: a cut-off text is its own tooltip. One in
  // view is taken, so that pointing at it scrolls nothing (rows out of view are drawn anew).
  const cutOff = await page.evaluate(() => {
    const view = document.querySelector('[role="grid"]')!.getBoundingClientRect();
    const inView = (el: HTMLElement) => {
      const box = el.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom && box.left >= view.left && box.right <= view.right;
    };
    const cell = [...document.querySelectorAll<HTMLElement>('[role="grid"] .dt-text')].find(
      (el) => inView(el) && (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1),
    );
    const job = cell?.closest('[role="row"]')?.querySelector('[role="rowheader"]')?.textContent;
    return cell && job ? { text: cell.textContent!, job } : null;
  });
  expect(cutOff).not.toBeNull();
  // Found again by its job's number (the list draws its rows anew as it scrolls), and by its whole
  // text exactly: a cut suburb ("Toowoomba City") is also in the job's name beside it.
  const wholeText = new RegExp(`^${escapeRegExp(cutOff!.text)}$`);
  const cell = jobRows()
    .filter({ has: page.getByRole('rowheader', { name: cutOff!.job, exact: true }) })
    .locator('.dt-text', { hasText: wholeText });
  await cell.hover();
  await expect(cell).toHaveAttribute('title', cutOff!.text);
  const money = jobRows().first().getByRole('gridcell').filter({ hasText: '$' }).first();
  expect(await money.evaluate((el) => getComputedStyle(el).justifyContent)).toBe('flex-end');
  expect(await money.evaluate((el) => getComputedStyle(el).fontVariantNumeric)).toBe('tabular-nums');
});

test('no results says so, with a way to clear the search and filters', async () => {
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzqx nothing like this');
  const empty = grid('Jobs').getByRole('status');
  await expect(empty).toContainText("No results for 'zzqx nothing like this'.");
  await expect(page.getByText(/\b0 (rows|jobs)\b/)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/lists/jobs-no-results-1366.png' });
  await page.getByRole('searchbox', { name: 'Search' }).fill('🔥');
  await expect(empty).toContainText("Search by letters or numbers: '🔥' has none, so it matches no jobs.");
  await empty.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  await expect(jobRows().nth(3)).toBeVisible();
});

test('CSV of jobs: dated file name, human labels, values in words, and a saved notice', async () => {
  await go('Jobs');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^jobs-all-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split('\r\n');
  expect(header).toBe(
    'Job number,Job name,Status,Customer,Site address,Claim number,Purchase order,Insurer,Contact,Contact phone,Created,Completed,Total inc GST (AUD),Ascora',
  );
  expect(lines).toHaveLength(2000);
  expect(text).not.toMatch(/local_only|synced|in_ascora/);
  expect(lines.some((l) => /,NRMA Insurance,|,Allianz,|,Suncorp,|,QBE/.test(l))).toBe(true);
  expect(lines[0]).toMatch(/,\d{2}\/\d{2}\/\d{4},(\d{2}\/\d{2}\/\d{4})?,/);
  await expect(page.getByText(`Saved ${download.suggestedFilename()} (2,000 rows)`)).toBeVisible();
});
