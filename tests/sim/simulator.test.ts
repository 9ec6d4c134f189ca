import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../../sim/data';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';

let sim: RunningSimulator;
beforeAll(async () => {
  // Control routes on: one test drives it over HTTP, as another process would.
  sim = await startSimulator({ port: 0, seed: 11, jobs: 620, customers: 90, invoices: 80, controlRoutes: true });
});
afterAll(() => sim.close());

const get = (path: string, key: string | null = DEMO_API_KEY) =>
  fetch(`${sim.url}${path}`, { headers: key === null ? {} : { Auth: key } });
const post = (path: string, body: unknown) =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { Auth: DEMO_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the simulator speaks Ascora', () => {
  it('refuses a request without the Auth header or with a wrong key, as Ascora does', async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await get('/Jobs/Jobs?Page=1&PageSize=2', key);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ success: false, message: expect.stringMatching(/denied/) });
    }
  });

  it('answers a list with the documented envelope', async () => {
    const body = await (await get('/Jobs/Jobs?Page=1&PageSize=2')).json();
    expect(body).toMatchObject({ success: true, totalPages: 310, totalRecords: 620 });
    expect(body.results).toHaveLength(2);
    expect(Object.keys(body.results[0])).toEqual(
      expect.arrayContaining([
        'jobId',
        'jobNumber',
        'jobName',
        'jobStatus',
        'jobStatusText',
        'dateCreated',
        'totalExTax',
        'totalIncTax',
        'siteCustomer',
        'billingCustomer',
        'jobType',
        'clientOrderNumber',
      ]),
    );
  });

  it('pages through every job exactly once, 250 to a page by default', async () => {
    const first = await (await get('/Jobs/Jobs?Page=1')).json();
    expect(first.results).toHaveLength(250);
    const ids = new Set<string>();
    for (let page = 1; page <= first.totalPages; page++) {
      const body = await (await get(`/Jobs/Jobs?Page=${page}&PageSize=250`)).json();
      for (const job of body.results) ids.add(job.jobId);
    }
    expect(ids.size).toBe(620);
  });

  it('filters jobs by created date, customer name and text', async () => {
    const all = sim.control.state().jobs;
    const day = all[0]!.dateCreated.slice(0, 10);
    const byDate = await (await get(`/Jobs/Jobs?StartDate=${day}&EndDate=${day}&PageSize=1000`)).json();
    expect(byDate.results.length).toBeGreaterThan(0);
    expect(byDate.results.every((j: { dateCreated: string }) => j.dateCreated.startsWith(day))).toBe(true);
    const name = all[0]!.siteCustomer!.name;
    const byName = await (
      await get(`/Jobs/Jobs?CustomerName=${encodeURIComponent(name.slice(0, 5))}&PageSize=1000`)
    ).json();
    expect(byName.results.map((j: { jobId: string }) => j.jobId)).toContain(all[0]!.jobId);
    const byText = await (await get(`/Jobs/Jobs?FilterText=${all[3]!.jobNumber}`)).json();
    expect(byText.results.map((j: { jobId: string }) => j.jobId)).toContain(all[3]!.jobId);
  });

  it('gets one job by its number, not its GUID', async () => {
    const job = sim.control.state().jobs[5]!;
    expect(await (await get(`/Jobs/Job/${job.jobNumber}`)).json()).toMatchObject({
      success: true,
      job: { jobId: job.jobId },
    });
    expect((await get(`/Jobs/Job/${job.jobId}`)).status).toBe(404);
  });

  it('creates a job only for an existing site customer', async () => {
    const refused = await post('/Jobs/Job', { jobName: 'No customer' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ success: false, message: expect.any(String) });
    const customer = sim.control.state().customers[0]!;
    const created = await (
      await post('/Jobs/Job', {
        siteCustomer: { id: customer.customerId },
        jobName: 'Water damage – 1 Test St, Hobart',
        state: 'TAS',
        clientOrderNumber: 'CLM-1',
      })
    ).json();
    expect(created).toMatchObject({
      success: true,
      job: {
        jobNumber: expect.stringMatching(/^J\d+$/),
        jobStatusText: 'New',
        state: 'TAS',
        clientOrderNumber: 'CLM-1',
      },
    });
  });

  it('creates a customer, or updates one when the body carries its customerId', async () => {
    const created = await (
      await post('/Customers/Customer', {
        contactFirstName: 'Tom',
        contactLastName: "O'Brien",
        emailAddress: 'tom@example.com.au',
      })
    ).json();
    expect(created).toMatchObject({ success: true, customer: { customerName: "Tom O'Brien" } });
    const id = created.customer.customerId;
    const updated = await (
      await post('/Customers/Customer', { customerId: id, contactFirstName: 'Thomas', contactLastName: "O'Brien" })
    ).json();
    expect(updated.customer).toMatchObject({
      customerId: id,
      customerName: "Thomas O'Brien",
      emailAddress: 'tom@example.com.au',
    });
    expect((await post('/Customers/Customer', { emailAddress: 'x@example.com' })).status).toBe(400);
  });

  it('lists invoices to send as a bare array, strictly before the date, without exported ones', async () => {
    expect((await get('/Accounting/GetInvoicesToSend')).status).toBe(400);
    const all = await (await get('/Accounting/GetInvoicesToSend?priorToDate=2100-01-01')).json();
    expect(Array.isArray(all)).toBe(true);
    expect(all).toHaveLength(80);
    const day = all[0].invoiceDate.slice(0, 10);
    const before = await (await get(`/Accounting/GetInvoicesToSend?priorToDate=${day}`)).json();
    expect(before.every((i: { invoiceDate: string }) => i.invoiceDate.slice(0, 10) < day)).toBe(true);
    sim.control.markInvoiceExported(all[0].id);
    const after = await (await get('/Accounting/GetInvoicesToSend?priorToDate=2100-01-01')).json();
    expect(after.map((i: { id: string }) => i.id)).not.toContain(all[0].id);
  });

  it('records a payment only for a known invoice and a configured method', async () => {
    const invoice = sim.control.state().invoices[1]!;
    const good = {
      invoiceNumber: invoice.invoiceNumber,
      paymentAmount: 10.5,
      paymentDate: '2026-11-24T00:00:00',
      paymentMethod: 'EFT',
      receiptNumber: 'RA-PAY-1',
    };
    expect(await (await post('/Accounting/CreatePayment', good)).json()).toMatchObject({ success: true });
    expect((await post('/Accounting/CreatePayment', { ...good, paymentMethod: 'Bitcoin' })).status).toBe(400);
    expect((await post('/Accounting/CreatePayment', { ...good, invoiceNumber: 'INV-0' })).status).toBe(400);
    expect(sim.control.state().payments).toHaveLength(1);
  });

  it('records and refuses any Mark* call', async () => {
    const res = await post('/Accounting/MarkInvoicesAsSent', []);
    expect(res.status).toBe(410);
    expect(sim.control.state().forbiddenCalls).toEqual(['POST /Accounting/MarkInvoicesAsSent']);
  });
});

