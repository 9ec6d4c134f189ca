/**
 * Push (design.md rules 2-4): drain the outbox in order, a customer created offline before the job
 * that names it, requests in flight where dependencies allow. Every create is safe to retry: one
 * whose outcome is unknown is looked up by its marker before it is sent again, and a payment is
 * never re-sent at all. A rejected item is parked with Ascora's message while the rest goes on.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { assertNever } from '../../../shared/assert-never';
import { AppError } from '../../../shared/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../ascora/backoff';
import { AscoraError } from '../ascora/errors';
import type { AdaptiveLimiter } from '../ascora/limiter';
import {
  wireJobSchema,
  type AscoraClient,
  type AscoraCustomer,
  type AscoraJob,
  type CustomerWrite,
} from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { storageError } from '../db/storage-error';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, jobAttachments, jobNotes, outbox, payments } from '../db/schema';
import { contentHash } from './canonical';
import { applySavedCustomer, mergeRemoteCustomer, remoteMovedOn } from './customer-merge';
import { writeSyncLog } from './log';
import {
  carriesJobMarker,
  customerDisplayName,
  customerWriteBody,
  HAS_JOB_MARKER_SQL,
  isCustomerSent,
  JOB_MARKER_SQL,
  jobColumns,
  mayBeCustomerSent,
  jobCreateBody,
  parseSentCustomerMarker,
  sentCustomerMarker,
} from './mapping';
import { formatDate, formatMoney } from '../../../shared/format';
import { toDollars } from '../../../shared/money';
import { addCalendarDays, dayIn } from '../../../shared/time';
import * as queue from './queue';

export interface PushOptions {
  ctx: CoreContext;
  client: AscoraClient;
  integrationId: number;
  runId: string;
  limiter: AdaptiveLimiter;
  /** The office's time zone: its days are the days of the created-date windows. */
  timeZone: string;
  /** Ascora's clock (sync/ascora-clock.ts): what it stamps created dates with. */
  ascoraNow(): number;
  /** "Sync now": items waiting out a backoff go at once. */
  ignoreBackoff: boolean;
  /**
   * The run pulled the recent created-date window of jobs just before (engine.ts), over a mirror
   * that has had a full pass: every job in Ascora is in the mirror, so a job's create looks there
   * only and pays no request of its own. Otherwise each create asks Ascora (FilterText, then the
   * created dates).
   */
  recentJobsPulled?: boolean;
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

type OutboxItem = queue.QueueItem;

/** Not pushed now, nothing wrong: a dependency is not in Ascora yet, or a person must resolve a conflict. */
class NotReady extends Error {}
/** Set aside for a person (an outcome the app cannot settle by itself): neither pushed nor retried. */
class ParkedForCheck extends Error {}
/** This change cannot be sent as it is (its record is gone here or in Ascora): parked with the reason. */
class CannotSend extends Error {}

/**
 * Where a write's request is: not yet sent, on the wire (the client's sorting of its error is
 * exact), or answered (any failure after this is about an applied write). A failure once a write
 * may have left this machine is an unknown outcome: a create is looked up before any re-send, a
 * customer update is read back and sent again (idempotent), a payment waits for a person.
 */
interface Wire {
  state: 'none' | 'sending' | 'answered';
}

/** Now on Ascora's clock, as an ISO instant: when a create leaves, for its look-up window. */
const ascoraIsoNow = (o: Pick<PushOptions, 'ascoraNow'>) => new Date(o.ascoraNow()).toISOString();

