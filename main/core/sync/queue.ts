/**
 * The outbox queue, and its one owner: the only module that writes `outbox` rows, a record's
 * `sync_state` (customers, jobs) or a payment's `state`. Every change of either is a named
 * transition below, so "never twice, nothing lost" can be read in one file (docs/reliability.md).
 * Lint (eslint.config.js, "queue-owner") keeps every other module from writing those columns.
 *
 *   pending --claim--> sending --settleDone--------> done
 *                         |---settleRejected-----> failed --requeueFailed--> pending
 *                         |---parkForCheck-------> needs_check --confirmCheck--> pending | done
 *                         |---markUnknown--------> pending (outcome unknown: looked up before any re-send)
 *                         |---retryAt / defer----> pending
 *   sending (left by a process that died) --recoverAbandoned--> pending, outcome unknown
 *   needs_check (a customer create) --a person links it (applySavedCustomer)--> done; its dependents
 *                                     refused for it go back to pending (releaseDependents)
 *   pending | failed, outcome unknown (an update) --settleCheckedUpdate--> done | gone (Ascora read first)
 *   pending | failed, never on the wire --requeueRepaired--> pending (a person changed it)
 *   (a customer Ascora no longer has) --queueRecreate--> pending create (a person asked for it again)
 *                                      --withdraw / discard--> gone, with a log line (a person took it back)
 *
 * A customer's `sync_state` is never set by hand: every transition derives it from the customer's
 * open items and its open conflict (customerStateNow), so none can overwrite a conflict.
 *
 * Claiming is a compare-and-set, so one item is sent by one sender only; a local edit raises the
 * record's `local_version`, and an item remembers the version it sent (`sent_version`), so an
 * answer from Ascora never overwrites an edit made while the request was out.
 */
import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { OpenChange } from '../../../shared/domain';
import { assertNever } from '../../../shared/assert-never';
import { AppError } from '../../../shared/errors';
import { isoNow, type Clock } from '../clock';
import { ascoraCustomers, ascoraJobs, ascoraSyncLogs, conflicts, outbox, payments } from '../db/schema';
import type { Db } from '../db/types';
import { HOLDS_WORK_TO_ENTER } from '../db/local-work';
import { writeSyncLog } from './log';

export type QueueItem = typeof outbox.$inferSelect;
export type OutboxKind = QueueItem['kind'];
type Tx = Pick<Db, 'select' | 'insert' | 'update'>;
type RecordEntity = 'customer' | 'job' | 'payment';

const ENTITY_OF_KIND: Record<OutboxKind, RecordEntity> = {
  create_customer: 'customer',
  update_customer: 'customer',
  create_job: 'job',
  create_payment: 'payment',
};
const CUSTOMER_KINDS: OutboxKind[] = ['create_customer', 'update_customer'];

export interface OutboxChange {
  integrationId: number;
  kind: OutboxKind;
  recordId: number;
  /** The outbox item this one must follow (a job after the offline customer it names). */
  dependsOn?: number | null;
  marker?: string | null;
}

// ---- local changes (called by services inside the transaction that saves the change) ---------

/**
 * Queues a change in the transaction that writes it (design.md, sync rule 1); the record shows
 * pending until Ascora has it. Returns the outbox id.
 */
export function enqueue(tx: Tx, change: OutboxChange): number {
  const row = tx
    .insert(outbox)
    .values({
      integrationId: change.integrationId,
      kind: change.kind,
      recordId: change.recordId,
      dependsOn: change.dependsOn ?? null,
      marker: change.marker ?? null,
    })
    .returning({ id: outbox.id })
    .get();
  setRecordState(tx, ENTITY_OF_KIND[change.kind], change.recordId, 'pending', null);
  return row.id;
}

/** Every local edit raises the record's version (see the header). */
function raiseVersion(tx: Tx, entity: RecordEntity, recordId: number): void {
  const table = entity === 'customer' ? ascoraCustomers : entity === 'job' ? ascoraJobs : payments;
  tx.update(table)
    .set({ localVersion: sql`${table.localVersion} + 1` })
    .where(eq(table.id, recordId))
    .run();
}

