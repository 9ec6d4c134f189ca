/**
 * Chaos for an office (issue 19): two to four desktops, each its own data folder, engine and
 * computer clock (up to three days from Ascora's), on one simulated Ascora account, while other
 * users edit descriptions, names, streets, companies and phones between any two requests (the
 * simulator's `observe` hook). As in Joplin's sync fuzzer, several clients act at random against
 * one server and the end state is checked against a model of what each was asked to do.
 *
 * A seed with one desktop is the single-desktop chaos run as it always was (runner.ts).
 *
 * Invariants across the desktops, after every desktop has settled:
 * - duplicate job: each report is at most one job in Ascora, or every extra one is shown to a
 *   person (listed in Needs attention, `sync.problems`, on some desktop);
 * - duplicate customer: each customer made in the office (told by its email) is in Ascora at most
 *   once, or the extra ones are shown to a person;
 * - lost edit: a field a person saved on a desktop reached Ascora (it may be changed again later,
 *   by someone who saw it), unless a person chose otherwise in a conflict;
 * - overwrote other user: a desktop's save changes in Ascora only fields a person there changed or
 *   chose, and never replaces a newer edit made elsewhere that it had not seen;
 * - lost link: each desktop's job for a report is linked to one of that report's jobs in Ascora;
 * - and per desktop, the single-desktop model's checks that do not depend on being alone: the
 *   mirror equals Ascora, every change is settled, the file is sound, no key leaks.
 */
import { checkIntegrity } from '../../main/core/db/open';
import { createRandom, type Random } from '../../sim/random';
import type { SimCustomer } from '../../sim/data';
import type { SimRequestEvent } from '../../sim/server';
import type { SyncProblem } from '../../shared/domain';
import { createOfficeWorld, DAY_MS, type Desktop, type OfficeWorld } from '../support/office';
import { categoryOf, checkSettledWorld } from './model';
import {
  chaosApiKey,
  collectStats,
  emptyChaosStats,
  invoke,
  resolveConflicts,
  runScenario,
  runStep,
  scanForKey,
  startRun,
  sync,
  type ChaosResult,
  type ChaosStats,
  type Run,
} from './runner';
import { generateScenario, type OfficeSetup, type Scenario, type Step } from './scenario';

/** What an office run adds to the figures. */
export interface OfficeStats {
  desktops: number;
  otherUserEdits: number;
  /** Ascora jobs beyond the first for one report, and those of them shown to a person. */
  extraJobs: number;
  extraJobsShown: number;
  extraCustomers: number;
  extraCustomersShown: number;
  /** New customers whose create's outcome was unknown, parked for a person to look up. */
  customersParkedForPerson: number;
  /**
   * Another user's edit made between a desktop's read of a customer and its save, replaced by the
   * save: Ascora has no conditional save, so no client can see it (counted, not a violation).
   */
  blindOverwrites: number;
}

export interface OfficeResult extends ChaosResult {
  office: OfficeStats;
}

/** Single-desktop checks that assume no other writer: the office checks replace them. */
const ALONE_ONLY = new Set([
  'duplicate create',
  'lost link',
  'lost edit',
  'overwrote other user',
  'silent pick',
  'false conflict',
]);
/** Fields other users edit on a customer, and what they may write there. */
const OTHER_USER_CUSTOMER_FIELDS = [
  'contactFirstName',
  'contactLastName',
  'companyName',
  'streetLine1',
  'phoneNumber',
  'mobileNumber',
] as const;
/** Customer fields compared before and after a desktop's save. */
const CUSTOMER_FIELDS = [
  ...OTHER_USER_CUSTOMER_FIELDS,
  'customerNumber',
  'emailAddress',
  'streetLine2',
  'streetSuburb',
  'streetState',
  'streetPostcode',
  'streetCountry',
] as const;
const OFFICE_SETTLE_ROUNDS = 8;

