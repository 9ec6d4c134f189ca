/**
 * The Electron shell: lifecycle, the secure window, the preload bridge's IPC, the tray, the
 * machine's sync triggers. Everything that can be a plain function lives beside this file
 * (security.ts, tray-model.ts, triggers.ts, notifications.ts) and is tested under Node; this file
 * only wires Electron to the core.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  Tray,
} from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CoreHandle } from '../core/app';
import type { Logger } from '../core/log';
import { createAppLogger } from '../core/log-file';
import { OPENED_ATTACHMENTS_FOLDER } from '../core/paths';
import { startCoreOrRecovery } from '../core/recovery/host';
import { createKeytarStore } from '../core/secrets/keytar-store';
import { startCoreWorker } from '../core/worker/core-worker';
import type { IntegrationStatus, Settings, SyncRunSummary } from '../../shared/domain';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
import { failureNotification, manualSyncNotification, type NotificationText } from './notifications';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  createSecureWindow,
  isAllowedExternalUrl,
  isTrustedSender,
  rendererFileFor,
} from './security';
import { appMenuTemplate, spellcheckAllowed, userDataOverride, type ShellRuntime } from './lockdown';
import { buildTrayModel, type TrayIconState } from './tray-model';
import { createSyncTriggers } from './triggers';
import { startUpdates } from './updates';
import { withUpdateChannels } from '../core/updates/channels';
import { followSyncs } from '../core/updates/restart-safety';

/** How often main asks the OS whether the network is up (Electron has no "online" event in main). */
const ONLINE_POLL_MS = 15_000;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

type Core = CoreHandle;

let core: Core | null = null;
// Read from the core at start and when settings change: the window's close handler must answer at once.
let closeToTraySetting = true;
// The log file in the data folder (logs/restoreassist.log); also stderr, as before.
let logger: Logger | null = null;
let mainWindow: BrowserWindow | null = null;
// Kept for the app's life: a garbage-collected Tray disappears from the panel.
let tray: Tray | null = null;
let trayMenu: Menu | null = null;
// Each connection's state at the last tray refresh: a failure is told once per connection.
const lastStatuses = new Map<number, IntegrationStatus>();
let quitting = false;

const runtime: ShellRuntime = { isPackaged: app.isPackaged, platform: process.platform };

// A separate data folder on request, in development only (the Electron smoke test): lockdown.ts.
const userDataDir = userDataOverride(runtime, process.env);
if (userDataDir) app.setPath('userData', userDataDir);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  logger = createAppLogger(dataDir);
  logger.info('app started', { version: app.getVersion(), platform: process.platform });
  try {
    // The core (database, sync, services) runs in a worker thread beside this bundle, so this
    // thread, which answers the window and the tray, is never blocked by a sync's writes.
    // Migrations run there, with a copy of the database file taken first (main/core/db/open.ts);
    // the keychain stays in this thread (docs/design.md, "The core in a worker").
    // A local copy that will not open (damaged, its key missing, the keychain locked) brings the
    // recovery screen instead (main/core/recovery); after the person's choice the core starts here.
    const secrets = createKeytarStore();
    const checkAnswers = !app.isPackaged;
    core = await startCoreOrRecovery({
      dataDir,
      secrets,
      logger,
      appName: 'desktop app',
      openFolder: openLogFolder,
      checkAnswers,
      startCore: () =>
        startCoreWorker({
          dataDir,
          secrets,
          migrationsFolder: resourcePath('drizzle'),
          logger: logger!,
          openFolder: openLogFolder,
          openFile: (file) => openAttachmentFile(dataDir, file),
          appName: 'desktop app',
          // Answers are checked against the contract in development; the installed app skips it.
          checkAnswers,
          workerFile: path.join(__dirname, 'core-worker.cjs'),
          readerFile: path.join(__dirname, 'core-reader.cjs'),
        }),
    });
  } catch (error) {
    fatal(error);
    return;
  }
  denyPermissions();
  lockDownShell();
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
  const running = core;
  const updates = startUpdates({
    core: running.registry,
    logger,
    onChange: (status) => mainWindow?.webContents.send(EVENT_CHANNEL, { name: 'updates.status', payload: status }),
    closeCore: async () => {
      quitting = true;
      await running.close();
    },
  });
  const stopFollowingSyncs = followSyncs(running.events, updates.controller);
  app.on('will-quit', () => {
    updates.stop();
    stopFollowingSyncs();
  });
  // The window's calls: the update channels to main's updater, every other to the core.
  wireContract(core, withUpdateChannels(core.registry, updates.controller, { logger, checkAnswers: !app.isPackaged }));
  await loadSettings(core);
  createWindow();
  createTray(core);
  watchMachine(core);
  core.start();
  if (process.env.RESTOREASSIST_E2E === '1') exposeForSmokeTest(core);
}

