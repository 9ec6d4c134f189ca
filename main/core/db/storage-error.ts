/**
 * SQLite's storage failures (a full disk, a read-only file or folder, a failing disk) as errors a
 * person can act on. Every write is one transaction, so a failed one changed nothing: what was
 * saved before, the outbox included, is still there.
 */
import { AppError } from '../../../shared/errors';

const KEPT = 'Everything saved before is kept, including changes waiting to be sent to Ascora.';

export function storageError(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'STORAGE',
      `The disk is full, so RestoreAssist Desk could not save. Free some space on this computer, then try again. ${KEPT}`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'STORAGE',
      `RestoreAssist Desk cannot write to its database: the file or its folder is read-only. Check the permissions of the app's data folder, then restart the app. ${KEPT}`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    // With one writer per data folder (db/lock.ts) this means another program holds the database.
    return new AppError(
      'STORAGE',
      `RestoreAssist Desk's database is in use by another program, so this change could not be saved. Close other copies of RestoreAssist Desk or tools that have the database open, then try again. ${KEPT}`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    // Damaged on disk: nothing here can repair it, and nothing is removed; the copies taken before
    // updates and Ascora itself are where the data is read back from.
    return new AppError(
      'STORAGE',
      "RestoreAssist Desk's database file is damaged (a failing disk, a copy cut short, or replaced under the app), or it no longer matches this computer's key in the system keychain, so this could not be read or saved. Nothing has been deleted. Quit RestoreAssist Desk and start it again: it checks the whole file at that start and, if it is damaged, shows what can still be read of the changes not in Ascora and offers to restore a backup or start again from Ascora.",
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    return new AppError(
      'STORAGE',
      `The disk did not let RestoreAssist Desk read or write its database. Check the disk, then restart the app. ${KEPT}`,
    );
  }
  return null;
}
