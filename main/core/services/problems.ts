/**
 * The Sync centre's to-do list: every queued change that needs a person (refused by Ascora, or
 * sent with its answer lost), and every report two desktops made into two jobs in Ascora at the
 * same moment, named as the office names things (customer name, job number or report, payment
 * receipt and invoice number), with where to open it. Its length is the Dashboard's "need
 * attention" count: both are the outbox's failed and needs_check items and those reports.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { RecordRef, SyncProblem, UnsentChanges } from '../../../shared/domain';
import { formatMoney } from '../../../shared/format';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, outbox, payments, reports } from '../db/schema';
import type { Db } from '../db/types';
import type { HandlerMap } from '../ipc/types';
import { HAS_JOB_MARKER_SQL, JOB_MARKER_SQL, jobMarkerIn, reportIdOfMarker } from '../sync/mapping';

export const CHANGE_WORDS: Record<string, string> = {
  create_customer: 'New customer',
  update_customer: 'Customer change',
  create_job: 'New job',
  create_payment: 'Payment',
  customers: 'Customer from Ascora',
  jobs: 'Job from Ascora',
  invoices: 'Invoice from Ascora',
};

/** The record a queued change is about; null when it is no longer in the app. */
export function describeChange(db: Pick<Db, 'select'>, kind: string, recordId: number): RecordRef | null {
  const what = CHANGE_WORDS[kind] ?? kind;
  if (kind === 'create_customer' || kind === 'update_customer') {
    const c = db
      .select({ name: ascoraCustomers.customerName })
      .from(ascoraCustomers)
      .where(eq(ascoraCustomers.id, recordId))
      .get();
    return c ? { what, name: c.name || 'A customer with no name', open: { entity: 'customer', id: recordId } } : null;
  }
  if (kind === 'create_job') {
    const j = db
      .select({ number: ascoraJobs.jobNumber, name: ascoraJobs.jobName, client: reports.clientName })
      .from(ascoraJobs)
      .leftJoin(reports, eq(reports.reportId, ascoraJobs.reportId))
      .where(eq(ascoraJobs.id, recordId))
      .get();
    if (!j) return null;
    const name = j.number
      ? `Job ${j.number}, ${j.name}`
      : `“${j.name}”${j.client ? `, from the report for ${j.client}` : ''}`;
    return { what, name, open: { entity: 'job', id: recordId } };
  }
  if (kind === 'create_payment') {
    const p = db
      .select({
        receipt: payments.receiptNumber,
        amount: payments.amountCents,
        invoiceId: payments.invoiceId,
        invoice: ascoraInvoices.invoiceNumber,
      })
      .from(payments)
      .innerJoin(ascoraInvoices, eq(ascoraInvoices.id, payments.invoiceId))
      .where(eq(payments.id, recordId))
      .get();
    return p
      ? {
          what,
          name: `${p.receipt} of ${formatMoney(p.amount)} on invoice ${p.invoice}`,
          open: { entity: 'invoice', id: p.invoiceId },
        }
      : null;
  }
  return null;
}

/** A change whose record was taken back since. */
const goneRecord = (kind: string): RecordRef => ({
  what: CHANGE_WORDS[kind] ?? kind,
  name: 'No longer in the app',
  open: null,
});

/** Every outbox state whose change Ascora does not have (yet, or maybe: needs_check). */
const UNSENT_STATES = ['pending', 'sending', 'failed', 'needs_check'] as const;
/** How many a disconnect dialog names; the rest are counted. */
export const UNSENT_NAMED = 5;

/** What a wipe would lose: the count, and the first few named as the Sync centre names them. */
export function unsentChanges(db: Pick<Db, 'select'>, integrationId: number): UnsentChanges {
  const where = and(eq(outbox.integrationId, integrationId), inArray(outbox.state, [...UNSENT_STATES]));
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const first = db
    .select({ kind: outbox.kind, recordId: outbox.recordId })
    .from(outbox)
    .where(where)
    .orderBy(outbox.id)
    .limit(UNSENT_NAMED)
    .all()
    .map((item) => describeChange(db, item.kind, item.recordId) ?? goneRecord(item.kind));
  return { count: total, first };
}