export async function pushOutbox(o: PushOptions): Promise<PushResult> {
  const { ctx, integrationId } = o;
  const result: PushResult = {
    pushed: 0,
    failed: 0,
    deferred: 0,
    authFailed: false,
    networkFailed: false,
    storageFailure: null,
  };
  const queued = queue.pendingItems(ctx.db, integrationId);
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
      const dependency = item.dependsOn
        ? ctx.db.select().from(outbox).where(eq(outbox.id, item.dependsOn)).get()
        : null;
      if (dependency && (dependency.state === 'failed' || dependency.state === 'needs_check')) {
        handled.add(item.id);
        const mine = queue.claim(ctx.db, item.id, ctx.clock, { toSend: false });
        if (mine) {
          queue.settleRejected(
            ctx.db,
            mine,
            `It depends on a change that could not be sent to Ascora: ${dependency.lastError ?? 'see that item'}.`,
            o,
            ctx.clock,
          );
          result.failed++;
        }
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
          else if (outcome !== 'skipped') {
            result.deferred++;
            if (outcome === 'auth') result.authFailed = true;
            if (outcome === 'network') result.networkFailed = true;
            if (outcome instanceof AppError) result.storageFailure = outcome;
          }
          o.onProgress?.(++done, total);
        }),
      ),
    );
  }
  result.deferred += queued.filter((item) => !handled.has(item.id)).length;
  return result;
}

/** `skipped`: another sender claimed the item first, or the run was stopped before it. */
type Outcome = 'pushed' | 'failed' | 'deferred' | 'skipped' | 'auth' | 'network' | AppError;

/** Never throws: every failure, expected or not, ends as a counted outcome with the item settled. */
async function pushItem(o: PushOptions, queued: OutboxItem): Promise<Outcome> {
  const { ctx } = o;
  if (o.signal?.aborted) return 'skipped';
  const wire: Wire = { state: 'none' };
  let item: OutboxItem | null = null;
  try {
    item = queue.claim(ctx.db, queued.id, ctx.clock);
    if (!item) return 'skipped';
    switch (item.kind) {
      case 'create_customer':
        await pushCustomer(o, item, 'create', wire);
        break;
      case 'update_customer':
        await pushCustomer(o, item, 'update', wire);
        break;
      case 'create_job':
        await pushJob(o, item, wire);
        break;
      case 'create_payment':
        await pushPayment(o, item, wire);
        break;
      default:
        assertNever(item.kind, 'outbox kind');
    }
    return 'pushed';
  } catch (error) {
    if (!item) return storageError(error) ?? unexpected(o, queued, error);
    try {
      return settleFailure(o, item, error, wire);
    } catch (settling) {
      // Not even the failure could be saved (the disk): the row stays `sending`, which the next
      // start reads as outcome unknown, so nothing is sent twice or dropped.
      return storageError(settling) ?? unexpected(o, item, settling);
    }
  }
}

/** A problem in this app, not Ascora's answer: logged with its cause, counted, and shown. */
function unexpected(o: PushOptions, item: OutboxItem, error: unknown): 'failed' {
  o.ctx.logger.error('push: unexpected error', {
    outboxId: item.id,
    kind: item.kind,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return 'failed';
}

const definitelyNotApplied = (error: unknown) =>
  error instanceof AscoraError &&
  (error.kind === 'auth' || error.kind === 'rejected' || error.kind === 'retryable' || error.kind === 'not_found');

function settleFailure(o: PushOptions, item: OutboxItem, error: unknown, wire: Wire): Outcome {
  const { ctx } = o;
  const now = ctx.clock.now();
  if (error instanceof ParkedForCheck) return 'failed';
  if (error instanceof NotReady) {
    queue.defer(ctx.db, item, error.message, ctx.clock);
    return 'deferred';
  }
  const reason = error instanceof Error ? error.message : String(error);
  const mayHaveApplied = wire.state === 'answered' || (wire.state === 'sending' && !definitelyNotApplied(error));
  if (mayHaveApplied) {
    if (!(error instanceof AscoraError)) unexpected(o, item, error);
    // A payment is never re-sent by itself (ascora-api.md section 4): a person checks Ascora.
    if (item.kind === 'create_payment') {
      parkPayment(o, item, 'The payment was sent, but its outcome is not known.');
      return 'failed';
    }
    const next =
      item.kind === 'update_customer'
        ? 'Ascora may have it: it will be read from Ascora and sent again.'
        : 'It will be looked up in Ascora before it is sent again.';
    queue.markUnknown(ctx.db, item, `${reason} ${next}`, ctx.clock);
    return storageError(error) ?? (error instanceof AscoraError && error.status !== null ? 'deferred' : 'network');
  }
  const storage = storageError(error);
  if (storage) {
    queue.defer(ctx.db, item, storage.message, ctx.clock);
    return storage;
  }
  if (o.signal?.aborted) {
    queue.defer(ctx.db, item, 'The sync was stopped before this change was sent.', ctx.clock);
    return 'deferred';
  }
  if (error instanceof CannotSend) {
    queue.settleRejected(ctx.db, item, error.message, o, ctx.clock);
    return 'failed';
  }
  if (!(error instanceof AscoraError)) {
    unexpected(o, item, error);
    queue.settleRejected(
      ctx.db,
      item,
      `A problem in RestoreAssist Desk stopped this change (${reason}). The details are in the log.`,
      o,
      ctx.clock,
    );
    return 'failed';
  }
  switch (error.kind) {
    case 'auth':
      // Ascora refused the key: nothing was applied, nothing is dropped.
      queue.defer(ctx.db, item, 'Ascora refused the API key.', ctx.clock);
      return 'auth';
    case 'retryable':
    case 'unknown_outcome': {
      // Not applied (retryable), or an update, which is safe to send again.
      const wait = error.retryAfterMs ?? backoffDelay(item.attempts, DEFAULT_RETRY_POLICY);
      queue.retryAt(ctx.db, item, new Date(now + wait), error.message, ctx.clock);
      return error.status === null ? 'network' : 'deferred';
    }
    case 'rejected':
    case 'not_found':
      queue.settleRejected(ctx.db, item, error.message, o, ctx.clock);
      return 'failed';
    default:
      return assertNever(error.kind, 'Ascora error kind');
  }
}

// ---- customers ------------------------------------------------------------------------------

const readCustomer = (db: Pick<CoreContext['db'], 'select'>, id: number) =>
  db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, id)).get();

