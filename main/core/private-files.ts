/**
 * The data folder holds customer records, attachments and logs: on POSIX it is the owner's alone
 * (folders 0700, files 0600). Modes are set with chmod after creating, so the process umask can
 * neither loosen nor tighten them. Existing files are only ever narrowed (their group and other
 * bits dropped), never widened: a file someone made read-only stays read-only.
 *
 * On Windows chmod only toggles the read-only flag; the data folder sits in the user's own
 * profile, whose ACLs keep other users out, so nothing is done there.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates the folder (and missing parents) and makes it the owner's alone. */
export function makePrivateDir(dir: string): void {
  const created = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE }) !== undefined;
  if (!posix) return;
  // mkdir returns the first folder it created: new parents got 0700 & ~umask, the folder itself exactly 0700.
  if (created) fs.chmodSync(dir, PRIVATE_DIR_MODE);
  else narrowToOwner(dir);
}

/** Creates an empty file at exactly 0600 if there is none, or narrows the one there. */
export function makePrivateFile(file: string): void {
  try {
    // 'wx': only if it does not exist, so an existing file (and its content) is never touched here.
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
    if (posix) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    narrowToOwner(file);
  }
}

/** Writes a whole new file at 0600 (the mode given to open is masked by the umask; chmod is not). */
export function writePrivateFileSync(file: string, data: string | Uint8Array): void {
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
  if (posix) fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Drops group and other bits (and a file's execute bits) from an existing file or folder. Missing
 * is fine; so is one this user may not chmod (owned by someone else, or immutable): the app still
 * starts, as it did before, rather than refuse a folder it can use.
 */
export function narrowToOwner(target: string): void {
  if (!posix) return;
  try {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.mode & (stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
    if ((stat.mode & 0o7777) !== wanted) fs.chmodSync(target, wanted);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/**
 * At start: the folder and everything in it narrowed to the owner, for data folders written by
 * versions before this one and for files others created in it (SQLite's backup copies). One lstat
 * per entry, and a chmod only where a mode is wrong; symbolic links are not followed.
 */
export function makeDataFolderPrivate(dataDir: string): void {
  if (!posix) return;
  makePrivateDir(dataDir);
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const target = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        narrowToOwner(target);
        visit(target);
      } else if (entry.isFile()) {
        narrowToOwner(target);
      }
    }
  };
  visit(dataDir);
}

/** Flushes a file's content to the disk (before a rename makes it the one in use). */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A rename of `file` is durable once its folder is synced (POSIX; Windows cannot open a folder to sync it). */
export function syncFolderOf(file: string): void {
  if (!posix) return;
  const fd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
