/**
 * Issue 7, item 3: every contract channel fuzzed against the real services over a synced mirror
 * (tests/ipc/registry.test.ts does the same against stand-in handlers). Malformed input gives
 * VALIDATION and changes nothing; input that is valid or nearly so never crashes (no INTERNAL),
 * and a call that fails changes nothing either. FUZZ_RUNS cases per channel and kind.
 *
 * The registry checks every answer against the channel's output schema here (as in development),
 * and answers INTERNAL when one does not match: so every answer below is checked too. A channel
 * the contract calls a query writes nothing and tells of no change (issue 21).
 *
 * The channels that call Ascora over the network by design (integration.test, .connect,
 * .replaceKey, .openDemo) get the malformed inputs only: their valid path is tested in tests/services.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, QUERY_CHANNELS, type ChannelName } from '../../shared/contract';
import type { Registry } from '../../main/core/ipc/registry';
import { tableChecksum } from '../support/db';
import { FUZZ_RUNS, malformedInputs, nearValidInputs } from '../support/fuzz';
import { createSyncWorld, createWorldRegistry, one, type SyncWorld } from '../support/sync';

const NETWORK_CHANNELS: ChannelName[] = [
  'integration.test',
  'integration.connect',
  'integration.replaceKey',
  'integration.openDemo',
];
/** Last, because a valid call wipes the mirror the other channels work on. */
const DESTRUCTIVE: ChannelName[] = ['integration.disconnect'];

