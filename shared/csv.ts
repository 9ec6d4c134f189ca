/** CSV text a spreadsheet opens as plain data: the renderer's list exports and main's local-only export. */

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
