/**
 * The Electron shell: lifecycle, the secure window, the preload bridge's IPC, the tray. Everything
 * that can be a plain function lives in security.ts and tray-model.ts and is tested under Node;
 * this file only wires Electron to the core.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, net, protocol, session, shell, Tray } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/app';
import type { IntegrationStatus } from '../../shared/domain';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isTrustedSender, rendererFileFor, windowOptions } from './security';
import { buildTrayModel } from './tray-model';

const INVOKE_CHANNEL = 'contract:invoke';
const EVENT_CHANNEL = 'contract:event';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
// Kept for the app's life: a garbage-collected Tray disappears from the panel.
let tray: Tray | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  try {
    core = await createCore({
      dataDir,
      migrationsFolder: app.isPackaged ? path.join(process.resourcesPath, 'drizzle') : path.join(app.getAppPath(), 'drizzle'),
    });
  } catch (error) {
    fatal(error);
    return;
  }
  denyPermissions();
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
  wireContract(core);
  createWindow();
  createTray(core);
  core.start();
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
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

function wireContract(running: Core): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame)) {
      return { ok: false, error: { code: 'AUTH', message: 'This window may not use RestoreAssist Desk.' } };
    }
    return running.registry.invoke(typeof channel === 'string' ? channel : '', input);
  });
  running.events.subscribe((appEvent) => {
    mainWindow?.webContents.send(EVENT_CHANNEL, appEvent);
    if (appEvent.name === 'connection.state' || appEvent.name === 'record.changed') void refreshTray(running);
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs')));
  const contents = mainWindow.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', (event) => {
    // Closing keeps the app in the tray; Quit in the tray menu really quits.
    if (!quitting) {
      event.preventDefault();
      mainWindow?.hide();
    }
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function showWindow(): void {
  if (!mainWindow) return createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createTray(running: Core): void {
  tray = new Tray(nativeImage.createEmpty());
  tray.on('click', () => showWindow());
  void refreshTray(running);
}

async function firstIntegration(running: Core): Promise<IntegrationStatus | null> {
  const result = await running.registry.invoke('integration.list', {});
  return result.ok ? ((result.value as IntegrationStatus[])[0] ?? null) : null;
}

async function refreshTray(running: Core): Promise<void> {
  if (!tray) return;
  const status = await firstIntegration(running);
  const model = buildTrayModel(status);
  tray.setToolTip(model.tooltip);
  tray.setContextMenu(
    Menu.buildFromTemplate(
      model.items.map((item) =>
        item.id === 'separator'
          ? { type: 'separator' as const }
          : {
              label: item.label,
              enabled: item.enabled,
              click: () => {
                if (item.id === 'sync-now' && status) void running.registry.invoke('sync.now', { integrationId: status.id });
                if (item.id === 'open') showWindow();
                if (item.id === 'quit') app.quit();
              },
            },
      ),
    ),
  );
}

app.on('before-quit', (event) => {
  if (quitting || !core) return;
  // Let the core finish its current database transaction before the process goes.
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  // The tray keeps the app alive; quitting is explicit.
});