/** Seeds give 1, 2, 3 or 4 desktops in turn; a seed with one desktop is the classic scenario. */
export function generateOfficeScenario(seed: number): Scenario {
  const base = generateScenario(seed);
  const desktops = 1 + (((seed % 4) + 4) % 4);
  if (desktops === 1) return base;
  const rng = createRandom(seed * 104_729 + 3);
  const office: OfficeSetup = {
    desktops,
    clockOffsetsMs: Array.from({ length: desktops }, () => rng.int(-3 * 24 * 60, 3 * 24 * 60) * 60_000),
    otherUserRate: rng.pick([0.05, 0.1, 0.2]),
    filterTextScope: rng.pick(['everything', 'names', 'words'] as const),
  };
  const steps: Step[] = [];
  for (const step of base.steps) {
    if (step.op === 'sync' && rng.chance(0.3)) {
      steps.push({ op: 'syncTogether' });
      continue;
    }
    // Payments stay on the first desktop: receipt numbers are RA-PAY-<local id> (see the report).
    const desktop = step.op === 'recordPayment' || step.op === 'addPaymentMethodLocally' ? 0 : rng.int(0, desktops - 1);
    steps.push({ ...step, desktop });
    // The same report imported on another desktop and made into a job there too: issue 19's case.
    if (step.op === 'jobFromReport' && rng.chance(0.6))
      steps.push({
        ...step,
        desktop: (desktop + rng.int(1, desktops - 1)) % desktops,
        customer: rng.chance(0.5) ? step.customer : { mode: 'existing', pick: Math.floor(rng.next() * 1000) / 1000 },
      });
    // Now and then a computer is left off overnight: days pass on every clock.
    if (rng.chance(0.03)) steps.push({ op: 'advanceClock', ms: rng.int(1, 36) * 60 * 60_000 });
  }
  return { ...base, steps, office };
}

/** Any scenario: one desktop (runner.ts) or an office. */
export async function runAnyScenario(scenario: Scenario): Promise<OfficeResult> {
  if (!scenario.office || scenario.office.desktops <= 1) {
    const result = await runScenario(scenario);
    return { ...result, office: { ...emptyOfficeStats(), desktops: 1 } };
  }
  return runOfficeScenario(scenario, scenario.office);
}

export const emptyOfficeStats = (): OfficeStats => ({
  desktops: 0,
  otherUserEdits: 0,
  extraJobs: 0,
  extraJobsShown: 0,
  extraCustomers: 0,
  extraCustomersShown: 0,
  customersParkedForPerson: 0,
  blindOverwrites: 0,
});

/** A change of one customer field in Ascora, in the order things happened (`tick`). */
interface FieldChange {
  customerId: string;
  field: string;
  value: string;
  tick: number;
  /** A desktop's index, or 'other' for another Ascora user. */
  by: number | 'other';
}

interface Office {
  world: OfficeWorld;
  runs: Run[];
  rng: Random;
  setup: OfficeSetup;
  /** Other users edit only while the scenario runs, not while the office settles. */
  otherUsersActive: boolean;
  /** The desktop acting now (null: several at once). */
  acting: number | null;
  tick: number;
  history: FieldChange[];
  /** `${desktop}:${localId}:${field}` -> the value a person saved there, and when. */
  intents: Map<string, { value: string; tick: number }>;
  /** Ascora customer id -> when a desktop last read it by itself (the read before a save). */
  lastRead: Map<string, number>;
  /** `${customerId}:${field}` -> its last change in `history`. */
  current: Map<string, FieldChange>;
  /** Job number -> each name another user gave it, from the name before: a create's name may change later. */
  jobRenames: Map<string, { from: string; to: string }[]>;
  violations: string[];
  stats: OfficeStats;
}

const text = (value: unknown) => String(value ?? '');

