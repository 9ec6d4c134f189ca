/**
 * Self-updating in the desktop app: electron-updater's autoUpdater for this platform (NSIS on
 * Windows, Squirrel.Mac from the zip on macOS, the AppImage on Linux), wired to the Electron-free
 * state machine in main/core/updates/ (tested there against a local feed). Only the Electron parts
 * live here: the app's version and packaging, where the feed comes from, the timer, quitting.
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/log';
import { createUpdateController, type UpdateController } from '../core/updates/controller';
import { describeAppUpdateConfig, describeFeed, feedChoice } from '../core/updates/feed';
import { restartBlockers } from '../core/updates/restart-safety';
import type { Registry } from '../core/ipc/registry';
import type { UpdateStatus } from '../../shared/updates';

/** The first check waits for the start-up sync to settle; then a few times a working day. */
const FIRST_CHECK_MS = 60_000;
const CHECK_EVERY_MS = 4 * 60 * 60_000;

export function startUpdates(options: {
  core: Pick<Registry, 'invoke'>;
  logger: Logger;
  onChange(status: UpdateStatus): void;
  /**
   * Closes the core as Quit does (the database closed, no sync left running): before the installer
   * starts, as on Windows it replaces the app's files while the old process may still be exiting.
   */
  closeCore(): Promise<void>;
}): { controller: UpdateController; stop(): void } {
  const choice = feedChoice(process.env);
  const builtInFeed = app.isPackaged ? readBuiltInFeed() : null;
  const checks = choice.kind === 'override' || (choice.kind === 'built-in' && builtInFeed !== null);
  const offMessage =
    choice.kind === 'off'
      ? choice.reason
      : 'This copy does not check for updates: it was not installed from a release (a development run). Releases update themselves.';

  if (checks) {
    autoUpdater.logger = {
      info: (message?: unknown) => options.logger.info('updater', { message: String(message) }),
      warn: (message?: unknown) => options.logger.warn('updater', { message: String(message) }),
      error: (message?: unknown) => options.logger.error('updater', { message: String(message).split('\n')[0] }),
      debug: () => undefined,
    };
    // Downloaded in the background as soon as found; installed when the person says, or at their next quit.
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    // Only full installers with their own signature: no web installer fetching a package later.
    autoUpdater.disableWebInstaller = true;
    if (choice.kind === 'override') {
      autoUpdater.setFeedURL(choice.feed);
      // A development run told where to look (trying a feed before a release) checks too.
      autoUpdater.forceDevUpdateConfig = !app.isPackaged;
    }
  }

  const controller = createUpdateController({
    updater: checks ? autoUpdater : null,
    currentVersion: app.getVersion(),
    feed: choice.kind === 'override' ? describeFeed(choice.feed) : builtInFeed,
    offMessage,
    blockers: () => restartBlockers(options.core.invoke),
    installAndRestart: async () => {
      await options.closeCore();
      // Not silent (the installer shows its progress), and the new version starts after it.
      autoUpdater.quitAndInstall(false, true);
    },
    now: () => Date.now(),
    onChange: options.onChange,
    logger: options.logger,
  });

  const timers: NodeJS.Timeout[] = [];
  if (checks) {
    timers.push(setTimeout(() => void controller.checkInBackground(), FIRST_CHECK_MS));
    timers.push(setInterval(() => void controller.checkInBackground(), CHECK_EVERY_MS));
  }
  return { controller, stop: () => timers.forEach((timer) => clearTimeout(timer)) };
}

/** The feed the release was built with, in words; null when it has none (app-update.yml is absent). */
function readBuiltInFeed(): string | null {
  try {
    return describeAppUpdateConfig(fs.readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8'));
  } catch {
    return null;
  }
}
