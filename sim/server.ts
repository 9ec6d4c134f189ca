/**
 * The Ascora simulator: the endpoints the app uses, as ascora-api.md documents them (paths, the
 * `Auth` header, envelopes, Page/PageSize, filters, errors), over real HTTP on a loopback address,
 * with injectable faults and a control interface (in process, and under /__sim/ when
 * `controlRoutes` is on). Every request must name the simulator by a loopback Host header.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isLoopbackHost } from '../shared/contract';
import { FaultTable, type Fault, type FaultKind } from './faults';
import { Link, recordsIn, resolveNetwork, sleep, type NetworkModel } from './network';
import { RejectedError, SimStore, type SimSnapshot } from './store';
import type { SimCustomer, SimInvoice, SimJob } from './data';

export const DEMO_API_KEY = 'demo-ascora-key-0000-restoreassist';
const DEFAULT_PAGE_SIZE = 250;
const MAX_PAGE_SIZE = 1000;
const REQUEST_LOG_LIMIT = 10_000;

/** Which fields FilterText / filterText search (ascora-api.md does not say, so tests can assume the worst). */
export type FilterTextScope = 'everything' | 'names' | 'words';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  jobs?: number;
  customers?: number;
  invoices?: number;
  /** The key the `Auth` header must carry (DEMO_API_KEY by default); `control.setApiKey` revokes it. */
  apiKey?: string;
  /** A flat delay before each API request is handled, for tests; it adds to `network`. */
  latencyMs?: number;
  /**
   * An Ascora-like network (docs/network-model.md): a round trip per request (and handshakes on a
   * new connection), Ascora's time per request and per record returned, and the office's download
   * speed. `{}` gives the defaults (ASCORA_NETWORK in sim/network.ts); left out, the simulator
   * answers at once. `control.setNetwork` changes it at run time.
   */
  network?: Partial<NetworkModel>;
  /**
   * What the lists' text filter searches. 'everything' (the default): jobs by name, description,
   * number, client order number, street and suburb; customers by name, company, email, phones and
   * street. 'names': jobs by jobName and jobNumber only; customers by customerName, companyName and
   * the contact's first and last names only, so a search by email, phone or claim number finds
   * nothing. 'words': as a forgiving search engine would, over the 'everything' fields: the text is
   * split into words, and a record matches when at least half of them are found (a word is found
   * in a field that has a word starting with it, or one typing slip away from it), so a search
   * also returns near matches and the app must check each answer on its own side.
   * `control.setFilterTextScope` switches it at run time.
   */
  filterTextScope?: FilterTextScope;
  /**
   * The tenant's clock, in ms since the epoch (Date.now by default): it stamps a created job's
   * dateCreated and an added invoice's date, so a test can create a job "on day 0" and look it up
   * "on day 2". The seeded data does not use it (it is anchored to DATA_ANCHOR).
   */
  now?: () => number;
  /**
   * Serve the control interface over HTTP under /__sim/<action> (POST, `X-Sim-Control: 1`). Off by
   * default: then /__sim/* is an unknown path like any other. `npm run sim` and tests that drive a
   * simulator from another process turn it on; the app's demo workspace never does, so nothing
   * else on the computer can read or change the demo through it.
   */
  controlRoutes?: boolean;
  /**
   * Keep the tenant in this JSON file: loaded at start when it exists, written shortly after
   * writes that Ascora would keep, and at close. The demo workspace uses it so its Ascora survives a
   * restart of the app, as the real one would.
   */
  stateFile?: string;
  /**
   * How the state file's bytes are kept: plain JSON unless given. The app passes its encryption
   * (main/core/sealed-files.ts), so the simulator itself knows nothing of keys and stays plain for
   * tests and `npm run sim`. A file fromDisk refuses is set aside as unreadable.
   */
  stateFormat?: StateFormat;
  /**
   * Called at each stage of every API request, and awaited: the crash tests kill the app at a
   * precise point (a request received, a write applied but not yet answered, an answer sent). A
   * control edit made at stage 'received' is seen by that same request: this is how tests make
   * "another Ascora user edits the record while the app pushes or reads it".
   */
  observe?: (event: SimRequestEvent) => void | Promise<void>;
}