async function runOfficeScenario(scenario: Scenario, setup: OfficeSetup): Promise<OfficeResult> {
  // The hook is installed before the office exists; it reaches the office through this box.
  const box: { office: Office | null } = { office: null };
  const world = await createOfficeWorld({
    desktops: setup.desktops,
    clockOffsetsMs: setup.clockOffsetsMs,
    pageSize: scenario.world.pageSize,
    sim: {
      seed: scenario.seed,
      jobs: scenario.world.jobs,
      customers: scenario.world.customers,
      invoices: scenario.world.invoices,
      apiKey: chaosApiKey(scenario.seed),
      filterTextScope: setup.filterTextScope,
      observe: (event) => {
        if (box.office) observe(box.office, event);
      },
    },
  });
  const office: Office = {
    world,
    runs: world.desktops.map((desktop) => ({ ...startRun(desktop), registry: desktop.registry })),
    rng: createRandom(scenario.seed * 31 + 7),
    setup,
    otherUsersActive: true,
    acting: null,
    tick: 0,
    history: [],
    intents: new Map(),
    current: new Map(),
    lastRead: new Map(),
    jobRenames: new Map(),
    violations: [],
    stats: { ...emptyOfficeStats(), desktops: setup.desktops },
  };
  box.office = office;
  recordChanges(office, 'other');
  try {
    for (const step of scenario.steps) {
      await runOfficeStep(office, step);
      for (const run of office.runs) {
        const integrity = checkIntegrity(run.world.core.sqlite);
        if (!integrity.ok)
          office.violations.push(
            `integrity: desktop ${deskName(run)} after ${step.op}: ${integrity.problems.join('; ')}`,
          );
      }
    }
    office.otherUsersActive = false;
    await settleOffice(office);
    await checkOffice(office);
  } catch (error) {
    office.violations.push(
      `crash: ${error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)}`,
    );
  } finally {
    await world.close();
  }
  const stats = emptyChaosStats();
  for (const run of office.runs)
    for (const key of Object.keys(stats) as (keyof ChaosStats)[]) stats[key] += run.stats[key];
  stats.steps = scenario.steps.length;
  // The simulator is shared: its request log is the office's, not each desktop's.
  stats.requests = office.runs[0]?.stats.requests ?? 0;
  stats.faultyAnswers = office.runs[0]?.stats.faultyAnswers ?? 0;
  const violations = [...office.violations, ...office.runs.flatMap((r) => r.violations)];
  return { seed: scenario.seed, violations: [...new Set(violations)], stats, office: office.stats };
}

const deskName = (run: Run) => (run.world as Desktop).name;

async function runOfficeStep(office: Office, step: Step): Promise<void> {
  office.tick++;
  if (step.op === 'syncTogether') {
    office.acting = null;
    await Promise.all(office.runs.map((run) => sync(run, true)));
    return;
  }
  const index = Math.min(office.runs.length - 1, step.desktop ?? 0);
  const run = office.runs[index]!;
  office.acting = index;
  const before = snapshotIntents(run);
  await runStep(run, step);
  // Another user's edit made by a step (remoteEditCustomer...), in its place in time.
  if (step.op.startsWith('remote')) recordChanges(office, 'other');
  // What a person saved in this step, stamped with the moment they saved it.
  for (const [key, value] of snapshotIntents(run)) {
    if (before.get(key) === value) continue;
    office.tick++;
    const [localId, field] = key.split(':') as [string, string];
    office.intents.set(`${index}:${key}`, { value, tick: office.tick });
    // Ascora already had that value: the edit is as good as there.
    const remote = ascoraCustomerOf(run, Number(localId));
    if (remote && text(remote[field]) === value)
      office.history.push({ customerId: remote.customerId, field, value, tick: office.tick, by: index });
  }
}

function snapshotIntents(run: Run): Map<string, string> {
  const out = new Map<string, string>();
  for (const [localId, fields] of run.model.customerIntents)
    for (const [field, value] of fields) out.set(`${localId}:${field}`, value);
  return out;
}

function ascoraCustomerOf(run: Run, localId: number): SimCustomer | undefined {
  const row = run.world.core.sqlite
    .prepare('SELECT ascora_customer_id AS a FROM ascora_customers WHERE id = ?')
    .get(localId) as { a: string | null } | undefined;
  return row?.a ? run.world.sim.control.state().customers.find((c) => c.customerId === row.a) : undefined;
}

/**
 * Between any two requests, other users may edit a record. A desktop's customer save is compared
 * with what Ascora had just before it, field by field, to see what the save changed.
 */
