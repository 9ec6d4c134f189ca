/** Ascora's wire records as mirror rows: money to integer cents, nested {id,name} flattened. */
import type { AscoraCustomer, AscoraInvoice, AscoraJob, CustomerWrite, JobCreate } from '../ascora/types';
import type { ascoraCustomers, ascoraInvoices, ascoraJobs } from '../db/schema';
import { centsOrNull, toCents, toDollars } from '../../../shared/money';

type JobRowValues = Omit<typeof ascoraJobs.$inferInsert, 'id' | 'integrationId'>;
type CustomerRowValues = Omit<typeof ascoraCustomers.$inferInsert, 'id' | 'integrationId'>;
type InvoiceRowValues = Omit<typeof ascoraInvoices.$inferInsert, 'id' | 'integrationId'>;

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export function jobColumns(job: AscoraJob): JobRowValues {
  return {
    ascoraJobId: job.jobId,
    jobNumber: job.jobNumber,
    topLevelJobNumber: job.topLevelJobNumber,
    jobName: job.jobName,
    jobDescription: job.jobDescription,
    workUndertaken: job.workUndertaken,
    jobStatus: job.jobStatus,
    jobStatusText: job.jobStatusText,
    dateCreated: job.dateCreated,
    completedDate: job.completedDate,
    pricingMethod: job.pricingMethod,
    totalExTaxCents: centsOrNull(job.totalExTax),
    totalIncTaxCents: centsOrNull(job.totalIncTax),
    purchaseOrderNumber: job.purchaseOrderNumber,
    clientOrderNumber: job.clientOrderNumber,
    addressLine1: job.addressLine1,
    addressLine2: job.addressLine2,
    suburb: job.suburb,
    state: job.state,
    postcode: job.postcode,
    country: job.country,
    latitude: job.latitude,
    longitude: job.longitude,
    jobTypeId: job.jobType?.id ?? null,
    jobTypeName: job.jobType?.name ?? null,
    siteCustomerId: job.siteCustomer?.id ?? null,
    siteCustomerName: job.siteCustomer?.name ?? null,
    siteContactId: job.siteContact?.id ?? null,
    siteContactName: job.siteContact?.name ?? null,
    billingCustomerId: job.billingCustomer?.id ?? null,
    billingCustomerName: job.billingCustomer?.name ?? null,
    billingContactId: job.billingContact?.id ?? null,
    billingContactName: job.billingContact?.name ?? null,
    displayOrder: job.displayOrder,
    customFieldsJson: json(job.customFields),
  };
}

/** The customer fields a person edits in the app, and the three-way merge compares. */
export const CUSTOMER_EDITABLE_FIELDS = [
  'customerNumber',
  'companyName',
  'contactFirstName',
  'contactLastName',
  'emailAddress',
  'phoneNumber',
  'mobileNumber',
  'streetLine1',
  'streetLine2',
  'streetSuburb',
  'streetState',
  'streetPostcode',
  'streetCountry',
] as const;
export type CustomerEditableField = (typeof CUSTOMER_EDITABLE_FIELDS)[number];

/**
 * The one name a customer goes by in this app: its company, else its contact's name. Ascora's own
 * `customerName` can be the contact's name for a customer that has a company too, so taking it
 * would name a customer one way while it waits to be sent and another once Ascora answers (the
 * list would reorder under the person). It is used only when the record has neither.
 */
export function customerDisplayName(c: {
  companyName?: string | null;
  contactFirstName?: string | null;
  contactLastName?: string | null;
  customerName?: string | null;
}): string {
  const contact = `${c.contactFirstName ?? ''} ${c.contactLastName ?? ''}`.trim();
  return c.companyName?.trim() || contact || c.customerName?.trim() || '';
}

