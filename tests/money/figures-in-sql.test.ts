/**
 * The core's SQL says what shared/invoice-figures.ts says: the list's remaining, its filter by
 * ageing bucket and Today's sums are computed in SQLite (invoices.ts), the rows' figures in
 * TypeScript. Over a real SQLite file, with credit notes, half cents, payments of each state and
 * due dates from Ascora or from the terms, the two never differ by a cent or a day.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ascoraInvoices } from '../../main/core/db/schema';
import { createDashboardService } from '../../main/core/services/dashboard';
import { createInvoiceService, INVOICE_TOTAL, REMAINING } from '../../main/core/services/invoices';
import { createSettingsService } from '../../main/core/services/settings';
import { contract } from '../../shared/contract';
import { AGEING_BUCKETS, ageingBucketOf, invoiceFigures } from '../../shared/invoice-figures';
import { addCalendarDays } from '../../shared/time';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

let core: TestCore;
let integrationId: number;
// 00:30 on 1 December in Sydney; still 30 November in UTC.
const NOW = Date.parse('2026-11-30T13:30:00Z');
const TODAY = '2026-12-01';

beforeEach(() => {
  core = createTestCore({ clock: createFakeClock(NOW) });
  integrationId = insertIntegration(core.sqlite);
  createSettingsService(core).update({ timeZone: 'Australia/Sydney' });
});
afterEach(() => core.close());

/** A spread of invoices: every ex-GST amount ending in 0 to 9 cents, credits, GST sent or not, dates across the buckets. */
function seed(): void {
  const insert = core.sqlite.prepare(
    'INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, due_date, total_ex_tax_cents, tax_cents) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const pay = core.sqlite.prepare(
    "INSERT INTO payments (integration_id, invoice_id, amount_cents, payment_date, payment_method, state, created_at, updated_at) VALUES (?, ?, ?, '2026-11-30', 'EFT', ?, '', '')",
  );
  const states = ['pending', 'sent', 'failed', 'needs_check'];
  for (let n = 0; n < 120; n++) {
    const ex = (n % 7 === 0 ? -1 : 1) * (1234_00 + n * 13); // cents ending 0 to 9, half cents of GST included
    const tax = n % 3 === 0 ? Math.round(ex / 10) : null;
    // Dated from 24 days ahead to 95 days past due, a day apart: every bucket's edges, both sides.
    const dated = n % 11 !== 0;
    const invoiceDate = dated ? `${addCalendarDays(TODAY, 10 - n)}T00:00:00` : null;
    const dueDate = n % 4 === 0 && dated ? `${addCalendarDays(TODAY, 24 - n)}T00:00:00` : null;
    const id = Number(insert.run(integrationId, `g-${n}`, `INV-${n}`, invoiceDate, dueDate, ex, tax).lastInsertRowid);
    if (n % 2 === 0) pay.run(integrationId, id, Math.floor(Math.abs(ex) / 2) + (n % 5), states[n % 4]);
    if (n % 5 === 0) pay.run(integrationId, id, 1_00, states[(n + 1) % 4]);
  }
}

describe('the SQL and shared/invoice-figures.ts agree', () => {
  it('on every total and remaining amount', () => {
    seed();
    const invoices = createInvoiceService(core);
    const sqlFigures = core.db
      .select({ id: ascoraInvoices.id, total: INVOICE_TOTAL, remaining: REMAINING })
      .from(ascoraInvoices)
      .where(eq(ascoraInvoices.integrationId, integrationId))
      .all();
    expect(sqlFigures).toHaveLength(120);
    for (const row of sqlFigures) {
      const detail = invoices.get(row.id);
      const figures = invoiceFigures(detail);
      expect([row.total, row.remaining], detail.invoiceNumber).toEqual([figures.totalCents, figures.remainingCents]);
      expect(detail.remainingCents).toBe(figures.remainingCents);
    }
  });

  it("on each invoice's ageing bucket, and Today's bars sum what the lists hold", () => {
    seed();
    const invoices = createInvoiceService(core);
    const listOf = (ageing: (typeof AGEING_BUCKETS)[number]) =>
      invoices.list(
        contract['invoices.list'].input.parse({ integrationId, ageing, outstandingOnly: true, limit: 500 }),
      );
    const summary = createDashboardService(core).summary(integrationId);
    expect(summary.today).toBe(TODAY);
    let seen = 0;
    for (const bucket of AGEING_BUCKETS) {
      const page = listOf(bucket);
      for (const row of page.rows) {
        const { dueDate, invoiceDate } = invoices.get(row.id);
        expect(ageingBucketOf({ dueDate, invoiceDate }, TODAY), row.invoiceNumber).toBe(bucket);
      }
      const bar = summary.ageing.find((b) => b.bucket === bucket)!;
      expect(page.total, bucket).toBe(bar.count);
      expect(
        page.rows.reduce((sum, r) => sum + r.remainingCents, 0),
        bucket,
      ).toBe(bar.remainingCents);
      seen += page.total;
    }
    // Each open invoice in exactly one bucket: the bars add up to the total outstanding.
    expect(seen).toBe(summary.outstanding.count);
    expect(summary.ageing.reduce((sum, b) => sum + b.remainingCents, 0)).toBe(summary.outstanding.remainingCents);
    expect(summary.outstanding.count).toBeGreaterThan(30);
  });
});
