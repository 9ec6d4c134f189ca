/**
 * Keyset paging: a page is asked for by the last row's (sort value, id), never by OFFSET, so the
 * 1,000th page of 100,000 rows costs what the first does. The cursor is opaque to the renderer.
 */
import { AppError } from '../../../shared/errors';
import type { Sqlite } from '../db/types';

interface Cursor {
  sort: string;
  value: string | number | null;
  id: number;
  /** The list's total as its first page counted it: later pages carry it instead of counting again. */
  total?: number;
}

export function encodeCursor(sort: string, value: string | number | null, id: number, total?: number): string {
  return Buffer.from(JSON.stringify({ sort, value, id, total } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(cursor: string | null, sort: string): Cursor | null {
  if (cursor === null) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (parsed.sort === sort && Number.isInteger(parsed.id) && ['string', 'number'].includes(typeof parsed.value) && (parsed.total === undefined || Number.isInteger(parsed.total))) return parsed;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'The list position is out of date: go back to the top of the list and try again.');
}

/**
 * A list's total: counted on its first page, then carried by the cursor, so scrolling does not
 * count again (a search over thousands of rows costs as much to count as to sort).
 */
export function listTotal(sqlite: Sqlite, from: string, where: string[], params: unknown[], after: Cursor | null): number {
  return after?.total ?? (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
}

/** A WHERE fragment for "after this row" in the given direction, over `expression, id`. */
export function keysetCondition(expression: string, idColumn: string, direction: 'asc' | 'desc'): string {
  return `(${expression}, ${idColumn}) ${direction === 'asc' ? '>' : '<'} (?, ?)`;
}

/** Midnight at the start of an Australian (Sydney) calendar day, as a UTC instant. */
export function sydneyDayStartUtc(date: string): string {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offsetMinutes = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Australia/Sydney', timeZoneName: 'longOffset' }).formatToParts(new Date(at));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+10:00';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 600;
  };
  return new Date(guess - offsetMinutes(guess - 12 * 3_600_000) * 60_000).toISOString();
}
