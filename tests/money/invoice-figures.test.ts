/**
 * An invoice's money as an accountant checks it, on worked examples (shared/invoice-figures.ts):
 * totals with GST, what remains after part payments, a credit note, and Xero's ageing buckets
 * across month ends and the office's midnight, each invoice in one bucket, adding up to the whole.
 */
import { describe, expect, it } from 'vitest';
import {
  AGEING_BUCKETS,
  ageingBucketOf,
  ageingRule,
  ageingSpan,
  dueDayOf,
  gstOf,
  invoiceFigures,
  remainingInWords,
} from '../../shared/invoice-figures';
import { addCalendarDays, dayIn } from '../../shared/time';

describe('totals, GST and what remains', () => {
  it('an invoice with its GST from Ascora: $1,000.00 + $100.00 GST = $1,100.00', () => {
    expect(invoiceFigures({ totalExTaxCents: 1000_00, taxCents: 100_00, paidInAppCents: 0 })).toEqual({
      exGstCents: 1000_00,
      gstCents: 100_00,
      gstFromAscora: true,
      totalCents: 1100_00,
      paidCents: 0,
      remainingCents: 1100_00,
    });
  });

  it('an invoice Ascora sent without GST: $1,489.00 ex GST is $1,637.90 with 10% added, and paying that leaves $0.00', () => {
    const unpaid = invoiceFigures({ totalExTaxCents: 1489_00, taxCents: null, paidInAppCents: 0 });
    expect(unpaid).toMatchObject({ gstCents: 148_90, gstFromAscora: false, totalCents: 1637_90 });
    // The payment the customer makes: the total with GST. Nothing left, nothing overpaid.
    const paid = invoiceFigures({ totalExTaxCents: 1489_00, taxCents: null, paidInAppCents: 1637_90 });
    expect(paid.remainingCents).toBe(0);
    expect(remainingInWords(paid)).toBe('$0.00');
  });

  it('part payments: $1,100.00 less $400.00 and $300.00 leaves $400.00', () => {
    const f = invoiceFigures({ totalExTaxCents: 1000_00, taxCents: 100_00, paidInAppCents: 400_00 + 300_00 });
    expect(f.remainingCents).toBe(400_00);
    expect(remainingInWords(f)).toBe('$400.00');
  });

  it('a credit note: -$50.00 ex GST, -$5.00 GST, -$55.00 in all, shown as a credit note', () => {
    const fromAscora = invoiceFigures({ totalExTaxCents: -50_00, taxCents: -5_00, paidInAppCents: 0 });
    expect(fromAscora).toMatchObject({ totalCents: -55_00, remainingCents: -55_00 });
    expect(remainingInWords(fromAscora)).toBe('-$55.00 credit note');
    // Without Ascora's GST, the 10% added is negative too.
    expect(invoiceFigures({ totalExTaxCents: -50_00, taxCents: null, paidInAppCents: 0 }).totalCents).toBe(-55_00);
  });

  it('more paid than the total is shown as overpaid, the same figure wherever it is shown', () => {
    const f = invoiceFigures({ totalExTaxCents: 100_00, taxCents: 10_00, paidInAppCents: 120_00 });
    expect(f.remainingCents).toBe(-10_00);
    expect(remainingInWords(f)).toBe('-$10.00 overpaid');
  });

  it('10% GST in whole cents, half a cent away from zero, the same for credits', () => {
    expect([gstOf(4), gstOf(5), gstOf(14), gstOf(15), gstOf(88_00), gstOf(0)]).toEqual([0, 1, 1, 2, 8_80, 0]);
    expect([gstOf(-5), gstOf(-15)]).toEqual([-1, -2]);
    expect(Object.is(gstOf(-4), 0)).toBe(true); // never -0, which shows as -$0.00
  });
});

describe('due dates', () => {
  it("Ascora's due date when it sends one, else 14 days after the invoice date (across a month end), else none", () => {
    expect(dueDayOf({ dueDate: '2026-02-10T00:00:00', invoiceDate: '2026-01-27T00:00:00' })).toEqual({
      day: '2026-02-10',
      from: 'ascora',
    });
    expect(dueDayOf({ dueDate: null, invoiceDate: '2026-01-20T00:00:00' })).toEqual({
      day: '2026-02-03',
      from: 'terms',
    });
    expect(dueDayOf({ dueDate: null, invoiceDate: '2026-02-20T00:00:00' })).toEqual({
      day: '2026-03-06',
      from: 'terms',
    });
    expect(dueDayOf({ dueDate: 'soon', invoiceDate: null })).toBeNull();
    expect(ageingBucketOf({ dueDate: null, invoiceDate: null }, '2026-03-01')).toBe('undated');
  });
});

