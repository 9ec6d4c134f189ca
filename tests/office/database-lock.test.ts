/**
 * Issue 19, scenario 8: two copies of the app on one database. The lock guards the database file
 * itself (beside its real path, so a link from a second data folder finds it), and a copy whose
 * lock file was removed or replaced under it sends nothing more: another copy may be draining the
 * same outbox.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { DATABASE_FILE } from '../../main/core/paths';
import { LOCK_FILE } from '../../main/core/db/lock';
import { createLogger } from '../../main/core/log';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import type { Result } from '../../shared/result';
import { startSimulator, type RunningSimulator } from '../../sim/server';
import { makeTempDir } from '../support/db';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startSim(): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0, seed: 5, jobs: 20, customers: 6, invoices: 4 });
  cleanups.push(() => sim.close());
  return sim;
}

interface Copy {
  core: Core;
  /** What this copy logged (the log file people send). */
  logged: { level: string; message: string; reason?: string }[];
  call<T>(channel: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

/** One copy of the app on `dataDir`, as a second window or a second install would start it. */
async function startCopy(dataDir: string, secrets: SecretStore, appName: string): Promise<Copy> {
  const logged: Copy['logged'] = [];
  const core = await createCore({
    dataDir,
    secrets,
    appName,
    logger: createLogger((line) => logged.push(JSON.parse(line) as Copy['logged'][number])),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await core.close();
  };
  cleanups.push(close);
  return {
    core,
    logged,
    close,
    async call<T>(channel: string, input: unknown): Promise<T> {
      const result = (await core.registry.invoke(channel as never, input as never)) as Result<T>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
  };
}

async function connect(copy: Copy, sim: RunningSimulator): Promise<number> {
  const { id } = await copy.call<{ id: number }>('integration.connect', {
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    displayName: 'Harris Restorations',
  });
  return id;
}

const queueCustomer = (copy: Copy, integrationId: number, lastName: string) =>
  copy.call('customers.create', {
    integrationId,
    fields: { contactFirstName: 'Priya', contactLastName: lastName, streetLine1: '14 Harris Street' },
  });

describe('a second data folder whose database is a link to the first copy’s', () => {
  it('is refused while the first copy runs, naming it and the database; once it quits, the link opens the same data', async () => {
    const sim = await startSim();
    const secrets = createMemorySecretStore();
    const first = await startCopy(tempDir('ra-first-'), secrets, 'desktop app');
    const integrationId = await connect(first, sim);
    const secondDir = tempDir('ra-second-');
    const realDatabase = fs.realpathSync(path.join(first.core.ctx.dataDir, DATABASE_FILE));
    fs.symlinkSync(realDatabase, path.join(secondDir, DATABASE_FILE));

    const second = startCopy(secondDir, secrets, 'browser host');
    await expect(second).rejects.toMatchObject({ code: 'BUSY' });
    await expect(second).rejects.toThrow(`the database ${realDatabase}`);
    await expect(second).rejects.toThrow(`desktop app (process ${process.pid}`);

    // The first copy goes on syncing: its lock is where it was.
    await queueCustomer(first, integrationId, 'Raman');
    expect(await first.call('sync.now', { integrationId })).toMatchObject({ status: 'success', pushed: 1 });
    await first.close();

    // One copy at a time through the link is fine: it is the same database, not a new one.
    const again = await startCopy(secondDir, secrets, 'browser host');
    expect(await again.call<{ id: number }[]>('integration.list', {})).toMatchObject([{ id: integrationId }]);
  });

  it('a link made before the database exists leads to the same lock: the copy on the real folder is refused', async () => {
    const realDir = tempDir('ra-real-');
    const linkDir = tempDir('ra-link-');
    fs.symlinkSync(path.join(realDir, DATABASE_FILE), path.join(linkDir, DATABASE_FILE));
    const secrets = createMemorySecretStore();
    await startCopy(linkDir, secrets, 'browser host');
    // SQLite created the database where the link points, and the lock is beside it.
    expect(fs.existsSync(path.join(realDir, LOCK_FILE))).toBe(true);
    await expect(startCopy(realDir, secrets, 'desktop app')).rejects.toThrow(
      /already using the data folder .*: the browser host \(process/,
    );
  });
});

describe('the lock file removed while the first copy runs', () => {
  it('a second copy is refused (the first still runs), and the first copy’s next sync sends nothing and says why', async () => {
    const sim = await startSim();
    const secrets = createMemorySecretStore();
    const dataDir = tempDir('ra-office-');
    const first = await startCopy(dataDir, secrets, 'desktop app');
    const integrationId = await connect(first, sim);
    await queueCustomer(first, integrationId, 'Raman');
    // A clean-up tool (or a synced Documents folder) removes the small lock file.
    fs.rmSync(path.join(dataDir, LOCK_FILE));

    const second = startCopy(dataDir, secrets, 'browser host');
    await expect(second).rejects.toMatchObject({ code: 'BUSY' });
    await expect(second).rejects.toThrow(/desktop app \(process \d+.*lock file was removed/);

    sim.control.resetRequestLog();
    const run = await first.call<{ status: string; pushed: number; message: string }>('sync.now', { integrationId });
    expect(run).toMatchObject({ status: 'failed', pushed: 0 });
    expect(run.message).toMatch(
      /^Another copy of RestoreAssist Desk may be using this data: the lock file .* was removed/,
    );
    expect(sim.control.requestLog()).toEqual([]);
    expect(sim.control.state().customers.filter((c) => c.contactLastName === 'Raman')).toEqual([]);
    // The connection shows it, the log file has it, and the change is kept.
    expect(await first.call('sync.status', { integrationId })).toMatchObject({
      state: 'error',
      lastError: run.message,
      pendingCount: 1,
    });
    expect(first.logged).toContainEqual(expect.objectContaining({ level: 'error', reason: run.message }));
  });

  it('with its note removed too, a second copy takes a new lock; the first copy’s next sync sends nothing, the second sends the change once', async () => {
    const sim = await startSim();
    const secrets = createMemorySecretStore();
    const dataDir = tempDir('ra-office-');
    const first = await startCopy(dataDir, secrets, 'desktop app');
    const integrationId = await connect(first, sim);
    await queueCustomer(first, integrationId, 'Raman');
    // The whole clean-up: nothing left says a copy is running.
    fs.rmSync(path.join(dataDir, LOCK_FILE));
    fs.rmSync(path.join(dataDir, `${LOCK_FILE}.json`));

    const second = await startCopy(dataDir, secrets, 'browser host');

    sim.control.resetRequestLog();
    const run = await first.call<{ status: string; message: string }>('sync.now', { integrationId });
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.message).toMatch(/the lock file .* was replaced while this copy was running/);
    expect(sim.control.requestLog()).toEqual([]);

    expect(await second.call('sync.now', { integrationId })).toMatchObject({ pushed: 1 });
    expect(sim.control.state().customers.filter((c) => c.contactLastName === 'Raman')).toHaveLength(1);

    // The first copy quitting leaves the second copy's note, which names it for a third.
    await first.close();
    const third = startCopy(dataDir, secrets, 'desktop app');
    await expect(third).rejects.toThrow(/already using the data folder .*: the browser host \(process/);
  });

  it('a note left by a copy that crashed, whose lock file was removed since, does not keep the next copy out', async () => {
    const dataDir = tempDir('ra-office-');
    const crashed = spawnSync(process.execPath, ['-e', '']);
    expect(crashed.status).toBe(0);
    fs.writeFileSync(
      path.join(dataDir, `${LOCK_FILE}.json`),
      JSON.stringify({
        pid: crashed.pid,
        host: os.hostname(),
        app: 'desktop app',
        startedAt: '2026-11-30T08:00:00.000Z',
      }),
    );
    const copy = await startCopy(dataDir, createMemorySecretStore(), 'desktop app');
    expect(await copy.call('integration.list', {})).toEqual([]);
  });
});
