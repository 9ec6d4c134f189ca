/**
 * Pull (design.md rule 5, ascora-api.md section 4). A full pass pages through each list, compares
 * content hashes and writes only what changed, one transaction per page with its checkpoint. A full
 * pass that completes in one go, and saw as many unique ids as Ascora counted, looks up each row it
 * did not see; Ascora's "not found" makes it remote_missing in that run. Nothing is ever hard-deleted.
 * An incremental run reads only what the API lets it find cheaply: jobs in a recent created-date
 * window, and the customers those jobs name that the mirror lacks. It never counts deletions.
 * Pages are fetched ahead while the one before is written (pipelinePages).
 */
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { SyncEntity, SyncRunKind } from '../../../shared/domain';
import { addCalendarDays, dayIn } from '../../../shared/time';
import { AscoraError } from '../ascora/errors';
import type { AdaptiveLimiter } from '../ascora/limiter';
import type {
  AscoraClient,
  AscoraCustomer,
  AscoraJob,
  InvalidRecord,
  ListPage,
  RetryListener,
  ValidRecord,
} from '../ascora/types';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs, outbox, syncCheckpoints } from '../db/schema';
import { createRowWriter } from '../db/row-writer';
import type { Db } from '../db/types';
import { contentHash } from './canonical';
import { writeSyncLog } from './log';
import { applySavedCustomer, mergeRemoteCustomer } from './customer-merge';
import {
  customerColumns,
  customerWriteBody,
  invoiceColumns,
  isCustomerSent,
  mayBeCustomerSent,
  jobColumns,
  jobMarkerIn,
  parseSentCustomerMarker,
  reportIdOfMarker,
} from './mapping';
import { openItem, settleJobCreated } from './queue';

/**
 * PageSize of every list pull, in the app (app.ts) and the benchmark: the largest Ascora is known to
 * answer. ascora-api.md section 1: the default is 250 and the maximum is [unknown]; 1000 works
 * [observed]. The simulator caps pages at 1000 too. Fewer, larger pages mean fewer round trips.
 */
export const PULL_PAGE_SIZE = 1000;

/** Pages in flight for a pull: ascora-api.md section 1 says start at 4; pages of 1000 are heavy, so 4 is also the cap. */
export const PULL_CONCURRENCY = { initial: 4, max: 4 } as const;
/** The most pages one pull keeps in flight (the bench's network floor copies it). */
export const PULL_MAX_IN_FLIGHT = PULL_CONCURRENCY.max;

/**
 * An incremental run's created-date window reaches back this far (ascora-api.md section 4: the
 * last 14 days), or to the day before the last full pass if that is older.
 */
export const RECENT_DAYS = 14;
/** Customers that new jobs name and the mirror lacks, fetched one by one per incremental run: at most this many. */
const NAMED_CUSTOMERS_PER_RUN = 50;

export interface PullOptions {
  ctx: CoreContext;
  client: AscoraClient;
  integrationId: number;
  runId: string;
  pageSize: number;
  /** The pull's own requests in flight (not the push's: a page of 1000 weighs more than a write). */
  limiter: AdaptiveLimiter;
  kind: SyncRunKind;
  /** The office's time zone: its days are the days of the created-date windows. */
  timeZone: string;
  /** Ascora's clock (sync/ascora-clock.ts): its "today" is what the windows are asked about. */
  ascoraNow(): number;
  signal?: AbortSignal;
  onProgress?: (entity: SyncEntity, done: number, total: number | null) => void;
}

export interface PullResult {
  processed: number;
  written: number;
  invalid: number;
  conflicts: number;
  /** The pass completed in this run and counted towards marking remote deletions. */
  countedPass: boolean;
  /** Rows this run's look-ups found Ascora no longer has. */
  nowMissing?: number;
}

/**
 * A row a counted pass did not see is looked up directly in that run (ascora-api.md section 4): only
 * Ascora's "not found" for it makes it remote_missing, so one full check finds a deletion (waiting
 * for a second pass, nightly, left a deleted job "In Ascora" for up to two days).
 */
const MISSING_AFTER_PASSES = 1;
/**
 * Direct look-ups per pass and list at most: a mass deletion in Ascora is confirmed over a few
 * passes rather than thousands of requests in one; the rows not looked up yet are not shown as missing.
 */
