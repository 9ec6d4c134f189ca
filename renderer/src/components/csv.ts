/** CSV of the current list view, built from pages fetched through the contract, then downloaded. */
import type { Page } from '../../../shared/domain';

/**
 * Cells a spreadsheet may run as a formula (CSV injection), whoever wrote them: Ascora's data as
 * much as what was typed here. A formula character first, or after leading spaces (some
 * spreadsheets trim them), or its full-width form (an East Asian keyboard's, which Excel reads as
 * the ASCII one); or a tab, CR, LF or NUL first, which can move the start of the cell past them.
 */
const FORMULA_START = /^[\t\r\n\0]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v);
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

export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