function observe(office: Office, event: SimRequestEvent): void {
  office.tick++;
  const save = event.route === 'post /customers/customer';
  if (event.route === 'get /customers/customer/{customerid}' && event.stage === 'committed')
    office.lastRead.set(decodeURIComponent(event.path.split('?')[0]!.split('/').pop() ?? ''), office.tick);
  if (event.stage === 'received') {
    if (office.otherUsersActive && office.rng.chance(office.setup.otherUserRate)) otherUserEdits(office);
    if (save) recordChanges(office, 'other');
  } else if (save && event.stage === 'committed') recordChanges(office, office.acting ?? -1);
}

/**
 * Every customer field that differs from the last value known is recorded as changed by `by`; a
 * desktop's changes (a save) are audited. A customer first seen gets its values as a baseline.
 */
function recordChanges(office: Office, by: number | 'other'): void {
  for (const customer of office.world.sim.control.state().customers) {
    for (const field of CUSTOMER_FIELDS) {
      const value = text(customer[field]);
      const last = office.current.get(`${customer.customerId}:${field}`);
      if (last?.value === value) continue;
      if (last && by !== 'other') auditSave(office, customer.customerId, field, last, value);
      note(office, { customerId: customer.customerId, field, value, tick: last ? office.tick : 0, by });
    }
  }
}

function note(office: Office, change: FieldChange): void {
  office.history.push(change);
  office.current.set(`${change.customerId}:${change.field}`, change);
}

/** Other users at work: a customer's names, street, company or phone, or a job's name or description. */
function otherUserEdits(office: Office): void {
  const { rng } = office;
  const sim = office.world.sim.control;
  const state = sim.state();
  office.stats.otherUserEdits++;
  if (rng.chance(0.55) && state.customers.length > 0) {
    const customer = rng.pick(state.customers);
    const field = rng.pick(OTHER_USER_CUSTOMER_FIELDS);
    const value =
      field === 'phoneNumber'
        ? `0${rng.pick(['2', '3', '7', '8'])} ${rng.int(4000, 9999)} ${rng.int(1000, 9999)}`
        : field === 'mobileNumber'
          ? `04${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`
          : field === 'streetLine1'
            ? `${rng.int(1, 300)} Office Parade`
            : field === 'companyName'
              ? rng.chance(0.5)
                ? ''
                : `Renamed ${rng.int(1, 999)} Pty Ltd`
              : `${text(customer[field]).replace(/ \(edited\)$/, '')}${rng.chance(0.5) ? ' (edited)' : 'e'}`;
    recordChanges(office, 'other');
    sim.editCustomer(customer.customerId, { [field]: value });
    recordChanges(office, 'other');
    return;
  }
  if (state.jobs.length === 0) return;
  const job = rng.pick(state.jobs);
  const description = text(job.jobDescription);
  const marker = description.lastIndexOf('[RA:');
  if (rng.chance(0.3)) {
    const rename = { from: text(job.jobName), to: `${text(job.jobName)} – checked` };
    office.jobRenames.set(job.jobNumber, [...(office.jobRenames.get(job.jobNumber) ?? []), rename]);
    sim.editJob(job.jobId, { jobName: rename.to });
    return;
  }
  // A note typed into the description: above the report's marker line, or now and then below it.
  const note = `Note from the office ${rng.int(1, 9999)}.`;
  const below = rng.chance(0.25);
  sim.editJob(job.jobId, {
    jobDescription:
      marker < 0 || below
        ? `${description}\n${note}`
        : `${description.slice(0, marker)}${note}\n${description.slice(marker)}`,
  });
}

/**
 * A desktop's save changed `field` from `last.value` to `value`: someone there must have asked for
 * it (saved it, or chose it in a conflict), and the value replaced must not be a newer edit made
 * elsewhere that the desktop had not seen.
 */
