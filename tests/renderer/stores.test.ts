import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLive } from '../../renderer/src/stores/live';
import { connections, coreKey, fetchCore, queryClient } from '../../renderer/src/cache';
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
  it('marks stale what shows the entity the core changed, so only those reload', async () => {
    const customers = coreKey('customers.list', { integrationId: world.integrationId, limit: 100 });
    // Neither shows a customer.
    const statuses = coreKey('jobs.statuses', { integrationId: world.integrationId });
    const reports = coreKey('reports.list', { search: '' });
    await fetchCore(...customers);
    await fetchCore(...statuses);
    await fetchCore(...reports);
    await world.core.registry.invoke('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Store Test Pty Ltd' },
    });
    // Not on screen: dropped, to be asked for when next shown.
    await until(() => queryClient.getQueryState(customers) === undefined);
    expect(queryClient.getQueryState(statuses)?.isInvalidated).toBe(false);
    expect(queryClient.getQueryState(reports)?.isInvalidated).toBe(false);
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
