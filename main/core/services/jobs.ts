/**
 * Jobs: the keyset-paged list (fast at 100,000 rows), the detail, and the things Ascora's API
 * cannot carry (status changes, notes): kept here, labelled local only, never pushed
 * (ascora-api.md section 4).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { JobDetail, JobRow, Page } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { toFtsQuery } from '../db/fts';
import { ascoraJobs, jobAttachments, jobNotes, outbox } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { displayFileName } from './attachments';
import { decodeCursor, encodeCursor, keysetCondition, listTotal, sydneyDayStartUtc } from './keyset';
import { camel, JOB_ROW_COLUMNS, toJobDetailBase, toJobRow, type JobRowRecord } from './rows';
import { recordLocalJobStatus } from '../sync/queue';

type JobRecord = typeof ascoraJobs.$inferSelect;

/** What a person sees as the status: the one set here if any, else Ascora's text, else its code. */
export const EFFECTIVE_STATUS_SQL = `COALESCE(j.local_status_text, j.job_status_text, 'Status #' || j.job_status, 'Unknown')`;

const SORTS: Record<ParsedInputOf<'jobs.list'>['sort'], string> = {
  dateCreated: `COALESCE(j.date_created, '')`,
  jobNumber: `COALESCE(j.job_number, '')`,
  jobName: 'j.job_name',
  status: EFFECTIVE_STATUS_SQL,
};

const ROW_SELECT = JOB_ROW_COLUMNS.map((c) => `j.${c}`).join(', ');

export const LOCAL_ONLY_REASONS = {
  status: "Status changed in the app: Ascora's API has no job update, so the new status stays in RestoreAssist Desk.",
  notes: "Notes are kept in the app: Ascora's API has no notes.",
  attachments: "Attachments are kept in the app: Ascora's API has no attachments.",
  pending: 'Waiting to be sent to Ascora on the next sync.',
  failed: 'Ascora refused this job: see the error, fix it, then use Retry failed in the Sync centre.',
  review: 'The address could not be read from the report: check it in Ascora once the job is there.',
};