function auditSave(office: Office, customerId: string, field: string, last: FieldChange, value: string): void {
  const senders = office.acting === null ? office.runs.map((_, i) => i) : [office.acting];
  const askedBy = senders.filter((d) => {
    const run = office.runs[d]!;
    const localId = localIdOf(run, customerId);
    if (localId === null) return false;
    const intent = office.intents.get(`${d}:${localId}:${field}`);
    return intent?.value === value || run.model.chosen.get(localId)?.has(field);
  });
  if (askedBy.length === 0) {
    // Changed by another user after the app last read this customer: the save carries the whole
    // record, and Ascora has no conditional save, so nothing on our side could have seen it.
    const read = office.lastRead.get(customerId);
    if (last.by === 'other' && read !== undefined && last.tick > read) {
      office.stats.blindOverwrites++;
      return;
    }
    office.violations.push(
      `overwrote other user: customer ${customerId}: a desktop's save changed ${field} from ${JSON.stringify(last.value)} to ${JSON.stringify(value)}, which nobody there asked for`,
    );
    return;
  }
  // The replaced value was set elsewhere after the person here saved theirs, and nobody chose.
  const replacedNewer = askedBy.every((d) => {
    const run = office.runs[d]!;
    const localId = localIdOf(run, customerId)!;
    const intent = office.intents.get(`${d}:${localId}:${field}`);
    const chosen = run.model.chosen.get(localId)?.has(field);
    return !chosen && intent !== undefined && last.by !== d && last.tick > intent.tick;
  });
  if (replacedNewer) {
    // Set elsewhere after the app's last read of this customer, before its save arrived: as above,
    // no client could have seen it (Ascora has no conditional save); counted, not a violation.
    const read = office.lastRead.get(customerId);
    if (last.by === 'other' && read !== undefined && last.tick > read) {
      office.stats.blindOverwrites++;
      return;
    }
    office.violations.push(
      `overwrote other user: customer ${customerId}: ${field} was set to ${JSON.stringify(last.value)} elsewhere after a desktop saved ${JSON.stringify(value)}, and that desktop's save replaced it without a person choosing`,
    );
  }
}

