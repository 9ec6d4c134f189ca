/**
 * Jobs: the keyset-paged list (fast at 100,000 rows), the detail, and the things Ascora's API
 * cannot carry (status changes, notes): kept here, labelled local only, never pushed
 * (ascora-api.md section 4).
 */
import { and, count, desc, eq, gte, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { ASCORA_WEB_SIGN_IN, isAscoraWebUrl } from '../../../shared/ascora-web';
import type { ChannelName, ParsedInputOf } from '../../../shared/contract';
import type { AppEvents } from '../../../shared/events';
import type {
  CustomerContact,
  JobDetail,
  JobInvoice,
  JobNote,
  JobRow,
  JobStatusBefore,
  Page,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { RECORD_STATE_WORDS } from '../../../shared/record-state';
import { addCalendarDays, dayStartUtc, LAST_CALENDAR_DAY } from '../../../shared/time';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ftsMatch, jobsFts, readSearch } from '../db/fts';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, jobAttachments, jobNotes, payments } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { clearLocalJobStatus, openChangeOf, recordLocalJobStatus, settleJobLocalWork } from '../sync/queue';
import { attachmentFileName } from './attachments';
import { INVOICE_SUMMARY_FIELDS, toPayment } from './invoices';
import { keysetList, nothingSearchablePage, pageQuery } from './keyset';
import { jobsWrittenBy, lastRunWindow } from './last-sync';
import { jobStateCondition } from './list-state';
import { JOB_ROW_FIELDS, toJobDetailBase, toJobRow, type JobRowRecord } from './rows';
import { noteAuthor, officeTimeZone } from './settings';

type JobRecord = typeof ascoraJobs.$inferSelect;

/**
 * What looking a job up by id costs, in entries of a sort's index walked (the bench's mirror, 100,000
 * jobs: about 2.7 µs a job, its row a page of the file, against 0.06 µs an entry).
 */
const ROW_LOOKUP_IN_INDEX_STEPS = 40;
const j = ascoraJobs;

/** A phrase as an SQL literal (not a parameter): an index's expression holds it as text. */
const literal = (text: string) => sql.raw(`'${text.replace(/'/g, "''")}'`);

/**
 * What a person sees as the status: the one set here if any, else Ascora's text, else its code,
 * else, for a job Ascora has not got yet, where it stands (jobStatusWords: "Waiting to send", or
 * "Refused by Ascora"). The Jobs list's sorts and the status filter are written exactly as their
 * indexes are (drizzle/0002, 0010): keep them in step.
 */
export const EFFECTIVE_STATUS = sql<string>`COALESCE(${j.localStatusText}, ${j.jobStatusText}, 'Status #' || ${j.jobStatus}, CASE WHEN ${j.ascoraJobId} IS NOT NULL THEN 'Unknown' WHEN ${j.syncState} = 'failed' THEN ${literal(RECORD_STATE_WORDS.refused.label)} ELSE ${literal(RECORD_STATE_WORDS.waiting.label)} END)`;

// Each written as its index is (drizzle/0002, 0010, 0013).
const SORTS: Record<ParsedInputOf<'jobs.list'>['sort'], SQL<string>> = {
  dateCreated: sql<string>`COALESCE(${j.dateCreated}, '')`,
  jobNumber: sql<string>`COALESCE(${j.jobNumber}, '')`,
  jobName: sql<string>`${j.jobName}`,
  status: EFFECTIVE_STATUS,
  // The name the list shows, lower-cased, kept on the job by drizzle/0013's triggers (an index cannot look the customer up).
  customerName: sql<string>`${j.customerSortKey}`,
  suburb: sql<string>`COALESCE(${j.suburb}, '')`,
};

export const LOCAL_ONLY_REASONS = {
  status: "Status changed in the app: Ascora's API has no job update, so the new status stays in RestoreAssist Desk.",
  notes: "Notes are kept in the app: Ascora's API has no notes.",
  attachments: "Attachments are kept in the app: Ascora's API has no attachments.",
  review: 'The address could not be read from the report: check it in Ascora once the job is there.',
};

