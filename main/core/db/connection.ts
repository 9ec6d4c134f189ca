/**
 * The one way a connection to the mirror is opened (issue 22, "everything at rest is plain"): the
 * key is given before any other statement, so every page of the file, its WAL and every copy
 * VACUUM INTO makes of it (backups/) is encrypted. `better-sqlite3` is an alias of
 * better-sqlite3-multiple-ciphers (package.json): the same API, with SQLite3 Multiple Ciphers built
 * in. Its AEGIS-256 scheme is used: authenticated encryption (a page changed on disk fails to
 * decrypt rather than reading as other data) on the CPU's AES instructions. SQLCipher 4's scheme
 * (AES-CBC with HMAC-SHA512, also built in) made a read of every page about ten times slower than
 * plain here, AEGIS-256 about 1.1-1.4 times (docs/design.md, "Encryption at rest"). The key is 32
 * random bytes given raw (`x'…'`), so no key derivation runs per open.
 *
 * A file whose first bytes are SQLite's own header is plain (made before encryption, or on a
 * computer without a keychain); encryptPlainDatabase converts one, crash-safely.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { recoveryError } from '../recovery/reason';
import { syncFile, syncFolderOf } from '../private-files';
import type { Sqlite } from './types';

/** 32 random bytes (database-key.ts keeps them in the OS keychain). */
export type DatabaseKey = Buffer;

export const DATABASE_KEY_BYTES = 32;

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type DatabaseFileState = 'missing' | 'plain' | 'encrypted';

/** What is on disk: nothing yet (or an empty file), a plain SQLite file, or anything else (encrypted). */
export function databaseFileState(file: string): DatabaseFileState {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (read === 0) return 'missing';
    return read === head.length && head.equals(PLAIN_HEADER) ? 'plain' : 'encrypted';
  } finally {
    fs.closeSync(fd);
  }
}

/** What happened, as the recovery screen says it: its choices (Try again, Start again) say what to do. */
export const MISSING_KEY_WHAT_HAPPENED =
  "This computer's key for the local copy of your Ascora data is missing from the system keychain, so the local copy cannot be read " +
  '(perhaps the keychain was reset or its entry removed, or this data folder came from another computer). ' +
  'Nothing has been changed or deleted.';

/** The same with what to do, for the log and wherever no recovery screen answers. */
export const MISSING_KEY_MESSAGE =
  `${MISSING_KEY_WHAT_HAPPENED} Restore the keychain's entry, or move the data folder aside and restart to download ` +
  'everything again from Ascora (changes not yet sent to Ascora are only in the old folder).';

/** What happened, as the recovery screen says it (its choices say what to do). */
export const WRONG_KEY_WHAT_HAPPENED =
  "The local copy of your Ascora data could not be opened with this computer's key from the system keychain: " +
  'it was encrypted with another key, or the file is damaged. Nothing has been changed or deleted.';

/** The same with what to do, for the log and wherever no recovery screen answers. */
export const WRONG_KEY_MESSAGE =
  `${WRONG_KEY_WHAT_HAPPENED} Move the data folder aside and restart to download everything again from Ascora, ` +
  'or contact support (changes not yet sent to Ascora are only in the old folder).';

export interface OpenConnectionOptions {
  /** Null: a plain file (tests, tools, and a computer without a keychain). */
  key: DatabaseKey | null;
  readonly?: boolean;
  fileMustExist?: boolean;
}

/**
 * Opens `file` with `key` given first, then reads the schema once so a wrong or missing key fails
 * here, with a message a person can act on, rather than at the first query (SQLITE_NOTADB).
 */
export function openConnection(file: string, options: OpenConnectionOptions): Sqlite {
  const sqlite = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.fileMustExist ?? false,
  });
  try {
    if (options.key) applyKey(sqlite, options.key);
    sqlite.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch (error) {
    sqlite.close();
    // Without a key, "not a database" may be damage or an encrypted file: the caller knows which
    // (database-key.ts says the key is missing before a file it knows is encrypted gets here).
    if (options.key && (error as { code?: string }).code === 'SQLITE_NOTADB')
      throw recoveryError('STORAGE', 'wrong_key', WRONG_KEY_MESSAGE, WRONG_KEY_WHAT_HAPPENED);
    throw error;
  }
  return sqlite;
}

