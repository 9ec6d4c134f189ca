/**
 * An invoice's money as an accountant reads it, decided here once: its total, GST, what was paid,
 * what remains, and how old what remains is. Every screen, CSV file and Today figure takes its
 * numbers from here; the core's SQL (main/core/services/invoices.ts) says the same things for
 * filtering, sorting and summing, and tests/money/ holds the two equal.
 *
 * - The total includes GST. Ascora sends the GST of about half its invoices; for the others the
 *   app adds 10% GST to the ex-GST total (the rate on every line a restoration office bills) and
 *   says so in words beside the figure (NO_GST_WORDS), never silently.
 * - Remaining is the total less the payments recorded in this app (Ascora gives no paid amount).
 *   It is negative on a credit note and on an invoice paid more than its total, and shown so,
 *   with a word saying which, on every screen alike.
 * - Ageing is Xero's aged receivables: current, 1–30, 31–60, 61–90 and over 90 days past due,
 *   each invoice in exactly one bucket, by its due date (Ascora's, or PAYMENT_TERMS_DAYS after the
 *   invoice date when Ascora sent none), counted in calendar days on the office's calendar.
 */
import { formatMoney } from './format';
import { addCalendarDays } from './time';

/** Australian GST, the rate the app adds when Ascora sent an invoice without its GST. */
export const GST_PERCENT = 10;

/**
 * The terms an invoice without a due date from Ascora is taken to have: Ascora's invoices that
 * carry a due date are due 14 days after their invoice date.
 */
export const PAYMENT_TERMS_DAYS = 14;

/** Said beside a total whose GST the app added because Ascora sent none. */
export const NO_GST_WORDS = `${GST_PERCENT}% GST added: Ascora sent none`;
/** The same where a list's narrow column has room for three words (NO_GST_WORDS is its tooltip). */
export const NO_GST_SHORT_WORDS = `${GST_PERCENT}% GST added`;

/**
 * 10% of an ex-GST amount in whole cents, half a cent rounded away from zero, in integers only
 * (the SQL does the same with integer division, so the two never differ by a cent).
 */
export function gstOf(exGstCents: number): number {
  const magnitude = Math.floor((Math.abs(exGstCents) + 5) / 10);
  return exGstCents < 0 ? 0 - magnitude : magnitude; // 0 - 0 is 0, never -0 ("-$0.00")
}

/** What an invoice's figures are worked out from: the invoice as stored, and the payments recorded here. */
export interface InvoiceAmounts {
  totalExTaxCents: number;
  /** Only when Ascora sent a tax figure. */
  taxCents: number | null;
  paidInAppCents: number;
}

export interface InvoiceFigures {
  exGstCents: number;
  gstCents: number;
  /** False when Ascora sent no GST and the app added 10%: show NO_GST_WORDS beside the total. */
  gstFromAscora: boolean;
  /** The total with GST: what the customer is asked to pay. */
  totalCents: number;
  paidCents: number;
  /** The total less what was paid; negative for a credit note or an overpaid invoice. */
  remainingCents: number;
}

export function invoiceFigures(invoice: InvoiceAmounts): InvoiceFigures {
  const gstFromAscora = invoice.taxCents !== null;
  const gstCents = invoice.taxCents ?? gstOf(invoice.totalExTaxCents);
  const totalCents = invoice.totalExTaxCents + gstCents;
  return {
    exGstCents: invoice.totalExTaxCents,
    gstCents,
    gstFromAscora,
    totalCents,
    paidCents: invoice.paidInAppCents,
    remainingCents: totalCents - invoice.paidInAppCents,
  };
}

/** The word beside a negative remaining amount: a credit note owes the customer; more was paid than asked. */
export function remainingWords(figures: Pick<InvoiceFigures, 'totalCents' | 'remainingCents'>): string | null {
  if (figures.remainingCents >= 0) return null;
  return figures.totalCents < 0 ? 'credit note' : 'overpaid';
}

/** Remaining as every screen shows it: signed, with its word when below zero ("-$55.00 credit note"). */
export function remainingInWords(figures: Pick<InvoiceFigures, 'totalCents' | 'remainingCents'>): string {
  const words = remainingWords(figures);
  return words ? `${formatMoney(figures.remainingCents)} ${words}` : formatMoney(figures.remainingCents);
}

/** Xero's aged receivables buckets, oldest last; `undated` holds an invoice with no date to age it by. */
export const AGEING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90', 'undated'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

export const AGEING_LABELS: Record<AgeingBucket, string> = {
  current: 'Current',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  'over-90': 'Over 90 days',
  undated: 'No date',
};

/** The bucket in words as a filter or a bar names it ("1–30 days past due", "not yet due"). */
export const AGEING_WORDS: Record<AgeingBucket, string> = {
  current: 'Not yet due',
  '1-30': '1–30 days past due',
  '31-60': '31–60 days past due',
  '61-90': '61–90 days past due',
  'over-90': 'Over 90 days past due',
  undated: 'No invoice or due date to age by',
};

/** The rule, as the screens state it beside the figures. */
export function ageingRule(timeZone: string): string {
  return (
    `Aged by due date: Ascora's, or ${PAYMENT_TERMS_DAYS} days after the invoice date when Ascora sent none. ` +
    `Days past due are counted on the office's calendar (${timeZone}). ` +
    `Amounts are what remains with GST after the payments recorded in this app.`
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

/** The calendar day (YYYY-MM-DD) of Ascora's local date-time, or null when it is not one. */
function calendarDay(ascoraDate: string | null): string | null {
  return ascoraDate && DAY.test(ascoraDate) ? ascoraDate.slice(0, 10) : null;
}

/**
 * The day an invoice is due: Ascora's due date, else its invoice date plus the terms; null with
 * neither. Ascora's dates are the office's local dates, so only their YYYY-MM-DD part counts.
 */
export function dueDayOf(invoice: {
  dueDate: string | null;
  invoiceDate: string | null;
}): { day: string; from: 'ascora' | 'terms' } | null {
  const due = calendarDay(invoice.dueDate);
  if (due) return { day: due, from: 'ascora' };
  const invoiced = calendarDay(invoice.invoiceDate);
  return invoiced ? { day: addCalendarDays(invoiced, PAYMENT_TERMS_DAYS), from: 'terms' } : null;
}

/**
 * Each dated bucket as a span of due days: due on or after `from` and before `before` (YYYY-MM-DD,
 * null for no bound), for the office's `today`. "Current" is due today or later.
 */
export function ageingSpan(
  bucket: Exclude<AgeingBucket, 'undated'>,
  today: string,
): { from: string | null; before: string | null } {
  const ago = (days: number) => addCalendarDays(today, -days);
  switch (bucket) {
    case 'current':
      return { from: today, before: null };
    case '1-30':
      return { from: ago(30), before: today };
    case '31-60':
      return { from: ago(60), before: ago(30) };
    case '61-90':
      return { from: ago(90), before: ago(60) };
    case 'over-90':
      return { from: null, before: ago(90) };
  }
}

/** The bucket an invoice falls in on the office's `today`. */
export function ageingBucketOf(
  invoice: { dueDate: string | null; invoiceDate: string | null },
  today: string,
): AgeingBucket {
  const due = dueDayOf(invoice);
  if (!due) return 'undated';
  const bucket = AGEING_BUCKETS.find((b) => {
    if (b === 'undated') return false;
    const span = ageingSpan(b, today);
    return (span.from === null || due.day >= span.from) && (span.before === null || due.day < span.before);
  });
  return bucket ?? 'undated';
}