export interface StateFormat {
  toDisk(json: string): Uint8Array | string;
  fromDisk(bytes: Buffer): string;
}

const PLAIN_STATE: StateFormat = { toDisk: (json) => json, fromDisk: (bytes) => bytes.toString('utf8') };

export interface SimRequestEvent {
  /** 1 for the first API request this simulator served. */
  seq: number;
  method: string;
  /** As fault routes name it: 'get /jobs/jobs', 'post /customers/customer', ... */
  route: string;
  /** The path with its query, as the request log has it ('/Jobs/Jobs?Page=2&PageSize=20'). */
  path: string;
  stage: 'received' | 'committed' | 'responded';
}

/** What `injectRaw` adds: any JSON at all, as a broken Ascora tenant might send it. */
export type RawEntity = 'jobs' | 'customers' | 'invoices';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface SimulatorState {
  jobs: SimJob[];
  customers: SimCustomer[];
  invoices: SimInvoice[];
  payments: SimStore['payments'];
  forbiddenCalls: string[];
}

export interface SimulatorControl {
  /** Faults per route ('POST /Jobs/Job', or '*'): see FaultKind in sim/faults.ts. */
  setFault(route: string, fault: Fault): void;
  /** Removes every fault, and ends setOffline. */
  clearFaults(): void;
  /** Every API request is read, then its socket destroyed with no answer (ECONNRESET / socket hang up). */
  setOffline(offline: boolean): void;
  /**
   * On: the simulator stops listening and resets the connections it has, so a client gets
   * ECONNREFUSED (the machine is there, nothing answers on the port). Off: it listens again on
   * the same port. In process only (over HTTP nothing could turn it off again).
   */
  setRefuseConnections(on: boolean): Promise<void>;
  setLatency(ms: number): void;
  /**
   * Turns the network model on (`{}`: the defaults; any field given replaces its default) or off
   * (null), for requests that arrive from now on. Returns the model in force.
   */
  setNetwork(model: Partial<NetworkModel> | null): NetworkModel | null;
  /** Revokes the current key: from now on only `newKey` is accepted, the old one gets 401. */
  setApiKey(newKey: string): void;
  /** See SimulatorOptions.filterTextScope. */
  setFilterTextScope(scope: FilterTextScope): void;
  /** See SimStore.customerNaming: for customers saved from now on. */
  setCustomerNaming(naming: 'company' | 'contact'): void;
  editJob(jobId: string, patch: Partial<SimJob>): SimJob;
  addJob(partial?: Partial<SimJob>): SimJob;
  deleteJob(jobId: string): void;
  editCustomer(customerId: string, patch: Partial<SimCustomer>): SimCustomer;
  /** Fields the partial leaves out are blank: no email, no phone unless given. */
  addCustomer(partial?: Partial<SimCustomer>): SimCustomer;
  /**
   * `count` customers sharing one name ('John Smith' unless the partial names another), no email,
   * each with its own phones and street: a filterText search for the name fills several pages.
   */
  addNamesakes(count: number, partial?: Partial<SimCustomer>): SimCustomer[];
  deleteCustomer(customerId: string): void;
  /** Moves a record in the list order (`toIndex` 0: first): what another user's edit may do to offset pages. */
  moveRecord(entity: 'jobs' | 'customers', id: string, toIndex: number): void;
  addInvoice(partial?: Partial<SimInvoice>): SimInvoice;
  markInvoiceExported(invoiceId: string): void;
  setPaymentMethods(names: string[]): void;
  /**
   * Bad data, as a broken tenant would send it: the record is served as it is (wrong types,
   * missing fields, huge strings), right after the record `afterId` names (a duplicate id in one
   * page) or at the end of the list.
   */
  injectRaw(entity: RawEntity, record: Record<string, unknown>, afterId?: string): void;
  state(): SimulatorState;
  requestLog(): RequestLogEntry[];
  resetRequestLog(): void;
}

