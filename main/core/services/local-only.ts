/**
 * Work that exists only on this computer: a job's status set here, its notes and its attachments
 * (Ascora's API has no job update, no notes and no attachments, so nothing ever sends them). The
 * disconnect dialog names it beside the changes waiting to be sent, since a wipe loses it for
 * good, and offers this export first: a new folder under the data folder's exports/ (which a wipe
 * leaves alone) with a CSV of the statuses and notes, each with its job's number and name, and a
 * copy of every attachment file.
 *
 * The same work is the office's "To enter in Ascora" list: each status, note and attachment not
 * yet entered in Ascora by hand, one by one, until a person says "Done in Ascora" (the item stays
 * here, marked entered, with who and when). The dialog counts only what is still to enter: what
 * was entered is in Ascora too.
 */
import { and, asc, count, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { toCsv } from '../../../shared/csv';
import type { LocalOnlyExport, LocalOnlyWork, ToEnterItem, ToEnterKind } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ATTACHMENTS_TO_ENTER, HOLDS_WORK_TO_ENTER, JOB_ID, NOTES_TO_ENTER, STATUS_TO_ENTER } from '../db/local-work';
import { ascoraIntegrations, ascoraJobs, jobAttachments, jobNotes } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { makePrivateDir, writePrivateFileSync } from '../private-files';
import { settleJobLocalWork } from '../sync/queue';
import { UnsealError, fileKeySource } from '../sealed-files';
import { attachmentFileName, attachmentsDir, readAttachmentFile, refusedCopyMessage } from './attachments';
import { oneLineAddress } from './export';
import { noteAuthor } from './settings';

/** How many jobs the dialog names; the rest are counted. */
export const LOCAL_ONLY_NAMED = 5;

