/**
 * Keyset paging: a page is asked for by the last row's (sort value, id), never by OFFSET, so the
 * 1,000th page of 100,000 rows costs what the first does. The cursor is opaque to the renderer.
 */
import { and, asc, desc, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Page } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';

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
    if (
      parsed.sort === sort &&
      Number.isInteger(parsed.id) &&
      ['string', 'number'].includes(typeof parsed.value) &&
      (parsed.total === undefined || Number.isInteger(parsed.total))
    )
      return parsed;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'The list position is out of date: go back to the top of the list and try again.');
}

/** What a keyset list is asked for (every list channel's input has these). */
export interface KeysetQuery {
  /** The sort's name: a cursor is only good for the sort it was made for. */
  sort: string;
  direction: 'asc' | 'desc';
  cursor: string | null;
  limit: number;
}

/** A row as a list's query reads it: its id and its value of the sort expression. */
export interface KeysetRecord {
  id: number;
  sortValue: string | number | null;
}

export interface KeysetList<R extends KeysetRecord, T> {
  /**
   * What the list is sorted by, then by `id`: an expression written exactly as its index has it
   * (SQLite uses an expression index only for the same expression; drizzle/0002), or `id` itself.
   */
  sortBy: SQL<string | number | null> | SQLiteColumn;
  id: SQLiteColumn;
  /** The list's filters (undefined ones are left out). */
  filters: (SQL | undefined)[];
  /** Counts the rows matching `where`, over the same FROM as `rows`. */
  count(where: SQL | undefined): number;
  /**
   * Reads up to `limit` rows matching `where` in `orderBy` order, each with its `sortValue`;
   * `total` (the rows matching the filters) lets a list choose how to read them (jobs.ts, a search).
   */
  rows(where: SQL | undefined, orderBy: SQL[], limit: number, total: number): R[];
  toRow(record: R): T;
}

/**
 * One page of a keyset-paged list: the page after the cursor's row (by `(sortBy, id)` in the
 * query's direction), one row more than asked to know whether another page follows, and the total
 * counted on the first page only (listTotal).
 */
export function keysetList<R extends KeysetRecord, T>(q: KeysetQuery, list: KeysetList<R, T>): Page<T> {
  const after = decodeCursor(q.cursor, q.sort);
  const filters = and(...list.filters);
  const total = after?.total ?? list.count(filters);
  const byIdOnly = list.sortBy === list.id;
  const order = q.direction === 'asc' ? asc : desc;
  let position: SQL | undefined;
  if (after && byIdOnly) position = (q.direction === 'asc' ? gt : lt)(list.id, after.id);
  else if (after)
    // A row value, which SQLite does not seek an index by: a range on the sort (sort <= v) would
    // let it drive a search from the sort's index and run the full-text match for each job.
    position = sql`(${list.sortBy}, ${list.id}) ${sql.raw(q.direction === 'asc' ? '>' : '<')} (${after.value}, ${after.id})`;
  const records = list.rows(
    and(filters, position),
    byIdOnly ? [order(list.id)] : [order(list.sortBy), order(list.id)],
    q.limit + 1,
    total,
  );
  const page = records.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(list.toRow),
    nextCursor: records.length > q.limit && last ? encodeCursor(q.sort, last.sortValue, last.id, total) : null,
    total,
  };
}

/** The answer to a search with nothing searchable in it: no rows, and why (never every row). */
export function nothingSearchablePage<T>(): Page<T> {
  return { rows: [], nextCursor: null, total: 0, nothingSearchable: true };
}

/** A dynamic select narrowed to one page: `where`, `orderBy` and `limit` as keysetList gives them. */
export function pageQuery<Q extends SQLiteSelect>(query: Q, where: SQL | undefined, orderBy: SQL[], limit: number) {
  return query
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
}