/** A job in Ascora that counts: not cancelled there, not gone from it. */
const LIVE_JOB = `ascora_job_id IS NOT NULL AND remote_missing = 0 AND lower(coalesce(job_status_text, '')) <> 'cancelled'`;

interface DuplicateJob {
  id: number;
  jobNumber: string | null;
  jobName: string;
  reportId: string | null;
  seenAt: string;
  marker: string;
  siteCustomerId: string | null;
}

/**
 * Reports whose marker more than one live job in the mirror carries: two desktops made the report
 * into a job at the same moment, after each had looked and found none (no client can prevent it).
 * Both are in Ascora, so the mirror keeps both; a person cancels one in Ascora. Read from the
 * mirror as the pull left it, through the partial index jobs_report_marker_idx.
 */
export function duplicateJobs(ctx: CoreContext, integrationId: number): DuplicateJob[][] {
  const found = ctx.sqlite
    .prepare(
      `SELECT j.id, j.job_number AS jobNumber, j.job_name AS jobName, j.report_id AS reportId,
              COALESCE(j.pulled_at, j.updated_at) AS seenAt, m.marker,
              j.site_customer_id AS siteCustomerId
         FROM (SELECT ${JOB_MARKER_SQL} AS marker FROM ascora_jobs
                WHERE integration_id = @id AND ${HAS_JOB_MARKER_SQL} AND ${LIVE_JOB}
                GROUP BY marker HAVING count(*) > 1) m
         JOIN ascora_jobs j
           ON j.integration_id = @id AND ${HAS_JOB_MARKER_SQL} AND ${JOB_MARKER_SQL} = m.marker AND ${LIVE_JOB}
        ORDER BY m.marker, j.job_number, j.id`,
    )
    .all({ id: integrationId }) as DuplicateJob[];
  const byMarker = new Map<string, DuplicateJob[]>();
  for (const job of found) {
    // As push and pull read a marker (a stray "[RA:" is not one).
    if (jobMarkerIn(job.marker) !== job.marker) continue;
    byMarker.set(job.marker, [...(byMarker.get(job.marker) ?? []), job]);
  }
  return [...byMarker.values()];
}

const COUNT_WORDS = ['', 'one', 'two', 'three', 'four', 'five'];
const inWords = (jobs: DuplicateJob[]) => {
  const numbers = jobs.map((j) => j.jobNumber ?? 'with no number');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
};

function duplicateProblem(db: Pick<Db, 'select'>, jobs: DuplicateJob[]): SyncProblem {
  const report = db
    .select({ client: reports.clientName, address: reports.propertyAddress })
    .from(reports)
    .where(eq(reports.reportId, reportIdOfMarker(jobs[0]!.marker)))
    .get();
  const which = report
    ? `The report for ${report.client} (${report.address})`
    : `The report behind “${jobs[0]!.jobName}”`;
  // The report's own row here, else the first of them.
  const linked = jobs.find((j) => j.reportId !== null) ?? jobs[0]!;
  const customers = customerMadeTwice(db, jobs);
  return {
    what: 'Jobs made from one report',
    name: inWords(jobs),
    open: { entity: 'job', id: linked.id },
    outboxId: null,
    state: 'duplicate',
    reason:
      `${which} was made into ${COUNT_WORDS[jobs.length] ?? jobs.length} jobs in Ascora, ${inWords(jobs)}, ` +
      `by two desktops at the same time. Ascora's API cannot delete a job: cancel ${jobs.length > 2 ? 'all but one' : 'one'} of them in Ascora.` +
      customers,
    since: jobs
      .map((j) => j.seenAt)
      .sort()
      .at(-1)!,
    paymentId: null,
  };
}

