/**
 * Keeping the mirror's file private, and what was deleted from it gone.
 */
import path from 'node:path';
import { makePrivateDir, makePrivateFile, narrowToOwner } from '../private-files';
import type { Sqlite } from './types';

/**
 * Before SQLite opens the file: the folder 0700 and the file created at 0600. SQLite gives the
 * WAL and shared-memory files it creates later the database file's own mode, so they are 0600 from
 * their first byte; ones left by an older version are narrowed here.
 */
export function prepareDatabaseFile(file: string): void {
  makePrivateDir(path.dirname(file));
  makePrivateFile(file);
  narrowToOwner(`${file}-wal`);
  narrowToOwner(`${file}-shm`);
}

export interface ScrubReport {
  /** True when a reader kept the WAL from being emptied (another connection to the file). */
  walBusy: boolean;
}

/**
 * After a wipe, leaves no deleted text in the database file or the WAL:
 * - FTS5 keeps a deleted row's terms in its index segments until they are merged; 'optimize'
 *   merges every segment into one, which drops them;
 * - the WAL still holds the pages as they were before the delete: a TRUNCATE checkpoint copies
 *   the WAL into the database and empties it;
 * - VACUUM rebuilds the database without its free pages (secure_delete, on since open, zeroed
 *   them already; VACUUM also drops the free space inside pages);
 * - in WAL mode VACUUM writes the rebuilt pages through the WAL, so a second TRUNCATE empties it.
 * It blocks for as long as VACUUM takes (proportional to what remains); it runs only when a person
 * asks for a wipe.
 */
export function scrubDeletedData(sqlite: Sqlite): ScrubReport {
  const ftsTables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")
    .all() as { name: string }[];
  for (const { name } of ftsTables) sqlite.prepare(`INSERT INTO "${name}"("${name}") VALUES ('optimize')`).run();
  const checkpoint = () => (sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 1;
  const busyBefore = checkpoint();
  sqlite.exec('VACUUM');
  const busyAfter = checkpoint();
  return { walBusy: busyBefore || busyAfter };
}