/** Whether `key` opens the encrypted file (a renewal cut off by a crash: which of two keys is it under). */
export function keyOpens(file: string, key: DatabaseKey): boolean {
  try {
    openConnection(file, { key, readonly: true, fileMustExist: true }).close();
    return true;
  } catch {
    return false;
  }
}

/** The page format; must precede `key` (the cipher settings apply to the key given next). */
function useCipher(sqlite: Sqlite): void {
  sqlite.pragma("cipher = 'aegis'");
  sqlite.pragma("algorithm = 'aegis-256'");
}

/** Raw key form: the 64 hex digits are the key itself (no passphrase derivation). */
function rawKey(key: DatabaseKey): string {
  if (key.length !== DATABASE_KEY_BYTES) throw new Error(`a database key is ${DATABASE_KEY_BYTES} bytes`);
  return `"x'${key.toString('hex')}'"`;
}

function applyKey(sqlite: Sqlite, key: DatabaseKey): void {
  useCipher(sqlite);
  sqlite.pragma(`key = ${rawKey(key)}`);
}

/**
 * Re-encrypts the open database under `key` (a plain one is encrypted). SQLite3 Multiple Ciphers
 * rekeys through the rollback journal, not the WAL: the journal mode is switched for it and back.
 */
export function rekey(sqlite: Sqlite, key: DatabaseKey): void {
  const mode = sqlite.pragma('journal_mode', { simple: true }) as string;
  if (mode === 'wal') sqlite.pragma('journal_mode = DELETE');
  useCipher(sqlite);
  sqlite.pragma(`rekey = ${rawKey(key)}`);
  if (mode === 'wal') sqlite.pragma('journal_mode = WAL');
}

/** The file a conversion writes before it replaces the plain one (removed if a crash left it). */
export const encryptingCopyOf = (file: string): string => `${file}.encrypting`;

/** Test seam: the crash test kills the process at each of these points (tests/db/encryption). */
export type ConversionStep = 'checkpointed' | 'copied' | 'encrypted' | 'verified' | 'replaced';

/**
 * Converts a plain SQLite file to an encrypted one in place, so that a crash at any point leaves
 * either the untouched plain file or the complete encrypted one (never neither, never half):
 * 1. the WAL is folded into the file and removed (the copy must be whole, and a WAL left beside the
 *    new file would be replayed into it);
 * 2. the file is copied beside itself (`.encrypting`), and the copy is encrypted in place;
 * 3. the copy is opened with the key and its row count compared with the original's;
 * 4. one rename replaces the original: until then the original is the safety copy.
 * A copy left by a crash is deleted before the next try. Returns the number of rows carried over.
 */
export function encryptPlainDatabase(
  file: string,
  key: DatabaseKey,
  onStep: (step: ConversionStep) => void = () => {},
): number {
  const copy = encryptingCopyOf(file);
  fs.rmSync(copy, { force: true });
  fs.rmSync(`${copy}-journal`, { force: true });

  const plain = new Database(file, { fileMustExist: true });
  let rows: number;
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
    rows = countRows(plain);
  } finally {
    plain.close();
  }
  if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0)
    throw new Error('its write-ahead log could not be folded in (is another program using it?)');
  onStep('checkpointed');

  fs.copyFileSync(file, copy);
  onStep('copied');

  const converting = new Database(copy, { fileMustExist: true });
  try {
    rekey(converting, key);
  } finally {
    converting.close();
  }
  onStep('encrypted');

  const check = openConnection(copy, { key, fileMustExist: true });
  try {
    const carried = countRows(check);
    if (carried !== rows) throw new Error(`the encrypted copy has ${carried} rows, the original ${rows}`);
  } finally {
    check.close();
  }
  syncFile(copy);
  onStep('verified');

  fs.renameSync(copy, file);
  syncFolderOf(file);
  fs.rmSync(`${file}-shm`, { force: true });
  onStep('replaced');
  return rows;
}

function countRows(sqlite: Sqlite): number {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  let total = 0;
  for (const { name } of tables) {
    // A virtual table whose module is missing cannot be counted; its shadow tables are.
    try {
      total += (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
    } catch {
      /* counted through its shadow tables */
    }
  }
  return total;
}