describe("ageing, Xero's buckets in days past due", () => {
  const due = (day: string) => ({ dueDate: `${day}T00:00:00`, invoiceDate: null });

  it('counts calendar days across month ends: 1 March is 30 days after 30 January (February has 28)', () => {
    expect(ageingBucketOf(due('2026-03-01'), '2026-03-01')).toBe('current'); // due today
    expect(ageingBucketOf(due('2026-02-28'), '2026-03-01')).toBe('1-30'); // 1 day
    expect(ageingBucketOf(due('2026-01-30'), '2026-03-01')).toBe('1-30'); // 30 days
    expect(ageingBucketOf(due('2026-01-29'), '2026-03-01')).toBe('31-60'); // 31 days
    expect(ageingBucketOf(due('2025-12-31'), '2026-03-01')).toBe('31-60'); // 60 days
    expect(ageingBucketOf(due('2025-12-30'), '2026-03-01')).toBe('61-90'); // 61 days
    expect(ageingBucketOf(due('2025-12-01'), '2026-03-01')).toBe('61-90'); // 90 days
    expect(ageingBucketOf(due('2025-11-30'), '2026-03-01')).toBe('over-90'); // 91 days
    expect(ageingBucketOf(due('2026-04-01'), '2026-03-01')).toBe('current'); // not yet due
  });

  it("turns over at the office's midnight in Sydney, not UTC's", () => {
    const invoice = due('2026-10-31');
    // 23:59:59 on 30 November in Sydney (AEDT, UTC+11): 30 days past due.
    const before = dayIn('Australia/Sydney', Date.parse('2026-11-30T12:59:59Z'));
    // 00:00 on 1 December in Sydney, while UTC is still on 30 November: 31 days.
    const after = dayIn('Australia/Sydney', Date.parse('2026-11-30T13:00:00Z'));
    expect([before, after]).toEqual(['2026-11-30', '2026-12-01']);
    expect(ageingBucketOf(invoice, before)).toBe('1-30');
    expect(ageingBucketOf(invoice, after)).toBe('31-60');
    expect(dayIn('UTC', Date.parse('2026-11-30T13:00:00Z'))).toBe('2026-11-30');
  });

  it('puts every due day in exactly one bucket', () => {
    const today = '2026-03-01';
    for (let days = -40; days <= 400; days++) {
      const day = addCalendarDays(today, -days);
      const holding = AGEING_BUCKETS.filter((b) => {
        if (b === 'undated') return false;
        const span = ageingSpan(b, today);
        return (span.from === null || day >= span.from) && (span.before === null || day < span.before);
      });
      expect(holding, `${days} days past due`).toHaveLength(1);
    }
  });

  it('buckets add up to the total outstanding: a worked ledger on 1 December in Sydney', () => {
    const today = '2026-12-01';
    const ledger = [
      // number, invoice date, Ascora's due date, ex GST, Ascora's GST, paid here
      ['INV-1', '2026-11-25', '2026-12-09', 1000_00, 100_00, 0], // current: $1,100.00
      ['INV-2', '2026-11-10', null, 2000_00, null, 500_00], // due 24 Nov, 7 days: $2,200.00 - $500.00
      ['INV-3', '2026-10-01', '2026-10-15', 300_00, 30_00, 0], // 47 days: $330.00
      ['INV-4', '2026-08-20', null, 4000_00, null, 0], // due 3 Sep, 89 days: $4,400.00
      ['INV-5', '2026-07-01', '2026-07-15', 500_00, 50_00, 550_00], // paid in full: not outstanding
      ['INV-6', '2026-06-01', null, 600_00, null, 100_00], // due 15 Jun, 169 days: $660.00 - $100.00
      ['INV-7', '2026-11-30', null, -50_00, -5_00, 0], // a credit note: owes nothing
    ] as const;
    const open = ledger
      .map(([, invoiceDate, dueDate, ex, tax, paid]) => ({
        bucket: ageingBucketOf({ invoiceDate, dueDate }, today),
        remaining: invoiceFigures({ totalExTaxCents: ex, taxCents: tax, paidInAppCents: paid }).remainingCents,
      }))
      .filter((row) => row.remaining > 0);
    const byBucket = Object.fromEntries(
      AGEING_BUCKETS.map((b) => [
        b,
        open.filter((row) => row.bucket === b).reduce((sum, row) => sum + row.remaining, 0),
      ]),
    );
    expect(byBucket).toEqual({
      current: 1100_00,
      '1-30': 1700_00,
      '31-60': 330_00,
      '61-90': 4400_00,
      'over-90': 560_00,
      undated: 0,
    });
    const outstanding = open.reduce((sum, row) => sum + row.remaining, 0);
    expect(outstanding).toBe(8090_00);
    expect(Object.values(byBucket).reduce((a, b) => a + b, 0)).toBe(outstanding);
  });

  it('states its rule: due date, the 14 days of terms, and the zone', () => {
    const rule = ageingRule('Australia/Sydney');
    expect(rule).toContain('Aged by due date');
    expect(rule).toContain('14 days after the invoice date');
    expect(rule).toContain('(Australia/Sydney)');
  });
});