/**
 * Each desktop made the report's job with a new customer typed in there, at the same moment: the
 * jobs name different Ascora customers with one email (or, with none, one name). Said with the
 * duplicate jobs, so a person merges the customers in Ascora too; customers picked on purpose
 * (other emails and names) are not called copies.
 */
function customerMadeTwice(db: Pick<Db, 'select'>, jobs: DuplicateJob[]): string {
  const ids = [...new Set(jobs.flatMap((j) => (j.siteCustomerId ? [j.siteCustomerId] : [])))];
  if (ids.length < 2) return '';
  const rows = db
    .select({
      id: ascoraCustomers.ascoraCustomerId,
      name: ascoraCustomers.customerName,
      email: ascoraCustomers.emailAddress,
    })
    .from(ascoraCustomers)
    .where(inArray(ascoraCustomers.ascoraCustomerId, ids))
    .all();
  const key = (r: (typeof rows)[number]) =>
    (r.email ?? '').trim().toLowerCase() || `name:${r.name.trim().toLowerCase()}`;
  if (rows.length < 2 || new Set(rows.map(key)).size !== 1) return '';
  const { name, email } = rows[0]!;
  return (
    ` Its customer was made twice too: ${name}${email ? ` (${email})` : ''} is ${rows.length} customers in Ascora, ` +
    `${rows.map((r) => r.id).join(' and ')}: keep one job's customer and merge the other into it in Ascora.`
  );
}

/**
 * Two desktops made one report into a job with a new customer at the same moment: the job was
 * made once (the second desktop took the first's by the report's marker), but each customer
 * create had already gone, so the job here names the other desktop's customer while the customer
 * typed in here is a second copy of it in Ascora (one email, or with none one name). Nothing on
 * our side can undo it (Ascora's API cannot merge or delete customers): a person merges them.
 */
function customersMadeTwice(ctx: CoreContext, integrationId: number): SyncProblem[] {
  const found = ctx.sqlite
    .prepare(
      `SELECT j.id AS jobId, j.job_number AS jobNumber, COALESCE(j.pulled_at, j.updated_at) AS since,
              mine.customer_name AS name, mine.email_address AS email,
              mine.ascora_customer_id AS mineId, theirs.ascora_customer_id AS theirsId
         FROM ascora_jobs j
         JOIN ascora_customers mine ON mine.id = j.site_customer_local_id
         JOIN ascora_customers theirs
           ON theirs.integration_id = j.integration_id AND theirs.ascora_customer_id = j.site_customer_id
        WHERE j.integration_id = @id AND j.report_id IS NOT NULL AND j.ascora_job_id IS NOT NULL
          AND mine.ascora_customer_id IS NOT NULL AND mine.ascora_customer_id <> j.site_customer_id
          AND mine.remote_missing = 0 AND theirs.remote_missing = 0
          AND (CASE WHEN trim(COALESCE(mine.email_address, '')) <> ''
                    THEN lower(trim(mine.email_address)) = lower(trim(COALESCE(theirs.email_address, '')))
                    ELSE trim(COALESCE(theirs.email_address, '')) = ''
                         AND lower(trim(mine.customer_name)) = lower(trim(theirs.customer_name)) END)
        ORDER BY j.id`,
    )
    .all({ id: integrationId }) as {
    jobId: number;
    jobNumber: string | null;
    since: string;
    name: string;
    email: string | null;
    mineId: string;
    theirsId: string;
  }[];
  return found.map((row) => ({
    what: 'Customer made twice',
    name: row.name,
    open: { entity: 'job', id: row.jobId },
    outboxId: null,
    state: 'duplicate',
    reason:
      `${row.name}${row.email ? ` (${row.email})` : ''} was made twice in Ascora, as ${row.mineId} here and as ${row.theirsId} ` +
      `by another desktop at the same moment, for the same report (job ${row.jobNumber ?? 'with no number'}, which names ${row.theirsId}). ` +
      `Merge the two customers in Ascora.`,
    since: row.since,
    paymentId: null,
  }));
}

