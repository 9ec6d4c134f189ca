/**
 * The copies of the database taken before a migration (`backups/`, open.ts) hold every connection's
 * data as it was. "Disconnect and wipe" promises the connection is gone from this computer, so its
 * rows leave the copies too: a copy that holds no other connection is deleted; one that does keeps
 * the others, with this one's rows deleted and the file rebuilt (scrubDeletedData), so no deleted
 * text is left in it. A copy that cannot be read or cleaned is deleted: it cannot be shown not to
 * hold the connection. The copies are encrypted with the database's key (VACUUM INTO keeps it); one
 * left plain (a conversion that failed) is opened as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import { databaseFileState, openConnection, type DatabaseKey } from './connection';
import { BACKUP_FOLDER } from './open';
import { scrubDeletedData } from './private';
import type { Sqlite } from './types';

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_FOLDER);
}

export interface BackupWipeReport {
  /** Copies deleted (they held only this connection, or could not be cleaned). */
  deleted: number;
  /** Copies kept for the other connections in them, with this one's rows taken out. */
  cleaned: number;
}

export function wipeIntegrationFromBackups(
  dataDir: string,
  integrationId: number,
  key: DatabaseKey | null,
  logger: Logger,
): BackupWipeReport {
  const folder = backupsDir(dataDir);
  const report: BackupWipeReport = { deleted: 0, cleaned: 0 };
  if (!fs.existsSync(folder)) return report;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(folder, entry.name);
    // A copy's own journal is never left beside it by a finished VACUUM INTO: whatever else is here goes.
    const outcome = entry.name.endsWith('.db') ? cleanCopy(file, integrationId, key) : 'delete';
    if (outcome === 'cleaned') {
      report.cleaned++;
      continue;
    }
    if (outcome instanceof Error)
      logger.warn('backup copy could not be cleaned: deleted', { file: entry.name, error: outcome.message });
    fs.rmSync(file, { force: true });
    for (const suffix of ['-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    report.deleted++;
  }
  return report;
}

function cleanCopy(file: string, integrationId: number, key: DatabaseKey | null): 'cleaned' | 'delete' | Error {
  let copy: Sqlite | null = null;
  try {
    copy = openConnection(file, { key: databaseFileState(file) === 'plain' ? null : key, fileMustExist: true });
    const others = copy
      .prepare('SELECT COUNT(*) FROM ascora_integrations WHERE id <> ?')
      .pluck()
      .get(integrationId) as number;
    if (others === 0) return 'delete';
    copy.pragma('foreign_keys = ON');
    copy.pragma('secure_delete = ON');
    // Every row of the connection cascades from its integration row, as in the live database.
    copy.prepare('DELETE FROM ascora_integrations WHERE id = ?').run(integrationId);
    scrubDeletedData(copy);
    return 'cleaned';
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    copy?.close();
  }
}