const MISSING_LOOKUPS_PER_PASS = 200;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface PagedSpec<W> {
  entity: 'customers' | 'jobs';
  fetch(page: number, signal: AbortSignal, onRetry: RetryListener): Promise<ListPage<W>>;
  idOf(record: W): string;
  /** Writes changed rows of one page; returns [written, conflicts]. */
  apply(tx: Tx, records: ValidRecord<W>[]): [number, number];
  /** Counts a pass against the rows it did not see; returns those due a direct look-up. */
  markMissing(tx: Tx, seen: Set<string>): MissingCandidate[];
  /** The record read by itself (a customer by id, a job by number); null: Ascora has none. */
  lookUp(
    candidate: MissingCandidate,
    signal: AbortSignal | undefined,
    onRetry: RetryListener,
  ): Promise<ValidRecord<W> | null>;
  table: typeof ascoraJobs | typeof ascoraCustomers;
}

/** A row unseen by enough counted passes to be looked up by itself before it is said to be missing. */
interface MissingCandidate {
  id: number;
  ascoraId: string;
  /** What Ascora looks the record up by: the customer's id, or the job's number. */
  key: string | null;
}

const emptyResult = (): PullResult => ({ processed: 0, written: 0, invalid: 0, conflicts: 0, countedPass: false });

export function pullCustomers(o: PullOptions): Promise<PullResult> {
  const statements = customerStatements(o);
  if (o.kind === 'incremental') return pullNamedCustomers(o, statements);
  return pullPaged(o, {
    entity: 'customers',
    fetch: (page, signal, onRetry) => o.client.listCustomers({ page, pageSize: o.pageSize }, signal, onRetry),
    idOf: (c) => c.customerId,
    apply: (tx, records) => applyCustomers(o, tx, records, statements),
    markMissing: (tx, seen) =>
      markMissing(
        tx,
        ascoraCustomers,
        ascoraCustomers.ascoraCustomerId,
        ascoraCustomers.ascoraCustomerId,
        o.integrationId,
        seen,
      ),
    lookUp: (c, signal, onRetry) => (c.key ? o.client.getCustomer(c.key, signal, onRetry) : Promise.resolve(null)),
    table: ascoraCustomers,
  });
}

export function pullJobs(o: PullOptions): Promise<PullResult> {
  const statements = jobStatements(o);
  const spec: PagedSpec<AscoraJob> = {
    entity: 'jobs',
    fetch: (page, signal, onRetry) => o.client.listJobs({ page, pageSize: o.pageSize }, signal, onRetry),
    idOf: (j) => j.jobId,
    apply: (tx, records) => [applyJobs(o, tx, records, statements), 0],
    markMissing: (tx, seen) =>
      markMissing(tx, ascoraJobs, ascoraJobs.ascoraJobId, ascoraJobs.jobNumber, o.integrationId, seen),
    // By number (the API has no job by id); a number that now names another job is not this one.
    lookUp: async (c, signal, onRetry) => {
      const found = c.key ? await o.client.getJob(c.key, signal, onRetry) : null;
      return found && found.value.jobId === c.ascoraId ? found : null;
    },
    table: ascoraJobs,
  };
  if (o.kind === 'incremental') {
    const { startDate, endDate } = recentWindow(o);
    return pullWindow(o, {
      ...spec,
      fetch: (page, signal, onRetry) =>
        o.client.listJobs({ page, pageSize: o.pageSize, startDate, endDate }, signal, onRetry),
    });
  }
  return pullPaged(o, spec);
}

