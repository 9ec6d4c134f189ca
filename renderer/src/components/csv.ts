/** CSV of the current list view, built from pages fetched through the contract, then downloaded. */
import type { Page } from '../../../shared/domain';
import { getDisplayTimeZone } from '../../../shared/format';
import { plainDollars } from '../../../shared/money';
import { dayIn } from '../../../shared/time';

/**
 * Cells a spreadsheet may run as a formula (CSV injection), whoever wrote them: Ascora's data as
 * much as what was typed here. A formula character first, or after leading spaces (some
 * spreadsheets trim them), or its full-width form (an East Asian keyboard's, which Excel reads as
 * the ASCII one); or a tab, CR, LF or NUL first, which can move the start of the cell past them.
 * Text cells only: a number (an amount, a count) is written as the number it is.
 */
const FORMULA_START = /^[\t\r\n\0]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** An amount of money in a cell: written as a number in dollars (`-55.00`), which a spreadsheet adds up. */
export interface CsvAmount {
  cents: number;
}

/** A cell for an amount in cents, or an empty cell for none. */
export const csvAmount = (cents: number | null | undefined): CsvAmount | null =>
  cents === null || cents === undefined ? null : { cents };

export type CsvCell = string | number | CsvAmount | null | undefined;

export function toCsv(header: string[], rows: CsvCell[][]): string {
  const cell = (v: CsvCell) => {
    if (v === null || v === undefined) return '';
    // Numbers are numbers: a leading minus is a negative amount (a credit note), not a formula.
    if (typeof v === 'object') return plainDollars(v.cents);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    const text = String(v);
    // Quote everything that needs it; a leading apostrophe makes a would-be formula plain text.
    const safe = FORMULA_START.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
}

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

/** `jobs-2026-12-01.csv`: the day it was made on, in the office's time zone. */
export function csvFileName(list: string, nowMs: number): string {
  return `${list}-${dayIn(getDisplayTimeZone(), nowMs)}.csv`;
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