export function exportsDir(dataDir: string): string {
  return path.join(dataDir, 'exports');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Job J10234: Water damage – …", or the name alone for a job Ascora has not numbered yet. */
export const jobWords = (r: { jobNumber: string | null; jobName: string }) =>
  r.jobNumber ? `Job ${r.jobNumber}: ${r.jobName}` : `${r.jobName || 'Unnamed job'} (not yet in Ascora)`;

/** What a job holds that is kept only here, in words: "status “Drying”, 2 notes, 1 attachment". */
export function holdsWords(r: { status: string | null; notes: number; attachments: number }): string {
  return [
    r.status ? `status “${r.status}”` : '',
    r.notes > 0 ? plural(r.notes, 'note') : '',
    r.attachments > 0 ? plural(r.attachments, 'attachment') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

export interface LocalOnlyDeps {
  /** The host's way to show a folder in the file manager; absent in the browser host. */
  openFolder?: (dir: string) => Promise<boolean>;
}

export function createLocalOnlyService(ctx: CoreContext, deps: LocalOnlyDeps = {}) {
  const fileKey = fileKeySource(ctx.databaseKey);
  const j = ascoraJobs;
  const jobId = JOB_ID;
  // What is still to enter in Ascora, per job (db/local-work.ts): the dialog's counts and the list.
  const notesOf = sql<number>`(SELECT COUNT(*) FROM ${jobNotes} WHERE ${NOTES_TO_ENTER})`;
  const attachmentsOf = sql<number>`(SELECT COUNT(*) FROM ${jobAttachments} WHERE ${ATTACHMENTS_TO_ENTER})`;
  const statusOf = sql<string | null>`CASE WHEN ${STATUS_TO_ENTER} THEN ${j.localStatusText} END`;
  const holdsSome = (integrationId: number) => and(eq(j.integrationId, integrationId), HOLDS_WORK_TO_ENTER);
  /** The export copies everything kept here, entered in Ascora or not: it is the office's copy. */
  const holdsAny = (integrationId: number) =>
    and(
      eq(j.integrationId, integrationId),
      or(
        isNotNull(j.localStatusText),
        sql`EXISTS (SELECT 1 FROM ${jobNotes} WHERE ${jobNotes.jobId} = ${jobId})`,
        sql`EXISTS (SELECT 1 FROM ${jobAttachments} WHERE ${jobAttachments.jobId} = ${jobId})`,
      ),
    );

  function list(integrationId: number): LocalOnlyWork {
    const where = holdsSome(integrationId);
    const totals = ctx.db
      .select({
        jobs: count(),
        statuses: sql<number>`COUNT(${statusOf})`,
        notes: sql<number>`COALESCE(SUM(${notesOf}), 0)`,
        attachments: sql<number>`COALESCE(SUM(${attachmentsOf}), 0)`,
      })
      .from(j)
      .where(where)
      .get();
    const first = ctx.db
      .select({
        jobNumber: j.jobNumber,
        jobName: j.jobName,
        status: statusOf,
        notes: notesOf,
        attachments: attachmentsOf,
      })
      .from(j)
      .where(where)
      .orderBy(asc(j.id))
      .limit(LOCAL_ONLY_NAMED)
      .all()
      .map((r) => ({
        job: jobWords(r),
        holds: holdsWords(r),
      }));
    return {
      jobCount: totals?.jobs ?? 0,
      statusCount: totals?.statuses ?? 0,
      noteCount: totals?.notes ?? 0,
      attachmentCount: totals?.attachments ?? 0,
      first,
    };
  }

  /**
   * A new folder each time (`<connection> <date> <time>`, never written over), made whole before
   * it is named: written as `….partial`, renamed at the end, so a folder the person finds under
   * that name holds everything.
   */
  async function exportTo(integrationId: number, open: boolean): Promise<LocalOnlyExport> {
    const integration = ctx.db
      .select({ displayName: ascoraIntegrations.displayName })
      .from(ascoraIntegrations)
      .where(eq(ascoraIntegrations.id, integrationId))
      .get();
    if (!integration)
      throw new AppError('NOT_FOUND', 'That Ascora connection no longer exists. Reopen the app and connect again.');
    const jobs = ctx.db
      .select({
        id: j.id,
        jobNumber: j.jobNumber,
        jobName: j.jobName,
        addressLine1: j.addressLine1,
        addressLine2: j.addressLine2,
        suburb: j.suburb,
        state: j.state,
        postcode: j.postcode,
        localStatusText: j.localStatusText,
        ascoraStatus: sql<string | null>`COALESCE(${j.jobStatusText}, 'Status #' || ${j.jobStatus})`,
        updatedAt: j.updatedAt,
      })
      .from(j)
      .where(holdsAny(integrationId))
      .orderBy(asc(j.id))
      .all();
    if (jobs.length === 0)
      throw new AppError(
        'VALIDATION',
        'Nothing is kept only on this computer for this connection: there is nothing to export.',
      );

    const stamp = new Date(ctx.clock.now()).toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
    const safeName = integration.displayName.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || 'Ascora';
    const root = exportsDir(ctx.dataDir);
    makePrivateDir(root);
    const finalDir = uniqueDir(path.join(root, `${safeName} ${stamp}`));
    const partial = `${finalDir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    makePrivateDir(partial);

    const rows: (string | number | null)[][] = [];
    const stored = path.resolve(attachmentsDir(ctx.dataDir));
    let files = 1;
    let missing = 0;
    for (const job of jobs) {
      const jobCells = [
        job.jobNumber ?? '',
        job.jobName,
        oneLineAddress([job.addressLine1, job.addressLine2], job.suburb, job.state, job.postcode),
      ];
      if (job.localStatusText)
        rows.push([
          ...jobCells,
          'Status',
          `${job.localStatusText} (Ascora: ${job.ascoraStatus ?? 'none'})`,
          '',
          job.updatedAt,
          '',
        ]);
      const notes = ctx.db.select().from(jobNotes).where(eq(jobNotes.jobId, job.id)).orderBy(asc(jobNotes.id)).all();
      for (const note of notes)
        rows.push([...jobCells, 'Note', note.text, note.author, note.editedAt ?? note.createdAt, '']);
      const attachments = ctx.db
        .select()
        .from(jobAttachments)
        .where(eq(jobAttachments.jobId, job.id))
        .orderBy(asc(jobAttachments.id))
        .all();
      if (attachments.length === 0) continue;
      const folderName = job.jobNumber
        ? `Job ${job.jobNumber}`.replace(/[^\p{L}\p{N} _-]/gu, '')
        : `Job ${job.id} (not yet in Ascora)`;
      const folder = path.join(partial, 'attachments', folderName);
      const taken = new Set<string>();
      for (const a of attachments) {
        const name = uniqueName(attachmentFileName(a.fileName, a.mimeType), taken);
        const source = path.resolve(stored, a.storedName);
        const relative = path.join('attachments', folderName, name);
        let notCopied: string | null = "Missing: its copy was no longer in the app's data folder";
        if (source.startsWith(stored + path.sep)) {
          try {
            // Decrypted: the export is for other programs to read.
            const bytes = readAttachmentFile(stored, source, fileKey());
            makePrivateDir(folder);
            writePrivateFileSync(path.join(folder, name), bytes);
            notCopied = null;
            files++;
          } catch (error) {
            if (error instanceof UnsealError) {
              ctx.logger.warn('attachment copy refused', { attachmentId: a.id, reason: error.reason });
              notCopied = `Not copied: ${refusedCopyMessage(error.reason, name)}`;
            } else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          }
        }
        if (notCopied) missing++;
        rows.push([...jobCells, 'Attachment', name, '', a.createdAt, notCopied ?? relative]);
      }
    }
    const csv = toCsv(
      [
        'Job number',
        'Job name',
        'Site address',
        'Kept here',
        'Text or file',
        'Written by',
        'Date (UTC)',
        'File in this folder',
      ],
      rows,
    );
    // A byte order mark: Excel reads the file as UTF-8 (names with accents, curly quotes).
    writePrivateFileSync(path.join(partial, 'kept-only-on-this-computer.csv'), `\uFEFF${csv}\r\n`);
    fs.renameSync(partial, finalDir);
    ctx.logger.info('local-only work exported', { integrationId, jobs: jobs.length, files, missing });

    const opened = open && deps.openFolder ? await deps.openFolder(finalDir) : false;
    return { path: finalDir, files, missing, canOpen: deps.openFolder !== undefined, opened };
  }

  /**
   * Every status, note and attachment still to enter in Ascora, job by job (oldest job first), each
   * its own item so each can be marked done on its own.
   */
  function toEnter(integrationId: number): ToEnterItem[] {
    const jobs = ctx.db
      .select({ id: j.id, jobNumber: j.jobNumber, jobName: j.jobName, status: statusOf, setAt: j.updatedAt })
      .from(j)
      .where(holdsSome(integrationId))
      .orderBy(asc(j.id))
      .all();
    const items: ToEnterItem[] = [];
    for (const job of jobs) {
      const about = { jobId: job.id, job: jobWords(job) };
      if (job.status) items.push({ kind: 'status', id: job.id, ...about, text: job.status, by: '', at: job.setAt });
      for (const n of ctx.db
        .select()
        .from(jobNotes)
        .where(and(eq(jobNotes.jobId, job.id), isNull(jobNotes.enteredAt)))
        .orderBy(asc(jobNotes.id))
        .all())
        items.push({ kind: 'note', id: n.id, ...about, text: n.text, by: n.author, at: n.editedAt ?? n.createdAt });
      for (const a of ctx.db
        .select()
        .from(jobAttachments)
        .where(and(eq(jobAttachments.jobId, job.id), isNull(jobAttachments.enteredAt)))
        .orderBy(asc(jobAttachments.id))
        .all())
        items.push({
          kind: 'attachment',
          id: a.id,
          ...about,
          text: attachmentFileName(a.fileName, a.mimeType),
          by: '',
          at: a.createdAt,
        });
    }
    return items;
  }

  /**
   * "Done in Ascora": a person entered it in Ascora by hand. It stays here, marked entered with the
   * name in Settings and the time, and leaves the list; a job with nothing left to enter is the
   * same as in Ascora again (the queue decides, queue.ts).
   */
  function markEntered(kind: ToEnterKind, id: number): ToEnterItem[] {
    const entered = { at: isoNow(ctx.clock), by: noteAuthor(ctx.db) };
    const jobIdOf = ctx.db.transaction((tx) => {
      let found: { jobId: number } | undefined;
      if (kind === 'status')
        found = tx
          .update(j)
          .set({ localStatusEnteredAt: entered.at, localStatusEnteredBy: entered.by })
          .where(and(eq(j.id, id), isNotNull(j.localStatusText), isNull(j.localStatusEnteredAt)))
          .returning({ jobId: j.id })
          .get();
      else {
        const table = kind === 'note' ? jobNotes : jobAttachments;
        found = tx
          .update(table)
          .set({ enteredAt: entered.at, enteredBy: entered.by })
          .where(and(eq(table.id, id), isNull(table.enteredAt)))
          .returning({ jobId: table.jobId })
          .get();
      }
      if (!found)
        throw new AppError(
          'NOT_FOUND',
          `That ${kind} is no longer waiting to be entered in Ascora (it was changed, removed or marked done already). Refresh the list.`,
        );
      settleJobLocalWork(tx, found.jobId);
      return found.jobId;
    });
    ctx.logger.info('entered in Ascora by hand', { kind, id, jobId: jobIdOf });
    ctx.events.emit('record.changed', { entity: 'job', ids: [jobIdOf] });
    const integrationId = ctx.db.select({ i: j.integrationId }).from(j).where(eq(j.id, jobIdOf)).get()!.i;
    return toEnter(integrationId);
  }

  const handlers = {
    'sync.localOnly': ({ integrationId }) => list(integrationId),
    'sync.exportLocalOnly': ({ integrationId, open }) => exportTo(integrationId, open),
    'sync.toEnter': ({ integrationId }) => toEnter(integrationId),
    'sync.markEntered': ({ kind, id }) => markEntered(kind, id),
  } satisfies HandlerMap;
  return { list, exportTo, toEnter, markEntered, handlers };
}

/** `dir`, or `dir (2)`, `dir (3)`…: an export never writes into an earlier one. */
export function uniqueDir(dir: string): string {
  let candidate = dir;
  for (let n = 2; fs.existsSync(candidate) || fs.existsSync(`${candidate}.partial`); n++) candidate = `${dir} (${n})`;
  return candidate;
}

/** Two attachments both called photo.jpg become photo.jpg and photo (2).jpg. */
export function uniqueName(name: string, taken: Set<string>): string {
  const { name: stem, ext } = path.parse(name);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
