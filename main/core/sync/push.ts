/**
 * Push (design.md rules 2-4): drain the outbox in order, a customer created offline before the job
 * that names it, requests in flight where dependencies allow. Every create is safe to retry: one
 * whose outcome is unknown is looked up by its marker before it is sent again, and a payment is
 * never re-sent at all. A rejected item is parked with Ascora's message while the rest goes on.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../../shared/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../ascora/backoff';
import { AscoraError } from '../ascora/errors';
import type { AdaptiveLimiter } from '../ascora/limiter';
import type { AscoraClient, AscoraCustomer, AscoraJob, CustomerWrite } from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { storageError } from '../db/storage-error';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, outbox, payments } from '../db/schema';
import { contentHash } from './canonical';
import { applySavedCustomer, mergeRemoteCustomer, remoteMovedOn } from './customer-merge';
import { writeSyncLog } from './log';
import { customerWriteBody, isCustomerSent, jobColumns, jobCreateBody, parseSentCustomerMarker, sentCustomerMarker } from './mapping';

export interface PushOptions {
  ctx: CoreContext;
  client: AscoraClient;
  integrationId: number;
  runId: string;
  limiter: AdaptiveLimiter;
  /** "Sync now": items waiting out a backoff go at once. */
  ignoreBackoff: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface PushResult {
  pushed: number;
  failed: number;
  /** Items left pending for a later run (retryable errors, dependencies not ready). */
  deferred: number;
  authFailed: boolean;
  networkFailed: boolean;
  /** This computer could not save (disk full, read-only): the run stops with this error. */
  storageFailure: AppError | null;
}

type OutboxItem = typeof outbox.$inferSelect;

/** Not pushed now, nothing wrong: a dependency is not in Ascora yet, or a person must resolve a conflict. */
class NotReady extends Error {}
/** Set aside for a person (a payment whose outcome is unknown): neither pushed nor retried. */
class ParkedForCheck extends Error {}

export async function pushOutbox(o: PushOptions): Promise<PushResult> {
  const { ctx, integrationId } = o;
  const result: PushResult = { pushed: 0, failed: 0, deferred: 0, authFailed: false, networkFailed: false, storageFailure: null };
  const queued = ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.integrationId, integrationId), inArray(outbox.state, ['pending', 'sending'])))
    .orderBy(outbox.id)
    .all();
  const total = queued.length;
  const handled = new Set<number>();
  let done = 0;

  // Waves: everything whose dependency is done goes out together (through the limiter).
  for (;;) {
    if (result.authFailed || result.storageFailure || o.signal?.aborted) break;
    const now = ctx.clock.now();
    const wave: OutboxItem[] = [];
    for (const item of queued) {
      if (handled.has(item.id)) continue;
      const dependency = item.dependsOn ? ctx.db.select().from(outbox).where(eq(outbox.id, item.dependsOn)).get() : null;
      if (dependency && (dependency.state === 'failed' || dependency.state === 'needs_check')) {
        handled.add(item.id);
        failItem(o, item, `It depends on a change that could not be sent to Ascora: ${dependency.lastError ?? 'see that item'}.`);
        result.failed++;
        continue;
      }
      if (dependency && dependency.state !== 'done') continue;
      if (!o.ignoreBackoff && item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now) continue;
      wave.push(item);
    }
    if (wave.length === 0) break;
    await Promise.all(
      wave.map((item) =>
        o.limiter.run(async () => {
          handled.add(item.id);
          const outcome = await pushItem(o, item);
          if (outcome === 'pushed') result.pushed++;
          else if (outcome === 'failed') result.failed++;
          else {
            result.deferred++;
            if (outcome === 'auth') result.authFailed = true;
            if (outcome === 'network') result.networkFailed = true;
            if (outcome instanceof AppError) result.storageFailure = outcome;
          }
          o.onProgress?.(++done, total);
        }).catch(() => undefined),
      ),
    );
  }
  result.deferred += queued.filter((item) => !handled.has(item.id)).length;
  return result;
}

type Outcome = 'pushed' | 'failed' | 'deferred' | 'auth' | 'network' | AppError;