/**
 * A person edited a customer (fields already written in `tx`). A create or update still waiting
 * sends the row as it is when pushed, so one item is enough; one refused earlier goes back in the
 * queue with the edit, which may be the fix.
 */
export function recordCustomerEdit(tx: Tx, customer: { id: number; integrationId: number }): void {
  raiseVersion(tx, 'customer', customer.id);
  const waiting = openItem(tx, CUSTOMER_KINDS, customer.id, ['pending', 'failed']);
  if (waiting) {
    tx.update(outbox)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null })
      .where(eq(outbox.id, waiting.id))
      .run();
    refreshCustomerState(tx, customer.id);
  } else {
    enqueue(tx, { integrationId: customer.integrationId, kind: 'update_customer', recordId: customer.id });
  }
}

/**
 * A status set in the app (local only: Ascora has no job update). A job in Ascora becomes
 * local_only; one whose create is queued or in flight keeps its state, and the create's answer
 * reads the job again when it settles (settleJobCreated), so the status is never lost.
 */
export function recordLocalJobStatus(tx: Tx, jobId: number): void {
  raiseVersion(tx, 'job', jobId);
  settleJobLocalWork(tx, jobId);
}

/**
 * A status set in the app is taken back (the Undo of a batch change to a job that had none): a
 * job that was local only for that reason alone is the same as in Ascora again; a queued or
 * refused job keeps its state.
 */
export function clearLocalJobStatus(tx: Tx, jobId: number): void {
  raiseVersion(tx, 'job', jobId);
  settleJobLocalWork(tx, jobId);
}

/**
 * A job's work only on this computer changed (a status, a note or an attachment added, removed,
 * or entered in Ascora by hand): a job in Ascora is local_only while it holds any not yet entered
 * (db/local-work.ts), else synced. A queued, refused or conflicting job keeps its state.
 */
export function settleJobLocalWork(tx: Tx, jobId: number): void {
  tx.update(ascoraJobs)
    .set({
      syncState: sql`CASE WHEN ${ascoraJobs.syncState} IN ('synced', 'local_only') THEN (CASE WHEN ${HOLDS_WORK_TO_ENTER} THEN 'local_only' ELSE 'synced' END) ELSE ${ascoraJobs.syncState} END`,
    })
    .where(eq(ascoraJobs.id, jobId))
    .run();
}

/**
 * A person asked to create again in Ascora a customer Ascora no longer has (deleted or merged
 * there): the row forgets its old Ascora id, so the push sends a create, and the create is queued
 * with the customer's marker (its lost answer is looked up like any other). The old id is in the
 * log line. The caller checked that Ascora no longer has it and that no change of it is open.
 */
export function queueRecreate(
  tx: Tx,
  customer: { id: number; integrationId: number; ascoraCustomerId: string | null; customerName: string },
  marker: string,
): number {
  tx.update(ascoraCustomers)
    .set({
      ascoraCustomerId: null,
      remoteMissing: false,
      keptLocally: false,
      missingPasses: 0,
      contentHash: null,
      rawJson: null,
      baseJson: null,
    })
    .where(eq(ascoraCustomers.id, customer.id))
    .run();
  raiseVersion(tx, 'customer', customer.id);
  const outboxId = enqueue(tx, {
    integrationId: customer.integrationId,
    kind: 'create_customer',
    recordId: customer.id,
    marker,
  });
  writeSyncLog(tx, {
    integrationId: customer.integrationId,
    runId: null,
    kind: 'item',
    direction: 'none',
    entity: 'create_customer',
    recordRef: customer.customerName,
    outboxId,
    status: 'pending',
    message: `${customer.customerName} is no longer in Ascora (it had id ${customer.ascoraCustomerId ?? 'none'}): created again as a new customer with the next sync.`,
  });
  return outboxId;
}

