/**
 * Ascora's answers are bounded (issue 22): an answer larger than the cap is cut off, and a call that
 * has not finished by its deadline is ended, however steadily its bytes trickle in. Both are a
 * failed call the sync retries and logs, never a "working connection" nor a crash.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAscoraClient, type AscoraClientOptions } from '../../main/core/ascora/client';
import { AscoraError } from '../../main/core/ascora/errors';
import { createLogger } from '../../main/core/log';
import { createSyncEngine } from '../../main/core/sync/engine';
import { createSyncWorld, type SyncWorld } from '../support/sync';
import { createFakeClock } from '../support/core';

let world: SyncWorld;
beforeAll(async () => {
  world = await createSyncWorld({ jobs: 40, customers: 10, invoices: 5 });
});
afterAll(() => world.close());
beforeEach(() => {
  world.sim.control.clearFaults();
  world.sim.control.resetRequestLog();
});

const client = (options: Partial<AscoraClientOptions> = {}) =>
  createAscoraClient({
    baseUrl: world.sim.url,
    apiKey: world.sim.apiKey,
    clock: createFakeClock(),
    random: () => 0.5,
    retry: { maxAttempts: 2 },
    ...options,
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe("a bound on Ascora's answers", () => {
  it('an answer over the size cap fails "Test connection" instead of being read whole', async () => {
    // A valid JSON answer (padded with whitespace) four times the cap.
    world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'oversizeBody', bytes: 256 * 1024 });
    const error = await failure(client({ maxAnswerBytes: 64 * 1024 }).testConnection());

    expect(error).toBeInstanceOf(AscoraError);
    expect((error as AscoraError).kind).toBe('retryable');
    expect((error as AscoraError).message).toBe(
      "Ascora's answer was larger than 64 KB, more than any real page; it was cut off.",
    );
    // Asked once: again at once would only bring the same answer (the sync's next run tries again).
    expect(world.sim.control.requestLog().filter((r) => r.path.startsWith('/Jobs/Jobs'))).toHaveLength(1);
    // The same answer under the cap is read.
    const roomy = await client({ maxAnswerBytes: 1024 * 1024 }).testConnection();
    expect(roomy.jobCount).toBe(40);
  });

  it('a body trickled a byte at a time ends at the call deadline', async () => {
    // Each byte 40 ms apart: the stall guard never fires, and the whole page would take minutes.
    world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'trickleBody', intervalMs: 40 });
    const error = await failure(client({ callDeadlineMs: 600 }).listJobs({ page: 1, pageSize: 20 }));
    expect(error).toBeInstanceOf(AscoraError);
    expect((error as AscoraError).kind).toBe('retryable');
    expect((error as AscoraError).message).toBe("Ascora's answer did not arrive in full within 0.6 s.");
    // Ascora did answer (its head came): a slow answer, not "offline".
    expect((error as AscoraError).status).toBe(200);
    // Not asked again at once, which would hold the page for another deadline.
    expect(world.sim.control.requestLog().filter((r) => r.path.startsWith('/Jobs/Jobs'))).toHaveLength(1);
  });

  it('the invoices to send, read as they stream in, are bounded the same way', async () => {
    // GetInvoicesToSend is read chunk by chunk (JsonArrayText), not as one text: the same cap and deadline.
    const route = 'GET /Accounting/GetInvoicesToSend';
    world.sim.control.setFault(route, { kind: 'oversizeBody', bytes: 256 * 1024 });
    const tooLarge = await failure(client({ maxAnswerBytes: 64 * 1024 }).invoicesToSend('2100-01-01'));
    expect((tooLarge as AscoraError).kind).toBe('retryable');
    expect((tooLarge as AscoraError).message).toBe(
      "Ascora's answer was larger than 64 KB, more than any real page; it was cut off.",
    );

    world.sim.control.setFault(route, { kind: 'trickleBody', intervalMs: 40 });
    const tooSlow = await failure(client({ callDeadlineMs: 600 }).invoicesToSend('2100-01-01'));
    expect((tooSlow as AscoraError).message).toBe("Ascora's answer did not arrive in full within 0.6 s.");
    expect((tooSlow as AscoraError).status).toBe(200);

    // Without the faults the same call reads the list.
    world.sim.control.clearFaults();
    expect((await client().invoicesToSend('2100-01-01')).total).toBe(5);
  });

  it('a create that ran out of time may have been applied: its outcome is unknown', async () => {
    world.sim.control.setFault('POST /Customers/Customer', { kind: 'trickleBody', intervalMs: 40 });
    const error = await failure(
      client({ callDeadlineMs: 600 }).saveCustomer({ firstName: 'Trickle', lastName: 'Test' } as never),
    );
    expect((error as AscoraError).kind).toBe('unknown_outcome');
  });

  it('the sync counts an oversized page as a failed run, logs why, and the next run succeeds', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = createLogger((line) => logged.push(JSON.parse(line) as Record<string, unknown>));
    const engine = createSyncEngine(
      { ...world.core, logger },
      { getClient: async () => client({ maxAnswerBytes: 64 * 1024 }), pageSize: 20 },
    );
    world.sim.control.setFault('GET /Jobs/Jobs', { kind: 'oversizeBody', bytes: 256 * 1024, skip: 1 });
    const failed = await engine.syncNow(world.integrationId, { entities: ['jobs'] });
    expect(failed.status).toBe('failed');
    expect(failed.message).toBe(
      "Ascora had a problem: Ascora's answer was larger than 64 KB, more than any real page; it was cut off. The sync will try again.",
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'sync run failed',
        cause: "Ascora's answer was larger than 64 KB, more than any real page; it was cut off.",
      }),
    );

    world.sim.control.clearFaults();
    const resumed = await engine.syncNow(world.integrationId, { entities: ['jobs'] });
    expect(resumed.status).toBe('success');
  });
});
