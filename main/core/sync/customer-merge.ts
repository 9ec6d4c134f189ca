/**
 * A customer with a local edit meets a newer version from Ascora (in a pull, or re-read just
 * before the edit is pushed, so a push never overwrites another user's change to other fields):
 * fields are merged three-way against the version the edit was made on; fields changed
 * differently on both sides become one open conflict for the record.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ConflictField } from '../../../shared/domain';
import { wireCustomerSchema, type AscoraCustomer, type CustomerWrite } from '../ascora/types';
import { ascoraCustomers, ascoraJobs, conflicts, outbox } from '../db/schema';
import type { Db } from '../db/types';
import { contentHash } from './canonical';
import {
  CUSTOMER_EDITABLE_FIELDS,
  customerColumns,
  customerDisplayName,
  customerWriteBody,
  parseSentCustomerMarker,
} from './mapping';
import { threeWayMerge } from './merge';
import * as queue from './queue';

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;
type CustomerRow = typeof ascoraCustomers.$inferSelect;
type Editable = Record<(typeof CUSTOMER_EDITABLE_FIELDS)[number], unknown>;

const editableOf = (values: Record<string, unknown>): Editable =>
  Object.fromEntries(CUSTOMER_EDITABLE_FIELDS.map((f) => [f, values[f] ?? null])) as Editable;

/** Applies the remote version to a row with a pending edit; returns the fields in conflict. */
export function mergeRemoteCustomer(
  tx: Tx,
  row: CustomerRow,
  remote: AscoraCustomer,
  raw: Record<string, unknown>,
  now: string,
): ConflictField[] {
  const theirs = customerColumns(remote);
  const baseParsed = row.baseJson ? wireCustomerSchema.safeParse(JSON.parse(row.baseJson)) : null;
  const base = baseParsed?.success ? editableOf(customerColumns(baseParsed.data)) : editableOf(theirs);
  // A send whose answer never came back (a crash, a lost connection) may have reached Ascora: a
  // field Ascora now holds as this app sent it is this app's own change, not another user's.
  const sent = unansweredSend(tx, row.id);
  if (sent)
    for (const f of CUSTOMER_EDITABLE_FIELDS) if ((theirs[f] ?? '') === (sent[f] ?? '')) base[f] = theirs[f] ?? null;
  const { merged, conflicts: clashes } = threeWayMerge(
    base,
    editableOf(row),
    editableOf(theirs),
    CUSTOMER_EDITABLE_FIELDS,
  );
  // An open conflict only grows: its fields stay contested (with the latest "theirs") until a
  // person chooses, even if this version agrees with "mine" or left the field alone.
  const contested = accumulateConflict(openConflict(tx, row.id), clashes, theirs);
  const rawJson = JSON.stringify(raw);
  tx.update(ascoraCustomers)
    .set({
      ...theirs,
      ...(merged as Partial<typeof theirs>),
      ...Object.fromEntries(contested.map((f) => [f.field, (row as Record<string, unknown>)[f.field]])),
      customerName: customerDisplayName({ ...theirs, ...(merged as Partial<typeof theirs>) }),
      rawJson,
      contentHash: contentHash(raw),
      // The edit now stands on this version; a conflict keeps its own base, mine and theirs.
      baseJson: rawJson,
      pulledAt: now,
      updatedAt: now,
      missingPasses: 0,
      remoteMissing: false,
      keptLocally: false,
    })
    .where(eq(ascoraCustomers.id, row.id))
    .run();
  if (contested.length > 0) {
    recordConflict(tx, row.integrationId, row.id, contested, rawJson);
    queue.markCustomerConflict(tx, row.id);
  }
  return contested;
}

type OpenConflict = { id: number; fields: ConflictField[] } | null;

function openConflict(tx: Tx, recordId: number): OpenConflict {
  const open = tx
    .select({ id: conflicts.id, fieldsJson: conflicts.fieldsJson })
    .from(conflicts)
    .where(and(eq(conflicts.entity, 'customer'), eq(conflicts.recordId, recordId), isNull(conflicts.resolvedAt)))
    .get();
  return open ? { id: open.id, fields: JSON.parse(open.fieldsJson) as ConflictField[] } : null;
}

/** Field by field: each keeps its original base, and takes the latest "theirs". */
function accumulateConflict(
  open: OpenConflict,
  clashes: ConflictField[],
  theirs: Record<string, unknown>,
): ConflictField[] {
  const fields = new Map<string, ConflictField>();
  for (const f of open?.fields ?? []) fields.set(f.field, { ...f, theirs: theirs[f.field] ?? null });
  for (const clash of clashes) {
    const earlier = fields.get(clash.field);
    fields.set(clash.field, earlier ? { ...clash, base: earlier.base } : clash);
  }
  return [...fields.values()];
}

