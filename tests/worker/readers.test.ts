/**
 * The reader threads beside the writer (main/core/worker/readers.ts, reader.ts): a list answered
 * while the writer is inside a long write transaction, from the last committed state; a writer-state
 * query left to the writer; slow queries in the log with their channel and thread; events only after
 * the write they announce has committed; a wipe with readers open; no WAL left after close. Real
 * parts: real worker threads running entry.ts, a real SQLite file, the simulator over HTTP.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/core/ipc/registry';
import { EventBus } from '../../main/core/events';
import { createLogger } from '../../main/core/log';
import { DATABASE_FILE } from '../../main/core/paths';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { startCoreWorker, type CoreWorkerHandle } from '../../main/core/worker/core-worker';
import { answeredByReader, isQuery, SLOW_QUERY_MS } from '../../main/core/worker/reader-channels';
import type { JobDetail, JobRow, Page } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { startSimulator, type RunningSimulator } from '../../sim/server';
import { keychainForPlainMirror } from '../support/core';
import { makeTempDir } from '../support/db';

interface World {
  host: CoreWorkerHandle;
  sim: RunningSimulator;
  dataDir: string;
  logLines: string[];
  integrationId: number;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

/** A worker with its readers, connected to the simulator and synced once. */
async function openSyncedWorld(options: { slowQueryMs?: number; secrets?: SecretStore } = {}): Promise<World> {
  const sim = await startSimulator({ port: 0, seed: 12, jobs: 40, customers: 15, invoices: 10 });
  const dataDir = makeTempDir('ra-readers-');
  const logLines: string[] = [];
  const host = await startCoreWorker({
    dataDir,
    secrets: options.secrets ?? createMemorySecretStore(),
    logger: createLogger((line) => logLines.push(line), 'debug'),
    appName: 'readers test',
    testHooks: true,
    readers: 1,
    slowQueryMs: options.slowQueryMs,
  });
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await host.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const integrationId = value<{ id: number }>(
    await host.registry.invoke('integration.connect', {
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      displayName: 'Readers office',
    }),
  ).id;
  expect(value<{ status: string }>(await host.registry.invoke('sync.now', { integrationId }))).toMatchObject({
    status: 'success',
  });
  const close = host.close.bind(host);
  host.close = () => {
    closed = true;
    return close();
  };
  return { host, sim, dataDir, logLines, integrationId };
}

const parsedLines = (w: World) => w.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

/** Starts a write in the writer's thread, on the mirror, held open until the returned release. */
async function holdWrite(w: World, renameFirstJob: string) {
  const buffer = new SharedArrayBuffer(8);
  const flag = new Int32Array(buffer);
  const write = w.host.test.busyWrite(buffer, { renameFirstJob });
  // Waits, without blocking this loop, until the writer is inside its transaction.
  while (Atomics.load(flag, 1) === 0) await new Promise((resolve) => setImmediate(resolve));
  return {
    stillWriting: () => Atomics.load(flag, 0) === 0,
    release: async () => {
      Atomics.store(flag, 0, 1);
      return value<{ rows: number }>(await write);
    },
  };
}

