/**
 * The jobs' search index filled after a pull's pages rather than row by row inside them
 * (drizzle/0015): indexing each job in its page's transaction made writing a job about a third
 * slower (bench case 1). A page's transaction sets the deferral flag for itself only, the triggers
 * then note the job in jobs_fts_pending, and fillJobSearch indexes what is noted, in transactions
 * of its own, once the pages are written. Any other write indexes its job at once, as before.
 */
import type { Sqlite } from './types';

/**
 * Jobs indexed per transaction of the fill: about 50 ms of the writer's thread each at the bench's
 * sizes, so a command asked for meanwhile waits for one batch at most.
 */
export const JOB_SEARCH_BATCH = 500;
/**
 * Jobs indexed per piece while a pull waits for Ascora (sync/pull/paged.ts whileWaiting): smaller,
 * since a page that arrives meanwhile waits for the piece before it is written and the next page asked for.
 */
export const JOB_SEARCH_WAIT_BATCH = 200;

/**
 * Runs `write` (a pull's page, inside its transaction) with the jobs it writes noted for the
 * search index instead of indexed. The flag is inserted and deleted in the caller's transaction, so
 * no other transaction ever sees it, and a crash rolls it back with the page.
 */
export function withJobSearchDeferred<T>(sqlite: Sqlite, write: () => T): T {
  if (!sqlite.inTransaction) throw new Error('withJobSearchDeferred runs inside a write transaction');
  sqlite.prepare('INSERT INTO jobs_fts_deferred (id) VALUES (1)').run();
  try {
    return write();
  } finally {
    sqlite.prepare('DELETE FROM jobs_fts_deferred').run();
  }
}

/** Jobs whose search row is still to be written. */
export function pendingJobSearch(sqlite: Sqlite): number {
  return (sqlite.prepare('SELECT COUNT(*) AS n FROM jobs_fts_pending').get() as { n: number }).n;
}

/**
 * One batch of the fill, as a function: indexes up to `batch` of the noted jobs (the lowest ids) in
 * one transaction and answers how many it indexed (0: nothing is noted). Its statements are
 * prepared once, so a pull can call it in each of its waits (sync/pull/paged.ts whileWaiting).
 */
export function jobSearchFiller(sqlite: Sqlite): (batch: number) => number {
  const lastOfBatch = sqlite.prepare<[number], { jobId: number }>(
    'SELECT job_id AS jobId FROM jobs_fts_pending ORDER BY job_id LIMIT 1 OFFSET ?',
  );
  const last = sqlite.prepare<[], { jobId: number }>('SELECT MAX(job_id) AS jobId FROM jobs_fts_pending');
  const index = sqlite.prepare<[number]>(
    'INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) ' +
      'SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text ' +
      'WHERE id IN (SELECT job_id FROM jobs_fts_pending WHERE job_id <= ?)',
  );
  const done = sqlite.prepare<[number]>('DELETE FROM jobs_fts_pending WHERE job_id <= ?');
  return sqlite.transaction((batch: number): number => {
    const upTo = lastOfBatch.get(batch - 1)?.jobId ?? last.get()?.jobId ?? null;
    if (upTo === null) return 0;
    index.run(upTo);
    return done.run(upTo).changes;
  });
}

/**
 * Indexes every job noted by a deferred write, JOB_SEARCH_BATCH a transaction, with a turn of the
 * event loop between them (the writer's thread answers the commands asked for meanwhile). Stops
 * between batches when `stop` says so (quit); what is left is filled by the next call. Answers
 * how many jobs it indexed.
 */
export async function fillJobSearch(
  sqlite: Sqlite,
  options: { batch?: number; stop?: () => boolean } = {},
): Promise<number> {
  const batch = options.batch ?? JOB_SEARCH_BATCH;
  const fillBatch = jobSearchFiller(sqlite);
  let indexed = 0;
  for (;;) {
    if (options.stop?.()) return indexed;
    const filled = fillBatch(batch);
    if (filled === 0) return indexed;
    indexed += filled;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
