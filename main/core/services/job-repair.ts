/**
 * Putting right a job made here that has not reached Ascora (waiting, or refused by Ascora, e.g.
 * "Site customer is required"): change its site customer and fields and send it again, or discard
 * it, and its report can make a job again. Ascora has no job update, so once a job is in Ascora
 * none of this is offered (sync/queue.ts itemForRepair refuses, saying why).
 */
import { and, count, eq } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { JobDetail } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraJobs, jobAttachments, jobNotes, reports } from '../db/schema';
import type { HandlerMap } from '../ipc/types';
import { itemForRepair, openItem, requeueRepaired, takeBack } from '../sync/queue';
import { removeAttachmentFolders } from './attachments';
import type { createJobService } from './jobs';

type Tx = Parameters<Parameters<CoreContext['db']['transaction']>[0]>[0];

/**
 * A customer a job can be made for: in this connection, still in Ascora, and not one Ascora refused
 * to create (the job would only be refused after it). One waiting to be created goes first.
 */
export function customerForJob(tx: Pick<Tx, 'select'>, integrationId: number, customerId: number) {
  const customer = tx.select().from(ascoraCustomers).where(eq(ascoraCustomers.id, customerId)).get();
  if (!customer || customer.integrationId !== integrationId)
    throw new AppError('NOT_FOUND', 'That customer is no longer in the app. Pick another.');
  if (customer.remoteMissing) {
    throw new AppError(
      'CONFLICT',
      `Ascora no longer has ${customer.customerName || 'that customer'} (deleted or merged there), so a job cannot be made for them. Pick another customer.`,
    );
  }
  const create = openItem(tx, ['create_customer'], customer.id, ['pending', 'sending', 'failed', 'needs_check']);
  if (create?.state === 'failed') {
    throw new AppError(
      'CONFLICT',
      `Ascora refused to create ${customer.customerName} (${create.lastError ?? 'no reason given'}). Fix or discard that customer first, or pick another.`,
    );
  }
  return { customer, dependsOn: create?.id ?? null };
}

export function createJobRepairService(ctx: CoreContext, jobs: ReturnType<typeof createJobService>) {
  function job(jobId: number) {
    const found = ctx.db.select().from(ascoraJobs).where(eq(ascoraJobs.id, jobId)).get();
    if (!found) throw new AppError('NOT_FOUND', 'That job is no longer in the app. Refresh the list.');
    return found;
  }
  const described = (j: typeof ascoraJobs.$inferSelect) => `The job "${j.jobName}"`;

  function edit(input: ParsedInputOf<'jobs.editUnsent'>): JobDetail {
    const before = job(input.jobId);
    ctx.db.transaction((tx) => {
      const item = itemForRepair(tx, ['create_job'], before.id, described(before));
      const { customer, dependsOn } = customerForJob(tx, before.integrationId, input.customerId);
      tx.update(ascoraJobs)
        .set({
          siteCustomerLocalId: customer.id,
          siteCustomerId: customer.ascoraCustomerId,
          siteCustomerName: customer.customerName,
          jobName: input.jobName,
          pricingMethod: input.pricingMethod,
          addressLine1: input.addressLine1,
          suburb: input.suburb,
          state: input.state,
          postcode: input.postcode,
          clientOrderNumber: input.clientOrderNumber,
          // The person has looked at the address now.
          needsReview: false,
          lastError: null,
          updatedAt: isoNow(ctx.clock),
        })
        .where(eq(ascoraJobs.id, before.id))
        .run();
      // The job follows its (new) customer's create, if that is still on its way.
      requeueRepaired(tx, item, { dependsOn });
    });
    ctx.events.emit('record.changed', { entity: 'job', ids: [before.id] });
    return jobs.get(before.id);
  }

  function discard(jobId: number): { discarded: true; reportId: string | null } {
    const j = job(jobId);
    ctx.db.transaction((tx) => {
      const item = itemForRepair(tx, ['create_job'], j.id, described(j));
      const notes = tx.select({ n: count() }).from(jobNotes).where(eq(jobNotes.jobId, j.id)).get()?.n ?? 0;
      const files = tx.select({ n: count() }).from(jobAttachments).where(eq(jobAttachments.jobId, j.id)).get()?.n ?? 0;
      const report = j.reportId
        ? tx
            .select({ clientName: reports.clientName })
            .from(reports)
            .where(and(eq(reports.reportId, j.reportId)))
            .get()
        : undefined;
      const lost = [
        notes ? `${notes} note${notes === 1 ? '' : 's'}` : null,
        files ? `${files} attachment${files === 1 ? '' : 's'}` : null,
        j.localStatusText ? `the status "${j.localStatusText}"` : null,
      ].filter(Boolean);
      takeBack(tx, item, {
        integrationId: j.integrationId,
        recordRef: j.jobName,
        message:
          `Job "${j.jobName}" for ${j.siteCustomerName ?? 'no customer'} discarded before it reached Ascora` +
          `${item.state === 'failed' ? ` (Ascora had refused it: ${item.lastError ?? 'no reason given'})` : ''}` +
          `${lost.length ? `; deleted with it: ${lost.join(', ')}` : ''}` +
          `${report ? `. The report for ${report.clientName} can make a job again` : ''}.`,
      });
    });
    // After the commit: the rows are gone, so the files are nobody's.
    removeAttachmentFolders(ctx.dataDir, [j.id]);
    ctx.events.emit('record.changed', { entity: 'job', ids: [j.id] });
    ctx.events.emit('record.changed', { entity: 'report', ids: 'many' });
    ctx.events.emit('record.changed', { entity: 'log', ids: 'many' });
    return { discarded: true, reportId: j.reportId };
  }

  const handlers = {
    'jobs.editUnsent': (input) => edit(input),
    'jobs.discardUnsent': ({ jobId }) => discard(jobId),
  } satisfies HandlerMap;
  return { edit, discard, handlers };
}
