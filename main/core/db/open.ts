/**
 * Opening the mirror: its key (connection.ts; a plain file from before is encrypted first),
 * PRAGMAs, a consistent copy before any pending migration, then the migrations drizzle-kit
 * generated into drizzle/. A database that cannot be opened or migrated is left as it was, and the
 * error says where the copy is.
 */
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors';
import { silentLogger, type Logger } from '../log';
import {
  databaseFileState,
  encryptingCopyOf,
  encryptPlainDatabase,
  openConnection,
  type ConversionStep,
  type DatabaseKey,
} from './connection';
import { isCorruption, recoveryError } from '../recovery/reason';
import { lockDatabase, type DatabaseLock } from './lock';
import { writePrivateFileSync } from '../private-files';
import { prepareDatabaseFile } from './private';
import * as schema from './schema';
import type { Db, Sqlite } from './types';

export interface OpenDatabaseOptions {
  file: string;
  /** drizzle/ of the repository by default; the packaged app passes its resources folder. */
  migrationsFolder?: string;
  /** Where the copies taken before migrations go (default: `backups/` beside the file). */
  backupDir?: string;
  logger?: Logger;
  /**
   * Who holds the data folder's lock (db/lock.ts), e.g. 'browser host'; false opens without it
   * (read-only tools and tests that look at a file another connection of theirs holds).
   */
  lockAs?: string | false;
  /** A lock the caller took already (createCore: the key is fetched while it is held); lockAs is then ignored. */
  lock?: DatabaseLock;
  /**
   * The database key (database-key.ts). A plain file (from before encryption) is encrypted with it
   * first, and so are plain copies in the backup folder. Null or absent: the file is plain.
   */
  key?: DatabaseKey | null;
  /** Test seam: called at each step of converting a plain file (the crash test kills the process there). */
  onConversionStep?: (step: ConversionStep) => void;
}

export interface OpenedDatabase {
  db: Db;
  sqlite: Sqlite;
  file: string;
  /** The copy taken before this start's migrations, if any ran. */
  backupFile: string | null;
  /**
   * Throws (BUSY, saying why) when the database's lock file is no longer the one this copy holds
   * (db/lock.ts); does nothing when it was opened without the lock. The sync engine asks before each run.
   */
  assertLockHeld(): void;
  close(): void;
}

const BACKUPS_KEPT = 5;
/** The copies taken before migrations, beside the database. */
export const BACKUP_FOLDER = 'backups';

/**
 * WAL pages before the writer copies them into the database file (SQLite's default is 1,000). A
 * pull's chunk of 500 jobs dirties about 5,000 pages (a leaf of each of 13 indexes per job), so at
 * 1,000 every commit was followed by a checkpoint that copied and synced all of them; at 10,000 a
 * page rewritten by a few commits in a row is copied once. Measured on a first sync of 100,000
 * jobs: about 2 GB less written and 3 s less CPU. The WAL file grows to about 40 MB.
 */
export const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * The writer's page cache, in KB (better-sqlite3's default is 16 MB a connection). The lists read
 * on the readers' connections, each with its own cache (worker/reader.ts); the writer mostly
 * writes, and a first sync's peak memory is the one this app is held to (bench case 8, one run
 * each: 304 MB with 16 MB, 294 MB with 8 MB, case 1 no slower; runs vary by 10-40 MB).
 */
export const WRITER_CACHE_KB = 8_000;

export const defaultMigrationsFolder = (): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

