/**
 * A full pass over a paged list (customers, jobs): pages fetched ahead while the one before is
 * written (pipelinePages), one transaction per page with its checkpoint, content hashes so only what
 * changed is written; a pass that completes in one go and saw as many ids as Ascora counted looks up
 * each row it did not see, and Ascora's "not found" makes it remote_missing in that run.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { SyncEntity } from '../../../../shared/domain';
import { AscoraError } from '../../ascora/errors';
import type { InvalidRecord, ListPage, RetryListener, ValidRecord } from '../../ascora/types';
import { isoNow } from '../../clock';
import { ascoraCustomers, ascoraJobs, syncCheckpoints } from '../../db/schema';
import { withJobSearchDeferred } from '../../db/job-search';
import type { Db } from '../../db/types';
import { writeSyncLog } from '../log';
import type { PullOptions, PullResult } from './options';

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

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface PagedSpec<W> {
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
export interface MissingCandidate {
  id: number;
  ascoraId: string;
  /** What Ascora looks the record up by: the customer's id, or the job's number. */
  key: string | null;
}

export const emptyResult = (): PullResult => ({
  processed: 0,
  written: 0,
  invalid: 0,
  conflicts: 0,
  countedPass: false,
});

export async function pullPaged<W>(o: PullOptions, spec: PagedSpec<W>): Promise<PullResult> {
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
export async function pullWindow<W>(o: PullOptions, spec: PagedSpec<W>): Promise<PullResult> {
  const seen = new Set<string>();
  const result = emptyResult();
  await pipelinePages(o, { fetch: spec.fetch, firstPage: 1, knownPages: null }, (_page, answer) =>
    takePage(o, spec, answer, seen, result),
  );
  return result;
}

/**
 * Records per write transaction. Lists read on connections of their own (worker/readers.ts), so a
 * chunk no longer holds them up; it bounds how long a command (a note, a status) asked for during a
 * pull waits on the writer's thread: about 100 ms at 500. Each commit writes every page it touched
 * to the WAL, and a job touches a leaf of each of its table's 13 indexes, so fewer, larger commits
 * write less: at 200 a first sync of 100,000 jobs wrote about 14.7 GB, at 500 about 13.8 GB.
 */
export const WRITE_CHUNK = 500;

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
      // The jobs' search index is filled after the pages (db/job-search.ts): a third of a job's write.
      const [written, conflictCount] = withJobSearchDeferred(o.ctx.sqlite, () =>
        spec.apply(tx, fresh.slice(start, start + WRITE_CHUNK)),
      );
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
      const answer = await whileWaiting(fetched.get(page)!, o.whileWaiting);
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
 * Awaits an answer from Ascora, doing `work` a piece at a time until it comes (or no work is left),
 * with a turn of the event loop between pieces so the answer is seen as soon as a piece ends. An
 * answer already there is taken at once. Without work, just the answer.
 */
export async function whileWaiting<T>(answer: Promise<T>, work: (() => boolean) | undefined): Promise<T> {
  if (!work) return answer;
  let arrived = false;
  // Only the flag: the answer, or its failure, is the caller's, from the await below.
  const arrive = () => {
    arrived = true;
  };
  answer.then(arrive, arrive);
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  await nextTurn();
  while (!arrived && work()) await nextTurn();
  return answer;
}

/**
 * Ascora's order is unknown, so ids are de-duplicated (ascora-api.md section 1). A record already
 * taken earlier in this pass (pages shifted under it) is dropped quietly; a second copy of an id
 * within one answer is bad data: isolated and logged, the first copy kept, so the row does not
 * flip between two versions on every sync.
 */
export function dropRepeats<W>(
  records: ValidRecord<W>[],
  idOf: (record: W) => string,
  takenThisPass: Set<string>,
  /** The answer's ids met so far, when it is taken a batch at a time (pull/invoices.ts). */
  inThisAnswer = new Set<string>(),
) {
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

export function readCheckpoint(db: Db, integrationId: number, entity: SyncEntity) {
  const where = and(eq(syncCheckpoints.integrationId, integrationId), eq(syncCheckpoints.entity, entity));
  const found = db.select().from(syncCheckpoints).where(where).get();
  if (found) return found;
  db.insert(syncCheckpoints).values({ integrationId, entity }).run();
  return db.select().from(syncCheckpoints).where(where).get()!;
}

export function logInvalid(tx: Tx, o: PullOptions, entity: string, invalid: InvalidRecord[]): void {
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

export function markMissing(
  tx: Tx,
  table: typeof ascoraJobs | typeof ascoraCustomers,
  idColumn: typeof ascoraJobs.ascoraJobId | typeof ascoraCustomers.ascoraCustomerId,
  keyColumn: typeof ascoraJobs.jobNumber | typeof ascoraCustomers.ascoraCustomerId,
  integrationId: number,
  seen: Set<string>,
): MissingCandidate[] {
  const candidates: MissingCandidate[] = [];
  for (const [id, ascoraId, passes, remoteMissing, key] of everyMirroredRow(
    tx,
    table,
    idColumn,
    keyColumn,
    integrationId,
  )) {
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

/** Rows read at a time by markMissing: a pass's every row at once was about 20 MB of arrays at 100,000 jobs. */
const MARK_MISSING_CHUNK = 2_000;

/**
 * Every row of the table with an Ascora id, as arrays, not mapped objects (this reads every row:
 * bench case 1), a chunk at a time in id order, so the writer's heap holds a chunk, not the table.
 */
function* everyMirroredRow(
  tx: Tx,
  table: typeof ascoraJobs | typeof ascoraCustomers,
  idColumn: typeof ascoraJobs.ascoraJobId | typeof ascoraCustomers.ascoraCustomerId,
  keyColumn: typeof ascoraJobs.jobNumber | typeof ascoraCustomers.ascoraCustomerId,
  integrationId: number,
): Generator<[number, string, number, 0 | 1, string | null]> {
  for (let after = 0; ;) {
    const rows = tx
      .select({
        id: table.id,
        ascoraId: idColumn,
        missingPasses: table.missingPasses,
        remoteMissing: table.remoteMissing,
        key: keyColumn,
      })
      .from(table)
      // By the primary key alone, in its order (each chunk starts where the last ended): the "+"
      // keeps SQLite off the (integration, Ascora id) index, which would sort every row for each chunk.
      .where(and(gt(table.id, after), sql`+${table.integrationId} = ${integrationId}`, sql`+${idColumn} IS NOT NULL`))
      .orderBy(table.id)
      .limit(MARK_MISSING_CHUNK)
      .values() as [number, string, number, 0 | 1, string | null][];
    yield* rows;
    if (rows.length < MARK_MISSING_CHUNK) return;
    after = rows[rows.length - 1]![0];
  }
}
