/**
 * The lists' state filter, in the app's one vocabulary (shared/record-state.ts): each filter
 * selects exactly the rows whose badge says it, with the same order of precedence as recordState
 * (a person's action first; "no longer in Ascora" before the quieter states).
 */
import { and, eq, inArray, not, sql, type SQL } from 'drizzle-orm';
import type { RecordFilter } from '../../../shared/record-state';
import { ascoraCustomers, ascoraJobs, outbox } from '../db/schema';

const j = ascoraJobs;
const c = ascoraCustomers;

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
      return and(
        eq(j.remoteMissing, true),
        eq(j.keptLocally, false),
        not(inArray(j.syncState, ['conflict', 'failed'])),
      )!;
    case 'waiting':
      return and(eq(j.syncState, 'pending'), here)!;
    case 'local_only':
      return and(
        eq(j.remoteMissing, true),
        eq(j.keptLocally, true),
        not(inArray(j.syncState, ['conflict', 'failed'])),
      )!;
    case 'to_enter':
      return and(eq(j.syncState, 'local_only'), here)!;
    case 'in_ascora':
      return and(eq(j.syncState, 'synced'), here)!;
  }
}

/**
 * A customer whose change may be in Ascora and is not settled: a create parked for a person's check
 * (its row's sync state says failed), or a create or update sent with its answer lost ("Check in
 * Ascora" until the next sync or a person settles it).
 */
export const CUSTOMER_NEEDS_CHECK = sql<number>`EXISTS (SELECT 1 FROM ${outbox} WHERE ${outbox.kind} IN ('create_customer', 'update_customer') AND ${outbox.recordId} = ${c.id} AND (${outbox.state} = 'needs_check' OR (${outbox.outcomeUnknown} = 1 AND ${outbox.state} IN ('pending', 'failed'))))`;

/** The same filter for customers, who can also wait for a person's check. */
export function customerStateCondition(filter: RecordFilter): SQL {
  const here = eq(c.remoteMissing, false);
  const notCheck = not(CUSTOMER_NEEDS_CHECK);
  switch (filter) {
    case 'check':
      return CUSTOMER_NEEDS_CHECK;
    case 'conflict':
      return and(eq(c.syncState, 'conflict'), notCheck)!;
    case 'refused':
      return and(eq(c.syncState, 'failed'), notCheck)!;
    case 'missing':
      return and(
        eq(c.remoteMissing, true),
        eq(c.keptLocally, false),
        not(inArray(c.syncState, ['conflict', 'failed'])),
      )!;
    case 'waiting':
      return and(eq(c.syncState, 'pending'), here, notCheck)!;
    case 'local_only':
      return and(
        eq(c.remoteMissing, true),
        eq(c.keptLocally, true),
        not(inArray(c.syncState, ['conflict', 'failed'])),
      )!;
    case 'to_enter':
      return and(eq(c.syncState, 'local_only'), here)!;
    case 'in_ascora':
      return and(eq(c.syncState, 'synced'), here)!;
  }
}
