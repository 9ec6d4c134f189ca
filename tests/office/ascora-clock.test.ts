/**
 * Issue 19, scenario 6: a computer whose clock is days off Ascora's. Ascora stamps a job's created
 * date with its own clock, so the created-date windows (a lost create's look-up, the incremental
 * pull's recent jobs, invoices before "tomorrow") are on Ascora's clock, which each desktop reads
 * from the Date header of Ascora's answers and keeps for its next run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../main/core/sync/engine';
import { createAscoraClient } from '../../main/core/ascora/client';
import { createOfficeWorld, DAY_MS, type Desktop, type OfficeWorld } from '../support/office';
import { createOfflineCustomerAndJob, one, rows } from '../support/sync';

let office: OfficeWorld | null = null;
afterEach(async () => {
  await office?.close();
  office = null;
});

const SMALL_ACCOUNT = { jobs: 30, customers: 12, invoices: 5 };
const jobsWithMarker = (o: OfficeWorld, marker: string) =>
  o.sim.control.state().jobs.filter((j) => String(j.jobDescription).trimEnd().endsWith(marker));
const keptOffset = (d: Desktop) =>
  one<{ offset: number | null }>(
    d,
    'SELECT ascora_clock_offset_ms AS offset FROM ascora_integrations WHERE id = ?',
    d.integrationId,
  ).offset;

describe('a computer whose clock is days off Ascora’s', () => {
  it('creates every job exactly once when every third answer is lost, Ascora three days ahead of one desktop and three days behind the other, and FilterText searches names only', async () => {
    // Desktop A's clock is 3 days behind Ascora's (Ascora ahead); desktop B's is 3 days ahead.
    office = await createOfficeWorld({
      desktops: 2,
      clockOffsetsMs: [-3 * DAY_MS, 3 * DAY_MS],
      sim: { ...SMALL_ACCOUNT, filterTextScope: 'names' },
    });
    const created: { desktop: Desktop; marker: string; jobItem: number }[] = [];
    for (const desktop of office.desktops) {
      const made = Array.from({ length: 9 }, (_, i) =>
        createOfflineCustomerAndJob(desktop, { firstName: `Clock${desktop.name}${i}` }),
      );
      // The 3rd, 6th and 9th job create of this desktop's run is applied, and its answer lost.
      for (const skip of [2, 5, 8])
        office.sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1, skip });
      await desktop.engine.syncNow(desktop.integrationId, { entities: [] });
      office.sim.control.clearFaults();
      expect(rows(desktop, 'SELECT id FROM outbox WHERE outcome_unknown = 1 AND state = ?', 'pending')).toHaveLength(3);
      created.push(...made.map(({ marker, jobItem }) => ({ desktop, marker, jobItem })));
    }

    // The next runs, a few hours on: the lost creates are looked up, by a created-date scan.
    office.ascoraClock.advance(5 * 60 * 60_000);
    for (const desktop of office.desktops) await desktop.engine.syncNow(desktop.integrationId, { entities: [] });

    const copies = created.map(({ marker }) => jobsWithMarker(office!, marker).length);
    expect(copies.filter((n) => n !== 1)).toEqual([]);
    expect(copies).toHaveLength(18);
    for (const { desktop, jobItem } of created)
      expect(one(desktop, 'SELECT state FROM outbox WHERE id = ?', jobItem)).toEqual({ state: 'done' });
  });

  it('keeps the offset it read from Ascora’s answers, and a later run uses it before it has heard from Ascora', async () => {
    office = await createOfficeWorld({ desktops: 1, clockOffsetsMs: [-3 * DAY_MS], sim: SMALL_ACCOUNT });
    const [desktop] = office.desktops as [Desktop];
    await desktop.engine.syncNow(desktop.integrationId, { kind: 'full' });
    // The Date header has whole seconds: Ascora's clock is 3 days ahead, to within a second.
    expect(Math.abs(keptOffset(desktop)! - 3 * DAY_MS)).toBeLessThanOrEqual(1000);

    // Another user makes a job (stamped "today" on Ascora's clock) and an invoice dated today.
    const job = office.sim.control.addJob({ jobName: 'Made today in Ascora' });
    const invoice = office.sim.control.addInvoice();
    // As after a restart: a new engine, whose run asks for its recent window before any answer.
    const restarted = createSyncEngine(desktop.core, {
      getClient: async () =>
        createAscoraClient({ baseUrl: office!.sim.url, apiKey: office!.sim.apiKey, clock: desktop.clock }),
      pageSize: 100,
    });
    await restarted.syncNow(desktop.integrationId, { kind: 'incremental', entities: ['jobs', 'invoices'] });
    expect(rows(desktop, 'SELECT job_name FROM ascora_jobs WHERE ascora_job_id = ?', job.jobId)).toEqual([
      { job_name: 'Made today in Ascora' },
    ]);
    expect(rows(desktop, 'SELECT invoice_number FROM ascora_invoices WHERE ascora_invoice_id = ?', invoice.id)).toEqual(
      [{ invoice_number: invoice.invoiceNumber }],
    );
  });

  it('reaches back to the day before the last full pass on Ascora’s days, when that pass was weeks ago', async () => {
    // This computer's clock is 3 days ahead: its note of the pass is 3 days later than Ascora's days.
    office = await createOfficeWorld({ desktops: 1, clockOffsetsMs: [3 * DAY_MS], sim: SMALL_ACCOUNT });
    const [desktop] = office.desktops as [Desktop];
    await desktop.engine.syncNow(desktop.integrationId, { kind: 'full' });
    const job = office.sim.control.addJob({ jobName: 'Made just after the full pass' });
    office.ascoraClock.advance(20 * DAY_MS);
    await desktop.engine.syncNow(desktop.integrationId, { kind: 'incremental', entities: ['jobs'] });
    expect(rows(desktop, 'SELECT job_name FROM ascora_jobs WHERE ascora_job_id = ?', job.jobId)).toEqual([
      { job_name: 'Made just after the full pass' },
    ]);
  });

  it('the simulator dates its answers by its own clock, as Ascora does', async () => {
    office = await createOfficeWorld({ desktops: 1, sim: SMALL_ACCOUNT });
    office.ascoraClock.advance(10 * DAY_MS);
    const answer = await fetch(`${office.sim.url}/Jobs/Jobs?Page=1&PageSize=1`, {
      headers: { Auth: office.sim.apiKey },
    });
    expect(answer.headers.get('date')).toBe(new Date(office.ascoraClock.now()).toUTCString());
  });

  it('dates a create’s first sending on Ascora’s clock', async () => {
    office = await createOfficeWorld({ desktops: 1, clockOffsetsMs: [3 * DAY_MS], sim: SMALL_ACCOUNT });
    const [desktop] = office.desktops as [Desktop];
    const { jobItem } = createOfflineCustomerAndJob(desktop);
    office.sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1 });
    await desktop.engine.syncNow(desktop.integrationId, { entities: [] });
    const { sent_at } = one<{ sent_at: string }>(desktop, 'SELECT sent_at FROM outbox WHERE id = ?', jobItem);
    expect(Math.abs(Date.parse(sent_at) - office.ascoraClock.now())).toBeLessThanOrEqual(1000);
  });
});
