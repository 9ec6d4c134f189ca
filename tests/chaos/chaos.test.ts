/**
 * Chaos runs in the normal test run (issue 7, item 1): a fixed set of seeds, the scenarios that
 * once found real bugs, and proof that the model check fails when the world is wrong. Many more
 * seeds: `npx tsx tests/chaos/cli.ts --seeds 200` (docs/reliability.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncWorld, createWorldRegistry, one, type SyncWorld } from '../support/sync';
import { checkSettledWorld, emptyModel, type Model } from './model';
import { runScenario } from './runner';
import { generateScenario, parseScenario } from './scenario';

/** Enough to cover every kind of step and fault in a few seconds; CHAOS_SEEDS=n runs more here. */
const SEEDS = Array.from({ length: Number(process.env.CHAOS_SEEDS ?? 16) }, (_, i) => 9001 + i);
const here = path.dirname(fileURLToPath(import.meta.url));
const REGRESSIONS = fs.readdirSync(path.join(here, 'scenarios')).filter((f) => f.endsWith('.json'));

describe('seeded chaos: offline edits, another Ascora user and faults on every route, then the sync settles', () => {
  it.each(SEEDS)('seed %i agrees with the model', async (seed) => {
    const result = await runScenario(generateScenario(seed));
    expect(result.violations).toEqual([]);
    expect(result.stats.syncRuns).toBeGreaterThan(3);
  });

  it('covers every kind of step and fault across the fixed seeds', () => {
    const steps = SEEDS.flatMap((seed) => generateScenario(seed).steps);
    const ops = new Set(steps.map((s) => s.op));
    const faults = new Set(steps.flatMap((s) => (s.op === 'fault' ? [s.fault.kind] : [])));
    expect([...ops].sort()).toEqual(
      [
        'addPaymentMethodLocally',
        'advanceClock',
        'clearFaults',
        'createCustomer',
        'editCustomer',
        'fault',
        'jobFromReport',
        'localStatus',
        'offline',
        'recordPayment',
        'remoteAddCustomer',
        'remoteAddInvoice',
        'remoteAddJob',
        'remoteDeleteCustomer',
        'remoteDeleteJob',
        'remoteEditCustomer',
        'remoteEditJob',
        'remoteExportInvoice',
        'resolveConflicts',
        'sync',
      ].sort(),
    );
    expect([...faults].sort()).toEqual([
      'dropAfterCommit',
      'dropBeforeCommit',
      'invalidJson',
      'latency',
      'rateLimit',
      'status',
      'statusAfterCommit',
      'truncatedJson',
      'unreadableRecord',
    ]);
  });
});

describe('scenarios that found bugs (tests/chaos/scenarios) stay fixed', () => {
  it.each(REGRESSIONS)('%s', async (file) => {
    const result = await runScenario(parseScenario(fs.readFileSync(path.join(here, 'scenarios', file), 'utf8')));
    expect(result.violations).toEqual([]);
  });
});

describe('the model check fails when the world is wrong', () => {
  let world: SyncWorld;
  let model: Model;
  const check = () =>
    checkSettledWorld(world.core.sqlite, world.sim.control.state(), model, {
      paymentsConfirmed: true,
      tenantPaymentMethods: ['EFT'],
    });

  beforeEach(async () => {
    world = await createSyncWorld({ jobs: 12, customers: 5, invoices: 2 }, 10);
    model = emptyModel();
    const registry = createWorldRegistry(world);
    const created = await registry.invoke('customers.create', {
      integrationId: world.integrationId,
      fields: {
        contactFirstName: 'Mia',
        contactLastName: 'Khan',
        emailAddress: 'chaos.check@example.com.au',
        streetLine1: '3 Check Street',
        streetPostcode: '2150',
      },
    });
    const localId = (created as { value: { id: number } }).value.id;
    model.customerCreates.push({ localId, emails: new Set(['chaos.check@example.com.au']) });
    model.customerIntents.set(localId, new Map([['phoneNumber', '']]));
    await world.engine.syncNow(world.integrationId);
    await world.engine.syncNow(world.integrationId);
    await world.engine.syncNow(world.integrationId);
  });
  afterEach(() => world.close());

  it('passes the settled world as it is', () => {
    expect(check()).toEqual([]);
  });

  it('sees a create that reached Ascora twice', () => {
    world.sim.control.addCustomer({
      contactFirstName: 'Mia',
      contactLastName: 'Khan',
      emailAddress: 'chaos.check@example.com.au',
    });
    expect(check()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^duplicate create: customer #\d+ .* 2 times/)]),
    );
  });

  it('sees an edit made here that Ascora does not have', () => {
    const { ascora_customer_id: id } = one<{ ascora_customer_id: string }>(
      world,
      "SELECT ascora_customer_id FROM ascora_customers WHERE email_address = 'chaos.check@example.com.au'",
    );
    world.sim.control.editCustomer(id, { phoneNumber: '02 9000 0000' });
    expect(check()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^lost edit: .*phoneNumber/),
        expect.stringMatching(/^stale mirror: customer/),
      ]),
    );
  });

  it('sees a mirror row that differs from Ascora, and a deletion never marked', () => {
    const [first, second] = world.sim.control.state().jobs;
    world.sim.control.editJob(first!.jobId, { jobName: 'Changed behind the mirror' });
    world.sim.control.deleteJob(second!.jobId);
    expect(check()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stale mirror: job .*jobName/),
        expect.stringMatching(/^missed deletion: job/),
      ]),
    );
  });

  it('sees a change left in the outbox', () => {
    world.core.sqlite.prepare("UPDATE outbox SET state = 'pending'").run();
    expect(check()).toEqual(expect.arrayContaining([expect.stringMatching(/^unsettled: outbox/)]));
  });
});