async function pushItem(o: PushOptions, item: OutboxItem): Promise<Outcome> {
  const { ctx } = o;
  // Evidence before the request: a crash from here on leaves a `sending` row, read as outcome unknown.
  ctx.db
    .update(outbox)
    .set({ state: 'sending', attempts: item.attempts + 1, lastAttemptAt: isoNow(ctx.clock), updatedAt: isoNow(ctx.clock) })
    .where(eq(outbox.id, item.id))
    .run();
  try {
    switch (item.kind) {
      case 'create_customer':
        await pushCustomer(o, item, 'create');
        break;
      case 'update_customer':
        await pushCustomer(o, item, 'update');
        break;
      case 'create_job':
        await pushJob(o, item);
        break;
      case 'create_payment':
        await pushPayment(o, item);
        break;
    }
    return 'pushed';
  } catch (error) {
    return settleFailure(o, item, error);
  }
}

function settleFailure(o: PushOptions, item: OutboxItem, error: unknown): Outcome {
  const { ctx } = o;
  const now = ctx.clock.now();
  const back = (fields: Partial<OutboxItem>) =>
    ctx.db.update(outbox).set({ state: 'pending', updatedAt: isoNow(ctx.clock), ...fields }).where(eq(outbox.id, item.id)).run();
  if (error instanceof ParkedForCheck) return 'failed';
  if (error instanceof NotReady) {
    back({ attempts: item.attempts, lastError: error.message });
    return 'deferred';
  }
  const storage = storageError(error);
  if (storage) {
    // Not Ascora's refusal: Ascora may have applied the change, and only this computer could not
    // save its answer. Parked as failed, a "Retry failed" would send it again: a duplicate.
    if (item.kind === 'create_payment') parkPaymentForCheck(o, item, 'The payment was sent, but this computer could not save the answer.');
    else back({ outcomeUnknown: true, lastError: storage.message });
    return storage;
  }
  if (!(error instanceof AscoraError)) {
    failItem(o, item, error instanceof Error ? error.message : String(error));
    return 'failed';
  }
  switch (error.kind) {
    case 'auth':
      // Ascora refused the key: nothing was applied, nothing is dropped.
      back({ attempts: item.attempts, lastError: 'Ascora refused the API key.' });
      return 'auth';
    case 'retryable': {
      const wait = error.retryAfterMs ?? backoffDelay(item.attempts + 1, DEFAULT_RETRY_POLICY);
      back({ nextAttemptAt: new Date(now + wait).toISOString(), lastError: error.message });
      return error.status === null ? 'network' : 'deferred';
    }
    case 'unknown_outcome':
      if (item.kind === 'create_payment') {
        parkPaymentForCheck(o, item, error.message);
        return 'failed';
      }
      back({ outcomeUnknown: true, lastError: `${error.message} It will be looked up in Ascora before it is sent again.` });
      return 'network';
    default:
      failItem(o, item, error.message);
      return 'failed';
  }
}

/** Parked with Ascora's message; the row shows it; the queue goes on. */
function failItem(o: PushOptions, item: OutboxItem, message: string): void {
  const { ctx } = o;
  ctx.db.transaction((tx) => {
    // Read back: the attempt that just failed was counted in the row, not in `item`.
    const attempts = tx.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, item.id)).get()?.attempts ?? item.attempts;
    tx.update(outbox).set({ state: 'failed', lastError: message, updatedAt: isoNow(ctx.clock) }).where(eq(outbox.id, item.id)).run();
    if (item.kind === 'create_job') {
      tx.update(ascoraJobs).set({ syncState: 'failed', lastError: message }).where(eq(ascoraJobs.id, item.recordId)).run();
    } else if (item.kind === 'create_payment') {
      tx.update(payments).set({ state: 'failed', lastError: message }).where(eq(payments.id, item.recordId)).run();
    } else {
      tx.update(ascoraCustomers).set({ syncState: 'failed', lastError: message }).where(eq(ascoraCustomers.id, item.recordId)).run();
    }
    writeSyncLog(tx, {
      integrationId: o.integrationId,
      runId: o.runId,
      kind: 'item',
      direction: 'push',
      entity: item.kind,
      recordRef: String(item.recordId),
      outboxId: item.id,
      status: 'failed',
      message: 'Not sent to Ascora. Fix the record if needed, then use Retry failed.',
      error: message,
      retryCount: attempts,
    });
  });
}

function finishItem(o: PushOptions, item: OutboxItem, apply: () => void): void {
  o.ctx.db.transaction(() => {
    apply();
    o.ctx.db.update(outbox).set({ state: 'done', outcomeUnknown: false, lastError: null, updatedAt: isoNow(o.ctx.clock) }).where(eq(outbox.id, item.id)).run();
  });
}

// ---- customers ------------------------------------------------------------------------------