export interface RunningSimulator {
  url: string;
  port: number;
  /** The key accepted now (after `control.setApiKey`, the new one). */
  readonly apiKey: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

const UNAUTHORISED = { success: false, message: 'Authorization has been denied for this request.' };

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The simulator listens on loopback addresses only, not ${host}.`);
  const seed = options.seed ?? 7;
  const jobCount = options.jobs ?? 500;
  const store = new SimStore({
    seed,
    jobs: jobCount,
    customers: options.customers ?? Math.max(1, Math.round(jobCount / 5)),
    invoices: options.invoices ?? Math.round(jobCount / 5),
    now: options.now,
  });
  const stateFormat = options.stateFormat ?? PLAIN_STATE;
  if (options.stateFile) loadState(store, options.stateFile, stateFormat);
  // Writes are saved a moment later, together: the demo's simulator runs inside the app, and
  // serialising the whole tenant on each create of a push would hold up its main loop.
  let saveTimer: NodeJS.Timeout | null = null;
  const persistNow = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (options.stateFile) saveState(store, options.stateFile, stateFormat);
  };
  const persist = () => {
    if (!options.stateFile || saveTimer) return;
    saveTimer = setTimeout(persistNow, 300);
    saveTimer.unref();
  };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let apiKey = options.apiKey ?? DEMO_API_KEY;
  let filterTextScope: FilterTextScope = options.filterTextScope ?? 'everything';
  const faults = new FaultTable(seed);
  let latencyMs = options.latencyMs ?? 0;
  let network = resolveNetwork(options.network);
  // The office's one link, shared by the answers in flight (unless the model says per answer).
  let link = new Link(network?.bytesPerSecond ?? null);
  const unlimited = new Link(null);
  // Connections that have paid their handshakes (keep-alive reuses them, as a real client does).
  const connected = new WeakSet<Socket>();
  let log: RequestLogEntry[] = [];
  let seq = 0;
  const forbiddenCalls: string[] = [];

  const control: SimulatorControl = {
    setFault: (route, fault) => faults.add(route, fault),
    clearFaults: () => faults.clear(),
    setOffline: (offline) => {
      faults.offline = offline;
    },
    setRefuseConnections: (on) => (on ? stopListening() : listen(port)),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setNetwork: (model) => {
      network = resolveNetwork(model);
      link = new Link(network?.bytesPerSecond ?? null);
      return network ? { ...network } : null;
    },
    setApiKey: (newKey) => {
      apiKey = newKey;
    },
    setFilterTextScope: (scope) => {
      filterTextScope = scope;
    },
    setCustomerNaming: (naming) => {
      store.customerNaming = naming;
    },
    editJob: (id, patch) => store.editJob(id, patch),
    addJob: (partial) => store.addJob(partial),
    deleteJob: (id) => store.deleteJob(id),
    editCustomer: (id, patch) => store.editCustomer(id, patch),
    addCustomer: (partial) => store.addCustomer(partial),
    addNamesakes: (count, partial) => store.addNamesakes(count, partial),
    deleteCustomer: (id) => store.deleteCustomer(id),
    moveRecord: (entity, id, toIndex) => store.moveRecord(entity, id, toIndex),
    addInvoice: (partial) => store.addInvoice(partial),
    markInvoiceExported: (id) => store.markInvoiceExported(id),
    setPaymentMethods: (names) => {
      store.paymentMethods = [...names];
    },
    injectRaw: (entity, record, afterId) => store.injectRaw(entity, record, afterId),
    state: () =>
      structuredClone({
        jobs: store.jobs,
        customers: store.customers,
        invoices: store.invoices,
        payments: store.payments,
        forbiddenCalls,
      }),
    requestLog: () => [...log],
    resetRequestLog: () => {
      log = [];
    },
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { success: false, message: 'Internal server error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Every answer is dated by the tenant's clock, as Ascora's own (Node's default is real time).
    res.setHeader('Date', new Date((options.now ?? Date.now)()).toUTCString());
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    // Against DNS rebinding: a page whose own name resolves to 127.0.0.1 still sends its name.
    if (!isOwnHostHeader(req.headers.host)) {
      return send(res, 421, {
        success: false,
        message: 'Address the simulator as 127.0.0.1, localhost or [::1] with its port.',
      });
    }
    if (options.controlRoutes && path.startsWith('/__sim/'))
      return handleControl(req, res, path.slice('/__sim/'.length));

    const record = (status: number) => {
      log.push({ method, path: `${path}${url.search}`, status });
      if (log.length > REQUEST_LOG_LIMIT) log = log.slice(-REQUEST_LOG_LIMIT);
    };
    if (faults.offline) {
      record(0);
      return void req.socket.destroy();
    }
    // The model in force when the request arrives is the one it is served under.
    const net = network;
    const netLink = !net ? unlimited : net.sharedLink ? link : new Link(net.bytesPerSecond);
    if (net) {
      const fresh = !connected.has(req.socket);
      connected.add(req.socket);
      // Half a round trip brings the request to Ascora (after the handshakes of a new connection).
      await sleep(net.roundTripMs / 2 + (fresh ? net.handshakeRoundTrips * net.roundTripMs : 0));
    }
    // When the simulator's own work on the request began (after any delay a test asked for).
    let workStarted = performance.now();
    // Ascora's time (per request, and per record in the answer), then half a round trip back; the
    // body then goes out at the link's speed. The simulator's own work (filtering, JSON) counts as
    // part of Ascora's time, so a slow machine does not make the model slower than it says.
    const answer = async (status: number, answerBody: unknown, fired: FaultKind[] = []): Promise<void> => {
      const text = render(answerBody, fired);
      if (net) {
        const ascoraMs = net.serverMs + net.perRecordMs * recordsIn(answerBody);
        await sleep(Math.max(0, ascoraMs - (performance.now() - workStarted)) + net.roundTripMs / 2);
      }
      // A length, as one write would give: the body may go out in slices.
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      const trickle = fired.find((f) => f.kind === 'trickleBody');
      if (trickle && trickle.kind === 'trickleBody') return trickleBody(res, text, trickle.intervalMs);
      const slow = fired.find((f) => f.kind === 'slowBody');
      return netLink.send(res, text, slow && slow.kind === 'slowBody' ? slow.ms : 0);
    };
    const route = routeKey(method, path);
    const event = { seq: ++seq, method, route, path: `${path}${url.search}` };
    await options.observe?.({ ...event, stage: 'received' });
    if (latencyMs > 0) await sleep(latencyMs);
    workStarted = performance.now();

    // The app must never mark invoices or payments as sent (ascora-api.md section 2).
    if (/mark/i.test(path)) {
      forbiddenCalls.push(`${method} ${path}`);
      record(410);
      return answer(410, {
        success: false,
        message: 'This simulator refuses Mark* calls: they belong to the accounting link.',
      });
    }

    const fired = faults.take(route, (kind) => kind !== 'reject');
    for (const fault of fired) if (fault.kind === 'latency') await sleep(fault.ms);
    workStarted = performance.now();
    if (fired.some((f) => f.kind === 'dropBeforeCommit')) {
      record(0);
      return void req.socket.destroy();
    }
    const statusFault = fired.find((f) => f.kind === 'status');
    if (statusFault && statusFault.kind === 'status') {
      record(statusFault.status);
      return answer(statusFault.status, { success: false, message: 'The service is temporarily unavailable.' });
    }
    const rateLimit = fired.find((f) => f.kind === 'rateLimit');
    if (rateLimit && rateLimit.kind === 'rateLimit') {
      record(429);
      res.setHeader('Retry-After', String(rateLimit.retryAfterSeconds));
      return answer(429, { success: false, message: 'Too many requests.' });
    }

    // As ASP.NET routing does: a path no endpoint serves is 404 before any key is looked at.
    if (!ASCORA_ROUTES.has(route)) {
      record(404);
      return answer(404, { success: false, message: 'Not found.' });
    }
    if (req.headers.auth !== apiKey) {
      record(401);
      return answer(401, UNAUTHORISED);
    }
    // Taken only now: Ascora refuses what it has read, so a request with a bad key leaves it set.
    const [rejection] = faults.take(route, (kind) => kind === 'reject');
    if (rejection && rejection.kind === 'reject') {
      record(rejection.status);
      return answer(rejection.status, { success: false, message: rejection.message });
    }

    let status: number;
    let body: unknown;
    try {
      const input = method === 'POST' ? await readJson(req) : undefined;
      [status, body] =
        route === 'post /jobs/job' || route === 'post /customers/customer' || route === 'post /accounting/createpayment'
          ? write(route, input)
          : read(method, path, url.searchParams);
    } catch (error) {
      if (error instanceof RejectedError) [status, body] = [error.status, { success: false, message: error.message }];
      else if (error instanceof SyntaxError)
        [status, body] = [400, { success: false, message: 'The request body is not valid JSON.' }];
      else throw error;
    }

    if (status === 200 && method === 'POST') persist();
    await options.observe?.({ ...event, stage: 'committed' });
    if (fired.some((f) => f.kind === 'dropAfterCommit')) {
      record(0);
      return void req.socket.destroy();
    }
    const failedAfterCommit = fired.find((f) => f.kind === 'statusAfterCommit');
    if (failedAfterCommit && failedAfterCommit.kind === 'statusAfterCommit') {
      record(failedAfterCommit.status);
      return answer(failedAfterCommit.status, { success: false, message: 'The service is temporarily unavailable.' });
    }
    record(status);
    if (options.observe) res.once('finish', () => void options.observe?.({ ...event, stage: 'responded' }));
    return answer(status, body, fired);
  }

  function read(method: string, path: string, query: URLSearchParams): [number, unknown] {
    const lower = path.toLowerCase();
    if (method !== 'GET') return [404, { success: false, message: 'Not found.' }];
    if (lower === '/jobs/jobs') return [200, paged(filterJobs(store.jobs, query, filterTextScope), query)];
    if (lower.startsWith('/jobs/job/')) {
      const job = store.jobByNumber(decodeURIComponent(path.slice('/jobs/job/'.length)));
      return job ? [200, { success: true, job }] : [404, { success: false, message: 'Job not found.' }];
    }
    if (lower === '/customers/customers')
      return [200, paged(filterCustomers(store.customers, query, filterTextScope), query)];
    if (lower.startsWith('/customers/customer/')) {
      const customer = store.customer(decodeURIComponent(path.slice('/customers/customer/'.length)));
      return customer ? [200, { success: true, customer }] : [404, { success: false, message: 'Customer not found.' }];
    }
    if (lower === '/accounting/getinvoicestosend') {
      const prior = getParam(query, 'priorToDate');
      if (!prior || !/^\d{4}-\d{2}-\d{2}/.test(prior))
        return [400, { success: false, message: 'priorToDate is required.' }];
      // A bare array, as observed on the real API.
      return [200, store.invoicesToSend(prior.slice(0, 10)).map(({ exported: _exported, ...wire }) => wire)];
    }
    return [404, { success: false, message: 'Not found.' }];
  }

  function write(route: string, input: unknown): [number, unknown] {
    const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    if (route === 'post /jobs/job') return [200, { success: true, job: store.createJob(body) }];
    if (route === 'post /customers/customer') return [200, { success: true, customer: store.saveCustomer(body) }];
    store.createPayment(body);
    return [200, { success: true, message: 'Payment created' }];
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    if (req.method !== 'POST' || req.headers['x-sim-control'] !== '1')
      return send(res, 403, { error: 'control needs POST and X-Sim-Control: 1' });
    // Refusing connections over HTTP would cut off the only way to end it.
    const fn =
      action === 'setRefuseConnections'
        ? undefined
        : (control as unknown as Record<string, (...args: unknown[]) => unknown>)[action];
    if (typeof fn !== 'function') return send(res, 404, { error: `no control action ${action}` });
    try {
      const args = await readJson(req);
      const result: unknown = await fn(...(Array.isArray(args) ? args : args === undefined ? [] : [args]));
      return send(res, 200, { ok: true, result: result ?? null });
    } catch (error) {
      return send(res, 400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  function listen(onPort: number): Promise<void> {
    if (server.listening) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** Closes the listening socket (new connections: ECONNREFUSED) and resets the open ones. */
  function stopListening(): Promise<void> {
    if (!server.listening) return Promise.resolve();
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  function isOwnHostHeader(header: string | undefined): boolean {
    const named = String(header ?? '').toLowerCase();
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${urlHost.toLowerCase()}:${port}`].includes(
      named,
    );
  }

  await listen(options.port ?? 0);
  // Kept for setRefuseConnections(false): the client's address must not change.
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    get apiKey() {
      return apiKey;
    },
    control,
    close: async () => {
      persistNow();
      await stopListening();
    },
  };
}