async function pullPaged<W>(o: PullOptions, spec: PagedSpec<W>): Promise<PullResult> {
  const { ctx, integrationId } = o;
  const checkpoint = readCheckpoint(ctx.db, integrationId, spec.entity);
  // Deletions are judged only from a pass this process saw from its first page to its last.
  const wholePassHere = checkpoint.nextPage === 1;
  const seen = new Set<string>();
  const result = emptyResult();
  let totalRecords: number | null = checkpoint.totalRecords;
  let passStartedAt = checkpoint.passStartedAt;

  const source = {
    fetch: spec.fetch,
    firstPage: checkpoint.nextPage,
    knownPages: wholePassHere ? null : checkpoint.totalPages,
  };
  await pipelinePages(o, source, async (page, answer) => {
    totalRecords = answer.totalRecords;
    if (page === 1) passStartedAt = isoNow(ctx.clock);
    await takePage(o, spec, answer, seen, result, (tx) =>
      // The checkpoint moves with its page's data, and pages are written in order: next_page n
      // means every page before n is in the mirror.
      tx
        .update(syncCheckpoints)
        .set({
          nextPage: page + 1,
          totalPages: answer.totalPages,
          totalRecords: answer.totalRecords,
          passStartedAt,
          updatedAt: isoNow(ctx.clock),
        })
        .where(and(eq(syncCheckpoints.integrationId, integrationId), eq(syncCheckpoints.entity, spec.entity)))
        .run(),
    );
  });

  let candidates: MissingCandidate[] = [];
  ctx.db.transaction((tx) => {
    result.countedPass = wholePassHere && totalRecords !== null && seen.size === totalRecords;
    if (result.countedPass) candidates = spec.markMissing(tx, seen);
    // last_completed_pass_at is the last full pass: an incremental run never completes a checkpoint.
    tx.update(syncCheckpoints)
      .set({
        pass: checkpoint.pass + 1,
        nextPage: 1,
        lastCompletedPassAt: isoNow(ctx.clock),
        updatedAt: isoNow(ctx.clock),
      })
      .where(and(eq(syncCheckpoints.integrationId, integrationId), eq(syncCheckpoints.entity, spec.entity)))
      .run();
  });
  await confirmMissing(o, spec, candidates, result);
  return result;
}

/**
 * A full pass over offset pages can miss a record that moved between pages while Ascora's data
 * changed (another user's delete on a page already read shifts the next page's first record onto
 * it, and the count still matches). So a row is said to be missing only after Ascora, asked for it
 * by itself, answers that it has none; one it still has was a paging miss and is written as read.
 * A look-up that fails (network) leaves the row as it was: the next counted pass asks again.
 */
async function confirmMissing<W>(
  o: PullOptions,
  spec: PagedSpec<W>,
  candidates: MissingCandidate[],
  result: PullResult,
): Promise<void> {
  const onRetry: RetryListener = (error) => o.limiter.slowDown(error);
  const answers = await Promise.all(
    candidates.slice(0, MISSING_LOOKUPS_PER_PASS).map((candidate) =>
      o.limiter.run(async () => {
        try {
          return { candidate, found: await spec.lookUp(candidate, o.signal, onRetry), failed: false };
        } catch (error) {
          if (o.signal?.aborted) throw error;
          return { candidate, found: null, failed: true };
        }
      }, o.signal),
    ),
  );
  const now = isoNow(o.ctx.clock);
  o.ctx.db.transaction((tx) => {
    for (const { candidate, found, failed } of answers) {
      if (failed) continue;
      if (found) {
        const [written, conflicts] = spec.apply(tx, [found]);
        result.written += written;
        result.conflicts += conflicts;
      }
      tx.update(spec.table)
        .set(
          found
            ? { missingPasses: 0, remoteMissing: false, keptLocally: false }
            : { remoteMissing: true, updatedAt: now },
        )
        .where(eq(spec.table.id, candidate.id))
        .run();
      if (!found) result.nowMissing = (result.nowMissing ?? 0) + 1;
    }
  });
}

/**
 * An incremental run's pages of a filtered list: written as a full pass writes them, but with no
 * checkpoint (a window is cheap to read again, and a full pass in progress keeps its resume point)
 * and no deletions (a record outside the window is not missing).
 */
async function pullWindow<W>(o: PullOptions, spec: PagedSpec<W>): Promise<PullResult> {
  const seen = new Set<string>();
  const result = emptyResult();
  await pipelinePages(o, { fetch: spec.fetch, firstPage: 1, knownPages: null }, (_page, answer) =>
    takePage(o, spec, answer, seen, result),
  );
  return result;
}

/**
 * Records per write transaction. A page of 1,000 written at once held the core's thread for about
 * 200 ms, and a Jobs list asked for meanwhile waited behind it; in chunks, with a turn of the
 * event loop between them, a question waits for one chunk at most (bench case 9b).
 */
const WRITE_CHUNK = 200;

/**
 * One page into the mirror, in chunks; whatever `alsoInTx` writes (a checkpoint) goes in the last
 * chunk's transaction, so it still moves only once the whole page is written. A crash between
 * chunks leaves the checkpoint before the page: it is read again, and the chunks already written
 * are skipped by their content hashes.
 */
