/**
 * Work on a job that is only on this computer and not yet entered in Ascora by hand: a status set
 * here, notes, attachments (Ascora's API takes none of them). One definition, read by the queue (a
 * job in Ascora holding some is local_only) and by the "To enter in Ascora" list and its counts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { ascoraJobs, jobAttachments, jobNotes } from './schema';

/** The job row's own id, named with its table (a bare "id" inside a subquery is the subquery's). */
export const JOB_ID = sql.raw('"ascora_jobs"."id"');

export const STATUS_TO_ENTER = sql`(${ascoraJobs.localStatusText} IS NOT NULL AND ${ascoraJobs.localStatusEnteredAt} IS NULL)`;
export const NOTES_TO_ENTER = sql`${jobNotes.jobId} = ${JOB_ID} AND ${jobNotes.enteredAt} IS NULL`;
export const ATTACHMENTS_TO_ENTER = sql`${jobAttachments.jobId} = ${JOB_ID} AND ${jobAttachments.enteredAt} IS NULL`;

/** True for a job row (in a query over ascora_jobs) holding anything still to enter in Ascora. */
export const HOLDS_WORK_TO_ENTER: SQL<boolean> = sql<boolean>`(${STATUS_TO_ENTER} OR EXISTS (SELECT 1 FROM ${jobNotes} WHERE ${NOTES_TO_ENTER}) OR EXISTS (SELECT 1 FROM ${jobAttachments} WHERE ${ATTACHMENTS_TO_ENTER}))`;
