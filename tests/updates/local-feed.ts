/**
 * A release feed on 127.0.0.1, as electron-builder publishes one to a generic HTTPS folder: the
 * installer and latest.yml naming its version, size and SHA-512. And an updater built from
 * electron-updater's own NsisUpdater (the Windows one, an office's platform) that reads it: the
 * real check, download and verification code, with the two parts Electron provides outside
 * Electron swapped much as electron-updater's own tests do (electron-builder's
 * test/src/helpers/updaterTestUtil.ts): the request goes out through Node's http instead of
 * Electron's net module (NodeSocketHttpExecutor), and an AppAdapter stands in for Electron's app. The publisher check (PowerShell's
 * Get-AuthenticodeSignature, Windows only) is the one stand-in: the test says what it answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { makeTempDir } from '../support/db';

export const PUBLISHER = 'RestoreAssist Pty Ltd';

export interface LocalFeed {
  url: string;
  dir: string;
  installerName: string;
  /** Every path asked for, in order. */
  requests: string[];
  /** Publishes a version: its installer's bytes, and latest.yml written from them. */
  publish(version: string, bytes?: Buffer): void;
  /** Changes the installer's bytes after latest.yml was written (a tampered or corrupted upload). */
  tamper(): void;
  close(): Promise<void>;
}

export async function startLocalFeed(): Promise<LocalFeed> {
  const dir = makeTempDir();
  const requests: string[] = [];
  const server: Server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    requests.push(name);
    const file = path.join(dir, path.basename(name));
    if (!name || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const feed: LocalFeed = {
    url,
    dir,
    installerName: '',
    requests,
    publish(version, bytes = randomBytes(256 * 1024)) {
      feed.installerName = `RestoreAssist-Desk-Setup-${version}.exe`;
      fs.writeFileSync(path.join(dir, feed.installerName), bytes);
      const sha512 = createHash('sha512').update(bytes).digest('base64');
      // As electron-builder writes it (app-builder-lib's updateInfoBuilder).
      fs.writeFileSync(
        path.join(dir, 'latest.yml'),
        [
          `version: ${version}`,
          'files:',
          `  - url: ${feed.installerName}`,
          `    sha512: ${sha512}`,
          `    size: ${bytes.length}`,
          `path: ${feed.installerName}`,
          `sha512: ${sha512}`,
          `releaseDate: '2026-12-01T00:00:00.000Z'`,
          '',
        ].join('\n'),
      );
    },
    tamper() {
      const file = path.join(dir, feed.installerName);
      const bytes = fs.readFileSync(file);
      const middle = bytes.length >> 1;
      bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
      fs.writeFileSync(file, bytes);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return feed;
}

/**
 * electron-updater's own http executor (its download, and builder-util-runtime's SHA-512 check as
 * the bytes arrive), with only the socket changed: Node's http.request where Electron's net.request
 * would be, as Electron's net cannot run here. Redirects are then followed by builder-util-runtime
 * from the 3xx answer, as for Node.
 */
class NodeSocketHttpExecutor extends ElectronHttpExecutor {
  constructor() {
    super(null as never);
  }
  override createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) {
    const request = http.request(options, callback);
    return request as never;
  }
  override addRedirectHandlers(): void {
    // Node's http does not follow redirects itself: the base class handles a 3xx answer.
  }
}

export interface TestUpdater {
  updater: NsisUpdater;
  /** The files the publisher check was asked about, with the publisher names it was given. */
  signatureChecks: { publishers: string[]; file: string; bytesSha512: string }[];
  cacheDir: string;
  close(): void;
}

/**
 * A real NsisUpdater of an installed app at `currentVersion`, whose app-update.yml (as
 * electron-builder writes it from electron-builder.yml's `publish`) names the local feed and the
 * publisher. `signature` answers the publisher check: null for "signed by the publisher", else why not.
 */
export function createTestUpdater(
  feed: LocalFeed,
  options: { currentVersion?: string; signature?: (file: string) => string | null } = {},
): TestUpdater {
  const home = makeTempDir();
  const appUpdateConfigPath = path.join(home, 'app-update.yml');
  fs.writeFileSync(
    appUpdateConfigPath,
    [
      'provider: generic',
      `url: ${feed.url}`,
      'updaterCacheDirName: restoreassist-desk-updater',
      'publisherName:',
      `  - ${PUBLISHER}`,
      '',
    ].join('\n'),
  );
  const adapter: AppAdapter = {
    version: options.currentVersion ?? '0.1.0',
    name: 'RestoreAssist Desk',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: home,
    baseCachePath: home,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new NsisUpdater(null, adapter);
  // What electron-updater's own tests set (tuneTestUpdater): its members for this are internal.
  Object.assign(updater, {
    httpExecutor: new NodeSocketHttpExecutor(),
    _testOnlyOptions: { platform: 'win32', isUseDifferentialDownload: false },
  });
  updater.logger = null;
  updater.autoDownload = true;
  updater.disableWebInstaller = true;
  const signatureChecks: TestUpdater['signatureChecks'] = [];
  updater.verifyUpdateCodeSignature = async (publishers, file) => {
    signatureChecks.push({
      publishers,
      file,
      bytesSha512: createHash('sha512').update(fs.readFileSync(file)).digest('base64'),
    });
    return (options.signature ?? (() => null))(file);
  };
  return {
    updater,
    signatureChecks,
    cacheDir: path.join(home, 'restoreassist-desk-updater'),
    close: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}