async function pushCustomer(o: PushOptions, item: OutboxItem, mode: 'create' | 'update', wire: Wire): Promise<void> {
  const { ctx } = o;
  const row = readCustomer(ctx.db, item.recordId);
  if (!row) throw new CannotSend('The customer is no longer in the app.');
  if (mode === 'create' && row.ascoraCustomerId)
    return void ctx.db.transaction((tx) => queue.settleDone(tx, item.id, isoNow(ctx.clock)));
  if (mode === 'update' && !row.ascoraCustomerId)
    throw new NotReady('Waiting for the customer to be created in Ascora first.');
  // The conflict row decides, not the badge: nothing it covers is sent until a person chooses.
  if (mode === 'update' && queue.openCustomerConflict(ctx.db, row.id) !== null)
    throw new NotReady('Waiting for a person to resolve the conflict.');

  let saved: { customer: AscoraCustomer; raw: Record<string, unknown> } | null = null;
  // What the lost create carried; a person may have edited the customer since.
  const lost =
    mode === 'create' && item.outcomeUnknown ? (parseSentCustomerMarker(item.marker) ?? customerWriteBody(row)) : null;
  if (lost) {
    const found = await findCustomer(o, lost);
    if (found === 'unsure') {
      queue.parkForCheck(
        ctx.db,
        item,
        `Ascora may already have this customer: its create's answer was lost, and Ascora has customers like it but none exactly as it was sent (another user may have changed it since). ` +
          `Look for "${customerDisplayName(lost)}" in Ascora, then link it here if one is this customer, or send it if none is.`,
        customerDisplayName(lost),
        o,
        ctx.clock,
      );
      throw new ParkedForCheck();
    }
    saved = found;
  }
  if (mode === 'update') {
    // The update carries the whole record, so first take in what another user changed since.
    const remote = await o.client.getCustomer(row.ascoraCustomerId!, o.signal);
    if (!remote) throw new CannotSend('Ascora no longer has this customer (it was deleted or merged there).');
    // Read again after the await: an edit saved meanwhile is merged and sent, never overwritten.
    const clashes = ctx.db.transaction((tx) => {
      const current = readCustomer(tx, row.id);
      if (!current || !remoteMovedOn(current, remote.raw)) return [];
      return mergeRemoteCustomer(tx, current, remote.value, remote.raw, isoNow(ctx.clock));
    });
    if (clashes.length > 0) {
      ctx.events.emit('record.changed', { entity: 'conflict', ids: 'many' });
      ctx.events.emit('record.changed', { entity: 'customer', ids: [row.id] });
      throw new NotReady('Waiting for a person to resolve the conflict.');
    }
  }
  // Before its first send: another desktop may have made the job waiting on it, and this customer with it.
  if (mode === 'create' && !saved && !item.outcomeUnknown && (await takeReportJobCustomer(o, item))) return;
  let sentVersion = item.sentVersion;
  let sent = lost;
  if (!saved) {
    // Read, noted and sent with no await between: the body is exactly this version of the row.
    const current = readCustomer(ctx.db, row.id);
    if (!current) throw new CannotSend('The customer is no longer in the app.');
    sent = customerWriteBody(current);
    sentVersion = current.localVersion;
    // Kept before the request: if its answer is lost, a create's look-up matches what Ascora
    // received, and a merge knows the fields Ascora holds as this app sent them (customer-merge.ts).
    queue.noteSending(ctx.db, item, {
      version: current.localVersion,
      marker: sentCustomerMarker(sent),
      ...(mode === 'create' ? { sentAt: ascoraIsoNow(o) } : {}),
    });
    wire.state = 'sending';
    saved = await o.client.saveCustomer(sent, o.signal);
    wire.state = 'answered';
  }
  const { customer, raw } = saved;
  ctx.db.transaction((tx) =>
    applySavedCustomer(tx, {
      rowId: row.id,
      sent,
      sentVersion,
      remote: customer,
      raw,
      now: isoNow(ctx.clock),
      doneItem: item.id,
    }),
  );
}