/**
 * What a change of a job's own work (a note, a status set here) makes stale, beyond the job's
 * `jobs.get`: the lists of work to enter in Ascora and what Today counts. The Jobs list only when
 * the job's row shows something else (its status, or its record state).
 */
const JOB_WORK_QUERIES: ChannelName[] = ['jobs.get', 'sync.toEnter', 'sync.localOnly', 'dashboard.summary'];
const JOB_ROW_QUERIES: ChannelName[] = [...JOB_WORK_QUERIES, 'jobs.list', 'customers.related'];

type Tx = Parameters<Parameters<CoreContext['db']['transaction']>[0]>[0];

/** settleJobLocalWork, answering whether the job's record state (shown in its row) moved. */
function settleMoves(tx: Tx, jobId: number): boolean {
  const stateOf = () => tx.select({ s: j.syncState }).from(j).where(eq(j.id, jobId)).get()?.s;
  const before = stateOf();
  settleJobLocalWork(tx, jobId);
  return stateOf() !== before;
}

const noteChanged = (jobId: number, rowMoved: boolean): AppEvents['record.changed'] => ({
  entity: 'job',
  ids: [jobId],
  queries: rowMoved ? JOB_ROW_QUERIES : JOB_WORK_QUERIES,
});

/** The statuses these jobs show, each with its connection (`${integrationId}:${status}`). */
function shownStatuses(tx: Tx, ids: number[]): Set<string> {
  const rows = tx
    .selectDistinct({ integrationId: j.integrationId, s: EFFECTIVE_STATUS })
    .from(j)
    .where(inArray(j.id, ids))
    .all();
  return new Set(rows.map((r) => `${r.integrationId}:${r.s}`));
}

