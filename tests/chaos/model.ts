/**
 * The model a chaos run is checked against: what people asked the app to do (creates, edits,
 * payments, local statuses) and what another Ascora user did. After the sync has settled, the
 * mirror and the simulator must agree with it (issue 7, item 1):
 * - every synced record equals the simulator's, field for field;
 * - every local create exists in the simulator exactly once (a payment whose outcome stayed
 *   unknown at most once, and marked for a person to check, ascora-api.md section 4);
 * - every local change is synced, a conflict, or failed with a message and a real reason;
 * - no edit is lost and no other user's edit is overwritten; PRAGMA integrity_check is ok.
 * The checks read only the database and the simulator's state, so the crash runs use them too.
 */
import {
  wireCustomerSchema,
  wireInvoiceSchema,
  wireJobSchema,
  normaliseInvoiceKeys,
} from '../../main/core/ascora/types';
import { checkIntegrity } from '../../main/core/db/open';
import type { Sqlite } from '../../main/core/db/types';
import { contentHash } from '../../main/core/sync/canonical';
import { customerColumns, invoiceColumns, jobColumns } from '../../main/core/sync/mapping';
import type { SimulatorState } from '../../sim/server';

export interface Model {
  customerCreates: { localId: number; emails: Set<string> }[];
  jobCreates: { localId: number; marker: string; jobName: string; totalExTaxCents: number; customerLocalId: number }[];
  payments: { paymentId: number; receipt: string; method: string }[];
  /** Local customer id -> field -> the value a person here last saved. */
  customerIntents: Map<number, Map<string, string>>;
  /** Ascora customer id -> field -> the value another user last saved. */
  remoteEdits: Map<string, Map<string, string>>;
  /** Local job id -> the local-only status last set. */
  localStatuses: Map<number, string>;
  /**
   * Local customer id -> fields changed here and by another user to different values, neither
   * having seen the other's change: only a person may decide which stands.
   */
  meetings: Map<number, Set<string>>;
  /** Local customer id -> fields a person chose mine or theirs for, in a conflict. */
  chosen: Map<number, Set<string>>;
}

export function emptyModel(): Model {
  return {
    customerCreates: [],
    jobCreates: [],
    payments: [],
    customerIntents: new Map(),
    remoteEdits: new Map(),
    localStatuses: new Map(),
    meetings: new Map(),
    chosen: new Map(),
  };
}

/** Two edits of one field met (see Model.meetings). */
export function noteMeeting(model: Model, localId: number, field: string): void {
  const fields = model.meetings.get(localId) ?? new Set<string>();
  fields.add(field);
  model.meetings.set(localId, fields);
}

/** Emails the app's own test customers use: another user never edits or deletes those. */
export const isChaosEmail = (email: unknown) => typeof email === 'string' && /^(chaos|edited)\./.test(email);

type Row = Record<string, unknown>;
const camel = (row: Row): Row =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]),
  );
const all = (sqlite: Sqlite, sql: string, ...params: unknown[]) =>
  (sqlite.prepare(sql).all(...params) as Row[]).map(camel);

/** Booleans come back from raw SQL as 0/1. */
const sameValue = (a: unknown, b: unknown) => (typeof b === 'boolean' ? Boolean(a) === b : a === b);

function differences(row: Row, expected: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([key, value]) => !sameValue(row[key], value ?? null))
    .map(([key, value]) => `${key} is ${JSON.stringify(row[key])}, Ascora has ${JSON.stringify(value)}`);
}

export interface CheckOptions {
  /** The payment phase: before a person checked Ascora, an unknown payment may stay needs_check. */
  paymentsConfirmed: boolean;
  /** Payment method names the simulated tenant accepts. */
  tenantPaymentMethods: string[];
}