/**
 * A customer this desktop created that Ascora also holds a second time: the same email and name
 * under another Ascora id. Two desktops that sent the same new customer at the same moment, with
 * both answers lost, each find one copy when they look it up and adopt it; the other copy stays in
 * Ascora, ours to own up to. Pairs the report's job already names (customersMadeTwice) are left
 * to that problem.
 */
function ownCustomersHeldTwice(ctx: CoreContext, integrationId: number): SyncProblem[] {
  const found = ctx.sqlite
    .prepare(
      `SELECT mine.id AS customerId, mine.customer_name AS name, mine.email_address AS email,
              mine.ascora_customer_id AS mineId, theirs.ascora_customer_id AS theirsId, o.updated_at AS since
         FROM outbox o
         JOIN ascora_customers mine ON mine.id = o.record_id
         JOIN ascora_customers theirs
           ON theirs.integration_id = mine.integration_id AND theirs.email_address = mine.email_address
        WHERE o.integration_id = @id AND o.kind = 'create_customer' AND o.state = 'done'
          AND trim(COALESCE(mine.email_address, '')) <> ''
          AND mine.ascora_customer_id IS NOT NULL AND theirs.ascora_customer_id IS NOT NULL
          AND theirs.ascora_customer_id <> mine.ascora_customer_id
          AND lower(trim(mine.customer_name)) = lower(trim(theirs.customer_name))
          AND mine.remote_missing = 0 AND theirs.remote_missing = 0
          AND NOT EXISTS (SELECT 1 FROM ascora_jobs j
                           WHERE j.site_customer_local_id = mine.id AND j.site_customer_id = theirs.ascora_customer_id)
        ORDER BY mine.id, theirs.ascora_customer_id`,
    )
    .all({ id: integrationId }) as {
    customerId: number;
    name: string;
    email: string;
    mineId: string;
    theirsId: string;
    since: string;
  }[];
  // Both copies made here (the same desktop, two sends): one problem for the pair.
  const seen = new Set<string>();
  const problems: SyncProblem[] = [];
  for (const row of found) {
    const pair = [row.mineId, row.theirsId].sort().join(' ');
    if (seen.has(pair)) continue;
    seen.add(pair);
    problems.push({
      what: 'Customer made twice',
      name: row.name,
      open: { entity: 'customer', id: row.customerId },
      outboxId: null,
      state: 'duplicate',
      reason:
        `${row.name} (${row.email}) was made twice in Ascora, as ${row.mineId} here and as ${row.theirsId}: ` +
        `two desktops sent this new customer at the same moment. Merge the two customers in Ascora.`,
      since: row.since,
      paymentId: null,
    });
  }
  return problems;
}

export function createProblemService(ctx: CoreContext) {
  function list(integrationId: number): SyncProblem[] {
    const items = ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.integrationId, integrationId), inArray(outbox.state, ['failed', 'needs_check'])))
      .orderBy(outbox.id)
      .all();
    const changes: SyncProblem[] = items.map((item) => {
      const ref = describeChange(ctx.db, item.kind, item.recordId) ?? goneRecord(item.kind);
      return {
        ...ref,
        outboxId: item.id,
        state: item.state === 'failed' ? 'refused' : 'check',
        reason: item.lastError,
        since: item.updatedAt,
        paymentId: item.kind === 'create_payment' ? item.recordId : null,
      };
    });
    return [
      ...changes,
      ...duplicateJobs(ctx, integrationId).map((jobs) => duplicateProblem(ctx.db, jobs)),
      ...customersMadeTwice(ctx, integrationId),
      ...ownCustomersHeldTwice(ctx, integrationId),
    ];
  }
  const handlers = {
    'sync.problems': ({ integrationId }) => list(integrationId),
    'sync.unsent': ({ integrationId }) => unsentChanges(ctx.db, integrationId),
  } satisfies HandlerMap;
  return { list, handlers };
}
