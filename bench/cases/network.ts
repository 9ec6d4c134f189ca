/**
 * Cases 11 and 12, under the simulator's Ascora-like network (docs/network-model.md; run.ts turns
 * it on): the engine's first sync into an empty mirror, with the requests it made, then a
 * scheduled run after 10 jobs were added in Ascora today. Runs in a fresh process of its own.
 */
import fs from 'node:fs';
import type { SyncOptions } from '../../main/core/sync/engine';
import type { SyncRunSummary } from '../../shared/domain';
import { simControl, type SimEndpoint } from '../lib/sim-control';
import { PAGE_SIZE } from '../lib/sizes';
import { openWorld } from '../lib/world';

/**
 * What a scheduled run is a day after a full pass: the schedule asks for `auto`, which is an
 * incremental run until the next full pass is due (engine.ts chooseKind); asked for directly here
 * so the case does not depend on the clock.
 */
export const SCHEDULED_RUN: SyncOptions | null = { kind: 'incremental' };

/**
 * A tripwire for that merge: the SyncOptions keys known here. When the engine gains one, this line
 * stops type-checking; if the new key selects the run's kind, set SCHEDULED_RUN, then add the key.
 */
type KnownSyncOption = 'entities' | 'ignoreBackoff' | 'signal' | 'kind';
const syncOptionsAsKnown: [Exclude<keyof SyncOptions, KnownSyncOption>] extends [never] ? true : never = true;
void syncOptionsAsKnown;

/** Jobs other Ascora users add today before the scheduled run. */
export const CHANGED_TODAY = 10;

export interface RequestCount {
  requests: number;
  /** Requests answered with anything but 200 (each one a retry the run made). */
  notOk: number;
}

export interface NetworkSyncResult {
  integrationId: number;
  first: RequestCount & { durationMs: number; records: number; recordsPerSecond: number; summary: SyncRunSummary };
  /** null: the engine has no scheduled run to ask for (SCHEDULED_RUN). */
  scheduled: (RequestCount & { durationMs: number; summary: SyncRunSummary; found: number; added: number }) | null;
}

async function countRequests(sim: SimEndpoint): Promise<RequestCount> {
  const log = await simControl<{ status: number }[]>(sim, 'requestLog');
  return { requests: log.length, notOk: log.filter((r) => r.status !== 200).length };
}

export async function runNetworkSyncCases(
  sim: SimEndpoint,
  dataDir: string,
  migrationsFolder: string,
): Promise<NetworkSyncResult> {
  fs.mkdirSync(dataDir, { recursive: true });
  const world = openWorld(dataDir, sim, PAGE_SIZE, migrationsFolder);
  const { engine, integrationId } = world;
  try {
    await simControl(sim, 'resetRequestLog');
    const t0 = performance.now();
    const summary = await engine.syncNow(integrationId);
    const durationMs = performance.now() - t0;
    if (summary.status !== 'success') throw new Error(`first sync: ${summary.status}: ${summary.message}`);
    const first = {
      ...(await countRequests(sim)),
      durationMs,
      records: summary.pulled,
      recordsPerSecond: summary.pulled / (durationMs / 1000),
      summary,
    };

    if (!SCHEDULED_RUN) return { integrationId, first, scheduled: null };

    // Found by created date: an edit to an older job reaches only a full pass (Ascora has no
    // modified-since filter, ascora-api.md section 4), so "changed today" is added today.
    const added: string[] = [];
    for (let i = 0; i < CHANGED_TODAY; i++) {
      const job = await simControl<{ jobId: string }>(sim, 'addJob', {
        jobName: `Storm damage – ${i + 1} Bench Street, Parramatta`,
        suburb: 'Parramatta',
        state: 'NSW',
        postcode: '2150',
      });
      added.push(job.jobId);
    }
    await simControl(sim, 'resetRequestLog');
    const t1 = performance.now();
    const run = await engine.syncNow(integrationId, SCHEDULED_RUN);
    const scheduledMs = performance.now() - t1;
    if (run.status !== 'success') throw new Error(`scheduled run: ${run.status}: ${run.message}`);
    const inMirror = world.ctx.sqlite.prepare(
      'SELECT COUNT(*) AS n FROM ascora_jobs WHERE integration_id = ? AND ascora_job_id = ?',
    );
    const found = added.filter((id) => (inMirror.get(integrationId, id) as { n: number }).n === 1).length;
    return {
      integrationId,
      first,
      scheduled: { ...(await countRequests(sim)), durationMs: scheduledMs, summary: run, found, added: added.length },
    };
  } finally {
    world.close();
  }
}
