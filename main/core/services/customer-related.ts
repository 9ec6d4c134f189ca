/** A customer's jobs and invoices, for the customer panel: what a phone call about them needs. */
import { and, count, desc, eq, or, sql } from 'drizzle-orm';
import { RELATED_LIMIT, type CustomerRelated } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraInvoices, ascoraJobs } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { INVOICE_SUMMARY_FIELDS } from './invoices';
import { EFFECTIVE_STATUS } from './jobs';

export function createCustomerRelatedService(ctx: CoreContext) {
  function related(customerId: number): CustomerRelated {
    const customer = ctx.db
      .select({ integrationId: ascoraCustomers.integrationId, ascoraId: ascoraCustomers.ascoraCustomerId })
      .from(ascoraCustomers)
      .where(eq(ascoraCustomers.id, customerId))
      .get();
    if (!customer) throw new AppError('NOT_FOUND', 'That customer is no longer in the app. Refresh the list.');
    const j = ascoraJobs;
    // The jobs naming the customer as their site: by Ascora's id, or the local one a job made here names.
    const theirs = and(
      eq(j.integrationId, customer.integrationId),
      customer.ascoraId
        ? or(eq(j.siteCustomerId, customer.ascoraId), eq(j.siteCustomerLocalId, customerId))
        : eq(j.siteCustomerLocalId, customerId),
    );
    const jobs = ctx.db
      .select({
        id: j.id,
        jobNumber: j.jobNumber,
        jobName: j.jobName,
        status: EFFECTIVE_STATUS,
        dateCreated: j.dateCreated,
      })
      .from(j)
      .where(theirs)
      .orderBy(desc(j.dateCreated), desc(j.id))
      .limit(RELATED_LIMIT)
      .all();
    const jobCount = ctx.db.select({ n: count() }).from(j).where(theirs).get()?.n ?? 0;

    const i = ascoraInvoices;
    // Ascora names an invoice's job, not its customer: the invoices of the customer's jobs.
    const ofTheirJobs = and(
      eq(i.integrationId, customer.integrationId),
      sql`${i.ascoraJobId} IN (SELECT ${j.ascoraJobId} FROM ${j} WHERE ${theirs} AND ${j.ascoraJobId} IS NOT NULL)`,
    );
    const invoices = ctx.db
      .select(INVOICE_SUMMARY_FIELDS)
      .from(i)
      .where(ofTheirJobs)
      .orderBy(desc(i.invoiceDate), desc(i.id))
      .limit(RELATED_LIMIT)
      .all();
    const invoiceCount = ctx.db.select({ n: count() }).from(i).where(ofTheirJobs).get()?.n ?? 0;
    return { jobs, jobCount, invoices, invoiceCount };
  }
  const handlers = { 'customers.related': ({ customerId }) => related(customerId) } satisfies HandlerMap;
  return { related, handlers };
}
