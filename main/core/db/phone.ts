/**
 * One form for an Australian phone number however it is written, so a search and a match compare
 * like with like: "0488 159 134", "0488159134", "+61488159134", "61 488 159 134", "+61 (0)488 159 134"
 * and "488 159 134" are all "0488159134"; "08 7979 6849" and "+61 8 7979 6849" are "0879796849".
 * The search index holds this form (drizzle/0013's customer_phone_digits view is the SQL twin
 * below, written out by hand) and the search query asks for it (db/fts.ts).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * The national digits of a phone number: the trunk 0 in place of +61 (or 61 before a whole
 * number), a nine-digit number missing its trunk 0 given it back; anything else as its digits
 * alone ("13 12 34" is "131234", "9876 5432" is "98765432"). A prefix of a number gives a prefix
 * of its form ("+61 488 15" is "048815"), so a number is found as it is typed.
 */
export function nationalPhoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // 61 is the country code when written with "+", or when the digits are too many for a national number.
  if (digits.startsWith('61') && (/^ *\+/.test(phone) || digits.length >= 11))
    return '0' + digits.slice(2).replace(/^0+/, '');
  if (digits.length === 9 && /^[2-478]/.test(digits)) return '0' + digits;
  return digits;
}

/**
 * nationalPhoneDigits in SQL, for a column of phone-shaped text (digits, spaces, brackets, dashes,
 * dots and "+"; SQLite has no regular expressions, so other characters stay). Kept in step with
 * drizzle/0013's customer_phone_digits view: tests/search/phone-digits.test.ts checks all three agree.
 */
export function nationalPhoneDigitsSql(column: SQLWrapper): SQL<string> {
  const digits = sql`replace(replace(replace(replace(replace(replace(${column}, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')`;
  return sql<string>`(CASE WHEN ${digits} LIKE '61%' AND (ltrim(${column}, ' ') LIKE '+%' OR length(${digits}) >= 11) THEN '0' || ltrim(substr(${digits}, 3), '0') WHEN length(${digits}) = 9 AND substr(${digits}, 1, 1) IN ('2', '3', '4', '7', '8') THEN '0' || ${digits} ELSE ${digits} END)`;
}
