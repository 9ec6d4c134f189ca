/** The sync log, newest first, keyset-paged on id. */
import { count, eq, getTableColumns } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page, RecordRef, SyncLogRow } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraSyncLogs, outbox } from '../db/schema';
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
  const handlers: HandlerMap = { 'logs.list': (q) => list(q) };
  return { list, handlers };
}
