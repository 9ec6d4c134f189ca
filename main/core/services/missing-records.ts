/**
 * What a person can do with a record Ascora no longer has (remote_missing, confirmed by a direct
 * look-up in the pull): keep a local copy (settled: "kept only on this computer", still out of
 * counts and customer choices), create a customer again in Ascora (queued like any new customer),
 * or remove the record from this computer. Each is refused, with nothing changed, for a record
 * Ascora still has or one with a change or conflict still open (that comes first).
 */
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { CustomerFields, ParsedInputOf } from '../../../shared/contract';
import type { CustomerDetail } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraJobs, conflicts, jobAttachments, jobNotes, outbox } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { writeSyncLog } from '../sync/log';
import { queueRecreate } from '../sync/queue';
import { removeAttachmentFolders } from './attachments';
import { customerMarker } from './customers';

type Entity = ParsedInputOf<'records.keepLocalCopy'>['entity'];

const OPEN_STATES: (typeof outbox.$inferSelect)['state'][] = ['pending', 'sending', 'failed', 'needs_check'];
const KINDS_OF: Record<Entity, (typeof outbox.$inferSelect)['kind'][]> = {
  customer: ['create_customer', 'update_customer'],
  job: ['create_job'],
};

export function createMissingRecordService(ctx: CoreContext, deps: { getCustomer(id: number): CustomerDetail }) {
  /** The record, checked to be one Ascora no longer has and with nothing of it still open. */
  function missingRecord(entity: Entity, id: number) {
    const table = entity === 'customer' ? ascoraCustomers : ascoraJobs;
    const row = ctx.db.select().from(table).where(eq(table.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', `That ${entity} is no longer in the app. Refresh the list.`);
    const name =
      'customerName' in row
        ? row.customerName || 'This customer'
        : row.jobNumber
          ? `Job ${row.jobNumber}`
          : row.jobName;
    if (!row.remoteMissing)
      throw new AppError(
        'CONFLICT',
        `${name} is still in Ascora, so there is nothing to keep, create again or remove.`,
      );
    const open = ctx.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.recordId, id), inArray(outbox.kind, KINDS_OF[entity]), inArray(outbox.state, OPEN_STATES)))
      .get();
    const conflict = ctx.db
      .select({ id: conflicts.id })
      .from(conflicts)
      .where(and(eq(conflicts.entity, entity), eq(conflicts.recordId, id), isNull(conflicts.resolvedAt)))
      .get();
    if (open || conflict)
      throw new AppError(
        'CONFLICT',
        `${name} has a change that is not settled yet: send or discard it (or resolve the conflict) first.`,
      );
    return { row, name };
  }

  function logLine(integrationId: number, entity: Entity, recordRef: string, message: string) {
    writeSyncLog(ctx.db, {
      integrationId,
      runId: null,
      kind: 'item',
      direction: 'none',
      entity: entity === 'customer' ? 'customers' : 'jobs',
      recordRef,
      status: 'discarded',
      message,
    });
  }

  function keepLocalCopy(entity: Entity, id: number): { kept: true } {
    const { row } = missingRecord(entity, id);
    const table = entity === 'customer' ? ascoraCustomers : ascoraJobs;
    ctx.db
      .update(table)
      .set({ keptLocally: true, updatedAt: isoNow(ctx.clock) })
      .where(eq(table.id, row.id))
      .run();
    ctx.events.emit('record.changed', { entity, ids: [id] });
    return { kept: true };
  }

  function recreateCustomer(customerId: number): CustomerDetail {
    const { row, name } = missingRecord('customer', customerId);
    const customer = row as typeof ascoraCustomers.$inferSelect;
    ctx.db.transaction((tx) => {
      queueRecreate(tx, { ...customer, customerName: name }, customerMarker(customer as CustomerFields));
    });
    ctx.events.emit('record.changed', { entity: 'customer', ids: [customerId] });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return deps.getCustomer(customerId);
  }

  function removeLocalCopy(entity: Entity, id: number): { removed: true } {
    const { row, name } = missingRecord(entity, id);
    ctx.db.transaction((tx) => {
      if (entity === 'customer') {
        // Jobs here that name the customer keep the name they show; the link to the row goes.
        const naming = tx
          .select({ n: count() })
          .from(ascoraJobs)
          .where(eq(ascoraJobs.siteCustomerLocalId, id))
          .get()?.n;
        tx.delete(ascoraCustomers).where(eq(ascoraCustomers.id, id)).run();
        logLine(
          row.integrationId,
          entity,
          name,
          `${name} (no longer in Ascora) removed from this computer${naming ? `; ${naming} job${naming === 1 ? '' : 's'} here still show the name` : ''}.`,
        );
      } else {
        const notes = tx.select({ n: count() }).from(jobNotes).where(eq(jobNotes.jobId, id)).get()?.n ?? 0;
        const files = tx.select({ n: count() }).from(jobAttachments).where(eq(jobAttachments.jobId, id)).get()?.n ?? 0;
        tx.delete(ascoraJobs).where(eq(ascoraJobs.id, id)).run();
        const lost = [
          notes ? `${notes} note${notes === 1 ? '' : 's'}` : null,
          files ? `${files} attachment${files === 1 ? '' : 's'}` : null,
        ].filter(Boolean);
        logLine(
          row.integrationId,
          entity,
          name,
          `${name} (no longer in Ascora) removed from this computer${lost.length ? `, with ${lost.join(' and ')}` : ''}.`,
        );
      }
    });
    if (entity === 'job') removeAttachmentFolders(ctx.dataDir, [id]);
    ctx.events.emit('record.changed', { entity, ids: [id] });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return { removed: true };
  }

  const handlers = {
    'records.keepLocalCopy': ({ entity, id }) => keepLocalCopy(entity, id),
    'records.removeLocalCopy': ({ entity, id }) => removeLocalCopy(entity, id),
    'customers.recreateInAscora': ({ customerId }) => recreateCustomer(customerId),
  } satisfies HandlerMap;
  return { keepLocalCopy, recreateCustomer, removeLocalCopy, handlers };
}
