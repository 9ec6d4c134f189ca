import type { LocalCopyProtection } from '../../shared/domain';
import type { Clock } from './clock';
import type { DatabaseKey } from './db/connection';
import type { Db, Sqlite } from './db/types';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { SecretStore } from './secrets/secret-store';

/** What every service gets from the composition root (main/core/app.ts). */
export interface CoreContext {
  db: Db;
  sqlite: Sqlite;
  /** The user data folder: database, backups, attachments. */
  dataDir: string;
  events: EventBus;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** Whether the database and its backups are encrypted (db/database-key.ts); plain in tests unless they say otherwise. */
  localCopy?: LocalCopyProtection;
  /**
   * Re-encrypts the mirror under a new key and deletes the old one from the keychain (after the
   * last connection is wiped); absent when the mirror is plain.
   */
  renewDatabaseKey?: () => Promise<void>;
  /**
   * The key the mirror is encrypted with now (null: plain): the reader threads open it with this,
   * and the wipe cleans the backups (encrypted with it) through it. Never logged or sent out of main.
   */
  databaseKey?: () => DatabaseKey | null;
}
