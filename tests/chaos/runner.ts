/**
 * Runs one chaos scenario against the real parts: a SQLite mirror in a temp folder, the
 * simulator over HTTP on 127.0.0.1, the sync engine and every channel's real handler. Then it
 * lets the sync settle, has a person check the payments Ascora never answered for, settles again
 * and checks the model (model.ts) and the secrets (nothing holds the API key).
 */
import fs from 'node:fs';
import { checkIntegrity } from '../../main/core/db/open';
import type { Registry } from '../../main/core/ipc/registry';
import type { CustomerFields } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { createSyncWorld, createWorldRegistry, type SyncWorld } from '../support/sync';
import { checkSettledWorld, emptyModel, isChaosEmail, noteMeeting, type Model } from './model';
import type { NewCustomer, Scenario, Step } from './scenario';
import { findSecret } from '../reliability/secret-scan';

/** streetLine1 -> street_line1: a contract field's column in the mirror. */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface ChaosStats {
  steps: number;
  syncRuns: number;
  requests: number;
  /** Requests the simulator answered with a fault: dropped, 429, 5xx (truncated bodies count as 200). */
  faultyAnswers: number;
  conflicts: number;
  needsCheck: number;
  legitimateFailures: number;
  refusedByApp: number;
  customerCreates: number;
  jobCreates: number;
  customerEdits: number;
  payments: number;
}

/** Every figure at zero: a run's start, and the CLI's totals. */
export const emptyChaosStats = (): ChaosStats => ({
  steps: 0,
  syncRuns: 0,
  requests: 0,
  faultyAnswers: 0,
  conflicts: 0,
  needsCheck: 0,
  legitimateFailures: 0,
  refusedByApp: 0,
  customerCreates: 0,
  jobCreates: 0,
  customerEdits: 0,
  payments: 0,
});

export interface ChaosResult {
  seed: number;
  violations: string[];
  stats: ChaosStats;
}

export const SETTLE_RUNS = 16;
/** The simulator's tenant has these payment methods set up (sim/store.ts). */
const TENANT_PAYMENT_METHODS = ['EFT', 'Credit Card', 'Cheque', 'Cash'];
/** Distinctive, so a scan cannot mistake anything else for it. */
export const chaosApiKey = (seed: number) => `chaos-ascora-key-${seed}-Zq7Lw3Pv9Xe2`;

export interface Run {
  world: SyncWorld;
  registry: Registry;
  model: Model;
  results: Result<unknown>[];
  violations: string[];
  stats: ChaosStats;
  tenantMethods: string[];
  /** The customer a person here edited last. */
  lastEdited: number | null;
}

export async function runScenario(scenario: Scenario): Promise<ChaosResult> {
  const world = await createSyncWorld(
    {
      seed: scenario.seed,
      jobs: scenario.world.jobs,
      customers: scenario.world.customers,
      invoices: scenario.world.invoices,
      apiKey: chaosApiKey(scenario.seed),
      // Half the worlds assume the worst of what FilterText searches (names only): look-ups
      // after a lost answer must still find what was sent, by the created-date scan or by name.
      filterTextScope: scenario.seed % 2 === 1 ? 'names' : 'everything',
    },
    scenario.world.pageSize,
  );
  const run = startRun(world);
  run.stats.steps = scenario.steps.length;
  try {
    for (const step of scenario.steps) {
      await runStep(run, step);
      // A sound file at every step, not only at the end.
      const integrity = checkIntegrity(world.core.sqlite);
      if (!integrity.ok) run.violations.push(`integrity: after ${step.op}: ${integrity.problems.join('; ')}`);
    }
    await settleAndCheck(run, () => settle(run));
  } catch (error) {
    run.violations.push(`crash: ${error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)}`);
  } finally {
    await world.close();
  }
  return { seed: scenario.seed, violations: [...new Set(run.violations)], stats: run.stats };
}

/** A run over a world: the model of what was asked, every IPC result, the violations found. */
export function startRun(world: SyncWorld): Run {
  return {
    world,
    registry: createWorldRegistry(world),
    model: emptyModel(),
    results: [],
    violations: [],
    stats: emptyChaosStats(),
    tenantMethods: TENANT_PAYMENT_METHODS,
    lastEdited: null,
  };
}

