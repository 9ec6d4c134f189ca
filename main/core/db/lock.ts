/**
 * One writer per data folder. Two copies of the app syncing one mirror would each send the same
 * queued changes (40 customers became 80), and one's start-up recovery would reset the other's
 * requests in flight. So the first copy holds an exclusive lock for as long as it runs, and a
 * second refuses to start, naming the first.
 *
 * The lock is SQLite's own, on a small file beside the database (`restoreassist.lock`): in
 * EXCLUSIVE locking mode a connection that has written keeps its OS file lock until it closes, and
 * the OS drops it when the process dies, so a crash never leaves a stale lock behind (Joplin's
 * LockHandler needs timestamps for that because its locks live on a sync target, not a local file).
 * Who holds it is written beside it (`restoreassist.lock.json`) for the message.
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

export interface DataFolderLock {
  release(): void;
}

export function lockDataFolder(dataDir: string, app: string): DataFolderLock {
  makePrivateDir(dataDir);
  const lockFile = path.join(dataDir, LOCK_FILE);
  const ownerFile = path.join(dataDir, OWNER_FILE);
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
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw inUse(dataDir, readOwner(ownerFile));
    throw new AppError(
      'STORAGE',
      `The data folder ${dataDir} could not be locked for this copy of RestoreAssist Desk (${(error as Error).message}).`,
    );
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), app, startedAt: new Date().toISOString() };
  writePrivateFileSync(ownerFile, JSON.stringify(owner));
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      fs.rmSync(ownerFile, { force: true });
      connection.close();
    },
  };
}

function readOwner(ownerFile: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function inUse(dataDir: string, owner: LockOwner | null): AppError {
  const who = owner
    ? `the ${owner.app} (process ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ''}, started ${owner.startedAt})`
    : 'another program';
  return new AppError(
    'BUSY',
    `Another copy of RestoreAssist Desk is already using the data folder ${dataDir}: ${who}. ` +
      'Use that copy, or close it and start this one again. To run a second copy, give it a folder of its own (--data-dir).',
    owner ?? undefined,
  );
}
