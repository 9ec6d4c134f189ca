/**
 * The simulator's Ascora-like network (sim/network.ts, docs/network-model.md), over real HTTP on
 * 127.0.0.1. Times are checked as lower bounds the model must add (with a few ms for timer
 * rounding), never as speed targets; the overlap test's upper bound is one a server that served
 * requests one at a time could not meet, with a wide margin for a loaded machine.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ASCORA_NETWORK } from '../../sim/network';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, jobs: 400, customers: 50, invoices: 10 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.setNetwork(null);
});

/** Node's timers may fire up to a millisecond early against performance.now(), once per sleep. */
const TIMER_SLACK_MS = 5;
const QUIET = { handshakeRoundTrips: 0, serverMs: 0, perRecordMs: 0, roundTripMs: 0, bytesPerSecond: null };

interface Timed {
  status: number;
  body: string;
  ms: number;
  /** When each piece of the body arrived, ms after the request was sent. */
  arrivals: number[];
}

/** A GET on a connection of its own (agent: false), timed from sending to the body's end. */
function timedGet(path: string): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${sim.url}${path}`, { agent: false, headers: { Auth: DEMO_API_KEY } }, (res) => {
      const chunks: Buffer[] = [];
      const arrivals: number[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        arrivals.push(performance.now() - started);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
          arrivals,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('the network model', () => {
  it('makes a page of N records take at least a round trip, Ascora’s time and N times the per-record time', async () => {
    const model = sim.control.setNetwork({ ...QUIET, roundTripMs: 30, serverMs: 50, perRecordMs: 1 })!;
    const page = await timedGet('/Jobs/Jobs?Page=1&PageSize=300');
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body).results).toHaveLength(300);
    // Without the per-record part the floor would be 80 ms; with it, 380 ms.
    expect(page.ms).toBeGreaterThanOrEqual(
      model.roundTripMs + model.serverMs + 300 * model.perRecordMs - TIMER_SLACK_MS,
    );
  });

  it('charges a new connection its handshakes before its first request', async () => {
    sim.control.setNetwork({ ...QUIET, roundTripMs: 40, handshakeRoundTrips: 2 });
    const first = await timedGet('/Jobs/Jobs?Page=1&PageSize=1');
    expect(first.status).toBe(200);
    expect(first.ms).toBeGreaterThanOrEqual(3 * 40 - TIMER_SLACK_MS);
  });

  it('delays errors too: every answer pays the round trip and Ascora’s time', async () => {
    sim.control.setNetwork({ ...QUIET, roundTripMs: 60, serverMs: 90 });
    const unknownPath = await timedGet('/Jobs/Nowhere');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.ms).toBeGreaterThanOrEqual(150 - TIMER_SLACK_MS);
  });

  it('serves requests concurrently: two at once finish before one after the other could', async () => {
    // Long delays, so that a loaded machine's own slowness (a few hundred ms) cannot pass for the
    // model's: served one at a time, the two could not finish before 2 x 1,500 ms.
    sim.control.setNetwork({ ...QUIET, roundTripMs: 500, serverMs: 1000 });
    const one = 1500;
    const started = performance.now();
    const both = await Promise.all([
      timedGet('/Jobs/Jobs?Page=1&PageSize=5'),
      timedGet('/Customers/Customers?Page=1&PageSize=5'),
    ]);
    const total = performance.now() - started;
    for (const answer of both) expect(answer.ms).toBeGreaterThanOrEqual(one - TIMER_SLACK_MS);
    expect(total).toBeLessThan(2 * one - TIMER_SLACK_MS);
  });

  it('spreads a large body over time at the link’s speed', async () => {
    const bytesPerSecond = 400_000;
    sim.control.setNetwork({ ...QUIET, bytesPerSecond });
    const page = await timedGet('/Jobs/Jobs?Page=1&PageSize=200');
    const bytes = Buffer.byteLength(page.body);
    expect(bytes).toBeGreaterThan(100_000);
    const wholeBodyMs = (bytes / bytesPerSecond) * 1000;
    expect(page.ms).toBeGreaterThanOrEqual(wholeBodyMs - TIMER_SLACK_MS);
    // Not one late burst: pieces keep arriving over (nearly) the whole time the body takes.
    const slice = bytesPerSecond / 100;
    expect(page.arrivals.length).toBeGreaterThan(10);
    expect(page.arrivals.at(-1)! - page.arrivals[0]!).toBeGreaterThanOrEqual(
      ((bytes - 2 * slice) / bytesPerSecond) * 1000 - TIMER_SLACK_MS,
    );
    expect(JSON.parse(page.body).results).toHaveLength(200);
  });

  it('shares one link between answers in flight, unless told the cap is per answer', async () => {
    const bytesPerSecond = 800_000;
    sim.control.setNetwork({ ...QUIET, bytesPerSecond });
    const started = performance.now();
    const pages = await Promise.all([
      timedGet('/Jobs/Jobs?Page=1&PageSize=200'),
      timedGet('/Jobs/Jobs?Page=2&PageSize=200'),
    ]);
    const shared = performance.now() - started;
    const bytes = pages.reduce((sum, p) => sum + Buffer.byteLength(p.body), 0);
    expect(shared).toBeGreaterThanOrEqual((bytes / bytesPerSecond) * 1000 - TIMER_SLACK_MS);

    sim.control.setNetwork({ ...QUIET, bytesPerSecond, sharedLink: false });
    const alone = await Promise.all([
      timedGet('/Jobs/Jobs?Page=1&PageSize=200'),
      timedGet('/Jobs/Jobs?Page=2&PageSize=200'),
    ]);
    for (const page of alone)
      expect(page.ms).toBeGreaterThanOrEqual((Buffer.byteLength(page.body) / bytesPerSecond) * 1000 - TIMER_SLACK_MS);
  });
});

describe('switching the network model', () => {
  it('fills in the defaults for the fields left out, and refuses nonsense', () => {
    expect(sim.control.setNetwork({ roundTripMs: 15 })).toEqual({ ...ASCORA_NETWORK, roundTripMs: 15 });
    expect(sim.control.setNetwork({})).toEqual(ASCORA_NETWORK);
    expect(sim.control.setNetwork(null)).toBeNull();
    expect(() => sim.control.setNetwork({ serverMs: -1 })).toThrow(/serverMs/);
    expect(() => sim.control.setNetwork({ bytesPerSecond: 0 })).toThrow(/bytesPerSecond/);
  });

  it('starts with the model given in the options, and is switched over HTTP by tests in another process', async () => {
    const slow = await startSimulator({
      port: 0,
      seed: 31,
      jobs: 5,
      controlRoutes: true,
      network: { ...QUIET, serverMs: 120 },
    });
    try {
      const get = () => fetch(`${slow.url}/Jobs/Jobs?PageSize=1`, { headers: { Auth: DEMO_API_KEY } });
      let started = performance.now();
      expect((await get()).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(120 - TIMER_SLACK_MS);

      const res = await fetch(`${slow.url}/__sim/setNetwork`, {
        method: 'POST',
        headers: { 'X-Sim-Control': '1' },
        body: JSON.stringify([{ ...QUIET, roundTripMs: 200 }]),
      });
      expect(await res.json()).toEqual({ ok: true, result: { ...QUIET, roundTripMs: 200, sharedLink: true } });
      started = performance.now();
      expect((await get()).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(200 - TIMER_SLACK_MS);
    } finally {
      await slow.close();
    }
  });
});