/**
 * Settles (in process, or in a child process for the crash runs), checks the model, has a person
 * check each payment Ascora never answered for, settles and checks again, then scans for the key.
 */
export async function settleAndCheck(run: Run, settleSync: () => Promise<string | null>): Promise<void> {
  const { world } = run;
  const unsettled = await settleSync();
  if (unsettled) run.violations.push(unsettled);
  const options = { tenantPaymentMethods: run.tenantMethods };
  run.violations.push(
    ...checkSettledWorld(world.core.sqlite, world.sim.control.state(), run.model, {
      ...options,
      paymentsConfirmed: false,
    }),
  );

  // A person looks each unknown payment up in Ascora and says what they found.
  const unknown = world.core.sqlite
    .prepare("SELECT id, receipt_number AS receipt FROM payments WHERE state = 'needs_check'")
    .all() as { id: number; receipt: string }[];
  run.stats.needsCheck += unknown.length;
  for (const payment of unknown) {
    const found = world.sim.control.state().payments.some((p) => p.receiptNumber === payment.receipt);
    await invoke(run, 'invoices.confirmPayment', { paymentId: payment.id, foundInAscora: found });
  }
  if (unknown.length > 0) {
    const again = await settleSync();
    if (again) run.violations.push(again);
    run.violations.push(
      ...checkSettledWorld(world.core.sqlite, world.sim.control.state(), run.model, {
        ...options,
        paymentsConfirmed: true,
      }),
    );
  }
  run.violations.push(...scanForKey(run));
  collectStats(run);
}

export async function invoke(run: Run, channel: string, input: unknown): Promise<Result<unknown>> {
  const result = await run.registry.invoke(channel, input);
  run.results.push(result);
  if (!result.ok) {
    run.stats.refusedByApp++;
    if (result.error.code === 'INTERNAL')
      run.violations.push(`crash: ${channel} answered INTERNAL: ${result.error.message}`);
  }
  return result;
}

/**
 * A run as the app makes them: `auto` (the schedule and "Sync now": incremental unless a full pass
 * is due), and every third one a full check, so both kinds meet the faults. Settling is full, so the
 * model can expect other users' edits and deletions to be in the mirror (an incremental run cannot
 * see them).
 */
export async function sync(
  run: Run,
  ignoreBackoff: boolean,
  kind: 'auto' | 'full' = run.stats.syncRuns % 3 === 0 ? 'full' : 'auto',
) {
  run.stats.syncRuns++;
  const summary = await run.world.engine.syncNow(run.world.integrationId, { ignoreBackoff, kind });
  run.results.push({ ok: true, value: summary });
  return summary;
}

const ids = (run: Run, sql: string) => (run.world.core.sqlite.prepare(sql).all() as { id: number }[]).map((r) => r.id);
const choose = <T>(items: T[], pick: number): T | undefined =>
  items[Math.min(items.length - 1, Math.floor(pick * items.length))];

function customerFields(c: NewCustomer): CustomerFields {
  return { ...c, customerNumber: '', mobileNumber: '', streetLine2: '', streetCountry: 'Australia' };
}

