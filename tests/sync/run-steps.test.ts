/**
 * The steps of a sync run (main/core/sync/run-steps.ts), each on its own against the real parts: a
 * SQLite mirror and the simulator over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAscoraClient } from '../../main/core/ascora/client';
import { AscoraError } from '../../main/core/ascora/errors';
import { createAdaptiveLimiter } from '../../main/core/ascora/limiter';
import type { PullOptions } from '../../main/core/sync/pull';
import { finishRun, newRunState, openRunLog, pullRecentJobsStep } from '../../main/core/sync/run-steps';
import { AppError } from '../../shared/errors';
import { createSyncWorld, one, type SyncWorld } from '../support/sync';

let world: SyncWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

function pullOptionsFor(w: SyncWorld, runId: string): PullOptions {
  return {
    ctx: w.core,
    client: createAscoraClient({
      baseUrl: w.sim.url,
      apiKey: w.apiKey.value,
      clock: w.clock,
      random: () => 0.5,
      retry: { maxAttempts: 1 },
    }),
    integrationId: w.integrationId,
    runId,
    kind: 'incremental',
    timeZone: 'Australia/Sydney',
    ascoraNow: () => w.clock.now(),
    pageSize: 100,
    limiter: createAdaptiveLimiter({ initial: 1, max: 1 }),
  };
}

const integration = (w: SyncWorld) =>
  one<{ state: string; online: number; last_error: string | null }>(
    w,
    'SELECT state, online, last_error FROM ascora_integrations WHERE id = ?',
    w.integrationId,
  );
const runLog = (w: SyncWorld, id: number) =>
  one<{ status: string; message: string }>(w, 'SELECT status, message FROM ascora_sync_logs WHERE id = ?', id);

describe('pulling the recent jobs before job creates', () => {
  it('brings another desktop’s new job into the mirror, and says the mirror holds every job after a full pass', async () => {
    world = await createSyncWorld();
    await world.engine.syncNow(world.integrationId, { kind: 'full' });
    world.sim.control.addJob({ jobName: 'Made on another desktop' });
    const run = newRunState(world.core, world.integrationId, 'r1', 'incremental', new AbortController().signal);
    expect(await pullRecentJobsStep(run, pullOptionsFor(world, 'r1'), () => true)).toBe(true);
    expect(run.summary.written).toBe(1);
    expect(
      one<{ n: number }>(world, "SELECT count(*) AS n FROM ascora_jobs WHERE job_name = 'Made on another desktop'").n,
    ).toBe(1);
  });

  it('goes on when Ascora refuses the window, and says the mirror may lack jobs, so each create asks Ascora', async () => {
    world = await createSyncWorld();
    world.sim.control.setFault('GET /Jobs/Jobs', {
      kind: 'reject',
      status: 400,
      message: 'Date filter refused',
      times: 5,
    });
    const run = newRunState(world.core, world.integrationId, 'r1', 'incremental', new AbortController().signal);
    expect(await pullRecentJobsStep(run, pullOptionsFor(world, 'r1'), () => true)).toBe(false);
  });

  it('stops the run when Ascora cannot be reached', async () => {
    world = await createSyncWorld();
    world.sim.control.setOffline(true);
    const run = newRunState(world.core, world.integrationId, 'r1', 'incremental', new AbortController().signal);
    await expect(pullRecentJobsStep(run, pullOptionsFor(world, 'r1'), () => true)).rejects.toBeInstanceOf(AscoraError);
  });
});

describe('finishing a run', () => {
  const finish = (w: SyncWorld, error: unknown, signal = new AbortController().signal) => {
    const run = newRunState(w.core, w.integrationId, 'r1', 'incremental', signal);
    const logId = openRunLog(run);
    expect(runLog(w, logId).status).toBe('running');
    const summary = finishRun(run, {
      logId,
      startedAt: w.clock.now(),
      error,
      setIntegration: (fields) =>
        w.core.sqlite
          .prepare('UPDATE ascora_integrations SET state = ?, online = ?, last_error = ? WHERE id = ?')
          .run(fields.state, fields.online ? 1 : 0, fields.lastError ?? null, w.integrationId),
    });
    return { summary, log: runLog(w, logId) };
  };

  it('asks for a new key when Ascora refused it', async () => {
    world = await createSyncWorld();
    const { summary, log } = finish(world, new AscoraError('auth', 'Ascora refused the API key.', 401));
    expect(summary.status).toBe('failed');
    expect(integration(world)).toMatchObject({ state: 'needs_reauth', online: 1 });
    expect(log).toMatchObject({ status: 'failed', message: expect.stringContaining('Connect again') });
  });

  it('marks the connection offline when Ascora could not be reached', async () => {
    world = await createSyncWorld();
    finish(world, new AscoraError('retryable', 'Ascora could not be reached.'));
    expect(integration(world)).toMatchObject({ state: 'error', online: 0 });
  });

  it('logs a stopped run as interrupted, not failed', async () => {
    world = await createSyncWorld();
    const stop = new AbortController();
    stop.abort();
    const { log } = finish(world, new AppError('BUSY', 'The sync was stopped.'), stop.signal);
    expect(log.status).toBe('interrupted');
  });

  it('is a success, and clears the last error, when nothing failed', async () => {
    world = await createSyncWorld();
    const { summary, log } = finish(world, null);
    expect(summary.status).toBe('success');
    expect(integration(world)).toMatchObject({ state: 'ok', online: 1, last_error: null });
    expect(log.message).toMatch(/^Sync finished/);
  });
});
