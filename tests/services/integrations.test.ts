import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntegrationService, DEFAULT_SYNC_INTERVAL_MINUTES } from '../../main/core/services/integrations';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { AppError } from '../../shared/errors';
import { ANSWER_SIZE_CAP_BYTES } from '../../main/core/ascora/client';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';
import { tableChecksum } from '../support/db';
import { createFakeClock, createTestCore, type TestCore } from '../support/core';

let sim: RunningSimulator;
let core: TestCore;
let secrets: ReturnType<typeof createMemorySecretStore>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3, jobs: 40 });
});
afterAll(() => sim.close());
beforeEach(() => {
  secrets = createMemorySecretStore();
  core = createTestCore({ secrets });
});
afterEach(() => core.close());

const service = (extra: Partial<Parameters<typeof createIntegrationService>[1]> = {}) =>
  createIntegrationService(core, { startDemo: async () => ({ url: sim.url, apiKey: DEMO_API_KEY }), ...extra });

/** What a test of the demo key against the simulator is refused with (null: it passed); retries wait no time. */
async function keyTestRefusal(): Promise<AppError | null> {
  core.clock = createFakeClock();
  return service()
    .test(DEMO_API_KEY, sim.url)
    .then(
      () => null,
      (e: unknown) => e as AppError,
    );
}