export async function runStep(run: Run, step: Step): Promise<void> {
  const { world, model } = run;
  const sim = world.sim.control;
  const sqlite = world.core.sqlite;
  const integrationId = world.integrationId;
  switch (step.op) {
    case 'sync':
      await sync(run, step.ignoreBackoff);
      return;
    case 'syncTogether':
      await sync(run, true);
      return;
    case 'advanceClock':
      world.clock.advance(step.ms);
      return;
    case 'fault':
      sim.setFault(step.route, step.fault);
      return;
    case 'clearFaults':
      sim.clearFaults();
      return;
    case 'offline':
      sim.setOffline(step.on);
      return;
    case 'createCustomer': {
      const result = await invoke(run, 'customers.create', { integrationId, fields: customerFields(step.customer) });
      if (result.ok)
        model.customerCreates.push({
          localId: (result.value as { id: number }).id,
          emails: new Set([step.customer.emailAddress]),
        });
      return;
    }
    case 'editCustomer': {
      const own = new Set(model.customerCreates.map((c) => c.localId));
      const id = choose(
        ids(run, 'SELECT id FROM ascora_customers ORDER BY id').filter((c) => !step.ownOnly || own.has(c)),
        step.pick,
      );
      if (id === undefined) return;
      const row = sqlite.prepare('SELECT * FROM ascora_customers WHERE id = ?').get(id) as Record<
        string,
        string | null
      >;
      // Only the app's own customers get a new email, so "exactly once" can be told by email.
      const changes = { ...step.changes };
      if (changes.emailAddress && !isChaosEmail(row.email_address)) delete changes.emailAddress;
      const fields = {
        customerNumber: row.customer_number ?? '',
        companyName: row.company_name ?? '',
        contactFirstName: row.contact_first_name ?? '',
        contactLastName: row.contact_last_name ?? '',
        emailAddress: row.email_address ?? '',
        phoneNumber: row.phone_number ?? '',
        mobileNumber: row.mobile_number ?? '',
        streetLine1: row.street_line1 ?? '',
        streetLine2: row.street_line2 ?? '',
        streetSuburb: row.street_suburb ?? '',
        streetState: row.street_state,
        streetPostcode: row.street_postcode ?? '',
        streetCountry: row.street_country ?? 'Australia',
        ...changes,
      };
      // Another user's change of the same field not pulled yet: the two edits meet.
      const remoteNow = row.ascora_customer_id
        ? sim.state().customers.find((c) => c.customerId === row.ascora_customer_id)
        : undefined;
      const result = await invoke(run, 'customers.update', { customerId: id, fields });
      if (!result.ok) return;
      run.lastEdited = id;
      for (const [field, value] of Object.entries(changes)) {
        const theirs = remoteNow?.[field as keyof typeof remoteNow];
        if (
          remoteNow &&
          model.remoteEdits.get(remoteNow.customerId)?.has(field) &&
          theirs !== value &&
          String(theirs ?? '') !== String(row[snake(field)] ?? '')
        ) {
          noteMeeting(model, id, field);
        }
      }
      const intents = model.customerIntents.get(id) ?? new Map<string, string>();
      for (const [field, value] of Object.entries(changes)) intents.set(field, value);
      model.customerIntents.set(id, intents);
      if (changes.emailAddress) model.customerCreates.find((c) => c.localId === id)?.emails.add(changes.emailAddress);
      return;
    }
    case 'jobFromReport': {
      const r = step.report;
      const report = {
        report_id: r.reportId,
        property_address: r.propertyAddress,
        damage_type: r.damageType,
        state: r.state,
        client_name: r.clientName,
        claim_number: r.claimNumber,
        insurance_company: r.claimNumber ? 'NRMA Insurance' : '',
        total_cost: r.totalCost,
        severity: r.severity,
        summary: 'Chaos run report.',
      };
      if (!(await invoke(run, 'reports.create', { report })).ok) return;
      let customer: unknown;
      if (step.customer.mode === 'new') customer = { mode: 'new', fields: customerFields(step.customer.fields) };
      else {
        const id = choose(ids(run, 'SELECT id FROM ascora_customers ORDER BY id'), step.customer.pick);
        if (id === undefined) return;
        customer = { mode: 'existing', customerId: id };
      }
      const created = await invoke(run, 'jobs.createFromReport', { integrationId, reportId: r.reportId, customer });
      if (!created.ok) return;
      const job = created.value as {
        id: number;
        jobName: string;
        totalExTaxCents: number;
        siteCustomerLocalId: number;
      };
      model.jobCreates.push({
        localId: job.id,
        marker: `[RA:${r.reportId}]`,
        jobName: job.jobName,
        totalExTaxCents: job.totalExTaxCents,
        customerLocalId: job.siteCustomerLocalId,
      });
      if (step.customer.mode === 'new')
        model.customerCreates.push({
          localId: job.siteCustomerLocalId,
          emails: new Set([step.customer.fields.emailAddress]),
        });
      return;
    }
    case 'recordPayment': {
      const id = choose(ids(run, 'SELECT id FROM ascora_invoices ORDER BY id'), step.pick);
      if (id === undefined) return;
      const invoice = await invoke(run, 'invoices.get', { invoiceId: id });
      if (!invoice.ok) return;
      const remaining = (invoice.value as { remainingCents: number }).remainingCents;
      if (remaining < 100) return;
      const paymentDate = new Date(world.clock.now()).toISOString().slice(0, 10);
      const result = await invoke(run, 'invoices.recordPayment', {
        invoiceId: id,
        amountCents: Math.max(1, Math.floor(remaining * step.fraction)),
        paymentDate,
        paymentMethod: step.method,
      });
      if (result.ok) {
        const payment = result.value as { id: number; receiptNumber: string };
        model.payments.push({ paymentId: payment.id, receipt: payment.receiptNumber, method: step.method });
      }
      return;
    }
    case 'addPaymentMethodLocally':
      // The office types a method its Ascora tenant does not have: Ascora will refuse those payments.
      await invoke(run, 'settings.update', { paymentMethods: ['EFT', 'Credit Card', 'Cheque', 'Cash', step.method] });
      return;
    case 'localStatus': {
      const id = choose(ids(run, 'SELECT id FROM ascora_jobs ORDER BY id'), step.pick);
      if (id === undefined) return;
      if ((await invoke(run, 'jobs.updateStatus', { jobId: id, statusText: step.statusText })).ok)
        model.localStatuses.set(id, step.statusText);
      return;
    }
    case 'resolveConflicts':
      await resolveConflicts(run, step.choice);
      return;
    case 'remoteEditJob': {
      const job = choose(sim.state().jobs, step.pick);
      if (job) sim.editJob(job.jobId, step.patch);
      return;
    }
    case 'remoteAddJob':
      sim.addJob({ jobName: step.jobName });
      return;
    case 'remoteDeleteJob': {
      const job = choose(
        sim.state().jobs.filter((j) => !String(j.jobDescription).includes('[RA:')),
        step.pick,
      );
      if (job) sim.deleteJob(job.jobId);
      return;
    }
    case 'remoteEditCustomer': {
      const others = sim.state().customers.filter((c) => !isChaosEmail(c.emailAddress));
      // An edit here still waiting to be pushed, so the two edits meet in the next sync.
      const waiting = (
        sqlite
          .prepare(
            "SELECT ascora_customer_id AS a FROM ascora_customers WHERE sync_state IN ('pending', 'conflict') AND ascora_customer_id IS NOT NULL",
          )
          .all() as { a: string }[]
      ).map((r) => r.a);
      const last =
        run.lastEdited === null
          ? undefined
          : (
              sqlite
                .prepare('SELECT ascora_customer_id AS a FROM ascora_customers WHERE id = ?')
                .get(run.lastEdited) as { a: string | null }
            ).a;
      const candidates = others.filter((c) => waiting.includes(c.customerId));
      const target = step.onLocallyEdited
        ? (candidates.find((c) => c.customerId === last) ?? choose(candidates, step.pick))
        : undefined;
      const customer = target ?? choose(others, step.pick);
      if (!customer) return;
      // A change here of the same field still unsent (pending, in conflict, or refused): they meet.
      const local = sqlite
        .prepare('SELECT * FROM ascora_customers WHERE ascora_customer_id = ?')
        .get(customer.customerId) as Record<string, unknown> | undefined;
      if (local && ['pending', 'conflict', 'failed'].includes(String(local.sync_state))) {
        const intents = model.customerIntents.get(local.id as number);
        for (const [field, value] of Object.entries(step.changes)) {
          // (Not when the edit already reached Ascora unknown to the app, its answer lost: then the
          // other user changed it after seeing it, and theirs stands in time order.)
          const reached = customer[field as keyof typeof customer] === intents?.get(field);
          if (
            intents?.has(field) &&
            intents.get(field) !== value &&
            local[snake(field)] === intents.get(field) &&
            !reached
          )
            noteMeeting(model, local.id as number, field);
        }
      }
      sim.editCustomer(customer.customerId, step.changes);
      const edits = model.remoteEdits.get(customer.customerId) ?? new Map<string, string>();
      for (const [field, value] of Object.entries(step.changes)) edits.set(field, value);
      model.remoteEdits.set(customer.customerId, edits);
      return;
    }
    case 'remoteAddCustomer':
      sim.addCustomer({
        contactFirstName: step.contactFirstName,
        contactLastName: step.contactLastName,
        emailAddress: step.emailAddress,
      });
      return;
    case 'remoteDeleteCustomer': {
      const customer = choose(
        sim.state().customers.filter((c) => !isChaosEmail(c.emailAddress)),
        step.pick,
      );
      if (customer) sim.deleteCustomer(customer.customerId);
      return;
    }
    case 'remoteAddInvoice': {
      const job = sim.state().jobs[0];
      sim.addInvoice({
        jobId: job?.jobId ?? '',
        invoiceLines: [
          {
            itemCode: 'LAB-TECH',
            description: 'Technician (hour)',
            quantity: 1,
            unitAmountExTax: step.amountExTax,
            amountExTax: step.amountExTax,
            invoiceLineType: 'labour',
          },
        ],
      });
      return;
    }
    case 'remoteExportInvoice': {
      const invoice = choose(
        sim.state().invoices.filter((i) => !i.exported),
        step.pick,
      );
      if (invoice) sim.markInvoiceExported(invoice.id);
      return;
    }
  }
}

