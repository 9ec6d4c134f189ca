/**
 * The window's security rules as plain data and functions, so they are tested under Node
 * (Electron cannot run on our CI machines).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer is served from this custom scheme through protocol.handle, never file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'RestoreAssist Desk',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}

/** Only our own renderer's top frame may call the contract. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const url = new URL(frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** External links open in the browser only for https Ascora addresses; everything else is refused. */
export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && (url.hostname === 'ascora.com.au' || url.hostname.endsWith('.ascora.com.au'));
  } catch {
    return false;
  }
}

/** Resolve an app:// request to a file inside the renderer folder, or null if it would escape it. */
export function rendererFileFor(requestUrl: string, rendererDir: string, join: (...p: string[]) => string, normalize: (p: string) => string): string | null {
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
  return file.startsWith(root) && !relative.split(/[\\/]/).includes('..') ? file : null;
}