describe('connecting an Ascora account', () => {
  it('tests the key with a real call and keeps it in the keychain, never in the database', async () => {
    const status = await service().connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url, displayName: 'Head office' });
    expect(status).toMatchObject({ displayName: 'Head office', state: 'idle', pendingCount: 0, isDemo: false });
    expect(secrets.size).toBe(1);
    core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of [core.database.file, `${core.database.file}-wal`]) {
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(DEMO_API_KEY)).toBe(false);
    }
    expect(JSON.stringify(status)).not.toContain(DEMO_API_KEY);
  });

  it('creates one schedule for the new connection, on, every 15 minutes, its first turn one interval after connecting', async () => {
    core.clock = createFakeClock();
    const status = await service().connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url });
    const schedules = core.sqlite
      .prepare('SELECT integration_id, active, interval_minutes, next_run_at FROM ascora_sync_schedules')
      .all();
    expect(schedules).toEqual([
      {
        integration_id: status.id,
        active: 1,
        interval_minutes: DEFAULT_SYNC_INTERVAL_MINUTES,
        next_run_at: new Date(core.clock.now() + 15 * 60_000).toISOString(),
      },
    ]);
    expect(DEFAULT_SYNC_INTERVAL_MINUTES).toBe(15);
  });

  it('refuses a wrong key with an AUTH error that says where to find the key, and saves nothing', async () => {
    const before = tableChecksum(core.sqlite);
    await expect(service().connect({ apiKey: 'wrong-key-000', baseUrl: sim.url })).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringContaining('API Settings'),
    });
    expect(tableChecksum(core.sqlite)).toBe(before);
    expect(secrets.size).toBe(0);
  });

  it('says the network is the problem when Ascora cannot be reached', async () => {
    sim.control.setOffline(true);
    try {
      const refusal = await keyTestRefusal();
      expect(refusal?.code).toBe('NETWORK');
      // What happened said once (the form showed "Ascora could not be reached (Ascora could not be
      // reached (ENOTFOUND).)"), then what to do.
      expect(refusal?.message).toMatch(
        /^Ascora (could not be reached|did not answer in time) \([^()]+\)\. Check the internet connection and the Ascora address, then try again\.$/,
      );
    } finally {
      sim.control.setOffline(false);
    }
  });

  it('does not take an answer larger than the 32 MB cap for a working connection, at the default bounds', async () => {
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'oversizeBody', bytes: ANSWER_SIZE_CAP_BYTES + 1024 });
    try {
      const refusal = await keyTestRefusal();
      expect(refusal?.code).toBe('NETWORK');
      expect(refusal?.message).toBe(
        "Ascora's answer was larger than 32 MB, more than any real page; it was cut off. Check the internet connection and the Ascora address, then try again.",
      );
    } finally {
      sim.control.clearFaults();
    }
  });

  it('leaves nothing behind when the keychain is unavailable', async () => {
    const locked: SecretStore = {
      get: async () => null,
      set: async () => {
        throw new AppError('KEYCHAIN_UNAVAILABLE', 'The system keychain is not available.');
      },
      delete: async () => false,
    };
    core.secrets = locked;
    const before = tableChecksum(core.sqlite);
    await expect(service().connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url })).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    expect(tableChecksum(core.sqlite)).toBe(before);
  });

  it('refuses a plain-http address that is not this computer', async () => {
    await expect(
      service().connect({ apiKey: DEMO_API_KEY, baseUrl: 'http://api.ascora.com.au' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('forgets the key on disconnect, and wipes the mirror only when asked', async () => {
    const svc = service();
    const kept = await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url });
    await svc.disconnect(kept.id, false);
    expect(secrets.size).toBe(0);
    expect(svc.status(kept.id)).toMatchObject({ state: 'disconnected' });
    expect(await svc.readiness(kept.id)).toBe('disconnected');
    await expect(svc.getClientFor(kept.id)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });

    const wiped = await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url, displayName: 'Brisbane office' });
    await svc.disconnect(wiped.id, { confirmName: ' Brisbane office ' });
    expect(svc.list().map((i) => i.id)).toEqual([kept.id]);
  });

  it('refuses to wipe unless the connection is named as shown, and then changes nothing', async () => {
    const svc = service();
    const office = await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url, displayName: 'Brisbane office' });
    const before = tableChecksum(core.sqlite);
    for (const typed of ['', 'Brisbane', 'brisbane office', 'Ascora'])
      await expect(svc.disconnect(office.id, { confirmName: typed })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('Brisbane office'),
      });
    expect(tableChecksum(core.sqlite)).toBe(before);
    expect(secrets.size).toBe(1);
  });

  it("keeps a disconnected connection's schedule as the person left it, and opening the demo again reconnects it", async () => {
    const svc = service();
    const demo = await svc.openDemo();
    await svc.disconnect(demo.id, false);
    expect(svc.status(demo.id).state).toBe('disconnected');
    const schedule = core.sqlite
      .prepare('SELECT active FROM ascora_sync_schedules WHERE integration_id = ?')
      .get(demo.id) as { active: number };
    expect(schedule.active).toBe(1);
    expect(await svc.openDemo()).toMatchObject({ id: demo.id, state: 'idle', lastError: null });
    expect(await svc.readiness(demo.id)).toBeNull();
  });

  it('takes a new key for a connection kept after a disconnect: same local copy, tested first, back in the keychain', async () => {
    const svc = service();
    const kept = await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url });
    await svc.disconnect(kept.id, false);
    await expect(svc.replaceKey(kept.id, 'not-the-right-key')).rejects.toMatchObject({ code: 'AUTH' });
    expect(secrets.size).toBe(0);
    expect(svc.status(kept.id)).toMatchObject({ state: 'disconnected' });

    expect(await svc.replaceKey(kept.id, DEMO_API_KEY)).toMatchObject({ id: kept.id, state: 'ok', lastError: null });
    expect(svc.list().map((i) => i.id)).toEqual([kept.id]);
    await expect(svc.getClientFor(kept.id)).resolves.toBeTruthy();
  });

  it('allows two connections to the same Ascora address', async () => {
    const svc = service();
    await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url, displayName: 'Sydney' });
    await svc.connect({ apiKey: DEMO_API_KEY, baseUrl: sim.url, displayName: 'Brisbane' });
    expect(svc.list().map((i) => i.displayName)).toEqual(['Sydney', 'Brisbane']);
  });
});

describe('the demo workspace', () => {
  it('connects to the built-in simulator without the keychain, and reuses its connection', async () => {
    const svc = service();
    const first = await svc.openDemo();
    expect(first).toMatchObject({ displayName: 'Demo workspace', isDemo: true });
    expect(secrets.size).toBe(0);
    const again = await svc.openDemo();
    expect(again.id).toBe(first.id);
    const client = await svc.getClientFor(first.id);
    expect(await client.testConnection()).toEqual({ jobCount: 40, customerCount: 8 });
  });
});
