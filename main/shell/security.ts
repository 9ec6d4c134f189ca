/**
 * The window's security rules as plain functions, so they are tested under Node (Electron cannot
 * run on our CI machines). The window's options are written out literally where the window is
 * made, so a reader (and electronegativity) sees every preference in one place.
 */
import { isAscoraWebUrl } from '../../shared/ascora-web';
import type { BrowserWindowConstructorOptions } from 'electron';
import { devToolsAllowed, spellcheckAllowed, type ShellRuntime } from './lockdown';

export { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** The renderer is served from this custom scheme through protocol.handle, never file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/**
 * Makes the one window. The constructor is a parameter so the options are tested without Electron;
 * `runtime` decides DevTools and the spellchecker (lockdown.ts).
 */
export function createSecureWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  preload: string,
  runtime: ShellRuntime,
): W {
  return new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'RestoreAssist Desk',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in a new window; window.open is refused anyway.
      disableBlinkFeatures: 'Auxclick',
      devTools: devToolsAllowed(runtime),
      spellcheck: spellcheckAllowed(runtime),
    },
  });
}

/**
 * Only our own window's top frame, showing our own page, may call the contract: not another
 * window, not a sub-frame, not a page the window was somehow navigated to.
 */
export function isTrustedSender(
  sender: { senderId: number; frameUrl: string | undefined; isMainFrame: boolean },
  ownWindowId: number | null,
): boolean {
  if (ownWindowId === null || sender.senderId !== ownWindowId) return false;
  if (!sender.frameUrl || !sender.isMainFrame) return false;
  try {
    const url = new URL(sender.frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** External links open in the browser only for https Ascora addresses; everything else is refused. */
export const isAllowedExternalUrl = isAscoraWebUrl;

/** Resolve an app:// request to a file inside the renderer folder, or null if it would escape it. */
export function rendererFileFor(
  requestUrl: string,
  rendererDir: string,
  join: (...p: string[]) => string,
  normalize: (p: string) => string,
): string | null {
  let pathname: string;
  try {
    const url = new URL(requestUrl);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null;
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const file = normalize(join(root, relative));
  return file.startsWith(root) && !relative.split(/[\\/]/).includes('..') && !relative.includes('\0') ? file : null;
}
