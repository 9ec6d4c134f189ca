/**
 * One writer per database. Two copies of the app syncing one mirror would each send the same
 * queued changes (40 customers became 80), and one's start-up recovery would reset the other's
 * requests in flight. So the first copy holds an exclusive lock for as long as it runs, and a
 * second refuses to start, naming the first.
 *
 * The lock is SQLite's own, on a small file beside the database (`restoreassist.lock`): in
 * EXCLUSIVE locking mode a connection that has written keeps its OS file lock until it closes, and
 * the OS drops it when the process dies, so a crash never leaves a stale lock behind (Joplin's
 * LockHandler needs timestamps for that because its locks live on a sync target, not a local file).
 * Who holds it is written beside it (`restoreassist.lock.json`) for the message.
 *
 * It guards the database file itself, not the folder a copy was started with: the lock sits beside
 * the file's real path, so a second data folder whose `restoreassist.db` is a link to the first's
 * finds the first's lock. A lock on a file that a clean-up tool or a synced folder has since
 * removed or replaced guards nothing (a second copy would lock a new file), so a copy checks before
 * each sync run that the file at the lock's path is still the one it locked (assertStillHeld).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { makePrivateDir, makePrivateFile, writePrivateFileSync } from '../private-files';

export const LOCK_FILE = 'restoreassist.lock';
const OWNER_FILE = `${LOCK_FILE}.json`;

export interface LockOwner {
  pid: number;
  host: string;
  /** Which copy: 'desktop app', 'browser host', a test's name... */
  app: string;
  startedAt: string;
}

export interface DatabaseLock {
  /** The database file as the OS finds it (links resolved): the file to open, with the lock beside it. */
  realFile: string;
  /**
   * Throws (BUSY, in words an office understands) when the lock file at its path is no longer the
   * one this copy locked: removed or replaced, so another copy may be using the same data.
   */
  assertStillHeld(): void;
  release(): void;
}

/** Locks the database `file` (which may not exist yet) for this copy, or throws BUSY naming the copy that has it. */
export function lockDatabase(file: string, app: string): DatabaseLock {
  const dataDir = path.dirname(path.resolve(file));
  makePrivateDir(dataDir);
  const realFile = realDatabasePath(file);
  const lockDir = path.dirname(realFile);
  const lockFile = path.join(lockDir, LOCK_FILE);
  const ownerFile = path.join(lockDir, OWNER_FILE);
  const lockFileWasThere = fs.existsSync(lockFile);
  makePrivateFile(lockFile);
  const connection = new Database(lockFile);
  try {
    connection.pragma('busy_timeout = 0');
    connection.pragma('journal_mode = DELETE');
    connection.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this locking mode it is never given back.
    connection.exec(
      'BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (datetime()); COMMIT;',
    );
  } catch (error) {
    connection.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      throw inUse(dataDir, realFile, readOwner(ownerFile));
    throw new AppError(
      'STORAGE',
      `The data folder ${dataDir} could not be locked for this copy of RestoreAssist Desk (${(error as Error).message}).`,
    );
  }
  // The file this copy locked. SQLite keeps it open, so its inode cannot be reused by a new file.
  const locked = fs.statSync(lockFile, { bigint: true });
  // No lock file, yet a note says a copy that is still running holds it: the file was removed
  // under that copy (a clean-up tool, a synced folder), and it still uses the database.
  const previous = lockFileWasThere ? null : readOwner(ownerFile);
  if (previous && mayBeRunning(previous)) {
    connection.close();
    if (sameFile(statOrNull(lockFile), locked)) fs.rmSync(lockFile, { force: true });
    throw lockFileRemovedUnder(dataDir, previous, ownerFile);
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), app, startedAt: new Date().toISOString() };
  writePrivateFileSync(ownerFile, JSON.stringify(owner));
  let held = true;
  return {
    realFile,
    assertStillHeld() {
      if (!held) return;
      const now = statOrNull(lockFile);
      if (sameFile(now, locked)) return;
      throw new AppError(
        'BUSY',
        `Another copy of RestoreAssist Desk may be using this data: the lock file ${lockFile} was ` +
          `${now ? 'replaced' : 'removed'} while this copy was running (a clean-up tool or a synced folder can do this). ` +
          'Nothing was sent. Close every copy of RestoreAssist Desk, then start one again.',
      );
    },
    release() {
      if (!held) return;
      held = false;
      // The note is another copy's once the lock file was replaced under this one: left for it.
      const note = readOwner(ownerFile);
      if (note && note.pid === owner.pid && note.startedAt === owner.startedAt) fs.rmSync(ownerFile, { force: true });
      connection.close();
    },
  };
}

/**
 * Where the database really is: links followed, also to a file not created yet (SQLite creates the
 * link's target), so every path to one database leads to one lock.
 */
function realDatabasePath(file: string, hops = 0): string {
  try {
    return fs.realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || hops > 32) throw error;
  }
  const link = fs.lstatSync(file, { throwIfNoEntry: false });
  if (link?.isSymbolicLink())
    return realDatabasePath(path.resolve(path.dirname(file), fs.readlinkSync(file)), hops + 1);
  return path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
}

function statOrNull(file: string): fs.BigIntStats | null {
  try {
    return fs.statSync(file, { bigint: true });
  } catch {
    return null;
  }
}

function sameFile(a: fs.BigIntStats | null, b: fs.BigIntStats): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino;
}

/** Whether the copy a note names may still run: alive on this computer, or on another one (unknowable here). */
function mayBeRunning(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(ownerFile: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function describeOwner(owner: LockOwner | null): string {
  return owner
    ? `the ${owner.app} (process ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ''}, started ${owner.startedAt})`
    : 'another program';
}

function inUse(dataDir: string, realFile: string, owner: LockOwner | null): AppError {
  // Reached through a link from another folder: say which database it is.
  const what =
    path.dirname(realFile) === dataDir || path.dirname(realFile) === safeRealpath(dataDir)
      ? `the data folder ${dataDir}`
      : `the database ${realFile} (the data folder ${dataDir} links to it)`;
  return new AppError(
    'BUSY',
    `Another copy of RestoreAssist Desk is already using ${what}: ${describeOwner(owner)}. ` +
      'Use that copy, or close it and start this one again. To run a second copy, give it a folder of its own (--data-dir).',
    owner ?? undefined,
  );
}

function lockFileRemovedUnder(dataDir: string, owner: LockOwner, ownerFile: string): AppError {
  return new AppError(
    'BUSY',
    `Another copy of RestoreAssist Desk may be using the data folder ${dataDir}: ${describeOwner(owner)}, ` +
      'though its lock file was removed (a clean-up tool or a synced folder can do this). ' +
      `Close that copy and start this one again. If no copy is running, delete ${ownerFile} and start again.`,
    owner,
  );
}

function safeRealpath(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
