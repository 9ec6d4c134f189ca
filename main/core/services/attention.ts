/**
 * What needs a person, counted once here for every place that shows it (the header, the navigation
 * badge, the Sync centre, Today): the Sync centre's to-do list (problems.ts: refused changes,
 * changes to check, and any other kind it lists) and the open conflicts.
 * And what the office should know about that is not a change of its own: records another Ascora
 * user deleted or merged away, counted with the lists' own "No longer in Ascora" filter
 * (list-state.ts), so the figure on Today and in the Sync centre opens exactly the rows it counts.
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { NoLongerInAscora } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraJobs, conflicts } from '../db/schema';
import type { Db } from '../db/types';
import { customerStateCondition, jobStateCondition } from './list-state';
import { createProblemService } from './problems';

export function needsPersonCount(ctx: CoreContext, integrationId: number): number {
  // The list itself, not a count of outbox states: a kind of problem added to it is counted too.
  const problems = createProblemService(ctx).list(integrationId).length;
  const openConflicts =
    ctx.db
      .select({ n: count() })
      .from(conflicts)
      .where(and(eq(conflicts.integrationId, integrationId), isNull(conflicts.resolvedAt)))
      .get()?.n ?? 0;
  return problems + openConflicts;
}

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