interface JournalEntry {
  tag: string;
  when: number;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/** Migrations in the journal newer than the last one applied to this database. */
export function pendingMigrations(sqlite: Sqlite, migrationsFolder: string): JournalEntry[] {
  const entries = readJournal(migrationsFolder);
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return entries;
  const row = sqlite.prepare('SELECT MAX(created_at) AS last FROM __drizzle_migrations').get() as {
    last: number | null;
  };
  const last = row.last ?? 0;
  return entries.filter((entry) => entry.when > last);
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const logger = options.logger ?? silentLogger;
  const file = path.resolve(options.file);
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const backupDir = options.backupDir ?? path.join(path.dirname(file), BACKUP_FOLDER);
  // Before anything else touches the file: a second copy on this database (through this folder or
  // a link to the file) stops here, naming the first.
  const lock =
    options.lock ?? (options.lockAs === false ? null : lockDatabase(file, options.lockAs ?? 'RestoreAssist Desk'));
  // The file the lock guards, links followed: its WAL and shared memory sit beside it, whatever path led here.
  const realFile = lock?.realFile ?? file;
  // Folder 0700, file 0600 before SQLite creates anything (private.ts).
  prepareDatabaseFile(realFile);
  const key = options.key ?? null;

  let sqlite: Sqlite;
  /** Closed again when a check after opening fails. */
  let openedHere: Sqlite | null = null;
  let existed: boolean;
  try {
    // Only with the lock held: another copy's conversion in progress is never touched.
    if (lock) fs.rmSync(encryptingCopyOf(realFile), { force: true });
    if (key && databaseFileState(realFile) === 'plain') {
      const rows = encryptPlainDatabase(realFile, key, options.onConversionStep);
      logger.info('local copy encrypted', { rows });
    }
    if (key) encryptPlainBackups(backupDir, key, logger);
    existed = databaseFileState(realFile) !== 'missing';
    sqlite = openedHere = openConnection(realFile, { key, fileMustExist: false });
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    sqlite.pragma(`cache_size = -${WRITER_CACHE_KB}`);
    // Deleted content is overwritten with zeros, not left in free pages (a wipe must leave no text).
    sqlite.pragma('secure_delete = ON');
    if (existed) assertReadableAtStart(sqlite, file, realFile);
  } catch (error) {
    if (openedHere?.open) openedHere.close();
    lock?.release();
    // The missing-key, wrong-key and damaged messages say what happened and what to do.
    if (error instanceof AppError) throw error;
    if (isCorruption(error)) throw damagedError(file, describe(error));
    throw new AppError(
      'STORAGE',
      `The database at ${file} could not be opened (${describe(error)}). It has not been changed. ` +
        'Move it aside and restart to begin with an empty mirror, or contact support.',
    );
  }

  let backupFile: string | null = null;
  try {
    const pending = pendingMigrations(sqlite, migrationsFolder);
    if (pending.length > 0) {
      if (existed) backupFile = backupBeforeMigration(sqlite, backupDir, pending[0]!.tag);
      // Foreign keys off while migrating: a table rebuild must never cascade-delete child rows.
      sqlite.pragma('foreign_keys = OFF');
      migrate(drizzle(sqlite), { migrationsFolder });
      sqlite.pragma('foreign_keys = ON');
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new Error(`${violations.length} foreign key violations after migrating`);
      logger.info('database migrated', { applied: pending.map((m) => m.tag), backupFile });
    }
  } catch (error) {
    sqlite.close();
    lock?.release();
    if (isCorruption(error)) throw damagedError(file, describe(error));
    const where = backupFile ? ` A copy taken before the update is at ${backupFile}.` : '';
    throw new AppError(
      'STORAGE',
      `The database at ${file} could not be updated to this version of RestoreAssist Desk (${describe(error)}).${where} ` +
        'Nothing was overwritten. Contact support with this message.',
    );
  }

  const db = drizzle(sqlite, { schema });
  return {
    db,
    sqlite,
    file,
    backupFile,
    assertLockHeld: () => lock?.assertStillHeld(),
    close: () => {
      if (sqlite.open) sqlite.close();
      lock?.release();
    },
  };
}

/**
 * Copies taken by a version before encryption were plain: encrypted like the database (a copy
 * that cannot be converted is left and logged; it is still the person's backup).
 */
function encryptPlainBackups(backupDir: string, key: DatabaseKey, logger: Logger): void {
  if (!fs.existsSync(backupDir)) return;
  for (const name of fs.readdirSync(backupDir)) {
    const copy = path.join(backupDir, name);
    if (name.endsWith('.encrypting')) fs.rmSync(copy, { force: true });
    else if (name.endsWith('.db') && databaseFileState(copy) === 'plain') {
      try {
        encryptPlainDatabase(copy, key);
        logger.info('backup encrypted', { backup: name });
      } catch (error) {
        logger.warn('a plain backup could not be encrypted', { backup: name, error: describe(error) });
      }
    }
  }
}

/**
 * VACUUM INTO gives a consistent, compact copy even with a WAL in use; from an encrypted database
 * the copy is encrypted with the same key.
 */
function backupBeforeMigration(sqlite: Sqlite, backupDir: string, firstTag: string): string {
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(backupDir, `restoreassist-${stamp}-before-${firstTag}.db`);
  sqlite.prepare('VACUUM INTO ?').run(target);
  const copies = fs
    .readdirSync(backupDir)
    .filter((name) => name.startsWith('restoreassist-') && name.endsWith('.db'))
    .sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - BACKUPS_KEPT))) fs.rmSync(path.join(backupDir, old));
  return target;
}

