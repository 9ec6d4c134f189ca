/**
 * Issue 19, the job half: an office runs several desktops on one Ascora account, and the same
 * damage report is imported on more than one of them. Ascora has no idempotency key, so a report's
 * job is known by the marker `[RA:<report_id>]` in its description: never two jobs for one report
 * from one desktop after another, nothing lost when another Ascora user edits the description, and
 * the two that two desktops make at the very same moment shown to the office.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncProblem, TodaySummary } from '../../shared/domain';
import type { SimRequestEvent, SimulatorOptions } from '../../sim/server';
import { HAS_JOB_MARKER_SQL, JOB_MARKER_SQL, jobMarkerIn } from '../../main/core/sync/mapping';
import { createTestCore } from '../support/core';
import { insertIntegration } from '../support/db';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';
import { okCaller, one, rows } from '../support/sync';

const SAMPLE = JSON.parse(
  fs.readFileSync(path.resolve('tests/fixtures/reports/water-damage-parramatta.json'), 'utf8'),
) as Record<string, unknown>;

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

/** A small office (two desktops), each with a first full sync done. */
async function openOffice(sim: SimulatorOptions = {}): Promise<OfficeWorld> {
  office = await createOfficeWorld({ desktops: 2, sim: { jobs: 40, customers: 10, invoices: 2, ...sim } });
  for (const d of office.desktops) await d.engine.syncNow(d.integrationId, { kind: 'full' });
  return office;
}

const newReportId = () => randomUUID();
const markerOf = (reportId: string) => `[RA:${reportId}]`;

/** The report imported on this desktop and made into a job there, for a customer already in Ascora. */
async function makeJobFromReport(d: Desktop, reportId: string): Promise<number> {
  const ok = okCaller(d.registry);
  const bytes = Buffer.from(JSON.stringify({ ...SAMPLE, report_id: reportId }));
  await ok('reports.import', { files: [{ fileName: `${reportId}.json`, contentBase64: bytes.toString('base64') }] });
  const customer = one<{ id: number }>(
    d,
    'SELECT id FROM ascora_customers WHERE ascora_customer_id IS NOT NULL ORDER BY ascora_customer_id LIMIT 1',
  );
  const job = (await ok('jobs.createFromReport', {
    integrationId: d.integrationId,
    reportId,
    customer: { mode: 'existing', customerId: customer.id },
  })) as { id: number };
  return job.id;
}

const sync = (d: Desktop, ignoreBackoff = true) => d.engine.syncNow(d.integrationId, { kind: 'auto', ignoreBackoff });
const jobsInAscora = (o: OfficeWorld, reportId: string) =>
  o.sim.control.state().jobs.filter((j) => String(j.jobDescription).includes(markerOf(reportId)));
/** The rows of this desktop's mirror that carry the report's marker. */
const mirrorRows = (d: Desktop, reportId: string) =>
  rows<{ id: number; ascoraJobId: string | null; reportId: string | null }>(
    d,
    'SELECT id, ascora_job_id AS ascoraJobId, report_id AS reportId FROM ascora_jobs WHERE instr(job_description, ?) > 0',
    markerOf(reportId),
  );
const reportJob = (d: Desktop, reportId: string) =>
  one<{ ascoraJobId: string | null; jobNumber: string | null } | undefined>(
    d,
    'SELECT ascora_job_id AS ascoraJobId, job_number AS jobNumber FROM ascora_jobs WHERE report_id = ?',
    reportId,
  );