/** Every way the settled world disagrees with the model; empty means the run passed. */
export function checkSettledWorld(sqlite: Sqlite, sim: SimulatorState, model: Model, options: CheckOptions): string[] {
  const problems: string[] = [];
  const problem = (category: string, detail: string) => problems.push(`${category}: ${detail}`);

  const integrity = checkIntegrity(sqlite);
  if (!integrity.ok) problem('integrity', integrity.problems.join('; '));
  if (sim.forbiddenCalls.length > 0) problem('forbidden call', sim.forbiddenCalls.join(', '));

  const simJobs = new Map(sim.jobs.map((j) => [j.jobId, j]));
  const simCustomers = new Map(sim.customers.map((c) => [c.customerId, c]));
  const jobs = all(sqlite, 'SELECT * FROM ascora_jobs ORDER BY id');
  const customers = all(sqlite, 'SELECT * FROM ascora_customers ORDER BY id');
  const customerById = new Map(customers.map((c) => [c.id as number, c]));
  const outbox = all(sqlite, 'SELECT * FROM outbox ORDER BY id');

  // ---- why a change may legitimately have failed: Ascora refused it for a reason of its own ----
  const gone = (ascoraCustomerId: unknown) =>
    typeof ascoraCustomerId === 'string' && !simCustomers.has(ascoraCustomerId);
  const legitimateFailure = (item: Row): boolean => {
    if (item.kind === 'update_customer') return gone(customerById.get(item.recordId as number)?.ascoraCustomerId);
    if (item.kind === 'create_job') {
      const job = jobs.find((j) => j.id === item.recordId);
      const site = job ? customerById.get(job.siteCustomerLocalId as number) : undefined;
      return gone(job?.siteCustomerId) || gone(site?.ascoraCustomerId);
    }
    if (item.kind === 'create_payment') {
      const payment = model.payments.find((p) => p.paymentId === item.recordId);
      return !!payment && !options.tenantPaymentMethods.includes(payment.method);
    }
    return false;
  };

  // ---- every local change reached a resting state ----
  for (const item of outbox) {
    const label = `outbox #${item.id} (${item.kind} of record ${item.recordId})`;
    if (item.state === 'pending' || item.state === 'sending')
      problem('unsettled', `${label} is still ${item.state}: ${item.lastError ?? ''}`);
    else if (item.state === 'failed') {
      if (!item.lastError) problem('silent failure', `${label} failed without a message`);
      else if (!legitimateFailure(item))
        problem('wrong failure', `${label} failed although Ascora would take it: ${item.lastError}`);
    } else if (item.state === 'needs_check') {
      if (item.kind !== 'create_payment')
        problem('wrong failure', `${label} is needs_check, which only payments may be`);
      else if (options.paymentsConfirmed) problem('unsettled', `${label} still needs a check after a person checked`);
      else if (!String(item.lastError ?? '').includes('RA-PAY-'))
        problem('silent failure', `${label} needs a check but does not say what to look for`);
    }
  }

  // ---- the mirror equals Ascora ----
  const seenJobIds = new Set<string>();
  for (const job of jobs) {
    const id = job.ascoraJobId as string | null;
    if (id && seenJobIds.has(id)) problem('duplicate row', `job ${id} is in the mirror twice`);
    if (id) seenJobIds.add(id);
    const remote = id ? simJobs.get(id) : undefined;
    if (!id) {
      const item = outbox.find((o) => o.kind === 'create_job' && o.recordId === job.id);
      if (item?.state !== 'failed')
        problem('lost change', `local job #${job.id} has no Ascora id and no failed create`);
      continue;
    }
    if (!remote) {
      if (!job.remoteMissing)
        problem(
          'missed deletion',
          `job ${id} left Ascora but is not marked remote_missing (missing passes ${job.missingPasses})`,
        );
      continue;
    }
    const parsed = wireJobSchema.safeParse(remote);
    if (!parsed.success) continue;
    if (job.contentHash !== contentHash(remote))
      problem('stale mirror', `job ${id}: its content hash differs from Ascora's`);
    const diff = differences(job, jobColumns(parsed.data));
    if (diff.length > 0) problem('stale mirror', `job ${id}: ${diff.slice(0, 3).join('; ')}`);
    const expectedState = model.localStatuses.has(job.id as number) ? 'local_only' : 'synced';
    if (job.syncState !== expectedState)
      problem('wrong state', `job ${id} is ${job.syncState}, expected ${expectedState}`);
  }
  for (const remote of sim.jobs)
    if (!seenJobIds.has(remote.jobId))
      problem('missing row', `Ascora job ${remote.jobId} (${remote.jobNumber}) is not in the mirror`);
  for (const [jobId, status] of model.localStatuses) {
    const job = jobs.find((j) => j.id === jobId);
    if (job?.localStatusText !== status)
      problem(
        'lost change',
        `job #${jobId} lost its local status "${status}" (has ${JSON.stringify(job?.localStatusText)})`,
      );
  }

  const seenCustomerIds = new Set<string>();
  for (const customer of customers) {
    const id = customer.ascoraCustomerId as string | null;
    if (id && seenCustomerIds.has(id)) problem('duplicate row', `customer ${id} is in the mirror twice`);
    if (id) seenCustomerIds.add(id);
    const remote = id ? simCustomers.get(id) : undefined;
    if (!id) {
      problem(
        'lost change',
        `local customer #${customer.id} never reached Ascora (${customer.syncState}: ${customer.lastError ?? ''})`,
      );
      continue;
    }
    if (!remote) {
      if (!customer.remoteMissing)
        problem('missed deletion', `customer ${id} left Ascora but is not marked remote_missing`);
      continue;
    }
    if (customer.syncState !== 'synced') {
      problem(
        'wrong state',
        `customer ${id} is ${customer.syncState} after the sync settled: ${customer.lastError ?? ''}`,
      );
      continue;
    }
    const parsed = wireCustomerSchema.safeParse(remote);
    if (!parsed.success) continue;
    if (customer.contentHash !== contentHash(remote))
      problem('stale mirror', `customer ${id}: its content hash differs from Ascora's`);
    const diff = differences(customer, customerColumns(parsed.data));
    if (diff.length > 0) problem('stale mirror', `customer ${id}: ${diff.slice(0, 3).join('; ')}`);
  }
  for (const remote of sim.customers) {
    if (!seenCustomerIds.has(remote.customerId))
      problem('missing row', `Ascora customer ${remote.customerId} (${remote.customerName}) is not in the mirror`);
  }

  const invoices = new Map(all(sqlite, 'SELECT * FROM ascora_invoices').map((i) => [i.ascoraInvoiceId as string, i]));
  for (const { exported, ...wire } of sim.invoices) {
    const local = invoices.get(wire.id);
    if (!local) {
      if (!exported) problem('missing row', `Ascora invoice ${wire.invoiceNumber} is not in the mirror`);
      continue;
    }
    if (Boolean(local.noLongerPending) !== Boolean(exported))
      problem(
        'stale mirror',
        `invoice ${wire.invoiceNumber}: no_longer_pending is ${local.noLongerPending}, exported is ${Boolean(exported)}`,
      );
    const parsed = wireInvoiceSchema.safeParse(normaliseInvoiceKeys(wire));
    if (!exported && parsed.success) {
      const diff = differences(local, invoiceColumns(parsed.data));
      if (diff.length > 0) problem('stale mirror', `invoice ${wire.invoiceNumber}: ${diff.slice(0, 3).join('; ')}`);
    }
  }

  // ---- every create exists in Ascora exactly once ----
  for (const create of model.customerCreates) {
    const local = customerById.get(create.localId);
    const copies = sim.customers.filter((c) => create.emails.has(String(c.emailAddress)));
    if (copies.length !== 1)
      problem(
        'duplicate create',
        `customer #${create.localId} (${[...create.emails].join(', ')}) is in Ascora ${copies.length} times`,
      );
    if (copies.length >= 1 && local?.ascoraCustomerId !== copies[0]!.customerId) {
      problem(
        'lost link',
        `customer #${create.localId} is linked to ${JSON.stringify(local?.ascoraCustomerId)}, Ascora has it as ${copies[0]!.customerId}`,
      );
    }
  }
  for (const create of model.jobCreates) {
    const local = jobs.find((j) => j.id === create.localId);
    const copies = sim.jobs.filter((j) => String(j.jobDescription).trimEnd().endsWith(create.marker));
    const item = outbox.find((o) => o.kind === 'create_job' && o.recordId === create.localId);
    if (item?.state === 'failed' && legitimateFailure(item)) {
      if (copies.length !== 0)
        problem('duplicate create', `job #${create.localId} failed but is in Ascora ${copies.length} times`);
      continue;
    }
    if (copies.length !== 1) {
      problem('duplicate create', `job #${create.localId} (${create.marker}) is in Ascora ${copies.length} times`);
      continue;
    }
    const remote = copies[0]!;
    const site = customerById.get(create.customerLocalId);
    if (local?.ascoraJobId !== remote.jobId)
      problem(
        'lost link',
        `job #${create.localId} is linked to ${JSON.stringify(local?.ascoraJobId)}, Ascora has ${remote.jobId}`,
      );
    if (remote.siteCustomer?.id !== site?.ascoraCustomerId)
      problem(
        'lost link',
        `job ${remote.jobNumber} names site customer ${remote.siteCustomer?.id}, the app's customer is ${JSON.stringify(site?.ascoraCustomerId)}`,
      );
    if (remote.jobName !== create.jobName || Math.round(remote.totalExTax * 100) !== create.totalExTaxCents) {
      problem(
        'wrong data sent',
        `job ${remote.jobNumber} has "${remote.jobName}" ${remote.totalExTax}, the app sent "${create.jobName}" ${create.totalExTaxCents / 100}`,
      );
    }
  }

  // ---- payments: exactly once; an unknown outcome at most once and marked for a person ----
  const payments = new Map(all(sqlite, 'SELECT * FROM payments').map((p) => [p.id as number, p]));
  for (const payment of model.payments) {
    const local = payments.get(payment.paymentId);
    const copies = sim.payments.filter((p) => p.receiptNumber === payment.receipt).length;
    const state = local?.state;
    if (state === 'synced' && copies !== 1)
      problem('duplicate create', `payment ${payment.receipt} is synced but in Ascora ${copies} times`);
    else if (state === 'needs_check' && (copies > 1 || options.paymentsConfirmed))
      problem('duplicate create', `payment ${payment.receipt} needs a check and is in Ascora ${copies} times`);
    else if (state === 'failed' && copies !== 0)
      problem('duplicate create', `payment ${payment.receipt} failed but is in Ascora ${copies} times`);
    else if (state === 'pending' || state === undefined)
      problem('unsettled', `payment ${payment.receipt} is ${state ?? 'gone'}`);
  }

  // ---- no edit lost, no other user's edit overwritten ----
  for (const [localId, fields] of model.customerIntents) {
    const local = customerById.get(localId);
    const remote = local?.ascoraCustomerId ? simCustomers.get(local.ascoraCustomerId as string) : undefined;
    if (!remote) continue; // deleted by another user: its failed update is checked above
    const touched = model.remoteEdits.get(remote.customerId);
    for (const [field, value] of fields) {
      if (touched?.has(field)) continue; // both sides changed it: either may stand, after a conflict or in time order
      if (remote[field] !== value)
        problem(
          'lost edit',
          `customer #${localId}: ${field} was saved here as ${JSON.stringify(value)}, Ascora has ${JSON.stringify(remote[field])}`,
        );
    }
  }
  for (const [ascoraId, fields] of model.remoteEdits) {
    const remote = simCustomers.get(ascoraId);
    const local = customers.find((c) => c.ascoraCustomerId === ascoraId);
    if (!remote || !local) continue;
    const mine = model.customerIntents.get(local.id as number);
    for (const [field, value] of fields) {
      if (mine?.has(field)) continue;
      if (remote[field] !== value)
        problem(
          'overwrote other user',
          `customer ${ascoraId}: another user set ${field} to ${JSON.stringify(value)}, the app replaced it with ${JSON.stringify(remote[field])}`,
        );
    }
  }
  // Two edits of one field that met are settled by a person, never by the app picking one silently.
  for (const [localId, fields] of model.meetings) {
    const local = customerById.get(localId);
    if (!local?.ascoraCustomerId || !simCustomers.has(local.ascoraCustomerId as string)) continue; // deleted by the other user: nothing to choose
    const chosen = model.chosen.get(localId);
    for (const field of fields)
      if (!chosen?.has(field))
        problem(
          'silent pick',
          `customer #${localId}: ${field} was changed here and by another user, and nobody chose which stands`,
        );
  }
  // A conflict is two people changing one field: never a field no other user touched (this app
  // meeting its own earlier send, whose answer was lost, is not a conflict).
  const conflictRows = all(
    sqlite,
    'SELECT c.record_id, c.fields_json, a.ascora_customer_id FROM conflicts c JOIN ascora_customers a ON a.id = c.record_id',
  );
  for (const conflict of conflictRows) {
    const touched = model.remoteEdits.get(String(conflict.ascoraCustomerId));
    for (const { field } of JSON.parse(String(conflict.fieldsJson)) as { field: string }[]) {
      if (!touched?.has(field))
        problem(
          'false conflict',
          `customer #${conflict.recordId}: a conflict on ${field}, which no other user changed`,
        );
    }
  }
  return problems;
}

/** The part of a violation the shrinker keeps constant: "duplicate create", "lost edit", ... */
export const categoryOf = (violation: string) => violation.split(':')[0]!;
