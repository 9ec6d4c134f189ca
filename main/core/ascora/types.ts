/**
 * Ascora's wire shapes (ascora-api.md section 3), validated one record at a time: a record that
 * does not fit is isolated and logged, the page goes on. Unknown fields are kept (loose objects),
 * so the raw JSON stored in the mirror is what Ascora sent.
 */
import { z } from 'zod';
import type { AscoraError } from './errors';

/** Long enough for any real description; a megabyte string is bad data, isolated per record. */
const MAX_TEXT = 100_000;
const text = z
  .string()
  .max(MAX_TEXT)
  .nullish()
  .transform((v) => v ?? '');
const optionalText = z
  .string()
  .max(MAX_TEXT)
  .nullish()
  .transform((v) => v ?? null);
const optionalNumber = z
  .number()
  .finite()
  .nullish()
  .transform((v) => v ?? null);
const guid = z.string().min(1).max(100);
const idName = z
  .looseObject({ id: z.string().max(100).nullish(), name: z.string().max(1000).nullish() })
  .nullish()
  .transform((v) => (v && v.id ? { id: v.id, name: v.name ?? '' } : null));

export const wireJobSchema = z.looseObject({
  jobId: guid,
  jobNumber: optionalText,
  topLevelJobNumber: optionalText,
  jobName: text,
  jobDescription: text,
  workUndertaken: text,
  jobStatus: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  jobStatusText: optionalText,
  dateCreated: optionalText,
  completedDate: optionalText,
  pricingMethod: optionalText,
  totalExTax: optionalNumber,
  totalIncTax: optionalNumber,
  purchaseOrderNumber: text,
  clientOrderNumber: text,
  addressLine1: text,
  addressLine2: text,
  suburb: optionalText,
  state: optionalText,
  postcode: optionalText,
  country: optionalText,
  latitude: optionalNumber,
  longitude: optionalNumber,
  jobType: idName,
  siteCustomer: idName,
  siteContact: idName,
  billingCustomer: idName,
  billingContact: idName,
  displayOrder: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  customFields: z.unknown().optional(),
});

export const wireCustomerSchema = z.looseObject({
  customerId: guid,
  customerNumber: text,
  customerName: text,
  companyName: text,
  contactFirstName: text,
  contactLastName: text,
  emailAddress: text,
  phoneNumber: text,
  mobileNumber: text,
  onHold: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  billingCustomerOnHold: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  streetLine1: text,
  streetLine2: text,
  streetSuburb: text,
  streetState: optionalText,
  streetPostcode: text,
  streetCountry: text,
  streetLatitude: optionalNumber,
  streetLongitude: optionalNumber,
  postalLine1: text,
  postalLine2: text,
  postalSuburb: text,
  postalState: optionalText,
  postalPostcode: text,
  postalCountry: text,
  customerType: z.unknown().optional(),
  leadSource: z.unknown().optional(),
  billingCustomer: z.unknown().optional(),
  assignedUser: z.unknown().optional(),
  customFields: z.unknown().optional(),
});

export const wireInvoiceLineSchema = z.looseObject({
  itemCode: text,
  description: text,
  quantity: z
    .number()
    .finite()
    .nullish()
    .transform((v) => v ?? 0),
  unitAmountExTax: z
    .number()
    .finite()
    .nullish()
    .transform((v) => v ?? 0),
  amountExTax: z.number().finite(),
  invoiceLineType: text,
});

export const wireInvoiceSchema = z.looseObject({
  id: guid,
  invoiceNumber: text,
  invoiceDate: optionalText,
  jobId: optionalText,
  invoiceLines: z
    .array(wireInvoiceLineSchema)
    .max(10_000)
    .nullish()
    .transform((v) => v ?? []),
  // The legacy Accounting API's extra figures, when this endpoint sends them (keys normalised).
  invoiceDueDate: optionalText,
  amountExTax: optionalNumber,
  adjustedAmountExTax: optionalNumber,
  tax: optionalNumber,
});

export type AscoraJob = z.output<typeof wireJobSchema>;
export type AscoraCustomer = z.output<typeof wireCustomerSchema>;
export type AscoraInvoice = z.output<typeof wireInvoiceSchema>;
export type AscoraInvoiceLine = z.output<typeof wireInvoiceLineSchema>;

const INVOICE_KEYS = Object.keys(wireInvoiceSchema.shape);
const INVOICE_LINE_KEYS = Object.keys(wireInvoiceLineSchema.shape);

