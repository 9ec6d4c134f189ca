/**
 * The updater's state machine and "Restart to update", Electron-free: the shell hands it
 * electron-updater's autoUpdater (main/shell/updates.ts) and tests hand it an updater built on
 * electron-updater's own classes against a local feed (tests/updates/).
 *
 *   off | idle ──check──▶ checking ──▶ idle (up to date)
 *                                  └──▶ available ──▶ downloading ──▶ downloaded (sha512 checked,
 *                                                                      and on Windows the publisher)
 *   any check or download failing ──▶ error (a new check starts again)
 *
 * Only `downloaded` offers a restart: electron-updater emits update-downloaded after the file was
 * verified against latest.yml's sha512 (and the publisher's signature on Windows); a file refused
 * there ends in `error` and is deleted by electron-updater, never offered.
 */
import type { HandlerMap } from '../ipc/types';
import type { Logger } from '../log';
import type { RestartAnswer, UpdateStatus } from '../../../shared/updates';
import type { RestartBlockers } from './restart-safety';

/** The part of electron-updater's AppUpdater this uses (its events and checkForUpdates). */
export interface UpdaterPort {
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

export interface RestartRequest {
  /** How many unsent changes the person was shown and agreed to restart with. */
  unsentConfirmed?: number;
  /** With a sync running: restart as soon as it has finished, instead of only saying so. */
  whenSyncEnds?: boolean;
}

export interface UpdateControllerOptions {
  /** Null when this copy does not check (offMessage says why). */
  updater: UpdaterPort | null;
  currentVersion: string;
  /** Where updates come from, in words (feed.ts describeFeed); null when unknown. */
  feed: string | null;
  offMessage?: string;
  /** What stands in the way of a restart now: syncs running, changes unsent (restart-safety.ts). */
  blockers(): Promise<RestartBlockers>;
  /** Quits, installs the downloaded update and starts the new version (autoUpdater.quitAndInstall). */
  installAndRestart(): void | Promise<void>;
  now(): number;
  /** Every change of state, for the window (the `updates.status` event). */
  onChange?(status: UpdateStatus): void;
  logger: Logger;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Asks the feed now ("Check for updates"); answers the state once the check has its answer. */
  check(): Promise<UpdateStatus>;
  /**
   * The timer's check: none while an update waits for its restart, so a check that fails later
   * (a laptop offline in the van) does not take away the offer of one already verified.
   */
  checkInBackground(): Promise<UpdateStatus>;
  restart(input: RestartRequest): Promise<RestartAnswer>;
  /**
   * A sync's state moved (main follows the core's events: restart-safety.ts followSyncs): a
   * restart asked for "when the sync has finished" is made now if nothing stands in its way.
   */
  syncMayHaveEnded(): Promise<void>;
  handlers: Required<Pick<HandlerMap, 'updates.status' | 'updates.check' | 'updates.restart'>>;
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const { updater, logger } = options;
  let status: UpdateStatus = {
    state: updater ? 'idle' : 'off',
    currentVersion: options.currentVersion,
    version: null,
    percent: null,
    message: updater
      ? `This is version ${options.currentVersion}. Updates have not been checked yet.`
      : (options.offMessage ?? 'This copy of the app does not check for updates.'),
    feed: options.feed,
    checkedAt: null,
  };

  const move = (next: Partial<UpdateStatus>) => {
    status = { ...status, ...next };
    options.onChange?.(status);
  };
  const checkedAt = () => new Date(options.now()).toISOString();

  if (updater) {
    updater.on('checking-for-update', () =>
      move({ state: 'checking', percent: null, message: 'Checking for updates…' }),
    );
    updater.on('update-not-available', () =>
      move({
        state: 'idle',
        version: null,
        percent: null,
        checkedAt: checkedAt(),
        message: `You have the latest version (${options.currentVersion}).`,
      }),
    );
    updater.on('update-available', (info) =>
      move({
        state: 'available',
        version: info.version,
        percent: 0,
        checkedAt: checkedAt(),
        message: `Version ${info.version} is available. It is downloading in the background; you can keep working.`,
      }),
    );
    updater.on('download-progress', (progress) => {
      if (status.state !== 'available' && status.state !== 'downloading') return;
      move({
        state: 'downloading',
        percent: Math.max(0, Math.min(100, Math.round(progress.percent))),
        message: status.version
          ? `Downloading version ${status.version} in the background…`
          : 'Downloading the update in the background…',
      });
    });
    updater.on('update-downloaded', (info) =>
      move({
        state: 'downloaded',
        version: info.version,
        percent: 100,
        message: `Version ${info.version} is downloaded and checked. Restart to update; until then you keep working on ${options.currentVersion}.`,
      }),
    );
    updater.on('error', (error) => {
      logger.warn('update failed', { error: error.message.split('\n')[0], code: (error as { code?: string }).code });
      move({ state: 'error', percent: null, checkedAt: checkedAt(), message: updateErrorMessage(error) });
    });
  }

