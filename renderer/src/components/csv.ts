/** CSV of the current list view, built from pages fetched through the contract, then downloaded. */
import type { Page } from '../../../shared/domain';
import { getDisplayTimeZone } from '../../../shared/format';
import { dayIn } from '../../../shared/time';

// The cell rules (quoting, no formulas, amounts as numbers) are shared with main's exports.
export { csvAmount, toCsv, type CsvAmount, type CsvCell } from '../../../shared/csv';

export async function exportAll<T>(
  load: (cursor: string | null) => Promise<Page<T>>,
  onProgress: (done: number, total: number) => void,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await load(cursor);
    all.push(...page.rows);
    onProgress(all.length, page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Every row of the list as it is filtered and sorted, each page's further columns asked for by id
 * (the `*.exportDetails` channels) as it arrives.
 */
export async function exportWithDetails<T extends { id: number }, D extends { id: number }>(
  load: (cursor: string | null) => Promise<Page<T>>,
  details: (ids: number[]) => Promise<D[]>,
  onProgress: (done: number, total: number) => void,
): Promise<{ row: T; details: D | undefined }[]> {
  const all: { row: T; details: D | undefined }[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await load(cursor);
    const more = page.rows.length > 0 ? await details(page.rows.map((r) => r.id)) : [];
    const byId = new Map(more.map((d) => [d.id, d]));
    all.push(...page.rows.map((row) => ({ row, details: byId.get(row.id) })));
    onProgress(all.length, page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** What narrowed the list an export is made from: the search as typed, and whether any filter is set. */
export interface CsvScope {
  search: string;
  filtered: boolean;
}

/** A search as a file name's word: letters and digits, the rest as single dashes, at most 30 characters. */
function searchWords(search: string): string {
  const words = search
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, 30)
    .replace(/^-+|-+$/g, '');
  return words ? `search-${words}` : 'search';
}

/**
 * The file says what it holds and the day it was made on (in the office's time zone):
 * `jobs-all-2026-12-01.csv` for the whole list, `jobs-search-water-2026-12-01.csv` after a search,
 * `jobs-filtered-2026-12-01.csv` with a filter set, `jobs-search-water-filtered-…` with both.
 */
export function csvFileName(list: string, scope: CsvScope, nowMs: number): string {
  const search = scope.search.trim();
  const what = [search ? searchWords(search) : null, scope.filtered ? 'filtered' : null].filter(Boolean);
  return `${list}-${what.length > 0 ? what.join('-') : 'all'}-${dayIn(getDisplayTimeZone(), nowMs)}.csv`;
}

export function savedNotice(fileName: string, rows: number): string {
  return `Saved ${fileName} (${rows.toLocaleString('en-AU')} ${rows === 1 ? 'row' : 'rows'})`;
}

export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
