import { sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * What a person types in a search box, as a safe FTS5 MATCH expression: every term quoted (so
 * quotes, dashes, colons and parentheses are text, not syntax) and prefix-matched, all required.
 */
export function toFtsQuery(userText: string): string | null {
  const terms = userText
    .normalize('NFKC')
    // FTS5's unicode61 tokenizer splits on anything not a letter or digit; do the same here so a
    // term never starts or ends with a separator the index does not hold.
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * The jobs' FTS5 table (drizzle/0001_fts.sql), declared for typed queries: only its rowid (the
 * job's id) is read. Not in schema.ts, as drizzle-kit does not generate virtual tables.
 */
export const jobsFts = sqliteTable('jobs_fts', { rowid: integer('rowid').notNull() });

/** `table MATCH query`: FTS5's full-text condition (the table's name stands for all its columns). */
/** The customers' full-text table, as the customers list reads it (the same shape as jobsFts). */
export const customersFts = sqliteTable('customers_fts', { rowid: integer('rowid').notNull() });
export const ftsMatch = (table: typeof jobsFts | typeof customersFts, query: string): SQL =>
  sql`${table} MATCH ${query}`;
