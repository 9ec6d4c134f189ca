/**
 * Issue 19's guards that no other test held: each test here fails when its guard is removed (see
 * the names). Real parts: desktops' SQLite files, the simulator over HTTP, the IPC registries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conflicts } from '../../main/core/db/schema';
import { markCustomerConflict } from '../../main/core/sync/queue';
import type { FilterTextScope, SimRequestEvent } from '../../sim/server';
import { createOfficeWorld, DAY_MS, type Desktop, type OfficeWorld } from '../support/office';
import { customerFieldsOfRow } from '../support/customer-fields';

const REPORT_FILE = path.resolve(__dirname, '../fixtures/reports/water-damage-parramatta.json');
const REPORT_ID = '3f6b2c1e-8a4d-4c2b-9e71-2d5a6f0c9b11';
const MARKER = `[RA:${REPORT_ID}]`;

let office: OfficeWorld | null = null;
let hook: ((event: SimRequestEvent) => void) | null = null;
afterEach(async () => {
  hook = null;
  await office?.close();
  office = null;
});

async function ok<T>(desktop: Desktop, channel: string, input: unknown): Promise<T> {
  const result = await desktop.registry.invoke(channel, input);
  if (!result.ok) throw new Error(`${desktop.name}: ${channel} refused: ${result.error.message}`);
  return result.value as T;
}

async function open(desktops: number, filterTextScope: FilterTextScope, pageSize?: number): Promise<Desktop[]> {
  office = await createOfficeWorld({
    desktops,
    pageSize,
    sim: { jobs: 30, customers: 8, invoices: 2, filterTextScope, observe: (event) => hook?.(event) },
  });
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

/** A person edits some fields of a customer; the others go back as the form showed them. */
async function editCustomer(desktop: Desktop, customerId: number, changes: Record<string, string>): Promise<void> {
  const row = desktop.core.sqlite.prepare('SELECT * FROM ascora_customers WHERE id = ?').get(customerId) as Record<
    string,
    string | null
  >;
  const fields = { ...customerFieldsOfRow(row), ...changes };
  await ok(desktop, 'customers.update', { customerId, fields });
}

const customerState = (desktop: Desktop, id: number) =>
  desktop.core.sqlite.prepare('SELECT sync_state AS state FROM ascora_customers WHERE id = ?').get(id) as {
    state: string;
  };

describe("a customer's change Ascora refuses (issue 19 guards)", () => {
  it('leaves a conflict recorded while the refused save was on the wire for a person (a conflict survives a refusal)', async () => {
    const [a] = (await open(1, 'everything')) as [Desktop];
    const { id } = a.core.sqlite.prepare('SELECT id FROM ascora_customers ORDER BY id LIMIT 1').get() as { id: number };
    await editCustomer(a, id, { streetLine1: '5 Refused Road' });
    office!.sim.control.setFault('POST /Customers/Customer', {
      kind: 'reject',
      status: 422,
      message: 'The street is not valid.',
      times: 1,
    });
    // While the save is on the wire, a clash with another edit is recorded (another process on
    // this data folder, or a pull): only a person may settle it, a refusal does not.
    hook = (event) => {
      if (event.route !== 'post /customers/customer' || event.stage !== 'received') return;
      hook = null;
      a.core.db.transaction((tx) => {
        // As a pull's merge records one: the clash's row, then the record's state from it.
        tx.insert(conflicts)
          .values({
            integrationId: a.integrationId,
            entity: 'customer',
            recordId: id,
            fieldsJson: JSON.stringify([
              { field: 'streetLine1', base: 'old', mine: '5 Refused Road', theirs: '7 Other Road' },
            ]),
            theirsJson: '{}',
          })
          .run();
        markCustomerConflict(tx, id);
      });
    };
    await a.engine.syncNow(a.integrationId);
    expect(a.core.sqlite.prepare("SELECT state FROM outbox WHERE kind = 'update_customer'").get()).toEqual({
      state: 'failed',
    });
    expect(customerState(a, id)).toEqual({ state: 'conflict' });
  });

  it('is sent again, once, when a person edits the customer, and leaves nothing in Needs attention (an edit requeues a refused change)', async () => {
    const [a] = (await open(1, 'everything')) as [Desktop];
    const { id, ascoraId } = a.core.sqlite
      .prepare('SELECT id, ascora_customer_id AS ascoraId FROM ascora_customers ORDER BY id LIMIT 1')
      .get() as { id: number; ascoraId: string };
    await editCustomer(a, id, { streetLine1: '5 Wrong Road' });
    office!.sim.control.setFault('POST /Customers/Customer', {
      kind: 'reject',
      status: 422,
      message: 'The street is not valid.',
      times: 1,
    });
    await a.engine.syncNow(a.integrationId);
    expect(customerState(a, id)).toEqual({ state: 'failed' });
    // The person's fix is the edit: it goes with the refused change, not beside it.
    await editCustomer(a, id, { streetLine1: '5 Right Road' });
    await a.engine.syncNow(a.integrationId);
    expect(office!.sim.control.state().customers.find((c) => c.customerId === ascoraId)?.streetLine1).toBe(
      '5 Right Road',
    );
    expect(a.core.sqlite.prepare("SELECT kind, state FROM outbox WHERE kind = 'update_customer'").all()).toEqual([
      { kind: 'update_customer', state: 'done' },
    ]);
    expect(await ok(a, 'sync.problems', { integrationId: a.integrationId })).toEqual([]);
    expect(customerState(a, id)).toEqual({ state: 'synced' });
  });
});

