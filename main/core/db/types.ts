import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema';

/** The Drizzle handle over the mirror. */
export type Db = BetterSQLite3Database<typeof schema>;
/** The raw better-sqlite3 connection, for prepared statements on hot paths and PRAGMAs. */
export type Sqlite = Database.Database;
