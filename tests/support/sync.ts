/** A real mirror, the real simulator over HTTP, the engine between them, and a fake clock. */
import { randomUUID } from 'node:crypto';
import { createHandlers } from '../../main/core/app';
import { createAscoraClient } from '../../main/core/ascora/client';
import type { Clock } from '../../main/core/clock';
import { createRegistry, type Registry } from '../../main/core/ipc/registry';
import { createIntegrationService } from '../../main/core/services/integrations';
import { createScheduler } from '../../main/core/sync/schedule';
import { ascoraCustomers, ascoraJobs } from '../../main/core/db/schema';
import { createSyncEngine } from '../../main/core/sync/engine';
import { officeTimeZone } from '../../main/core/services/settings';
import { enqueue } from '../../main/core/sync/queue';
import type { ChannelName, InputOf } from '../../shared/contract';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../sim/server';
import { createFakeClock, createTestCore, type TestCore } from './core';
import { insertIntegration } from './db';

export interface SyncWorld {
  core: TestCore;
  sim: RunningSimulator;
  engine: ReturnType<typeof createSyncEngine>;
  integrationId: number;
  clock: ReturnType<typeof createFakeClock>;
  apiKey: { value: string };
  close(): Promise<void>;
}

export async function createSyncWorld(simOptions: SimulatorOptions = {}, pageSize = 100): Promise<SyncWorld> {
  const clock = createFakeClock(Date.now());
  const core = createTestCore({ clock });
  // Ascora's clock is the test's: a job created "on day 0" is still dated day 0 when looked up on day 2.
  const sim = await startSimulator({
    port: 0,
    seed: 5,
    jobs: 300,
    customers: 60,
    invoices: 50,
    now: () => clock.now(),
    ...simOptions,
  });
  const { integrationId, apiKey, engine } = connectToSimulator(core, sim, clock, pageSize);
  return {
    core,
    sim,
    engine,
    integrationId,
    clock,
    apiKey,
    close: async () => {
      await sim.close();
      core.close();
    },
  };
}

/**
 * A connection of `core` to the simulated Ascora account, and its engine: what one desktop has.
 * Requests go over real HTTP with this computer's `clock`; retries are few and their jitter fixed.
 */
export function connectToSimulator(core: TestCore, sim: RunningSimulator, clock: Clock, pageSize = 100) {
  const integrationId = insertIntegration(core.sqlite, { displayName: 'Test office', baseUrl: sim.url });
  const apiKey = { value: sim.apiKey };
  const engine = createSyncEngine(core, {
    getClient: async () =>
      createAscoraClient({
        baseUrl: sim.url,
        apiKey: apiKey.value,
        clock,
        random: () => 0.5,
        retry: { maxAttempts: 3 },
      }),
    pageSize,
    officeTimeZone: () => officeTimeZone(core.db),
  });
  return { integrationId, apiKey, engine };
}

/** Every channel's real handler over the world's mirror, syncing through the world's engine. */
export function createWorldRegistry(world: SyncWorld): Registry {
  const { core, engine } = world;
  return createRegistry(
    createHandlers(core, {
      integrations: createIntegrationService(core),
      engine,
      scheduler: createScheduler(core, engine),
    }),
    { logger: core.logger },
  );
}

/**
 * A caller of the registry for tests that expect each call to succeed: the channel's value (typed
 * by the caller), or the test fails with the error's code and message.
 */
export function okCaller(registry: Registry) {
  return async <C extends ChannelName>(channel: C, input: InputOf<C>): Promise<never> => {
    const result = await registry.invoke(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };
}

/** A customer and a job made offline from a report, queued as the services queue them. */
export function createOfflineCustomerAndJob(world: SyncWorld, overrides: { firstName?: string; email?: string } = {}) {
  const { core, integrationId } = world;
  const reportId = randomUUID();
  return core.db.transaction((tx) => {
    const customer = tx
      .insert(ascoraCustomers)
      .values({
        integrationId,
        customerName: `${overrides.firstName ?? 'Priya'} Raman`,
        contactFirstName: overrides.firstName ?? 'Priya',
        contactLastName: 'Raman',
        emailAddress: overrides.email ?? `priya.${reportId.slice(0, 8)}@example.com.au`,
        phoneNumber: '0412 345 678',
        streetLine1: '14 Harris Street',
        streetSuburb: 'Parramatta',
        streetState: 'NSW',
        streetPostcode: '2150',
        streetCountry: 'Australia',
        syncState: 'pending',
      })
      .returning()
      .get();
    const customerItem = enqueue(tx, {
      integrationId,
      kind: 'create_customer',
      recordId: customer.id,
      marker: customer.emailAddress,
    });
    const marker = `[RA:${reportId}]`;
    const job = tx
      .insert(ascoraJobs)
      .values({
        integrationId,
        jobName: 'Water damage – 14 Harris Street, Parramatta',
        jobDescription: `Burst flexi hose under kitchen sink.\n${marker}`,
        pricingMethod: 'FIXED-PRICE',
        totalExTaxCents: 305700,
        totalIncTaxCents: 336270,
        clientOrderNumber: 'NRMA-CLM-4471902',
        addressLine1: '14 Harris Street',
        suburb: 'Parramatta',
        state: 'NSW',
        postcode: '2150',
        country: 'Australia',
        siteCustomerLocalId: customer.id,
        siteCustomerName: customer.customerName,
        syncState: 'pending',
        dateCreated: new Date(world.clock.now()).toISOString(),
      })
      .returning()
      .get();
    // reports rows are optional for the engine; the marker carries the report id.
    tx.run(`UPDATE ascora_jobs SET report_id = NULL WHERE id = ${job.id}`);
    const jobItem = enqueue(tx, {
      integrationId,
      kind: 'create_job',
      recordId: job.id,
      dependsOn: customerItem,
      marker,
    });
    return { customer, job, customerItem, jobItem, marker, reportId };
  });
}

export const rows = <T>(world: SyncWorld, sql: string, ...params: unknown[]) =>
  world.core.sqlite.prepare(sql).all(...params) as T[];
export const one = <T>(world: SyncWorld, sql: string, ...params: unknown[]) =>
  world.core.sqlite.prepare(sql).get(...params) as T;