/** A file that cannot be read as a snapshot is set aside, and the tenant starts from its seed. */
function loadState(store: SimStore, file: string, format: StateFormat): void {
  if (!fs.existsSync(file)) return;
  try {
    const snapshot = JSON.parse(format.fromDisk(fs.readFileSync(file))) as SimSnapshot;
    if (snapshot.version !== 1 || !Array.isArray(snapshot.jobs)) throw new Error('not a snapshot');
    store.restore(snapshot);
  } catch {
    fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
  }
}

/**
 * Written whole to a temporary file, then renamed over the old one: a crash leaves one or the other.
 * The demo keeps this file in the private data folder, and what people type into the demo is
 * customer-like data: it is the owner's alone (0600; chmod because the open mode is masked by umask).
 */
function saveState(store: SimStore, file: string, format: StateFormat): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, format.toDisk(JSON.stringify(store.snapshot())), { mode: 0o600 });
  if (process.platform !== 'win32') fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

/** The endpoints the simulator serves, as routeKey names them. */
const ASCORA_ROUTES = new Set([
  'get /jobs/jobs',
  'get /jobs/job/{jobnumber}',
  'post /jobs/job',
  'get /customers/customers',
  'get /customers/customer/{customerid}',
  'post /customers/customer',
  'get /accounting/getinvoicestosend',
  'post /accounting/createpayment',
]);

