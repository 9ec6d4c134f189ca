import { describe, expect, it } from 'vitest';
import type { IntegrationStatus, SyncRunSummary } from '../../shared/domain';
import { failureNotification, manualSyncNotification } from '../../main/shell/notifications';

const summary = (over: Partial<SyncRunSummary>): SyncRunSummary => ({
  runId: 'r',
  kind: 'incremental',
  status: 'success',
  pushed: 1,
  pulled: 10,
  written: 2,
  failed: 0,
  conflicts: 0,
  durationMs: 5,
  message: 'Sync finished: 1 sent, 2 updated.',
  ...over,
});
const status = (state: IntegrationStatus['state'], lastError: string | null = null): IntegrationStatus => ({
  id: 1,
  displayName: 'Office',
  baseUrl: 'https://api.ascora.com.au',
  isDemo: false,
  state,
  lastSyncAt: null,
  lastSuccessAt: null,
  lastError,
  pendingCount: 0,
  failedCount: 0,
  conflictCount: 0,
  needsPersonCount: 0,
  online: true,
});

describe('desktop notifications', () => {
  it('tell how a sync started from the tray went, whatever the outcome', () => {
    expect(manualSyncNotification(summary({}))).toEqual({
      title: 'Sync finished',
      body: 'Sync finished: 1 sent, 2 updated.',
    });
    expect(manualSyncNotification(summary({ status: 'partial', failed: 1 })).title).toBe('Sync finished with problems');
    expect(manualSyncNotification(summary({ status: 'failed', message: 'Ascora could not be reached.' }))).toEqual({
      title: 'Sync failed',
      body: 'Ascora could not be reached.',
    });
  });

  it('tell of a failed sync once, when it turns to failure, with the reason', () => {
    expect(failureNotification(status('syncing'), status('error', 'Ascora could not be reached.'))).toEqual({
      title: 'Sync failed',
      body: 'Ascora could not be reached.',
    });
    expect(failureNotification(status('error'), status('error', 'still down'))).toBeNull();
    expect(failureNotification(status('syncing'), status('ok'))).toBeNull();
    expect(failureNotification(status('syncing'), status('needs_reauth'))?.title).toBe('Ascora refused the API key');
  });
});