/** The body last sent for this customer by an item still waiting (its answer was never saved). */
function unansweredSend(tx: Tx, recordId: number): CustomerWrite | null {
  const waiting = tx
    .select({ marker: outbox.marker })
    .from(outbox)
    .where(
      and(
        eq(outbox.recordId, recordId),
        inArray(outbox.kind, ['create_customer', 'update_customer']),
        inArray(outbox.state, ['pending', 'sending']),
      ),
    )
    .orderBy(desc(outbox.id))
    .all();
  for (const { marker } of waiting) {
    const sent = parseSentCustomerMarker(marker);
    if (sent) return sent;
  }
  return null;
}

/** True when Ascora's version differs from the one the local edit was made on. */
export function remoteMovedOn(row: CustomerRow, raw: Record<string, unknown>): boolean {
  if (!row.baseJson) return true;
  return contentHash(JSON.parse(row.baseJson)) !== contentHash(raw);
}

function recordConflict(
  tx: Tx,
  integrationId: number,
  recordId: number,
  fields: ConflictField[],
  theirsJson: string,
): void {
  const open = tx
    .select({ id: conflicts.id })
    .from(conflicts)
    .where(and(eq(conflicts.entity, 'customer'), eq(conflicts.recordId, recordId), isNull(conflicts.resolvedAt)))
    .get();
  if (open)
    tx.update(conflicts)
      .set({ fieldsJson: JSON.stringify(fields), theirsJson })
      .where(eq(conflicts.id, open.id))
      .run();
  else
    tx.insert(conflicts)
      .values({ integrationId, entity: 'customer', recordId, fieldsJson: JSON.stringify(fields), theirsJson })
      .run();
}

/**
 * Ascora saved a customer (a create or update answered, or a create found after its answer was
 * lost) as `remote`, from the body `sent`. The row takes Ascora's version, unless a person edited
 * it after that body left: then the edit stays on top of Ascora's version (now its base) and an
 * update is queued, so the edit is neither lost nor overwritten. Jobs made offline for this
 * customer take its Ascora id. `doneItem` is the outbox item this save settles.
 */
export function applySavedCustomer(
  tx: Tx,
  args: {
    rowId: number;
    sent: CustomerWrite | null;
    sentVersion: number | null;
    remote: AscoraCustomer;
    raw: Record<string, unknown>;
    now: string;
    doneItem: number | null;
  },
): void {
  const current = tx.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, args.rowId)).get();
  if (!current) return;
  // The version says it; an item sent before versions existed compares the body it carried.
  const editedSince =
    args.sentVersion !== null
      ? current.localVersion !== args.sentVersion
      : bodyDiffers(args.sent ?? customerWriteBody(current), current);
  // The fields edited here since the body left; the others take Ascora's version, which another
  // user may have changed since (a customer a person linked after a lost answer).
  const sentFields = args.sent as Record<string, unknown> | null;
  const kept = editedSince
    ? Object.fromEntries(
        CUSTOMER_EDITABLE_FIELDS.filter(
          (f) => !sentFields || String(sentFields[f] ?? '') !== String(current[f] ?? ''),
        ).map((f) => [f, current[f]]),
      )
    : {};
  const rawJson = JSON.stringify(args.raw);
  const theirs = customerColumns(args.remote);
  tx.update(ascoraCustomers)
    .set({
      ...theirs,
      ...kept,
      ...(editedSince ? { customerName: customerDisplayName({ ...theirs, ...kept }) } : {}),
      rawJson,
      contentHash: contentHash(args.raw),
      baseJson: rawJson,
      updatedAt: args.now,
    })
    .where(eq(ascoraCustomers.id, current.id))
    .run();
  queue.settleCustomerSaved(tx, {
    customerId: current.id,
    integrationId: current.integrationId,
    doneItem: args.doneItem,
    editedSince,
    now: args.now,
  });
  tx.update(ascoraJobs)
    .set({ siteCustomerId: args.remote.customerId, siteCustomerName: args.remote.customerName })
    .where(and(eq(ascoraJobs.siteCustomerLocalId, current.id), isNull(ascoraJobs.ascoraJobId)))
    .run();
}

function bodyDiffers(sent: CustomerWrite, current: CustomerRow): boolean {
  const { customerId: _sentId, ...sentFields } = sent;
  const { customerId: _currentId, ...currentFields } = customerWriteBody(current);
  return JSON.stringify(sentFields) !== JSON.stringify(currentFields);
}