function routeKey(method: string, path: string): string {
  const lower = path.toLowerCase();
  const base = lower.startsWith('/jobs/job/')
    ? '/jobs/job/{jobnumber}'
    : lower.startsWith('/customers/customer/')
      ? '/customers/customer/{customerid}'
      : lower;
  return `${method.toLowerCase()} ${base}`;
}

/** Query parameters are case-insensitive on the real API (Page, page, PAGE). */
function getParam(query: URLSearchParams, name: string): string | null {
  for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return null;
}

function paged<T>(items: T[], query: URLSearchParams) {
  const page = Math.max(1, Number(getParam(query, 'Page')) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(getParam(query, 'PageSize')) || DEFAULT_PAGE_SIZE));
  return {
    success: true,
    results: items.slice((page - 1) * pageSize, page * pageSize),
    totalPages: Math.ceil(items.length / pageSize),
    totalRecords: items.length,
  };
}

const contains = (value: unknown, needle: string) => typeof value === 'string' && value.toLowerCase().includes(needle);

const JOB_EVERYTHING = ['jobName', 'jobDescription', 'jobNumber', 'clientOrderNumber', 'addressLine1', 'suburb'];
const JOB_TEXT_FIELDS: Record<FilterTextScope, string[]> = {
  everything: JOB_EVERYTHING,
  names: ['jobName', 'jobNumber'],
  words: JOB_EVERYTHING,
};

