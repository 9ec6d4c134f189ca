/**
 * The recovery core (issue 22): what the hosts start instead of the app's core when the local copy
 * would not open (recovery/reason.ts names why). It answers only the recovery channels: what
 * happened and where the files are, what can still be read of the unsent changes and local-only
 * work (salvage.ts, read-only), the backups that open with this computer's key, and the person's
 * choice: restore a backup, start again from Ascora, or try again (a keychain unlocked, a key
 * restored). Nothing is deleted: the damaged file, with its -wal and -shm, is moved into the data
 * folder's damaged/<time>/ before a backup or an empty copy takes its place. It holds the data
 * folder's lock while it runs, so no other copy starts on the files it reads or moves.
 *
 * Signal Desktop's corrupted-database flow is the model: a window of its own, the person decides,
 * nothing is removed behind their back. Electron-free, like all of main/core.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toCsv } from '../../../shared/csv';
import type {
  LocalOnlyExport,
  RecoveryBackup,
  RecoveryOutcome,
  RecoveryReason,
  RecoveryStatus,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import { systemClock, type Clock } from '../clock';
import { databaseFileState, openConnection, type DatabaseKey } from '../db/connection';
import { databaseKeyRef } from '../db/database-key';
import { lockDatabase } from '../db/lock';
import { BACKUP_FOLDER, wholeCheckMarker } from '../db/open';
import { EventBus } from '../events';
import { createRegistry } from '../ipc/registry';
import type { HandlerMap } from '../ipc/types';
import { registerSecret, type Logger } from '../log';
import { DATABASE_FILE } from '../paths';
import { makePrivateDir, makePrivateFile, writePrivateFileSync } from '../private-files';
import type { SecretStore } from '../secrets/secret-store';
import { attachmentFileName, attachmentsDir } from '../services/attachments';
import { exportsDir, uniqueDir, uniqueName } from '../services/local-only';
import { salvageWork, type Salvage } from './salvage';

/** Where damaged files are moved, under the data folder. */
export const DAMAGED_FOLDER = 'damaged';
export const damagedDir = (dataDir: string): string => path.join(dataDir, DAMAGED_FOLDER);
/** A database file's companions, moved with it. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];
const BACKUP_NAME = /^restoreassist-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-before-(.+)\.db$/;

export const IN_RECOVERY_MESSAGE =
  'RestoreAssist Desk could not open the local copy of your Ascora data. Choose what to do on the recovery screen first.';

/** What a host gives both its recoverable start and the recovery core. */
export interface RecoveryEnvironment {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  /** Names this copy in the data folder's lock. */
  appName?: string;
  clock?: Clock;
  openFolder?: (dir: string) => Promise<boolean>;
  checkAnswers?: boolean;
}

export interface RecoveryCoreOptions extends RecoveryEnvironment {
  reason: RecoveryReason;
  /** The start's own message: what happened. */
  message: string;
  /**
   * Starts the app's core once the files are in place (the host's own start); called after this
   * core has let go of the data folder. Answers whether the app opened or is in recovery again.
   */
  reopen(): Promise<RecoveryOutcome>;
}

export interface RecoveryCore {
  registry: { invoke(channel: string, input: unknown): Promise<Result<unknown>> };
  events: EventBus;
  /** Lets go of the data folder (its lock). */
  close(): void;
}

