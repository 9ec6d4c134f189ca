import { describe, expect, it } from 'vitest';
import type { IntegrationStatus } from '../../shared/domain';
import { buildTrayModel } from '../../main/shell/tray-model';

const status = (over: Partial<IntegrationStatus> = {}): IntegrationStatus => ({
  id: 1,
  displayName: 'Harbour Restorations',
  baseUrl: 'https://api.ascora.com.au',
  isDemo: false,
  state: 'ok',
  lastSyncAt: '2026-11-24T23:15:00.000Z',
  lastSuccessAt: '2026-11-24T23:15:00.000Z',
  lastError: null,
  pendingCount: 0,
  failedCount: 0,
  conflictCount: 0,
  needsPersonCount: 0,
  online: true,
  ...over,
});

const item = (model: ReturnType<typeof buildTrayModel>, id: string) => model.items.find((i) => i.id === id)!;

describe('the tray menu, from the sync state', () => {
  it('when all is well: idle icon, Sync now enabled, the status line says when it last synced', () => {
    const model = buildTrayModel([status({ pendingCount: 2 })]);
    expect(model.icon).toBe('idle');
    expect(item(model, 'sync-now')).toEqual({ id: 'sync-now', label: 'Sync now', enabled: true, integrationId: 1 });
    expect(item(model, 'status').label).toMatch(/^Last synced \d{2}\/\d{2}\/2026.* · 2 pending$/);
    expect(item(model, 'status').enabled).toBe(false);
    expect(model.items.map((i) => i.id)).toEqual(['sync-now', 'status', 'separator', 'open', 'quit']);
  });

  it('while syncing: the syncing icon and no second sync from the menu', () => {
    const model = buildTrayModel([status({ state: 'syncing' })]);
    expect(model.icon).toBe('syncing');
    expect(item(model, 'sync-now')).toMatchObject({ label: 'Syncing…', enabled: false });
  });

  it('after failures: the error icon and the counts in the status line', () => {
    const model = buildTrayModel([status({ failedCount: 3, conflictCount: 1 })]);
    expect(model.icon).toBe('error');
    expect(item(model, 'status').label).toContain('3 failed · 1 conflicts');
    expect(buildTrayModel([status({ state: 'needs_reauth' })]).items[1]!.label).toBe(
      'Ascora refused the API key: reconnect',
    );
  });

  it('offline: the offline icon, and Sync now still offered (it may be back)', () => {
    const model = buildTrayModel([status({ online: false, state: 'error' })]);
    expect(model.icon).toBe('offline');
    expect(item(model, 'status').label).toContain('offline');
    expect(item(model, 'sync-now').enabled).toBe(true);
  });

  it('with nothing connected: nothing to sync, the window can still be opened', () => {
    const model = buildTrayModel([]);
    expect(item(model, 'sync-now').enabled).toBe(false);
    expect(item(model, 'status').label).toBe('Not connected to Ascora');
    expect(item(model, 'open').enabled).toBe(true);
    expect(model.tooltip).toBe('RestoreAssist Desk: Not connected to Ascora');
  });

  it('a disconnected connection: says so, offers no sync, and is not flagged as an error', () => {
    const model = buildTrayModel([status({ state: 'disconnected' })]);
    expect(model.icon).toBe('idle');
    expect(item(model, 'status').label).toBe('Disconnected: connect again in Settings');
    expect(item(model, 'sync-now').enabled).toBe(false);
  });

  it('several connections: each has its own status line and its own Sync now; the icon shows the one in trouble', () => {
    const sydney = status({ id: 1, displayName: 'Sydney', pendingCount: 1 });
    const brisbane = status({ id: 2, displayName: 'Brisbane', failedCount: 2 });
    const model = buildTrayModel([sydney, brisbane]);
    expect(model.icon).toBe('error');
    expect(model.items.filter((i) => i.id === 'sync-now')).toEqual([
      { id: 'sync-now', label: 'Sync Sydney now', enabled: true, integrationId: 1 },
      { id: 'sync-now', label: 'Sync Brisbane now', enabled: true, integrationId: 2 },
    ]);
    const lines = model.items.filter((i) => i.id === 'status').map((i) => i.label);
    expect(lines[0]).toMatch(/^Sydney: Last synced .* · 1 pending$/);
    expect(lines[1]).toMatch(/^Brisbane: Last synced .* · 0 pending · 2 failed$/);
    expect(model.tooltip).toContain('Brisbane:');
    // One syncing while the other waits: the other can still be synced from the menu.
    const busy = buildTrayModel([status({ id: 1, displayName: 'Sydney', state: 'syncing' }), brisbane]);
    expect(busy.icon).toBe('syncing');
    expect(busy.items.filter((i) => i.id === 'sync-now').map((i) => [i.label, i.enabled])).toEqual([
      ['Sydney: syncing…', false],
      ['Sync Brisbane now', true],
    ]);
  });
});
