/**
 * Case 5: 1,000 jobs created offline, naming 200 customers also created offline, pushed against a
 * simulator that answers each request after 20 ms. Measured twice on the same mirror, each time
 * with a fresh batch: one by one (the engine's own steps, the recent window of jobs read first and
 * then the push, with a limiter of one request in flight), then as the engine runs it (requests
 * in flight where the dependencies allow).
 */
import { randomUUID } from 'node:crypto';
import { createAscoraClient } from '../../main/core/ascora/client';
import { createAdaptiveLimiter } from '../../main/core/ascora/limiter';
import { systemClock } from '../../main/core/clock';
import { ascoraCustomers, ascoraJobs } from '../../main/core/db/schema';
import { silentLogger } from '../../main/core/log';
import { enqueue } from '../../main/core/sync/queue';
import { pullJobs } from '../../main/core/sync/pull';
import { pushOutbox, type PushResult } from '../../main/core/sync/push';
import { systemTimeZone } from '../../shared/time';
import { simControl, type SimEndpoint } from '../lib/sim-control';
import { PAGE_SIZE } from '../lib/sizes';
import { openWorld, type World } from '../lib/world';

export const PUSH_JOBS = 1000;
export const PUSH_CUSTOMERS = 200;
export const PUSH_LATENCY_MS = 20;

export interface PushRun {
  durationMs: number;
  pushed: number;
  failed: number;
  deferred: number;
}

export interface PushCaseResult {
  oneByOne: PushRun;
  engine: PushRun;
  ratio: number;
  latencyMs: number;
}

const SUBURBS = [
  ['Parramatta', 'NSW', '2150'],
  ['Fremantle', 'WA', '6160'],
  ['Toowong', 'QLD', '4066'],
  ['Glenelg', 'SA', '5045'],
  ['Carlton', 'VIC', '3053'],
] as const;

/** Customers and their jobs saved offline, queued as the services queue them (outbox, same transaction). */
function createOfflineBatch(world: World, batch: string): void {
  const { ctx, integrationId } = world;
  ctx.db.transaction((tx) => {
    const customers: { id: number; name: string; item: number }[] = [];
    for (let c = 0; c < PUSH_CUSTOMERS; c++) {
      const [suburb, state, postcode] = SUBURBS[c % SUBURBS.length]!;
      const email = `bench.${batch}.${c}@example.com.au`;
      const row = tx
        .insert(ascoraCustomers)
        .values({
          integrationId,
          customerName: `Bench ${batch} Customer ${c}`,
          contactFirstName: 'Bench',
          contactLastName: `Customer ${c}`,
          emailAddress: email,
          phoneNumber: '0412 345 678',
          streetLine1: `${c + 1} Harris Street`,
          streetSuburb: suburb,
          streetState: state,
          streetPostcode: postcode,
          streetCountry: 'Australia',
          syncState: 'pending',
        })
        .returning({ id: ascoraCustomers.id, name: ascoraCustomers.customerName })
        .get();
      customers.push({
        ...row,
        item: enqueue(tx, { integrationId, kind: 'create_customer', recordId: row.id, marker: email }),
      });
    }
    for (let j = 0; j < PUSH_JOBS; j++) {
      const customer = customers[j % PUSH_CUSTOMERS]!;
      const [suburb, state, postcode] = SUBURBS[j % SUBURBS.length]!;
      const marker = `[RA:${randomUUID()}]`;
      const job = tx
        .insert(ascoraJobs)
        .values({
          integrationId,
          jobName: `Water damage – ${j + 1} Harris Street, ${suburb}`,
          jobDescription: `Burst flexi hose under kitchen sink.\n${marker}`,
          pricingMethod: 'FIXED-PRICE',
          totalExTaxCents: 305700,
          totalIncTaxCents: 336270,
          addressLine1: `${j + 1} Harris Street`,
          suburb,
          state,
          postcode,
          country: 'Australia',
          siteCustomerLocalId: customer.id,
          siteCustomerName: customer.name,
          syncState: 'pending',
          dateCreated: new Date().toISOString(),
        })
        .returning({ id: ascoraJobs.id })
        .get();
      enqueue(tx, { integrationId, kind: 'create_job', recordId: job.id, dependsOn: customer.item, marker });
    }
  });
}

const summarise = (result: PushResult, durationMs: number): PushRun => ({
  durationMs,
  pushed: result.pushed,
  failed: result.failed,
  deferred: result.deferred,
});

export async function runPushCase(
  sim: SimEndpoint,
  dataDir: string,
  migrationsFolder: string,
): Promise<PushCaseResult> {
  const world = openWorld(dataDir, sim, PAGE_SIZE, migrationsFolder);
  await simControl(sim, 'setLatency', PUSH_LATENCY_MS);
  try {
    // One by one: the same push code, one request in flight at a time.
    createOfflineBatch(world, 'a');
    const client = createAscoraClient({
      baseUrl: sim.url,
      apiKey: sim.apiKey,
      clock: systemClock,
      logger: silentLogger,
    });
    let t0 = performance.now();
    const oneAtATime = createAdaptiveLimiter({ initial: 1, max: 1 });
    // As engine.ts does before pushing job creates: the jobs other desktops made, into the mirror.
    await pullJobs({
      ctx: world.ctx,
      client,
      integrationId: world.integrationId,
      runId: randomUUID(),
      timeZone: systemTimeZone(),
      ascoraNow: () => Date.now(),
      pageSize: PAGE_SIZE,
      limiter: oneAtATime,
      kind: 'incremental',
    });
    const sequential = await pushOutbox({
      ctx: world.ctx,
      client,
      integrationId: world.integrationId,
      runId: randomUUID(),
      limiter: oneAtATime,
      timeZone: systemTimeZone(),
      ascoraNow: () => Date.now(),
      ignoreBackoff: true,
      recentJobsPulled: true,
    });
    const oneByOne = summarise(sequential, performance.now() - t0);

    // As the engine does it: a push-only run (no pull), with its adaptive limiter.
    createOfflineBatch(world, 'b');
    t0 = performance.now();
    const run = await world.engine.syncNow(world.integrationId, { entities: [] });
    const engine: PushRun = { durationMs: performance.now() - t0, pushed: run.pushed, failed: run.failed, deferred: 0 };
    return { oneByOne, engine, ratio: engine.durationMs / oneByOne.durationMs, latencyMs: PUSH_LATENCY_MS };
  } finally {
    await simControl(sim, 'setLatency', 0);
    world.close();
  }
}
