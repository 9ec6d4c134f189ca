/**
 * AUD money and en-AU dates, the same on both sides (cents conversions: shared/money.ts; the
 * office's calendar: shared/time.ts).
 */
import { toDollars } from './money';
import { isTimeZone, systemTimeZone } from './time';

const aud = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' });
/**
 * The zone dates are shown in when a caller does not name one: the renderer sets the office's
 * (Settings) as soon as it has it (setDisplayTimeZone). The core always names the zone.
 */
let displayTimeZone = systemTimeZone();

export function setDisplayTimeZone(zone: string): void {
  if (isTimeZone(zone)) displayTimeZone = zone;
}

export function getDisplayTimeZone(): string {
  return displayTimeZone;
}

const formats = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();
function formatsIn(zone: string) {
  let found = formats.get(zone);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat('en-AU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: zone }),
      dateTime: new Intl.DateTimeFormat('en-AU', {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: zone,
      }),
    };
    formats.set(zone, found);
  }
  return found;
}

export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return aud.format(toDollars(cents));
}

/**
 * `21/10/2025`. A calendar day (`YYYY-MM-DD`: a payment or invoice date) is shown as it is; an
 * instant is shown as the day it was in the zone.
 */
export function formatDate(iso: string | null | undefined, zone = displayTimeZone): string {
  if (!iso) return '—';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : formatsIn(zone).date.format(date);
}

export function formatDateTime(iso: string | null | undefined, zone = displayTimeZone): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : formatsIn(zone).dateTime.format(date);
}

const PRICING_WORDS: Record<string, string> = {
  'FIXED-PRICE': 'Fixed price',
  'TIME-AND-MATERIALS': 'Time and materials',
};

/** Ascora's pricing method in words ("Fixed price", not `FIXED-PRICE`); one it may add later, as it came. */
export function pricingWords(method: string | null | undefined): string {
  if (!method) return '—';
  return PRICING_WORDS[method] ?? method;
}

/** Ascora's status text, or `Status #n` when a tenant's code has no text (never mapped). */
export function statusLabel(statusText: string | null, statusCode: number | null): string {
  if (statusText) return statusText;
  return statusCode === null ? 'Unknown' : `Status #${statusCode}`;
}

/**
 * A stored word or phrase as the UI shows it: first letter capital, the rest as it was
 * ("success" -> "Success", "local_only" -> "Local only"). Names and codes are left alone.
 */
export function sentenceCase(text: string | null | undefined): string {
  if (!text) return '';
  const words = text.replace(/_/g, ' ');
  return words.charAt(0).toLocaleUpperCase('en-AU') + words.slice(1);
}

/** "1 change", "3 changes", "1,204 jobs": a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-AU')} ${count === 1 ? singular : pluralForm}`;
}