describe('the same report made into a job on two desktops', () => {
  it('gives one job in Ascora per report when desktop A syncs and then desktop B, though FilterText searches names only', async () => {
    const o = await openOffice({ filterTextScope: 'names' });
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reports = [newReportId(), newReportId(), newReportId(), newReportId()];
    for (const id of reports) {
      await makeJobFromReport(a, id);
      await makeJobFromReport(b, id);
    }
    await sync(a);
    await sync(b);
    for (const id of reports) {
      const made = jobsInAscora(o, id);
      expect(made).toHaveLength(1);
      // Desktop B's report names the job desktop A made, and B's mirror holds it once.
      expect(reportJob(b, id)).toMatchObject({ ascoraJobId: made[0]!.jobId, jobNumber: made[0]!.jobNumber });
      expect(mirrorRows(b, id)).toHaveLength(1);
    }
  });

  it('looks again before it retries a create Ascora turned away (429), and finds the job another desktop made meanwhile', async () => {
    const o = await openOffice();
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reportId = newReportId();
    await makeJobFromReport(b, reportId);
    o.sim.control.setFault('POST /Jobs/Job', { kind: 'rateLimit', retryAfterSeconds: 1, times: 3 });
    await sync(b);
    expect(jobsInAscora(o, reportId)).toHaveLength(0);

    await makeJobFromReport(a, reportId);
    await sync(a);
    await sync(b);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(1);
    expect(reportJob(b, reportId)).toMatchObject({ ascoraJobId: made[0]!.jobId });
  });

  it("takes the other desktop's job at once from the pull, while its own retry still waits out Ascora's backoff", async () => {
    const o = await openOffice();
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reportId = newReportId();
    await makeJobFromReport(b, reportId);
    o.sim.control.setFault('POST /Jobs/Job', { kind: 'rateLimit', retryAfterSeconds: 600, times: 3 });
    await sync(b);

    await makeJobFromReport(a, reportId);
    await sync(a);
    // A scheduled run on B before its backoff is over: the create is not sent, the pull finds the job.
    await sync(b, false);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(1);
    expect(reportJob(b, reportId)).toMatchObject({ ascoraJobId: made[0]!.jobId, jobNumber: made[0]!.jobNumber });
    expect(mirrorRows(b, reportId)).toHaveLength(1);
    expect(one<{ state: string }>(b, "SELECT state FROM outbox WHERE kind = 'create_job'").state).toBe('done');
  });

  it("takes the job another desktop made, already in this desktop's mirror, when the report is made into a job here afterwards", async () => {
    const o = await openOffice({ filterTextScope: 'names' });
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reportId = newReportId();
    await makeJobFromReport(a, reportId);
    await sync(a);
    await sync(b);
    const [pulled] = mirrorRows(b, reportId);
    // Someone at desktop B had written on the job pulled from Ascora: it is kept.
    await okCaller(b.registry)('jobs.addNote', { jobId: pulled!.id, text: 'Tenant asked for a morning visit.' });

    const jobId = await makeJobFromReport(b, reportId);
    await sync(b);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(1);
    expect(mirrorRows(b, reportId)).toEqual([{ id: jobId, ascoraJobId: made[0]!.jobId, reportId }]);
    expect(rows(b, 'SELECT job_id AS jobId, text FROM job_notes')).toEqual([
      { jobId, text: 'Tenant asked for a morning visit.' },
    ]);
  });
});

describe('when Ascora will not answer the recent window of jobs', () => {
  it("still pushes the report's job, each create asking Ascora by itself, and finds the other desktop's", async () => {
    const o = await openOffice({ filterTextScope: 'names' });
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reportId = newReportId();
    await makeJobFromReport(a, reportId);
    await sync(a);
    await makeJobFromReport(b, reportId);
    o.sim.control.setFault('GET /Jobs/Jobs', { kind: 'reject', status: 400, message: 'Invalid date.', times: 1 });
    await sync(b);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(1);
    expect(reportJob(b, reportId)).toMatchObject({ ascoraJobId: made[0]!.jobId });
  });
});

describe("a job's description edited in Ascora", () => {
  it('finds the job after a lost answer though another user added a line after its marker: no second job, one row', async () => {
    const o = await openOffice();
    const [a] = o.desktops as [Desktop];
    const reportId = newReportId();
    await makeJobFromReport(a, reportId);
    o.sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1 });
    await sync(a);
    const [lost] = jobsInAscora(o, reportId);
    expect(reportJob(a, reportId)?.ascoraJobId).toBeNull();

    o.sim.control.editJob(lost!.jobId, { jobDescription: `${lost!.jobDescription}\nTenant: use the side gate.` });
    await sync(a);
    expect(jobsInAscora(o, reportId)).toHaveLength(1);
    expect(reportJob(a, reportId)).toMatchObject({ ascoraJobId: lost!.jobId, jobNumber: lost!.jobNumber });
    expect(mirrorRows(a, reportId)).toHaveLength(1);
  });

  it('does not take a job FilterText finds for the marker that does not carry it in its description', async () => {
    const o = await openOffice();
    const [a] = o.desktops as [Desktop];
    const reportId = newReportId();
    await makeJobFromReport(a, reportId);
    o.sim.control.setFault('POST /Jobs/Job', { kind: 'dropBeforeCommit', times: 1 });
    await sync(a);
    expect(jobsInAscora(o, reportId)).toHaveLength(0);
    // Another user names a job after the report's marker (a near match for a text search).
    const namesake = o.sim.control.addJob({
      jobName: `Copy of ${markerOf(reportId)}`,
      jobDescription: 'Quote only, not the job.',
    });

    await sync(a);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(1);
    expect(made[0]!.jobId).not.toBe(namesake.jobId);
    expect(reportJob(a, reportId)).toMatchObject({ ascoraJobId: made[0]!.jobId });
  });
});