/**
 * Two desktops made one report into a job with a new customer: the job waiting on this customer
 * carries the report's marker, and the mirror (the recent window was pulled before the push,
 * engine.ts) has that report's job made by the other desktop. Its site customer is this customer
 * when the email and contact name are the same: this row takes it, as if its own create had been
 * answered, so the job links to that job and customer and nothing goes to Ascora twice. Anything
 * less alike is sent as a customer of its own: never a silent wrong merge.
 */
async function takeReportJobCustomer(o: PushOptions, item: OutboxItem): Promise<boolean> {
  const { ctx } = o;
  // The pull ties a report's job made elsewhere to the report's row here (pull.ts adoptCreatedJob);
  // a job pulled before the report was made into one here is its own row in the mirror.
  const adopted = ctx.db
    .select({ jobNumber: ascoraJobs.jobNumber, customerId: ascoraJobs.siteCustomerId })
    .from(ascoraJobs)
    .where(
      and(
        eq(ascoraJobs.siteCustomerLocalId, item.recordId),
        isNotNull(ascoraJobs.reportId),
        isNotNull(ascoraJobs.ascoraJobId),
        isNotNull(ascoraJobs.siteCustomerId),
      ),
    )
    .get();
  const waiting = ctx.db
    .select({ marker: outbox.marker, recordId: outbox.recordId })
    .from(outbox)
    .where(and(eq(outbox.dependsOn, item.id), eq(outbox.kind, 'create_job'), eq(outbox.state, 'pending')))
    .all();
  const inMirror = waiting
    .map((w) => (w.marker ? findJobInMirror(o, w.marker, w.recordId) : null))
    .find((found) => found?.job.siteCustomer?.id);
  const theirJob =
    adopted ?? (inMirror ? { jobNumber: inMirror.job.jobNumber, customerId: inMirror.job.siteCustomer?.id } : null);
  const theirCustomerId = theirJob?.customerId;
  if (!theirJob || !theirCustomerId) return false;
  const remote = await o.client.getCustomer(theirCustomerId, o.signal);
  if (!remote) return false;
  return ctx.db.transaction((tx) => {
    // Read after the await: a person may have changed this customer meanwhile.
    const current = readCustomer(tx, item.recordId);
    // Edited here since it was made: taking Ascora's version would lose the edit, and sending it
    // as an update could replace another user's. It is sent as usual; the copy is shown (problems.ts).
    if (!current || current.ascoraCustomerId || current.localVersion !== 0) return false;
    const mine = customerWriteBody(current);
    const alike =
      !!mine.emailAddress &&
      same(mine.emailAddress, remote.value.emailAddress) &&
      same(mine.contactFirstName, remote.value.contactFirstName) &&
      same(mine.contactLastName, remote.value.contactLastName) &&
      same(mine.companyName, remote.value.companyName);
    if (!alike) return false;
    // The pull may have brought that customer in as a row of its own: this row becomes it, unless
    // something was saved on that row here (then it is sent as usual, and the duplicate shown).
    const pulled = tx
      .select()
      .from(ascoraCustomers)
      .where(
        and(
          eq(ascoraCustomers.integrationId, o.integrationId),
          eq(ascoraCustomers.ascoraCustomerId, remote.value.customerId),
        ),
      )
      .get();
    if (pulled) {
      const untouched =
        pulled.syncState === 'synced' &&
        tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.recordId, pulled.id), sql`${outbox.kind} IN ('create_customer', 'update_customer')`))
          .get() === undefined &&
        queue.openCustomerConflict(tx, pulled.id) === null;
      if (!untouched) return false;
      tx.update(ascoraJobs)
        .set({ siteCustomerLocalId: current.id })
        .where(eq(ascoraJobs.siteCustomerLocalId, pulled.id))
        .run();
      tx.delete(ascoraCustomers).where(eq(ascoraCustomers.id, pulled.id)).run();
    }
    applySavedCustomer(tx, {
      rowId: current.id,
      sent: mine,
      sentVersion: current.localVersion,
      remote: remote.value,
      raw: remote.raw,
      now: isoNow(ctx.clock),
      doneItem: item.id,
    });
    const name = current.customerName || customerDisplayName(mine);
    writeSyncLog(tx, {
      integrationId: o.integrationId,
      runId: o.runId,
      kind: 'item',
      direction: 'push',
      entity: 'create_customer',
      recordRef: name,
      outboxId: item.id,
      status: 'success',
      message: `${name} was not sent: another desktop had already made this report into job ${theirJob.jobNumber} in Ascora, with this same customer. The customer and the job here are now those.`,
    });
    return true;
  });
}

