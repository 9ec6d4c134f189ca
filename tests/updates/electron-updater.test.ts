/**
 * Issue 22, "Updates": the app's updater over electron-updater's real check, download and
 * verification, against a release feed served on 127.0.0.1 (local-feed.ts). A good installer is
 * downloaded, checked against latest.yml's SHA-512 and the publisher, and offered for a restart;
 * one whose bytes changed after latest.yml was written is refused, deleted, and never offered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpdateController, type UpdateController } from '../../main/core/updates/controller';
import type { RestartBlockers } from '../../main/core/updates/restart-safety';
import { silentLogger } from '../../main/core/log';
import type { UpdateStatus } from '../../shared/updates';
import { createTestUpdater, PUBLISHER, startLocalFeed, type LocalFeed, type TestUpdater } from './local-feed';

const NOTHING_IN_THE_WAY: RestartBlockers = { syncing: [], unsent: { count: 0, first: [] } };

let feed: LocalFeed | null = null;
let test: TestUpdater | null = null;
afterEach(async () => {
  test?.close();
  test = null;
  await feed?.close();
  feed = null;
});

function controllerOver(updater: TestUpdater) {
  const states: UpdateStatus['state'][] = [];
  const restarts: string[] = [];
  const controller: UpdateController = createUpdateController({
    updater: updater.updater,
    currentVersion: '0.1.0',
    feed: 'the local feed',
    blockers: async () => NOTHING_IN_THE_WAY,
    installAndRestart: () => void restarts.push('restart'),
    now: () => Date.UTC(2026, 11, 7),
    onChange: (status) => states.push(status.state),
    logger: silentLogger,
  });
  return { controller, states, restarts };
}

/** Waits for the background download to end, as the window does: for the state to leave downloading. */
async function settled(controller: UpdateController): Promise<UpdateStatus> {
  await expect
    .poll(() => controller.status().state, { timeout: 20_000 })
    .not.toMatch(/^(checking|available|downloading)$/);
  return controller.status();
}

const pendingFiles = (t: TestUpdater) =>
  fs.existsSync(path.join(t.cacheDir, 'pending')) ? fs.readdirSync(path.join(t.cacheDir, 'pending')) : [];

describe('updates from a release feed', () => {
  it('downloads a newer version in the background, verifies it, and offers a restart', async () => {
    feed = await startLocalFeed();
    feed.publish('0.2.0');
    test = createTestUpdater(feed);
    const { controller, states, restarts } = controllerOver(test);

    await controller.check();
    const status = await settled(controller);

    expect(status).toMatchObject({ state: 'downloaded', version: '0.2.0', currentVersion: '0.1.0' });
    expect(status.message).toContain('Version 0.2.0 is downloaded and checked');
    expect(states).toEqual(expect.arrayContaining(['checking', 'available', 'downloaded']));
    expect(feed.requests).toEqual(expect.arrayContaining(['latest.yml', feed.installerName]));
    // The downloaded file is the published one, and the publisher was checked on it.
    const published = fs.readFileSync(path.join(feed.dir, feed.installerName));
    expect(pendingFiles(test)).toContain(feed.installerName);
    expect(fs.readFileSync(path.join(test.cacheDir, 'pending', feed.installerName)).equals(published)).toBe(true);
    expect(test.signatureChecks).toHaveLength(1);
    expect(test.signatureChecks[0]!.publishers).toEqual([PUBLISHER]);

    // The timer's next check leaves the verified update offered, even if the feed is gone by then.
    await feed.close();
    feed = null;
    expect((await controller.checkInBackground()).state).toBe('downloaded');
    expect(restarts).toEqual([]);

    expect(await controller.restart({})).toEqual({ outcome: 'restarting', version: '0.2.0' });
    await expect.poll(() => restarts).toEqual(['restart']);
  });

  it('refuses an installer whose bytes changed after latest.yml was written, and never offers it', async () => {
    feed = await startLocalFeed();
    feed.publish('0.2.0');
    feed.tamper();
    test = createTestUpdater(feed);
    const { controller, states, restarts } = controllerOver(test);

    await controller.check();
    const status = await settled(controller);

    expect(status.state).toBe('error');
    expect(status.message).toMatch(/did not match its release \(its SHA-512 checksum differs\).*will not be installed/);
    expect(states).not.toContain('downloaded');
    // It was fetched, refused before the publisher check, and is not kept to be installed later.
    expect(feed.requests).toContain(feed.installerName);
    expect(test.signatureChecks).toEqual([]);
    expect(pendingFiles(test).filter((name) => name.endsWith('.exe'))).toEqual([]);

    const answer = await controller.restart({ unsentConfirmed: 99 });
    expect(answer.outcome).toBe('not-ready');
    expect(restarts).toEqual([]);
  });

  it('refuses an installer the publisher did not sign (the Windows check), and never offers it', async () => {
    feed = await startLocalFeed();
    feed.publish('0.2.0');
    test = createTestUpdater(feed, { signature: () => `publisher names: ${PUBLISHER}, raw info: {"Status": 2}` });
    const { controller, states, restarts } = controllerOver(test);

    await controller.check();
    const status = await settled(controller);

    expect(status.state).toBe('error');
    expect(status.message).toContain("not signed by RestoreAssist's publisher");
    expect(states).not.toContain('downloaded');
    // The check was asked about the whole, checksum-verified download.
    expect(test.signatureChecks).toHaveLength(1);
    expect(pendingFiles(test).filter((name) => name.endsWith('.exe'))).toEqual([]);
    expect((await controller.restart({})).outcome).toBe('not-ready');
    expect(restarts).toEqual([]);
  });

  it('says so when the feed has nothing newer, and downloads nothing', async () => {
    feed = await startLocalFeed();
    feed.publish('0.1.0');
    test = createTestUpdater(feed);
    const { controller } = controllerOver(test);

    const status = await controller.check();

    expect(status).toMatchObject({ state: 'idle', version: null, message: 'You have the latest version (0.1.0).' });
    expect(feed.requests).toEqual(['latest.yml']);
  });

  it('tells a feed with no release from a working one', async () => {
    feed = await startLocalFeed();
    test = createTestUpdater(feed);
    const { controller } = controllerOver(test);

    const status = await controller.check();

    expect(status.state).toBe('error');
    expect(status.message).toBe(
      'The update feed has no release for this app yet. Nothing was changed; the app checks again later.',
    );
  });
});