describe('the simulator injects faults', () => {
  it('answers 429 with Retry-After for the next requests, then recovers', async () => {
    sim.control.setFault('GET /Customers/Customers', { kind: 'rateLimit', retryAfterSeconds: 3, times: 1 });
    const limited = await get('/Customers/Customers');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await get('/Customers/Customers')).status).toBe(200);
  });

  it('applies a write and then drops the connection (outcome unknown to the client)', async () => {
    const customer = sim.control.state().customers[2]!;
    const before = sim.control.state().jobs.length;
    sim.control.setFault('POST /Jobs/Job', { kind: 'dropAfterCommit', times: 1 });
    await expect(
      post('/Jobs/Job', { siteCustomer: { id: customer.customerId }, jobName: 'Dropped' }),
    ).rejects.toThrow();
    expect(sim.control.state().jobs.length).toBe(before + 1);
  });

  it('drops the connection before a write is applied', async () => {
    const customer = sim.control.state().customers[2]!;
    const before = sim.control.state().jobs.length;
    sim.control.setFault('POST /Jobs/Job', { kind: 'dropBeforeCommit', times: 1 });
    await expect(post('/Jobs/Job', { siteCustomer: { id: customer.customerId } })).rejects.toThrow();
    expect(sim.control.state().jobs.length).toBe(before);
  });

  it('answers 503, truncated JSON and non-JSON bodies when told', async () => {
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'status', status: 503, times: 1 });
    expect((await get('/Jobs/Jobs')).status).toBe(503);
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'truncatedJson', times: 1 });
    await expect((await get('/Jobs/Jobs?PageSize=5')).json()).rejects.toThrow();
    sim.control.setFault('GET /Jobs/Jobs', { kind: 'invalidJson', times: 1 });
    expect(await (await get('/Jobs/Jobs?PageSize=5')).text()).toMatch(/<html>/);
  });

  it('goes offline: every request fails at the network level', async () => {
    sim.control.setOffline(true);
    await expect(get('/Jobs/Jobs')).rejects.toThrow();
    sim.control.setOffline(false);
    expect((await get('/Jobs/Jobs?PageSize=1')).status).toBe(200);
  });

  it('is controlled over HTTP by tests in another process', async () => {
    const call = (action: string, args: unknown[]) =>
      fetch(`${sim.url}/__sim/${action}`, {
        method: 'POST',
        headers: { 'X-Sim-Control': '1' },
        body: JSON.stringify(args),
      });
    const job = sim.control.state().jobs[9]!;
    expect((await call('editJob', [job.jobId, { jobStatusText: 'On Hold', jobStatus: 5 }])).status).toBe(200);
    expect(sim.control.state().jobs[9]).toMatchObject({ jobStatusText: 'On Hold' });
    expect((await fetch(`${sim.url}/__sim/state`, { method: 'POST' })).status).toBe(403);
  });
});

describe('the seeded generator', () => {
  it('gives the same data for the same seed and different data for another', () => {
    const a = generateData({ seed: 3, jobs: 50, customers: 10, invoices: 10 });
    expect(generateData({ seed: 3, jobs: 50, customers: 10, invoices: 10 })).toEqual(a);
    expect(generateData({ seed: 4, jobs: 50, customers: 10, invoices: 10 }).jobs[0]!.jobId).not.toBe(a.jobs[0]!.jobId);
  });

  it('makes Australian data: states with their postcodes, AU phone formats, GST-inclusive totals', () => {
    const { jobs, customers } = generateData({ seed: 5, jobs: 300, customers: 60, invoices: 0 });
    const postcodeFirstDigit: Record<string, string[]> = {
      NSW: ['2'],
      ACT: ['2'],
      VIC: ['3'],
      TAS: ['7'],
      QLD: ['4'],
      SA: ['5'],
      WA: ['6'],
      NT: ['0'],
    };
    for (const c of customers) {
      expect(postcodeFirstDigit[c.streetState!]).toContain(c.streetPostcode[0]);
      if (c.mobileNumber) expect(c.mobileNumber).toMatch(/^04\d{2} \d{3} \d{3}$/);
      if (c.phoneNumber) expect(c.phoneNumber).toMatch(/^0[2378] \d{4} \d{4}$/);
    }
    for (const j of jobs) {
      expect(j.totalIncTax).toBeCloseTo(j.totalExTax * 1.1, 2);
      expect(j.jobName).toMatch(/ damage – /);
    }
  });
});