/** The newest item of these kinds for a record in one of these states (reads only). */
export function openItem(
  tx: Pick<Db, 'select'>,
  kinds: OutboxKind[],
  recordId: number,
  states: QueueItem['state'][],
  except?: number,
): QueueItem | null {
  return (
    tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.recordId, recordId),
          inArray(outbox.kind, kinds),
          inArray(outbox.state, states),
          except ? ne(outbox.id, except) : undefined,
        ),
      )
      .orderBy(desc(outbox.id))
      .get() ?? null
  );
}

// ---- the push's transitions -------------------------------------------------------------------

/** Items waiting to be sent, oldest first (in flight and settled ones are not). */
export function pendingItems(db: Pick<Db, 'select'>, integrationId: number): QueueItem[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.integrationId, integrationId), eq(outbox.state, 'pending')))
    .orderBy(outbox.id)
    .all();
}

/**
 * Compare-and-set: the item becomes `sending` only if it is still `pending`. Null when another
 * sender, or a person's action, got there first: then this sender leaves it alone. `toSend: false`
 * takes it only to settle it unsent (a dependency refused). The attempt is counted here, before the request: a crash from here on leaves a `sending` row, read at the next
 * start as outcome unknown.
 */
export function claim(
  db: Db,
  itemId: number,
  clock: Clock,
  { toSend = true }: { toSend?: boolean } = {},
): QueueItem | null {
  const now = isoNow(clock);
  const claimed = db
    .update(outbox)
    .set(
      toSend
        ? { state: 'sending', attempts: sql`${outbox.attempts} + 1`, lastAttemptAt: now, updatedAt: now }
        : { state: 'sending', updatedAt: now },
    )
    .where(and(eq(outbox.id, itemId), eq(outbox.state, 'pending')))
    .returning()
    .all();
  return claimed.length === 1 ? claimed[0]! : null;
}

/**
 * Just before the request: which version of the record goes, (customers) the body sent, and (a
 * create) when it first left, on Ascora's clock: the day a lost create's look-up starts from.
 */
export function noteSending(
  db: Db,
  item: QueueItem,
  sent: { version: number; marker?: string; sentAt?: string },
): void {
  db.update(outbox)
    .set({
      sentVersion: sent.version,
      ...(sent.marker !== undefined ? { marker: sent.marker } : {}),
      ...(sent.sentAt !== undefined ? { sentAt: sql`COALESCE(${outbox.sentAt}, ${sent.sentAt})` } : {}),
    })
    .where(eq(outbox.id, item.id))
    .run();
}

/**
 * The request may have been applied (answer lost, 5xx after a create, a local failure after the
 * request left): back to pending, to be looked up before any re-send. `sent_at` is set the first
 * time only, so later look-ups still search the day the request really left.
 */
export function markUnknown(db: Db, item: QueueItem, message: string, clock: Clock): void {
  db.transaction((tx) => {
    tx.update(outbox)
      .set(outcomeUnknown(item, 'pending', message, isoNow(clock)))
      .where(eq(outbox.id, item.id))
      .run();
    refreshIfCustomer(tx, item);
  });
}

/** An unknown outcome's fields: `sent_at` keeps the first time the request left, never moved. */
function outcomeUnknown(item: QueueItem, state: 'pending' | 'needs_check', message: string, now: string) {
  return {
    state,
    outcomeUnknown: true,
    sentAt: sql`COALESCE(${outbox.sentAt}, ${item.lastAttemptAt ?? now})`,
    lastError: message,
    updatedAt: now,
  };
}

/** Not applied (a retryable error): pending again, not before `at`. */
export function retryAt(db: Db, item: QueueItem, at: Date, message: string, clock: Clock): void {
  db.transaction((tx) => {
    tx.update(outbox)
      .set({ state: 'pending', nextAttemptAt: at.toISOString(), lastError: message, updatedAt: isoNow(clock) })
      .where(eq(outbox.id, item.id))
      .run();
    refreshIfCustomer(tx, item);
  });
}