describe('the readers', () => {
  it('answer a Jobs page and a job while the writer is inside a long write, from the state before it', async () => {
    const w = await openSyncedWorld();
    expect(w.host.test.readerThreadIds()).toHaveLength(1);
    const first = value<Page<JobRow>>(
      await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 100, sort: 'jobNumber' }),
    );
    const firstJobId = Math.min(...first.rows.map((job) => job.id));
    const nameBefore = value<JobDetail>(await w.host.registry.invoke('jobs.get', { jobId: firstJobId })).jobName;

    const write = await holdWrite(w, 'Half written by the writer');
    // The writer only stops when told, after these answers: had they waited for its thread, they
    // could never come, and the test would time out.
    const page = value<Page<JobRow>>(
      await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 100 }),
    );
    const during = value<JobDetail>(await w.host.registry.invoke('jobs.get', { jobId: firstJobId }));
    expect(write.stillWriting()).toBe(true);
    expect(page.total).toBe(first.total);
    // The reader sees what was committed, never a transaction half way through.
    expect(during.jobName).toBe(nameBefore);

    await write.release();
    expect(value<JobDetail>(await w.host.registry.invoke('jobs.get', { jobId: firstJobId })).jobName).toBe(
      'Half written by the writer',
    );
  });

  it('leave a query that needs the writer’s state to the writer: sync.status waits for its write', async () => {
    const w = await openSyncedWorld();
    expect(answeredByReader('jobs.list')).toBe(true);
    expect(answeredByReader('sync.status')).toBe(false);
    const write = await holdWrite(w, 'Renamed while sync.status waits');
    let statusAnswered = false;
    const status = w.host.registry.invoke('sync.status', { integrationId: w.integrationId }).then((result) => {
      statusAnswered = true;
      return result;
    });
    // A reader's answer comes back while the writer's thread is still held…
    value(await w.host.registry.invoke('customers.list', { integrationId: w.integrationId, limit: 10 }));
    expect(statusAnswered).toBe(false);
    // …and the writer's only once it is free.
    await write.release();
    expect(value<{ running: boolean }>(await status).running).toBe(false);
  });

  it('answer a reader channel the writer would answer the same way, errors included', async () => {
    const w = await openSyncedWorld();
    expect(await w.host.registry.invoke('jobs.get', { jobId: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await w.host.registry.invoke('jobs.list', { integrationId: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('are started again after a crash, and the queries asked meanwhile are answered', async () => {
    const w = await openSyncedWorld();
    const [before] = w.host.test.readerThreadIds();
    await w.host.test.crashReader();
    // Answered whether the new reader is up yet or not (the writer answers until it is).
    expect(
      value<Page<JobRow>>(await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 5 }))
        .total,
    ).toBe(40);
    while (w.host.test.readerThreadIds().length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(w.host.test.readerThreadIds()).not.toContain(before);
    expect(
      value<Page<JobRow>>(await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 5 }))
        .total,
    ).toBe(40);
    expect(parsedLines(w).filter((line) => line.message === 'a reader thread stopped unexpectedly')).toHaveLength(1);
  });

  it('log each query slower than the threshold with its channel and thread, and no command', async () => {
    // Threshold 0: every query is "slow", so the line is seen without depending on this machine's speed.
    const w = await openSyncedWorld({ slowQueryMs: 0 });
    const jobs = value<Page<JobRow>>(
      await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 5 }),
    );
    value(await w.host.registry.invoke('sync.status', { integrationId: w.integrationId }));
    value(await w.host.registry.invoke('jobs.addNote', { jobId: jobs.rows[0]!.id, text: 'Moisture readings taken' }));
    const slow = parsedLines(w).filter((line) => line.message === 'slow query');
    expect(slow).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warn', channel: 'jobs.list', thread: 'reader 1', ms: expect.any(Number) }),
        expect.objectContaining({ level: 'warn', channel: 'sync.status', thread: 'writer' }),
      ]),
    );
    expect(slow.filter((line) => line.channel === 'jobs.addNote')).toEqual([]);
  });

  it('leave no WAL or shared-memory file once closed: the writer closes last', async () => {
    const w = await openSyncedWorld();
    value(await w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 100 }));
    await w.host.close();
    expect(fs.readdirSync(w.dataDir).filter((name) => name.startsWith(`${DATABASE_FILE}-`))).toEqual([]);
  });

  it('are closed for a wipe: a snapshot they held leaves no deleted text in the database or its WAL, and they answer after it', async () => {
    // Plain, so the file's own bytes can be searched for the text (encrypted, they hold none).
    const w = await openSyncedWorld({ secrets: keychainForPlainMirror() });
    const NAME = 'Quillonberry Zarathustrine';
    value(
      await w.host.registry.invoke('customers.create', {
        integrationId: w.integrationId,
        fields: { contactFirstName: 'Quillonberry', contactLastName: 'Zarathustrine', streetLine1: '7 Wombat Way' },
      }),
    );
    // The readers have read it, and hold a snapshot as a long query does while it runs: a checkpoint
    // could not empty the WAL past it, had the wipe not closed their connections first.
    const found = value<{ total: number }>(
      await w.host.registry.invoke('customers.list', { integrationId: w.integrationId, search: 'Zarathustrine' }),
    );
    expect(found.total).toBe(1);
    const files = () =>
      [DATABASE_FILE, `${DATABASE_FILE}-wal`]
        .map((name) => path.join(w.dataDir, name))
        .filter((file) => fs.existsSync(file));
    const holding = () =>
      files().filter((file) => [NAME, 'Zarathustrine', 'zarathustrine'].some((t) => fs.readFileSync(file).includes(t)));
    expect(holding().length).toBeGreaterThan(0);
    await w.host.test.holdReads();

    expect(
      value(
        await w.host.registry.invoke('integration.disconnect', {
          integrationId: w.integrationId,
          wipeMirror: true,
          confirmName: 'Readers office',
        }),
      ),
    ).toEqual({ wiped: true });

    expect(holding()).toEqual([]);
    const wiped = parsedLines(w).find((line) => line.message === 'connection wiped');
    expect(wiped).toMatchObject({ walBusy: false });
    // Opened again: a reader answers (the connection is gone, so its list is empty).
    expect(w.host.test.readerThreadIds()).toHaveLength(1);
    expect(
      value<{ total: number }>(
        await w.host.registry.invoke('customers.list', { integrationId: w.integrationId, limit: 10 }),
      ).total,
    ).toBe(0);
  });

  it('open the encrypted mirror with its key, and again with the new key after the last wipe renews it', async () => {
    const w = await openSyncedWorld();
    const jobs = () => w.host.registry.invoke('jobs.list', { integrationId: w.integrationId, limit: 10 });
    expect(value<{ total: number }>(await jobs()).total).toBeGreaterThan(0);
    const lines = () => parsedLines(w).map((line) => line.message);
    expect(lines()).not.toContain('a reader could not open the database: queries go to the writer');

    value(
      await w.host.registry.invoke('integration.disconnect', {
        integrationId: w.integrationId,
        wipeMirror: true,
        confirmName: 'Readers office',
      }),
    );
    expect(lines()).toContain('local copy key renewed after the last connection was wiped');
    expect(value<{ total: number }>(await jobs()).total).toBe(0);
    // The reader reopened under the new key rather than being ended (its queries then go to the writer).
    expect(lines()).not.toContain('a reader could not open the database again: it was ended');
    expect(w.host.test.readerThreadIds()).toHaveLength(1);
  });
});