export function createJobService(ctx: CoreContext) {
  function list(q: ParsedInputOf<'jobs.list'>): Page<JobRow> {
    const where: string[] = ['j.integration_id = ?'];
    const params: unknown[] = [q.integrationId];
    let from = 'ascora_jobs j';
    const fts = toFtsQuery(q.search);
    if (fts) {
      from = 'jobs_fts f JOIN ascora_jobs j ON j.id = f.rowid';
      where.push('jobs_fts MATCH ?');
      params.push(fts);
    }
    if (q.statusText) {
      where.push(`${EFFECTIVE_STATUS_SQL} = ?`);
      params.push(q.statusText);
    }
    if (q.customerId) {
      where.push('(j.site_customer_local_id = ? OR j.site_customer_id = (SELECT ascora_customer_id FROM ascora_customers WHERE id = ?))');
      params.push(q.customerId, q.customerId);
    }
    if (q.createdFrom) {
      where.push('j.date_created >= ?');
      params.push(sydneyDayStartUtc(q.createdFrom));
    }
    if (q.createdTo) {
      where.push('j.date_created < ?');
      params.push(sydneyDayStartUtc(nextDay(q.createdTo)));
    }
    if (q.syncState) {
      where.push('j.sync_state = ?');
      params.push(q.syncState);
    }

    const sortExpr = SORTS[q.sort];
    const after = decodeCursor(q.cursor, q.sort);
    const total = listTotal(ctx.sqlite, from, where, params, after);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) {
      pageWhere.push(keysetCondition(sortExpr, 'j.id', q.direction));
      pageParams.push(after.value, after.id);
    }
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    // Only the row's columns: with j.* a page (and the sort behind a search) carried every job's raw JSON.
    const records = ctx.sqlite
      .prepare(`SELECT ${ROW_SELECT}, ${sortExpr} AS sort_value FROM ${from} WHERE ${pageWhere.join(' AND ')} ORDER BY ${sortExpr} ${dir}, j.id ${dir} LIMIT ?`)
      .all(...pageParams, q.limit + 1) as Record<string, unknown>[];
    const more = records.length > q.limit;
    const page = records.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map((r) => toJobRow(camel<JobRowRecord>(r))),
      nextCursor: more && last ? encodeCursor(q.sort, last.sort_value as string, last.id as number, total) : null,
      total,
    };
  }

  function record(jobId: number): JobRecord {
    const found = ctx.db.select().from(ascoraJobs).where(eq(ascoraJobs.id, jobId)).get();
    if (!found) throw new AppError('NOT_FOUND', 'That job is no longer in the app. Refresh the list.');
    return found;
  }

  function get(jobId: number): JobDetail {
    const r = record(jobId);
    const notes = ctx.db.select().from(jobNotes).where(eq(jobNotes.jobId, jobId)).orderBy(desc(jobNotes.id)).all();
    const attachments = ctx.db.select().from(jobAttachments).where(eq(jobAttachments.jobId, jobId)).orderBy(desc(jobAttachments.id)).all();
    const reasons: string[] = [];
    if (r.syncState === 'pending') reasons.push(LOCAL_ONLY_REASONS.pending);
    if (r.syncState === 'failed') reasons.push(LOCAL_ONLY_REASONS.failed);
    if (r.localStatusText) reasons.push(LOCAL_ONLY_REASONS.status);
    if (notes.length > 0) reasons.push(LOCAL_ONLY_REASONS.notes);
    if (attachments.length > 0) reasons.push(LOCAL_ONLY_REASONS.attachments);
    if (r.needsReview) reasons.push(LOCAL_ONLY_REASONS.review);
    const failure = r.syncState === 'failed' ? ctx.db.select({ lastError: outbox.lastError }).from(outbox).where(and(eq(outbox.kind, 'create_job'), eq(outbox.recordId, jobId))).get() : null;
    return {
      ...toJobDetailBase(r),
      lastError: r.lastError ?? failure?.lastError ?? null,
      localOnlyReasons: reasons,
      notes: notes.map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt })),
      attachments: attachments.map((a) => ({ id: a.id, fileName: displayFileName(a.fileName), mimeType: a.mimeType, sizeBytes: a.sizeBytes, createdAt: a.createdAt })),
    };
  }

  /** Local only: the Ascora fields stay as Ascora has them; a synced row becomes local_only. */
  function updateStatus(jobIds: number[], statusText: string): number {
    const updated = ctx.db.transaction((tx) => {
      const found = tx.select({ id: ascoraJobs.id }).from(ascoraJobs).where(inArray(ascoraJobs.id, jobIds)).all();
      if (found.length !== new Set(jobIds).size) throw new AppError('NOT_FOUND', 'Some of those jobs are no longer in the app. Refresh the list and try again.');
      for (const job of found) {
        tx.update(ascoraJobs).set({ localStatusText: statusText, updatedAt: isoNow(ctx.clock) }).where(eq(ascoraJobs.id, job.id)).run();
        recordLocalJobStatus(tx, job.id);
      }
      return found.length;
    });
    ctx.events.emit('record.changed', { entity: 'job', ids: jobIds });
    return updated;
  }

  function addNote(jobId: number, text: string) {
    record(jobId);
    const note = ctx.db.insert(jobNotes).values({ jobId, text, createdAt: isoNow(ctx.clock) }).returning().get();
    ctx.events.emit('record.changed', { entity: 'job', ids: [jobId] });
    return { id: note.id, text: note.text, createdAt: note.createdAt };
  }

  function statuses(integrationId: number): string[] {
    return (
      ctx.sqlite.prepare(`SELECT DISTINCT ${EFFECTIVE_STATUS_SQL} AS s FROM ascora_jobs j WHERE j.integration_id = ? ORDER BY s`).all(integrationId) as { s: string }[]
    ).map((r) => r.s);
  }

  const handlers: HandlerMap = {
    'jobs.list': (q) => list(q),
    'jobs.statuses': ({ integrationId }) => statuses(integrationId),
    'jobs.get': ({ jobId }) => get(jobId),
    'jobs.updateStatus': ({ jobId, statusText }) => {
      updateStatus([jobId], statusText);
      return get(jobId);
    },
    'jobs.batchUpdateStatus': ({ jobIds, statusText }) => ({ updated: updateStatus(jobIds, statusText) }),
    'jobs.addNote': ({ jobId, text }) => addNote(jobId, text),
  };
  return { list, get, updateStatus, addNote, statuses, handlers };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
