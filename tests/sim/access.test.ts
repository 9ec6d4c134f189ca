/**
 * Who may reach a simulator: only a client that names it by a loopback Host (not a rebinding web
 * page), and its /__sim/ control routes only when asked for. The app's demo workspace serves the
 * Ascora endpoints alone, to a key of its own launch.
 */
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { createMemorySecretStore } from '../../main/core/secrets/memory-store';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';
import { makeTempDir } from '../support/db';

interface Answer {
  status: number;
  body: unknown;
}

/** node:http, because fetch will not send a Host header of our choosing. */
function call(
  port: number,
  path: string,
  options: { method?: string; host?: string | null; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.host) headers.Host = options.host;
    const req = http.request(
      // setHost false with host null: a request with no Host header at all.
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost: options.host !== null },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const control = (port: number, action: string, args: unknown[], host?: string) =>
  call(port, `/__sim/${action}`, {
    method: 'POST',
    host,
    headers: { 'X-Sim-Control': '1', Auth: DEMO_API_KEY },
    body: args,
  });

describe('a simulator started without controlRoutes', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3, jobs: 20, customers: 5 });
  });
  afterAll(() => sim.close());

  it('answers /__sim/* with 404, like any path Ascora does not serve, and changes nothing', async () => {
    const job = sim.control.state().jobs[0]!;
    expect(await control(sim.port, 'state', [])).toEqual({
      status: 404,
      body: { success: false, message: 'Not found.' },
    });
    expect((await control(sim.port, 'editJob', [job.jobId, { jobName: 'Injected' }])).status).toBe(404);
    expect((await call(sim.port, '/No/Such/Endpoint')).status).toBe(404);
    expect(sim.control.state().jobs[0]!.jobName).toBe(job.jobName);
  });
});

describe('a simulator started with controlRoutes', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3, jobs: 20, customers: 5, controlRoutes: true });
  });
  afterAll(() => sim.close());

  it('serves its control routes to a client that names it by a loopback Host', async () => {
    const answer = await control(sim.port, 'state', []);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, result: { jobs: expect.any(Array) } });
  });

  it('refuses every route, Ascora and control, to any other Host (a DNS-rebinding page), with 421', async () => {
    const job = sim.control.state().jobs[0]!;
    for (const host of ['evil.example', `evil.example:${sim.port}`, `127.0.0.1:${sim.port + 1}`]) {
      expect(await call(sim.port, '/Jobs/Jobs?PageSize=1', { host, headers: { Auth: DEMO_API_KEY } })).toMatchObject({
        status: 421,
        body: { success: false },
      });
      expect((await control(sim.port, 'editJob', [job.jobId, { jobName: 'Injected' }], host)).status).toBe(421);
    }
    // No Host at all: Node's HTTP server already answers 400 before the simulator sees it.
    expect([400, 421]).toContain(
      (await call(sim.port, '/Jobs/Jobs?PageSize=1', { host: null, headers: { Auth: DEMO_API_KEY } })).status,
    );
    expect(sim.control.state().jobs[0]!.jobName).toBe(job.jobName);
  });

  it('accepts 127.0.0.1, localhost and [::1] with its own port', async () => {
    for (const host of [
      `127.0.0.1:${sim.port}`,
      `localhost:${sim.port}`,
      `LOCALHOST:${sim.port}`,
      `[::1]:${sim.port}`,
    ]) {
      expect((await call(sim.port, '/Jobs/Jobs?PageSize=1', { host, headers: { Auth: DEMO_API_KEY } })).status).toBe(
        200,
      );
    }
  });
});

describe("the app's demo workspace simulator", () => {
  let core: Core;
  let dir: string;
  let port: number;
  beforeAll(async () => {
    dir = makeTempDir();
    core = await createCore({ dataDir: dir, secrets: createMemorySecretStore(), demo: { jobs: 30 } });
    const opened = await core.registry.invoke('integration.openDemo', {});
    expect(opened.ok).toBe(true);
    const list = (await core.registry.invoke('integration.list', {})) as {
      ok: true;
      value: { id: number; baseUrl: string }[];
    };
    port = Number(new URL(list.value[0]!.baseUrl).port);
  });
  afterAll(async () => {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has no /__sim/ routes: state and control answer 404', async () => {
    expect((await control(port, 'state', [])).status).toBe(404);
    expect((await call(port, '/__sim/state')).status).toBe(404);
    expect((await control(port, 'setFault', ['*', { kind: 'status', status: 503 }])).status).toBe(404);
  });

  it('refuses a request with a foreign Host', async () => {
    expect((await call(port, '/Customers/Customers', { host: 'evil.example' })).status).toBe(421);
    expect((await call(port, '/__sim/state', { host: `evil.example:${port}`, method: 'POST' })).status).toBe(421);
  });

  it('does not take the well-known demo key: its key is made for this launch', async () => {
    expect((await call(port, '/Customers/Customers', { headers: { Auth: DEMO_API_KEY } })).status).toBe(401);
  });

  it('still serves the Ascora endpoints to the app: a sync succeeds', async () => {
    const list = (await core.registry.invoke('integration.list', {})) as { ok: true; value: { id: number }[] };
    const synced = await core.registry.invoke('sync.now', { integrationId: list.value[0]!.id });
    expect(synced).toMatchObject({ ok: true, value: { status: 'success' } });
    const jobs = await core.registry.invoke('jobs.list', { integrationId: list.value[0]!.id, limit: 5 });
    expect(jobs).toMatchObject({ ok: true, value: { total: 30 } });
  });
});
