/** CSV text a spreadsheet opens as plain data: the renderer's list exports and main's local-only export. */
import { plainText } from './display-text';
import { plainDollars } from './money';

/**
 * Cells a spreadsheet may run as a formula (CSV injection), whoever wrote them: Ascora's data as
 * much as what was typed here. A formula character first, or after leading spaces (some
 * spreadsheets trim them), or its full-width form (an East Asian keyboard's, which Excel reads as
 * the ASCII one); or a tab, CR, LF or NUL first, which can move the start of the cell past them.
 * Text cells only: a number (an amount, a count) is written as the number it is.
 */
const FORMULA_START = /^[\t\r\n\0]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
/**
 * A line break followed (after spaces) by a formula character: a tool that splits the file on
 * line breaks, or a person pasting the cell, starts a row with a formula; each such line gets the
 * apostrophe too.
 */
const FORMULA_AFTER_BREAK = /(\r\n|\r|\n)(?=[^\S\r\n]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/gu;
/**
 * What makes a cell need quotes: the comma, the semicolon (the delimiter of spreadsheets set to a
 * locale whose decimal mark is a comma), the tab (a tab-separated reading), the quote and line breaks.
 */
const NEEDS_QUOTES = /[",;\t\n\r]/;

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
    // Without the characters that reorder or break the text (right-to-left override, controls).
    const text = plainText(String(v));
    // Quote everything that needs it; a leading apostrophe makes a would-be formula plain text.
    const safe = (FORMULA_START.test(text) ? `'${text}` : text).replace(FORMULA_AFTER_BREAK, "$1'");
    return NEEDS_QUOTES.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
}