function localIdOf(run: Run, ascoraCustomerId: string): number | null {
  const row = run.world.core.sqlite
    .prepare('SELECT id FROM ascora_customers WHERE ascora_customer_id = ?')
    .get(ascoraCustomerId) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Faults off, online, then round after round every desktop syncs (full) and a person resolves its
 * conflicts, until two rounds in a row change nothing anywhere: each desktop then has seen the
 * others' last writes.
 */
async function settleOffice(office: Office): Promise<void> {
  const sim = office.world.sim.control;
  sim.clearFaults();
  sim.setOffline(false);
  let quiet = 0;
  let last = '';
  for (let round = 0; round < OFFICE_SETTLE_ROUNDS && quiet < 2; round++) {
    let changed = false;
    for (const [index, run] of office.runs.entries()) {
      office.acting = index;
      const summary = await sync(run, true, 'full');
      const resolved =
        (await resolveConflicts(run, round % 2 === 0 ? 'mine' : 'mixed')) + (await resolveHeldCustomers(office, run));
      const status = run.world.engine.status(run.world.integrationId);
      last = `desktop ${deskName(run)}: ${summary.status}: ${summary.message} (pending ${status.pendingCount}, conflicts ${status.conflictCount})`;
      changed ||=
        summary.status === 'failed' ||
        summary.written > 0 ||
        summary.pushed > 0 ||
        status.pendingCount > 0 ||
        resolved > 0;
    }
    quiet = changed ? 0 : quiet + 1;
  }
  if (quiet < 2)
    office.violations.push(`unsettled: the office did not settle in ${OFFICE_SETTLE_ROUNDS} rounds; last ${last}`);
  // A person checks each payment Ascora never answered for, then that desktop syncs again.
  for (const run of office.runs) {
    const unknown = run.world.core.sqlite
      .prepare("SELECT id, receipt_number AS receipt FROM payments WHERE state = 'needs_check'")
      .all() as { id: number; receipt: string }[];
    run.stats.needsCheck += unknown.length;
    for (const payment of unknown) {
      const found = sim.state().payments.some((p) => p.receiptNumber === payment.receipt);
      await invoke(run, 'invoices.confirmPayment', { paymentId: payment.id, foundInAscora: found });
    }
    if (unknown.length > 0) await sync(run, true, 'full');
  }
  // The last writes of each desktop reach the others' mirrors.
  for (const run of office.runs) await sync(run, true, 'full');
}

/**
 * A person looks up each customer create held for a check (its answer lost, only look-alikes in
 * Ascora, push.ts findCustomer) among the candidates the app lists: the one with its email is it
 * (the office's own emails are never edited by other users), so it is linked; none is, so it is
 * sent. While held, its look-alikes stay out of the mirror, so the office cannot settle without this.
 */
async function resolveHeldCustomers(office: Office, run: Run): Promise<number> {
  const held = run.world.core.sqlite
    .prepare(
      `SELECT o.id, c.email_address AS email FROM outbox o JOIN ascora_customers c ON c.id = o.record_id
        WHERE o.kind = 'create_customer' AND o.state = 'needs_check'`,
    )
    .all() as { id: number; email: string | null }[];
  const integrationId = run.world.integrationId;
  for (const item of held) {
    office.stats.customersParkedForPerson++;
    const listed = await invoke(run, 'sync.heldCandidates', { integrationId, outboxId: item.id });
    const candidates = listed.ok
      ? (listed.value as { ascoraCustomerId: string; emailAddress: string; exact: boolean }[])
      : [];
    const ours =
      candidates.find((c) => c.exact) ?? candidates.find((c) => !!item.email && c.emailAddress === item.email);
    if (ours)
      await invoke(run, 'sync.linkHeld', { integrationId, outboxId: item.id, ascoraCustomerId: ours.ascoraCustomerId });
    else await invoke(run, 'sync.sendParked', { integrationId, outboxId: item.id });
  }
  return held.length;
}

async function checkOffice(office: Office): Promise<void> {
  const state = office.world.sim.control.state();
  const problems = await Promise.all(
    office.runs.map(async (run) => {
      const listed = await invoke(run, 'sync.problems', { integrationId: run.world.integrationId });
      return listed.ok ? (listed.value as SyncProblem[]) : [];
    }),
  );
  const shown = (words: string[]) =>
    problems.some((list) =>
      list.some((p) => {
        const about = JSON.stringify(p);
        return /duplicate|twice|more than one/i.test(about) && words.some((w) => about.includes(w));
      }),
    );

  // ---- each report: at most one job in Ascora, or the extra ones shown to a person ----
  const markers = new Set(office.runs.flatMap((run) => run.model.jobCreates.map((c) => c.marker)));
  for (const marker of markers) {
    const copies = state.jobs.filter((j) => text(j.jobDescription).includes(marker));
    if (copies.length > 1) {
      office.stats.extraJobs += copies.length - 1;
      const isShown = shown([marker.slice(4, -1), ...copies.map((j) => j.jobNumber)]);
      if (isShown) office.stats.extraJobsShown += copies.length - 1;
      else
        office.violations.push(
          `duplicate job: report ${marker} is ${copies.length} jobs in Ascora (${copies.map((j) => j.jobNumber).join(', ')}), and no desktop shows it to a person`,
        );
    }
    for (const run of office.runs)
      for (const create of run.model.jobCreates.filter((c) => c.marker === marker)) {
        const local = run.world.core.sqlite
          .prepare('SELECT ascora_job_id AS a FROM ascora_jobs WHERE id = ?')
          .get(create.localId) as { a: string | null } | undefined;
        const failed = run.world.core.sqlite
          .prepare("SELECT 1 FROM outbox WHERE kind = 'create_job' AND record_id = ? AND state = 'failed'")
          .get(create.localId);
        if (!failed && !copies.some((j) => j.jobId === local?.a))
          office.violations.push(
            `lost link: desktop ${deskName(run)}'s job #${create.localId} (${marker}) is linked to ${JSON.stringify(local?.a ?? null)}, not to one of that report's jobs in Ascora`,
          );
      }
  }

  // ---- each customer made in the office: once in Ascora, or the extra ones shown ----
  const emails = new Set(office.runs.flatMap((run) => run.model.customerCreates.flatMap((c) => [...c.emails])));
  const counted = new Set<string>();
  for (const email of emails) {
    const copies = state.customers.filter((c) => c.emailAddress === email && !counted.has(c.customerId));
    for (const c of copies) counted.add(c.customerId);
    if (copies.length > 1) {
      office.stats.extraCustomers += copies.length - 1;
      // Shown: a problem says the customer was made twice and names every copy, so a person can merge them.
      const named = problems.some((list) =>
        list.some((p) => {
          const about = JSON.stringify(p);
          return /twice|duplicate/i.test(about) && copies.every((c) => about.includes(c.customerId));
        }),
      );
      if (named) office.stats.extraCustomersShown += copies.length - 1;
      else
        office.violations.push(
          `duplicate customer: ${email} is ${copies.length} customers in Ascora, and no desktop shows it to a person`,
        );
    }
  }

  // ---- no edit saved on a desktop is lost, unless a person chose ----
  for (const [key, intent] of office.intents) {
    const [desk, localId, field] = key.split(':') as [string, string, string];
    const run = office.runs[Number(desk)]!;
    if (!run.model.customerIntents.get(Number(localId))?.has(field)) continue; // a person chose theirs
    const remote = ascoraCustomerOf(run, Number(localId));
    if (!remote) continue; // deleted by another user: the refused update is checked per desktop
    if (text(remote[field]) === intent.value) continue;
    const reached = office.history.some(
      (h) =>
        h.customerId === remote.customerId && h.field === field && h.value === intent.value && h.tick >= intent.tick,
    );
    if (reached || run.model.chosen.get(Number(localId))?.has(field)) continue;
    office.violations.push(
      `lost edit: desktop ${deskName(run)}: customer #${localId}: ${field} was saved as ${JSON.stringify(intent.value)}, it never reached Ascora (Ascora has ${JSON.stringify(text(remote[field]))})`,
    );
  }

  // ---- per desktop: the mirror equals Ascora, every change settled, no key leaked ----
  for (const run of office.runs) {
    // A new customer whose create's answer was lost while other users renamed look-alikes is
    // parked for a person to look up (needs_check): shown to a person, so not a violation here.
    const parked = (
      run.world.core.sqlite
        .prepare(
          "SELECT id, record_id AS recordId FROM outbox WHERE kind = 'create_customer' AND state = 'needs_check'",
        )
        .all() as { id: number; recordId: number }[]
    ).flatMap((r) => [`outbox #${r.id} (`, `local customer #${r.recordId} never`]);

    const found = checkSettledWorld(run.world.core.sqlite, state, run.model, {
      tenantPaymentMethods: run.tenantMethods,
      paymentsConfirmed: true,
    });
    for (const v of found)
      if (!ALONE_ONLY.has(categoryOf(v)) && !parked.some((p) => v.includes(p)) && !renamedByOther(office, v))
        run.violations.push(`${categoryOf(v)}: desktop ${deskName(run)}: ${v.slice(categoryOf(v).length + 2)}`);
    run.violations.push(...scanForKey(run));
    collectStats(run);
  }
}

/**
 * A "wrong data sent" whose only difference is a name another user gave the job in Ascora after
 * the app created it (otherUserEdits): the app sent its own name, the other user's edit stands, as
 * it should. Any other difference (the total, a name nobody else gave it) is still a violation.
 */
function renamedByOther(office: Office, violation: string): boolean {
  if (categoryOf(violation) !== 'wrong data sent') return false;
  const parts = /^wrong data sent: job (\S+) has "(.*)" (\S+), the app sent "(.*)" (\S+)$/.exec(violation);
  if (!parts) return false;
  const [, jobNumber, has, hasTotal, sent, sentTotal] = parts as unknown as string[];
  if (hasTotal !== sentTotal) return false;
  // Renamed once or several times, starting from the name the app sent.
  let name = sent!;
  for (const rename of office.jobRenames.get(jobNumber!) ?? []) if (rename.from === name) name = rename.to;
  return name === has && name !== sent;
}

/** One line per kind of violation, for the figures: `duplicate job` -> how many. */
export function countByKind(violations: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of violations) out.set(categoryOf(v), (out.get(categoryOf(v)) ?? 0) + 1);
  return out;
}

export { DAY_MS };
