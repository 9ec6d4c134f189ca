import { sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';
import { nationalPhoneDigits } from './phone';

/**
 * Street-type abbreviations Australian addresses use both ways ("14 Kent St" and "14 Kent Street"):
 * a search for either finds both. The index holds words as written (drizzle/0006); the query asks
 * for the other form too.
 */
const STREET_TYPES: [abbreviation: string, word: string][] = [
  ['st', 'street'],
  ['rd', 'road'],
  ['ave', 'avenue'],
  ['av', 'avenue'],
  ['dr', 'drive'],
  ['cres', 'crescent'],
  ['cr', 'crescent'],
  ['pde', 'parade'],
  ['hwy', 'highway'],
  ['ct', 'court'],
  ['pl', 'place'],
  ['tce', 'terrace'],
  ['blvd', 'boulevard'],
  ['ln', 'lane'],
  ['cl', 'close'],
  ['gr', 'grove'],
  ['sq', 'square'],
  ['esp', 'esplanade'],
  ['mt', 'mount'],
];

/** Each spelling's other spellings, lower case: "st" → ["street"], "avenue" → ["ave", "av"]. */
const OTHER_SPELLINGS = new Map<string, string[]>();
for (const [abbreviation, word] of STREET_TYPES) {
  OTHER_SPELLINGS.set(abbreviation, [...(OTHER_SPELLINGS.get(abbreviation) ?? []), word]);
  OTHER_SPELLINGS.set(word, [...(OTHER_SPELLINGS.get(word) ?? []), abbreviation]);
}

const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * What a search box holds, as the list services read it: nothing typed (no search), something
 * typed with nothing a search can use (only punctuation or emoji: no results, and the list says
 * why, rather than every record), or an FTS5 MATCH expression.
 */
export type SearchText = { kind: 'none' } | { kind: 'unsearchable' } | { kind: 'match'; query: string };

/** The words a search uses: split where FTS5's unicode61 tokenizer splits, so both agree. */
function searchTerms(userText: string): string[] {
  return userText
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 12);
}

export function readSearch(userText: string): SearchText {
  if (userText.trim() === '') return { kind: 'none' };
  const query = toFtsQuery(userText);
  return query === null ? { kind: 'unsearchable' } : { kind: 'match', query };
}

/** The typed terms, each quoted and prefix-matched, all required; a street type also as its other spelling. */
function allTerms(terms: string[]): string {
  return (
    terms
      .map((term) => {
        const others = OTHER_SPELLINGS.get(term.toLowerCase());
        const typed = `${quoted(term)}*`;
        return others ? `(${[typed, ...others.map(quoted)].join(' OR ')})` : typed;
      })
      // Explicit AND: FTS5 allows leaving it out only between plain phrases, not before a group.
      .join(' AND ')
  );
}

/** Digits as a phone number is written: "+61 (0)4 8815-9134", "08 7979 6849", "0488159134". */
const PHONE_SHAPED = /\+?\(?\d[\d ().-]*\d/g;

/**
 * The same search with each phone number in it as its national digits, the form the index holds
 * for a phone (nationalPhoneDigits: "+61 8 7979 6849" is "0879796849"); null when nothing typed
 * reads as one. Six digits or more make a phone: fewer are a job number's, or a "+61" still being typed.
 */
function withPhonesAsDigits(userText: string): string[] | null {
  const phones: string[] = [];
  const rest = userText.normalize('NFKC').replace(PHONE_SHAPED, (written) => {
    if (written.replace(/\D/g, '').length < 6) return written;
    phones.push(nationalPhoneDigits(written));
    return ' ';
  });
  return phones.length > 0 ? [...searchTerms(rest), ...phones].slice(0, 12) : null;
}

/**
 * What a person types in a search box, as a safe FTS5 MATCH expression: every term quoted (so
 * quotes, dashes, colons and parentheses are text, not syntax) and prefix-matched, all required; a
 * street type also matches its other spelling whole ("st" finds "Street", "street" finds "St"). A
 * phone number matches however it was written on either side: the words as typed, or the number
 * as its national digits.
 */
export function toFtsQuery(userText: string): string | null {
  const terms = searchTerms(userText);
  if (terms.length === 0) return null;
  const asTyped = allTerms(terms);
  const phoneTerms = withPhonesAsDigits(userText);
  const asPhone = phoneTerms ? allTerms(phoneTerms) : null;
  return asPhone && asPhone !== asTyped ? `(${asTyped}) OR (${asPhone})` : asTyped;
}

/**
 * The jobs' FTS5 table (drizzle/0006), declared for typed queries: only its rowid (the job's id)
 * is read. Not in schema.ts, as drizzle-kit does not generate virtual tables.
 */
export const jobsFts = sqliteTable('jobs_fts', { rowid: integer('rowid').notNull() });

/** The customers' full-text table, as the customers list reads it (the same shape as jobsFts). */
export const customersFts = sqliteTable('customers_fts', { rowid: integer('rowid').notNull() });

/** `table MATCH query`: FTS5's full-text condition (the table's name stands for all its columns). */
export const ftsMatch = (table: typeof jobsFts | typeof customersFts, query: string): SQL =>
  sql`${table} MATCH ${query}`;
