/** AUD money and en-AU dates, the same on both sides (cents conversions: shared/money.ts). */
import { toDollars } from './money';

const aud = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' });
const dateFmt = new Intl.DateTimeFormat('en-AU', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Australia/Sydney',
});
const dateTimeFmt = new Intl.DateTimeFormat('en-AU', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Australia/Sydney',
});

export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return aud.format(toDollars(cents));
}

/** `21/10/2025`. Accepts ISO instants or `YYYY-MM-DD`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00+10:00`) : new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateFmt.format(date);
}

const isoDayFmt = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Australia/Sydney',
});

/** The day (`YYYY-MM-DD`) it is in Sydney at this instant: the office's "today" for dates people type. */
export function sydneyDay(atMs: number): string {
  return isoDayFmt.format(new Date(atMs));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFmt.format(date);
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
