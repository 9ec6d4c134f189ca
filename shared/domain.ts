/**
 * Domain types as the renderer sees them. Money is integer cents (AUD); instants are ISO-8601 UTC
 * strings; local ids are SQLite integer ids, Ascora ids are GUID strings (null until pushed).
 *
 * Each shape that crosses IPC is a zod schema, and its type is inferred from it: the contract's
 * output schemas (shared/contract.ts) are built from these, so what the core is checked to answer
 * and what the renderer is typed to receive cannot drift apart. Answers are exact: an object with a
 * field the schema does not name fails the check (nothing leaves main by accident).
 */
import { z } from 'zod';
import { AGEING_BUCKETS } from './invoice-figures';
import { RECORD_STATES } from './record-state';

/** Per-row sync state, shown as a badge in every list. */
export const SYNC_STATES = ['synced', 'pending', 'conflict', 'failed', 'local_only'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/**
 * `disconnected`: a person disconnected and kept the local copy; nothing syncs it (not "Sync now",
 * not the schedule) until they connect it again (a new key, or the demo opened again).
 */
export const INTEGRATION_STATES = ['idle', 'syncing', 'ok', 'error', 'needs_reauth', 'disconnected'] as const;
export type IntegrationState = (typeof INTEGRATION_STATES)[number];

export const DAMAGE_TYPES = ['water', 'fire', 'storm', 'flood', 'mold'] as const;
export type DamageType = (typeof DAMAGE_TYPES)[number];

export const AU_STATES = ['NSW', 'VIC', 'QLD', 'WA', 'SA', 'TAS', 'ACT', 'NT'] as const;
export type AuState = (typeof AU_STATES)[number];

export const SEVERITIES = ['Minor', 'Moderate', 'Major', 'Severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PRICING_METHODS = ['FIXED-PRICE', 'TIME-AND-MATERIALS'] as const;
export type PricingMethod = (typeof PRICING_METHODS)[number];

export const SYNC_ENTITIES = ['customers', 'jobs', 'invoices'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

/**
 * What a run pulls (design.md, sync rule 5): `full` reads every page of every list and counts
 * deletions; `incremental` reads jobs created recently and the customers they name, and counts none.
 */
export const SYNC_RUN_KINDS = ['incremental', 'full'] as const;
export type SyncRunKind = (typeof SYNC_RUN_KINDS)[number];

// ---- building blocks of the answers ----------------------------------------------------------

/** A SQLite id: a whole number. */
const id = z.number().int();
/** AUD in whole cents. */
const cents = z.number().int();
const count = z.number().int().nonnegative();
/** An ISO-8601 date or instant, as stored (Ascora's dates are kept as Ascora sent them). */
const when = z.string();

/**
 * Where a mirrored record (a job, a customer) stands: its badge in every list, and whether Ascora
 * still has it. Rows and details share it.
 */
const mirrorStateShape = {
  syncState: z.enum(SYNC_STATES),
  /** Ascora no longer lists it (deleted or merged there): kept here, never counted as in Ascora nor offered for a new job. */
  remoteMissing: z.boolean(),
  /** Ascora no longer has it and a person chose to keep it on this computer. */
  keptLocally: z.boolean(),
};

/** A job as a line names it: its local id, Ascora's number (null until Ascora has it) and its name. */
const jobNameShape = { id, jobNumber: z.string().nullable(), jobName: z.string() };

/** A customer's ways to be reached, as the mirror has them. */
const reachShape = { phoneNumber: z.string(), mobileNumber: z.string(), emailAddress: z.string() };

/** A connection's state and its queue's counts, as the header and the Sync centre show them. */
const connectionStateShape = {
  state: z.enum(INTEGRATION_STATES),
  lastSuccessAt: when.nullable(),
  lastError: z.string().nullable(),
  pendingCount: count,
  failedCount: count,
  conflictCount: count,
};

/** A folder the core wrote or names, for the person to find. */
const folderShape = {
  /** The folder, in full. */
  path: z.string(),
  /** The host can open a folder in the file manager (Electron); a browser can only show the path. */
  canOpen: z.boolean(),
  /** It was opened by this call. */
  opened: z.boolean(),
};

export const PAYMENT_STATES = ['pending', 'synced', 'failed', 'needs_check'] as const;

/**
 * `running` while a run goes on; `interrupted` for a run the app closed or stopped (nothing lost);
 * `partial` for a run that finished with changes Ascora refused; `discarded` for a change a person
 * took back before it reached Ascora.
 */
export const LOG_STATUSES = [
  'success',
  'partial',
  'failed',
  'pending',
  'skipped',
  'running',
  'interrupted',
  'discarded',
] as const;
export type LogStatus = (typeof LOG_STATUSES)[number];

/** What a log line is about, for the log's filter: a sync run, or a line about one kind of record. */
export const LOG_KINDS = ['run', 'customer', 'job', 'payment', 'invoice'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

export const TO_ENTER_KINDS = ['status', 'note', 'attachment'] as const;
export type ToEnterKind = (typeof TO_ENTER_KINDS)[number];

/** What the machine told the app (syncs it starts by itself when the schedule is on). */
export const SYNC_SIGNALS = ['startup', 'online', 'resume'] as const;
export type SyncSignal = (typeof SYNC_SIGNALS)[number];

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Which jobs the last sync brought: new to the app, or changed in Ascora. */
export const LAST_SYNC_CHANGES = ['new', 'updated'] as const;
export type LastSyncChange = (typeof LAST_SYNC_CHANGES)[number];

// ---- connections -----------------------------------------------------------------------------

export const integrationStatusSchema = z.strictObject({
  id,
  displayName: z.string(),
  baseUrl: z.string(),
  isDemo: z.boolean(),
  ...connectionStateShape,
  lastSyncAt: when.nullable(),
  /**
   * What needs a person: the Sync centre's to-do list and the open conflicts. The header, the
   * navigation badge, the Sync centre and Today all show this one number (services/attention.ts).
   */
  needsPersonCount: count,
  /** False when the last request to Ascora failed for network reasons. */
  online: z.boolean(),
});
export type IntegrationStatus = z.infer<typeof integrationStatusSchema>;

export const connectionTestResultSchema = z.strictObject({ jobCount: count, customerCount: count });
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

// ---- lists -----------------------------------------------------------------------------------

/** One page of a keyset-paged list, of the given rows. */
export const pageOf = <Row extends z.ZodType>(row: Row) =>
  z.strictObject({
    rows: z.array(row),
    /** Opaque keyset cursor for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
    /** Rows matching the filters (all pages). */
    total: count,
    /**
     * True when the search held text but nothing a search can use (only punctuation or emoji): the
     * page is empty on purpose, and the list says so (see main/core/db/fts.ts readSearch).
     */
    nothingSearchable: z.boolean().optional(),
  });
export type Page<T> = Omit<z.infer<ReturnType<typeof pageOf<z.ZodNever>>>, 'rows'> & { rows: T[] };

export const idNameSchema = z.strictObject({ id: z.string(), name: z.string() });
export type IdName = z.infer<typeof idNameSchema>;

export const jobRowSchema = z.strictObject({
  ...jobNameShape,
  ascoraJobId: z.string().nullable(),
  /** Ascora's raw status code; never mapped to text (codes vary per tenant). */
  jobStatus: z.number().int().nullable(),
  jobStatusText: z.string().nullable(),
  /** A status set in the app; Ascora's API cannot carry it, so it is local only. */
  localStatusText: z.string().nullable(),
  customerName: z.string().nullable(),
  suburb: z.string().nullable(),
  state: z.string().nullable(),
  dateCreated: when.nullable(),
  totalIncTaxCents: cents.nullable(),
  ...mirrorStateShape,
});
export type JobRow = z.infer<typeof jobRowSchema>;

/** A job's status set in the app before a batch change (null: none, it showed Ascora's). */
export const jobStatusBeforeSchema = z.strictObject({ jobId: id, statusText: z.string().nullable() });
export type JobStatusBefore = z.infer<typeof jobStatusBeforeSchema>;

/** What a CSV of jobs carries beyond the list's row (read a page of ids at a time). */
export const jobExportDetailsSchema = z.strictObject({
  id,
  /** The site address on one line: street, suburb, state and postcode. */
  siteAddress: z.string(),
  /** Ascora's client order number, where the claim number goes (ascora-api.md; report-mapping.ts). */
  claimNumber: z.string(),
  purchaseOrderNumber: z.string(),
  /** From the job description's "Insurer: …" line, as Ascora has no insurer field; '' when none. */
  insurer: z.string(),
  /** The site contact, else the billing contact, else the site customer's contact person; '' when none. */
  contact: z.string(),
  /** The site customer's phone, else mobile; '' when none. */
  contactPhone: z.string(),
  /** Ascora's completed date. Ascora gives no last-modified date for a job (ascora-api.md section 3). */
  completedDate: when.nullable(),
});
export type JobExportDetails = z.infer<typeof jobExportDetailsSchema>;

export const customerExportDetailsSchema = z.strictObject({
  id,
  contact: z.string(),
  /** Street, suburb, state and postcode on one line. */
  address: z.string(),
});
export type CustomerExportDetails = z.infer<typeof customerExportDetailsSchema>;

export const invoiceExportDetailsSchema = z.strictObject({
  id,
  dueDate: when.nullable(),
  /** The invoice's job's claim number (Ascora's client order number); '' when none or no job here. */
  claimNumber: z.string(),
  /** The invoice's job's insurer (its description's "Insurer: …" line); '' when none. */
  insurer: z.string(),
});
export type InvoiceExportDetails = z.infer<typeof invoiceExportDetailsSchema>;

/** A change of a record on its way to Ascora (its newest open queued item), in the person's terms. */
export const openChangeSchema = z.strictObject({
  outboxId: id,
  kind: z.enum(['create', 'update']),
  /**
   * waiting: queued, not sent yet; sending: on the wire now; refused: Ascora said no (`error` says
   * why); check: sent, but the answer was lost: a person looks in Ascora.
   */
  state: z.enum(['waiting', 'sending', 'refused', 'check']),
  error: z.string().nullable(),
  /** A person may still change it or take it back here: it has not reached Ascora. */
  repairable: z.boolean(),
});
export type OpenChange = z.infer<typeof openChangeSchema>;

export const enteredInAscoraSchema = z.strictObject({ at: when, by: z.string() });
export type EnteredInAscora = z.infer<typeof enteredInAscoraSchema>;

export const jobNoteSchema = z.strictObject({
  id,
  text: z.string(),
  /** Who wrote it: the name in Settings when it was written (the OS user name if none was set). */
  author: z.string(),
  createdAt: when,
  /** When it was last changed, if ever. */
  editedAt: when.nullable(),
  /** A person entered it in Ascora by hand ("Done in Ascora"): when, and their name. */
  enteredInAscora: enteredInAscoraSchema.nullable(),
});
export type JobNote = z.infer<typeof jobNoteSchema>;

export const jobAttachmentSchema = z.strictObject({
  id,
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: count,
  createdAt: when,
  /** A person entered it in Ascora by hand ("Done in Ascora"); absent where not read. */
  enteredInAscora: enteredInAscoraSchema.nullable().optional(),
});
export type JobAttachment = z.infer<typeof jobAttachmentSchema>;

export const customerContactSchema = z.strictObject({ customerId: id, name: z.string(), ...reachShape });
export type CustomerContact = z.infer<typeof customerContactSchema>;

export const paymentSchema = z.strictObject({
  id,
  amountCents: cents,
  paymentDate: when,
  paymentMethod: z.string(),
  receiptNumber: z.string(),
  comment: z.string(),
  state: z.enum(PAYMENT_STATES),
  lastError: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;
export type PaymentState = Payment['state'];

/** An invoice as a job's or a customer's panel lists it. */
export const invoiceSummarySchema = z.strictObject({
  id,
  invoiceNumber: z.string(),
  invoiceDate: when.nullable(),
  /** With GST (shared/invoice-figures.ts); `gstFromAscora` false when the app added it. */
  totalCents: cents,
  /** The total less what was paid in this app; negative for a credit note or an overpaid invoice. */
  remainingCents: cents,
  gstFromAscora: z.boolean(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const jobInvoiceSchema = invoiceSummarySchema.extend({ payments: z.array(paymentSchema) });
export type JobInvoice = z.infer<typeof jobInvoiceSchema>;

export const jobDetailSchema = jobRowSchema.extend({
  topLevelJobNumber: z.string().nullable(),
  jobDescription: z.string(),
  workUndertaken: z.string(),
  completedDate: when.nullable(),
  pricingMethod: z.string().nullable(),
  totalExTaxCents: cents.nullable(),
  purchaseOrderNumber: z.string(),
  clientOrderNumber: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string(),
  postcode: z.string().nullable(),
  country: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  jobType: idNameSchema.nullable(),
  siteCustomer: idNameSchema.nullable(),
  billingCustomer: idNameSchema.nullable(),
  siteCustomerLocalId: id.nullable(),
  reportId: z.string().nullable(),
  /** Why the job or parts of it are not in Ascora, in words for the user. */
  localOnlyReasons: z.array(z.string()),
  /** The status set here was entered in Ascora by hand ("Done in Ascora"): when, and by whom. */
  statusEnteredInAscora: enteredInAscoraSchema.nullable(),
  lastError: z.string().nullable(),
  /** The job's create, while it has not reached Ascora. */
  change: openChangeSchema.nullable(),
  notes: z.array(jobNoteSchema),
  attachments: z.array(jobAttachmentSchema),
  /** The site customer's ways to be reached, as the mirror has them (null: no customer in the mirror). */
  contact: customerContactSchema.nullable(),
  /** Ascora's site contact on the job ({id, name} only: Ascora sends no phone or email for it). */
  siteContactName: z.string().nullable(),
  /** The job's invoices in the mirror, with the payments recorded here. */
  invoices: z.array(jobInvoiceSchema),
  /** Where "Open in Ascora" goes (https, ascora.com.au only; ascora-api.md section 6), or null. */
  ascoraUrl: z.string().nullable(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

export const RELATED_LIMIT = 20;
/** A customer's jobs and invoices, for the customer panel (newest first, at most RELATED_LIMIT each). */
export const customerRelatedSchema = z.strictObject({
  jobs: z.array(z.strictObject({ ...jobNameShape, status: z.string(), dateCreated: when.nullable() })),
  jobCount: count,
  invoices: z.array(invoiceSummarySchema),
  invoiceCount: count,
});
export type CustomerRelated = z.infer<typeof customerRelatedSchema>;

export const customerRowSchema = z.strictObject({
  id,
  ascoraCustomerId: z.string().nullable(),
  customerName: z.string(),
  companyName: z.string(),
  ...reachShape,
  streetSuburb: z.string(),
  streetState: z.string().nullable(),
  /** The contact's first and last names ("Sam Lee"). */
  contactName: z.string(),
  /**
   * How many other customers of the connection have the same name: beside a shared name, lists and
   * pickers show what tells them apart (namesakeDetail in shared/customer-names.ts).
   */
  namesakes: count,
  ...mirrorStateShape,
  /** Its create was sent, the answer lost, and only look-alikes found: a person checks Ascora. */
  needsCheck: z.boolean(),
});
export type CustomerRow = z.infer<typeof customerRowSchema>;

/** A customer's editable fields as the Customers form names them (messages, confirmations). */
export const CUSTOMER_FIELD_LABELS: Record<string, string> = {
  customerNumber: 'Customer number',
  companyName: 'Company',
  contactFirstName: 'First name',
  contactLastName: 'Last name',
  emailAddress: 'Email',
  phoneNumber: 'Phone',
  mobileNumber: 'Mobile',
  streetLine1: 'Street',
  streetLine2: 'Street line 2',
  streetSuburb: 'Suburb',
  streetState: 'State',
  streetPostcode: 'Postcode',
  streetCountry: 'Country',
};

export const customerDetailSchema = customerRowSchema.extend({
  customerNumber: z.string(),
  contactFirstName: z.string(),
  contactLastName: z.string(),
  streetLine1: z.string(),
  streetLine2: z.string(),
  streetPostcode: z.string(),
  streetCountry: z.string(),
  onHold: z.boolean(),
  lastError: z.string().nullable(),
  conflictId: id.nullable(),
  /** The customer's create or edit, while it has not reached Ascora. */
  change: openChangeSchema.nullable(),
  /** An edit not yet in Ascora: each field changed here, with the value Ascora has (what discarding restores). */
  unsentFields: z.array(z.strictObject({ field: z.string(), label: z.string(), mine: z.string(), ascora: z.string() })),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

// ---- invoices --------------------------------------------------------------------------------

export const invoiceLineSchema = z.strictObject({
  itemCode: z.string(),
  description: z.string(),
  quantity: z.number(),
  unitAmountExTaxCents: cents,
  amountExTaxCents: cents,
  invoiceLineType: z.string(),
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const invoiceRowSchema = invoiceSummarySchema.extend({
  ascoraInvoiceId: z.string(),
  jobNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  totalExTaxCents: cents,
  /** Only when Ascora gave a tax figure. */
  taxCents: cents.nullable(),
  /** Ascora's GST, or 10% added when it sent none (shared/invoice-figures.ts). */
  gstCents: cents,
  paidInAppCents: cents,
  /** True once the invoice left Ascora's export list (exported to accounting or removed). */
  noLongerPending: z.boolean(),
});
export type InvoiceRow = z.infer<typeof invoiceRowSchema>;

export const invoiceDetailSchema = invoiceRowSchema.extend({
  dueDate: when.nullable(),
  ascoraJobId: z.string().nullable(),
  lines: z.array(invoiceLineSchema),
  payments: z.array(paymentSchema),
});
export type InvoiceDetail = z.infer<typeof invoiceDetailSchema>;

// ---- reports ---------------------------------------------------------------------------------

export const estimateLineSchema = z.strictObject({
  description: z.string(),
  quantity: z.number(),
  unit: z.string(),
  unitCost: z.number(),
  totalCost: z.number(),
  category: z.string(),
  notes: z.string().optional(),
});
export type EstimateLine = z.infer<typeof estimateLineSchema>;

/**
 * A RestoreAssist damage report as the app answers it (ascora-api.md section 5). Costs are AUD as in
 * the report. What a person may save is the contract's reportSchema (the same fields, with limits).
 */
export const reportOutputSchema = z.strictObject({
  report_id: z.string(),
  property_address: z.string(),
  damage_type: z.enum(DAMAGE_TYPES),
  state: z.enum(AU_STATES),
  damage_description: z.string(),
  summary: z.string(),
  authority_to_proceed: z.string(),
  client_name: z.string(),
  insurance_company: z.string(),
  claim_number: z.string(),
  scope_of_work: z.array(z.string()),
  compliance_notes: z.array(z.string()),
  itemized_estimate: z.array(estimateLineSchema),
  total_cost: z.number(),
  severity: z.enum(SEVERITIES),
  urgent: z.boolean(),
  client_email: z.string(),
  client_phone: z.string(),
  assessor_name: z.string(),
  /** When the report was made (RestoreAssist's, or when it was created in the app). */
  created_at: when.optional(),
  /** When RestoreAssist last changed it. */
  updated_at: when.optional(),
});
export type Report = z.infer<typeof reportOutputSchema>;

export const reportRowSchema = z.strictObject({
  reportId: z.string(),
  clientName: z.string(),
  propertyAddress: z.string(),
  damageType: z.enum(DAMAGE_TYPES),
  severity: z.enum(SEVERITIES),
  urgent: z.boolean(),
  totalCostCents: cents,
  /** The report's own date (made, else last changed in RestoreAssist), never when it was imported; null when it has none. */
  reportDate: when.nullable(),
  insurer: z.string(),
  claimNumber: z.string(),
  /** Local id of the job made from this report, if any. */
  jobId: id.nullable(),
  /** That job's number in Ascora, once Ascora has it. */
  jobNumber: z.string().nullable(),
  /** Where that job stands with Ascora (shared/record-state.ts), if there is one. */
  jobState: z.enum(RECORD_STATES).nullable(),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const reportImportResultSchema = z.strictObject({
  fileName: z.string(),
  /** Nothing was wrong with the file (imported, or the report was already here). */
  ok: z.boolean(),
  /**
   * imported: a new report; updated: a report already here, taken again from a changed file;
   * already_here: the same report was already here (nothing changed; `problems` says why when the
   * file differs but could not be taken); refused: the file could not be imported (`problems`).
   */
  outcome: z.enum(['imported', 'updated', 'already_here', 'refused']),
  reportId: z.string().nullable(),
  problems: z.array(z.string()),
});
export type ReportImportResult = z.infer<typeof reportImportResultSchema>;

/** An existing customer like a report's client, and how it differs from the report. */
export const customerMatchSchema = customerRowSchema.extend({
  /** The report's name and its email or phone (in any format): the same person, as an office would accept. */
  sameCustomer: z.boolean(),
  /** What is the same as in the report, of its name, email, phone and suburb. */
  same: z.array(z.enum(['name', 'email', 'phone', 'suburb'])),
  /** What differs from the report, in words ("Different email: …"); empty when nothing does. */
  differences: z.array(z.string()),
});
export type CustomerMatch = z.infer<typeof customerMatchSchema>;

/** What "create job from report" would send, for the preview. */
export const jobPreviewSchema = z.strictObject({
  job: z.strictObject({
    jobName: z.string(),
    jobDescription: z.string(),
    pricingMethod: z.enum(PRICING_METHODS),
    totalExTaxCents: cents,
    totalIncTaxCents: cents,
    addressLine1: z.string(),
    suburb: z.string(),
    state: z.string(),
    postcode: z.string(),
    country: z.string(),
    clientOrderNumber: z.string(),
    addressNeedsReview: z.boolean(),
  }),
  /** Existing customers like the report's: ones an office would accept first, then look-alikes. */
  customerMatches: z.array(customerMatchSchema),
  /**
   * The one customer chosen for the person: only when exactly one has the report's name and its
   * email or phone. Otherwise null, and "New customer" is chosen until the person picks another.
   */
  preselectedCustomerId: id.nullable(),
  newCustomer: z.strictObject({
    contactFirstName: z.string(),
    contactLastName: z.string(),
    companyName: z.string(),
    emailAddress: z.string(),
    phoneNumber: z.string(),
    streetLine1: z.string(),
    streetSuburb: z.string(),
    streetState: z.string(),
    streetPostcode: z.string(),
  }),
  warnings: z.array(z.string()),
});
export type JobPreview = z.infer<typeof jobPreviewSchema>;

// ---- sync ------------------------------------------------------------------------------------

/** The record a queued change or a log line is about, in the person's words, and where to open it. */
export const recordRefSchema = z.strictObject({
  /** What kind of change: "New customer", "Customer change", "New job", "Payment". */
  what: z.string(),
  /** Which record: the customer's name, the job's number or name (and its report's client), the payment's receipt and invoice. */
  name: z.string(),
  /** Where it is shown; null when it is no longer in the app (taken back). */
  open: z.strictObject({ entity: z.enum(['customer', 'job', 'invoice']), id }).nullable(),
});
export type RecordRef = z.infer<typeof recordRefSchema>;

/** Changes made here that Ascora does not have yet: what a wipe would lose (the disconnect dialog). */
export const unsentChangesSchema = z.strictObject({
  count,
  /** The first few, named in words (oldest first). */
  first: z.array(recordRefSchema),
});
export type UnsentChanges = z.infer<typeof unsentChangesSchema>;

/**
 * Work kept only on this computer, because Ascora's API has no place for it (a job's status set
 * here, its notes, its attachments): nothing sends it anywhere, so a wipe loses it for good.
 */
export const localOnlyWorkSchema = z.strictObject({
  /** The jobs holding some. */
  jobCount: count,
  statusCount: count,
  noteCount: count,
  attachmentCount: count,
  /** The first few jobs, named ("Job J10234: Water damage – …") with what each holds, in words. */
  first: z.array(z.strictObject({ job: z.string(), holds: z.string() })),
});
export type LocalOnlyWork = z.infer<typeof localOnlyWorkSchema>;

/**
 * One thing kept only on this computer that the technicians cannot see until a person enters it
 * in Ascora by hand: a job's status set here, a note, an attachment.
 */
export const toEnterItemSchema = z.strictObject({
  kind: z.enum(TO_ENTER_KINDS),
  /** The note's or attachment's id; for a status, the job's. */
  id,
  jobId: id,
  /** "Job J10234: Water damage – …", as the disconnect dialog names it. */
  job: z.string(),
  /** The status, the note's text or the file's name. */
  text: z.string(),
  /** Who wrote a note (empty otherwise). */
  by: z.string(),
  /** When it was set, written or attached (UTC ISO). */
  at: when,
});
export type ToEnterItem = z.infer<typeof toEnterItemSchema>;

/** Where an export of the local-only work was written, and what it holds. */
export const localOnlyExportSchema = z.strictObject({
  ...folderShape,
  /** The CSV of statuses and notes, and one file per attachment copied. */
  files: count,
  /** Attachments whose copy was missing from the data folder: named in the CSV, not copied. */
  missing: count,
});
export type LocalOnlyExport = z.infer<typeof localOnlyExportSchema>;

/**
 * A wipe of a connection's local copy needs its name, typed: the dialog enables the button with
 * this, and main refuses a mismatch with it too (a renderer bug cannot wipe).
 */
export function wipeNameMatches(displayName: string, typed: string): boolean {
  return typed.trim() === displayName.trim();
}

/** One connection's answer to a machine signal. */
export const syncSignalOutcomeSchema = z.strictObject({
  integrationId: id,
  /** started a run, joined the one going, or not (the reason says why). */
  outcome: z.enum(['started', 'joined', 'skipped']),
  reason: z.string().nullable(),
});
export type SyncSignalOutcome = z.infer<typeof syncSignalOutcomeSchema>;

/**
 * A change that needs a person (the Sync centre's to-do list): refused by Ascora, or sent with its
 * answer lost. The list is exactly what the Dashboard counts as needing attention.
 */
export const syncProblemSchema = recordRefSchema.extend({
  /** The queued change; null for a report made into two jobs in Ascora (nothing queued to act on). */
  outboxId: id.nullable(),
  /**
   * `duplicate`: two desktops made one report into a job at the same moment, and both are in
   * Ascora; a person cancels one there (Ascora's API cannot delete a job).
   */
  state: z.enum(['refused', 'check', 'duplicate']),
  /** Ascora's message, or what happened. */
  reason: z.string().nullable(),
  since: when,
  /** For a payment to check: confirmed found or not found in Ascora, here. */
  paymentId: id.nullable(),
});
export type SyncProblem = z.infer<typeof syncProblemSchema>;

/**
 * A customer in Ascora that may be the one a held create carried (its answer was lost, and another
 * user may have changed it since): what a person compares before "this is ours: link it".
 */
export const heldCustomerCandidateSchema = z.strictObject({
  ascoraCustomerId: z.string(),
  name: z.string(),
  companyName: z.string(),
  emailAddress: z.string(),
  phoneNumber: z.string(),
  street: z.string(),
  /** Exactly as the create carried it (only possible if it was changed back). */
  exact: z.boolean(),
});
export type HeldCustomerCandidate = z.infer<typeof heldCustomerCandidateSchema>;

export const syncLogRowSchema = z.strictObject({
  id,
  runId: z.string().nullable(),
  kind: z.string(),
  /** A run's kind; null for an item entry. */
  runKind: z.enum(SYNC_RUN_KINDS).nullable(),
  /** A run, or the record an item line is about, in the person's words. */
  subject: recordRefSchema,
  direction: z.enum(['pull', 'push', 'none']),
  entity: z.string().nullable(),
  status: z.enum(LOG_STATUSES),
  /** The queued change an item entry is about (for a person's action on it). */
  outboxId: id.nullable(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  recordsProcessed: count,
  recordsWritten: count,
  retryCount: count,
  durationMs: z.number().nonnegative().nullable(),
  createdAt: when,
});
export type SyncLogRow = z.infer<typeof syncLogRowSchema>;

export const conflictFieldSchema = z.strictObject({
  field: z.string(),
  base: z.unknown(),
  mine: z.unknown(),
  theirs: z.unknown(),
});
export type ConflictField = z.infer<typeof conflictFieldSchema>;

export const conflictSchema = z.strictObject({
  id,
  entity: z.enum(['customer', 'job']),
  recordId: id,
  recordLabel: z.string(),
  fields: z.array(conflictFieldSchema),
  createdAt: when,
});
export type Conflict = z.infer<typeof conflictSchema>;

export const scheduleSchema = z.strictObject({
  integrationId: id,
  active: z.boolean(),
  intervalMinutes: count,
  lastRunAt: when.nullable(),
  nextRunAt: when.nullable(),
  consecutiveFailures: count,
});
export type Schedule = z.infer<typeof scheduleSchema>;

/**
 * Records this computer has that Ascora no longer has (another user deleted or merged them), and no
 * one has kept or removed here yet: found by a full check, counted as the lists' "No longer in
 * Ascora" filter counts them.
 */
export const noLongerInAscoraSchema = z.strictObject({ jobs: count, customers: count });
export type NoLongerInAscora = z.infer<typeof noLongerInAscoraSchema>;

export const syncStatusSchema = z.strictObject({
  integrationId: id,
  running: z.boolean(),
  ...connectionStateShape,
  /** When every list last had a full pass (the older of customers' and jobs'); null: never. */
  lastFullPassAt: when.nullable(),
  /** When the next full pass is due (a run then is full); null: due now. */
  fullPassDueAt: when.nullable(),
  noLongerInAscora: noLongerInAscoraSchema,
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncRunSummarySchema = z.strictObject({
  runId: z.string(),
  kind: z.enum(SYNC_RUN_KINDS),
  status: z.enum(['success', 'failed', 'partial']),
  pushed: count,
  pulled: count,
  written: count,
  failed: count,
  conflicts: count,
  /** Records a full check found Ascora no longer has (looked up, not found) in this run. */
  noLongerInAscora: count.optional(),
  durationMs: z.number().nonnegative(),
  message: z.string(),
});
export type SyncRunSummary = z.infer<typeof syncRunSummarySchema>;

// ---- settings --------------------------------------------------------------------------------

/** Whether the local copy (database and backups) is encrypted at rest, and if not, why and what to do. */
export const localCopyProtectionSchema = z.strictObject({
  encrypted: z.boolean(),
  /** Null when encrypted; otherwise the reason and the remedy, in a person's words. */
  note: z.string().nullable(),
});
export type LocalCopyProtection = z.infer<typeof localCopyProtectionSchema>;

/** The folder of the log files people send to support. */
export const logFolderSchema = z.strictObject(folderShape);
export type LogFolder = z.infer<typeof logFolderSchema>;

export const settingsSchema = z.strictObject({
  /** Payment method names configured in the Ascora tenant (no endpoint lists them). */
  paymentMethods: z.array(z.string()),
  /** When true, a report's total_cost includes GST and ex-tax = round(total / 1.1). */
  reportTotalsIncludeGst: z.boolean(),
  closeToTray: z.boolean(),
  /** The window's colours: follow the OS (light or dark), or always one of them. */
  theme: z.enum(THEME_CHOICES),
  /** The name notes are signed with; empty: the computer's user name (`defaultName`). */
  yourName: z.string(),
  /** The computer's user name, read by the core: what notes are signed with when `yourName` is empty. */
  defaultName: z.string(),
  /**
   * The office's IANA time zone (e.g. `Australia/Perth`): every date shown, "today", date filters,
   * invoice ageing and the dates sent to Ascora. Defaults to the computer's zone.
   */
  timeZone: z.string(),
  /**
   * The first start's "Your name" and time zone were answered (saved or skipped): not asked again.
   * Both stay in Settings either way.
   */
  firstStartAnswered: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

// ---- today -----------------------------------------------------------------------------------

/** The Today screen: each figure with what is needed to open the list behind it. */
export const todaySummarySchema = z.strictObject({
  /** The office's date (YYYY-MM-DD) the figures are for. */
  today: z.iso.date(),
  /** No sync has finished yet: the screen shows the first sync's progress, not zeros. */
  firstSyncPending: z.boolean(),
  /** Jobs the last finished sync wrote: new ones and ones Ascora changed (a few of each, newest first). */
  lastSync: z.strictObject({
    finishedAt: when.nullable(),
    newJobs: count,
    updatedJobs: count,
    jobs: z.array(z.strictObject({ ...jobNameShape, change: z.enum(LAST_SYNC_CHANGES) })),
  }),
  needsPerson: z.strictObject({
    /** Changes Ascora refused (outbox failed). */
    refused: count,
    /** Changes sent whose answer was lost, payments aside (outbox needs_check). */
    toCheck: count,
    /** Payments to look up in Ascora (needs_check payments). */
    paymentsToCheck: count,
    conflicts: count,
    /** Reports no job was made from yet. */
    reportsWithoutJob: count,
    /** Reports made into more than one job in Ascora (two desktops at the same moment), none cancelled. */
    duplicateJobs: count,
  }),
  noLongerInAscora: noLongerInAscoraSchema,
  /** Jobs created on the office's today, by status. */
  todaysJobs: z.array(z.strictObject({ status: z.string(), count })),
  /**
   * Open invoices (still waiting to be exported, with something left to pay) in Xero's ageing
   * buckets (shared/invoice-figures.ts), each counted once: the buckets add up to `outstanding`.
   */
  ageing: z.array(z.strictObject({ bucket: z.enum(AGEING_BUCKETS), count, remainingCents: cents })),
  outstanding: z.strictObject({ count, remainingCents: cents }),
});
export type TodaySummary = z.infer<typeof todaySummarySchema>;

// ---- recovery (issue 22) -----------------------------------------------------------------------

/**
 * Why the local copy could not be opened at start, when the app offers its recovery screen
 * instead: the keychain has no key for an encrypted copy, the key does not open it, the keychain
 * is locked, or the file is damaged (SQLite reports corruption, or the check at start fails).
 */
export const RECOVERY_REASONS = ['missing_key', 'wrong_key', 'keychain_locked', 'damaged'] as const;
export type RecoveryReason = (typeof RECOVERY_REASONS)[number];

/** Whether the app opened normally, or is in recovery, and why, in a person's words. */
export const recoveryStatusSchema = z.strictObject({
  state: z.enum(['normal', 'recovery']),
  reason: z.enum(RECOVERY_REASONS).nullable(),
  /** What happened, in a person's words (empty when normal). */
  message: z.string(),
  /** The data folder and the database file in it, in full. */
  dataDir: z.string(),
  databaseFile: z.string(),
  /** Where the damaged file goes when the person restores or starts again: `damaged/<time>/`. */
  damagedFolder: z.string(),
  /** A locked keychain, a missing or a wrong key may be put right in the keychain: "Try again" is offered. */
  canTryAgain: z.boolean(),
});
export type RecoveryStatus = z.infer<typeof recoveryStatusSchema>;

/** One connection's unsent changes and local-only work, as far as the damaged file could be read. */
export const recoveredConnectionSchema = z.strictObject({
  name: z.string(),
  unsent: unsentChangesSchema,
  localOnly: localOnlyWorkSchema,
});
export type RecoveredConnection = z.infer<typeof recoveredConnectionSchema>;

/** What could still be read of the work not in Ascora, read row by row from the damaged file. */
export const recoveredWorkSchema = z.strictObject({
  /** False: the file could not be read at all (no key, a wrong key, or its first page is damaged). */
  readable: z.boolean(),
  /** Why nothing, or not everything, could be read (null when every row was read). */
  note: z.string().nullable(),
  connections: z.array(recoveredConnectionSchema),
  /** Places in the file (a row, or a run of rows) that could not be read. */
  unreadable: count,
});
export type RecoveredWork = z.infer<typeof recoveredWorkSchema>;

/** A copy in backups/ that opens with this computer's key, and what it holds. */
export const recoveryBackupSchema = z.strictObject({
  /** The file's name in backups/ (what restore is given). */
  name: z.string(),
  /** When it was taken (UTC ISO). */
  takenAt: when,
  /** The update it preceded (the migration's tag). */
  before: z.string(),
  connections: z.array(z.strictObject({ name: z.string(), jobs: count })),
  sizeBytes: count,
});
export type RecoveryBackup = z.infer<typeof recoveryBackupSchema>;

/** After restore, start again or try again: the app opened normally, or is still in recovery. */
export const recoveryOutcomeSchema = z.strictObject({
  state: z.enum(['normal', 'recovery']),
  /** Where the damaged file (with its -wal and -shm) was moved; null when nothing was moved. */
  movedTo: z.string().nullable(),
  /** Still in recovery: why, in a person's words. */
  message: z.string(),
});
export type RecoveryOutcome = z.infer<typeof recoveryOutcomeSchema>;