describe('a job create whose answer was lost, twice (issue 19 guards)', () => {
  it('is looked up from the day its request first left, though a second send was lost days later (sent_at set once)', async () => {
    // FilterText searches names only: the created-date scan is the look-up that finds the job.
    const [a] = (await open(1, 'names')) as [Desktop];
    const jobId = await jobFromReport(a);
    const sentOn = new Date(office!.ascoraClock.now()).toISOString();
    office!.sim.control.setFault('POST /Jobs/Job', { kind: 'dropBeforeCommit', times: 2 });
    await a.engine.syncNow(a.integrationId);
    office!.ascoraClock.advance(2 * DAY_MS);
    // Day 2: the look-up finds nothing yet, the job is sent again, and that answer is lost too.
    await a.engine.syncNow(a.integrationId, { ignoreBackoff: true });
    expect(
      a.core.sqlite.prepare('SELECT state, outcome_unknown AS unknown FROM outbox WHERE record_id = ?').get(jobId),
    ).toEqual({
      state: 'pending',
      unknown: 1,
    });
    // Ascora's list now shows the first request's job, dated the day that request arrived.
    const customer = office!.sim.control.state().customers[0]!;
    office!.sim.control.addJob({
      jobName: 'Water damage – 14 Harris Street, Parramatta',
      jobDescription: `Applied late.\n${MARKER}`,
      dateCreated: sentOn,
      siteCustomer: { id: customer.customerId, name: customer.customerName },
    } as never);
    office!.ascoraClock.advance(DAY_MS);
    await a.engine.syncNow(a.integrationId, { ignoreBackoff: true });
    expect(jobsWithOurMarker()).toHaveLength(1);
    expect(linkOf(a, jobId)).toBe(jobsWithOurMarker()[0]!.jobId);
  });
});

describe('a full pass while another user reorders the jobs (issue 19 guards)', () => {
  it('counts no job as unseen when the pass saw fewer jobs than Ascora counted (the full pass count check)', async () => {
    const [a] = (await open(1, 'everything', 10)) as [Desktop];
    const last = office!.sim.control.state().jobs.at(-1)!;
    // Page 1 is answered; then another user's edit moves the last job to the top of the list,
    // so pages 2 and 3 never show it and this pass sees 29 of Ascora's 30 jobs.
    hook = (event) => {
      if (event.route !== 'get /jobs/jobs' || !/[?&]page=1(&|$)/i.test(event.path) || event.stage !== 'committed')
        return;
      hook = null;
      office!.sim.control.moveRecord('jobs', last.jobId, 0);
    };
    await a.engine.syncNow(a.integrationId, { kind: 'full' });
    expect(hook).toBeNull();
    expect(
      a.core.sqlite.prepare('SELECT missing_passes AS n FROM ascora_jobs WHERE ascora_job_id = ?').get(last.jobId),
    ).toEqual({ n: 0 });
  });
});