const digits = (phone: string | undefined) => (phone ?? '').replace(/\D/g, '');
const same = (a: unknown, b: unknown) =>
  String(a ?? '')
    .trim()
    .toLowerCase() ===
  String(b ?? '')
    .trim()
    .toLowerCase();

type FoundCustomer = { customer: AscoraCustomer; raw: Record<string, unknown> };

/**
 * The create may have been applied: adopt an exact match on the names, email, street and postcode
 * it carried. `unsure` when only look-alikes were found (searchSentCustomer): another user may have
 * edited it since, and only a person can tell.
 */
async function findCustomer(o: PushOptions, sent: CustomerWrite): Promise<FoundCustomer | 'unsure' | null> {
  const inMirror = (ascoraId: string) =>
    o.ctx.db
      .select({ id: ascoraCustomers.id })
      .from(ascoraCustomers)
      .where(and(eq(ascoraCustomers.integrationId, o.integrationId), eq(ascoraCustomers.ascoraCustomerId, ascoraId)))
      .get() !== undefined;
  const found = await searchSentCustomer(o.client, sent, inMirror, o.signal);
  return found.exact ?? (found.lookAlikes.length > 0 ? 'unsure' : null);
}

/**
 * What FilterText searches is not documented (ascora-api.md), and many customers share a name or
 * have no email, so every page of each search is read: by email, by name, then by phone; it stops
 * at an exact match. A look-alike: the same name and the same phone, email or street; or, when the
 * mirror does not know its Ascora id (so it is no other customer of ours), the same contact name or
 * company (mayBeCustomerSent), whatever else another user changed.
 */
