/** CSV of the current list view, built from pages fetched through the contract, then downloaded. */
import type { Page } from '../../../shared/domain';

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v);
    // Quote everything that needs it; neutralise spreadsheet formulas (CSV injection).
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
}

export async function exportAll<T>(load: (cursor: string | null) => Promise<Page<T>>, onProgress: (done: number, total: number) => void): Promise<T[]> {
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
