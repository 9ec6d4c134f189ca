/**
 * Money as an accountant reads it, end to end in Chromium (shared/invoice-figures.ts): an invoice
 * Ascora sent without GST shows its total with GST and says so, its full payment is taken without
 * a check, Remaining agrees between the list and the invoice, and Today's ageing bars add up to
 * what is outstanding, each opening the Invoices list of its invoices. By role and name, keyboard
 * first; the screens shot light and dark at 1366 px.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { escapeRegExp, expectNoSeriousA11yProblems, startApp, type RunningApp } from './app';

test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let page: Page;
/** The invoice the first test paid in full, for the job and customer panels to show the same. */
let paid: { number: string; total: string; job: string; customer: string } | null = null;

const NO_GST_WORDS = '10% GST added: Ascora sent none';
const NO_GST_SHORT_WORDS = '10% GST added';
const MONEY = /-?\$[\d,]+\.\d{2}/g;
const cents = (money: string) => Math.round(Number(money.replace(/[$,]/g, '')) * 100);
const invoiceRows = () =>
  page
    .getByRole('grid', { name: 'Invoices' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });
const detail = () => page.getByRole('complementary', { name: 'Invoice detail' });

/** The amounts a row shows, in column order: its total, then what remains. */
async function rowAmounts(row: Locator): Promise<{ total: string; remaining: string }> {
  const [total, remaining] = ((await row.textContent()) ?? '').match(MONEY) ?? [];
  return { total: total!, remaining: remaining! };
}

/** A figure of the invoice's own table, by the words that head its row. */
const panelFigure = (rowName: string | RegExp) => detail().getByRole('row', { name: rowName }).getByRole('cell');

