/**
 * A customer with a local edit meets a newer version from Ascora (in a pull, or re-read just
 * before the edit is pushed, so a push never overwrites another user's change to other fields):
 * fields are merged three-way against the version the edit was made on; fields changed
 * differently on both sides become one open conflict for the record.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { ConflictField } from '../../../shared/domain';
import { wireCustomerSchema, type AscoraCustomer } from '../ascora/types';
import { ascoraCustomers, conflicts } from '../db/schema';
import type { Db } from '../db/types';
import { contentHash } from './canonical';
import { CUSTOMER_EDITABLE_FIELDS, customerColumns } from './mapping';
import { threeWayMerge } from './merge';

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;
type CustomerRow = typeof ascoraCustomers.$inferSelect;
type Editable = Record<(typeof CUSTOMER_EDITABLE_FIELDS)[number], unknown>;

const editableOf = (values: Record<string, unknown>): Editable =>
  Object.fromEntries(CUSTOMER_EDITABLE_FIELDS.map((f) => [f, values[f] ?? null])) as Editable;

/** Applies the remote version to a row with a pending edit; returns the fields in conflict. */
export function mergeRemoteCustomer(tx: Tx, row: CustomerRow, remote: AscoraCustomer, raw: Record<string, unknown>, now: string): ConflictField[] {
  const theirs = customerColumns(remote);
  const baseParsed = row.baseJson ? wireCustomerSchema.safeParse(JSON.parse(row.baseJson)) : null;
  const base = baseParsed?.success ? editableOf(customerColumns(baseParsed.data)) : editableOf(theirs);
  const { merged, conflicts: clashes } = threeWayMerge(base, editableOf(row), editableOf(theirs), CUSTOMER_EDITABLE_FIELDS);
  const rawJson = JSON.stringify(raw);
  tx.update(ascoraCustomers)
    .set({
      ...theirs,
      ...(merged as Partial<typeof theirs>),
      customerName: String(merged.companyName || `${merged.contactFirstName ?? ''} ${merged.contactLastName ?? ''}`.trim()),
      rawJson,
      contentHash: contentHash(raw),
      // The edit now stands on this version; a conflict keeps its own base, mine and theirs.
      baseJson: rawJson,
      pulledAt: now,
      updatedAt: now,
      missingPasses: 0,
      remoteMissing: false,
      syncState: clashes.length > 0 ? 'conflict' : row.syncState,
    })
    .where(eq(ascoraCustomers.id, row.id))
    .run();
  if (clashes.length > 0) recordConflict(tx, row.integrationId, row.id, clashes, rawJson);
  return clashes;
}

/** True when Ascora's version differs from the one the local edit was made on. */
export function remoteMovedOn(row: CustomerRow, raw: Record<string, unknown>): boolean {
  if (!row.baseJson) return true;
  return contentHash(JSON.parse(row.baseJson)) !== contentHash(raw);
}

function recordConflict(tx: Tx, integrationId: number, recordId: number, fields: ConflictField[], theirsJson: string): void {
  const open = tx
    .select({ id: conflicts.id })
    .from(conflicts)
    .where(and(eq(conflicts.entity, 'customer'), eq(conflicts.recordId, recordId), isNull(conflicts.resolvedAt)))
    .get();
  if (open) tx.update(conflicts).set({ fieldsJson: JSON.stringify(fields), theirsJson }).where(eq(conflicts.id, open.id)).run();
  else tx.insert(conflicts).values({ integrationId, entity: 'customer', recordId, fieldsJson: JSON.stringify(fields), theirsJson }).run();
}