const CUSTOMER_EVERYTHING = [
  'customerName',
  'companyName',
  'emailAddress',
  'phoneNumber',
  'mobileNumber',
  'streetLine1',
];
const CUSTOMER_TEXT_FIELDS: Record<FilterTextScope, string[]> = {
  everything: CUSTOMER_EVERYTHING,
  names: ['customerName', 'companyName', 'contactFirstName', 'contactLastName', 'contactFullName'],
  words: CUSTOMER_EVERYTHING,
};

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** At most one letter added, dropped or changed (Levenshtein distance <= 1). */
function oneSlipApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The 'words' scope: at least half of the query's words are each found in some searched field, a
 * field word that starts with it or (for words of four letters or more) is one slip from it.
 */
function matchesMostWords(values: unknown[], text: string): boolean {
  const query = wordsOf(text);
  if (query.length === 0) return true;
  const words = values.flatMap((v) => (typeof v === 'string' ? wordsOf(v) : []));
  const found = query.filter((q) => words.some((w) => w.startsWith(q) || (q.length >= 4 && oneSlipApart(q, w))));
  return found.length * 2 >= query.length;
}

/** Does the record answer this FilterText under the scope? */
function textMatches(scope: FilterTextScope, fields: string[], value: (field: string) => unknown, text: string) {
  if (scope === 'words') return matchesMostWords(fields.map(value), text);
  return fields.some((k) => contains(value(k), text));
}