async function pushCustomer(o: PushOptions, item: OutboxItem, mode: 'create' | 'update'): Promise<void> {
  const row = o.ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, item.recordId)).get();
  if (!row) throw new Error('The customer is no longer in the app.');
  if (mode === 'create' && row.ascoraCustomerId) return finishItem(o, item, () => undefined);
  if (mode === 'update' && !row.ascoraCustomerId) throw new NotReady('Waiting for the customer to be created in Ascora first.');
  if (mode === 'update' && row.syncState === 'conflict') throw new NotReady('Waiting for a person to resolve the conflict.');

  let saved: { customer: AscoraCustomer; raw: Record<string, unknown> } | null = null;
  // What the lost create carried; a person may have edited the customer since.
  let sent = mode === 'create' && item.outcomeUnknown ? (parseSentCustomerMarker(item.marker) ?? customerWriteBody(row)) : null;
  if (sent) saved = await findCustomer(o, sent);
  let toSend = row;
  if (mode === 'update') {
    // The update carries the whole record, so first take in what another user changed since.
    const remote = await o.client.getCustomer(row.ascoraCustomerId!, o.signal);
    if (remote && remoteMovedOn(row, remote.raw)) {
      const clashes = o.ctx.db.transaction((tx) => mergeRemoteCustomer(tx, row, remote.value, remote.raw, isoNow(o.ctx.clock)));
      if (clashes.length > 0) {
        o.ctx.events.emit('record.changed', { entity: 'conflict', ids: 'many' });
        o.ctx.events.emit('record.changed', { entity: 'customer', ids: [row.id] });
        throw new NotReady('Waiting for a person to resolve the conflict.');
      }
      toSend = o.ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, row.id)).get()!;
    }
  }
  if (!saved) {
    sent = customerWriteBody(toSend);
    // Kept before the request: if its answer is lost, a create's look-up matches what Ascora
    // received, and a merge knows the fields Ascora holds as this app sent them (customer-merge.ts).
    o.ctx.db.update(outbox).set({ marker: sentCustomerMarker(sent) }).where(eq(outbox.id, item.id)).run();
    saved = await o.client.saveCustomer(sent, o.signal);
  }
  const { customer, raw } = saved;
  finishItem(o, item, () => applySavedCustomer(o.ctx.db, { rowId: row.id, sent, remote: customer, raw, now: isoNow(o.ctx.clock), doneItem: item.id }));
}

/** The create may have been applied: adopt an exact match on the names, email, street and postcode it carried. */
async function findCustomer(o: PushOptions, sent: CustomerWrite) {
  const name = sent.companyName || `${sent.contactFirstName} ${sent.contactLastName}`.trim();
  const page = await o.client.listCustomers({ page: 1, pageSize: 100, filterText: sent.emailAddress || name }, o.signal);
  const match = page.records.find(({ value }) => isCustomerSent(sent, value));
  return match ? { customer: match.value, raw: match.raw } : null;
}

// ---- jobs -----------------------------------------------------------------------------------

async function pushJob(o: PushOptions, item: OutboxItem): Promise<void> {
  const { ctx } = o;
  const row = ctx.db.select().from(ascoraJobs).where(eq(ascoraJobs.id, item.recordId)).get();
  if (!row) throw new Error('The job is no longer in the app.');
  if (row.ascoraJobId) return finishItem(o, item, () => undefined);
  const customer = row.siteCustomerLocalId
    ? ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, row.siteCustomerLocalId)).get()
    : undefined;
  const siteCustomerId = row.siteCustomerId ?? customer?.ascoraCustomerId ?? null;
  if (!siteCustomerId) throw new NotReady("Waiting for the job's customer to be created in Ascora first.");
  const marker = item.marker ?? '';
  const sent = jobCreateBody(row, siteCustomerId);

  let found: { job: AscoraJob; raw: Record<string, unknown> } | null = null;
  if (item.outcomeUnknown && marker) found = await findJobByMarker(o, marker, item.lastAttemptAt);
  if (!found) {
    const created = await o.client.createJob(sent, o.signal);
    found =
      created.job && created.job.jobNumber
        ? { job: created.job, raw: (created.raw as { job: Record<string, unknown> }).job }
        : marker
          ? await findJobByMarker(o, marker, isoNow(ctx.clock))
          : null;
    if (!found) throw new AscoraError('unknown_outcome', 'Ascora accepted the job but did not say its number.');
  }
  const { job, raw } = found;
  const dropped = [sent.state && !job.state ? 'state' : null, sent.clientOrderNumber && !job.clientOrderNumber ? 'claim number' : null].filter(Boolean);

  finishItem(o, item, () => {
    const rawJson = JSON.stringify(raw);
    ctx.db
      .update(ascoraJobs)
      .set({
        ...jobColumns(job),
        rawJson,
        contentHash: contentHash(raw),
        baseJson: rawJson,
        syncState: row.localStatusText ? 'local_only' : 'synced',
        lastError: null,
        updatedAt: isoNow(ctx.clock),
      })
      .where(eq(ascoraJobs.id, row.id))
      .run();
    if (dropped.length > 0) {
      writeSyncLog(ctx.db, {
        integrationId: o.integrationId,
        runId: o.runId,
        kind: 'item',
        direction: 'push',
        entity: 'create_job',
        recordRef: job.jobNumber,
        outboxId: item.id,
        status: 'skipped',
        message: `Job ${job.jobNumber} was created, but Ascora did not keep its ${dropped.join(' and ')}: add them in Ascora.`,
      });
    }
  });
}

