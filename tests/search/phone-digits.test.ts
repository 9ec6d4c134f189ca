/**
 * One form for a phone number (main/core/db/phone.ts): the function the query and the report match
 * use, its SQL twin, and the index's view (drizzle/0013) must agree, or a number is indexed in one
 * form and asked for in another.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalPhoneDigits, nationalPhoneDigitsSql } from '../../main/core/db/phone';
import { ascoraCustomers } from '../../main/core/db/schema';
import { createTestDatabase, insertIntegration, type TestDatabase } from '../support/db';

let t: TestDatabase;
let integrationId: number;
beforeAll(() => {
  t = createTestDatabase();
  integrationId = insertIntegration(t.sqlite);
});
afterAll(() => t.close());

describe('nationalPhoneDigits', () => {
  it('is one form for one number however it is written', () => {
    const mobile = [
      '0488159134',
      '0488 159 134',
      '0488-159-134',
      '(0488) 159 134',
      '+61488159134',
      '+61 488 159 134',
      '+61 (0)488 159 134',
      '61488159134',
      '61 488 159 134',
      '488 159 134',
    ];
    expect(new Set(mobile.map(nationalPhoneDigits))).toEqual(new Set(['0488159134']));
    const landline = ['08 7979 6849', '(08) 7979 6849', '+61 8 7979 6849', '+6187979 6849', '61 8 7979 6849'];
    expect(new Set(landline.map(nationalPhoneDigits))).toEqual(new Set(['0879796849']));
  });

  it('keeps numbers that are not national ones as their digits', () => {
    expect(nationalPhoneDigits('13 12 34')).toBe('131234');
    expect(nationalPhoneDigits('1300 655 506')).toBe('1300655506');
    // A local number without its area code (a Canberra one starts with 6, not +61).
    expect(nationalPhoneDigits('6123 4567')).toBe('61234567');
    expect(nationalPhoneDigits('')).toBe('');
  });

  it('turns the start of a number into the start of its form, so a number is found as it is typed', () => {
    expect(nationalPhoneDigits('+61 488 15')).toBe('048815');
    expect('0488159134'.startsWith(nationalPhoneDigits('0488 159'))).toBe(true);
    expect('0879796849'.startsWith(nationalPhoneDigits('+61 8 79'))).toBe(true);
  });
});

/** Phone-shaped text: what Ascora's phone fields and a search box hold. */
const phoneShaped = fc.oneof(
  fc.stringMatching(/^ ?\+?(61|0|)[ ().-]?[2-9]?[\d ().-]{0,14}$/),
  fc.string({ unit: fc.constantFrom(...'0123456789 +()-.'), maxLength: 18 }),
);

describe('its SQL twin and the index view', () => {
  it('nationalPhoneDigitsSql gives what nationalPhoneDigits gives, for any phone-shaped text', () => {
    fc.assert(
      fc.property(phoneShaped, (phone) => {
        const fromSql = t.db.get<{ digits: string }>(sql`SELECT ${nationalPhoneDigitsSql(sql`${phone}`)} AS digits`);
        expect(fromSql.digits).toBe(nationalPhoneDigits(phone));
      }),
      { numRuns: 400 },
    );
  });

  it("the index's view (drizzle/0013) gives what nationalPhoneDigits gives, for phone and mobile", () => {
    const view = t.sqlite.prepare('SELECT phone, mobile FROM customer_phone_digits WHERE id = ?');
    fc.assert(
      fc.property(phoneShaped, phoneShaped, (phone, mobile) => {
        const id = t.db
          .insert(ascoraCustomers)
          .values({ integrationId, customerName: 'Phone test', phoneNumber: phone, mobileNumber: mobile })
          .returning({ id: ascoraCustomers.id })
          .get().id;
        expect(view.get(id)).toEqual({ phone: nationalPhoneDigits(phone), mobile: nationalPhoneDigits(mobile) });
      }),
      { numRuns: 150 },
    );
  });
});
