/**
 * Where updates come from (main/core/updates/feed.ts), and who answers the update channels: main's
 * updater in the desktop app, the core's "updates come with the desktop app" in the browser host.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { silentLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { withUpdateChannels } from '../../main/core/updates/channels';
import { createUpdateController } from '../../main/core/updates/controller';
import { describeAppUpdateConfig, feedChoice, parseUpdateFeed } from '../../main/core/updates/feed';
import { UPDATES_COME_WITH_THE_DESKTOP_APP } from '../../shared/updates';
import { makeTempDir } from '../support/db';

describe('the update feed', () => {
  it('takes a generic https folder or GitHub releases', () => {
    expect(parseUpdateFeed('https://updates.example.com.au/desk/')).toEqual({
      provider: 'generic',
      url: 'https://updates.example.com.au/desk/',
    });
    expect(parseUpdateFeed(' github:restoreassist/desk ')).toEqual({
      provider: 'github',
      owner: 'restoreassist',
      repo: 'desk',
    });
  });

  it('refuses a feed anyone on the network could rewrite, or one that carries a password', () => {
    expect(parseUpdateFeed('http://updates.example.com.au/desk/')).toEqual({
      problem: 'The update feed must be an https:// address (not http://).',
    });
    expect(parseUpdateFeed('file:///tmp/feed')).toMatchObject({ problem: expect.stringContaining('https://') });
    expect(parseUpdateFeed('https://me:secret@updates.example.com.au/')).toMatchObject({
      problem: expect.stringContaining('user name or password'),
    });
    expect(parseUpdateFeed('github:owner/../x')).toMatchObject({ problem: expect.any(String) });
    // A test's feed on this computer.
    expect(parseUpdateFeed('http://127.0.0.1:8080/')).toEqual({ provider: 'generic', url: 'http://127.0.0.1:8080/' });
  });

  it('follows RESTOREASSIST_UPDATE_FEED: unset keeps the release feed; off, or a feed it cannot use, turns checks off and says why', () => {
    expect(feedChoice({})).toEqual({ kind: 'built-in' });
    expect(feedChoice({ RESTOREASSIST_UPDATE_FEED: 'github:acme/desk' })).toEqual({
      kind: 'override',
      feed: { provider: 'github', owner: 'acme', repo: 'desk' },
    });
    expect(feedChoice({ RESTOREASSIST_UPDATE_FEED: 'OFF' })).toEqual({
      kind: 'off',
      reason: 'Update checks are turned off on this computer (RESTOREASSIST_UPDATE_FEED=off).',
    });
    expect(feedChoice({ RESTOREASSIST_UPDATE_FEED: 'ftp://x' })).toMatchObject({
      kind: 'off',
      reason: expect.stringContaining('RESTOREASSIST_UPDATE_FEED is not understood'),
    });
  });

  it('names the feed an installed app was built with, from its app-update.yml', () => {
    expect(describeAppUpdateConfig('provider: generic\nurl: https://updates.restoreassist.com.au/desk\n')).toBe(
      'https://updates.restoreassist.com.au/desk',
    );
    expect(describeAppUpdateConfig('owner: acme\nrepo: desk\nprovider: github\nupdaterCacheDirName: x\n')).toBe(
      'GitHub releases of acme/desk',
    );
    expect(describeAppUpdateConfig('provider: s3\nbucket: b\n')).toBeNull();
  });
});

describe('who answers the update channels', () => {
  let core: Core | null = null;
  let dir = '';
  afterEach(async () => {
    await core?.close();
    core = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the core (the browser host) says updates come with the desktop app, and offers no restart', async () => {
    dir = makeTempDir();
    core = await createCore({ dataDir: dir, secrets: createMemorySecretStore(), logger: silentLogger });
    expect(await core.registry.invoke('updates.status', {})).toEqual({
      ok: true,
      value: UPDATES_COME_WITH_THE_DESKTOP_APP,
    });
    expect(await core.registry.invoke('updates.check', {})).toMatchObject({
      ok: true,
      value: { state: 'unsupported' },
    });
    expect(await core.registry.invoke('updates.restart', {})).toMatchObject({
      ok: true,
      value: { outcome: 'not-ready', message: expect.stringContaining('Updates come with the desktop app') },
    });
  });

  it("the desktop app's updater answers them, checked against the contract, and the core every other", async () => {
    dir = makeTempDir();
    core = await createCore({ dataDir: dir, secrets: createMemorySecretStore(), logger: silentLogger });
    const controller = createUpdateController({
      updater: null,
      currentVersion: '0.1.0',
      feed: null,
      offMessage: 'Off for this test.',
      blockers: async () => ({ syncing: [], unsent: { count: 0, first: [] } }),
      installAndRestart: () => undefined,
      now: () => 0,
      logger: silentLogger,
    });
    const routed = withUpdateChannels(core.registry, controller, { logger: silentLogger });

    expect(await routed.invoke('updates.status', {})).toMatchObject({
      ok: true,
      value: { state: 'off', message: 'Off for this test.', currentVersion: '0.1.0' },
    });
    expect(await routed.invoke('updates.restart', { unsentConfirmed: -1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await routed.invoke('integration.list', {})).toEqual({ ok: true, value: [] });
  });
});
