/**
 * The conflicts inbox: fields both a person here and someone in Ascora changed. Resolving takes,
 * per field, "mine" (kept and pushed) or "theirs" (Ascora's value); nothing is dropped silently.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Conflict, ConflictField } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, conflicts } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { settleConflictChoice } from '../sync/queue';

const COLUMN_OF: Record<string, keyof typeof ascoraCustomers.$inferInsert> = {
  customerNumber: 'customerNumber',
  companyName: 'companyName',
  contactFirstName: 'contactFirstName',
  contactLastName: 'contactLastName',
  emailAddress: 'emailAddress',
  phoneNumber: 'phoneNumber',
  mobileNumber: 'mobileNumber',
  streetLine1: 'streetLine1',
  streetLine2: 'streetLine2',
  streetSuburb: 'streetSuburb',
  streetState: 'streetState',
  streetPostcode: 'streetPostcode',
  streetCountry: 'streetCountry',
};

export function createConflictService(ctx: CoreContext) {
  function list(integrationId: number): Conflict[] {
    return ctx.db
      .select({ c: conflicts, name: ascoraCustomers.customerName })
      .from(conflicts)
      .leftJoin(ascoraCustomers, eq(ascoraCustomers.id, conflicts.recordId))
      .where(and(eq(conflicts.integrationId, integrationId), isNull(conflicts.resolvedAt)))
      .orderBy(desc(conflicts.id))
      .all()
      .map(({ c, name }) => ({
        id: c.id,
        entity: c.entity,
        recordId: c.recordId,
        recordLabel: name ?? `Customer #${c.recordId}`,
        fields: JSON.parse(c.fieldsJson) as ConflictField[],
        createdAt: c.createdAt,
      }));
  }

  function resolve(conflictId: number, choices: Record<string, 'mine' | 'theirs'>): { resolved: boolean } {
    const conflict = ctx.db.select().from(conflicts).where(eq(conflicts.id, conflictId)).get();
    if (!conflict || conflict.resolvedAt)
      throw new AppError('NOT_FOUND', 'That conflict was already resolved. Refresh the inbox.');
    const fields = JSON.parse(conflict.fieldsJson) as ConflictField[];
    const missing = fields.filter((f) => !choices[f.field]).map((f) => f.field);
    if (missing.length > 0)
      throw new AppError('VALIDATION', `Choose mine or theirs for every field (${missing.join(', ')}).`);

    ctx.db.transaction((tx) => {
      const takeTheirs: Record<string, unknown> = {};
      for (const f of fields)
        if (choices[f.field] === 'theirs' && COLUMN_OF[f.field]) takeTheirs[COLUMN_OF[f.field]!] = f.theirs ?? '';
      const keepsMine = fields.some((f) => choices[f.field] === 'mine');
      const row = tx.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, conflict.recordId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'The customer of this conflict is no longer in the app.');
      // The row stands on the newest version pulled since the conflict (later pulls merged into it and
      // moved its base on); going back to the conflict's version would make those fields look like
      // edits made here, and the next push would put another user's older values back.
      tx.update(ascoraCustomers)
        .set({ ...takeTheirs, baseJson: row.baseJson ?? conflict.theirsJson, updatedAt: isoNow(ctx.clock) })
        .where(eq(ascoraCustomers.id, row.id))
        .run();
      const name = tx.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, row.id)).get()!;
      tx.update(ascoraCustomers)
        .set({ customerName: name.companyName || `${name.contactFirstName} ${name.contactLastName}`.trim() })
        .where(eq(ascoraCustomers.id, row.id))
        .run();
      // Resolved first: the customer's state is derived from its open conflict (sync/queue.ts).
      tx.update(conflicts)
        .set({ resolvedAt: isoNow(ctx.clock) })
        .where(eq(conflicts.id, conflictId))
        .run();
      settleConflictChoice(tx, row, keepsMine);
    });
    ctx.events.emit('record.changed', { entity: 'conflict', ids: [conflictId] });
    ctx.events.emit('record.changed', { entity: 'customer', ids: [conflict.recordId] });
    return { resolved: true };
  }

  const handlers = {
    'conflicts.list': ({ integrationId }) => list(integrationId),
    'conflicts.resolve': ({ conflictId, choices }) => resolve(conflictId, choices),
  } satisfies HandlerMap;
  return { list, resolve, handlers };
}