export function createJobService(ctx: CoreContext) {
  function list(q: ParsedInputOf<'jobs.list'>): Page<JobRow> {
    const search = readSearch(q.search);
    if (search.kind === 'unsearchable') return nothingSearchablePage();
    const fts = search.kind === 'match' ? search.query : null;
    const sortBy = SORTS[q.sort];
    const zone = officeTimeZone(ctx.db);
    // Only the row's columns: with j.* a page (and the sort behind a search) carried every job's raw JSON.
    const fields = { ...JOB_ROW_FIELDS, sortValue: sortBy };
    const filtered = [
      q.statusText ? eq(EFFECTIVE_STATUS, q.statusText) : undefined,
      q.customerId
        ? or(
            eq(j.siteCustomerLocalId, q.customerId),
            sql`${j.siteCustomerId} = (SELECT ${ascoraCustomers.ascoraCustomerId} FROM ${ascoraCustomers} WHERE ${ascoraCustomers.id} = ${q.customerId})`,
          )
        : undefined,
      // The office's days: from the start of the first to the start of the day after the last (a
      // range to the last day a date can name has no day after it, and no end).
      q.createdFrom ? gte(j.dateCreated, dayStartUtc(zone, q.createdFrom)) : undefined,
      q.createdTo && q.createdTo < LAST_CALENDAR_DAY
        ? lt(j.dateCreated, dayStartUtc(zone, addCalendarDays(q.createdTo, 1)))
        : undefined,
      q.recordState ? jobStateCondition(q.recordState) : undefined,
      q.lastSync ? jobsWrittenBy(lastRunWindow(ctx.db, q.integrationId), q.lastSync) : undefined,
    ];
    // A search reads the full-text index, then the jobs it names (searchCount, searchRows).
    const searchOnly = fts !== null && filtered.every((f) => f === undefined);
    return keysetList(q, {
      sortBy,
      id: j.id,
      filters: [eq(j.integrationId, q.integrationId), ...filtered],
      count: (where) =>
        fts
          ? searchCount(where, fts, searchOnly && holdsEveryJob(q.integrationId))
          : (ctx.db.select({ n: count() }).from(j).where(where).get()?.n ?? 0),
      rows: (where, orderBy, limit, total) =>
        fts
          ? rowsOf(searchRows(where, fts, sortBy, orderBy, limit, total))
          : // Read in index order and stopped at the page's end: only the page's rows are read.
            pageQuery(ctx.db.select(fields).from(j).$dynamic(), where, orderBy, limit).all(),
      toRow: (r) => toJobRow(r),
    });
  }

  const otherIntegrationsJobs = ctx.sqlite.prepare<[number, number], { found: 0 | 1 }>(
    // Two seeks of the integration's indexes (`<>` would read every job of this one to find none).
    'SELECT EXISTS (SELECT 1 FROM ascora_jobs WHERE integration_id < ?) OR EXISTS (SELECT 1 FROM ascora_jobs WHERE integration_id > ?) AS found',
  );
  /** Whether every job in the mirror is this connection's (the usual case: one Ascora account). */
  const holdsEveryJob = (integrationId: number) => otherIntegrationsJobs.get(integrationId, integrationId)?.found === 0;
  const newestJobId = ctx.sqlite.prepare<[], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM ascora_jobs');
  const matching = (fts: string) => sql`SELECT ${jobsFts.rowid} FROM ${jobsFts} WHERE ${ftsMatch(jobsFts, fts)}`;

  /**
   * The jobs a search matches. From the full-text index alone when the search is the list's only
   * filter and every job is this connection's: counting through the jobs themselves read each
   * match's row (one page of the file each, about 3 ms a thousand jobs: bench case 6).
   */
  function searchCount(where: SQL | undefined, fts: string, fromIndexAlone: boolean): number {
    if (fromIndexAlone) return ctx.db.select({ n: count() }).from(jobsFts).where(ftsMatch(jobsFts, fts)).get()?.n ?? 0;
    return (
      ctx.db
        .select({ n: count() })
        .from(jobsFts)
        .innerJoin(j, eq(j.id, jobsFts.rowid))
        .where(and(where, ftsMatch(jobsFts, fts)))
        .get()?.n ?? 0
    );
  }

  /**
   * A search's page, by id and sort value (its rows are read after: rowsOf), one of two ways.
   * Few matches: each matching job looked up and all of them sorted. Many (a common customer or
   * suburb matches thousands): the sort's index walked in order, taking the jobs the search
   * matched, until the page is full; with one job in k matching, a page reads about k index entries
   * a row, where looking each match up costs about ROW_LOOKUP_IN_INDEX_STEPS entries, and the
   * cheaper is chosen. The walk's worst case (every match at the far end of the order) is one read
   * of the index, about 6 ms at 100,000 jobs.
   */
  function searchRows(
    where: SQL | undefined,
    fts: string,
    sortBy: SQL<string>,
    orderBy: SQL[],
    limit: number,
    matches: number,
  ): { id: number; sortValue: string }[] {
    const jobs = newestJobId.get()?.id ?? 0;
    const walk = matches * matches * ROW_LOOKUP_IN_INDEX_STEPS >= limit * jobs;
    const page = walk
      ? // The unary + keeps SQLite from looking the matches up by id: it walks the sort's index.
        ctx.db
          .select({ id: j.id, sortValue: sortBy })
          .from(j)
          .where(and(where, sql`+${j.id} IN (${matching(fts)})`))
      : ctx.db
          .select({ id: j.id, sortValue: sortBy })
          .from(jobsFts)
          .innerJoin(j, eq(j.id, jobsFts.rowid))
          .where(and(where, ftsMatch(jobsFts, fts)));
    return page
      .orderBy(...orderBy)
      .limit(limit)
      .all();
  }

  /**
   * The row columns of jobs by id: one statement, prepared once, for every page (its ids as one
   * JSON array), so reading a page's rows costs no query building.
   */
  const rowsById = ctx.db
    .select(JOB_ROW_FIELDS)
    .from(j)
    .where(sql`${j.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
    .prepare();

  /**
   * The row columns of a search's page, in the page's order. The page is chosen by id and sort
   * value alone: a search sorts every job it matches (thousands, for a customer or a suburb), and
   * carrying each one's row columns through that sort read its whole record, past its raw JSON, for
   * rows the page never shows (bench case 6).
   */
  function rowsOf<P extends { id: number }>(page: P[]): (P & JobRowRecord)[] {
    if (page.length === 0) return [];
    const byId = new Map(rowsById.all({ ids: JSON.stringify(page.map((p) => p.id)) }).map((r) => [r.id, r]));
    return page.flatMap((p) => {
      const r = byId.get(p.id);
      return r ? [{ ...r, ...p }] : [];
    });
  }

  function record(jobId: number): JobRecord {
    const found = ctx.db.select().from(ascoraJobs).where(eq(ascoraJobs.id, jobId)).get();
    if (!found) throw new AppError('NOT_FOUND', 'That job is no longer in the app. Refresh the list.');
    return found;
  }

  function get(jobId: number): JobDetail {
    const r = record(jobId);
    const notes = ctx.db.select().from(jobNotes).where(eq(jobNotes.jobId, jobId)).orderBy(desc(jobNotes.id)).all();
    const attachments = ctx.db
      .select()
      .from(jobAttachments)
      .where(eq(jobAttachments.jobId, jobId))
      .orderBy(desc(jobAttachments.id))
      .all();
    const reasons: string[] = [];
    // Waiting or refused is the job's state (its badge), not something kept here for good.
    // What was entered in Ascora by hand is there too: only what is still to enter is named.
    if (r.localStatusText && !r.localStatusEnteredAt) reasons.push(LOCAL_ONLY_REASONS.status);
    if (notes.some((n) => !n.enteredAt)) reasons.push(LOCAL_ONLY_REASONS.notes);
    if (attachments.some((a) => !a.enteredAt)) reasons.push(LOCAL_ONLY_REASONS.attachments);
    if (r.needsReview) reasons.push(LOCAL_ONLY_REASONS.review);
    const change = openChangeOf(ctx.db, ['create_job'], jobId);
    const contact = contactOf(r);
    return {
      // Named as the list and the Customers list name it (JOB_CUSTOMER_NAME).
      ...toJobDetailBase({ ...r, siteCustomerName: contact?.name || r.siteCustomerName }),
      lastError: r.lastError ?? change?.error ?? null,
      change,
      localOnlyReasons: reasons,
      statusEnteredInAscora:
        r.localStatusText && r.localStatusEnteredAt
          ? { at: r.localStatusEnteredAt, by: r.localStatusEnteredBy ?? '' }
          : null,
      notes: notes.map(toNote),
      attachments: attachments.map((a) => ({
        id: a.id,
        fileName: attachmentFileName(a.fileName, a.mimeType),
        mimeType: a.mimeType,
        sizeBytes: a.sizeBytes,
        createdAt: a.createdAt,
        enteredInAscora: a.enteredAt ? { at: a.enteredAt, by: a.enteredBy ?? '' } : null,
      })),
      contact,
      siteContactName: r.siteContactName,
      invoices: invoicesOf(r),
      ascoraUrl: r.ascoraJobId && isAscoraWebUrl(ASCORA_WEB_SIGN_IN) ? ASCORA_WEB_SIGN_IN : null,
    };
  }

  /** The site customer as the mirror has it: the local one a job made here names, else by Ascora's id. */
  function contactOf(r: JobRecord): CustomerContact | null {
    const c = ascoraCustomers;
    const where = r.siteCustomerLocalId
      ? eq(c.id, r.siteCustomerLocalId)
      : r.siteCustomerId
        ? and(eq(c.integrationId, r.integrationId), eq(c.ascoraCustomerId, r.siteCustomerId))
        : undefined;
    if (!where) return null;
    const found = ctx.db
      .select({
        customerId: c.id,
        name: c.customerName,
        phoneNumber: c.phoneNumber,
        mobileNumber: c.mobileNumber,
        emailAddress: c.emailAddress,
      })
      .from(c)
      .where(where)
      .get();
    return found ?? null;
  }

  /** The invoices Ascora names this job on (by its id), newest first, each with the payments recorded here. */
  function invoicesOf(r: JobRecord): JobInvoice[] {
    if (!r.ascoraJobId) return [];
    const i = ascoraInvoices;
    const rows = ctx.db
      .select(INVOICE_SUMMARY_FIELDS)
      .from(i)
      .where(and(eq(i.integrationId, r.integrationId), eq(i.ascoraJobId, r.ascoraJobId)))
      .orderBy(desc(i.invoiceDate), desc(i.id))
      .all();
    if (rows.length === 0) return [];
    const paid = ctx.db
      .select()
      .from(payments)
      .where(
        inArray(
          payments.invoiceId,
          rows.map((row) => row.id),
        ),
      )
      .orderBy(desc(payments.id))
      .all();
    return rows.map((row) => ({ ...row, payments: paid.filter((p) => p.invoiceId === row.id).map(toPayment) }));
  }

  /**
   * Local only: the Ascora fields stay as Ascora has them; a synced row becomes local_only.
   * Answers what each job had before, so the change can be undone (restoreStatuses).
   */
  function updateStatus(jobIds: number[], statusText: string): JobStatusBefore[] {
    return setStatuses(jobIds.map((jobId) => ({ jobId, statusText })));
  }

  /**
   * Whether the status filter's list (`jobs.statuses`) changed: a status these jobs no longer
   * show that no other job shows either, or one they now show that no other job showed. Each is
   * looked up by the status index (drizzle/0011), not by listing them all.
   */
  function changesStatusFilter(before: Set<string>, after: Set<string>, ids: number[]): boolean {
    const moved = [...before].filter((s) => !after.has(s)).concat([...after].filter((s) => !before.has(s)));
    return moved.some((key) => {
      const split = key.indexOf(':');
      const shownElsewhere = ctx.db
        .select({ id: j.id })
        .from(j)
        .where(
          and(
            eq(j.integrationId, Number(key.slice(0, split))),
            sql`${EFFECTIVE_STATUS} = ${key.slice(split + 1)}`,
            notInArray(j.id, ids),
          ),
        )
        .limit(1)
        .get();
      return !shownElsewhere;
    });
  }

  /**
   * Each job gets its own status set here, or none (null: it shows Ascora's status again and, if
   * that was all it had of its own, is the same as in Ascora). One transaction: all or nothing.
   */
  function setStatuses(changes: JobStatusBefore[]): JobStatusBefore[] {
    const ids = changes.map((c) => c.jobId);
    let statusesBefore: Set<string> = new Set();
    let statusesAfter: Set<string> = new Set();
    const previous = ctx.db.transaction((tx) => {
      statusesBefore = shownStatuses(tx, ids);
      const found = tx
        .select({ id: ascoraJobs.id, localStatusText: ascoraJobs.localStatusText })
        .from(ascoraJobs)
        .where(inArray(ascoraJobs.id, ids))
        .all();
      if (found.length !== new Set(ids).size)
        throw new AppError('NOT_FOUND', 'Some of those jobs are no longer in the app. Refresh the list and try again.');
      const before = new Map(found.map((f) => [f.id, f.localStatusText]));
      for (const { jobId, statusText } of changes) {
        tx.update(ascoraJobs)
          // A new status is not the one entered in Ascora: it is to enter again.
          .set({
            localStatusText: statusText,
            localStatusEnteredAt: null,
            localStatusEnteredBy: null,
            updatedAt: isoNow(ctx.clock),
          })
          .where(eq(ascoraJobs.id, jobId))
          .run();
        if (statusText === null) clearLocalJobStatus(tx, jobId);
        else recordLocalJobStatus(tx, jobId);
      }
      statusesAfter = shownStatuses(tx, ids);
      return [...before].map(([jobId, statusText]) => ({ jobId, statusText }));
    });
    ctx.events.emit('record.changed', {
      entity: 'job',
      ids,
      queries: changesStatusFilter(statusesBefore, statusesAfter, ids)
        ? [...JOB_ROW_QUERIES, 'jobs.statuses']
        : JOB_ROW_QUERIES,
    });
    return previous;
  }

  /**
   * Notes never leave the app (Ascora's API has none), so each one stays the office's to change or
   * delete: "while local" is always. It is signed with the name in Settings when written.
   */
  function addNote(jobId: number, text: string): JobNote {
    record(jobId);
    let rowMoved = false;
    const note = ctx.db.transaction((tx) => {
      const added = tx
        .insert(jobNotes)
        .values({ jobId, text, author: noteAuthor(tx), createdAt: isoNow(ctx.clock) })
        .returning()
        .get();
      // Only here, not yet entered in Ascora: the job says so (queue.ts).
      rowMoved = settleMoves(tx, jobId);
      return added;
    });
    ctx.events.emit('record.changed', noteChanged(jobId, rowMoved));
    return toNote(note);
  }

  function noteRecord(noteId: number) {
    const found = ctx.db.select().from(jobNotes).where(eq(jobNotes.id, noteId)).get();
    if (!found) throw new AppError('NOT_FOUND', 'That note is no longer in the app. Refresh the job.');
    return found;
  }

  function editNote(noteId: number, text: string): JobNote {
    const note = noteRecord(noteId);
    let rowMoved = false;
    // An edited note is not the one entered in Ascora: it is to enter again.
    const edited = ctx.db.transaction((tx) => {
      const changed = tx
        .update(jobNotes)
        .set({ text, editedAt: isoNow(ctx.clock), enteredAt: null, enteredBy: null })
        .where(eq(jobNotes.id, noteId))
        .returning()
        .get();
      rowMoved = settleMoves(tx, note.jobId);
      return changed;
    });
    ctx.events.emit('record.changed', noteChanged(note.jobId, rowMoved));
    return toNote(edited);
  }

  function deleteNote(noteId: number): { deleted: true } {
    const note = noteRecord(noteId);
    let rowMoved = false;
    ctx.db.transaction((tx) => {
      tx.delete(jobNotes).where(eq(jobNotes.id, noteId)).run();
      rowMoved = settleMoves(tx, note.jobId);
    });
    ctx.events.emit('record.changed', noteChanged(note.jobId, rowMoved));
    return { deleted: true };
  }

  function statuses(integrationId: number): string[] {
    return ctx.db
      .selectDistinct({ s: EFFECTIVE_STATUS })
      .from(j)
      .where(eq(j.integrationId, integrationId))
      .orderBy(EFFECTIVE_STATUS)
      .all()
      .map((r) => r.s);
  }

  const handlers = {
    'jobs.list': (q) => list(q),
    'jobs.statuses': ({ integrationId }) => statuses(integrationId),
    'jobs.get': ({ jobId }) => get(jobId),
    'jobs.updateStatus': ({ jobId, statusText }) => {
      updateStatus([jobId], statusText);
      return get(jobId);
    },
    'jobs.batchUpdateStatus': ({ jobIds, statusText }) => {
      const previous = updateStatus(jobIds, statusText);
      return { updated: previous.length, previous };
    },
    'jobs.restoreStatuses': ({ jobs }) => ({ restored: setStatuses(jobs).length }),
    'jobs.addNote': ({ jobId, text }) => addNote(jobId, text),
    'jobs.editNote': ({ noteId, text }) => editNote(noteId, text),
    'jobs.deleteNote': ({ noteId }) => deleteNote(noteId),
  } satisfies HandlerMap;
  return { list, get, updateStatus, addNote, editNote, deleteNote, statuses, handlers };
}

function toNote(n: typeof jobNotes.$inferSelect): JobNote {
  return {
    id: n.id,
    text: n.text,
    author: n.author,
    createdAt: n.createdAt,
    editedAt: n.editedAt,
    enteredInAscora: n.enteredAt ? { at: n.enteredAt, by: n.enteredBy ?? '' } : null,
  };
}