async function takePage<W>(
  o: PullOptions,
  spec: PagedSpec<W>,
  answer: ListPage<W>,
  seen: Set<string>,
  result: PullResult,
  alsoInTx?: (tx: Tx) => void,
): Promise<void> {
  const { fresh, twice } = dropRepeats(answer.records, spec.idOf, seen);
  const invalid = [...answer.invalid, ...twice];
  for (let start = 0; start === 0 || start < fresh.length; start += WRITE_CHUNK) {
    if (start > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (o.signal?.aborted) throw o.signal.reason;
    }
    const last = start + WRITE_CHUNK >= fresh.length;
    o.ctx.db.transaction((tx) => {
      const [written, conflictCount] = spec.apply(tx, fresh.slice(start, start + WRITE_CHUNK));
      result.written += written;
      result.conflicts += conflictCount;
      if (start === 0) logInvalid(tx, o, spec.entity, invalid);
      if (last) alsoInTx?.(tx);
    });
  }
  for (const r of fresh) seen.add(spec.idOf(r.value));
  for (const bad of invalid) if (bad.id) seen.add(bad.id);
  result.processed += fresh.length;
  result.invalid += invalid.length;
  o.onProgress?.(spec.entity, result.processed + result.invalid, answer.totalRecords);
}

interface PageSource<W> {
  fetch(page: number, signal: AbortSignal, onRetry: RetryListener): Promise<ListPage<W>>;
  firstPage: number;
  /** Pages the list had when last read (a resumed pass), or null: then the first page goes alone. */
  knownPages: number | null;
}

/**
 * Fetches pages ahead while the one before is written (a pipeline), through the pull's adaptive
 * limiter: at most limiter.current() pages are in flight or waiting to be written, so one slow page
 * cannot let the rest pile up in memory. Pages are handed to `write` strictly in page order,
 * whatever order they arrive in, so a checkpoint written with page n means every page before it is
 * written, and dropRepeats sees pages in Ascora's order. Stops after a page that is empty or the
 * last by its own totalPages (as the sequential loop did). A failed page, the run's signal, or the
 * end cancels every page fetched ahead; nothing is written after a failure or an abort.
 */
async function pipelinePages<W>(
  o: PullOptions,
  source: PageSource<W>,
  write: (page: number, answer: ListPage<W>) => Promise<void>,
): Promise<void> {
  const ahead = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, ahead.signal]) : ahead.signal;
  const onRetry: RetryListener = (error) => o.limiter.slowDown(error);
  const fetched = new Map<number, Promise<ListPage<W>>>();
  // Until an answer names the last page, only the first page is asked for (no empty pages fetched
  // ahead of a short list); after that, the largest any answer named (a list that grew mid-pass).
  let lastPage = source.knownPages;
  let launched = source.firstPage;
  const fillWindow = (page: number) => {
    while (
      !signal.aborted &&
      launched < page + o.limiter.current() &&
      (launched === page || (lastPage !== null && launched <= lastPage))
    ) {
      const p = launched++;
      const answer = o.limiter
        .run(() => source.fetch(p, signal, onRetry), signal)
        .then((a) => {
          lastPage = Math.max(lastPage ?? 0, a.totalPages);
          return a;
        });
      // Awaited in order below; one fetched past a failure is never awaited, and must not be "unhandled".
      answer.catch(() => undefined);
      fetched.set(p, answer);
    }
  };
  try {
    for (let page = source.firstPage; ; page++) {
      fillWindow(page);
      const answer = await fetched.get(page)!;
      fetched.delete(page);
      fillWindow(page);
      // One turn of the event loop, so the pages just asked for leave before this page's
      // synchronous write holds the thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (o.signal?.aborted) throw o.signal.reason;
      await write(page, answer);
      if (answer.records.length + answer.invalid.length === 0 || page >= answer.totalPages) return;
    }
  } finally {
    ahead.abort(new AscoraError('retryable', 'The pull stopped; pages fetched ahead were cancelled.'));
    await Promise.allSettled(fetched.values());
  }
}

/**
 * Ascora's order is unknown, so ids are de-duplicated (ascora-api.md section 1). A record already
 * taken earlier in this pass (pages shifted under it) is dropped quietly; a second copy of an id
 * within one answer is bad data: isolated and logged, the first copy kept, so the row does not
 * flip between two versions on every sync.
 */
