/**
 * Keyboard and layout (issue 20, point 9, and point 10's navigation labels), in Chromium over the
 * real browser host with the demo workspace: the focus stays in the notes after "Add note", the
 * next and previous record while a panel is open (j/k and Alt+Arrows, listed in "?"), the lists'
 * columns giving way by priority so nothing scrolls sideways with a record open and a job's name
 * shows whole, and the navigation's words the same at every width. Found by role and name.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let page: Page;

const grid = (name: string) => page.getByRole('grid', { name });
const rowsOf = (name: string) =>
  grid(name)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });
const jobPanel = () => page.getByRole('complementary', { name: 'Job detail' });
const nav = () => page.getByRole('navigation', { name: 'Main' });

async function go(name: string) {
  await nav()
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

/** The job number a row of the Jobs list names (its row header). */
async function jobNumberOf(row: Locator): Promise<string> {
  return (await row.getByRole('rowheader').textContent())!.trim();
}

/** The open job's number, read off the panel's heading ("J10273 · Water damage – …"). */
async function expectOpenJob(jobNumber: string) {
  await expect(jobPanel().getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^${jobNumber} · `));
  // The list marks the open row too.
  await expect(grid('Jobs').locator('.dt-row.open')).toHaveCount(1);
  await expect(grid('Jobs').locator('.dt-row.open').getByRole('rowheader')).toHaveText(jobNumber);
}

test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 800 },
  });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(nav()).toContainText('Demo workspace');
  await go('Jobs');
  // The first sync fills the mirror.
  await expect(rowsOf('Jobs').nth(3)).toBeVisible({ timeout: 60_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

test('after "Add note" with Enter the focus stays in the notes, cleared, and the note is announced', async () => {
  await go('Jobs');
  await rowsOf('Jobs').first().click();
  const notes = jobPanel().getByRole('region', { name: 'Notes' });
  const box = notes.getByRole('textbox', { name: 'New note' });
  await box.fill('Dehumidifier moved to the hallway');
  await box.press('Tab');
  await expect(notes.getByRole('button', { name: 'Add note' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(notes.getByRole('listitem').first()).toContainText('Dehumidifier moved to the hallway');
  // Ready for the next note: the box has the focus, empty; a screen reader hears the note was added.
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await expect(notes.getByRole('status')).toHaveText('Note added.');
  // The next one goes in by the keyboard alone, with the button too.
  await page.keyboard.type('Second reading tomorrow');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByRole('listitem').first()).toContainText('Second reading tomorrow');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await jobPanel().getByRole('button', { name: 'Close' }).click();
  await expect(jobPanel()).toBeHidden();
});

test('j and k, Alt+ArrowDown and Alt+ArrowUp open the next and previous job of the list as searched', async () => {
  await go('Jobs');
  // A search: the order is the list's as it is filtered now, not the whole table's.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('water');
  await expect(page.getByText(/^\d+ jobs$/)).toBeVisible();
  await expect(rowsOf('Jobs').nth(3)).toContainText(/water/i);
  const numbers: string[] = [];
  for (let i = 0; i < 4; i++) numbers.push(await jobNumberOf(rowsOf('Jobs').nth(i)));

  await rowsOf('Jobs').first().click();
  await expectOpenJob(numbers[0]!);
  await jobPanel().focus();
  await page.keyboard.press('j');
  await expectOpenJob(numbers[1]!);
  await page.keyboard.press('j');
  await expectOpenJob(numbers[2]!);
  await page.keyboard.press('k');
  await expectOpenJob(numbers[1]!);
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpenJob(numbers[2]!);
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpenJob(numbers[3]!);
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpenJob(numbers[2]!);
  // The focus stayed in the panel, and a screen reader hears which job is open now.
  await expect(jobPanel()).toBeFocused();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: numbers[2]! })).toBeAttached();

  // In a text field the letters are typing, and in a multi-line box Alt+Arrows are the caret's;
  // in a search box (no use for them) Alt+Arrows still move.
  const note = jobPanel().getByRole('textbox', { name: 'New note' });
  await note.focus();
  await page.keyboard.press('Alt+ArrowDown');
  // Typed after it, the j shows the Alt+ArrowDown was handled (and left the job as it was).
  await page.keyboard.press('j');
  await expect(note).toHaveValue('j');
  await expectOpenJob(numbers[2]!);
  // A note begun is not carried to the next job, nor lost unasked: j asks first.
  await page.keyboard.press('Tab');
  await page.keyboard.press('j');
  const ask = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expectOpenJob(numbers[2]!);
  await expect(note).toHaveValue('j');
  await jobPanel().focus();
  await page.keyboard.press('j');
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expectOpenJob(numbers[3]!);
  await expect(note).toHaveValue('');
  await page.keyboard.press('k');
  await expectOpenJob(numbers[2]!);
  await search.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpenJob(numbers[1]!);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('water');

  // From the list itself too: the focused row follows the open one.
  await rowsOf('Jobs').nth(1).click();
  await page.keyboard.press('j');
  await expectOpenJob(numbers[2]!);
  await expect(rowsOf('Jobs').nth(2)).toBeFocused();

  // Far down the list: the open row is scrolled into view as it goes.
  await jobPanel().focus();
  for (let i = 0; i < 25; i++) await page.keyboard.press('j');
  const openRow = grid('Jobs').locator('.dt-row.open');
  await expect(openRow).toBeInViewport();
  const heading = (await jobPanel().getByRole('heading', { level: 2 }).textContent())!;
  expect(heading.startsWith(`${await jobNumberOf(openRow)} · `)).toBe(true);

  await page.keyboard.press('Escape');
  await search.fill('');
});

test('j on a customer and an invoice: the next one opens and the panel keeps the focus', async () => {
  for (const [screen, panelName] of [
    ['Customers', 'Customer'],
    ['Invoices', 'Invoice detail'],
  ] as const) {
    await go(screen);
    await expect(rowsOf(screen).nth(2)).toBeVisible();
    const second = (await rowsOf(screen).nth(1).getByRole('rowheader').textContent())!.trim();
    await rowsOf(screen).first().click();
    const panel = page.getByRole('complementary', { name: panelName });
    await panel.focus();
    await page.keyboard.press('j');
    // A shared name's row adds what tells namesakes apart (" · suburb · phone"); the panel's heading is the name.
    await expect(panel.getByRole('heading', { level: 2 })).toContainText(second.split(' · ')[0]!);
    await expect(grid(screen).locator('.dt-row.open').getByRole('rowheader')).toHaveText(second);
    // Drawn anew for the next record, the panel itself has the focus: the keyboard stays in it.
    await expect(panel).toBeFocused();
    await panel.getByRole('button', { name: 'Close' }).click();
  }
});

test('"?" lists next and previous record', async () => {
  await go('Jobs');
  await page.getByRole('heading', { level: 1, name: 'Jobs' }).focus();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row', { name: /^j or Alt\+↓ .*next record/i })).toBeVisible();
  await expect(sheet.getByRole('row', { name: /^k or Alt\+↑ .*previous record/i })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

/** The list scrolls no way but down: what it holds is as wide as it is. */
async function expectNoSidewaysScroll(list: Locator) {
  await expect.poll(() => list.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
}

for (const width of [1366, 1920]) {
  test(`at ${width} px with a record open nothing scrolls sideways, and a job's name shows whole`, async () => {
    // Three screens, each opened and photographed in two themes.
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    for (const [screen, panelName] of [
      ['Jobs', 'Job detail'],
      ['Customers', 'Customer'],
      ['Invoices', 'Invoice detail'],
    ] as const) {
      await go(screen);
      await expect(rowsOf(screen).nth(5)).toBeVisible();
      await rowsOf(screen).first().click();
      await expect(page.getByRole('complementary', { name: panelName })).toBeVisible();
      await expectNoSidewaysScroll(grid(screen));
      if (screen === 'Jobs') {
        // A typical name: the median length of those on screen ("Water damage – 12 Smith Street, Parramatta").
        const names = rowsOf('Jobs')
          .getByRole('gridcell')
          .filter({ hasText: / damage – / });
        const texts = await names.allTextContents();
        expect(texts.length).toBeGreaterThan(5);
        const median = [...texts].sort((a, b) => a.length - b.length)[Math.floor(texts.length / 2)]!;
        const cell = names.filter({ hasText: median }).first();
        const fit = await cell.evaluate((el) => {
          const text = el.firstElementChild ?? el;
          return {
            wide: text.scrollWidth <= text.clientWidth && el.scrollWidth <= el.clientWidth,
            tall: text.scrollHeight <= text.clientHeight + 1,
          };
        });
        expect(fit, `"${median}" shows whole at ${width} px`).toEqual({ wide: true, tall: true });
        // The Ascora badge's column is narrower than the name's.
        const columnWidth = (name: string) =>
          grid('Jobs')
            .getByRole('columnheader', { name, exact: true })
            .evaluate((el) => el.getBoundingClientRect().width);
        expect(await columnWidth('Ascora')).toBeLessThan(140);
        expect(await columnWidth('Name')).toBeGreaterThan(2 * (await columnWidth('Ascora')));
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: `/tmp/keys-layout/${screen.toLowerCase()}-open-${width}-${colorScheme}.png` });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('complementary', { name: panelName }).getByRole('button', { name: 'Close' }).click();
    }
    await page.setViewportSize({ width: 1366, height: 800 });
  });
}

test('the navigation says the same words at 960 px as at 1366 px', async () => {
  // The words shown (innerText leaves out what is hidden at this width).
  const labels = () =>
    nav()
      .getByRole('button')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.trim()));
  await page.setViewportSize({ width: 1366, height: 800 });
  const wide = await labels();
  expect(wide).toContain('Sync centre');
  await page.setViewportSize({ width: 960, height: 800 });
  await expect(nav().getByRole('button', { name: 'Sync centre', exact: true })).toBeVisible();
  await expect(nav().getByRole('button', { name: 'Report to job', exact: true })).toBeVisible();
  expect(await labels()).toEqual(wide);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `/tmp/keys-layout/nav-960-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 800 });
});
