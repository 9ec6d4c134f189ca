import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../main/core/ascora/backoff';
import { createAscoraClient } from '../../main/core/ascora/client';
import { AscoraError } from '../../main/core/ascora/errors';
import { createLogger } from '../../main/core/log';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';
import { createFakeClock } from '../support/core';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 21, jobs: 130, customers: 30, invoices: 25 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.clearFaults();
  sim.control.resetRequestLog();
});

const client = (clock = createFakeClock(), apiKey = DEMO_API_KEY) =>
  createAscoraClient({ baseUrl: sim.url, apiKey, clock, random: () => 0.5 });

describe('the Ascora client', () => {
  it('pages through every job once and validates each record', async () => {
    const c = client();
    const ids = new Set<string>();
    const first = await c.listJobs({ page: 1, pageSize: 50 });
    for (let page = 1; page <= first.totalPages; page++) {
      for (const r of (await c.listJobs({ page, pageSize: 50 })).records) ids.add(r.value.jobId);
    }
    expect(first.totalRecords).toBe(130);
    expect(ids.size).toBe(130);
  });

  it('keeps the fields Ascora sends that the app does not know in the raw record', async () => {
    const job = sim.control.state().jobs[0]!;
    sim.control.editJob(job.jobId, { brandNewField: 'kept' } as never);
    const page = await client().listJobs({ page: 1, pageSize: 5 });
    expect(page.records[0]!.raw).toMatchObject({ brandNewField: 'kept' });
  });

  it('isolates a record Ascora sent wrong and returns the rest of the page', async () => {
    const [bad] = sim.control.state().jobs;
    sim.control.editJob(bad!.jobId, { jobStatus: 'seven' as never, totalExTax: 'lots' as never });
    const page = await client().listJobs({ page: 1, pageSize: 10 });
    expect(page.records).toHaveLength(9);
    expect(page.invalid).toEqual([
      { index: 0, id: bad!.jobId, problems: expect.arrayContaining([expect.stringContaining('jobStatus')]) },
    ]);
    sim.control.editJob(bad!.jobId, { jobStatus: 0, totalExTax: 100 });
  });

  it("validates a page's records when they are first read: a page fetched ahead waits as Ascora sent it", async () => {
    const [bad] = sim.control.state().jobs;
    sim.control.editJob(bad!.jobId, { jobStatus: 'seven' as never });
    const warnings: unknown[] = [];
    const logger = createLogger((line) => {
      const entry = JSON.parse(line) as { level: string; message: string };
      if (entry.level === 'warn') warnings.push(entry.message);
    });
    const page = await createAscoraClient({
      baseUrl: sim.url,
      apiKey: DEMO_API_KEY,
      random: () => 0.5,
      logger,
    }).listJobs({ page: 1, pageSize: 10 });
    sim.control.editJob(bad!.jobId, { jobStatus: 0 });
    // Checked when it came (its totals are read), not yet validated.
    expect(page.totalRecords).toBe(130);
    expect(warnings).toEqual([]);
    // Read later, it is the answer as it came, not as Ascora has it now; validated once.
    expect(page.invalid).toEqual([{ index: 0, id: bad!.jobId, problems: [expect.stringContaining('jobStatus')] }]);
    expect(page.records).toHaveLength(9);
    expect(page.records).toBe(page.records);
    expect(warnings).toEqual(['ascora record isolated']);
  });

  it('waits exactly as long as Retry-After says, then succeeds', async () => {
    const clock = createFakeClock();
    sim.control.setFault('GET /Customers/Customers', { kind: 'rateLimit', retryAfterSeconds: 7, times: 1 });
    const page = await client(clock).listCustomers({ page: 1 });
    expect(page.totalRecords).toBe(30);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('retries repeated 503s on an exponential schedule with jitter, then succeeds', async () => {
    const clock = createFakeClock();
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 503, times: 3 });
    await client(clock).listJobs({ page: 1, pageSize: 1 });
    // random() = 0.5: half of 500, 1000, 2000 ms.
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up after the last attempt with a retryable error', async () => {
    const clock = createFakeClock();
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 502, times: 10 });
    await expect(client(clock).listJobs({ page: 1 })).rejects.toMatchObject({ kind: 'retryable', status: 502 });
    expect(clock.sleeps).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1);
  });

  it('treats a truncated or non-JSON body as retryable', async () => {
    const clock = createFakeClock();
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'truncatedJson', times: 1 });
    await client(clock).listJobs({ page: 1, pageSize: 3 });
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'invalidJson', times: 1 });
    await client(clock).listJobs({ page: 1, pageSize: 3 });
    expect(clock.sleeps).toHaveLength(2);
  });

  it('sorts a 401 as auth, without retrying', async () => {
    const clock = createFakeClock();
    await expect(client(clock, 'not-the-key-123').listJobs({ page: 1 })).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it("sorts a 400 as rejected, carrying Ascora's message", async () => {
    await expect(client().createJob({ siteCustomer: { id: 'no-such-customer' } } as never)).rejects.toMatchObject({
      kind: 'rejected',
      message: 'A valid siteCustomer is required to create a job.',
    });
  });

  it('reports a create whose connection dropped after the write as unknown outcome, and does not resend it', async () => {
    const customer = sim.control.state().customers[0]!;
    const before = sim.control.state().jobs.length;
    sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1 });
    const error = await client()
      .createJob({
        siteCustomer: { id: customer.customerId },
        jobName: 'x',
        jobDescription: 'y\n[RA:test]',
        pricingMethod: 'FIXED-PRICE',
        addressLine1: '',
        suburb: '',
        postcode: '',
        country: 'Australia',
        totalExTax: 1,
        totalIncTax: 1.1,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AscoraError);
    expect((error as AscoraError).kind).toBe('unknown_outcome');
    expect(sim.control.state().jobs.length).toBe(before + 1);
    expect(sim.control.requestLog().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('reads invoices from a bare array, keys in any case, and gives the tax figure when sent', async () => {
    const answer = await client().invoicesToSend('2100-01-01');
    expect(answer.total).toBe(25);
    // Validated a batch at a time, as the pull writes them.
    const first = answer.next(10)!;
    const rest = answer.next(100)!;
    expect(answer.next(10)).toBeNull();
    expect([...first.invalid, ...rest.invalid]).toEqual([]);
    expect([first.records.length, rest.records.length]).toEqual([10, 15]);
    const records = [...first.records, ...rest.records];
    const withTax = records.filter((r) => r.value.tax !== null);
    expect(withTax.length).toBeGreaterThan(0);
    expect(withTax[0]!.value.invoiceDueDate).not.toBeNull();
  });

  it('sends the key in the Auth header and nothing else', async () => {
    let headers: http.IncomingHttpHeaders = {};
    const server = http.createServer((req, res) => {
      headers = req.headers;
      res.end(JSON.stringify({ success: true, results: [], totalPages: 0, totalRecords: 0 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await createAscoraClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'raw-key-value' }).listJobs({ page: 1 });
    server.close();
    expect(headers.auth).toBe('raw-key-value');
    expect(headers.authorization).toBeUndefined();
  });

  it('refuses plain http to anywhere but this computer', () => {
    expect(() => createAscoraClient({ baseUrl: 'http://api.ascora.com.au', apiKey: 'x' })).toThrow(/https/);
    expect(() => createAscoraClient({ baseUrl: 'https://api.ascora.com.au', apiKey: 'x' })).not.toThrow();
  });

  it('has no way to mark invoices or payments as sent (they belong to the accounting link)', () => {
    const dir = path.resolve('main/core');
    const sources = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const file of sources) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/['"`/]Mark(Invoices?|Payments?)(AsSent)?\b/);
    }
  });
});

describe('backoff', () => {
  it('grows exponentially, is capped, and is jittered below the ceiling', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 24, 10, 0, 0);
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
