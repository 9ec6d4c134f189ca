/** Mirror rows as the renderer sees them (shared/domain.ts). */
import type { CustomerDetail, CustomerRow, JobDetail, JobRow, OpenChange } from '../../../shared/domain';
import { ascoraJobs, type ascoraCustomers } from '../db/schema';

type JobRecord = typeof ascoraJobs.$inferSelect;
type CustomerRecord = typeof ascoraCustomers.$inferSelect;

/** The columns a job's list row shows: a page of the list reads only these (services/jobs.ts). */
export const JOB_ROW_FIELDS = {
  id: ascoraJobs.id,
  ascoraJobId: ascoraJobs.ascoraJobId,
  jobNumber: ascoraJobs.jobNumber,
  jobName: ascoraJobs.jobName,
  jobStatus: ascoraJobs.jobStatus,
  jobStatusText: ascoraJobs.jobStatusText,
  localStatusText: ascoraJobs.localStatusText,
  siteCustomerName: ascoraJobs.siteCustomerName,
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

export function toCustomerRow(r: CustomerRecord & { needsCheck?: unknown }): CustomerRow {
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