/**
 * The tables holding what exists only on this computer until it is sent or entered in Ascora by
 * hand (the outbox and the records it names, notes, attachments, settings): checked at every start.
 * The whole file's quick_check reads every page, 0.7-1.1 s for a mirror of 20,000 jobs (125 MB) and
 * several seconds at 100,000 (docs/design.md, "Recovery"), too slow for each start; these tables
 * are small and check in about a millisecond. Damage elsewhere (the mirror of Ascora's records) is
 * met when it is read, and a restart brings the recovery screen.
 */
export const CHECKED_AT_START = [
  'ascora_integrations',
  'outbox',
  'job_notes',
  'job_attachments',
  'payments',
  'app_settings',
] as const;

/** Beside the database: damage was met while the app ran, so the next start checks the whole file. */
export const wholeCheckMarker = (realFile: string): string => `${realFile}.check-at-start`;

/** Asks the next start for a check of the whole file (the registry calls it when SQLite reports damage). */
export function markForWholeCheck(realFile: string): void {
  try {
    if (!fs.existsSync(wholeCheckMarker(realFile)))
      writePrivateFileSync(wholeCheckMarker(realFile), new Date().toISOString());
  } catch {
    /* the next damage met marks it again */
  }
}

/**
 * Throws the recovery screen's "damaged" error when SQLite's quick check finds a problem: of the
 * local-work tables at every start, of the whole file when damage was met since the last start.
 */
function assertReadableAtStart(sqlite: Sqlite, file: string, realFile: string): void {
  const marker = wholeCheckMarker(realFile);
  if (fs.existsSync(marker)) {
    const lines = (sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    if (lines.some((line) => line !== 'ok')) throw damagedError(file, lines.slice(0, 3).join('; '));
    fs.rmSync(marker, { force: true });
  }
  const present = new Set(
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  for (const table of CHECKED_AT_START) {
    if (!present.has(table)) continue;
    const lines = (sqlite.pragma(`quick_check(${table})`) as { quick_check: string }[]).map((r) => r.quick_check);
    if (lines.some((line) => line !== 'ok')) throw damagedError(file, lines.slice(0, 3).join('; '));
  }
}

export const DAMAGED_MESSAGE =
  'The local copy of your Ascora data on this computer is damaged (a failing disk, a copy cut short, or the computer ' +
  'stopped while it was being written), so RestoreAssist Desk cannot open it. It has not been changed, and nothing has been deleted.';

function damagedError(file: string, problem: string): AppError {
  return recoveryError('STORAGE', 'damaged', `${DAMAGED_MESSAGE} (${file}: ${problem})`);
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

/** For support: SQLite's own check plus foreign keys. */
export function checkIntegrity(sqlite: Sqlite): IntegrityReport {
  const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const problems = integrity.filter((line) => line !== 'ok');
  const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const v of fk) problems.push(`${v.table} row ${v.rowid} points at a missing ${v.parent} row`);
  return { ok: problems.length === 0, problems };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
