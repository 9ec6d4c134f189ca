/**
 * The core in a worker thread (main/core/worker/core-worker.ts): the same envelopes as the in-process
 * core, events on main's side, the shutdown gate, a crash reported and survived with nothing sent
 * twice, and main's event loop free while the worker writes. Real parts throughout: a real worker
 * thread running entry.ts, real SQLite files, the simulator over HTTP on 127.0.0.1.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { openConnection } from '../../main/core/db/connection';
import { databaseKeyRef } from '../../main/core/db/database-key';
import { CLOSING_MESSAGE } from '../../main/core/ipc/gate';
import { createLogger } from '../../main/core/log';
import { DATABASE_FILE } from '../../main/core/paths';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import {
  CRASH_NOTICE,
  CRASHED_CALL_MESSAGE,
  STOPPED_MESSAGE,
  startCoreWorker,
  type CoreWorkerHandle,
} from '../../main/core/worker/core-worker';
import { WRITER_LIMITS } from '../../main/core/worker/limits';
import type { AppEvent, AppEvents } from '../../shared/events';
import type { Result } from '../../shared/result';
import { startSimulator, type RunningSimulator, type SimRequestEvent } from '../../sim/server';
import { makeTempDir } from '../support/db';

interface World {
  host: CoreWorkerHandle;
  sim: RunningSimulator;
  dataDir: string;
  secrets: ReturnType<typeof createMemorySecretStore>;
  logLines: string[];
  events: AppEvent[];
  /** Set by a test to act at a stage of a request the simulator received (awaited by it). */
  observe: { current: ((event: SimRequestEvent) => void | Promise<void>) | null };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openWorld(options: { maxCrashesPerMinute?: number } = {}): Promise<World> {
  const observe: World['observe'] = { current: null };
  const sim = await startSimulator({
    port: 0,
    seed: 11,
    jobs: 40,
    customers: 15,
    invoices: 10,
    observe: (event) => observe.current?.(event),
  });
  const dataDir = makeTempDir('ra-worker-');
  const secrets = createMemorySecretStore();
  const logLines: string[] = [];
  const host = await startCoreWorker({
    dataDir,
    secrets,
    logger: createLogger((line) => logLines.push(line), 'debug'),
    appName: 'worker test',
    testHooks: true,
    ...options,
  });
  const events: AppEvent[] = [];
  host.events.subscribe((event) => events.push(event));
  cleanups.push(async () => {
    await host.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { host, sim, dataDir, secrets, logLines, events, observe };
}

async function connect(w: World): Promise<number> {
  const connected = await w.host.registry.invoke('integration.connect', {
    apiKey: w.sim.apiKey,
    baseUrl: w.sim.url,
    displayName: 'Worker office',
  });
  expect(connected).toMatchObject({ ok: true });
  return (connected as { value: { id: number } }).value.id;
}

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

function nextEvent<N extends AppEvent['name']>(host: CoreWorkerHandle, name: N): Promise<AppEvents[N]> {
  return new Promise((resolve) => {
    const off = host.events.subscribe((event) => {
      if (event.name !== name) return;
      off();
      resolve(event.payload as AppEvents[N]);
    });
  });
}

/** Reads the data folder's database beside the worker (a second connection with its key from main's keychain, no lock). */
async function readDb<T>(w: World, sql: string, ...params: unknown[]): Promise<T[]> {
  const file = fs.realpathSync(path.join(w.dataDir, DATABASE_FILE));
  const key = Buffer.from((await w.secrets.get(databaseKeyRef(file)))!, 'hex');
  const db = openConnection(file, { key, readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A worker connected and synced once, with a customer made here and not sent yet: the change a crash must not lose. */
async function openWorldWithQueuedCustomer(
  contactFirstName: string,
  contactLastName: string,
  streetLine1: string,
): Promise<{ w: World; integrationId: number }> {
  const w = await openWorld();
  const integrationId = await connect(w);
  value(await w.host.registry.invoke('sync.now', { integrationId }));
  value(
    await w.host.registry.invoke('customers.create', {
      integrationId,
      fields: { contactFirstName, contactLastName, streetLine1 },
    }),
  );
  return { w, integrationId };
}

const customersNamed = (sim: RunningSimulator, first: string) =>
  sim.control.state().customers.filter((c) => c.contactFirstName === first);

describe('calls through the worker', () => {
  it('answers with the same envelopes as the in-process core: VALIDATION, NOT_FOUND and a real sync', async () => {
    const w = await openWorld();
    const inDir = makeTempDir('ra-inproc-');
    const inProcess: Core = await createCore({
      dataDir: inDir,
      secrets: createMemorySecretStore(),
      logger: createLogger(() => {}),
    });
    cleanups.push(async () => {
      await inProcess.close();
      fs.rmSync(inDir, { recursive: true, force: true });
    });
    const both = async (channel: string, input: unknown) => {
      const [viaWorker, here] = await Promise.all([
        w.host.registry.invoke(channel, input),
        inProcess.registry.invoke(channel, input),
      ]);
      expect(viaWorker).toEqual(here);
      return viaWorker;
    };

    expect(await both('sync.now', { integrationId: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'integrationId' }] } },
    });
    expect(await both('no.such.channel', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await both('jobs.get', { jobId: 424242 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // A real sync of the test's simulator, in the worker.
    const integrationId = await connect(w);
    const summary = value<{ status: string; pulled: number }>(
      await w.host.registry.invoke('sync.now', { integrationId }),
    );
    expect(summary.status).toBe('success');
    const state = w.sim.control.state();
    expect(summary.pulled).toBe(state.jobs.length + state.customers.length + state.invoices.length);
    expect(value<{ total: number }>(await w.host.registry.invoke('jobs.list', { integrationId, limit: 5 })).total).toBe(
      state.jobs.length,
    );

    // The key went to main's keychain (beside the local copy's key), and never into a result, an event or a log line.
    expect(w.secrets.size).toBe(2);
    expect(JSON.stringify(w.events)).not.toContain(w.sim.apiKey);
    expect(w.logLines.join('\n')).not.toContain(w.sim.apiKey);
  });

  it('delivers the worker’s events on main’s side: progress, connection state, changes', async () => {
    const w = await openWorld();
    const integrationId = await connect(w);
    await w.host.registry.invoke('sync.now', { integrationId });
    const names = new Set(w.events.map((e) => e.name));
    // connections.status: every connection's status pushed once after the changes that move it (the renderer's one copy).
    expect(names).toEqual(new Set(['record.changed', 'connection.state', 'sync.progress', 'connections.status']));
    expect(w.events).toContainEqual({
      name: 'sync.progress',
      payload: expect.objectContaining({ integrationId, phase: 'done' }),
    });
    // The worker's log lines reach main's logger (one writer of the log file).
    expect(w.logLines.some((line) => line.includes('"database migrated"'))).toBe(true);
  });

  it('runs the writer with its heap bounded (limits.ts): V8 then grows it by a small factor, not 4', async () => {
    const w = await openWorld();
    const started = w.logLines
      .map((line) => JSON.parse(line) as { message: string; heapLimitMb?: number })
      .find((line) => line.message === 'writer thread started');
    // The old generation's ceiling plus the young generation's: never V8's default of several GB.
    expect(started?.heapLimitMb).toBeGreaterThanOrEqual(WRITER_LIMITS.maxOldGenerationSizeMb);
    expect(started?.heapLimitMb).toBeLessThanOrEqual(
      WRITER_LIMITS.maxOldGenerationSizeMb + 2 * WRITER_LIMITS.maxYoungGenerationSizeMb,
    );
  });
});

describe('the shutdown gate', () => {
  it('refuses a call once closing has started, lets the call in flight finish, and refuses after', async () => {
    const w = await openWorld();
    // integration.connect writes to the database after its test request: held at the simulator
    // until the gate has been seen to refuse, so it is in flight when closing starts.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atSimulator = new Promise<void>((resolve) => (reached = resolve));
    w.observe.current = async (event) => {
      if (event.stage !== 'received') return;
      reached();
      await held;
    };
    const inFlight = w.host.registry.invoke('integration.connect', {
      apiKey: w.sim.apiKey,
      baseUrl: w.sim.url,
      displayName: 'Closing office',
    });
    await atSimulator;

    let closed = false;
    const closing = w.host.close().then(() => (closed = true));
    const refused = await w.host.registry.invoke('integration.list', {});
    expect(refused).toEqual({ ok: false, error: { code: 'BUSY', message: CLOSING_MESSAGE } });
    expect(closed).toBe(false);

    release();
    expect(await inFlight).toMatchObject({ ok: true, value: { displayName: 'Closing office' } });
    await closing;
    // After the worker is gone: still a clear refusal, not a call that never answers.
    expect(await w.host.registry.invoke('integration.list', {})).toEqual({
      ok: false,
      error: { code: 'BUSY', message: CLOSING_MESSAGE },
    });
    // What the call in flight wrote is in the file.
    expect(await readDb<{ display_name: string }>(w, 'SELECT display_name FROM ascora_integrations')).toEqual([
      { display_name: 'Closing office' },
    ]);
  });
});

describe('a crash of the worker', () => {
  it('is reported, the worker comes back, and a change queued before the crash is sent once after it', async () => {
    const { w, integrationId } = await openWorldWithQueuedCustomer('Queued', 'Before', '1 Crash Street');
    const firstThread = w.host.test.threadId();

    const crashed = nextEvent(w.host, 'core.crashed');
    await w.host.test.crash('throw');
    // Main has seen the crash (logged at once) and is starting a new worker: a call made now waits for it.
    while (!w.logLines.some((line) => line.includes('"the core worker stopped unexpectedly"')))
      await new Promise((resolve) => setImmediate(resolve));
    const during = w.host.registry.invoke('integration.status', { integrationId });
    expect(await crashed).toEqual({ message: CRASH_NOTICE, restarted: true });
    expect(await during).toMatchObject({ ok: true, value: { pendingCount: 1 } });
    expect(w.host.test.threadId()).not.toBe(firstThread);
    const logged = w.logLines.map((line) => JSON.parse(line) as { message: string; error?: string });
    expect(logged.find((l) => l.message === 'the core worker stopped unexpectedly')?.error).toContain(
      'test: an uncaught error in the core worker',
    );

    // The new worker took the data folder's lock again and has the queued change.
    expect(
      value<{ pendingCount: number }>(await w.host.registry.invoke('integration.status', { integrationId }))
        .pendingCount,
    ).toBe(1);
    expect(
      value<{ status: string; pushed: number }>(await w.host.registry.invoke('sync.now', { integrationId })),
    ).toMatchObject({ status: 'success', pushed: 1 });
    value(await w.host.registry.invoke('sync.now', { integrationId }));
    expect(customersNamed(w.sim, 'Queued')).toHaveLength(1);
  });

  it('answers a call in flight with a clear error; a create cut off on the wire is looked up, not sent again', async () => {
    const { w, integrationId } = await openWorldWithQueuedCustomer('Onwire', 'Exit', '2 Crash Street');

    // process.exit in the worker once Ascora has applied the create, before its answer: lost.
    const crashed = nextEvent(w.host, 'core.crashed');
    let armed = true;
    w.observe.current = async (event) => {
      if (event.route !== 'post /customers/customer' || event.stage !== 'committed' || !armed) return;
      armed = false;
      await w.host.test.crash('exit');
      await crashed;
    };
    const cutOff = await w.host.registry.invoke('sync.now', { integrationId });
    expect(cutOff).toEqual({ ok: false, error: { code: 'INTERNAL', message: CRASHED_CALL_MESSAGE } });
    expect(await crashed).toMatchObject({ restarted: true });
    expect(
      w.logLines.some(
        (line) => line.includes('"the core worker stopped unexpectedly"') && line.includes('"exitCode":7'),
      ),
    ).toBe(true);
    expect(customersNamed(w.sim, 'Onwire')).toHaveLength(1);

    // The restarted worker's start-up recovery marked the item as an unknown outcome.
    expect(
      await readDb<{ state: string; outcome_unknown: number }>(
        w,
        "SELECT state, outcome_unknown FROM outbox WHERE kind = 'create_customer'",
      ),
    ).toEqual([{ state: 'pending', outcome_unknown: 1 }]);
    expect(value<{ status: string }>(await w.host.registry.invoke('sync.now', { integrationId })).status).toBe(
      'success',
    );
    expect(customersNamed(w.sim, 'Onwire')).toHaveLength(1);
    expect(await readDb<{ state: string }>(w, "SELECT state FROM outbox WHERE kind = 'create_customer'")).toEqual([
      { state: 'done' },
    ]);
  });

  it('survives the thread being terminated: the new worker takes the data folder’s lock again', async () => {
    const w = await openWorld();
    const integrationId = await connect(w);
    const crashed = nextEvent(w.host, 'core.crashed');
    await w.host.test.crash('terminate');
    expect(await crashed).toMatchObject({ restarted: true });
    expect(w.logLines.some((line) => line.includes('could not be started again'))).toBe(false);
    expect(value<{ status: string }>(await w.host.registry.invoke('sync.now', { integrationId })).status).toBe(
      'success',
    );
    // The lock is held by the new worker: a second copy on the folder is still refused.
    await expect(
      createCore({ dataDir: w.dataDir, secrets: createMemorySecretStore(), logger: createLogger(() => {}) }),
    ).rejects.toMatchObject({ code: 'BUSY' });
  });
});

describe('a worker that cannot run', () => {
  it('does not start on a data folder another copy holds: the same BUSY naming it as in-process', async () => {
    const dataDir = makeTempDir('ra-worker-busy-');
    const holder = await createCore({
      dataDir,
      secrets: createMemorySecretStore(),
      logger: createLogger(() => {}),
      appName: 'holding test',
    });
    cleanups.push(async () => {
      await holder.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const refused = startCoreWorker({ dataDir, secrets: createMemorySecretStore(), logger: createLogger(() => {}) });
    await expect(refused).rejects.toMatchObject({
      code: 'BUSY',
      message: expect.stringContaining(`holding test (process ${process.pid}`),
    });
  });

  it('is not started again after too many crashes: the window and every call say to restart the app', async () => {
    const w = await openWorld({ maxCrashesPerMinute: 0 });
    const crashed = nextEvent(w.host, 'core.crashed');
    await w.host.test.crash('throw');
    expect(await crashed).toEqual({ message: STOPPED_MESSAGE, restarted: false });
    expect(await w.host.registry.invoke('integration.list', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: STOPPED_MESSAGE },
    });
    expect(w.host.test.threadId()).toBeNull();
  });
});

describe('main’s event loop during a long write in the worker', () => {
  it('answers an HTTP request on main while the worker is inside one synchronous transaction', async () => {
    const w = await openWorld();
    // A ping served by main's loop, as the browser host and Electron's IPC are.
    const server = http.createServer((_req, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;

    const buffer = new SharedArrayBuffer(8);
    const flag = new Int32Array(buffer);
    const write = w.host.test.busyWrite(buffer);
    // Waits (without blocking this loop) until the worker is inside its transaction.
    while (Atomics.load(flag, 1) === 0) await new Promise((resolve) => setImmediate(resolve));
    const pong = await new Promise<string>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${port}/`, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    // The worker only stops writing when told: if the write ran on this thread, nothing above
    // could have been answered and this line would never run.
    expect(Atomics.load(flag, 0)).toBe(0);
    expect(pong).toBe('pong');
    Atomics.store(flag, 0, 1);
    expect(value<{ rows: number }>(await write).rows).toBeGreaterThan(0);
  });
});
