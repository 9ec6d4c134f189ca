/**
 * The lists' state filter, in the app's one vocabulary (shared/record-state.ts): each filter
 * selects exactly the rows whose badge says it, with the same order of precedence as recordState
 * (a person's action first; "no longer in Ascora" before the quieter states).
 */
import { and, eq, inArray, not, sql, type SQL } from 'drizzle-orm';
import type { RecordFilter } from '../../../shared/record-state';
import { ascoraJobs } from '../db/schema';

const j = ascoraJobs;

/** Jobs are never parked for a check (a lost create is looked up by its marker), so none is "check". */
export function jobStateCondition(filter: RecordFilter): SQL {
  const here = eq(j.remoteMissing, false);
  switch (filter) {
    case 'check':
      return sql`0`;
    case 'conflict':
      return eq(j.syncState, 'conflict');
    case 'refused':
      return eq(j.syncState, 'failed');
    case 'missing':
      return and(eq(j.remoteMissing, true), not(inArray(j.syncState, ['conflict', 'failed'])))!;
    case 'waiting':
      return and(eq(j.syncState, 'pending'), here)!;
    case 'local_only':
      return and(eq(j.syncState, 'local_only'), here)!;
    case 'in_ascora':
      return and(eq(j.syncState, 'synced'), here)!;
  }
}

/** A customer create parked for a person's check (its row's sync state says failed). */
export const CUSTOMER_NEEDS_CHECK =
  "EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'create_customer' AND o.record_id = c.id AND o.state = 'needs_check')";

/** The same for the customers list's SQL (alias `c`); constant text, no parameters. */
export function customerStateSql(filter: RecordFilter): string {
  const check = CUSTOMER_NEEDS_CHECK;
  switch (filter) {
    case 'check':
      return check;
    case 'conflict':
      return `c.sync_state = 'conflict' AND NOT ${check}`;
    case 'refused':
      return `c.sync_state = 'failed' AND NOT ${check}`;
    case 'missing':
      return `c.remote_missing = 1 AND c.sync_state NOT IN ('conflict', 'failed')`;
    case 'waiting':
      return `c.sync_state = 'pending' AND c.remote_missing = 0`;
    case 'local_only':
      return `c.sync_state = 'local_only' AND c.remote_missing = 0`;
    case 'in_ascora':
      return `c.sync_state = 'synced' AND c.remote_missing = 0`;
  }
}