/**
 * Not sent, nothing wrong (a dependency not in Ascora yet, a conflict for a person, the key
 * refused, the run stopped): pending again, and the attempt claimed for it does not count.
 */
export function defer(db: Db, item: QueueItem, message: string | null, clock: Clock): void {
  db.transaction((tx) => {
    tx.update(outbox)
      .set({
        state: 'pending',
        attempts: sql`MAX(${outbox.attempts} - 1, 0)`,
        lastError: message,
        updatedAt: isoNow(clock),
      })
      .where(eq(outbox.id, item.id))
      .run();
    refreshIfCustomer(tx, item);
  });
}

export interface LogContext {
  integrationId: number;
  runId: string;
}

/** Ascora refused it (or it cannot be sent at all): parked with the reason; the queue goes on. */
export function settleRejected(db: Db, item: QueueItem, message: string, log: LogContext, clock: Clock): void {
  db.transaction((tx) => {
    const attempts =
      tx.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, item.id)).get()?.attempts ??
      item.attempts;
    tx.update(outbox)
      .set({ state: 'failed', lastError: message, updatedAt: isoNow(clock) })
      .where(eq(outbox.id, item.id))
      .run();
    // A customer in conflict stays in conflict (its state is derived: see setRecordState).
    setRecordState(tx, ENTITY_OF_KIND[item.kind], item.recordId, 'failed', message);
    writeSyncLog(tx, {
      ...log,
      kind: 'item',
      direction: 'push',
      entity: item.kind,
      recordRef: String(item.recordId),
      outboxId: item.id,
      status: 'failed',
      message:
        'Refused by Ascora, so not sent. Open it from Needs attention in the Sync centre to change it and send it again, or discard it.',
      error: message,
      retryCount: attempts,
    });
  });
}

/**
 * The outcome is unknown and the app cannot tell by itself (a payment, which is never re-sent by
 * itself; a customer whose look-up found look-alikes but no exact match): a person checks Ascora
 * and says (confirmCheck). Neither pushed nor retried until then.
 */
export function parkForCheck(
  db: Db,
  item: QueueItem,
  message: string,
  ref: string,
  log: LogContext,
  clock: Clock,
): void {
  db.transaction((tx) => {
    tx.update(outbox)
      .set(outcomeUnknown(item, 'needs_check', message, isoNow(clock)))
      .where(eq(outbox.id, item.id))
      .run();
    setRecordState(
      tx,
      ENTITY_OF_KIND[item.kind],
      item.recordId,
      ENTITY_OF_KIND[item.kind] === 'payment' ? 'needs_check' : 'failed',
      message,
    );
    writeSyncLog(tx, {
      ...log,
      kind: 'item',
      direction: 'push',
      entity: item.kind,
      recordRef: ref,
      outboxId: item.id,
      status: 'pending',
      message,
    });
  });
}

/** Ascora has it. Call inside the transaction that writes Ascora's answer to the record. */
export function settleDone(tx: Tx, itemId: number, now: string): void {
  tx.update(outbox)
    .set({ state: 'done', outcomeUnknown: false, lastError: null, updatedAt: now })
    .where(eq(outbox.id, itemId))
    .run();
}

/** A job's create is settled: its state follows the job as it is now, not as it was sent. */
export function settleJobCreated(tx: Tx, itemId: number, jobId: number, now: string): void {
  setRecordState(tx, 'job', jobId, 'synced', null);
  settleJobLocalWork(tx, jobId);
  settleDone(tx, itemId, now);
}

/**
 * A customer's create or update is settled (Ascora's answer already written by the caller). If the
 * record's version moved since the body left, the edit made meanwhile was kept on the new base and
 * goes out in an update of its own.
 */