export function customerColumns(c: AscoraCustomer): CustomerRowValues {
  return {
    ascoraCustomerId: c.customerId,
    customerNumber: c.customerNumber,
    customerName: customerDisplayName(c),
    companyName: c.companyName,
    contactFirstName: c.contactFirstName,
    contactLastName: c.contactLastName,
    emailAddress: c.emailAddress,
    phoneNumber: c.phoneNumber,
    mobileNumber: c.mobileNumber,
    onHold: c.onHold,
    billingCustomerOnHold: c.billingCustomerOnHold,
    streetLine1: c.streetLine1,
    streetLine2: c.streetLine2,
    streetSuburb: c.streetSuburb,
    streetState: c.streetState,
    streetPostcode: c.streetPostcode,
    streetCountry: c.streetCountry,
    streetLatitude: c.streetLatitude,
    streetLongitude: c.streetLongitude,
    postalLine1: c.postalLine1,
    postalLine2: c.postalLine2,
    postalSuburb: c.postalSuburb,
    postalState: c.postalState,
    postalPostcode: c.postalPostcode,
    postalCountry: c.postalCountry,
    customerTypeJson: json(c.customerType),
    leadSourceJson: json(c.leadSource),
    billingCustomerJson: json(c.billingCustomer),
    assignedUserJson: json(c.assignedUser),
    customFieldsJson: json(c.customFields),
  };
}

export function invoiceColumns(inv: AscoraInvoice): InvoiceRowValues {
  const lines = inv.invoiceLines.map((l) => ({
    itemCode: l.itemCode,
    description: l.description,
    quantity: l.quantity,
    unitAmountExTaxCents: toCents(l.unitAmountExTax),
    amountExTaxCents: toCents(l.amountExTax),
    invoiceLineType: l.invoiceLineType,
  }));
  const linesTotal = lines.reduce((sum, l) => sum + l.amountExTaxCents, 0);
  return {
    ascoraInvoiceId: inv.id,
    invoiceNumber: inv.invoiceNumber,
    invoiceDate: inv.invoiceDate,
    dueDate: inv.invoiceDueDate,
    ascoraJobId: inv.jobId,
    // The legacy figure when Ascora sends it, else the sum of the lines (ascora-api.md section 3).
    totalExTaxCents: centsOrNull(inv.adjustedAmountExTax) ?? centsOrNull(inv.amountExTax) ?? linesTotal,
    taxCents: centsOrNull(inv.tax),
    adjustedAmountExTaxCents: centsOrNull(inv.adjustedAmountExTax),
    linesJson: JSON.stringify(lines),
  };
}

type CustomerRow = typeof ascoraCustomers.$inferSelect;
type JobRow = typeof ascoraJobs.$inferSelect;

/** The full last-known record with local changes: Ascora may clear omitted fields on update. */
export function customerWriteBody(row: CustomerRow): CustomerWrite {
  return {
    ...(row.ascoraCustomerId ? { customerId: row.ascoraCustomerId } : {}),
    customerNumber: row.customerNumber || undefined,
    companyName: row.companyName,
    contactFirstName: row.contactFirstName,
    contactLastName: row.contactLastName,
    emailAddress: row.emailAddress,
    phoneNumber: row.phoneNumber,
    mobileNumber: row.mobileNumber || undefined,
    streetLine1: row.streetLine1,
    streetLine2: row.streetLine2,
    streetSuburb: row.streetSuburb,
    streetState: row.streetState,
    streetPostcode: row.streetPostcode,
    // A new customer's country defaults to Australia; an update keeps Ascora's, even empty (nobody asked to change it).
    streetCountry: row.ascoraCustomerId ? row.streetCountry : row.streetCountry || 'Australia',
  };
}

/** What an offline-created customer is recognised by in Ascora when its create's answer is lost. */
const NEW_CUSTOMER_KEY_FIELDS = [
  'contactFirstName',
  'contactLastName',
  'companyName',
  'emailAddress',
  'streetLine1',
  'streetPostcode',
] as const;
const keyText = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();

/** An exact match on the names, email, street and postcode the create carried (ascora-api.md section 4). */
export function isCustomerSent(sent: CustomerWrite, remote: AscoraCustomer): boolean {
  return NEW_CUSTOMER_KEY_FIELDS.every((f) => keyText(remote[f]) === keyText(sent[f]));
}

