/**
 * Issue 19, the office's first case: the same four RestoreAssist reports are imported on two
 * desktops of one Ascora account, and each desktop makes each into a job before either has synced.
 * However the two syncs fall (one after the other, or at the same moment), Ascora must end with one
 * job per report, or every extra one must be shown to a person in Needs attention. Real parts: two
 * SQLite files, the simulator over HTTP, every step through the desktops' IPC registries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FilterTextScope } from '../../sim/server';
import type { SyncProblem } from '../../shared/domain';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';

const REPORTS = path.resolve(__dirname, '../fixtures/reports');
/** Four valid sample reports (the encoding files are the Hobart report under other ids). */
const FILES = ['water-damage-parramatta.json', 'mould-hobart.json', 'encoding-utf8.json', 'encoding-utf16le-bom.json'];

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

/** Imports the four files on a desktop and makes each report a job for the same Ascora customer. */
async function reportsToJobs(desktop: Desktop, ascoraCustomerId: string): Promise<string[]> {
  const imported = await ok<{ ok: boolean; reportId?: string }[]>(desktop, 'reports.import', {
    files: FILES.map((fileName) => ({
      fileName,
      contentBase64: fs.readFileSync(path.join(REPORTS, fileName)).toString('base64'),
    })),
  });
  const reportIds = imported.map((r) => r.reportId).filter((id): id is string => !!id);
  expect(reportIds).toHaveLength(FILES.length);
  const { id: customerId } = desktop.core.sqlite
    .prepare('SELECT id FROM ascora_customers WHERE ascora_customer_id = ?')
    .get(ascoraCustomerId) as { id: number };
  for (const reportId of reportIds)
    await ok(desktop, 'jobs.createFromReport', {
      integrationId: desktop.integrationId,
      reportId,
      customer: { mode: 'existing', customerId },
    });
  return reportIds;
}

/** Both desktops with the account's records, and the four reports made into jobs on each. */
async function office2(scope: FilterTextScope) {
  office = await createOfficeWorld({
    desktops: 2,
    sim: { jobs: 40, customers: 10, invoices: 4, filterTextScope: scope },
  });
  const [a, b] = office.desktops as [Desktop, Desktop];
  for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { kind: 'full' });
  const customer = office.sim.control.state().customers[0]!.customerId;
  const reportIds = await reportsToJobs(a, customer);
  expect(await reportsToJobs(b, customer)).toEqual(reportIds);
  return { a, b, reportIds };
}

const jobsInAscora = (reportId: string) =>
  office!.sim.control.state().jobs.filter((j) => j.jobDescription.trimEnd().endsWith(`[RA:${reportId}]`));

/** A problem on some desktop's Needs attention list about more than one job for this report. */
async function shownAsDuplicate(desktops: Desktop[], reportId: string, jobNumbers: string[]): Promise<boolean> {
  for (const d of desktops) {
    const problems = await ok<SyncProblem[]>(d, 'sync.problems', { integrationId: d.integrationId });
    const about = problems.filter((p) => {
      const text = JSON.stringify(p);
      return (
        /duplicate|twice|more than one|two jobs/i.test(text) &&
        (text.includes(reportId) || jobNumbers.some((n) => text.includes(n)))
      );
    });
    if (about.length > 0) return true;
  }
  return false;
}

/** Per report: how many jobs Ascora has, and whether the extra ones are shown to a person. */
async function outcome(desktops: Desktop[], reportIds: string[]) {
  const rows: { count: number; shown: boolean }[] = [];
  for (const reportId of reportIds) {
    const jobs = jobsInAscora(reportId);
    const shown =
      jobs.length > 1 &&
      (await shownAsDuplicate(
        desktops,
        reportId,
        jobs.map((j) => j.jobNumber),
      ));
    rows.push({ count: jobs.length, shown });
  }
  return rows;
}

describe.each(['everything', 'names', 'words'] as const)(
  "four reports made into jobs on two desktops (FilterText searches '%s')",
  (scope) => {
    it('desktop A syncs, then desktop B: exactly one job in Ascora per report, and both desktops link it', async () => {
      const { a, b, reportIds } = await office2(scope);
      await a.engine.syncNow(a.integrationId);
      await b.engine.syncNow(b.integrationId);
      await a.engine.syncNow(a.integrationId, { kind: 'full' });
      expect(reportIds.map((id) => jobsInAscora(id).length)).toEqual([1, 1, 1, 1]);
      for (const d of [a, b]) {
        const linked = d.core.sqlite
          .prepare("SELECT ascora_job_id AS id FROM ascora_jobs WHERE job_description LIKE '%[RA:%' ORDER BY id")
          .all() as { id: string | null }[];
        expect(new Set(linked.map((r) => r.id))).toEqual(new Set(reportIds.map((id) => jobsInAscora(id)[0]!.jobId)));
      }
    });

    it('both sync at the same moment: one job per report, or every extra one shown in Needs attention', async () => {
      const { a, b, reportIds } = await office2(scope);
      await Promise.all([a.engine.syncNow(a.integrationId), b.engine.syncNow(b.integrationId)]);
      for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { kind: 'full' });
      const rows = await outcome([a, b], reportIds);
      for (const row of rows) expect(row.count === 1 || (row.count > 1 && row.shown), JSON.stringify(rows)).toBe(true);
    });
  },
);

describe('a report made into a job on desktop B after B pulled the job desktop A made from it', () => {
  it("links B's job to A's, and leaves nothing failed on B", async () => {
    office = await createOfficeWorld({ desktops: 2, sim: { jobs: 30, customers: 8, invoices: 2 } });
    const [a, b] = office.desktops as [Desktop, Desktop];
    for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { kind: 'full' });
    const customer = office.sim.control.state().customers[0]!.customerId;
    const [reportId] = await reportsToJobs(a, customer);
    await a.engine.syncNow(a.integrationId);
    await b.engine.syncNow(b.integrationId, { kind: 'full' });
    await reportsToJobs(b, customer);
    await b.engine.syncNow(b.integrationId);
    expect(jobsInAscora(reportId!)).toHaveLength(1);
    const onB = b.core.sqlite
      .prepare(
        'SELECT ascora_job_id AS linked, sync_state AS state, last_error AS error FROM ascora_jobs WHERE report_id = ?',
      )
      .get(reportId);
    expect(onB).toEqual({ linked: jobsInAscora(reportId!)[0]!.jobId, state: 'synced', error: null });
    expect(await ok(b, 'sync.problems', { integrationId: b.integrationId })).toEqual([]);
  });
});