/** contactFullName is not a wire field: it lets "John Smith" find the contact of a company customer. */
function customerField(customer: SimCustomer, field: string): unknown {
  return field === 'contactFullName' ? `${customer.contactFirstName} ${customer.contactLastName}` : customer[field];
}

function filterJobs(jobs: SimJob[], query: URLSearchParams, scope: FilterTextScope): SimJob[] {
  const customerName = getParam(query, 'CustomerName')?.toLowerCase();
  const jobType = getParam(query, 'JobType')?.toLowerCase();
  const start = getParam(query, 'StartDate');
  const end = getParam(query, 'EndDate');
  const text = getParam(query, 'FilterText')?.toLowerCase();
  if (!customerName && !jobType && !start && !end && !text) return jobs;
  return jobs.filter((job) => {
    const created = String(job.dateCreated ?? '').slice(0, 10);
    if (start && created < start.slice(0, 10)) return false;
    if (end && created > end.slice(0, 10)) return false;
    if (
      customerName &&
      !contains(job.siteCustomer?.name, customerName) &&
      !contains(job.billingCustomer?.name, customerName)
    )
      return false;
    if (jobType && job.jobType?.name.toLowerCase() !== jobType) return false;
    if (text && !textMatches(scope, JOB_TEXT_FIELDS[scope], (k) => job[k], text)) return false;
    return true;
  });
}

function filterCustomers(customers: SimCustomer[], query: URLSearchParams, scope: FilterTextScope): SimCustomer[] {
  const text = getParam(query, 'filterText')?.toLowerCase();
  const phone = getParam(query, 'phoneNumber')?.replace(/\D/g, '');
  if (!text && !phone) return customers;
  return customers.filter((c) => {
    if (text && !textMatches(scope, CUSTOMER_TEXT_FIELDS[scope], (k) => customerField(c, k), text)) return false;
    if (
      phone &&
      !(
        String(c.phoneNumber ?? '').replace(/\D/g, '') === phone ||
        String(c.mobileNumber ?? '').replace(/\D/g, '') === phone
      )
    )
      return false;
    return true;
  });
}

/** The answer's text, spoilt as the fired faults say. */
function render(body: unknown, fired: FaultKind[]): string {
  let text = JSON.stringify(body);
  if (fired.some((f) => f.kind === 'unreadableRecord') && body && typeof body === 'object') {
    const answer = { ...(body as Record<string, unknown>) };
    for (const key of ['customer', 'job'] as const)
      if (answer[key]) answer[key] = { ...(answer[key] as object), [`${key}Id`]: 12345 };
    text = JSON.stringify(answer);
  }
  if (fired.some((f) => f.kind === 'truncatedJson')) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (fired.some((f) => f.kind === 'invalidJson')) text = `<html><body>Service Unavailable</body></html>`;
  const oversize = fired.find((f) => f.kind === 'oversizeBody');
  if (oversize && oversize.kind === 'oversizeBody') text += ' '.repeat(Math.max(0, oversize.bytes - text.length));
  return text;
}

/** One byte at a time, `intervalMs` apart, until the body is out or the client has gone. */
async function trickleBody(res: ServerResponse, text: string, intervalMs: number): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length && !res.destroyed; i++) {
    res.write(bytes.subarray(i, i + 1));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  if (!res.destroyed) res.end();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.length === 0 ? undefined : JSON.parse(text));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}
