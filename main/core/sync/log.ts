/** Sync log rows: one per run and one per failed or notable item (design.md rule 9). */
import { ascoraSyncLogs } from '../db/schema';
import type { Db } from '../db/types';

export type SyncLogEntry = Omit<typeof ascoraSyncLogs.$inferInsert, 'id' | 'createdAt'>;

export function writeSyncLog(db: Pick<Db, 'insert'>, entry: SyncLogEntry): void {
  db.insert(ascoraSyncLogs).values(entry).run();
}