/** Invoice keys arrive in either case (Tax, InvoiceDueDate): read them case-insensitively. */
export function normaliseInvoiceKeys(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out = renameKeys(raw as Record<string, unknown>, INVOICE_KEYS);
  if (Array.isArray(out.invoiceLines)) {
    out.invoiceLines = out.invoiceLines.map((line) =>
      line && typeof line === 'object' && !Array.isArray(line)
        ? renameKeys(line as Record<string, unknown>, INVOICE_LINE_KEYS)
        : line,
    );
  }
  return out;
}

function renameKeys(record: Record<string, unknown>, known: string[]): Record<string, unknown> {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[byLower.get(key.toLowerCase()) ?? key] = value;
  return out;
}

// ---- what the app sends ------------------------------------------------------------------------

export interface JobCreate {
  siteCustomer: { id: string };
  billingCustomer?: { id: string };
  jobName: string;
  jobDescription: string;
  workUndertaken?: string;
  pricingMethod: string;
  addressLine1: string;
  addressLine2?: string;
  suburb: string;
  postcode: string;
  country: string;
  totalExTax: number;
  totalIncTax: number;
  completedDate?: string;
  /** Acceptance on create is [unknown]: sent, re-read, flagged if dropped. */
  state?: string;
  clientOrderNumber?: string;
}

export interface CustomerWrite {
  customerId?: string;
  customerNumber?: string;
  companyName: string;
  contactFirstName: string;
  contactLastName: string;
  emailAddress: string;
  phoneNumber: string;
  mobileNumber?: string;
  streetLine1: string;
  streetLine2: string;
  streetSuburb: string;
  streetState: string | null;
  streetPostcode: string;
  streetCountry: string;
}

export interface PaymentCreate {
  invoiceNumber: string;
  paymentAmount: number;
  paymentDate: string;
  paymentMethod: string;
  comment?: string;
  receiptNumber?: string;
  surchargeAmount?: number;
}

export interface InvalidRecord {
  index: number;
  id: string | null;
  problems: string[];
}

export interface ValidRecord<T> {
  value: T;
  raw: Record<string, unknown>;
}

/**
 * A long answer validated a batch at a time, as its reader takes them: each record is validated
 * when its batch is asked for, and the answer's own object let go then, so the answer is never held
 * in two forms at once (GetInvoicesToSend has no paging: 20,000 invoices come in one call).
 */
export interface ValidatedBatches<T> {
  /** Records in the answer, valid or not. */
  total: number;
  /** The next `size` records, validated (indexes count from the answer's start); null when none are left. */
  next(size: number): { records: ValidRecord<T>[]; invalid: InvalidRecord[] } | null;
}

export interface ListPage<T> {
  records: ValidRecord<T>[];
  invalid: InvalidRecord[];
  totalPages: number;
  totalRecords: number;
  page: number;
}

/**
 * Told of each answer a call will retry (a 429, a 5xx, a dropped connection) before it waits: the
 * pull's limiter slows every request down on it, not only the one that got it (limiter.ts).
 */
export type RetryListener = (error: AscoraError) => void;

export interface AscoraClient {
  listJobs(
    q: {
      page: number;
      pageSize?: number;
      startDate?: string;
      endDate?: string;
      filterText?: string;
      customerName?: string;
    },
    signal?: AbortSignal,
    onRetry?: RetryListener,
  ): Promise<ListPage<AscoraJob>>;
  /** A job by its number (the API has none by id); null when Ascora has no job of that number. */
  getJob(jobNumber: string, signal?: AbortSignal, onRetry?: RetryListener): Promise<ValidRecord<AscoraJob> | null>;
  /** The job may come back without fields; the caller looks it up by its marker then. */
  createJob(body: JobCreate, signal?: AbortSignal): Promise<{ job: AscoraJob | null; raw: unknown }>;
  listCustomers(
    q: { page: number; pageSize?: number; filterText?: string; phoneNumber?: string },
    signal?: AbortSignal,
    onRetry?: RetryListener,
  ): Promise<ListPage<AscoraCustomer>>;
  getCustomer(
    customerId: string,
    signal?: AbortSignal,
    onRetry?: RetryListener,
  ): Promise<ValidRecord<AscoraCustomer> | null>;
  /** Create, or update when body.customerId is set. */
  saveCustomer(
    body: CustomerWrite,
    signal?: AbortSignal,
  ): Promise<{ customer: AscoraCustomer; raw: Record<string, unknown> }>;
  invoicesToSend(priorToDate: string, signal?: AbortSignal): Promise<ValidatedBatches<AscoraInvoice>>;
  createPayment(body: PaymentCreate, signal?: AbortSignal): Promise<{ message: string | null }>;
  testConnection(signal?: AbortSignal): Promise<{ jobCount: number; customerCount: number }>;
  /**
   * How far Ascora's clock is ahead of this computer's (ms; negative: behind), from the `Date`
   * header of its latest answer; null before any answer came.
   */
  clockOffsetMs(): number | null;
}