function dropRepeats<W>(records: ValidRecord<W>[], idOf: (record: W) => string, takenThisPass: Set<string>) {
  const inThisAnswer = new Set<string>();
  const fresh: ValidRecord<W>[] = [];
  const twice: InvalidRecord[] = [];
  records.forEach((record, index) => {
    const id = idOf(record.value);
    if (inThisAnswer.has(id))
      twice.push({ index, id, problems: ['Ascora sent this id twice in one answer; the first copy was kept.'] });
    else if (!takenThisPass.has(id)) fresh.push(record);
    inThisAnswer.add(id);
  });
  return { fresh, twice };
}

function readCheckpoint(db: Db, integrationId: number, entity: SyncEntity) {
  const where = and(eq(syncCheckpoints.integrationId, integrationId), eq(syncCheckpoints.entity, entity));
  const found = db.select().from(syncCheckpoints).where(where).get();
  if (found) return found;
  db.insert(syncCheckpoints).values({ integrationId, entity }).run();
  return db.select().from(syncCheckpoints).where(where).get()!;
}

function logInvalid(tx: Tx, o: PullOptions, entity: string, invalid: InvalidRecord[]): void {
  for (const bad of invalid) {
    writeSyncLog(tx, {
      integrationId: o.integrationId,
      runId: o.runId,
      kind: 'item',
      direction: 'pull',
      entity,
      recordRef: bad.id,
      status: 'skipped',
      message: 'Ascora sent a record this app cannot read; it was skipped and the rest of the sync went on.',
      error: bad.problems.join('; ').slice(0, 2000),
    });
  }
}

function markMissing(
  tx: Tx,
  table: typeof ascoraJobs | typeof ascoraCustomers,
  idColumn: typeof ascoraJobs.ascoraJobId | typeof ascoraCustomers.ascoraCustomerId,
  keyColumn: typeof ascoraJobs.jobNumber | typeof ascoraCustomers.ascoraCustomerId,
  integrationId: number,
  seen: Set<string>,
): MissingCandidate[] {
  // As arrays, not mapped objects: this reads every row of the table (bench case 1).
  const rows = tx
    .select({
      id: table.id,
      ascoraId: idColumn,
      missingPasses: table.missingPasses,
      remoteMissing: table.remoteMissing,
      key: keyColumn,
    })
    .from(table)
    .where(and(eq(table.integrationId, integrationId), isNotNull(idColumn)))
    .values() as [number, string, number, 0 | 1, string | null][];
  const candidates: MissingCandidate[] = [];
  for (const [id, ascoraId, passes, remoteMissing, key] of rows) {
    const present = seen.has(ascoraId);
    if (present && passes === 0) continue;
    const missingPasses = present ? 0 : passes + 1;
    // Confirmed once by a look-up, it stays missing; only a pass that sees it again clears that.
    if (!present && !remoteMissing && missingPasses >= MISSING_AFTER_PASSES) candidates.push({ id, ascoraId, key });
    tx.update(table)
      .set(present ? { missingPasses, remoteMissing: false, keptLocally: false } : { missingPasses })
      .where(eq(table.id, id))
      .run();
  }
  return candidates;
}

// ---- jobs -----------------------------------------------------------------------------------

/**
 * The per-row look-up and writes of a pull, prepared once per pull and reused for every row:
 * building and preparing the SQL for each row cost more than the writes (bench case 1).
 */
function jobStatements(o: PullOptions) {
  return {
    find: o.ctx.sqlite.prepare<
      [number, string],
      { id: number; contentHash: string | null; localStatusText: string | null; remoteMissing: 0 | 1 }
    >(
      'SELECT id, content_hash AS contentHash, local_status_text AS localStatusText, remote_missing AS remoteMissing FROM ascora_jobs WHERE integration_id = ? AND ascora_job_id = ?',
    ),
    rows: createRowWriter(o.ctx.sqlite, ascoraJobs),
  };
}

function applyJobs(
  o: PullOptions,
  tx: Tx,
  records: ValidRecord<AscoraJob>[],
  statements: ReturnType<typeof jobStatements>,
): number {
  let written = 0;
  const now = isoNow(o.ctx.clock);
  for (const { value, raw } of records) {
    const hash = contentHash(raw);
    const existing = statements.find.get(o.integrationId, value.jobId);
    if (existing && existing.contentHash === hash && !existing.remoteMissing) continue;
    const columns = {
      ...jobColumns(value),
      rawJson: JSON.stringify(raw),
      contentHash: hash,
      pulledAt: now,
      updatedAt: now,
      missingPasses: 0,
      remoteMissing: false,
      keptLocally: false,
    };
    if (existing) {
      // Ascora's fields only: the row's sync state (synced or local_only) is the queue's (queue.ts).
      statements.rows.update(existing.id, columns);
    } else if (!adoptCreatedJob(o, tx, value.jobDescription, columns)) {
      // createdAt on the app's clock: the Today screen tells the jobs a run added from those it changed.
      statements.rows.insert({ ...columns, integrationId: o.integrationId, baseJson: columns.rawJson, createdAt: now });
    }
    written++;
  }
  return written;
}