/**
 * For `npm run test:electron` only: lets Playwright (which drives main through evaluate) read the
 * tray's menu and press its "Sync now", exactly as a click would.
 */
function exposeForSmokeTest(running: Core): void {
  Object.assign(globalThis, {
    restoreAssistSmokeTest: {
      refreshTray: () => refreshTray(running),
      trayMenuLabels: () => trayMenu?.items.map((item) => item.label) ?? [],
      clickTrayItem: (label: string) => {
        const item = trayMenu?.items.find((candidate) => candidate.label === label);
        if (!item) throw new Error(`No tray item "${label}"`);
        item.click();
      },
    },
  });
}

/** Files shipped beside the app: inside resources/ once packaged, the project folder in development. */
function resourcePath(...parts: string[]): string {
  return app.isPackaged ? path.join(process.resourcesPath, ...parts) : path.join(app.getAppPath(), ...parts);
}

/**
 * Settings' "Open log folder". The core passes only its own logs/ folder (never a path from the
 * page); openPath answers an error message, or '' when the file manager opened it.
 */
async function openLogFolder(dir: string): Promise<boolean> {
  return (await shell.openPath(dir)) === '';
}

/**
 * An attachment's "Open": the core passes the plain copy it decrypted into the data folder's
 * opened-attachments/ (never a path from the page), and main checks that again before the OS opens it.
 */
async function openAttachmentFile(dataDir: string, file: string): Promise<boolean> {
  const root = path.resolve(dataDir, OPENED_ATTACHMENTS_FOLDER) + path.sep;
  if (!path.resolve(file).startsWith(root)) return false;
  return (await shell.openPath(file)) === '';
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger?.error('app cannot start', { error: message });
  dialog.showErrorBox(
    'RestoreAssist Desk cannot start',
    `${message}\n\nYour data has not been changed. Contact support with this message.`,
  );
  app.exit(1);
}

function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** The app's own menu (no DevTools or Reload when packaged) and no downloaded spelling dictionaries. */
function lockDownShell(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(runtime, app.getName())));
  if (!spellcheckAllowed(runtime)) session.defaultSession.setSpellCheckerEnabled(false);
}

function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, path.join, path.normalize);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function wireContract(running: Core, contract: Pick<CoreHandle['registry'], 'invoke'>): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    const sender = {
      senderId: event.sender.id,
      frameUrl: event.senderFrame?.url,
      isMainFrame: event.senderFrame === event.sender.mainFrame,
    };
    if (!isTrustedSender(sender, mainWindow?.webContents.id ?? null)) {
      return { ok: false, error: { code: 'AUTH', message: 'This window may not use RestoreAssist Desk.' } };
    }
    // The registry validates the input against the contract before any handler runs.
    return contract.invoke(typeof channel === 'string' ? channel : '', input);
  });
  running.events.subscribe((appEvent) => {
    mainWindow?.webContents.send(EVENT_CHANNEL, appEvent);
    // The core pushes every connection's status after a change that moves it: the tray asks only
    // when the core was started again (a new core pushes nothing until something changes).
    if (appEvent.name === 'connections.status') void refreshTray(running, appEvent.payload.integrations);
    if (appEvent.name === 'core.crashed') void refreshTray(running);
    if (appEvent.name === 'record.changed' && appEvent.payload.entity === 'settings') void loadSettings(running);
  });
}

