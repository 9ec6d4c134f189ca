/** The sync log, newest first, keyset-paged on id. */
import type { ParsedInputOf } from '../../../shared/contract';
import type { Page, SyncLogRow } from '../../../shared/domain';
import type { CoreContext } from '../context';
import type { HandlerMap } from '../ipc/types';
import { decodeCursor, encodeCursor, listTotal } from './keyset';
import { camel } from './rows';

export function createLogService(ctx: CoreContext) {
  function list(q: ParsedInputOf<'logs.list'>): Page<SyncLogRow> {
    const where = ['integration_id = ?'];
    const params: unknown[] = [q.integrationId];
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.entity) {
      where.push('entity = ?');
      params.push(q.entity);
    }
    if (q.runId) {
      where.push('run_id = ?');
      params.push(q.runId);
    }
    const after = decodeCursor(q.cursor, 'id');
    const total = listTotal(ctx.sqlite, 'ascora_sync_logs', where, params, after);
    if (after) {
      where.push('id < ?');
      params.push(after.id);
    }
    const rows = ctx.sqlite
      .prepare(`SELECT * FROM ascora_sync_logs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...params, q.limit + 1) as Record<string, unknown>[];
    const page = rows.slice(0, q.limit).map((r) => {
      const c = camel<SyncLogRow & { integrationId: number; recordRef: string | null; outboxId: number | null }>(r);
      const { integrationId: _i, recordRef: _r, outboxId: _o, ...row } = c;
      return { ...row, message: row.message ?? (c.recordRef ? `Record ${c.recordRef}` : null) } as SyncLogRow;
    });
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > q.limit && last ? encodeCursor('id', last.id, last.id, total) : null, total };
  }
  const handlers: HandlerMap = { 'logs.list': (q) => list(q) };
  return { list, handlers };
}