/**
 * A job made from a report here whose create's answer never arrived (a crash, a dropped
 * connection), or made by another desktop from the same report, shows up in the pull: its marker
 * (anywhere in the description: another user may have added lines) ties it to the report's row
 * here, still waiting for its create, which takes its Ascora id instead of a duplicate.
 */
function adoptCreatedJob(
  o: PullOptions,
  tx: Tx,
  description: string,
  columns: ReturnType<typeof jobColumns> & Record<string, unknown>,
): boolean {
  const marker = jobMarkerIn(description);
  if (!marker) return false;
  const reportId = reportIdOfMarker(marker);
  const local = tx
    .select({ id: ascoraJobs.id })
    .from(ascoraJobs)
    .where(
      and(
        eq(ascoraJobs.integrationId, o.integrationId),
        eq(ascoraJobs.reportId, reportId),
        isNull(ascoraJobs.ascoraJobId),
      ),
    )
    .get();
  if (!local) return false;
  tx.update(ascoraJobs)
    .set({ ...columns, baseJson: columns.rawJson as string })
    .where(eq(ascoraJobs.id, local.id))
    .run();
  // Its create is settled, whether it is waiting, in flight or was refused on a lost answer.
  const item = openItem(tx, ['create_job'], local.id, ['pending', 'failed', 'needs_check']);
  if (item) settleJobCreated(tx, item.id, local.id, columns.updatedAt as string);
  return true;
}

/**
 * The created-date window of an incremental run (ascora-api.md section 4): the last RECENT_DAYS days,
 * or back to the day before the last full pass of jobs if that is older (a computer off for weeks),
 * so every job created since that pass is in it. The office's days (Settings' time zone) on Ascora's
 * clock, which stamps the created dates (this computer's may be days off), a day of overlap each end:
 * StartDate/EndDate's zone and whether they are inclusive are [unknown].
 */
export function recentWindow(o: Pick<PullOptions, 'ctx' | 'integrationId' | 'timeZone' | 'ascoraNow'>): {
  startDate: string;
  endDate: string;
} {
  const zone = o.timeZone;
  const ascoraNow = o.ascoraNow();
  const today = dayIn(zone, ascoraNow);
  // The pass was timed by this computer's clock: moved onto Ascora's.
  const ascoraAhead = ascoraNow - o.ctx.clock.now();
  const lastFull = o.ctx.db
    .select({ at: syncCheckpoints.lastCompletedPassAt })
    .from(syncCheckpoints)
    .where(and(eq(syncCheckpoints.integrationId, o.integrationId), eq(syncCheckpoints.entity, 'jobs')))
    .get()?.at;
  const recent = addCalendarDays(today, -RECENT_DAYS);
  const beforeLastFull = lastFull ? addCalendarDays(dayIn(zone, Date.parse(lastFull) + ascoraAhead), -1) : recent;
  // YYYY-MM-DD strings sort as the days do.
  const since = beforeLastFull < recent ? beforeLastFull : recent;
  return { startDate: addCalendarDays(since, -1), endDate: addCalendarDays(today, 1) };
}

// ---- customers ------------------------------------------------------------------------------

function customerStatements(o: PullOptions) {
  return {
    find: o.ctx.db
      .select()
      .from(ascoraCustomers)
      .where(
        and(
          eq(ascoraCustomers.integrationId, sql.placeholder('integrationId')),
          eq(ascoraCustomers.ascoraCustomerId, sql.placeholder('ascoraId')),
        ),
      )
      .prepare(),
    rows: createRowWriter(o.ctx.sqlite, ascoraCustomers),
    /** Local customers whose create was sent but never answered (see adoptCreatedCustomer). */
    waiting: o.ctx.db
      .select({ item: outbox, row: ascoraCustomers })
      .from(outbox)
      .innerJoin(ascoraCustomers, eq(ascoraCustomers.id, outbox.recordId))
      .where(
        and(
          eq(outbox.integrationId, sql.placeholder('integrationId')),
          eq(outbox.kind, 'create_customer'),
          inArray(outbox.state, ['pending', 'needs_check']),
          eq(outbox.outcomeUnknown, true),
          isNull(ascoraCustomers.ascoraCustomerId),
        ),
      )
      .prepare(),
  };
}

