/** Customers: a full pass, or (incremental) the ones new jobs name that the mirror lacks. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AscoraError } from '../../ascora/errors';
import type { AscoraCustomer, InvalidRecord, RetryListener, ValidRecord } from '../../ascora/types';
import { isoNow } from '../../clock';
import { ascoraCustomers, outbox } from '../../db/schema';
import { createRowWriter } from '../../db/row-writer';
import { contentHash } from '../canonical';
import { applySavedCustomer, mergeRemoteCustomer } from '../customer-merge';
import {
  customerColumns,
  customerWriteBody,
  isCustomerSent,
  mayBeCustomerSent,
  parseSentCustomerMarker,
} from '../mapping';
import type { PullOptions, PullResult } from './options';
import { emptyResult, logInvalid, markMissing, pullPaged, type Tx } from './paged';
import { recentWindow } from './jobs';

/** Customers that new jobs name and the mirror lacks, fetched one by one per incremental run: at most this many. */
const NAMED_CUSTOMERS_PER_RUN = 50;

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
