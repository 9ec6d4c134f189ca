/**
 * A chaos scenario: what people do in the app while offline, what "another Ascora user" does in
 * the simulator, which faults the network throws, and when the app syncs, as plain JSON so a
 * failing run can be written to a file and replayed. A seed always makes the same scenario.
 *
 * Steps that act on an existing record carry a `pick` in [0, 1): the record is chosen among the
 * candidates when the step runs, so any sub-list of steps (what the shrinker tries) still runs.
 */
import type { Fault } from '../../sim/faults';
import { PLACES } from '../../sim/places';
import { createRandom } from '../../sim/random';

export const SCENARIO_VERSION = 1;

export interface WorldSize {
  jobs: number;
  customers: number;
  invoices: number;
  /** Small pages, so a pull has many pages (and many commits) to be interrupted between. */
  pageSize: number;
}

export interface NewCustomer {
  contactFirstName: string;
  contactLastName: string;
  companyName: string;
  emailAddress: string;
  phoneNumber: string;
  streetLine1: string;
  streetSuburb: string;
  streetState: (typeof PLACES)[number]['state'];
  streetPostcode: string;
}

/** Fields a person edits on a customer here; the names of CustomerFields. */
export type LocalCustomerChange = Partial<
  Record<'phoneNumber' | 'streetLine1' | 'streetLine2' | 'streetSuburb' | 'contactLastName' | 'emailAddress', string>
>;
/** Fields another Ascora user edits; they overlap the local ones, so conflicts happen. */
export type RemoteCustomerChange = Partial<
  Record<'phoneNumber' | 'streetLine1' | 'streetSuburb' | 'mobileNumber', string>
>;

export interface ReportSeed {
  reportId: string;
  clientName: string;
  propertyAddress: string;
  state: (typeof PLACES)[number]['state'];
  damageType: 'water' | 'fire' | 'storm' | 'flood' | 'mold';
  severity: 'Minor' | 'Moderate' | 'Major' | 'Severe';
  totalCost: number;
  claimNumber: string;
}

/**
 * One step. In an office scenario (Scenario.office) an app step carries the desktop it runs on
 * (`desktop`, 0 when left out); the other user's and the network's steps act on the one Ascora.
 */
export type Step = StepAction & { desktop?: number };

type StepAction =
  // the app
  | { op: 'sync'; ignoreBackoff: boolean }
  /** Office: every desktop syncs at the same moment (one desktop alone: a sync). */
  | { op: 'syncTogether' }
  | { op: 'advanceClock'; ms: number }
  | { op: 'createCustomer'; customer: NewCustomer }
  /** `ownOnly`: among the customers made in this app (often still waiting for their create). */
  | { op: 'editCustomer'; pick: number; changes: LocalCustomerChange; ownOnly: boolean }
  | {
      op: 'jobFromReport';
      report: ReportSeed;
      customer: { mode: 'new'; fields: NewCustomer } | { mode: 'existing'; pick: number };
    }
  | { op: 'recordPayment'; pick: number; fraction: number; method: string }
  | { op: 'localStatus'; pick: number; statusText: string }
  | { op: 'resolveConflicts'; choice: 'mine' | 'theirs' | 'mixed' }
  | { op: 'addPaymentMethodLocally'; method: string }
  // another Ascora user
  | { op: 'remoteEditJob'; pick: number; patch: { jobStatus: number; jobStatusText: string; workUndertaken: string } }
  | { op: 'remoteAddJob'; jobName: string }
  | { op: 'remoteDeleteJob'; pick: number }
  /** `onLocallyEdited`: the customer a person here edited last, so the two edits meet. */
  | { op: 'remoteEditCustomer'; pick: number; changes: RemoteCustomerChange; onLocallyEdited: boolean }
  | { op: 'remoteAddCustomer'; contactFirstName: string; contactLastName: string; emailAddress: string }
  | { op: 'remoteDeleteCustomer'; pick: number }
  | { op: 'remoteAddInvoice'; amountExTax: number }
  | { op: 'remoteExportInvoice'; pick: number }
  // the network
  | { op: 'fault'; route: string; fault: Fault }
  | { op: 'clearFaults' }
  | { op: 'offline'; on: boolean };

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  seed: number;
  world: WorldSize;
  steps: Step[];
  /** Several desktops on the one Ascora account (tests/chaos/office.ts); left out: one desktop. */
  office?: OfficeSetup;
}

export interface OfficeSetup {
  desktops: number;
  /** Per desktop, how far its computer's clock is from Ascora's (up to three days either way). */
  clockOffsetsMs: number[];
  /** The chance that other users edit a record just before any one request Ascora receives. */
  otherUserRate: number;
  filterTextScope: 'everything' | 'names' | 'words';
}

