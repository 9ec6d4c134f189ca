/**
 * Report to job, offline first: the preview shows what would be sent; "create" saves the job
 * (and a new customer) and queues both in one transaction, the customer before the job that names
 * it. The job appears at once as pending and turns synced, with its number, after the next sync.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../../shared/contract';
import type { JobDetail, JobPreview } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { isoNow } from '../clock';
import type { CoreContext } from '../context';
import { ascoraCustomers, ascoraJobs } from '../db/schema';
import { composeHandlers, type HandlerMap } from '../ipc/types';
import { enqueue } from '../sync/queue';
import { nameKey, phoneKey, phoneKeySql, rankMatches, type ReportClient } from './customer-match';
import { insertLocalCustomer, withNamesakes } from './customers';
import { createJobRepairService, customerForJob } from './job-repair';
import type { createJobService } from './jobs';
import { createReportService } from './reports';
import { mapReportToJob, mapReportToNewCustomer } from './report-mapping';
import { toCustomerRow } from './rows';
import { readSettings } from './settings';

export function createJobFromReportService(ctx: CoreContext, jobs: ReturnType<typeof createJobService>) {
  const reportService = createReportService(ctx);

  function preview(integrationId: number, reportId: string): JobPreview {
    const report = reportService.get(reportId);
    const { warnings, marker: _marker, ...job } = mapReportToJob(report, readSettings(ctx.db));
    const newCustomer = mapReportToNewCustomer(report);
    const client: ReportClient = {
      name: report.client_name,
      email: report.client_email,
      phone: report.client_phone,
      suburb: newCustomer.streetSuburb,
    };
    // Candidates from the mirror: the same email, phone or name (ascora-api.md section 5, step 1).
    const c = ascoraCustomers;
    const phone = phoneKey(report.client_phone);
    const sameEmail = sql`(${report.client_email.trim()} <> '' AND lower(${c.emailAddress}) = lower(${report.client_email.trim()}))`;
    const samePhone = sql`(${phone} <> '' AND (${phoneKeySql(c.phoneNumber)} = ${phone} OR ${phoneKeySql(c.mobileNumber)} = ${phone}))`;
    // As nameKey: a curly apostrophe is a straight one (O’Brien from a phone's keyboard).
    const name = nameKey(report.client_name);
    const key = (text: SQL) => sql`replace(replace(lower(trim(${text})), '’', ''''), '‘', '''')`;
    const sameName = sql`(${key(sql`${c.customerName}`)} = ${name} OR ${key(sql`${c.contactFirstName} || ' ' || ${c.contactLastName}`)} = ${name})`;
    const candidates = ctx.db
      .select()
      .from(c)
      .where(
        and(
          eq(c.integrationId, integrationId),
          // Ascora would refuse a job for a customer it no longer has.
          eq(c.remoteMissing, false),
          sql`(${sameEmail} OR ${samePhone} OR ${sameName})`,
        ),
      )
      // Twenty at most: the ones with the report's email or phone first, never cut off by namesakes.
      .orderBy(sql`(${sameEmail} OR ${samePhone}) DESC`, c.id)
      .limit(20)
      .all();
    const { matches, preselectedCustomerId } = rankMatches(
      client,
      withNamesakes(
        ctx.db,
        integrationId,
        candidates.map((r) => toCustomerRow(r)),
      ).map((row, i) => ({
        ...row,
        contactFirstName: candidates[i]!.contactFirstName,
        contactLastName: candidates[i]!.contactLastName,
      })),
    );
    return { job, customerMatches: matches, preselectedCustomerId, newCustomer, warnings };
  }

  function create(input: ParsedInputOf<'jobs.createFromReport'>): JobDetail {
    const report = reportService.get(input.reportId);
    const mapped = mapReportToJob(report, readSettings(ctx.db));
    const jobId = ctx.db.transaction((tx) => {
      if (tx.select({ id: ascoraJobs.id }).from(ascoraJobs).where(eq(ascoraJobs.reportId, report.report_id)).get()) {
        throw new AppError('CONFLICT', 'A job was already created from this report. Open it from the Jobs list.');
      }
      let customer: typeof ascoraCustomers.$inferSelect;
      let customerOutbox: number | null;
      if (input.customer.mode === 'new') {
        const created = insertLocalCustomer(ctx, tx, input.integrationId, input.customer.fields);
        customer = created.row;
        customerOutbox = created.outboxId;
      } else {
        // Still in Ascora, not refused by it; one still waiting for its own create goes first.
        const chosen = customerForJob(tx, input.integrationId, input.customer.customerId);
        customer = chosen.customer;
        customerOutbox = chosen.dependsOn;
      }
      const now = isoNow(ctx.clock);
      const job = tx
        .insert(ascoraJobs)
        .values({
          integrationId: input.integrationId,
          jobName: input.overrides.jobName ?? mapped.jobName,
          jobDescription: mapped.jobDescription,
          pricingMethod: input.overrides.pricingMethod ?? mapped.pricingMethod,
          totalExTaxCents: mapped.totalExTaxCents,
          totalIncTaxCents: mapped.totalIncTaxCents,
          clientOrderNumber: mapped.clientOrderNumber,
          addressLine1: mapped.addressLine1,
          suburb: mapped.suburb,
          state: mapped.state,
          postcode: mapped.postcode,
          country: mapped.country,
          siteCustomerId: customer.ascoraCustomerId,
          siteCustomerName: customer.customerName,
          siteCustomerLocalId: customer.id,
          reportId: report.report_id,
          needsReview: mapped.addressNeedsReview,
          jobStatusText: null,
          dateCreated: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: ascoraJobs.id })
        .get();
      enqueue(tx, {
        integrationId: input.integrationId,
        kind: 'create_job',
        recordId: job.id,
        dependsOn: customerOutbox,
        marker: mapped.marker,
      });
      return job.id;
    });
    ctx.events.emit('record.changed', { entity: 'job', ids: [jobId] });
    return jobs.get(jobId);
  }

  const handlers = composeHandlers(
    {
      'jobs.previewFromReport': ({ integrationId, reportId }) => preview(integrationId, reportId),
      'jobs.createFromReport': (input) => create(input),
    } satisfies HandlerMap,
    // Jobs are made here only from reports: putting right one Ascora has not taken belongs here too.
    createJobRepairService(ctx, jobs).handlers,
  );
  return { preview, create, handlers };
}