export async function searchSentCustomer(
  client: AscoraClient,
  sent: CustomerWrite,
  inMirror: (ascoraId: string) => boolean,
  signal?: AbortSignal,
): Promise<{ exact: FoundCustomer | null; lookAlikes: FoundCustomer[] }> {
  const searches = [
    sent.emailAddress ? { filterText: sent.emailAddress } : null,
    customerDisplayName(sent) ? { filterText: customerDisplayName(sent) } : null,
    digits(sent.phoneNumber)
      ? { phoneNumber: digits(sent.phoneNumber) }
      : digits(sent.mobileNumber)
        ? { phoneNumber: digits(sent.mobileNumber) }
        : null,
  ].filter((q) => q !== null);
  const lookAlikes = new Map<string, FoundCustomer>();
  for (const search of searches) {
    for (let page = 1; ; page++) {
      const found = await client.listCustomers({ page, pageSize: 100, ...search }, signal);
      const match = found.records.find(({ value }) => isCustomerSent(sent, value));
      if (match) return { exact: { customer: match.value, raw: match.raw }, lookAlikes: [] };
      for (const { value, raw } of found.records) {
        const alike =
          (same(customerDisplayName(value as CustomerWrite), customerDisplayName(sent)) &&
            ((!!sent.emailAddress && same(value.emailAddress, sent.emailAddress)) ||
              (!!digits(sent.phoneNumber) && digits(value.phoneNumber ?? '') === digits(sent.phoneNumber)) ||
              (!!sent.streetLine1 && same(value.streetLine1, sent.streetLine1)))) ||
          (mayBeCustomerSent(sent, value) && !inMirror(value.customerId));
        if (alike) lookAlikes.set(value.customerId, { customer: value, raw });
      }
      if (page >= found.totalPages || found.records.length === 0) break;
    }
  }
  return { exact: null, lookAlikes: [...lookAlikes.values()] };
}

// ---- jobs -----------------------------------------------------------------------------------

