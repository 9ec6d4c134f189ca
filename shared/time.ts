/**
 * The office's calendar: which day it is, where a day starts and the days around it, in one IANA
 * time zone (Settings, defaulting to the zone of the computer the core runs on). Calendar
 * arithmetic goes through date-fns and @date-fns/tz, never by adding 24 hours: a day is 23 or 25
 * hours long when daylight saving starts or ends.
 */
import { TZDate } from '@date-fns/tz';
// Each function by its own path: the package's index loads every function (about 8 MB a thread).
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a zone this JavaScript runtime knows (an IANA name such as `Australia/Perth`, or `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone of the computer this code runs on (the core reads it once for the Settings default). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar day (`YYYY-MM-DD`) it is in the zone at this instant: the office's "today". */
export function dayIn(zone: string, atMs: number): string {
  return format(new TZDate(atMs, zone), 'yyyy-MM-dd');
}

function parseDay(day: string): [year: number, monthIndex: number, date: number] {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

/** The last day a `YYYY-MM-DD` can name: there is no day after it to end a range at. */
export const LAST_CALENDAR_DAY = '9999-12-31';

/** The day `days` calendar days after (or before, when negative) `day`, both `YYYY-MM-DD`. */
export function addCalendarDays(day: string, days: number): string {
  // A calendar day has no zone: UTC is only where the arithmetic happens, never a wall clock.
  return format(addDays(new TZDate(...parseDay(day), 'UTC'), days), 'yyyy-MM-dd');
}

/** The instant (ISO, UTC) the day starts in the zone: midnight, whatever its offset that day. */
export function dayStartUtc(zone: string, day: string): string {
  return new Date(new TZDate(...parseDay(day), zone).getTime()).toISOString();
}