/**
 * Ascora has no idempotency key: the marker `[RA:<report_id>]` on the description's last line
 * finds a job this app already created (ascora-api.md section 4). FilterText first; what it
 * searches is unknown, so the created dates around the attempt are scanned too.
 */
async function findJobByMarker(o: PushOptions, marker: string, attemptAt: string | null): Promise<{ job: AscoraJob; raw: Record<string, unknown> } | null> {
  const hasMarker = (job: AscoraJob) => job.jobDescription.trimEnd().endsWith(marker);
  const byText = await o.client.listJobs({ page: 1, pageSize: 100, filterText: marker }, o.signal);
  const hit = byText.records.find((r) => hasMarker(r.value));
  if (hit) return { job: hit.value, raw: hit.raw };
  const day = Date.parse(attemptAt ?? isoNow(o.ctx.clock));
  const date = (offsetDays: number) => new Date(day + offsetDays * 86_400_000).toISOString().slice(0, 10);
  for (let page = 1; ; page++) {
    const scan = await o.client.listJobs({ page, pageSize: 250, startDate: date(-1), endDate: date(1) }, o.signal);
    const found = scan.records.find((r) => hasMarker(r.value));
    if (found) return { job: found.value, raw: found.raw };
    if (page >= scan.totalPages || scan.records.length === 0) return null;
  }
}

// ---- payments -------------------------------------------------------------------------------

async function pushPayment(o: PushOptions, item: OutboxItem): Promise<void> {
  const { ctx } = o;
  const payment = ctx.db.select().from(payments).where(eq(payments.id, item.recordId)).get();
  if (!payment) throw new Error('The payment is no longer in the app.');
  // Never re-sent when its first answer was lost: a person checks Ascora (ascora-api.md section 4).
  if (item.outcomeUnknown) {
    parkPaymentForCheck(o, item, 'The answer from Ascora never arrived.');
    throw new ParkedForCheck();
  }
  const invoice = ctx.db.select().from(ascoraInvoices).where(eq(ascoraInvoices.id, payment.invoiceId)).get();
  if (!invoice) throw new Error('The invoice of this payment is no longer in the app.');
  await o.client.createPayment(
    {
      invoiceNumber: invoice.invoiceNumber,
      paymentAmount: payment.amountCents / 100,
      paymentDate: `${payment.paymentDate}T00:00:00`,
      paymentMethod: payment.paymentMethod,
      receiptNumber: payment.receiptNumber,
      ...(payment.comment ? { comment: payment.comment } : {}),
    },
    o.signal,
  );
  finishItem(o, item, () => {
    ctx.db.update(payments).set({ state: 'synced', lastError: null, updatedAt: isoNow(ctx.clock) }).where(eq(payments.id, payment.id)).run();
  });
}

function parkPaymentForCheck(o: PushOptions, item: OutboxItem, reason: string): void {
  const message = `${reason} Check in Ascora whether a payment with receipt number RA-PAY-${item.recordId} exists, then confirm it here.`;
  o.ctx.db.transaction((tx) => {
    tx.update(outbox).set({ state: 'needs_check', outcomeUnknown: true, lastError: message }).where(eq(outbox.id, item.id)).run();
    tx.update(payments).set({ state: 'needs_check', lastError: message }).where(eq(payments.id, item.recordId)).run();
    writeSyncLog(tx, {
      integrationId: o.integrationId,
      runId: o.runId,
      kind: 'item',
      direction: 'push',
      entity: 'create_payment',
      recordRef: `RA-PAY-${item.recordId}`,
      outboxId: item.id,
      status: 'pending',
      message,
    });
  });
}