/** Presses Tab until the target has the focus. */
async function tabTo(target: Locator) {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

async function shootLightAndDark(name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/money/${name}-1366-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function go(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
    .click();
}

// The demo workspace: its simulator's 400 invoices, about half of them without GST from Ascora.
test.beforeAll(async ({ browser }) => {
  app = await startApp();
  const context = await browser.newContext({
    locale: 'en-AU',
    timezoneId: 'Australia/Sydney',
    viewport: { width: 1366, height: 860 },
  });
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open demo workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo workspace');
  // The first sync has finished when Today shows its figures instead of its progress.
  await expect(page.getByRole('region', { name: 'Invoices still open' })).toBeVisible({ timeout: 90_000 });
});
test.afterAll(async () => {
  await page.context().close();
  await app.stop();
});

test('an invoice Ascora sent without GST: its total with GST, said so; Remaining the same in the list and the invoice; its full payment taken without a check', async () => {
  await go('Invoices');
  const row = invoiceRows().filter({ hasText: NO_GST_SHORT_WORDS }).first();
  await expect(row).toBeVisible();
  const number = (await row.getByRole('rowheader').textContent())!.trim();
  const listed = await rowAmounts(row);

  // Keyboard only: the list is one tab stop; Enter opens the focused row.
  await page.getByRole('searchbox', { name: 'Search' }).fill(number);
  await expect(invoiceRows()).toHaveCount(1);
  await tabTo(invoiceRows().first());
  await page.keyboard.press('Enter');
  await expect(detail().getByRole('heading', { name: `Invoice ${number}` })).toBeVisible();

  // The invoice says the same: ex GST + 10% GST (said where it came from) = the list's total.
  const ex = cents((await panelFigure('Total ex GST').textContent())!);
  await expect(detail().getByRole('row', { name: /^GST/ })).toContainText(NO_GST_WORDS);
  const gst = cents((await panelFigure(/^GST/).textContent())!.match(MONEY)![0]);
  expect(gst).toBe(Math.round(ex / 10));
  await expect(panelFigure('Total inc GST')).toHaveText(listed.total);
  expect(cents(listed.total)).toBe(ex + gst);
  await expect(panelFigure('Remaining')).toHaveText(listed.remaining);
  await shootLightAndDark('invoice-no-gst');

  // The customer pays the total with GST: normal, saved at once, nothing left on either screen.
  const record = detail().getByRole('form', { name: 'Record a payment' });
  await record.getByLabel('Amount (AUD)').fill(String(cents(listed.remaining) / 100));
  await record.getByLabel('Amount (AUD)').press('Enter');
  await expect(detail().getByRole('status')).toContainText('Payment saved');
  await expect(page.getByRole('alertdialog', { name: 'Check the payment' })).toHaveCount(0);
  await expect(panelFigure('Remaining')).toHaveText('$0.00');
  await expect(invoiceRows().first()).toContainText('$0.00');
  expect((await rowAmounts(invoiceRows().first())).remaining).toBe('$0.00');
  await expectNoSeriousA11yProblems(page, 'Invoices, an invoice without GST from Ascora');

  // Its job and customer, from the list's own columns (the panel hides some).
  await detail().getByRole('button', { name: 'Close' }).click();
  const headers = await page.getByRole('grid', { name: 'Invoices' }).getByRole('columnheader').allTextContents();
  const cells = await invoiceRows().first().getByRole('gridcell').allTextContents();
  // The invoice number is the row's header, not one of its cells.
  const cell = (header: string) => cells[headers.findIndex((h) => h.startsWith(header)) - 1]!.trim();
  paid = { number, total: listed.total, job: cell('Job'), customer: cell('Customer') };
});

test('the job and customer panels show the same total, with the words, and the same Remaining', async () => {
  expect(paid).not.toBeNull();
  const { number, total, job, customer } = paid!;
  await go('Jobs');
  await page.getByRole('searchbox', { name: 'Search' }).fill(job);
  const jobRow = page
    .getByRole('grid', { name: 'Jobs' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: job, exact: true }) });
  await tabTo(jobRow);
  await page.keyboard.press('Enter');
  const jobPanel = page.getByRole('complementary', { name: 'Job detail' });
  const invoiceLine = jobPanel
    .getByRole('region', { name: 'Invoices and payments' })
    .getByRole('row', { name: new RegExp(`^${number}`) });
  await expect(invoiceLine).toContainText(total);
  await expect(invoiceLine).toContainText(NO_GST_WORDS);
  expect(((await invoiceLine.textContent()) ?? '').match(MONEY)).toEqual([total, '$0.00']);
  await invoiceLine.scrollIntoViewIfNeeded();
  await shootLightAndDark('job-panel-invoice');

  await go('Customers');
  await page.getByRole('searchbox', { name: 'Search' }).fill(customer);
  // Several customers can share a company name: the one whose panel lists this invoice.
  const customerRows = page
    .getByRole('grid', { name: 'Customers' })
    .getByRole('row')
    // A shared name is followed by what tells the namesakes apart (" · contact · suburb · phone").
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(customer)}( · |$)`) }) });
  await expect(customerRows.first()).toBeVisible();
  const related = page
    .getByRole('complementary', { name: 'Customer' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: number, exact: true }) });
  for (let i = 0; i < (await customerRows.count()) && (await related.count()) === 0; i++) {
    await customerRows.nth(i).click();
    await expect(
      page.getByRole('complementary', { name: 'Customer' }).getByRole('region', { name: /^Invoices/ }),
    ).toBeVisible();
  }
  await expect(related.getByLabel(`$0.00 remaining of ${total} (${NO_GST_WORDS})`)).toBeVisible();
  await related.scrollIntoViewIfNeeded();
  await shootLightAndDark('customer-panel-invoice');
});

test("Today's ageing bars add up to what is outstanding, and a bar opens the Invoices list of its invoices", async () => {
  await go('Today');
  const card = page.getByRole('region', { name: 'Invoices still open' });
  const total = cents((await card.getByText(/outstanding in/).textContent())!.match(MONEY)![0]);
  const counted = Number(
    /in ([\d,]+) invoices?/.exec((await card.getByText(/outstanding in/).textContent())!)![1]!.replace(/,/g, ''),
  );
  const bars = card.getByRole('list', { name: 'Outstanding by days past due' }).getByRole('button');
  await expect(bars).toHaveCount(5);
  const names = await bars.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  const parsed = names.map((name) => ({
    name,
    count: Number(/: ([\d,]+) invoices?/.exec(name)![1]!.replace(/,/g, '')),
    cents: cents(name.match(MONEY)![0]),
  }));
  expect(parsed.map((b) => b.name.split(':')[0])).toEqual([
    'Not yet due',
    '1–30 days past due',
    '31–60 days past due',
    '61–90 days past due',
    'Over 90 days past due',
  ]);
  // Each open invoice in one bucket: the bars add up to the total, in money and in invoices.
  expect(parsed.reduce((sum, b) => sum + b.cents, 0)).toBe(total);
  expect(parsed.reduce((sum, b) => sum + b.count, 0)).toBe(counted);
  expect(total).toBeGreaterThan(0);
  await expect(card).toContainText(
    "Aged by due date: Ascora's, or 14 days after the invoice date when Ascora sent none.",
  );
  await expect(card).toContainText(/counted on the office's calendar \([A-Za-z_/]+\)/);
  await card.scrollIntoViewIfNeeded();
  await shootLightAndDark('today-ageing');
  await expectNoSeriousA11yProblems(page, 'Today, the ageing bars');

  // Keyboard only: the fullest bar opens its invoices.
  const fullest = parsed.reduce((a, b) => (b.count > a.count ? b : a));
  await tabTo(card.getByRole('button', { name: fullest.name }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  // The filter says which bucket, with the way back to every date.
  await expect(
    page.getByText(fullest.name.split(':')[0]!).filter({ has: page.getByRole('button', { name: 'Any date' }) }),
  ).toBeVisible();
  await expect(
    page.getByText(`${fullest.count.toLocaleString('en-AU')} ${fullest.count === 1 ? 'invoice' : 'invoices'}`, {
      exact: true,
    }),
  ).toBeVisible();
  await expect(page.getByText(/^Aged by due date/)).toBeVisible();
  await shootLightAndDark('invoices-ageing-filter');
  await expectNoSeriousA11yProblems(page, 'Invoices, opened from an ageing bar');
});