export function settleCustomerSaved(
  tx: Tx,
  args: { customerId: number; integrationId: number; doneItem: number | null; editedSince: boolean; now: string },
): void {
  const waiting = openItem(
    tx,
    CUSTOMER_KINDS,
    args.customerId,
    ['pending', 'sending', 'failed'],
    args.doneItem ?? undefined,
  );
  if (args.doneItem) settleDone(tx, args.doneItem, args.now);
  if (args.editedSince && !waiting)
    enqueue(tx, { integrationId: args.integrationId, kind: 'update_customer', recordId: args.customerId });
  else refreshCustomerState(tx, args.customerId);
}

/** A payment Ascora took. */
export function settlePaymentDone(tx: Tx, itemId: number, paymentId: number, now: string): void {
  setRecordState(tx, 'payment', paymentId, 'synced', null);
  settleDone(tx, itemId, now);
}

// ---- pulls and conflicts ----------------------------------------------------------------------

/** A remote edit clashed with a local one: a person must choose (conflicts.ts). */
export function markCustomerConflict(tx: Tx, customerId: number): void {
  refreshCustomerState(tx, customerId);
}

/**
 * A person resolved a customer's conflict (its row already marked resolved in `tx`). Kept "mine"
 * fields are sent (in the waiting item, or a new update); with every field "theirs" and nothing else
 * waiting, the customer is as Ascora has it.
 */
export function settleConflictChoice(
  tx: Tx,
  customer: { id: number; integrationId: number },
  keepsMine: boolean,
): void {
  const waiting = openItem(tx, CUSTOMER_KINDS, customer.id, ['pending', 'sending', 'failed']);
  if (keepsMine) raiseVersion(tx, 'customer', customer.id);
  if (keepsMine && !waiting)
    enqueue(tx, { integrationId: customer.integrationId, kind: 'update_customer', recordId: customer.id });
  else refreshCustomerState(tx, customer.id);
}

// ---- a person's actions, and start-up --------------------------------------------------------

/**
 * "Retry failed": refused items go back in the queue; their records show pending again, except a
 * customer with an open conflict, which stays in conflict (the push sends nothing until a person
 * chooses).
 */
export function requeueFailed(db: Db, integrationId: number, outboxIds?: number[]): number {
  return db.transaction((tx) => {
    const items = tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.integrationId, integrationId),
          eq(outbox.state, 'failed'),
          outboxIds ? inArray(outbox.id, outboxIds) : undefined,
        ),
      )
      .all();
    for (const item of items) {
      // outcome_unknown stays as it is: a create that may have reached Ascora is looked up first.
      tx.update(outbox)
        .set({ state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null })
        .where(eq(outbox.id, item.id))
        .run();
      setRecordState(tx, ENTITY_OF_KIND[item.kind], item.recordId, 'pending', null);
    }
    return items.length;
  });
}

/**
 * A person looked in Ascora for an item parked for a check: found means done; not found means one
 * re-send is safe.
 */
export function confirmCheck(tx: Tx, item: QueueItem, foundInAscora: boolean, now: string): void {
  releaseDependents(tx, item.id);
  if (foundInAscora) {
    settleDone(tx, item.id, now);
    setRecordState(tx, ENTITY_OF_KIND[item.kind], item.recordId, 'synced', null);
  } else {
    tx.update(outbox)
      .set({
        state: 'pending',
        outcomeUnknown: false,
        sentAt: null,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        updatedAt: now,
      })
      .where(eq(outbox.id, item.id))
      .run();
    setRecordState(tx, ENTITY_OF_KIND[item.kind], item.recordId, 'pending', null);
  }
}

/**
 * A person settled a held item (linked, or to be sent): the changes refused only because they
 * depended on it (a job made for a customer held for a check) go back in the queue, and follow it.
 */
export function releaseDependents(tx: Tx, itemId: number): void {
  const held = tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.dependsOn, itemId), eq(outbox.state, 'failed')))
    .all();
  for (const item of held) {
    tx.update(outbox)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null })
      .where(eq(outbox.id, item.id))
      .run();
    setRecordState(tx, ENTITY_OF_KIND[item.kind], item.recordId, 'pending', null);
  }
}

