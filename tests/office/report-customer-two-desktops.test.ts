/**
 * Issue 19, the office chaos's commonest failure: one report made into a job with a NEW customer
 * on two desktops (the same person typed in twice). The job was already made once (desktop B takes
 * desktop A's job by the report's marker); the customer must be too: B's customer takes the
 * customer A made, never a second copy in Ascora. When both send at the very same moment, two
 * customers cannot be prevented, so Needs attention must say the customer was made twice. Real
 * parts: two SQLite files, the simulator over HTTP, every step through the desktops' IPC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncProblem } from '../../shared/domain';
import { createOfficeWorld, type Desktop, type OfficeWorld } from '../support/office';

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

const REPORT_ID = '5d705d4d-9ebb-4eb4-b117-8f47978492f9';
const EMAIL = 'ben.tran@example.com.au';

/** The report imported on a desktop and made into a job for a new customer, typed in there. */
async function jobWithNewCustomer(desktop: Desktop): Promise<void> {
  await ok(desktop, 'reports.create', {
    report: {
      report_id: REPORT_ID,
      property_address: '142 Example Street, Ipswich QLD 4305',
      damage_type: 'flood',
      state: 'QLD',
      client_name: 'Ben Tran',
      claim_number: 'CLM-552879',
      insurance_company: 'NRMA Insurance',
      total_cost: 9523.7,
      severity: 'Severe',
      summary: 'Two desktops, one report.',
    },
  });
  await ok(desktop, 'jobs.createFromReport', {
    integrationId: desktop.integrationId,
    reportId: REPORT_ID,
    customer: {
      mode: 'new',
      fields: {
        contactFirstName: 'Ben',
        contactLastName: 'Tran',
        companyName: '',
        emailAddress: EMAIL,
        phoneNumber: '08 9271 5080',
        mobileNumber: '',
        customerNumber: '',
        streetLine1: '290 Example Street',
        streetLine2: '',
        streetSuburb: 'Frankston',
        streetState: 'VIC',
        streetPostcode: '3199',
        streetCountry: 'Australia',
      },
    },
  });
}

async function twoDesktops() {
  office = await createOfficeWorld({ desktops: 2, sim: { jobs: 20, customers: 6, invoices: 2 } });
  const [a, b] = office.desktops as [Desktop, Desktop];
  for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { kind: 'full' });
  await jobWithNewCustomer(a);
  await jobWithNewCustomer(b);
  return { a, b };
}

const customersInAscora = () => office!.sim.control.state().customers.filter((c) => c.emailAddress === EMAIL);
const jobsInAscora = () =>
  office!.sim.control.state().jobs.filter((j) => j.jobDescription.trimEnd().endsWith(`[RA:${REPORT_ID}]`));
const linkOf = (d: Desktop) =>
  d.core.sqlite
    .prepare(
      `SELECT j.ascora_job_id AS job, c.ascora_customer_id AS customer, c.sync_state AS state
         FROM ascora_jobs j JOIN ascora_customers c ON c.id = j.site_customer_local_id WHERE j.report_id = ?`,
    )
    .get(REPORT_ID);

