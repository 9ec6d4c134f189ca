import { describe, expect, it } from 'vitest';
import { addGst, centsOrNull, plainDollars, removeGst, toCents, toDollars } from './money';

describe('money', () => {
  it('converts dollars to integer cents without float noise, and back', () => {
    expect(toCents(88 * 1.1)).toBe(9680);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(centsOrNull(null)).toBeNull();
    expect(centsOrNull(undefined)).toBeNull();
    expect(centsOrNull(12.5)).toBe(1250);
    expect(toDollars(1250)).toBe(12.5);
    expect(plainDollars(123450)).toBe('1234.50');
  });

  it('adds and removes GST in whole cents, ', () => {
    expect(addGst(8800)).toBe(9680);
    expect(removeGst(9680)).toBe(8800);
  });
});
