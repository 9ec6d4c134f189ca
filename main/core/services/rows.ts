/** Mirror rows as the renderer sees them (shared/domain.ts). */
import type { CustomerDetail, CustomerRow, JobDetail, JobRow, OpenChange } from '../../../shared/domain';
import { sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ascoraJobs, type ascoraCustomers } from '../db/schema';

type JobRecord = typeof ascoraJobs.$inferSelect;
type CustomerRecord = typeof ascoraCustomers.$inferSelect;

/** A job's column named with its table: drizzle leaves names bare in a one-table select, and bare
 * `integration_id` inside a subquery on customers would be the customer's. */
const jobColumn = (column: AnySQLiteColumn) => sql`${ascoraJobs}.${sql.identifier(column.name)}`;

/**
 * A job's customer named as the Customers list names it: the mirror's customer wherever it is known
 * (the local one a job made here names, else Ascora's by id), else the name on the job. Ascora may
 * put the contact's name on a job where the customer row leads with its company.
 */
export const JOB_CUSTOMER_NAME = sql<string | null>`COALESCE(
  (SELECT NULLIF(sc.customer_name, '') FROM ascora_customers sc WHERE sc.id = ${jobColumn(ascoraJobs.siteCustomerLocalId)}),
  (SELECT NULLIF(sc.customer_name, '') FROM ascora_customers sc WHERE sc.integration_id = ${jobColumn(ascoraJobs.integrationId)} AND sc.ascora_customer_id = ${jobColumn(ascoraJobs.siteCustomerId)}),
  ${jobColumn(ascoraJobs.siteCustomerName)})`;

/** The columns a job's list row shows: a page of the list reads only these (services/jobs.ts). */
export const JOB_ROW_FIELDS = {
  id: ascoraJobs.id,
  ascoraJobId: ascoraJobs.ascoraJobId,
  jobNumber: ascoraJobs.jobNumber,
  jobName: ascoraJobs.jobName,
  jobStatus: ascoraJobs.jobStatus,
  jobStatusText: ascoraJobs.jobStatusText,
  localStatusText: ascoraJobs.localStatusText,
  siteCustomerName: JOB_CUSTOMER_NAME,
  suburb: ascoraJobs.suburb,
  state: ascoraJobs.state,
  dateCreated: ascoraJobs.dateCreated,
  totalIncTaxCents: ascoraJobs.totalIncTaxCents,
  syncState: ascoraJobs.syncState,
  remoteMissing: ascoraJobs.remoteMissing,
  keptLocally: ascoraJobs.keptLocally,
};
export type JobRowRecord = Pick<JobRecord, keyof typeof JOB_ROW_FIELDS>;

const bool = (v: unknown) => v === true || v === 1;

export function toJobRow(r: JobRowRecord): JobRow {
  return {
    id: r.id,
    ascoraJobId: r.ascoraJobId,
    jobNumber: r.jobNumber,
    jobName: r.jobName,
    jobStatus: r.jobStatus,
    jobStatusText: r.jobStatusText,
    localStatusText: r.localStatusText,
    customerName: r.siteCustomerName,
    suburb: r.suburb,
    state: r.state,
    dateCreated: r.dateCreated,
    totalIncTaxCents: r.totalIncTaxCents,
    syncState: r.syncState,
    remoteMissing: bool(r.remoteMissing),
    keptLocally: bool(r.keptLocally),
  };
}

export function toJobDetailBase(
  r: JobRecord,
): Omit<
  JobDetail,
  | 'notes'
  | 'attachments'
  | 'localOnlyReasons'
  | 'statusEnteredInAscora'
  | 'change'
  | 'contact'
  | 'siteContactName'
  | 'invoices'
  | 'ascoraUrl'
> {
  return {
    ...toJobRow(r),
    topLevelJobNumber: r.topLevelJobNumber,
    jobDescription: r.jobDescription,
    workUndertaken: r.workUndertaken,
    completedDate: r.completedDate,
    pricingMethod: r.pricingMethod,
    totalExTaxCents: r.totalExTaxCents,
    purchaseOrderNumber: r.purchaseOrderNumber,
    clientOrderNumber: r.clientOrderNumber,
    addressLine1: r.addressLine1,
    addressLine2: r.addressLine2,
    postcode: r.postcode,
    country: r.country,
    latitude: r.latitude,
    longitude: r.longitude,
    jobType: r.jobTypeId ? { id: r.jobTypeId, name: r.jobTypeName ?? '' } : null,
    siteCustomer: r.siteCustomerId ? { id: r.siteCustomerId, name: r.siteCustomerName ?? '' } : null,
    billingCustomer: r.billingCustomerId ? { id: r.billingCustomerId, name: r.billingCustomerName ?? '' } : null,
    siteCustomerLocalId: r.siteCustomerLocalId,
    reportId: r.reportId,
    lastError: r.lastError,
  };
}

/** A customer's list row; `namesakes` is counted for a page at a time (customers.ts withNamesakes). */
export function toCustomerRow(r: CustomerRecord & { needsCheck?: unknown; namesakes?: number }): CustomerRow {
  return {
    id: r.id,
    ascoraCustomerId: r.ascoraCustomerId,
    customerName: r.customerName,
    companyName: r.companyName,
    emailAddress: r.emailAddress,
    phoneNumber: r.phoneNumber,
    mobileNumber: r.mobileNumber,
    streetSuburb: r.streetSuburb,
    streetState: r.streetState,
    contactName: [r.contactFirstName, r.contactLastName].filter((n) => n.trim() !== '').join(' '),
    namesakes: r.namesakes ?? 0,
    syncState: r.syncState,
    remoteMissing: bool(r.remoteMissing),
    keptLocally: bool(r.keptLocally),
    needsCheck: bool(r.needsCheck),
  };
}

export function toCustomerDetail(
  r: CustomerRecord & { needsCheck?: unknown },
  conflictId: number | null,
  change: OpenChange | null,
  unsentFields: CustomerDetail['unsentFields'],
): CustomerDetail {
  return {
    ...toCustomerRow(r),
    customerNumber: r.customerNumber,
    contactFirstName: r.contactFirstName,
    contactLastName: r.contactLastName,
    streetLine1: r.streetLine1,
    streetLine2: r.streetLine2,
    streetPostcode: r.streetPostcode,
    streetCountry: r.streetCountry,
    onHold: bool(r.onHold),
    lastError: r.lastError,
    conflictId,
    change,
    unsentFields,
  };
}