export function createRecoveryCore(options: RecoveryCoreOptions): RecoveryCore {
  const { dataDir, logger } = options;
  const clock = options.clock ?? systemClock;
  const file = path.join(dataDir, DATABASE_FILE);
  const lock = lockDatabase(file, options.appName ?? 'RestoreAssist Desk');
  const realFile = lock.realFile;
  let closed = false;
  /** A choice is being carried out: a second (a double click, another window) is refused, never run over it. */
  let choosing = false;
  logger.warn('the local copy could not be opened: recovery screen', { reason: options.reason });

  /** This computer's key for the file, when the keychain has one and gives it. */
  async function storedKey(): Promise<DatabaseKey | null> {
    try {
      const hex = await options.secrets.get(databaseKeyRef(realFile));
      if (hex === null) return null;
      registerSecret(hex);
      return Buffer.from(hex, 'hex');
    } catch {
      return null;
    }
  }

  /** The key a copy is opened with: none for a plain one. */
  const keyFor = (copy: string, key: DatabaseKey | null) => (databaseFileState(copy) === 'plain' ? null : key);

  let salvaged: Promise<Salvage> | null = null;
  const salvage = () =>
    (salvaged ??= (async () => {
      const key = await storedKey();
      const state = fs.existsSync(realFile) ? databaseFileState(realFile) : 'missing';
      const whyNot =
        state === 'missing'
          ? 'The file is not there any more.'
          : state === 'encrypted' && key === null
            ? "The local copy is encrypted, and this computer's key for it is not available, so nothing in it can be read now. " +
              'It is kept as it is: if the key comes back (the keychain unlocked or restored), choose Try again.'
            : options.reason === 'wrong_key'
              ? "This computer's key does not open the local copy, so nothing in it can be read now. It is kept as it is: " +
                'if the right key comes back to the keychain, choose Try again.'
              : null;
      const result = salvageWork(realFile, keyFor(realFile, key), whyNot);
      logger.info('recovery: unsent work read from the damaged file', {
        readable: result.work.readable,
        items: result.items.length,
        unreadable: result.work.unreadable,
      });
      return result;
    })());

  async function listBackups(): Promise<RecoveryBackup[]> {
    const folder = path.join(path.dirname(realFile), BACKUP_FOLDER);
    if (!fs.existsSync(folder)) return [];
    const key = await storedKey();
    const found: RecoveryBackup[] = [];
    for (const name of fs.readdirSync(folder)) {
      const parts = BACKUP_NAME.exec(name);
      if (!parts) continue;
      const copy = path.join(folder, name);
      const copyKey = keyFor(copy, key);
      if (databaseFileState(copy) === 'encrypted' && copyKey === null) continue;
      try {
        const sqlite = openConnection(copy, { key: copyKey, readonly: true, fileMustExist: true });
        try {
          const connections = sqlite
            .prepare(
              `SELECT i.display_name AS name, (SELECT COUNT(*) FROM ascora_jobs j WHERE j.integration_id = i.id) AS jobs
                 FROM ascora_integrations i ORDER BY i.id`,
            )
            .all() as { name: string; jobs: number }[];
          const [, day, hh, mm, ss, ms, before] = parts;
          found.push({
            name,
            takenAt: `${day}T${hh}:${mm}:${ss}.${ms}Z`,
            before: before!,
            connections,
            sizeBytes: fs.statSync(copy).size,
          });
        } finally {
          sqlite.close();
        }
      } catch (error) {
        logger.info('recovery: a backup does not open with this key', {
          backup: name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return found.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  }

  /** Moves the damaged file and its companions into damaged/<time>/; returns that folder, or null when there was none. */
  function moveAside(): string | null {
    const present = [...COMPANIONS.map((suffix) => `${realFile}${suffix}`), wholeCheckMarker(realFile)].filter((f) =>
      fs.existsSync(f),
    );
    if (present.length === 0) return null;
    const stamp = new Date(clock.now()).toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
    makePrivateDir(damagedDir(dataDir));
    const target = uniqueDir(path.join(damagedDir(dataDir), stamp));
    makePrivateDir(target);
    for (const from of present) {
      const to = path.join(target, path.basename(from));
      try {
        fs.renameSync(from, to);
      } catch (error) {
        // Another disk (the database was a link): copied whole first, then the original removed.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        fs.copyFileSync(from, to);
        fs.rmSync(from);
      }
    }
    logger.warn('recovery: damaged local copy moved aside', { to: target, files: present.length });
    return target;
  }

  /** One choice at a time; one that fails before it moved anything can be made again. */
  async function oneChoice(run: () => Promise<RecoveryOutcome>): Promise<RecoveryOutcome> {
    if (choosing || closed)
      throw new AppError('BUSY', 'RestoreAssist Desk is already carrying out your choice. Wait a moment.');
    choosing = true;
    try {
      return await run();
    } catch (error) {
      if (!closed) choosing = false;
      throw error;
    }
  }

  async function reopenAfter(movedTo: string | null): Promise<RecoveryOutcome> {
    close();
    const outcome = await options.reopen();
    return { ...outcome, movedTo };
  }

  function close(): void {
    if (closed) return;
    closed = true;
    lock.release();
  }

  async function exportWork(open: boolean): Promise<LocalOnlyExport> {
    const { items } = await salvage();
    if (items.length === 0)
      throw new AppError(
        'VALIDATION',
        'Nothing could be read of the unsent changes or local-only work: there is nothing to export.',
      );
    const stamp = new Date(clock.now()).toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
    const root = exportsDir(dataDir);
    makePrivateDir(root);
    const finalDir = uniqueDir(path.join(root, `Recovered ${stamp}`));
    const partial = `${finalDir}.partial`;
    makePrivateDir(partial);
    const stored = path.resolve(attachmentsDir(dataDir));
    const taken = new Set<string>();
    let files = 1;
    let missing = 0;
    const rows = items.map((item) => {
      let inFolder = '';
      if (item.attachment) {
        const source = path.resolve(stored, item.attachment.storedName);
        const name = uniqueName(attachmentFileName(item.attachment.fileName, item.attachment.mimeType), taken);
        if (source.startsWith(stored + path.sep) && fs.existsSync(source)) {
          makePrivateDir(path.join(partial, 'attachments'));
          writePrivateFileSync(path.join(partial, 'attachments', name), fs.readFileSync(source));
          inFolder = path.join('attachments', name);
          files++;
        } else {
          missing++;
          inFolder = "Missing: its copy was no longer in the app's data folder";
        }
      }
      return [item.connection, item.kind, item.what, item.text, item.by, item.at, inFolder];
    });
    const csv = toCsv(
      [
        'Connection',
        'Kept here',
        'Change or job',
        'Record, text or file',
        'Written by',
        'Date (UTC)',
        'File in this folder',
      ],
      rows,
    );
    // A byte order mark: Excel reads the file as UTF-8.
    writePrivateFileSync(path.join(partial, 'recovered-unsent-work.csv'), `\uFEFF${csv}\r\n`);
    fs.renameSync(partial, finalDir);
    logger.info('recovery: unsent work exported', { items: items.length, files, missing });
    const opened = open && options.openFolder ? await options.openFolder(finalDir) : false;
    return { path: finalDir, files, missing, canOpen: options.openFolder !== undefined, opened };
  }

  const status: RecoveryStatus = {
    state: 'recovery',
    reason: options.reason,
    message: options.message,
    dataDir,
    databaseFile: realFile,
    damagedFolder: damagedDir(dataDir),
    // A key problem may be put right in the keychain; damage is not.
    canTryAgain: options.reason !== 'damaged',
  };

  const handlers = {
    'recovery.status': () => status,
    'recovery.recoveredWork': async () => (await salvage()).work,
    'recovery.exportRecoveredWork': ({ open }) => exportWork(open),
    'recovery.backups': () => listBackups(),
    'recovery.restoreBackup': ({ name }) => oneChoice(() => restore(name)),
    'recovery.startAgain': () => oneChoice(() => reopenAfter(moveAside())),
    'recovery.tryAgain': () => oneChoice(() => reopenAfter(null)),
  } satisfies HandlerMap;

  async function restore(name: string): Promise<RecoveryOutcome> {
    const backup = (await listBackups()).find((b) => b.name === name);
    if (!backup)
      throw new AppError(
        'NOT_FOUND',
        "That backup is not in the backups folder, or does not open with this computer's key.",
      );
    const movedTo = moveAside();
    const restored = path.join(path.dirname(realFile), BACKUP_FOLDER, backup.name);
    // A copy: the backup itself stays, for another try.
    makePrivateFile(realFile);
    fs.copyFileSync(restored, realFile);
    logger.warn('recovery: backup restored', { backup: backup.name });
    return reopenAfter(movedTo);
  }

  const inner = createRegistry(handlers, { logger, checkAnswers: options.checkAnswers });
  return {
    registry: {
      invoke: (channel, input) =>
        channel.startsWith('recovery.')
          ? inner.invoke(channel, input)
          : Promise.resolve({ ok: false, error: { code: 'STORAGE', message: IN_RECOVERY_MESSAGE } }),
    },
    events: new EventBus(),
    close,
  };
}

const NOTHING_TO_RECOVER = 'The local copy opened normally: there is nothing to recover.';

/**
 * The real core's answers on the recovery channels: the local copy opened, so the queries answer
 * that there is nothing to recover and the commands are refused (CONFLICT).
 */
export function normalRecoveryHandlers(dataDir: string) {
  const nothingToRecover = (): never => {
    throw new AppError('CONFLICT', NOTHING_TO_RECOVER);
  };
  return {
    'recovery.status': () => ({
      state: 'normal' as const,
      reason: null,
      message: '',
      dataDir,
      databaseFile: path.join(dataDir, DATABASE_FILE),
      damagedFolder: damagedDir(dataDir),
      canTryAgain: false,
    }),
    'recovery.recoveredWork': () => ({ readable: false, note: NOTHING_TO_RECOVER, connections: [], unreadable: 0 }),
    'recovery.exportRecoveredWork': nothingToRecover,
    // None is offered: restoring one is for a local copy that will not open.
    'recovery.backups': () => [],
    'recovery.restoreBackup': nothingToRecover,
    'recovery.startAgain': nothingToRecover,
    'recovery.tryAgain': nothingToRecover,
  } satisfies HandlerMap;
}