describe('events', () => {
  it('are sent once the write they announce has committed, so a second connection reads it', () => {
    const dir = makeTempDir('ra-events-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'events.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE notes (text TEXT)');
    const reader = new Database(file, { readonly: true });
    cleanups.push(() => {
      reader.close();
      writer.close();
    });
    const bus = new EventBus({ inTransaction: () => writer.inTransaction });
    const seenByReader: number[] = [];
    const delivered = new Promise<void>((resolve) =>
      bus.subscribe(() => {
        seenByReader.push((reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n);
        resolve();
      }),
    );
    writer.transaction(() => {
      writer.prepare("INSERT INTO notes (text) VALUES ('Carpet lifted')").run();
      bus.emit('record.changed', { entity: 'job', ids: [1] });
      // Not yet: the transaction is still open.
      expect(seenByReader).toEqual([]);
    })();
    return delivered.then(() => expect(seenByReader).toEqual([1]));
  });
});

describe('the slow-query log', () => {
  it('names a query whose handler took longer than SLOW_QUERY_MS', async () => {
    const lines: string[] = [];
    const registry = createRegistry(
      {
        'jobs.statuses': async () => {
          await new Promise((resolve) => setTimeout(resolve, SLOW_QUERY_MS + 20));
          return [];
        },
      },
      {
        logger: createLogger((line) => lines.push(line), 'debug'),
        slowQueries: { isQuery, thresholdMs: SLOW_QUERY_MS, thread: 'reader 1' },
      },
    );
    value(await registry.invoke('jobs.statuses', { integrationId: 1 }));
    const slow = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(slow).toEqual([
      expect.objectContaining({ message: 'slow query', channel: 'jobs.statuses', thread: 'reader 1' }),
    ]);
    expect(slow[0]!.ms as number).toBeGreaterThanOrEqual(SLOW_QUERY_MS);
  });
});
