/**
 * Issue 21, one truth on screen, over the real handlers, mirror and simulator: a job made here and
 * not yet sent reads "Waiting to send" in its list row, its panel, the status filter's choices and
 * the filter's results; and a job's customer is named as the Customers list names it (the mirror's
 * customer), in the Jobs list, the panel and search, also after the customer is renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { CustomerRow, JobDetail, JobRow, Page, ReportImportResult } from '../../shared/domain';
import { jobStatusWords } from '../../shared/record-state';
import { createSyncWorld, createWorldRegistry, okCaller, type SyncWorld } from '../support/sync';

const SAMPLE = fs.readFileSync(path.resolve('tests/fixtures/reports/water-damage-parramatta.json'));
const REPORT_ID = (JSON.parse(SAMPLE.toString('utf8')) as { report_id: string }).report_id;

let world: SyncWorld;
let registry: Registry;
const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);
const jobsList = async (input: Record<string, unknown>) =>
  (await ok('jobs.list', { integrationId: world.integrationId, ...input })) as Page<JobRow>;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 20, customers: 8, invoices: 0 });
  registry = createWorldRegistry(world);
  // Ascora names a customer with a company and a contact after the contact, on the job too.
  world.sim.control.setCustomerNaming('contact');
  await world.engine.syncNow(world.integrationId);
});
afterAll(() => world.close());

describe('a job made here and not yet sent', () => {
  it('is "Waiting to send" in its row, its panel, the status filter and its results, never "Unknown"', async () => {
    const [imported] = (await ok('reports.import', {
      files: [{ fileName: 'parramatta.json', contentBase64: SAMPLE.toString('base64') }],
    })) as ReportImportResult[];
    expect(imported).toMatchObject({ ok: true });
    const job = (await ok('jobs.createFromReport', {
      integrationId: world.integrationId,
      reportId: REPORT_ID,
      customer: { mode: 'new', fields: { contactFirstName: 'Priya', contactLastName: 'Raman' } },
    })) as { id: number };

    const row = (await jobsList({})).rows.find((r) => r.id === job.id)!;
    expect(jobStatusWords(row)).toBe('Waiting to send');
    const detail = (await ok('jobs.get', { jobId: job.id })) as JobDetail;
    expect(jobStatusWords(detail)).toBe('Waiting to send');

    const statuses = (await ok('jobs.statuses', { integrationId: world.integrationId })) as string[];
    expect(statuses).toContain('Waiting to send');
    expect(statuses).not.toContain('Unknown');
    const filtered = await jobsList({ statusText: 'Waiting to send' });
    expect(filtered.rows.map((r) => r.id)).toEqual([job.id]);
    expect(filtered.total).toBe(1);
    expect((await jobsList({ statusText: 'Unknown' })).total).toBe(0);
  });
});

describe("a job's customer", () => {
  it('is named as the Customers list names it, in the Jobs list, the panel and search, and follows a rename', async () => {
    const created = (await ok('customers.create', {
      integrationId: world.integrationId,
      fields: { companyName: 'Harbourside Strata', contactFirstName: 'Mei', contactLastName: 'Lindqvist' },
    })) as { id: number };
    await world.engine.syncNow(world.integrationId);
    const inAscora = world.sim.control.state().customers.find((c) => c.companyName === 'Harbourside Strata')!;
    // Ascora's job names her contact; the mirror's customer leads with the company.
    const added = world.sim.control.addJob({
      siteCustomer: { id: inAscora.customerId, name: inAscora.customerName },
      jobName: 'Roof leak',
    });
    expect(added.siteCustomer?.name).toBe('Mei Lindqvist');
    await world.engine.syncNow(world.integrationId, { kind: 'full' });

    const customerRow = async () =>
      ((await ok('customers.list', { integrationId: world.integrationId, search: '' })) as Page<CustomerRow>).rows.find(
        (c) => c.id === created.id,
      )!;
    const jobRow = async (search: string) => (await jobsList({ search })).rows.find((r) => r.jobName === 'Roof leak');

    expect((await customerRow()).customerName).toBe('Harbourside Strata');
    const row = await jobRow('');
    expect(row?.customerName).toBe('Harbourside Strata');
    const detail = (await ok('jobs.get', { jobId: row!.id })) as JobDetail;
    expect(detail.customerName).toBe('Harbourside Strata');
    expect(detail.siteCustomer?.name).toBe('Harbourside Strata');
    // The name on screen finds the job, and so does the name Ascora put on it.
    expect(await jobRow('Harbourside Strata')).toBeDefined();
    expect(await jobRow('Lindqvist')).toBeDefined();

    await ok('customers.update', { customerId: created.id, fields: { companyName: 'Harbourside Body Corporate' } });
    expect((await customerRow()).customerName).toBe('Harbourside Body Corporate');
    expect((await jobRow(''))?.customerName).toBe('Harbourside Body Corporate');
    expect(await jobRow('Body Corporate')).toBeDefined();
  });
});