/**
 * At start, with the data folder's lock held (db/lock.ts): an item left `sending` was cut off
 * mid-request by a process that died, so its outcome is unknown; a run left `running` was
 * interrupted. Never call this without the lock: another process's items in flight would be reset.
 */
export function recoverAbandoned(db: Db, clock: Clock): { items: number; runs: number } {
  return db.transaction((tx) => {
    const now = isoNow(clock);
    const items = tx
      .update(outbox)
      .set({
        state: 'pending',
        outcomeUnknown: true,
        sentAt: sql`COALESCE(${outbox.sentAt}, ${outbox.lastAttemptAt}, ${now})`,
        updatedAt: now,
      })
      .where(eq(outbox.state, 'sending'))
      .run().changes;
    const runs = tx
      .update(ascoraSyncLogs)
      .set({
        status: 'interrupted',
        message: 'The sync was interrupted (the app closed or stopped). Nothing was lost; the next sync goes on.',
      })
      .where(and(eq(ascoraSyncLogs.kind, 'run'), eq(ascoraSyncLogs.status, 'running')))
      .run().changes;
    return { items, runs };
  });
}

// ---- a person's repairs of a change that has not reached Ascora --------------------------------

/**
 * The open item of a record's change, if a person may still change or take it back: waiting and
 * never on the wire, or refused by Ascora. Anything that may already be in Ascora is refused with
 * why (in flight, or its answer was lost): changing it here could make it twice, or lose one.
 * Reads only; call it inside the transaction that makes the repair.
 */
export function itemForRepair(
  tx: Pick<Db, 'select'>,
  kinds: OutboxKind[],
  recordId: number,
  what: string,
  /** A person confirmed they take back something that may be in Ascora (it stays there if it is). */
  { mayBeInAscora = false }: { mayBeInAscora?: boolean } = {},
): QueueItem {
  const item =
    tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.recordId, recordId), inArray(outbox.kind, kinds), ne(outbox.state, 'done')))
      .orderBy(desc(outbox.id))
      .get() ?? null;
  if (!item)
    throw new AppError(
      'CONFLICT',
      `${what} is already in Ascora, so it can no longer be changed or withdrawn here. Change it in Ascora.`,
    );
  if (item.state === 'sending')
    throw new AppError(
      'BUSY',
      `${what} is being sent to Ascora right now. Wait for the sync to finish, then look again.`,
    );
  if ((item.state === 'needs_check' || item.outcomeUnknown) && !mayBeInAscora) {
    throw new AppError(
      'CONFLICT',
      `${what} may already be in Ascora: it was sent and the answer was lost. Check in Ascora first and say here whether it is there; changing it now could make it twice.`,
    );
  }
  return item;
}

/** The newest open change of a record, in the person's terms, and whether itemForRepair would take it. */
export function openChangeOf(tx: Pick<Db, 'select'>, kinds: OutboxKind[], recordId: number): OpenChange | null {
  const item = openItem(tx, kinds, recordId, ['pending', 'sending', 'failed', 'needs_check']);
  if (!item) return null;
  const unknown = item.state === 'needs_check' || item.outcomeUnknown;
  return {
    outboxId: item.id,
    kind: item.kind.startsWith('create_') ? 'create' : 'update',
    state: item.state === 'sending' ? 'sending' : unknown ? 'check' : item.state === 'failed' ? 'refused' : 'waiting',
    error: item.state === 'failed' || unknown ? item.lastError : null,
    repairable: item.state !== 'sending' && !unknown,
  };
}

/**
 * A person changed a record whose change had not reached Ascora (fields already written in `tx`):
 * the item goes back in the queue as new, and the record shows waiting. Compare-and-set, so an
 * item a sender claimed meanwhile is never reset under it.
 */
