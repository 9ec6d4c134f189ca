/** Dollars from Ascora to integer cents, rounding away binary float noise (88 * 1.1 = 96.80000000000001). */
export const toCents = (dollars: number): number => Math.round(dollars * 100);
export const centsOrNull = (dollars: number | null | undefined): number | null =>
  dollars === null || dollars === undefined ? null : toCents(dollars);