describe('two desktops that make the same report into a job at the same moment', () => {
  it('makes two jobs no client could prevent, and the next pull on either desktop puts them in Needs attention and counts them on Today', async () => {
    // Each desktop's create is held until the other's arrives: both have looked, and found nothing.
    let held: (() => void) | null = null;
    let creates = 0;
    const observe = async (e: SimRequestEvent) => {
      if (e.route !== 'post /jobs/job' || e.stage !== 'received') return;
      if (++creates === 1) await new Promise<void>((release) => (held = release));
      else held?.();
    };
    const o = await openOffice({ observe });
    const [a, b] = o.desktops as [Desktop, Desktop];
    const reportId = newReportId();
    await makeJobFromReport(a, reportId);
    await makeJobFromReport(b, reportId);
    await Promise.all([sync(a), sync(b)]);
    const made = jobsInAscora(o, reportId);
    expect(made).toHaveLength(2);
    const numbers = made.map((j) => j.jobNumber).sort();

    for (const d of [a, b]) {
      await sync(d);
      // Both are in Ascora, so the mirror keeps both; the report stays with one of them.
      expect(mirrorRows(d, reportId)).toHaveLength(2);
      expect(reportJob(d, reportId)?.ascoraJobId).not.toBeNull();
      const problems = (await okCaller(d.registry)('sync.problems', {
        integrationId: d.integrationId,
      })) as SyncProblem[];
      const duplicate = problems.find((p) => p.state === 'duplicate');
      expect(duplicate?.reason).toBe(
        `The report for Priya Raman (14 Harris Street, Parramatta NSW 2150) was made into two jobs in Ascora, ${numbers[0]} and ${numbers[1]}, by two desktops at the same time. Ascora's API cannot delete a job: cancel one of them in Ascora.`,
      );
      const today = (await okCaller(d.registry)('dashboard.summary', {
        integrationId: d.integrationId,
      })) as TodaySummary;
      expect(today.needsPerson.duplicateJobs).toBe(1);
    }

    // Once one of them is cancelled in Ascora, the next sync no longer lists it.
    o.sim.control.editJob(made[1]!.jobId, { jobStatus: 6, jobStatusText: 'Cancelled' });
    await a.engine.syncNow(a.integrationId, { kind: 'full' });
    const after = (await okCaller(a.registry)('sync.problems', { integrationId: a.integrationId })) as SyncProblem[];
    expect(after.filter((p) => p.state === 'duplicate')).toEqual([]);
  });
});

describe("a job's report marker", () => {
  it('is the first [RA:<report id>] anywhere in the description, and the mirror finds it through its index', () => {
    const marker = markerOf(newReportId());
    expect(jobMarkerIn(`Burst hose.\n${marker}`)).toBe(marker);
    expect(jobMarkerIn(`Burst hose.\n${marker}\nTenant: use the side gate.`)).toBe(marker);
    expect(jobMarkerIn(`${marker} Burst hose.`)).toBe(marker);
    expect(jobMarkerIn('Burst hose. [RA: see the notes]')).toBeNull();
    expect(jobMarkerIn('Burst hose.')).toBeNull();

    const core = createTestCore();
    try {
      const integrationId = insertIntegration(core.sqlite);
      const insert = core.sqlite.prepare(
        'INSERT INTO ascora_jobs (integration_id, job_name, job_description, ascora_job_id) VALUES (?, ?, ?, ?)',
      );
      insert.run(integrationId, 'Edited after', `Burst hose.\n${marker}\nTenant: use the side gate.`, randomUUID());
      insert.run(integrationId, 'No marker', 'Burst hose.', randomUUID());
      const lookUp = `SELECT job_name AS name FROM ascora_jobs WHERE integration_id = ? AND ${HAS_JOB_MARKER_SQL} AND ${JOB_MARKER_SQL} = ?`;
      expect(core.sqlite.prepare(lookUp).all(integrationId, marker)).toEqual([{ name: 'Edited after' }]);
      const plan = core.sqlite.prepare(`EXPLAIN QUERY PLAN ${lookUp}`).all(integrationId, marker) as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain(
        'USING INDEX jobs_report_marker_idx (integration_id=? AND <expr>=?)',
      );
    } finally {
      core.close();
    }
  });
});