let world: SyncWorld;
let registry: Registry;
let examples: Partial<Record<ChannelName, unknown>>;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 30, customers: 8, invoices: 6 }, 25);
  registry = createWorldRegistry(world);
  await world.engine.syncNow(world.integrationId);
  const integrationId = world.integrationId;
  const reportId = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
  const report = {
    report_id: reportId,
    property_address: '14 Harris Street, Parramatta NSW 2150',
    damage_type: 'water',
    state: 'NSW',
    client_name: 'Priya Raman',
    total_cost: 3057,
    severity: 'Moderate',
    itemized_estimate: [
      {
        description: 'Dehumidifier hire',
        quantity: 5,
        unit: 'day',
        unitCost: 88,
        totalCost: 440,
        category: 'equipment',
      },
    ],
  };
  expect((await registry.invoke('reports.create', { report })).ok).toBe(true);
  const jobId = one<{ id: number }>(world, 'SELECT id FROM ascora_jobs ORDER BY id LIMIT 1').id;
  const customerId = one<{ id: number }>(world, 'SELECT id FROM ascora_customers ORDER BY id LIMIT 1').id;
  const invoiceId = one<{ id: number }>(world, 'SELECT id FROM ascora_invoices ORDER BY id LIMIT 1').id;
  const paid = await registry.invoke('invoices.recordPayment', {
    invoiceId,
    amountCents: 100,
    paymentDate: '2026-11-24',
    paymentMethod: 'EFT',
  });
  const paymentId = (paid as { value: { id: number } }).value.id;
  const noted = await registry.invoke('jobs.addNote', { jobId, text: 'A note to change.' });
  const noteId = (noted as { value: { id: number } }).value.id;
  const attached = await registry.invoke('jobs.addAttachment', {
    jobId,
    fileName: 'a.txt',
    contentBase64: Buffer.from('text').toString('base64'),
  });
  const attachmentId = (attached as { value: { id: number } }).value.id;
  const fields = {
    contactFirstName: 'Priya',
    contactLastName: 'Raman',
    emailAddress: 'priya@example.com.au',
    phoneNumber: '02 9876 5432',
    streetLine1: '14 Harris Street',
    streetSuburb: 'Parramatta',
    streetState: 'NSW',
    streetPostcode: '2150',
  };
  examples = {
    'integration.list': {},
    'integration.status': { integrationId },
    'integration.test': { apiKey: 'a-key-of-some-length', baseUrl: 'https://api.ascora.com.au' },
    'integration.connect': {
      apiKey: 'a-key-of-some-length',
      baseUrl: 'https://api.ascora.com.au',
      displayName: 'Office',
    },
    'integration.replaceKey': { integrationId, apiKey: 'a-key-of-some-length' },
    'integration.openDemo': {},
    'integration.disconnect': { integrationId, wipeMirror: true, confirmName: 'Test office' },
    'sync.now': { integrationId, entities: ['invoices'] },
    'sync.status': { integrationId },
    'sync.signal': { reason: 'online' },
    'sync.unsent': { integrationId },
    'sync.localOnly': { integrationId },
    'sync.exportLocalOnly': { integrationId, open: false },
    'sync.toEnter': { integrationId },
    'sync.markEntered': { kind: 'note', id: 1 },
    'sync.retryFailed': { integrationId, outboxIds: [1] },
    'sync.sendParked': { integrationId, outboxId: 1 },
    'sync.heldCandidates': { integrationId, outboxId: 1 },
    'sync.linkHeld': { integrationId, outboxId: 1, ascoraCustomerId: 'a1b2c3' },
    'sync.problems': { integrationId },
    'schedule.get': { integrationId },
    'schedule.start': { integrationId, intervalMinutes: 30 },
    'schedule.stop': { integrationId },
    'dashboard.summary': { integrationId },
    'jobs.list': {
      integrationId,
      search: 'water',
      statusText: 'New',
      customerId,
      createdFrom: '2025-01-01',
      createdTo: '2026-12-31',
      recordState: 'in_ascora',
      lastSync: 'new',
      sort: 'jobName',
      direction: 'asc',
      cursor: null,
      limit: 20,
    },
    'jobs.statuses': { integrationId },
    'jobs.get': { jobId },
    'jobs.updateStatus': { jobId, statusText: 'Drying' },
    'jobs.addNote': { jobId, text: 'Moisture readings taken.' },
    'jobs.editNote': { noteId, text: 'Moisture readings taken twice.' },
    'jobs.deleteNote': { noteId },
    'jobs.readAttachment': { attachmentId },
    'jobs.openAttachment': { attachmentId },
    'jobs.removeAttachment': { attachmentId },
    'jobs.addAttachment': {
      jobId,
      fileName: 'readings.txt',
      mimeType: 'text/plain',
      contentBase64: 'MTIlIGF0IHRoZSBza2lydGluZw==',
    },
    'jobs.previewFromReport': { integrationId, reportId },
    'jobs.createFromReport': {
      integrationId,
      reportId,
      customer: { mode: 'new', fields },
      overrides: { jobName: 'Water damage – 14 Harris Street', pricingMethod: 'FIXED-PRICE' },
    },
    'jobs.batchUpdateStatus': { jobIds: [jobId], statusText: 'Drying' },
    'jobs.restoreStatuses': { jobs: [{ jobId, statusText: null }] },
    'jobs.exportDetails': { ids: [jobId] },
    'jobs.editUnsent': {
      jobId,
      customerId,
      jobName: 'Water damage – kitchen',
      pricingMethod: 'FIXED-PRICE',
      addressLine1: '14 Harris Street',
      suburb: 'Parramatta',
      state: 'NSW',
      postcode: '2150',
      clientOrderNumber: 'NRMA-1',
    },
    'jobs.discardUnsent': { jobId },
    'customers.list': {
      integrationId,
      search: 'a',
      state: 'NSW',
      recordState: 'waiting',
      sort: 'customerName',
      direction: 'asc',
      cursor: null,
      limit: 10,
    },
    'customers.get': { customerId },
    'customers.related': { customerId },
    'customers.create': { integrationId, fields },
    'customers.update': { customerId, fields },
    'customers.discardChange': { customerId },
    'customers.exportDetails': { ids: [customerId] },
    'customers.recreateInAscora': { customerId },
    'records.keepLocalCopy': { entity: 'customer', id: customerId },
    'records.removeLocalCopy': { entity: 'job', id: jobId },
    'invoices.list': {
      integrationId,
      search: 'INV',
      outstandingOnly: true,
      includeExported: false,
      ageing: 'over-90',
      sort: 'remaining',
      direction: 'desc',
      cursor: null,
      limit: 10,
    },
    'invoices.get': { invoiceId },
    'invoices.exportDetails': { ids: [invoiceId] },
    'invoices.recordPayment': {
      invoiceId,
      amountCents: 100,
      paymentDate: '2026-11-24',
      paymentMethod: 'EFT',
      comment: 'Part payment',
    },
    'invoices.confirmPayment': { paymentId, foundInAscora: false },
    'invoices.editPayment': {
      paymentId,
      amountCents: 200,
      paymentDate: '2026-11-24',
      paymentMethod: 'EFT',
      comment: 'Corrected',
      confirmWarnings: true,
    },
    'invoices.withdrawPayment': { paymentId },
    'logs.list': { integrationId, status: 'failed', entity: 'jobs', runId: null, cursor: null, limit: 10 },
    'reports.list': { search: 'Priya' },
    'reports.get': { reportId },
    'reports.create': { report: { ...report, report_id: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' } },
    'reports.update': { report },
    'reports.import': {
      files: [
        {
          fileName: 'report.json',
          contentBase64: Buffer.from(
            JSON.stringify({ ...report, report_id: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4e' }),
          ).toString('base64'),
        },
      ],
    },
    'conflicts.list': { integrationId },
    'conflicts.resolve': { conflictId: 1, choices: { phoneNumber: 'mine' } },
    'settings.get': {},
    'settings.update': {
      paymentMethods: ['EFT', 'Cash'],
      reportTotalsIncludeGst: false,
      closeToTray: true,
      theme: 'dark',
      yourName: 'Priya Shah',
    },
    'settings.logFolder': { open: true },
    'settings.localCopy': {},
    // The core's answers (the browser host's): the desktop app's updater is tested in tests/updates.
    'updates.status': {},
    'updates.check': {},
    'updates.restart': { unsentConfirmed: 1 },
    'recovery.status': {},
    'recovery.recoveredWork': {},
    'recovery.exportRecoveredWork': { open: false },
    'recovery.backups': {},
    'recovery.restoreBackup': { name: 'restoreassist-2026-12-01T09-30-00-000Z-before-0012_example.db' },
    'recovery.startAgain': {},
    'recovery.tryAgain': {},
  };
}, 60_000);
afterAll(() => world.close());

/**
 * "Nothing changed" without hashing the whole file for every case: SQLite's count of rows this
 * connection changed says whether anything was written at all; only then are the checksums taken.
 */
let known = { changes: -1, checksum: '' };
const totalChanges = () => (world.core.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
function snapshot(): { changes: number; checksum: () => string } {
  const changes = totalChanges();
  if (changes !== known.changes) known = { changes, checksum: tableChecksum(world.core.sqlite) };
  const { checksum } = known;
  return { changes, checksum: () => checksum };
}
const unchangedSince = (before: ReturnType<typeof snapshot>) =>
  totalChanges() === before.changes || tableChecksum(world.core.sqlite) === before.checksum();

const ordered = [...CHANNEL_NAMES.filter((c) => !DESTRUCTIVE.includes(c)), ...DESTRUCTIVE];

// Before the fuzz below changes the world: each query's example still finds its records.
describe('a query only reads', () => {
  it.each(QUERY_CHANNELS)(
    '%s: answers its example, and valid or nearly valid input writes nothing and tells of no change',
    async (channel) => {
      const events: string[] = [];
      const stop = world.core.events.subscribe((event) => events.push(event.name));
      try {
        const answer = await registry.invoke(channel, examples[channel]);
        expect(answer, channel).toMatchObject({ ok: true });
        await fc.assert(
          fc.asyncProperty(nearValidInputs(examples[channel]), async (input) => {
            const before = totalChanges();
            const result = await registry.invoke(channel, input);
            expect(result.ok || result.error.code !== 'INTERNAL', `${channel}: ${JSON.stringify(result)}`).toBe(true);
            expect(totalChanges(), `${channel} ${JSON.stringify(input)?.slice(0, 300)} wrote`).toBe(before);
          }),
          { numRuns: FUZZ_RUNS },
        );
      } finally {
        stop();
      }
      expect(events, `${channel} told of a change`).toEqual([]);
    },
    120_000,
  );
});

describe('the real services behind every channel', () => {
  it('have a handler for every channel', () => {
    expect(CHANNEL_NAMES.filter((channel) => !registry.has(channel))).toEqual([]);
  });

  it('have a valid example for every channel, and each example is valid', () => {
    expect(Object.keys(examples).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const channel of CHANNEL_NAMES)
      expect((contract[channel].input as z.ZodType).safeParse(examples[channel]).success, channel).toBe(true);
  });

  it.each(ordered)(
    '%s: malformed input gives VALIDATION and changes nothing',
    async (channel) => {
      const before = tableChecksum(world.core.sqlite);
      await fc.assert(
        fc.asyncProperty(malformedInputs(contract[channel].input as z.ZodType), async (input) => {
          const result = await registry.invoke(channel, input);
          expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        }),
        { numRuns: FUZZ_RUNS },
      );
      expect(tableChecksum(world.core.sqlite)).toBe(before);
    },
    120_000,
  );

  it.each(ordered.filter((c) => !NETWORK_CHANNELS.includes(c)))(
    '%s: valid and nearly valid input never crashes, and a refusal changes nothing',
    async (channel) => {
      await fc.assert(
        fc.asyncProperty(nearValidInputs(examples[channel]), async (input) => {
          const before = snapshot();
          const result = await registry.invoke(channel, input);
          if (result.ok) return;
          expect(
            result.error.code,
            `${channel} ${JSON.stringify(input)?.slice(0, 300)}: ${result.error.message}`,
          ).not.toBe('INTERNAL');
          expect(result.error.message.length).toBeGreaterThan(5);
          expect(
            unchangedSince(before),
            `${channel} refused ${JSON.stringify(input)?.slice(0, 300)} but changed the database`,
          ).toBe(true);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    300_000,
  );
});

describe('what the fuzz found', () => {
  it('answers NOT_FOUND, not INTERNAL, to a sync of a connection that no longer exists, and writes nothing', async () => {
    const before = tableChecksum(world.core.sqlite);
    expect(await registry.invoke('sync.now', { integrationId: 9_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(tableChecksum(world.core.sqlite)).toBe(before);
  });

  it('answers NOT_FOUND, not INTERNAL, to a report made into a job with a new customer on a connection that no longer exists', async () => {
    const before = tableChecksum(world.core.sqlite);
    const result = await registry.invoke('jobs.createFromReport', {
      ...(examples['jobs.createFromReport'] as object),
      integrationId: 9_999,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(tableChecksum(world.core.sqlite)).toBe(before);
  });
});