export function requeueRepaired(tx: Tx, item: QueueItem, options: { dependsOn?: number | null } = {}): void {
  const entity = ENTITY_OF_KIND[item.kind];
  raiseVersion(tx, entity, item.recordId);
  const changed = tx
    .update(outbox)
    .set({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      ...(options.dependsOn !== undefined ? { dependsOn: options.dependsOn } : {}),
    })
    .where(and(eq(outbox.id, item.id), inArray(outbox.state, ['pending', 'failed']), eq(outbox.outcomeUnknown, false)))
    .returning({ id: outbox.id })
    .all();
  if (changed.length !== 1)
    throw new AppError('BUSY', 'It is being sent to Ascora right now. Wait for the sync to finish, then look again.');
  setRecordState(tx, entity, item.recordId, 'pending', null);
}

/** What a person took back, for the log: the office reconciles against it. */
export interface TakenBack {
  integrationId: number;
  /** In the person's words: what it was and what was lost. */
  message: string;
  recordRef: string;
}

/**
 * A person took back a change that never reached Ascora (itemForRepair said so): its items are
 * removed, and the record with them (a payment, a job made here, a customer created here), or,
 * for an edit of a customer Ascora has, the record stays as Ascora has it (the caller wrote those
 * fields). The log keeps a line saying what was taken back. A removed job's notes and attachment
 * rows go with it (the caller removes the attachment files once this commits).
 */
export function takeBack(
  tx: Tx & Pick<Db, 'delete'>,
  item: QueueItem,
  note: TakenBack,
  /** A person confirmed it (itemForRepair's option): a held item, or one whose answer was lost. */
  { mayBeInAscora = false }: { mayBeInAscora?: boolean } = {},
): void {
  const entity = ENTITY_OF_KIND[item.kind];
  const stillOpen = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.id, item.id),
        inArray(outbox.state, mayBeInAscora ? ['pending', 'failed', 'needs_check'] : ['pending', 'failed']),
        mayBeInAscora ? undefined : eq(outbox.outcomeUnknown, false),
      ),
    )
    .get();
  if (!stillOpen)
    throw new AppError('BUSY', 'It is being sent to Ascora right now. Wait for the sync to finish, then look again.');
  if (item.kind === 'update_customer') {
    tx.delete(outbox).where(eq(outbox.id, item.id)).run();
    refreshCustomerState(tx, item.recordId);
  } else {
    // Every item of the record (an edit queued after a customer's refused create goes with it).
    const kinds = (Object.keys(ENTITY_OF_KIND) as OutboxKind[]).filter((k) => ENTITY_OF_KIND[k] === entity);
    tx.delete(outbox)
      .where(and(eq(outbox.recordId, item.recordId), inArray(outbox.kind, kinds)))
      .run();
    if (entity === 'payment') tx.delete(payments).where(eq(payments.id, item.recordId)).run();
    if (entity === 'customer') tx.delete(ascoraCustomers).where(eq(ascoraCustomers.id, item.recordId)).run();
    if (entity === 'job') tx.delete(ascoraJobs).where(eq(ascoraJobs.id, item.recordId)).run();
  }
  logTakenBack(tx, item, note, 'discarded');
}

/**
 * A person asked to take back a customer update whose answer was lost, and Ascora was read first
 * (the caller wrote Ascora's version to the record in `tx`): Ascora had it, so the item is done, or
 * it did not, so the item is removed. Either way the log says what was found, never "before it
 * reached Ascora" unread. Compare-and-set: refused while the item is on the wire.
 */
export function settleCheckedUpdate(
  tx: Tx & Pick<Db, 'delete'>,
  item: QueueItem,
  inAscora: boolean,
  note: TakenBack,
  now: string,
): void {
  const stillOpen = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.id, item.id), inArray(outbox.state, ['pending', 'failed'])))
    .get();
  if (!stillOpen)
    throw new AppError('BUSY', 'It is being sent to Ascora right now. Wait for the sync to finish, then look again.');
  if (inAscora) settleDone(tx, item.id, now);
  else tx.delete(outbox).where(eq(outbox.id, item.id)).run();
  refreshCustomerState(tx, item.recordId);
  logTakenBack(tx, item, note, inAscora ? 'success' : 'discarded');
}

