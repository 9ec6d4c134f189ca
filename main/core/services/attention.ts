/**
 * What the office should know about that is not a change of its own: records another Ascora user
 * deleted or merged away, counted with the lists' own "No longer in Ascora" filter (list-state.ts),
 * so the figure on Today and in the Sync centre opens exactly the rows it counts.
 */
import { and, count, eq } from 'drizzle-orm';
import type { NoLongerInAscora } from '../../../shared/domain';
import { ascoraCustomers, ascoraJobs } from '../db/schema';
import type { Db } from '../db/types';
import { customerStateCondition, jobStateCondition } from './list-state';

export function noLongerInAscora(db: Pick<Db, 'select'>, integrationId: number): NoLongerInAscora {
  const jobs = db
    .select({ n: count() })
    .from(ascoraJobs)
    .where(and(eq(ascoraJobs.integrationId, integrationId), jobStateCondition('missing')))
    .get();
  const customers = db
    .select({ n: count() })
    .from(ascoraCustomers)
    .where(and(eq(ascoraCustomers.integrationId, integrationId), customerStateCondition('missing')))
    .get();
  return { jobs: jobs?.n ?? 0, customers: customers?.n ?? 0 };
}
