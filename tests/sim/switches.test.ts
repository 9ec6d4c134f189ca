/**
 * The switches that make the simulator a harsher Ascora for the sync engine's tests: what the text
 * filter searches, failures after a write, refusals, a closed port, a revoked key, namesakes, a
 * remote edit mid-request and a clock the test owns. All over real HTTP on 127.0.0.1.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startSimulator, type RunningSimulator } from '../../sim/server';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, jobs: 200, customers: 60, invoices: 10 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.clearFaults();
  sim.control.setFilterTextScope('everything');
});

type Listed<T> = { success: boolean; results: T[]; totalPages: number; totalRecords: number };
type Job = { jobId: string; jobNumber: string; dateCreated: string };
type Customer = {
  customerId: string;
  customerName: string;
  emailAddress: string;
  phoneNumber: string;
  mobileNumber: string;
};

const get = (path: string, key = DEMO_API_KEY, on: RunningSimulator = sim) =>
  fetch(`${on.url}${path}`, { headers: { Auth: key } });
const getJson = async <T>(path: string, on: RunningSimulator = sim): Promise<T> =>
  (await get(path, DEMO_API_KEY, on)).json() as Promise<T>;
const post = (path: string, body: unknown, on: RunningSimulator = sim) =>
  fetch(`${on.url}${path}`, {
    method: 'POST',
    headers: { Auth: DEMO_API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const jobIdsFor = async (text: string) =>
  (await getJson<Listed<Job>>(`/Jobs/Jobs?FilterText=${encodeURIComponent(text)}&PageSize=1000`)).results.map(
    (j) => j.jobId,
  );
const customerIdsFor = async (text: string) =>
  (
    await getJson<Listed<Customer>>(`/Customers/Customers?filterText=${encodeURIComponent(text)}&PageSize=1000`)
  ).results.map((c) => c.customerId);

describe('what FilterText searches', () => {
  it("'names' finds jobs by name and number only, not by description, claim number or address", async () => {
    const job = sim.control.state().jobs[4]!;
    sim.control.editJob(job.jobId, {
      jobName: 'Burst pipe at the Quokka depot',
      jobDescription: 'Described as zebrafinch flooding',
      clientOrderNumber: 'CLM-7741009',
      addressLine1: '9 Wombatica Lane',
    });
    const byField = ['Quokka', job.jobNumber, 'zebrafinch', 'CLM-7741009', 'Wombatica'];
    for (const text of byField) expect(await jobIdsFor(text)).toContain(job.jobId);

    sim.control.setFilterTextScope('names');
    expect(await jobIdsFor('Quokka')).toContain(job.jobId);
    expect(await jobIdsFor(job.jobNumber)).toContain(job.jobId);
    for (const text of ['zebrafinch', 'CLM-7741009', 'Wombatica']) expect(await jobIdsFor(text)).toEqual([]);
  });

  it("'names' finds customers by name, company and contact only, not by email, phone or street", async () => {
    const customer = sim.control.addCustomer({
      companyName: 'Platypus Restorations Pty Ltd',
      contactFirstName: 'Wilhelmina',
      contactLastName: 'Quartermaine',
      emailAddress: 'accounts@platypus-resto.example.com.au',
      phoneNumber: '02 9123 4567',
      streetLine1: '31 Echidna Parade',
    });
    for (const text of ['Platypus', 'accounts@platypus-resto', '02 9123 4567', 'Echidna Parade']) {
      expect(await customerIdsFor(text)).toContain(customer.customerId);
    }

    sim.control.setFilterTextScope('names');
    for (const text of ['Platypus', 'Wilhelmina', 'Wilhelmina Quartermaine'])
      expect(await customerIdsFor(text)).toContain(customer.customerId);
    for (const text of ['accounts@platypus-resto', '02 9123 4567', 'Echidna Parade'])
      expect(await customerIdsFor(text)).toEqual([]);
  });

  it('can start in the narrow scope', async () => {
    const narrow = await startSimulator({ port: 0, seed: 23, jobs: 20, customers: 5, filterTextScope: 'names' });
    try {
      const customer = narrow.control.addCustomer({
        contactFirstName: 'Ada',
        contactLastName: 'Lovelace',
        emailAddress: 'ada@example.com.au',
      });
      const found = (text: string) =>
        getJson<Listed<Customer>>(`/Customers/Customers?filterText=${encodeURIComponent(text)}`, narrow);
      expect((await found('Lovelace')).results.map((c) => c.customerId)).toEqual([customer.customerId]);
      expect((await found('ada@example.com.au')).totalRecords).toBe(0);
    } finally {
      await narrow.close();
    }
  });
});

describe('failures a sync must survive', () => {
  it('statusAfterCommit: the job is created, and the answer is still a 5xx', async () => {
    const customer = sim.control.state().customers[0]!;
    sim.control.setFault('POST /Jobs/Job', { kind: 'statusAfterCommit', status: 502, times: 1 });
    const res = await post('/Jobs/Job', {
      siteCustomer: { id: customer.customerId },
      jobName: 'Applied despite the 502',
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ success: false });
    expect(sim.control.state().jobs.filter((j) => j.jobName === 'Applied despite the 502')).toHaveLength(1);
  });

  it('reject: Ascora refuses with its status and message, and applies nothing', async () => {
    const before = sim.control.state().customers.length;
    const message = 'A customer with this email address already exists.';
    sim.control.setFault('POST /Customers/Customer', { kind: 'reject', status: 409, message, times: 1 });
    const refused = await post('/Customers/Customer', { companyName: 'Refused Twice Pty Ltd' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ success: false, message });
    expect(sim.control.state().customers.length).toBe(before);
    // Once only: the same request goes through afterwards.
    expect((await post('/Customers/Customer', { companyName: 'Refused Twice Pty Ltd' })).status).toBe(200);
  });

  it('reject comes after the key check: a bad key still gets 401', async () => {
    sim.control.setFault('GET /Jobs/Jobs', {
      kind: 'reject',
      status: 422,
      message: 'PageSize is too large.',
      times: 1,
    });
    expect((await get('/Jobs/Jobs?PageSize=1', 'not-the-key')).status).toBe(401);
    expect((await get('/Jobs/Jobs?PageSize=1')).status).toBe(422);
  });

  it('refuses connections (ECONNREFUSED; a kept-alive socket is reset), then listens again on the same port', async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await request(sim.port, { agent })).status).toBe(200);
      await sim.control.setRefuseConnections(true);
      // The kept-alive socket was reset: it fails (reset, or refused if the agent saw the reset first).
      await expect(request(sim.port, { agent })).rejects.toMatchObject({
        code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/),
      });
      await expect(request(sim.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await sim.control.setRefuseConnections(false);
      expect((await request(sim.port, { agent })).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('resets a request in flight when it starts refusing, as a machine going down would', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const going = await startSimulator({
      port: 0,
      seed: 23,
      jobs: 20,
      customers: 5,
      // Holds the request inside the simulator until the port is closed.
      observe: async (event) => {
        if (event.stage !== 'received') return;
        arrived();
        await held;
      },
    });
    try {
      const inFlight = request(going.port);
      await requestArrived;
      await going.control.setRefuseConnections(true);
      await expect(inFlight).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      release();
      await going.close();
    }
  });

  it('revokes the API key mid-sync: the old key gets 401 from then on', async () => {
    const other = await startSimulator({ port: 0, seed: 23, jobs: 20, customers: 5 });
    try {
      expect((await get('/Jobs/Jobs?PageSize=1', DEMO_API_KEY, other)).status).toBe(200);
      other.control.setApiKey('rotated-key-0001');
      expect((await get('/Jobs/Jobs?PageSize=1', DEMO_API_KEY, other)).status).toBe(401);
      expect((await get('/Jobs/Jobs?PageSize=1', 'rotated-key-0001', other)).status).toBe(200);
      expect(other.apiKey).toBe('rotated-key-0001');
    } finally {
      await other.close();
    }
  });
});

describe('data a sync cannot take for granted', () => {
  it('a customer added by another user may have no email at all', async () => {
    const added = sim.control.addCustomer({
      contactFirstName: 'Noemail',
      contactLastName: 'Person',
      mobileNumber: '0412 345 678',
      onHold: true,
    });
    const served = await getJson<{ customer: Customer & { onHold: boolean } }>(
      `/Customers/Customer/${added.customerId}`,
    );
    expect(served.customer).toMatchObject({
      customerName: 'Noemail Person',
      emailAddress: '',
      mobileNumber: '0412 345 678',
      onHold: true,
    });
  });

  it('namesakes: 130 John Smiths with no email and their own phones fill several pages of a name search', async () => {
    const namesakes = sim.control.addNamesakes(130);
    expect(namesakes).toHaveLength(130);
    expect(
      namesakes.every(
        (c) => c.customerName === 'John Smith' && c.emailAddress === '' && (c.phoneNumber || c.mobileNumber),
      ),
    ).toBe(true);
    expect(new Set(namesakes.map((c) => `${c.phoneNumber}|${c.mobileNumber}`)).size).toBeGreaterThan(120);

    const first = await getJson<Listed<Customer>>('/Customers/Customers?filterText=John%20Smith&Page=1&PageSize=50');
    expect(first.totalRecords).toBeGreaterThanOrEqual(130);
    expect(first.totalPages).toBeGreaterThanOrEqual(3);
    const seen = new Set<string>();
    for (let page = 1; page <= first.totalPages; page++) {
      const body = await getJson<Listed<Customer>>(
        `/Customers/Customers?filterText=John%20Smith&Page=${page}&PageSize=50`,
      );
      for (const c of body.results) seen.add(c.customerId);
    }
    expect(namesakes.filter((c) => !seen.has(c.customerId))).toEqual([]);
  });
});

describe('another Ascora user, at a precise moment', () => {
  it('a customer edited when the GET is received is what that same GET answers', async () => {
    // This is how tests make "another user edits during a push": the edit lands between the
    // request reaching Ascora and Ascora reading the record.
    let target = '';
    const watched = await startSimulator({
      port: 0,
      seed: 23,
      jobs: 20,
      customers: 5,
      observe: (event) => {
        if (event.stage === 'received' && event.route === 'get /customers/customer/{customerid}') {
          watched.control.editCustomer(target, { emailAddress: 'edited.meanwhile@example.com.au' });
        }
      },
    });
    try {
      const customer = watched.control.state().customers[1]!;
      target = customer.customerId;
      expect(customer.emailAddress).not.toBe('edited.meanwhile@example.com.au');
      const served = await getJson<{ customer: Customer }>(`/Customers/Customer/${customer.customerId}`, watched);
      expect(served.customer.emailAddress).toBe('edited.meanwhile@example.com.au');
    } finally {
      await watched.close();
    }
  });
});

describe("the tenant's clock", () => {
  it('stamps a job created on day 0 with day 0, and finds it by that date on day 2', async () => {
    const DAY = 86_400_000;
    let now = Date.UTC(2027, 2, 10, 9, 30);
    const timed = await startSimulator({ port: 0, seed: 23, jobs: 20, customers: 5, now: () => now });
    try {
      const customer = timed.control.state().customers[0]!;
      const created = (await (
        await post('/Jobs/Job', { siteCustomer: { id: customer.customerId }, jobName: 'Made on day 0' }, timed)
      ).json()) as { job: Job };
      expect(created.job.dateCreated).toBe('2027-03-10T09:30:00.000Z');
      now += 2 * DAY;
      const onDayZero = await getJson<Listed<Job>>('/Jobs/Jobs?StartDate=2027-03-10&EndDate=2027-03-10', timed);
      expect(onDayZero.results.map((j) => j.jobNumber)).toEqual([created.job.jobNumber]);
      expect(timed.control.addJob().dateCreated).toBe('2027-03-12T09:30:00.000Z');
      expect(timed.control.addInvoice().invoiceDate).toBe('2027-03-12T00:00:00');
    } finally {
      await timed.close();
    }
  });
});

/** node:http rather than fetch: the error code (ECONNREFUSED) and the agent are the client's own. */
function request(port: number, options: { agent?: http.Agent } = {}): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/Jobs/Jobs?PageSize=1', headers: { Auth: DEMO_API_KEY }, agent: options.agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
  });
}
