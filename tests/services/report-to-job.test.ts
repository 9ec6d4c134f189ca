/**
 * Issue 13, report to job end to end, over the real handlers, mirror and simulator: a job made from
 * a report says it is waiting to be sent (never "Unknown"), the report then names the Ascora job
 * number, and importing a report already here says so and makes no second one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../main/core/ipc/registry';
import type { JobRow, Page, ReportImportResult, ReportRow } from '../../shared/domain';
import { jobStatusWords } from '../../shared/record-state';
import { createSyncWorld, createWorldRegistry, okCaller, one, type SyncWorld } from '../support/sync';

const SAMPLE = fs.readFileSync(path.resolve('tests/fixtures/reports/water-damage-parramatta.json'));
const REPORT_ID = (JSON.parse(SAMPLE.toString('utf8')) as { report_id: string }).report_id;

let world: SyncWorld;
let registry: Registry;

const ok: ReturnType<typeof okCaller> = (channel, input) => okCaller(registry)(channel, input);
const importFiles = (...files: [string, Buffer][]) =>
  ok('reports.import', {
    files: files.map(([fileName, bytes]) => ({ fileName, contentBase64: bytes.toString('base64') })),
  }) as Promise<ReportImportResult[]>;
const changed = (patch: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ ...(JSON.parse(SAMPLE.toString('utf8')) as object), ...patch }));
const reportRow = async () =>
  ((await ok('reports.list', { search: '' })) as ReportRow[]).find((r) => r.reportId === REPORT_ID)!;
const storedReports = () => one<{ n: number }>(world, 'SELECT COUNT(*) AS n FROM reports').n;

beforeAll(async () => {
  world = await createSyncWorld({ jobs: 20, customers: 8, invoices: 2 });
  registry = createWorldRegistry(world);
  await world.engine.syncNow(world.integrationId);
});
afterAll(() => world.close());

describe('importing a report already here', () => {
  it('says "already here" per file, for the same file twice in one import and again later, and keeps one report', async () => {
    const first = await importFiles(['parramatta.json', SAMPLE], ['parramatta copy.json', SAMPLE]);
    expect(first.map((r) => [r.fileName, r.ok, r.outcome])).toEqual([
      ['parramatta.json', true, 'imported'],
      ['parramatta copy.json', true, 'already_here'],
    ]);
    expect((await importFiles(['parramatta.json', SAMPLE]))[0]).toMatchObject({
      ok: true,
      outcome: 'already_here',
      problems: [],
    });
    expect(storedReports()).toBe(1);
  });

  it('takes a changed file of a report with no job yet as an update of the same report', async () => {
    const [result] = await importFiles(['parramatta v2.json', changed({ summary: 'Second visit: subfloor wet too.' })]);
    expect(result).toMatchObject({ ok: true, outcome: 'updated', reportId: REPORT_ID });
    expect(storedReports()).toBe(1);
    expect(await ok('reports.get', { reportId: REPORT_ID })).toMatchObject({
      summary: 'Second visit: subfloor wet too.',
    });
  });
});

describe('a job made from the report', () => {
  it('shows "Waiting to send" as its status until Ascora has it, then the report names its Ascora job number', async () => {
    const job = (await ok('jobs.createFromReport', {
      integrationId: world.integrationId,
      reportId: REPORT_ID,
      customer: {
        mode: 'new',
        fields: { contactFirstName: 'Priya', contactLastName: 'Raman', emailAddress: 'priya.raman@example.com.au' },
      },
    })) as { id: number };
    const listed = (await ok('jobs.list', { integrationId: world.integrationId, search: '' })) as Page<JobRow>;
    const row = listed.rows.find((r) => r.id === job.id)!;
    expect(jobStatusWords(row)).toBe('Waiting to send');
    expect(await reportRow()).toMatchObject({ jobId: job.id, jobNumber: null, jobState: 'waiting' });

    await world.engine.syncNow(world.integrationId);
    const made = world.sim.control.state().jobs.find((j) => j.jobDescription.endsWith(`[RA:${REPORT_ID}]`))!;
    expect(await reportRow()).toMatchObject({ jobId: job.id, jobNumber: made.jobNumber, jobState: 'in_ascora' });
    const detail = (await ok('jobs.get', { jobId: job.id })) as JobRow;
    expect(jobStatusWords(detail)).toBe(made.jobStatusText || `Status #${made.jobStatus}`);
  });

  it('a changed file of that report is not taken: already here, and why', async () => {
    const before = await ok('reports.get', { reportId: REPORT_ID });
    const [result] = await importFiles(['parramatta v3.json', changed({ summary: 'Third visit.' })]);
    expect(result).toMatchObject({ ok: true, outcome: 'already_here' });
    expect(result!.problems[0]).toMatch(/a job was already made from it/);
    expect(await ok('reports.get', { reportId: REPORT_ID })).toEqual(before);
    expect(storedReports()).toBe(1);
  });
});