/** Every route the app calls, and '*' for all of them at once. */
export const FAULT_ROUTES = [
  'GET /Jobs/Jobs',
  'POST /Jobs/Job',
  'GET /Customers/Customers',
  'GET /Customers/Customer/{customerId}',
  'POST /Customers/Customer',
  'GET /Accounting/GetInvoicesToSend',
  'POST /Accounting/CreatePayment',
  '*',
] as const;

const WRITE_ROUTES = FAULT_ROUTES.filter((r) => r.startsWith('POST'));

const STATUS_TEXTS = [
  [1, 'Pending'],
  [2, 'Scheduled'],
  [3, 'In Progress'],
  [5, 'On Hold'],
  [8, 'Complete'],
] as const;
const LOCAL_STATUSES = ['Drying', 'Awaiting insurer', 'Moisture readings due', 'Make safe done'];
const FIRST = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Eli', 'Farah', 'Grace', 'Hamish', 'Ivy', 'Jack'];
const LAST = ['Nguyen', 'Smith', 'Kaur', 'Papadopoulos', "O'Brien", 'Tran', 'Williams', 'Rossi'];

export function generateScenario(
  seed: number,
  world: WorldSize = { jobs: 40, customers: 14, invoices: 10, pageSize: 10 },
): Scenario {
  const rng = createRandom(seed * 7919 + 17);
  let serial = 0;
  const unique = () => `${seed}x${++serial}`;
  const pick = () => Math.floor(rng.next() * 1000) / 1000;
  const phone = () => `0${rng.pick(['2', '3', '7', '8'])} ${rng.int(4000, 9999)} ${rng.int(1000, 9999)}`;
  const newCustomer = (): NewCustomer => {
    const place = rng.pick(PLACES);
    const id = unique();
    const company = rng.chance(0.15);
    return {
      contactFirstName: rng.pick(FIRST),
      contactLastName: rng.pick(LAST),
      companyName: company ? `Chaos Holdings ${id} Pty Ltd` : '',
      emailAddress: `chaos.${id}@example.com.au`,
      phoneNumber: rng.chance(0.7) ? phone() : '',
      streetLine1: `${rng.int(1, 300)} Chaos Street`,
      streetSuburb: place.suburb,
      streetState: place.state,
      streetPostcode: place.postcode,
    };
  };
  const report = (clientName: string): ReportSeed => {
    const place = rng.pick(PLACES);
    return {
      reportId: rng.guid(),
      clientName,
      propertyAddress: `${rng.int(1, 300)} Chaos Street, ${place.suburb} ${place.state} ${place.postcode}`,
      state: place.state,
      damageType: rng.pick(['water', 'fire', 'storm', 'flood', 'mold'] as const),
      severity: rng.pick(['Minor', 'Moderate', 'Major', 'Severe'] as const),
      totalCost: rng.int(300, 40_000) + rng.int(0, 99) / 100,
      claimNumber: rng.chance(0.8) ? `CLM-${rng.int(100000, 999999)}` : '',
    };
  };
  const fault = (): Fault => {
    const shape = rng.chance(0.55)
      ? { times: rng.int(1, 3), ...(rng.chance(0.3) ? { skip: rng.int(1, 3) } : {}) }
      : { rate: rng.int(1, 4) / 10 };
    const kind = rng.pick([
      'latency',
      'status',
      'rateLimit',
      'dropBeforeCommit',
      'dropAfterCommit',
      'truncatedJson',
      'invalidJson',
      'statusAfterCommit',
      'unreadableRecord',
    ] as const);
    switch (kind) {
      case 'latency':
        return { kind, ms: rng.int(1, 25), ...shape };
      case 'status':
      case 'statusAfterCommit':
        return { kind, status: rng.pick([500, 502, 503, 504] as const), ...shape };
      case 'rateLimit':
        return { kind, retryAfterSeconds: rng.int(0, 5), ...shape };
      default:
        return { kind, ...shape };
    }
  };

  const steps: Step[] = [];
  if (rng.chance(0.85)) steps.push({ op: 'sync', ignoreBackoff: true });
  const length = rng.int(25, 60);
  while (steps.length < length) {
    const roll = rng.next();
    if (roll < 0.12) steps.push({ op: 'sync', ignoreBackoff: rng.chance(0.5) });
    else if (roll < 0.23)
      steps.push({
        op: 'fault',
        route: rng.chance(0.5) ? rng.pick(WRITE_ROUTES) : rng.pick(FAULT_ROUTES),
        fault: fault(),
      });
    else if (roll < 0.26) steps.push({ op: 'clearFaults' });
    else if (roll < 0.285) steps.push({ op: 'offline', on: rng.chance(0.5) });
    else if (roll < 0.3) steps.push({ op: 'advanceClock', ms: rng.int(1, 120) * 1000 });
    else if (roll < 0.37) steps.push({ op: 'createCustomer', customer: newCustomer() });
    else if (roll < 0.46) {
      const changes: LocalCustomerChange = {};
      for (let i = rng.int(1, 2); i > 0; i--) {
        const field = rng.pick([
          'phoneNumber',
          'streetLine1',
          'streetLine2',
          'streetSuburb',
          'contactLastName',
          'emailAddress',
        ] as const);
        changes[field] =
          field === 'phoneNumber'
            ? phone()
            : field === 'streetLine1'
              ? `${rng.int(1, 300)} Local Lane`
              : field === 'streetLine2'
                ? `Unit ${rng.int(1, 40)}`
                : field === 'streetSuburb'
                  ? rng.pick(PLACES).suburb
                  : field === 'contactLastName'
                    ? `${rng.pick(LAST)}-Local`
                    : `edited.${unique()}@example.com.au`;
      }
      const ownOnly = rng.chance(0.35);
      steps.push({ op: 'editCustomer', pick: pick(), changes, ownOnly });
      // Often another user edits the same customer before the next sync: both edits meet.
      if (!ownOnly && rng.chance(0.5)) {
        const clash: RemoteCustomerChange = {};
        if (changes.phoneNumber || rng.chance(0.5)) clash.phoneNumber = phone();
        if (changes.streetLine1 || rng.chance(0.3)) clash.streetLine1 = `${rng.int(1, 300)} Remote Road`;
        if (rng.chance(0.3)) clash.mobileNumber = `04${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
        steps.push({ op: 'remoteEditCustomer', pick: pick(), changes: clash, onLocallyEdited: true });
      }
    } else if (roll < 0.55) {
      const fields = newCustomer();
      const existing = rng.chance(0.4);
      steps.push({
        op: 'jobFromReport',
        report: report(
          existing ? 'Existing Client' : fields.companyName || `${fields.contactFirstName} ${fields.contactLastName}`,
        ),
        customer: existing ? { mode: 'existing', pick: pick() } : { mode: 'new', fields },
      });
    } else if (roll < 0.6)
      steps.push({
        op: 'recordPayment',
        pick: pick(),
        fraction: rng.int(5, 60) / 100,
        method: rng.chance(0.9) ? rng.pick(['EFT', 'Credit Card']) : 'Crypto',
      });
    else if (roll < 0.62) steps.push({ op: 'addPaymentMethodLocally', method: 'Crypto' });
    else if (roll < 0.65) steps.push({ op: 'localStatus', pick: pick(), statusText: rng.pick(LOCAL_STATUSES) });
    else if (roll < 0.68)
      steps.push({ op: 'resolveConflicts', choice: rng.pick(['mine', 'theirs', 'mixed'] as const) });
    else if (roll < 0.74) {
      const [code, text] = rng.pick(STATUS_TEXTS);
      steps.push({
        op: 'remoteEditJob',
        pick: pick(),
        patch: { jobStatus: code, jobStatusText: text, workUndertaken: `Updated by the office ${unique()}` },
      });
    } else if (roll < 0.76) steps.push({ op: 'remoteAddJob', jobName: `Added by another user ${unique()}` });
    else if (roll < 0.78) steps.push({ op: 'remoteDeleteJob', pick: pick() });
    else if (roll < 0.86) {
      const changes: RemoteCustomerChange = {};
      for (let i = rng.int(1, 2); i > 0; i--) {
        const field = rng.pick(['phoneNumber', 'streetLine1', 'streetSuburb', 'mobileNumber'] as const);
        changes[field] =
          field === 'phoneNumber'
            ? phone()
            : field === 'streetLine1'
              ? `${rng.int(1, 300)} Remote Road`
              : field === 'streetSuburb'
                ? rng.pick(PLACES).suburb
                : `04${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
      }
      steps.push({ op: 'remoteEditCustomer', pick: pick(), changes, onLocallyEdited: rng.chance(0.5) });
    } else if (roll < 0.88) {
      const id = unique();
      steps.push({
        op: 'remoteAddCustomer',
        contactFirstName: rng.pick(FIRST),
        contactLastName: `Remote${id}`,
        emailAddress: `remote.${id}@example.com.au`,
      });
    } else if (roll < 0.9) steps.push({ op: 'remoteDeleteCustomer', pick: pick() });
    else if (roll < 0.93) steps.push({ op: 'remoteAddInvoice', amountExTax: rng.int(100, 5000) });
    else if (roll < 0.95) steps.push({ op: 'remoteExportInvoice', pick: pick() });
    else steps.push({ op: 'sync', ignoreBackoff: true });
  }
  return { version: SCENARIO_VERSION, seed, world, steps };
}

/** For a scenario file read back from disk: refuse what this runner cannot replay. */
export function parseScenario(json: string): Scenario {
  const value = JSON.parse(json) as Partial<Scenario>;
  if (
    value.version !== SCENARIO_VERSION ||
    typeof value.seed !== 'number' ||
    !Array.isArray(value.steps) ||
    !value.world
  ) {
    throw new Error(`Not a chaos scenario of version ${SCENARIO_VERSION}.`);
  }
  return value as Scenario;
}
