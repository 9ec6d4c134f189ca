import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type CoreHandle } from '../../main/core/app';
import { isRegisteredSecret, registerSecret } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { forgettingReplacedKeys } from '../../main/core/secrets/secret-store';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';

// An API key was kept for the log's masking for the life of the process, after its connection
// was gone. What a disconnect (or a new key) leaves in memory is what this holds.
describe('an API key in memory', () => {
  let sim: RunningSimulator;
  let core: CoreHandle;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forget-key-'));
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, jobs: 5 });
    core = await createCore({ dataDir: dir, secrets: createMemorySecretStore() });
  });
  afterAll(async () => {
    await core.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is let go when the connection is disconnected through the composed core', async () => {
    const connected = await core.registry.invoke('integration.connect', {
      apiKey: DEMO_API_KEY,
      baseUrl: sim.url,
      displayName: 'Head office',
    });
    if (!connected.ok) throw new Error(connected.error.message);
    expect(isRegisteredSecret(DEMO_API_KEY)).toBe(true);
    const { id } = connected.value as { id: number };
    const disconnected = await core.registry.invoke('integration.disconnect', { integrationId: id, wipeMirror: false });
    expect(disconnected.ok).toBe(true);
    expect(isRegisteredSecret(DEMO_API_KEY)).toBe(false);
  });

  it('is let go when a new key replaces it, and the new one is kept', async () => {
    const store = forgettingReplacedKeys(createMemorySecretStore());
    registerSecret('old-key-111111');
    await store.set('ascora:1', 'old-key-111111');
    registerSecret('new-key-222222');
    await store.set('ascora:1', 'new-key-222222');
    expect(isRegisteredSecret('old-key-111111')).toBe(false);
    expect(isRegisteredSecret('new-key-222222')).toBe(true);
    expect(await store.get('ascora:1')).toBe('new-key-222222');
  });
});
