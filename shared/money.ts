/**
 * Money, the one place it is converted: integer cents (AUD) everywhere in the app; dollars only at
 * the edges (Ascora's API, the damage reports, what a person types, CSV files). Display with
 * formatMoney (shared/format.ts). An invoice's figures (total with GST, remaining, ageing) are
 * shared/invoice-figures.ts's.
 */

/** Dollars to integer cents, rounding away binary float noise (88 * 1.1 = 96.80000000000001). */
export const toCents = (dollars: number): number => Math.round(dollars * 100);

/** toCents, passing null and undefined through as null. */
export const centsOrNull = (dollars: number | null | undefined): number | null =>
  dollars === null || dollars === undefined ? null : toCents(dollars);

/** Integer cents to dollars, for the edges that speak dollars. */
export const toDollars = (cents: number): number => cents / 100;

/** Cents as plain dollars with two decimals and no symbol (`1234.50`): CSV cells, form fields. */
export const plainDollars = (cents: number): string => toDollars(cents).toFixed(2);

/** An amount ex GST (10%), in cents, with GST added. */
export const addGst = (exCents: number): number => Math.round(exCents * 1.1);

/** An amount inc GST (10%), in cents, with GST taken out. */
export const removeGst = (incCents: number): number => Math.round(incCents / 1.1);
