import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLive } from '../../renderer/src/stores/live';
import { connections } from '../../renderer/src/cache';
import { activeIntegrationId } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ sync: false });
});
afterAll(() => world.close());

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the session store', () => {
  it('shows the connected workspace and keeps its state live', async () => {
    expect(activeIntegrationId()).toBe(world.integrationId);
    expect(connections()[0]).toMatchObject({ displayName: 'Demo workspace', lastSuccessAt: null });
    await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    // The run's connection.state event reloads the session: no polling.
    await until(() => connections()[0]?.lastSuccessAt !== null);
  });
});

describe('the live store', () => {
  it('counts changes per entity, so each list reloads only for its own records', async () => {
    const before = useLive.getState().changes.customer ?? 0;
    const jobsBefore = useLive.getState().changes.job ?? 0;
    await world.core.registry.invoke('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Store Test Pty Ltd' },
    });
    await until(() => (useLive.getState().changes.customer ?? 0) === before + 1);
    expect(useLive.getState().changes.job ?? 0).toBe(jobsBefore);
  });

  it('follows a sync: running with progress per phase and entity, then done', async () => {
    const seen: boolean[] = [];
    const off = useLive.subscribe((s) => seen.push(s.running[world.integrationId] ?? false));
    await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    off();
    expect(seen).toContain(true);
    expect(useLive.getState().running[world.integrationId]).toBe(false);
    expect(Object.keys(useLive.getState().progress[world.integrationId] ?? {})).toEqual(
      expect.arrayContaining(['push:', 'pull:customers', 'pull:jobs', 'pull:invoices']),
    );
  });
});
