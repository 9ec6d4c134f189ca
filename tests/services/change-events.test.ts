/**
 * Issue 21: a change event names what it made stale, so the window asks again for only that. A
 * note names its job's detail (and the Jobs list only when the job's row shows something else);
 * a status names the status filter's list only when the statuses shown change. And every
 * connection's status is pushed after the changes that move it, once for a burst.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { pushConnectionStatus, STATUS_SETTLE_MS } from '../../main/core/connection-status';
import { EventBus } from '../../main/core/events';
import { createJobService } from '../../main/core/services/jobs';
import type { IntegrationStatus } from '../../shared/domain';
import type { AppEvents } from '../../shared/events';
import { createTestCore, type TestCore } from '../support/core';
import { insertIntegration } from '../support/db';

let core: TestCore;
let integrationId: number;
let jobIds: number[];

beforeAll(() => {
  core = createTestCore();
  integrationId = insertIntegration(core.sqlite);
  const insert = core.sqlite.prepare(
    "INSERT INTO ascora_jobs (integration_id, ascora_job_id, job_number, job_name, job_status, job_status_text, sync_state) VALUES (?, ?, ?, 'Water damage', 1, ?, 'synced')",
  );
  // Two jobs Scheduled, one Complete.
  jobIds = ['Scheduled', 'Scheduled', 'Complete'].map((status, i) =>
    Number(insert.run(integrationId, `g-${i}`, `J${100 + i}`, status).lastInsertRowid),
  );
});
afterAll(() => core.close());

/** The change events a step emitted. */
function changesOf(step: () => void): AppEvents['record.changed'][] {
  const from = core.emitted.length;
  step();
  return core.emitted
    .slice(from)
    .filter((e) => e.name === 'record.changed')
    .map((e) => e.payload as AppEvents['record.changed']);
}

describe('what a change event names', () => {
  it("a note names its job's detail, and the Jobs list only when the job's row changed", () => {
    const jobs = createJobService(core);
    const [first] = changesOf(() => jobs.addNote(jobIds[0]!, 'Moisture readings taken'));
    // The first note makes the job "only here" (its row's badge): the list shows it.
    expect(first).toMatchObject({ entity: 'job', ids: [jobIds[0]] });
    expect(first!.queries).toEqual(expect.arrayContaining(['jobs.get', 'jobs.list']));
    const [second] = changesOf(() => jobs.addNote(jobIds[0]!, 'Dehumidifier placed'));
    expect(second!.queries).toContain('jobs.get');
    expect(second!.queries).not.toContain('jobs.list');
    for (const change of [first, second]) {
      expect(change!.queries).not.toContain('jobs.statuses');
      expect(change!.queries).not.toContain('integration.list');
    }
  });

  it('a status names the status filter only when the statuses shown change', () => {
    const jobs = createJobService(core);
    // Complete is still shown by the third job; Scheduled by the second: the filter is the same.
    const [same] = changesOf(() => jobs.updateStatus([jobIds[0]!], 'Complete'));
    expect(same!.queries).toEqual(expect.arrayContaining(['jobs.get', 'jobs.list']));
    expect(same!.queries).not.toContain('jobs.statuses');
    // A status no job showed: the filter learns it.
    const [typed] = changesOf(() => jobs.updateStatus([jobIds[0]!], 'Drying in progress'));
    expect(typed!.queries).toContain('jobs.statuses');
    // The last job showing Scheduled leaves it: the filter loses it.
    const [last] = changesOf(() => jobs.updateStatus([jobIds[1]!], 'Complete'));
    expect(last!.queries).toContain('jobs.statuses');
    expect(jobs.statuses(integrationId)).toEqual(['Complete', 'Drying in progress']);
  });
});

describe("connections' status, pushed", () => {
  const status = (pendingCount: number): IntegrationStatus[] => [
    {
      id: 1,
      displayName: 'Office',
      baseUrl: 'https://api.ascora.com.au',
      isDemo: false,
      state: 'ok',
      lastSyncAt: null,
      lastSuccessAt: null,
      lastError: null,
      pendingCount,
      failedCount: 0,
      conflictCount: 0,
      needsPersonCount: 0,
      online: true,
    },
  ];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const settled = () => vi.advanceTimersByTime(STATUS_SETTLE_MS);

  it('looks up once for a burst of changes, pushes only what moved, and never for a report or settings', () => {
    const events = new EventBus();
    const pushed: AppEvents['connections.status'][] = [];
    events.subscribe((e) => {
      if (e.name === 'connections.status') pushed.push(e.payload);
    });
    let pending = 0;
    let lookups = 0;
    const push = pushConnectionStatus(events, () => {
      lookups++;
      return status(pending);
    });
    try {
      pending = 1;
      for (let i = 0; i < 5; i++) events.emit('record.changed', { entity: 'job', ids: [i] });
      settled();
      expect(lookups).toBe(1);
      expect(pushed.map((p) => p.integrations[0]!.pendingCount)).toEqual([1]);

      // Nothing moved: looked up, nothing pushed.
      events.emit('record.changed', { entity: 'invoice', ids: [1] });
      settled();
      expect(lookups).toBe(2);
      expect(pushed).toHaveLength(1);

      events.emit('record.changed', { entity: 'report', ids: 'many' });
      events.emit('record.changed', { entity: 'settings', ids: 'many' });
      settled();
      expect(lookups).toBe(2);

      pending = 0;
      events.emit('connection.state', { integrationId: 1, state: 'ok', online: true });
      settled();
      expect(pushed.map((p) => p.integrations[0]!.pendingCount)).toEqual([1, 0]);
    } finally {
      push.stop();
    }
  });
});