describe('one report made into a job with a new customer on two desktops', () => {
  it("desktop A syncs, then B: one customer and one job in Ascora, and B's job and customer are A's", async () => {
    const { a, b } = await twoDesktops();
    await a.engine.syncNow(a.integrationId);
    await b.engine.syncNow(b.integrationId);
    expect(customersInAscora()).toHaveLength(1);
    expect(jobsInAscora()).toHaveLength(1);
    const expected = { job: jobsInAscora()[0]!.jobId, customer: customersInAscora()[0]!.customerId, state: 'synced' };
    expect(linkOf(b)).toEqual(expected);
    // One row per Ascora customer on B, and the log says why nothing was sent.
    const rows = b.core.sqlite.prepare('SELECT count(*) AS n FROM ascora_customers WHERE email_address = ?').get(EMAIL);
    expect(rows).toEqual({ n: 1 });
    const logged = b.core.sqlite
      .prepare(
        "SELECT message FROM ascora_sync_logs WHERE entity = 'create_customer' AND message LIKE '%another desktop%'",
      )
      .all();
    expect(logged).toHaveLength(1);
    await a.engine.syncNow(a.integrationId, { kind: 'full' });
    expect(linkOf(a)).toEqual(expected);
    for (const d of [a, b]) expect(await ok(d, 'sync.problems', { integrationId: d.integrationId })).toEqual([]);
  });

  it("B's customer edited on B before it synced: the edit reaches Ascora, and the second customer is shown", async () => {
    const { a, b } = await twoDesktops();
    await a.engine.syncNow(a.integrationId);
    const mine = b.core.sqlite.prepare('SELECT id FROM ascora_customers WHERE email_address = ?').get(EMAIL) as {
      id: number;
    };
    await ok(b, 'customers.update', {
      customerId: mine.id,
      fields: {
        customerNumber: '',
        companyName: '',
        contactFirstName: 'Ben',
        contactLastName: 'Tran',
        emailAddress: EMAIL,
        phoneNumber: '02 4156 7826',
        mobileNumber: '',
        streetLine1: '13 Local Lane',
        streetLine2: '',
        streetSuburb: 'Frankston',
        streetState: 'VIC',
        streetPostcode: '3199',
        streetCountry: 'Australia',
      },
    });
    await b.engine.syncNow(b.integrationId);
    const onB = b.core.sqlite
      .prepare('SELECT ascora_customer_id AS id FROM ascora_customers WHERE id = ?')
      .get(mine.id) as {
      id: string;
    };
    const sent = office!.sim.control.state().customers.find((c) => c.customerId === onB.id)!;
    expect({ street: sent.streetLine1, phone: sent.phoneNumber }).toEqual({
      street: '13 Local Lane',
      phone: '02 4156 7826',
    });
    const copies = customersInAscora();
    expect(copies).toHaveLength(2);
    const problems = await ok<SyncProblem[]>(b, 'sync.problems', { integrationId: b.integrationId });
    expect(
      problems.filter(
        (p) => /made twice/.test(p.reason ?? '') && copies.every((c) => (p.reason ?? '').includes(c.customerId)),
      ),
      JSON.stringify(problems),
    ).toHaveLength(1);
  });

  it('both customers sent before either job: one job, and Needs attention says the customer was made twice', async () => {
    const { a, b } = await twoDesktops();
    // A's customer goes, its job's request is lost before Ascora takes it (retried later) ...
    office!.sim.control.setFault('POST /Jobs/Job', { kind: 'dropBeforeCommit', times: 1 });
    await a.engine.syncNow(a.integrationId);
    expect(customersInAscora()).toHaveLength(1);
    expect(jobsInAscora()).toHaveLength(0);
    // ... B finds no job for the report, so sends its customer and the job ...
    await b.engine.syncNow(b.integrationId);
    // ... and A takes B's job by the report's marker: one job, two customers nobody can undo here.
    await a.engine.syncNow(a.integrationId, { ignoreBackoff: true });
    expect(jobsInAscora()).toHaveLength(1);
    const copies = customersInAscora();
    expect(copies).toHaveLength(2);
    const problems = await ok<SyncProblem[]>(a, 'sync.problems', { integrationId: a.integrationId });
    const saysTwice = problems.filter(
      (p) => /made twice/.test(p.reason ?? '') && copies.every((c) => (p.reason ?? '').includes(c.customerId)),
    );
    expect(saysTwice, JSON.stringify(problems)).toHaveLength(1);
    expect(saysTwice[0]!.state).toBe('duplicate');
  });

  it('both send at the same moment: one customer, or Needs attention says the customer was made twice', async () => {
    const { a, b } = await twoDesktops();
    await Promise.all([a.engine.syncNow(a.integrationId), b.engine.syncNow(b.integrationId)]);
    for (const d of [a, b]) await d.engine.syncNow(d.integrationId, { kind: 'full' });
    const copies = customersInAscora();
    if (copies.length === 1) return;
    const problems = (
      await Promise.all([a, b].map((d) => ok<SyncProblem[]>(d, 'sync.problems', { integrationId: d.integrationId })))
    ).flat();
    const saysTwice = problems.filter(
      (p) => /made twice/.test(p.reason ?? '') && copies.every((c) => (p.reason ?? '').includes(c.customerId)),
    );
    expect(saysTwice.length, JSON.stringify(problems)).toBeGreaterThan(0);
  });
});