/** The sync log's line for a change a person took back (or found already in Ascora). */
function logTakenBack(tx: Tx, item: QueueItem, note: TakenBack, status: 'success' | 'discarded'): void {
  writeSyncLog(tx, {
    integrationId: note.integrationId,
    runId: null,
    kind: 'item',
    direction: 'none',
    entity: item.kind,
    recordRef: note.recordRef,
    outboxId: null,
    status,
    message: note.message,
  });
}

// ---- the record side ------------------------------------------------------------------------------

type RecordState = 'synced' | 'pending' | 'conflict' | 'failed' | 'local_only' | 'needs_check';
type CustomerSyncState = NonNullable<typeof ascoraCustomers.$inferSelect.syncState>;

/**
 * The one place a record's state is written. A job's or a payment's follows its single item (the
 * state given). A customer's is derived, whatever the transition asked: from its open conflict and
 * its open items (customerStateNow), so no transition can overwrite a conflict, or show a record
 * synced with a change still open.
 */
function setRecordState(
  tx: Tx,
  entity: RecordEntity,
  recordId: number,
  state: RecordState,
  lastError: string | null,
): void {
  switch (entity) {
    case 'customer':
      return refreshCustomerState(tx, recordId);
    case 'payment': {
      const paymentState = state === 'conflict' || state === 'local_only' ? 'pending' : state;
      tx.update(payments).set({ state: paymentState, lastError }).where(eq(payments.id, recordId)).run();
      return;
    }
    case 'job': {
      const syncState = state === 'needs_check' ? 'failed' : state;
      tx.update(ascoraJobs).set({ syncState, lastError }).where(eq(ascoraJobs.id, recordId)).run();
      return;
    }
    default:
      return assertNever(entity, 'record entity');
  }
}

/** After a push transition of a customer's item (a job's or a payment's state stays as it was). */
function refreshIfCustomer(tx: Tx, item: QueueItem): void {
  if (ENTITY_OF_KIND[item.kind] === 'customer') refreshCustomerState(tx, item.recordId);
}

/** Writes a customer's state as its queue and conflicts say it is now (customerStateNow). */
function refreshCustomerState(tx: Tx, customerId: number): void {
  const { state, lastError } = customerStateNow(tx, customerId);
  tx.update(ascoraCustomers).set({ syncState: state, lastError }).where(eq(ascoraCustomers.id, customerId)).run();
}

/**
 * A customer's state, derived: an open conflict first (a person must choose, and the push sends
 * nothing it covers); then a change Ascora refused or that waits for a person's check; then a
 * change on its way; else the customer is as Ascora has it.
 */
export function customerStateNow(
  tx: Pick<Db, 'select'>,
  customerId: number,
): { state: CustomerSyncState; lastError: string | null } {
  if (openCustomerConflict(tx, customerId) !== null) return { state: 'conflict', lastError: null };
  const open = tx
    .select({ state: outbox.state, lastError: outbox.lastError })
    .from(outbox)
    .where(
      and(
        eq(outbox.recordId, customerId),
        inArray(outbox.kind, CUSTOMER_KINDS),
        inArray(outbox.state, ['pending', 'sending', 'failed', 'needs_check']),
      ),
    )
    .orderBy(desc(outbox.id))
    .all();
  const stuck = open.find((item) => item.state === 'failed' || item.state === 'needs_check');
  if (stuck) return { state: 'failed', lastError: stuck.lastError };
  return { state: open.length > 0 ? 'pending' : 'synced', lastError: null };
}

/** The id of a customer's open conflict, if any (reads only). */
export function openCustomerConflict(tx: Pick<Db, 'select'>, customerId: number): number | null {
  return (
    tx
      .select({ id: conflicts.id })
      .from(conflicts)
      .where(and(eq(conflicts.entity, 'customer'), eq(conflicts.recordId, customerId), isNull(conflicts.resolvedAt)))
      .get()?.id ?? null
  );
}