/** A person resolves every open conflict; the model keeps what they chose to keep. */
export async function resolveConflicts(run: Run, choice: 'mine' | 'theirs' | 'mixed'): Promise<number> {
  const listed = await invoke(run, 'conflicts.list', { integrationId: run.world.integrationId });
  if (!listed.ok) return 0;
  const open = listed.value as { id: number; recordId: number; fields: { field: string }[] }[];
  for (const conflict of open) {
    const choices = Object.fromEntries(
      conflict.fields.map((f, i) => [f.field, choice === 'mixed' ? (i % 2 === 0 ? 'mine' : 'theirs') : choice]),
    );
    const result = await invoke(run, 'conflicts.resolve', { conflictId: conflict.id, choices });
    if (!result.ok) continue;
    const intents = run.model.customerIntents.get(conflict.recordId);
    for (const [field, chosen] of Object.entries(choices)) if (chosen === 'theirs') intents?.delete(field);
    const chosen = run.model.chosen.get(conflict.recordId) ?? new Set<string>();
    for (const field of Object.keys(choices)) chosen.add(field);
    run.model.chosen.set(conflict.recordId, chosen);
  }
  return open.length;
}

/** Faults off, online, sync until three runs in a row change nothing (so deletions are counted twice). */
async function settle(run: Run): Promise<string | null> {
  const { world } = run;
  world.sim.control.clearFaults();
  world.sim.control.setOffline(false);
  let quiet = 0;
  let last = '';
  for (let i = 0; i < SETTLE_RUNS; i++) {
    const summary = await sync(run, true, 'full');
    const resolved = await resolveConflicts(run, i % 2 === 0 ? 'mine' : 'mixed');
    const status = world.engine.status(world.integrationId);
    last = `${summary.status}: ${summary.message} (pending ${status.pendingCount}, conflicts ${status.conflictCount})`;
    const still =
      summary.status === 'failed' ||
      summary.written > 0 ||
      summary.pushed > 0 ||
      status.pendingCount > 0 ||
      resolved > 0;
    quiet = still ? 0 : quiet + 1;
    if (quiet >= 3) return null;
  }
  return `unsettled: the sync did not settle in ${SETTLE_RUNS} runs without faults; last ${last}`;
}