async function loadSettings(running: Core): Promise<void> {
  const result = await running.registry.invoke('settings.get', {});
  if (result.ok) closeToTraySetting = (result.value as Settings).closeToTray;
}

function createWindow(): void {
  mainWindow = createSecureWindow(BrowserWindow, path.join(__dirname, 'preload.cjs'), runtime);
  const contents = mainWindow.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Reviewed: only https Ascora addresses reach the browser (security.ts, tested).
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', (event) => {
    // Closing keeps the app in the tray (the closeToTray setting); Quit in the tray really quits.
    if (!quitting && closeToTray()) {
      event.preventDefault();
      mainWindow?.hide();
    }
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
    if (!quitting && !closeToTray()) app.quit();
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function closeToTray(): boolean {
  return closeToTraySetting;
}

function showWindow(): void {
  if (!mainWindow) return createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function trayImage(state: TrayIconState): Electron.NativeImage {
  // tray/<state>.png with its @2x sibling, picked by Electron for the display's scale.
  return nativeImage.createFromPath(
    app.isPackaged ? resourcePath('tray', `${state}.png`) : resourcePath('resources', 'tray', `${state}.png`),
  );
}

function createTray(running: Core): void {
  tray = new Tray(trayImage('idle'));
  tray.on('click', () => showWindow());
  void refreshTray(running);
}

async function allIntegrations(running: Core): Promise<IntegrationStatus[]> {
  const result = await running.registry.invoke('integration.list', {});
  return result.ok ? (result.value as IntegrationStatus[]) : [];
}

function notify(text: NotificationText | null): void {
  if (text && Notification.isSupported()) new Notification({ title: text.title, body: text.body }).show();
}

/** The tray's "Sync now": the same engine call as the window's button, skipping any backoff wait. */
async function syncFromTray(running: Core, integrationId: number): Promise<void> {
  const result = await running.registry.invoke('sync.now', { integrationId });
  if (result.ok) notify(manualSyncNotification(result.value as SyncRunSummary));
}

async function refreshTray(running: Core, pushed?: IntegrationStatus[]): Promise<void> {
  if (!tray) return;
  const statuses = pushed ?? (await allIntegrations(running));
  for (const status of statuses) notify(failureNotification(lastStatuses.get(status.id) ?? null, status));
  lastStatuses.clear();
  for (const status of statuses) lastStatuses.set(status.id, status);
  const model = buildTrayModel(statuses);
  tray.setImage(trayImage(model.icon));
  tray.setToolTip(model.tooltip);
  trayMenu = Menu.buildFromTemplate(
    model.items.map((item) =>
      item.id === 'separator'
        ? { type: 'separator' as const }
        : {
            label: item.label,
            enabled: item.enabled,
            click: () => {
              if (item.id === 'sync-now' && item.integrationId !== undefined)
                void syncFromTray(running, item.integrationId);
              if (item.id === 'open') showWindow();
              if (item.id === 'quit') app.quit();
            },
          },
    ),
  );
  tray.setContextMenu(trayMenu);
}

/**
 * Back online or awake again: the core syncs every connection whose schedule is on (sync.signal;
 * triggers.ts settles the bursts first). The window's own `online` event asks the same channel.
 */
function watchMachine(running: Core): void {
  const triggers = createSyncTriggers({
    now: () => Date.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    sync: (reason) => running.registry.invoke('sync.signal', { reason }),
  });
  powerMonitor.on('resume', () => triggers.signal('resume'));
  triggers.observeOnline(net.isOnline());
  const poll = setInterval(() => triggers.observeOnline(net.isOnline()), ONLINE_POLL_MS);
  app.on('will-quit', () => {
    clearInterval(poll);
    triggers.dispose();
  });
}

app.on('before-quit', (event) => {
  if (quitting || !core) return;
  // Let the core finish its current database transaction (and any running sync) before the process goes.
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  // The tray keeps the app alive; quitting is explicit.
});