async function pushJob(o: PushOptions, item: OutboxItem, wire: Wire): Promise<void> {
  const { ctx } = o;
  const row = ctx.db.select().from(ascoraJobs).where(eq(ascoraJobs.id, item.recordId)).get();
  if (!row) throw new CannotSend('The job is no longer in the app.');
  if (row.ascoraJobId)
    return void ctx.db.transaction((tx) => queue.settleJobCreated(tx, item.id, row.id, isoNow(ctx.clock)));
  const customer = row.siteCustomerLocalId
    ? ctx.db.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, row.siteCustomerLocalId)).get()
    : undefined;
  const siteCustomerId = row.siteCustomerId ?? customer?.ascoraCustomerId ?? null;
  if (!siteCustomerId) throw new NotReady("Waiting for the job's customer to be created in Ascora first.");
  const marker = item.marker ?? '';

  // Before every create, whatever earlier attempts did (a first send refused with a 429 leaves no
  // trace in Ascora, but another desktop may have made the job since): the report's job may be in
  // Ascora already, made by another desktop on the same account, or by this one with its answer lost.
  let found = marker ? await findJobBeforeCreate(o, item, marker, row.id) : null;
  const sent = jobCreateBody(row, siteCustomerId);
  if (!found) {
    queue.noteSending(ctx.db, item, { version: row.localVersion, sentAt: ascoraIsoNow(o) });
    wire.state = 'sending';
    const created = await o.client.createJob(sent, o.signal);
    wire.state = 'answered';
    found =
      created.job && created.job.jobNumber
        ? { job: created.job, raw: (created.raw as { job: Record<string, unknown> }).job }
        : marker
          ? await findJobByMarker(o, marker, ascoraIsoNow(o))
          : null;
    if (!found) throw new AscoraError('unknown_outcome', 'Ascora accepted the job but did not say its number.');
  }
  const { job, raw } = found;
  const dropped = [
    sent.state && !job.state ? 'state' : null,
    sent.clientOrderNumber && !job.clientOrderNumber ? 'claim number' : null,
  ].filter(Boolean);

  const mirrorRowId = found.mirrorRowId;
  ctx.db.transaction((tx) => {
    const rawJson = JSON.stringify(raw);
    const now = isoNow(ctx.clock);
    if (mirrorRowId !== undefined) takeOverMirrorRow(tx, mirrorRowId, row.id);
    // Ascora's fields only: a status or note set here meanwhile stays (settleJobCreated reads it).
    tx.update(ascoraJobs)
      .set({ ...jobColumns(job), rawJson, contentHash: contentHash(raw), baseJson: rawJson, updatedAt: now })
      .where(eq(ascoraJobs.id, row.id))
      .run();
    queue.settleJobCreated(tx, item.id, row.id, now);
    if (dropped.length > 0) {
      writeSyncLog(tx, {
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

/** `mirrorRowId`: the job was found as a row of its own in the mirror (pulled from Ascora). */
type FoundJob = { job: AscoraJob; raw: Record<string, unknown>; mirrorRowId?: number };

/**
 * The mirror first (free; after this run's pull of the recent window it knows the jobs other
 * desktops made), then, unless that pull already covers all of Ascora, FilterText and the created
 * dates. A lost answer is always looked up in Ascora too, from the day its request left.
 */
async function findJobBeforeCreate(
  o: PushOptions,
  item: OutboxItem,
  marker: string,
  ownRowId: number,
): Promise<FoundJob | null> {
  const inMirror = findJobInMirror(o, marker, ownRowId);
  if (inMirror) return inMirror;
  if (item.outcomeUnknown) return findJobByMarker(o, marker, item.sentAt);
  return o.recentJobsPulled ? null : findJobByMarker(o, marker, null);
}

/**
 * A job in the mirror, already in Ascora, that carries this marker (made by another desktop and
 * pulled here). Served by the partial index jobs_report_marker_idx (drizzle/0008).
 */
function findJobInMirror(o: PushOptions, marker: string, ownRowId: number): FoundJob | null {
  const hit = o.ctx.db
    .select({ id: ascoraJobs.id, raw: ascoraJobs.rawJson, description: ascoraJobs.jobDescription })
    .from(ascoraJobs)
    .where(
      and(
        eq(ascoraJobs.integrationId, o.integrationId),
        sql.raw(HAS_JOB_MARKER_SQL),
        sql`${sql.raw(JOB_MARKER_SQL)} = ${marker}`,
        isNotNull(ascoraJobs.ascoraJobId),
        sql`${ascoraJobs.id} <> ${ownRowId}`,
      ),
    )
    .get();
  if (!hit?.raw || !carriesJobMarker(hit.description, marker)) return null;
  const raw = JSON.parse(hit.raw) as Record<string, unknown>;
  const parsed = wireJobSchema.safeParse(raw);
  return parsed.success ? { job: parsed.data, raw, mirrorRowId: hit.id } : null;
}

/**
 * The report's row here becomes the job found in the mirror: that job's own row (pulled, so all
 * Ascora's) goes, and what was written here on it (notes, attachments, a local status) moves to
 * the report's row. One row
 * per Ascora job (jobs_ascora_id_uq), and nothing a person saved is lost.
 */
function takeOverMirrorRow(
  tx: Pick<CoreContext['db'], 'select' | 'update' | 'delete'>,
  from: number,
  to: number,
): void {
  const status = (id: number) =>
    tx.select({ text: ascoraJobs.localStatusText }).from(ascoraJobs).where(eq(ascoraJobs.id, id)).get()?.text ?? null;
  const theirs = status(from);
  // A status set here on the pulled job is kept unless the report's row has one of its own.
  if (theirs !== null && status(to) === null)
    tx.update(ascoraJobs).set({ localStatusText: theirs }).where(eq(ascoraJobs.id, to)).run();
  tx.update(jobNotes).set({ jobId: to }).where(eq(jobNotes.jobId, from)).run();
  tx.update(jobAttachments).set({ jobId: to }).where(eq(jobAttachments.jobId, from)).run();
  tx.delete(ascoraJobs).where(eq(ascoraJobs.id, from)).run();
}

async function findJobByText(o: PushOptions, marker: string): Promise<FoundJob | null> {
  const byText = await o.client.listJobs({ page: 1, pageSize: 100, filterText: marker }, o.signal);
  const hit = byText.records.find((r) => carriesJobMarker(r.value.jobDescription, marker));
  return hit ? { job: hit.value, raw: hit.raw } : null;
}

/**
 * Ascora has no idempotency key: the marker `[RA:<report_id>]` in the description (mapping.ts
 * jobMarkerIn) finds a job this app already created (ascora-api.md section 4). FilterText first; what it
 * searches is unknown, so the created dates are scanned too, from the day before the request
 * first left (`sent_at`, never moved) to the day after today, in the office's days and on Ascora's
 * clock (which stamped the job, whatever this computer's says): a look-up days later, after failed
 * look-ups, still covers the day the job was made.
 */
async function findJobByMarker(o: PushOptions, marker: string, sentAt: string | null): Promise<FoundJob | null> {
  const byText = await findJobByText(o, marker);
  if (byText) return byText;
  const from = addCalendarDays(dayIn(o.timeZone, sentAt ? Date.parse(sentAt) : o.ascoraNow()), -1);
  const to = addCalendarDays(dayIn(o.timeZone, o.ascoraNow()), 1);
  for (let page = 1; ; page++) {
    const scan = await o.client.listJobs({ page, pageSize: 250, startDate: from, endDate: to }, o.signal);
    const found = scan.records.find((r) => carriesJobMarker(r.value.jobDescription, marker));
    if (found) return { job: found.value, raw: found.raw };
    if (page >= scan.totalPages || scan.records.length === 0) return null;
  }
}

// ---- payments -------------------------------------------------------------------------------

async function pushPayment(o: PushOptions, item: OutboxItem, wire: Wire): Promise<void> {
  const { ctx } = o;
  const payment = ctx.db.select().from(payments).where(eq(payments.id, item.recordId)).get();
  if (!payment) throw new CannotSend('The payment is no longer in the app.');
  // Never re-sent when its first answer was lost: a person checks Ascora (ascora-api.md section 4).
  if (item.outcomeUnknown) {
    parkPayment(o, item, 'The answer from Ascora never arrived.');
    throw new ParkedForCheck();
  }
  const invoice = ctx.db.select().from(ascoraInvoices).where(eq(ascoraInvoices.id, payment.invoiceId)).get();
  if (!invoice) throw new CannotSend('The invoice of this payment is no longer in the app.');
  queue.noteSending(ctx.db, item, { version: payment.localVersion });
  wire.state = 'sending';
  await o.client.createPayment(
    {
      invoiceNumber: invoice.invoiceNumber,
      paymentAmount: toDollars(payment.amountCents),
      paymentDate: `${payment.paymentDate}T00:00:00`,
      paymentMethod: payment.paymentMethod,
      receiptNumber: payment.receiptNumber,
      ...(payment.comment ? { comment: payment.comment } : {}),
    },
    o.signal,
  );
  wire.state = 'answered';
  ctx.db.transaction((tx) => queue.settlePaymentDone(tx, item.id, payment.id, isoNow(ctx.clock)));
}

/**
 * What a person looks for in Ascora: the invoice, the amount, the date and the receipt number the
 * payment was sent with (stored on it: another desktop's payment may have the same local id).
 */
function parkPayment(o: PushOptions, item: OutboxItem, reason: string): void {
  const found = o.ctx.db
    .select({
      receipt: payments.receiptNumber,
      amountCents: payments.amountCents,
      paymentDate: payments.paymentDate,
      invoiceNumber: ascoraInvoices.invoiceNumber,
    })
    .from(payments)
    .leftJoin(ascoraInvoices, eq(ascoraInvoices.id, payments.invoiceId))
    .where(eq(payments.id, item.recordId))
    .get();
  const receipt = found?.receipt || item.marker || `payment #${item.recordId}`;
  const what = found
    ? `invoice ${found.invoiceNumber ?? '(no longer in the app)'} has a payment of ${formatMoney(found.amountCents)} dated ${formatDate(found.paymentDate)} with receipt number ${receipt}`
    : `a payment with receipt number ${receipt} exists`;
  const message = `${reason} Check in Ascora whether ${what}, then confirm it here.`;
  queue.parkForCheck(o.ctx.db, item, message, receipt, o, o.ctx.clock);
}