/**
 * A customer Ascora has that may be the one a create carried, changed since by another user (a
 * street tidied from "St" to "Street", a company name added): the same contact name, or the same
 * company. Never taken as "not there": a person says whether it is ours (push.ts findCustomer).
 */
export function mayBeCustomerSent(sent: CustomerWrite, remote: AscoraCustomer): boolean {
  const sameContact =
    keyText(sent.contactFirstName) !== '' &&
    keyText(sent.contactLastName) !== '' &&
    keyText(remote.contactFirstName) === keyText(sent.contactFirstName) &&
    keyText(remote.contactLastName) === keyText(sent.contactLastName);
  const sameCompany = keyText(sent.companyName) !== '' && keyText(remote.companyName) === keyText(sent.companyName);
  return sameContact || sameCompany;
}

/**
 * The body a customer create or update carries, kept as the outbox item's marker before each
 * send: after a lost answer, a create's look-up must match what Ascora received (not what was
 * edited here since), and a merge must know which of Ascora's values this app sent.
 */
export const sentCustomerMarker = (body: CustomerWrite): string => JSON.stringify(body);

export function parseSentCustomerMarker(marker: string | null): CustomerWrite | null {
  if (!marker?.startsWith('{')) return null;
  try {
    return JSON.parse(marker) as CustomerWrite;
  } catch {
    return null;
  }
}

/**
 * A job made from a report carries `[RA:<report_id>]` in its description: Ascora has no
 * idempotency key, so this is how any desktop knows the job again. Another user may add lines
 * after it, or edit around it, so the marker is the first `[RA:` anywhere in the description and
 * the 41 characters from it. Push, pull and the mirror's SQL (JOB_MARKER_SQL and its index,
 * jobs_report_marker_idx) all find it this one way.
 */
export const JOB_MARKER_OPENING = '[RA:';
const JOB_MARKER_LENGTH = '[RA:'.length + 36 + ']'.length;
const JOB_MARKER = /^\[RA:[0-9a-fA-F-]{36}\]$/;

export const jobMarker = (reportId: string): string => `[RA:${reportId}]`;

/** The report marker a job's description carries, or null. */
export function jobMarkerIn(description: string | null | undefined): string | null {
  const at = description ? description.indexOf(JOB_MARKER_OPENING) : -1;
  if (at < 0) return null;
  const marker = description!.slice(at, at + JOB_MARKER_LENGTH);
  return JOB_MARKER.test(marker) ? marker : null;
}

/** Matched here, whatever a search found: Ascora's FilterText may return near matches. */
export const carriesJobMarker = (description: string | null | undefined, marker: string): boolean =>
  jobMarkerIn(description) === marker;

/**
 * jobMarkerIn in SQL over ascora_jobs, word for word as the partial index jobs_report_marker_idx
 * (drizzle/0008) has it, so SQLite serves a look-up from the index: change the three together.
 */
export const JOB_MARKER_SQL = "substr(job_description, instr(job_description, '[RA:'), 41)";
export const HAS_JOB_MARKER_SQL = "instr(job_description, '[RA:') > 0";

export const reportIdOfMarker = (marker: string): string => marker.slice(JOB_MARKER_OPENING.length, -1);

export function jobCreateBody(row: JobRow, siteCustomerId: string): JobCreate {
  return {
    siteCustomer: { id: siteCustomerId },
    ...(row.billingCustomerId && row.billingCustomerId !== siteCustomerId
      ? { billingCustomer: { id: row.billingCustomerId } }
      : {}),
    jobName: row.jobName,
    jobDescription: row.jobDescription,
    pricingMethod: row.pricingMethod ?? 'FIXED-PRICE',
    addressLine1: row.addressLine1,
    addressLine2: row.addressLine2,
    suburb: row.suburb ?? '',
    postcode: row.postcode ?? '',
    country: row.country ?? 'Australia',
    totalExTax: toDollars(row.totalExTaxCents ?? 0),
    totalIncTax: toDollars(row.totalIncTaxCents ?? 0),
    ...(row.state ? { state: row.state } : {}),
    ...(row.clientOrderNumber ? { clientOrderNumber: row.clientOrderNumber } : {}),
  };
}
