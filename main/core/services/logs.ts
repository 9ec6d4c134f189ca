/**
 * The sync log, newest first, keyset-paged on id; filtered in SQL by what a line is about (a run or
 * a kind of record), its status, and words in its message, its error or the name of its record.
 */
import { and, count, eq, getTableColumns, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { LogKind, Page, RecordRef, SyncLogRow } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, ascoraSyncLogs, outbox, payments } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { keysetList, pageQuery } from './keyset';
import { CHANGE_WORDS, describeChange } from './problems';

const l = ascoraSyncLogs;

type LogRecord = typeof ascoraSyncLogs.$inferSelect;

/**
 * What a line is about, in the person's words: a run; the record of a queued change (looked up
 * through its outbox item, so it names the customer, job or payment as they are now); or, for a
 * record taken back since or one Ascora sent, the name or reference the line kept.
 */
function subjectOf(db: CoreContext['db'], r: LogRecord): RecordRef {
  if (r.kind === 'run') return { what: 'Sync run', name: '', open: null };
  const item = r.outboxId
    ? db.select({ kind: outbox.kind, recordId: outbox.recordId }).from(outbox).where(eq(outbox.id, r.outboxId)).get()
    : undefined;
  const found = item ? describeChange(db, item.kind, item.recordId) : null;
  if (found) return found;
  const what = CHANGE_WORDS[r.entity ?? ''] ?? r.entity ?? 'Record';
  // A push line kept the local id before it named the record; a pull line keeps Ascora's reference.
  const name =
    r.recordRef && !(r.direction === 'push' && /^\d+$/.test(r.recordRef)) ? r.recordRef : 'No longer in the app';
  return { what, name, open: null };
}

/** The `entity` values of the lines about each kind of record: a pull names the list, a push the change. */
const ENTITIES_OF_KIND: Record<Exclude<LogKind, 'run'>, string[]> = {
  customer: ['customers', 'create_customer', 'update_customer'],
  job: ['jobs', 'create_job'],
  payment: ['create_payment'],
  invoice: ['invoices'],
};

function kindCondition(kind: LogKind): SQL {
  if (kind === 'run') return eq(l.kind, 'run');
  return and(eq(l.kind, 'item'), inArray(l.entity, ENTITIES_OF_KIND[kind]))!;
}

/**
 * A line matches words in its message, its error, the reference it kept, or the name its record has
 * now (through its queued change: the customer's name, the job's number or name, the payment's
 * receipt or invoice number), as the Sync centre shows it.
 */
function searchCondition(search: string): SQL | undefined {
  const words = search.trim().replace(/[%_\\]/g, '');
  if (!words) return undefined;
  const term = `%${words}%`;
  const o = outbox;
  const namedRecord = sql`${l.outboxId} IN (
    SELECT ${o.id} FROM ${o} WHERE
      (${o.kind} IN ('create_customer', 'update_customer') AND ${o.recordId} IN (
        SELECT ${ascoraCustomers.id} FROM ${ascoraCustomers} WHERE ${ascoraCustomers.customerName} LIKE ${term}))
      OR (${o.kind} = 'create_job' AND ${o.recordId} IN (
        SELECT ${ascoraJobs.id} FROM ${ascoraJobs} WHERE ${ascoraJobs.jobName} LIKE ${term} OR ${ascoraJobs.jobNumber} LIKE ${term}))
      OR (${o.kind} = 'create_payment' AND ${o.recordId} IN (
        SELECT ${payments.id} FROM ${payments} JOIN ${ascoraInvoices} ON ${ascoraInvoices.id} = ${payments.invoiceId}
        WHERE ${payments.receiptNumber} LIKE ${term} OR ${ascoraInvoices.invoiceNumber} LIKE ${term})))`;
  return or(like(l.message, term), like(l.error, term), like(l.recordRef, term), namedRecord);
}

function toRow(db: CoreContext['db'], r: LogRecord): SyncLogRow {
  return {
    id: r.id,
    runId: r.runId,
    kind: r.kind,
    runKind: r.runKind,
    subject: subjectOf(db, r),
    direction: r.direction,
    entity: r.entity,
    status: r.status,
    outboxId: r.outboxId,
    message: r.message ?? (r.recordRef ? `Record ${r.recordRef}` : null),
    error: r.error,
    recordsProcessed: r.recordsProcessed,
    recordsWritten: r.recordsWritten,
    retryCount: r.retryCount,
    durationMs: r.durationMs,
    createdAt: r.createdAt,
  };
}

export function createLogService(ctx: CoreContext) {
  function list(q: ParsedInputOf<'logs.list'>): Page<SyncLogRow> {
    return keysetList(
      { sort: 'id', direction: 'desc', cursor: q.cursor, limit: q.limit },
      {
        sortBy: l.id,
        id: l.id,
        filters: [
          eq(l.integrationId, q.integrationId),
          searchCondition(q.search),
          q.kind ? kindCondition(q.kind) : undefined,
          q.status ? eq(l.status, q.status) : undefined,
          q.entity ? eq(l.entity, q.entity) : undefined,
          q.runId ? eq(l.runId, q.runId) : undefined,
        ],
        count: (where) => ctx.db.select({ n: count() }).from(l).where(where).get()?.n ?? 0,
        rows: (where, orderBy, limit) =>
          pageQuery(
            ctx.db
              .select({ ...getTableColumns(l), sortValue: l.id })
              .from(l)
              .$dynamic(),
            where,
            orderBy,
            limit,
          ).all(),
        toRow: (r) => toRow(ctx.db, r),
      },
    );
  }
  const handlers = { 'logs.list': (q) => list(q) } satisfies HandlerMap;
  return { list, handlers };
}
