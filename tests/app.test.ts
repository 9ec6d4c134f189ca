import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../main/core/app';
import { createMemorySecretStore } from '../main/core/secrets/memory-store';
import { CHANNEL_NAMES } from '../shared/contract';
import { makeTempDir } from './support/db';

let core: Core;
let dir: string;
beforeAll(async () => {
  dir = makeTempDir();
  core = await createCore({ dataDir: dir, secrets: createMemorySecretStore(), demo: { jobs: 50 } });
});
afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the composed core', () => {
  it('has a service behind every contract channel (none answers NOT_IMPLEMENTED)', () => {
    expect(CHANNEL_NAMES.filter((channel) => !core.registry.has(channel))).toEqual([]);
  });

  it('opens the demo workspace, syncs it and lists its jobs through the contract', async () => {
    await core.openDemoIfNothingConnected();
    const list = await core.registry.invoke('integration.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ displayName: 'Demo workspace', isDemo: true }] });
    const integrationId = (list as { value: { id: number }[] }).value[0]!.id;
    expect(await core.registry.invoke('sync.now', { integrationId })).toMatchObject({
      ok: true,
      value: { status: 'success' },
    });
    const jobs = await core.registry.invoke('jobs.list', { integrationId, limit: 10 });
    expect(jobs).toMatchObject({ ok: true, value: { total: 50 } });
    expect((jobs as { value: { rows: unknown[] } }).value.rows).toHaveLength(10);
  });
});
