/**
 * Issue 19's guards that no other test held: each test here fails when its guard is removed (see
 * the names). Real parts: desktops' SQLite files, the simulator over HTTP, the IPC registries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FilterTextScope } from '../../sim/server';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';

const REPORT_FILE = path.resolve(__dirname, '../fixtures/reports/water-damage-parramatta.json');
const REPORT_ID = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
const MARKER = `[RA:${REPORT_ID}]`;

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

async function ok<T>(desktop: Desktop, channel: string, input: unknown): Promise<T> {
  const result = await desktop.registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${desktop.name}: ${channel} refused: ${result.error.message}`);
  return result.value as T;
}

async function open(desktops: number, filterTextScope: FilterTextScope): Promise<Desktop[]> {
  office = await createOfficeWorld({ desktops, sim: { jobs: 30, customers: 8, invoices: 2, filterTextScope } });
  for (const d of office.desktops) await d.engine.syncNow(d.integrationId, { kind: 'full' });
  return office.desktops;
}

/** The sample report imported on a desktop and made into a job for Ascora's first customer. */
async function jobFromReport(desktop: Desktop): Promise<number> {
  await ok(desktop, 'reports.import', {
    files: [{ fileName: 'water.json', contentBase64: fs.readFileSync(REPORT_FILE).toString('base64') }],
  });
  const ascoraId = office!.sim.control.state().customers[0]!.customerId;
  const { id: customerId } = desktop.core.sqlite
    .prepare('SELECT id FROM ascora_customers WHERE ascora_customer_id = ?')
    .get(ascoraId) as { id: number };
  const job = await ok<{ id: number }>(desktop, 'jobs.createFromReport', {
    integrationId: desktop.integrationId,
    reportId: REPORT_ID,
    customer: { mode: 'existing', customerId },
  });
  return job.id;
}

const jobsWithOurMarker = () =>
  office!.sim.control.state().jobs.filter((j) => j.jobDescription.trimEnd().endsWith(MARKER));
const linkOf = (desktop: Desktop, jobId: number) =>
  (desktop.core.sqlite.prepare('SELECT ascora_job_id AS a FROM ascora_jobs WHERE id = ?').get(jobId) as { a: string })
    .a;

describe('a report made into a job on a second desktop (issue 19 guards)', () => {
  it('is not made again when another desktop made it and this one pulled it, though FilterText cannot find it (findJobInMirror)', async () => {
    // FilterText searches names only: the pulled mirror is the only place that knows the marker.
    const [a, b] = (await open(2, 'names')) as [Desktop, Desktop];
    await jobFromReport(a);
    await a.engine.syncNow(a.integrationId);
    expect(jobsWithOurMarker()).toHaveLength(1);
    await b.engine.syncNow(b.integrationId, { kind: 'full' });
    await jobFromReport(b);
    await b.engine.syncNow(b.integrationId);
    await b.engine.syncNow(b.integrationId);
    expect(jobsWithOurMarker()).toHaveLength(1);
  });

  it("is made in Ascora when FilterText returns only another report's job with a look-alike marker (hasMarker after FilterText)", async () => {
    // A forgiving FilterText returns a job whose marker shares half the words of ours.
    const [a] = (await open(1, 'words')) as [Desktop];
    const lookAlike = office!.sim.control.addJob({
      jobName: 'Another report',
      jobDescription: 'Storm damage.\n[RA:3f6b2c1e-8a4d-4000-8000-000000000000]',
    });
    const onA = await jobFromReport(a);
    await a.engine.syncNow(a.integrationId);
    expect(jobsWithOurMarker()).toHaveLength(1);
    expect(linkOf(a, onA)).toBe(jobsWithOurMarker()[0]!.jobId);
    expect(linkOf(a, onA)).not.toBe(lookAlike.jobId);
  });
});