function applyCustomers(
  o: PullOptions,
  tx: Tx,
  records: ValidRecord<AscoraCustomer>[],
  statements: ReturnType<typeof customerStatements>,
): [number, number] {
  let written = 0;
  let conflictCount = 0;
  const now = isoNow(o.ctx.clock);
  for (const { value, raw } of records) {
    const hash = contentHash(raw);
    const existing = statements.find.get({ integrationId: o.integrationId, ascoraId: value.customerId });
    if (existing && existing.contentHash === hash && !existing.remoteMissing) continue;
    const theirs = customerColumns(value);
    const rawJson = JSON.stringify(raw);
    const bookkeeping = {
      rawJson,
      contentHash: hash,
      pulledAt: now,
      updatedAt: now,
      missingPasses: 0,
      remoteMissing: false,
      keptLocally: false,
    };
    written++;
    if (!existing) {
      if (!adoptCreatedCustomer(o, tx, value, raw, now, statements.waiting)) {
        statements.rows.insert({ ...theirs, ...bookkeeping, integrationId: o.integrationId, baseJson: rawJson });
      }
      continue;
    }
    if (existing.syncState === 'synced') {
      statements.rows.update(existing.id, { ...theirs, ...bookkeeping, baseJson: rawJson, lastError: null });
      continue;
    }
    // A local edit waits to be pushed, or was refused and waits for a person (failed): merge field
    // by field against the version it was made on, so the edit is neither lost nor marked synced.
    if (mergeRemoteCustomer(tx, existing, value, raw, now).length > 0) conflictCount++;
  }
  return [written, conflictCount];
}

/**
 * An incremental run's customers: Ascora's customer list has no date filter and no documented order,
 * so new customers cannot be found without reading it all. What can be found cheaply: the customers
 * that jobs in the recent window name and the mirror lacks (a job another user made for a new
 * customer), each read by its id. Edits to known customers, and customers no recent job names, wait
 * for the full pass.
 */
async function pullNamedCustomers(
  o: PullOptions,
  statements: ReturnType<typeof customerStatements>,
): Promise<PullResult> {
  const since = recentWindow(o).startDate;
  const ids = (
    o.ctx.sqlite
      .prepare(
        `SELECT DISTINCT named FROM (
           SELECT site_customer_id AS named FROM ascora_jobs WHERE integration_id = @id AND date_created >= @since
           UNION SELECT billing_customer_id FROM ascora_jobs WHERE integration_id = @id AND date_created >= @since)
         WHERE named IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ascora_customers c WHERE c.integration_id = @id AND c.ascora_customer_id = named)
         LIMIT @limit`,
      )
      .all({ id: o.integrationId, since, limit: NAMED_CUSTOMERS_PER_RUN }) as { named: string }[]
  ).map((r) => r.named);
  const result = emptyResult();
  if (ids.length === 0) {
    // Still a step of the run, done: progress shows every entity of it.
    o.onProgress?.('customers', 0, 0);
    return result;
  }
  const onRetry: RetryListener = (error) => o.limiter.slowDown(error);
  const invalid: InvalidRecord[] = [];
  const found = await Promise.all(
    ids.map((id) =>
      o.limiter.run(async () => {
        try {
          return await o.client.getCustomer(id, o.signal, onRetry);
        } catch (error) {
          if (!(error instanceof AscoraError) || error.kind !== 'rejected') throw error;
          invalid.push({ index: 0, id, problems: [error.message] });
          return null;
        }
      }, o.signal),
    ),
  );
  // Gone from Ascora since the job was made: nothing to take, the full pass settles it.
  const records = found.filter((r): r is ValidRecord<AscoraCustomer> => r !== null);
  o.ctx.db.transaction((tx) => {
    [result.written, result.conflicts] = applyCustomers(o, tx, records, statements);
    logInvalid(tx, o, 'customers', invalid);
  });
  result.processed = records.length;
  result.invalid = invalid.length;
  o.onProgress?.('customers', records.length + invalid.length, ids.length);
  return result;
}

