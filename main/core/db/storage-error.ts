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
  if (code === 'SQLITE_NOTADB') {
    // Met after a good start: the file was replaced or damaged under the app, or its key changed.
    return new AppError(
      'STORAGE',
      "RestoreAssist Desk can no longer read its database: the file was replaced or damaged, or it no longer matches this computer's key in the system keychain. Quit and restart the app; if this comes back, contact support with the log.",
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
