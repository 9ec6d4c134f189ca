import type { BrowserWindowConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../shared/csp';
import {
  APP_ORIGIN,
  createSecureWindow,
  isAllowedExternalUrl,
  isTrustedSender,
  rendererFileFor,
} from '../../main/shell/security';

/** Stands in for Electron's BrowserWindow: the seam this test is about is the options it is given. */
class RecordingWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  constructor(options: BrowserWindowConstructorOptions) {
    RecordingWindow.last = options;
  }
}

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('the window', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on, no webview, no middle-click windows', () => {
    createSecureWindow(RecordingWindow, '/app/dist/main/preload.cjs', { isPackaged: true, platform: 'linux' });
    const prefs = RecordingWindow.last!.webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(RecordingWindow.last!.show).toBe(false);
  });

  it('has a strict Content-Security-Policy: scripts only from the app, no eval, no plugins, no framing', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('ships the same policy in the page itself, so it holds whoever serves the page', () => {
    const html = fs.readFileSync(path.resolve('renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY.startsWith(META_CONTENT_SECURITY_POLICY)).toBe(true);
  });
});

describe('who may call the contract', () => {
  const own = 7;
  const from = (frameUrl: string | undefined, over: Partial<{ senderId: number; isMainFrame: boolean }> = {}) => ({
    senderId: own,
    frameUrl,
    isMainFrame: true,
    ...over,
  });

  it("accepts our window's top frame on our own page", () => {
    expect(isTrustedSender(from(`${APP_ORIGIN}/index.html`), own)).toBe(true);
    expect(isTrustedSender(from(`${APP_ORIGIN}/index.html#/jobs`), own)).toBe(true);
  });

  it('refuses sub-frames, other windows, other pages and a missing frame', () => {
    expect(isTrustedSender(from(`${APP_ORIGIN}/index.html`, { isMainFrame: false }), own)).toBe(false);
    expect(isTrustedSender(from(`${APP_ORIGIN}/index.html`, { senderId: 8 }), own)).toBe(false);
    expect(isTrustedSender(from(`${APP_ORIGIN}/index.html`), null)).toBe(false);
    expect(isTrustedSender(from('https://evil.example/'), own)).toBe(false);
    expect(isTrustedSender(from('file:///etc/passwd'), own)).toBe(false);
    expect(isTrustedSender(from('app://renderer.evil.example/'), own)).toBe(false);
    expect(isTrustedSender(from(undefined), own)).toBe(false);
    expect(isTrustedSender(from('not a url'), own)).toBe(false);
  });
});

describe('links and files', () => {
  it('opens only https Ascora addresses in the browser', () => {
    expect(isAllowedExternalUrl('https://app.ascora.com.au/Job/Edit/123')).toBe(true);
    expect(isAllowedExternalUrl('https://ascora.com.au/')).toBe(true);
    for (const refused of [
      'http://app.ascora.com.au/',
      'https://ascora.com.au.evil.example/',
      'https://evilascora.com.au/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@app.ascora.com.au/',
      'smb://ascora.com.au/share',
    ]) {
      expect(isAllowedExternalUrl(refused), refused).toBe(false);
    }
  });

  it('serves files from the renderer folder only', () => {
    const root = path.resolve('/srv/app/renderer');
    expect(rendererFileFor(`${APP_ORIGIN}/`, root, path.join, path.normalize)).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(`${APP_ORIGIN}/assets/index-abc.js`, root, path.join, path.normalize)).toBe(
      path.join(root, 'assets/index-abc.js'),
    );
    // The URL parser already folds a plain or dot-encoded /../ back inside the root.
    expect(rendererFileFor(`${APP_ORIGIN}/../index.html`, root, path.join, path.normalize)).toBe(
      path.join(root, 'index.html'),
    );
    expect(rendererFileFor(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, root, path.join, path.normalize)).toBe(
      path.join(root, 'etc/passwd'),
    );
    for (const escape of [
      `${APP_ORIGIN}/assets/%2e%2e%5c%2e%2e%5csecret`,
      `${APP_ORIGIN}/assets/..%2f..%2fetc/passwd`,
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(rendererFileFor(escape, root, path.join, path.normalize), escape).toBeNull();
    }
  });
});