/**
 * A customer this app created whose answer never arrived shows up in the pull before the push
 * could look it up: the local row waiting for that create takes its Ascora id. A second row for
 * it would be a duplicate in the list, and would make the later lookup fail on the unique id.
 * One that may be it, changed since by another user (mayBeCustomerSent), is held: not added while
 * that create waits or is held for a person, who links it or says it is not ours (push.ts).
 */
function adoptCreatedCustomer(
  o: PullOptions,
  tx: Tx,
  remote: AscoraCustomer,
  raw: Record<string, unknown>,
  now: string,
  pending: ReturnType<typeof customerStatements>['waiting'],
): boolean {
  // Prepared once per pull: built per pulled customer, this query cost a quarter of a first sync.
  const waiting = pending.all({ integrationId: o.integrationId });
  const sentBy = (w: (typeof waiting)[number]) => parseSentCustomerMarker(w.item.marker) ?? customerWriteBody(w.row);
  const found = waiting.find((w) => isCustomerSent(sentBy(w), remote));
  if (!found) return waiting.some((w) => mayBeCustomerSent(sentBy(w), remote));
  applySavedCustomer(tx, {
    rowId: found.row.id,
    sent: sentBy(found),
    sentVersion: found.item.sentVersion,
    remote,
    raw,
    now,
    doneItem: found.item.id,
  });
  return true;
}

// ---- invoices -------------------------------------------------------------------------------

/**
 * GetInvoicesToSend has no paging: one call, written in chunks; those that left it are kept. The
 * same in both kinds of run: one call is the whole list, so it always sees what left it.
 */
export async function pullInvoices(o: PullOptions): Promise<PullResult> {
  const answer = await o.client.invoicesToSend(priorToDateFor(o.timeZone, o.ascoraNow()), o.signal);
  const { fresh: records, twice } = dropRepeats(answer.records, (invoice) => invoice.id, new Set());
  const invalid = [...answer.invalid, ...twice];
  const result: PullResult = {
    processed: records.length,
    written: 0,
    invalid: invalid.length,
    conflicts: 0,
    countedPass: true,
  };
  const seen = new Set<string>([...records.map((r) => r.value.id), ...invalid.flatMap((i) => (i.id ? [i.id] : []))]);
  const now = isoNow(o.ctx.clock);
  const find = o.ctx.sqlite.prepare<
    [number, string],
    { id: number; contentHash: string | null; noLongerPending: 0 | 1 }
  >(
    'SELECT id, content_hash AS contentHash, no_longer_pending AS noLongerPending FROM ascora_invoices WHERE integration_id = ? AND ascora_invoice_id = ?',
  );
  const rows = createRowWriter(o.ctx.sqlite, ascoraInvoices);
  for (let start = 0; start < records.length || start === 0; start += 500) {
    o.ctx.db.transaction((tx) => {
      for (const { value, raw } of records.slice(start, start + 500)) {
        const hash = contentHash(raw);
        const existing = find.get(o.integrationId, value.id);
        if (existing && existing.contentHash === hash && !existing.noLongerPending) continue;
        const columns = {
          ...invoiceColumns(value),
          rawJson: JSON.stringify(raw),
          contentHash: hash,
          noLongerPending: false,
          pulledAt: now,
          updatedAt: now,
        };
        if (existing) rows.update(existing.id, columns);
        else rows.insert({ ...columns, integrationId: o.integrationId });
        result.written++;
      }
      if (start === 0) logInvalid(tx, o, 'invoices', invalid);
    });
    o.onProgress?.('invoices', Math.min(records.length, start + 500), records.length);
  }
  o.ctx.db.transaction((tx) => {
    const pending = tx
      .select({ id: ascoraInvoices.id, ascoraId: ascoraInvoices.ascoraInvoiceId })
      .from(ascoraInvoices)
      .where(and(eq(ascoraInvoices.integrationId, o.integrationId), eq(ascoraInvoices.noLongerPending, false)))
      .all();
    for (const row of pending) {
      if (seen.has(row.ascoraId)) continue;
      // Exported to accounting (or removed): kept, marked, never deleted.
      tx.update(ascoraInvoices)
        .set({ noLongerPending: true, updatedAt: now })
        .where(eq(ascoraInvoices.id, row.id))
        .run();
      result.written++;
    }
  });
  return result;
}

/** priorToDate is "strictly before": tomorrow in the office's time zone (on Ascora's clock) includes today. */
export function priorToDateFor(zone: string, nowMs: number): string {
  return addCalendarDays(dayIn(zone, nowMs), 1);
}
