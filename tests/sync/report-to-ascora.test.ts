/** The whole offline workflow through the real services: report file -> job while offline -> Ascora. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobFromReportService } from '../../main/core/services/job-from-report';
import { createJobService } from '../../main/core/services/jobs';
import { createReportService } from '../../main/core/services/reports';
import { contract } from '../../shared/contract';
import { createSyncWorld, type SyncWorld } from '../support/sync';

const SAMPLE = path.resolve(__dirname, '../fixtures/reports/water-damage-parramatta.json');
const REPORT_ID = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';

let world: SyncWorld;
beforeEach(async () => {
  world = await createSyncWorld({ jobs: 30, customers: 8, invoices: 4 });
});
afterEach(() => world.close());

describe('a report made into a job while Ascora is unreachable', () => {
  it('appears at once as pending, then reaches Ascora exactly once with its customer, and gets its job number', async () => {
    world.sim.control.setOffline(true);
    createReportService(world.core).importFiles([
      { fileName: 'water.json', contentBase64: fs.readFileSync(SAMPLE).toString('base64') },
    ]);
    const jobs = createJobService(world.core);
    const fromReport = createJobFromReportService(world.core, jobs);
    const preview = fromReport.preview(world.integrationId, REPORT_ID);
    const created = fromReport.create(
      contract['jobs.createFromReport'].input.parse({
        integrationId: world.integrationId,
        reportId: REPORT_ID,
        customer: { mode: 'new', fields: preview.newCustomer },
      }),
    );
    expect(created).toMatchObject({ syncState: 'pending', jobNumber: null });
    expect((await world.engine.syncNow(world.integrationId)).status).toBe('failed');

    world.sim.control.setOffline(false);
    await world.engine.syncNow(world.integrationId, { ignoreBackoff: true });
    await world.engine.syncNow(world.integrationId);

    const remote = world.sim.control.state();
    const remoteJobs = remote.jobs.filter((j) => j.jobDescription.endsWith(`[RA:${REPORT_ID}]`));
    const remoteCustomers = remote.customers.filter((c) => c.emailAddress === 'priya.raman@example.com.au');
    expect(remoteJobs).toHaveLength(1);
    expect(remoteCustomers).toHaveLength(1);
    expect(remoteJobs[0]).toMatchObject({
      jobName: 'Water damage – 14 Harris Street, Parramatta',
      siteCustomer: { id: remoteCustomers[0]!.customerId },
      clientOrderNumber: 'NRMA-CLM-4471902',
      totalExTax: 3057,
      totalIncTax: 3362.7,
    });
    expect(jobs.get(created.id)).toMatchObject({
      syncState: 'synced',
      jobNumber: remoteJobs[0]!.jobNumber,
      ascoraJobId: remoteJobs[0]!.jobId,
      localOnlyReasons: [],
    });
  });
});
