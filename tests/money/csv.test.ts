/**
 * The Invoices CSV as Excel and Xero read it: built from the invoice service's own pages over a
 * real SQLite file, as the Export CSV button builds it. Amounts are numbers (a credit note's -55.00
 * is added up, not read as text), totals are with GST and say where the GST came from, and a text
 * cell a spreadsheet would run as a formula is still made plain text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExportService } from '../../main/core/services/export';
import { createInvoiceService } from '../../main/core/services/invoices';
import { contract } from '../../shared/contract';
import type { InvoiceExportDetails } from '../../shared/domain';
import { NO_GST_WORDS } from '../../shared/invoice-figures';
import { invoicesCsv } from '../../renderer/src/components/csv-lists';
import { toCsv } from '../../renderer/src/components/csv';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

let core: TestCore;
let integrationId: number;
beforeEach(() => {
  core = createTestCore({ clock: createFakeClock(Date.parse('2026-12-01T01:00:00Z')) });
  integrationId = insertIntegration(core.sqlite);
});
afterEach(() => core.close());

function invoice(number: string, customer: string, exCents: number, taxCents: number | null, paidCents = 0): void {
  core.sqlite
    .prepare(
      'INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, site_customer_name) VALUES (?, ?, ?, ?, ?)',
    )
    .run(integrationId, `job-${number}`, `J-${number}`, 'Job', customer);
  const id = core.sqlite
    .prepare(
      "INSERT INTO ascora_invoices (integration_id, ascora_invoice_id, invoice_number, invoice_date, due_date, ascora_job_id, total_ex_tax_cents, tax_cents) VALUES (?, ?, ?, '2026-11-02T00:00:00', '2026-11-16T00:00:00', ?, ?, ?)",
    )
    .run(integrationId, `g-${number}`, number, `job-${number}`, exCents, taxCents).lastInsertRowid;
  if (paidCents)
    core.sqlite
      .prepare(
        "INSERT INTO payments (integration_id, invoice_id, amount_cents, payment_date, payment_method, state, created_at, updated_at) VALUES (?, ?, ?, '2026-11-20', 'EFT', 'sent', '', '')",
      )
      .run(integrationId, id, paidCents);
}

/** The CSV the Invoices screen would save, as lines of cells by header (no cell here holds a comma). */
function exported(): Record<string, string>[] {
  const page = createInvoiceService(core).list(
    contract['invoices.list'].input.parse({ integrationId, sort: 'invoiceNumber', direction: 'asc' }),
  );
  const details = createExportService(core).handlers['invoices.exportDetails']!({
    ids: page.rows.map((r) => r.id),
  }) as InvoiceExportDetails[];
  const csv = invoicesCsv(page.rows.map((row) => ({ row, details: details.find((d) => d.id === row.id) })));
  const [header, ...lines] = csv.split('\r\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

describe('the Invoices CSV', () => {
  it('writes amounts as numbers, a credit note negative, with GST, each total adding up', () => {
    invoice('INV-1', 'Harbour Strata', 1000_00, 100_00, 400_00);
    invoice('INV-2', 'Kim Nguyen', 1489_00, null);
    invoice('INV-3', 'Kim Nguyen', -50_00, -5_00);
    const [gst, noGst, credit] = exported();
    expect(gst).toMatchObject({
      'Ex GST (AUD)': '1000.00',
      'GST (AUD)': '100.00',
      'Total inc GST (AUD)': '1100.00',
      'Paid in app (AUD)': '400.00',
      'Remaining (AUD)': '700.00',
      'GST from': 'Ascora',
    });
    // Ascora sent no GST: 10% is added, and the file says so.
    expect(noGst).toMatchObject({
      'Ex GST (AUD)': '1489.00',
      'GST (AUD)': '148.90',
      'Total inc GST (AUD)': '1637.90',
      'Remaining (AUD)': '1637.90',
      'GST from': NO_GST_WORDS,
    });
    // A credit note: numbers a spreadsheet adds up, not the text '-55.00.
    expect(credit).toMatchObject({
      'Ex GST (AUD)': '-50.00',
      'GST (AUD)': '-5.00',
      'Total inc GST (AUD)': '-55.00',
      'Remaining (AUD)': '-55.00',
    });
    for (const line of [gst, noGst, credit])
      expect(Number(line!['Ex GST (AUD)']) + Number(line!['GST (AUD)'])).toBeCloseTo(
        Number(line!['Total inc GST (AUD)']),
        2,
      );
  });

  it('still makes a text cell that starts like a formula plain text, a minus sign included', () => {
    invoice('INV-4', '=HYPERLINK("http://x.example")', 100_00, 10_00);
    invoice('INV-5', '-Smith', -100_00, -10_00);
    const csv = exported();
    expect(csv[0]!.Customer).toBe(`"'=HYPERLINK(""http://x.example"")"`);
    expect(csv[1]!.Customer).toBe(`"'-Smith"`);
    expect(csv[1]!['Total inc GST (AUD)']).toBe('-110.00');
  });

  it('writes a number and an amount as numbers, and the same characters in a text cell as guarded text', () => {
    expect(toCsv(['n', 'amount', 'text'], [[-3, { cents: -5500 }, '-3']])).toBe(`n,amount,text\r\n-3,-55.00,"'-3"`);
  });
});