  const check = async (): Promise<UpdateStatus> => {
    if (!updater) return status;
    // One check or download at a time; a downloaded update is checked again by asking anew.
    if (status.state === 'checking' || status.state === 'available' || status.state === 'downloading') return status;
    // electron-updater reports a failure as an `error` event too (handled above). checkForUpdates
    // answers once the check has an answer; the download goes on in the background.
    const result = (await updater.checkForUpdates().catch(() => null)) as {
      downloadPromise?: Promise<unknown> | null;
    } | null;
    // The background download's failure comes as an `error` event too: its promise must not go unhandled.
    result?.downloadPromise?.catch(() => undefined);
    return status;
  };

  /** A restart asked for "when the sync has finished", with the count of unsent changes the person saw. */
  let afterSync: { unsentConfirmed?: number } | null = null;
  let restarting = false;

  const restart = async ({ unsentConfirmed, whenSyncEnds }: RestartRequest): Promise<RestartAnswer> => {
    if (restarting && status.version) return { outcome: 'restarting', version: status.version };
    if (status.state !== 'downloaded' || !status.version)
      return {
        outcome: 'not-ready',
        message: 'No update is downloaded and checked yet, so there is nothing to restart into.',
      };
    const version = status.version;
    const { syncing, unsent } = await options.blockers();
    if (syncing.length > 0) {
      if (whenSyncEnds) afterSync = { unsentConfirmed };
      return {
        outcome: 'sync-running',
        connections: syncing,
        waiting: whenSyncEnds === true,
        message: whenSyncEnds
          ? `A sync with ${listInWords(syncing)} is running. The app restarts to update when it has finished.`
          : `A sync with ${listInWords(syncing)} is running. Restart to update when it has finished; the update waits until then.`,
      };
    }
    afterSync = null;
    if (unsent.count > 0 && (unsentConfirmed ?? 0) < unsent.count) {
      const changes = unsent.count === 1 ? '1 change made here has' : `${unsent.count} changes made here have`;
      return {
        outcome: 'confirm-unsent',
        unsentCount: unsent.count,
        first: unsent.first,
        message: `${changes} not reached Ascora yet. ${unsent.count === 1 ? 'It stays' : 'They stay'} on this computer through the restart and ${unsent.count === 1 ? 'is' : 'are'} sent at the next sync.`,
      };
    }
    logger.info('restarting to update', { from: options.currentVersion, to: version, unsent: unsent.count });
    restarting = true;
    // The answer reaches the window before the app goes.
    void Promise.resolve()
      .then(() => options.installAndRestart())
      .catch((error: unknown) => {
        restarting = false;
        logger.error('restart to update failed', { error: error instanceof Error ? error.message : String(error) });
        move({
          state: 'error',
          message: 'The app could not restart into the update. Quit and open it again to install it.',
        });
      });
    return { outcome: 'restarting', version };
  };

  // One look at a time: a run's end comes as several events close together.
  let looking: Promise<void> = Promise.resolve();
  const syncMayHaveEnded = (): Promise<void> => {
    looking = looking.then(async () => {
      if (!afterSync) return;
      const answer = await restart({ ...afterSync, whenSyncEnds: true }).catch((error: unknown) => {
        logger.warn('restart after the sync could not check the sync', {
          error: error instanceof Error ? error.message : String(error),
        });
        return null;
      });
      // More changes unsent than the person saw: they are asked again, by the banner still offering it.
      if (answer?.outcome === 'confirm-unsent')
        move({
          message: `The sync has finished, but ${lowerFirst(answer.message)} Restart to update when you are ready.`,
        });
    });
    return looking;
  };

  return {
    status: () => status,
    check,
    syncMayHaveEnded,
    checkInBackground: () => (status.state === 'downloaded' ? Promise.resolve(status) : check()),
    restart,
    handlers: {
      'updates.status': () => status,
      'updates.check': () => check(),
      'updates.restart': (input) => restart(input),
    },
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function listInWords(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'Ascora';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * electron-updater's errors in a person's words. A refused download says plainly that it was
 * thrown away and will not be installed: that is what keeps a tampered file out.
 */
export function updateErrorMessage(error: Error): string {
  const code = (error as { code?: string }).code ?? '';
  const text = error.message ?? '';
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(text))
    return 'The downloaded update did not match its release (its SHA-512 checksum differs), so it was thrown away and will not be installed. The next check downloads it again; if this keeps happening, tell whoever looks after your computers.';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE')
    return "The downloaded update is not signed by RestoreAssist's publisher, so it was thrown away and will not be installed. Tell whoever looks after your computers.";
  if (
    code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND' ||
    code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' ||
    /\b404\b/.test(text)
  )
    return 'The update feed has no release for this app yet. Nothing was changed; the app checks again later.';
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EAI_AGAIN|net::ERR_/.test(`${code} ${text}`))
    return 'The update feed could not be reached (no internet, or the address is wrong). Nothing was changed; the app checks again later.';
  return `Updates could not be checked: ${text.split('\n')[0]?.slice(0, 200) || 'an unknown error'}. Nothing was changed; the app checks again later.`;
}
