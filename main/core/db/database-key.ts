/**
 * The mirror's encryption key: 32 random bytes per database file, kept in the OS keychain beside
 * the API keys (through the same SecretStore: in the app the core's worker asks main for it), never
 * written to a file, a log line or the window. Found under a name made from the database file's
 * real path, so a second data folder (--data-dir) has a key of its own.
 *
 * Without a keychain (browser mode on a computer without a Secret Service, the demo on a bare
 * machine) a new or plain mirror stays plain and the app says so (LocalCopyProtection): refusing
 * to start would lose the demo and the browser mode on such computers, and a key in a file beside
 * the database would protect nothing. An encrypted mirror is never opened or replaced without its
 * key: that is a clear error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { LocalCopyProtection } from '../../../shared/domain';
import { registerSecret, type Logger } from '../log';
import { recoveryError } from '../recovery/reason';
import type { SecretStore } from '../secrets/secret-store';
import {
  DATABASE_KEY_BYTES,
  databaseFileState,
  keyOpens,
  MISSING_KEY_MESSAGE,
  MISSING_KEY_WHAT_HAPPENED,
  rekey,
  type DatabaseKey,
} from './connection';
import type { Sqlite } from './types';

export const DATABASE_KEY_REF_PREFIX = 'database:';

/** The keychain entry of the database at `realFile` (links resolved: one database, one key). */
export function databaseKeyRef(realFile: string): string {
  return `${DATABASE_KEY_REF_PREFIX}${createHash('sha256').update(realFile).digest('hex').slice(0, 32)}`;
}

/** Where a new key waits while the database is re-encrypted under it (renewDatabaseKey). */
export const PENDING_KEY_SUFFIX = ':next';
const pendingRef = (ref: string) => `${ref}${PENDING_KEY_SUFFIX}`;

export const NO_KEYCHAIN_NOTE =
  'The local copy of your Ascora data on this computer, with its backups and attachments, is not encrypted, because the system keychain is not available. ' +
  'On Linux, install and unlock a Secret Service such as gnome-keyring, then restart RestoreAssist Desk: it encrypts the local copy at the next start.';

/** What happened, as the recovery screen says it: its Try again says to unlock the keychain. */
export const KEYCHAIN_LOCKED_WHAT_HAPPENED =
  'The local copy of your Ascora data is encrypted with a key kept in the system keychain, which is not available now. ' +
  'Nothing has been changed.';

/** The same with what to do, for the log and wherever no recovery screen answers. */
export const KEYCHAIN_LOCKED_MESSAGE =
  `${KEYCHAIN_LOCKED_WHAT_HAPPENED} Unlock the keychain (on Linux, a Secret Service such as gnome-keyring in your ` +
  'desktop session), then start RestoreAssist Desk again.';

export interface LoadedDatabaseKey {
  key: DatabaseKey | null;
  protection: LocalCopyProtection;
}

/**
 * The key for the database at `realFile`: the keychain's, or a new one stored there first when the
 * database is new or still plain. Call it while holding the data folder's lock (db/lock.ts): two
 * copies starting at once must not each make a key for one file.
 */
export async function loadDatabaseKey(
  secrets: SecretStore,
  realFile: string,
  logger: Logger,
): Promise<LoadedDatabaseKey> {
  const ref = databaseKeyRef(realFile);
  const state = databaseFileState(realFile);
  let stored: string | null;
  try {
    stored = await secrets.get(ref);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error;
    if (state === 'encrypted')
      throw recoveryError(
        'KEYCHAIN_UNAVAILABLE',
        'keychain_locked',
        KEYCHAIN_LOCKED_MESSAGE,
        KEYCHAIN_LOCKED_WHAT_HAPPENED,
      );
    logger.warn('local copy not encrypted: the system keychain is not available', { reason: error.details });
    return { key: null, protection: { encrypted: false, note: NO_KEYCHAIN_NOTE } };
  }
  stored = await settleRenewal(secrets, ref, realFile, stored);
  if (stored !== null) {
    registerSecret(stored);
    const key = Buffer.from(stored, 'hex');
    if (key.length !== DATABASE_KEY_BYTES)
      throw new AppError(
        'STORAGE',
        "This computer's key for the local copy in the system keychain is not a key RestoreAssist Desk made. Contact support.",
      );
    return { key, protection: { encrypted: true, note: null } };
  }
  if (state === 'encrypted')
    throw recoveryError('STORAGE', 'missing_key', MISSING_KEY_MESSAGE, MISSING_KEY_WHAT_HAPPENED);
  const fresh = randomBytes(DATABASE_KEY_BYTES);
  const hex = fresh.toString('hex');
  registerSecret(hex);
  try {
    await secrets.set(ref, hex);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error;
    logger.warn('local copy not encrypted: the system keychain would not store its key', { reason: error.details });
    return { key: null, protection: { encrypted: false, note: NO_KEYCHAIN_NOTE } };
  }
  logger.info('local copy key created in the system keychain', { plainBefore: state === 'plain' });
  return { key: fresh, protection: { encrypted: true, note: null } };
}

/**
 * A renewal cut off by a crash left a pending key: the database is under one of the two. The one
 * that opens it becomes the key, and the pending entry goes.
 */
async function settleRenewal(
  secrets: SecretStore,
  ref: string,
  realFile: string,
  stored: string | null,
): Promise<string | null> {
  const pending = await secrets.get(pendingRef(ref));
  if (pending === null) return stored;
  registerSecret(pending);
  const pendingOpens = databaseFileState(realFile) === 'encrypted' && keyOpens(realFile, Buffer.from(pending, 'hex'));
  if (pendingOpens) await secrets.set(ref, pending);
  await secrets.delete(pendingRef(ref));
  return pendingOpens ? pending : stored;
}

/**
 * A new key for the open database, the old one deleted from the keychain: after the last
 * connection is wiped, whatever a disk still holds of the file or its copies under the old key can
 * no longer be read. Crash-safe: the new key is stored (as pending) before the database is
 * re-encrypted under it, and becomes the key after (settleRenewal finishes a cut-off one).
 */
export async function renewDatabaseKey(secrets: SecretStore, realFile: string, sqlite: Sqlite): Promise<DatabaseKey> {
  const ref = databaseKeyRef(realFile);
  const fresh = randomBytes(DATABASE_KEY_BYTES);
  const hex = fresh.toString('hex');
  registerSecret(hex);
  await secrets.set(pendingRef(ref), hex);
  rekey(sqlite, fresh);
  await secrets.set(ref, hex);
  await secrets.delete(pendingRef(ref));
  return fresh;
}
