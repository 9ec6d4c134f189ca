/** The sync log, newest first, keyset-paged on id. */
import { count, eq, getTableColumns } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page, SyncLogRow } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraSyncLogs } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { keysetList, pageQuery } from './keyset';

const l = ascoraSyncLogs;

type LogRecord = typeof ascoraSyncLogs.$inferSelect;

function toRow(r: LogRecord): SyncLogRow {
  return {
    id: r.id,
    runId: r.runId,
    kind: r.kind,
    runKind: r.runKind,
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
        rows: (where, orderBy, limit) => pageQuery(ctx.db.select({ ...getTableColumns(l), sortValue: l.id }).from(l).$dynamic(), where, orderBy, limit).all(),
        toRow: (r) => toRow(r),
      },
    );
  }
  const handlers: HandlerMap = { 'logs.list': (q) => list(q) };
  return { list, handlers };
}