export function scanForKey(run: Run): string[] {
  const key = run.world.apiKey.value;
  const file = run.world.core.database.file;
  const places: [string, string | Buffer][] = [
    ['database file', fs.readFileSync(file)],
    ['IPC results', JSON.stringify(run.results)],
    ['events', JSON.stringify(run.world.core.emitted)],
  ];
  if (fs.existsSync(`${file}-wal`)) places.push(['WAL', fs.readFileSync(`${file}-wal`)]);
  return places.flatMap(([where, content]) =>
    findSecret(content, key) ? [`secret leak: the API key is in the ${where}`] : [],
  );
}

export function collectStats(run: Run): void {
  run.stats.customerCreates = run.model.customerCreates.length;
  run.stats.jobCreates = run.model.jobCreates.length;
  run.stats.customerEdits = [...run.model.customerIntents.values()].reduce((n, fields) => n + fields.size, 0);
  run.stats.payments = run.model.payments.length;
  const log = run.world.sim.control.requestLog();
  run.stats.requests = log.length;
  run.stats.faultyAnswers = log.filter((r) => r.status === 0 || r.status === 429 || r.status >= 500).length;
  run.stats.conflicts = (run.world.core.sqlite.prepare('SELECT COUNT(*) AS n FROM conflicts').get() as { n: number }).n;
  run.stats.legitimateFailures = (
    run.world.core.sqlite.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'failed'").get() as { n: number }
  ).n;
}
