/**
 * Domain types as the renderer sees them. Money is integer cents (AUD); instants are ISO-8601 UTC
 * strings; local ids are SQLite integer ids, Ascora ids are GUID strings (null until pushed).
 */
import type { RecordState } from './record-state';
import type { AgeingBucket } from './invoice-figures';

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

export interface IntegrationStatus {
  id: number;
  displayName: string;
  baseUrl: string;
  isDemo: boolean;
  state: IntegrationState;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  pendingCount: number;
  failedCount: number;
  conflictCount: number;
  /**
   * What needs a person: the Sync centre's to-do list and the open conflicts. The header, the
   * navigation badge, the Sync centre and Today all show this one number (services/attention.ts).
   */
  needsPersonCount: number;
  /** False when the last request to Ascora failed for network reasons. */
  online: boolean;
}

export interface ConnectionTestResult {
  jobCount: number;
  customerCount: number;
}

export interface Page<T> {
  rows: T[];
  /** Opaque keyset cursor for the next page; null on the last page. */
  nextCursor: string | null;
  /** Rows matching the filters (all pages). */
  total: number;
  /**
   * True when the search held text but nothing a search can use (only punctuation or emoji): the
   * page is empty on purpose, and the list says so (see main/core/db/fts.ts readSearch).
   */
  nothingSearchable?: boolean;
}

export interface IdName {
  id: string;
  name: string;
}

export interface JobRow {
  id: number;
  ascoraJobId: string | null;
  jobNumber: string | null;
  jobName: string;
  /** Ascora's raw status code; never mapped to text (codes vary per tenant). */
  jobStatus: number | null;
  jobStatusText: string | null;
  /** A status set in the app; Ascora's API cannot carry it, so it is local only. */
  localStatusText: string | null;
  customerName: string | null;
  suburb: string | null;
  state: string | null;
  dateCreated: string | null;
  totalIncTaxCents: number | null;
  syncState: SyncState;
  /** Ascora no longer lists it (deleted or merged there): kept here, never counted as in Ascora. */
  remoteMissing: boolean;
  /** Ascora no longer has it and a person chose to keep it on this computer. */
  keptLocally: boolean;
}

/** A job's status set in the app before a batch change (null: none, it showed Ascora's). */
export interface JobStatusBefore {
  jobId: number;
  statusText: string | null;
}

/** What a CSV of jobs carries beyond the list's row (read a page of ids at a time). */
export interface JobExportDetails {
  id: number;
  /** The site address on one line: street, suburb, state and postcode. */
  siteAddress: string;
  /** Ascora's client order number, where the claim number goes (ascora-api.md; report-mapping.ts). */
  claimNumber: string;
  purchaseOrderNumber: string;
  /** From the job description's "Insurer: …" line, as Ascora has no insurer field; '' when none. */
  insurer: string;
  /** The site contact, else the billing contact, else the site customer's contact person; '' when none. */
  contact: string;
  /** The site customer's phone, else mobile; '' when none. */
  contactPhone: string;
  /** Ascora's completed date. Ascora gives no last-modified date for a job (ascora-api.md section 3). */
  completedDate: string | null;
}

export interface CustomerExportDetails {
  id: number;
  contact: string;
  /** Street, suburb, state and postcode on one line. */
  address: string;
}

export interface InvoiceExportDetails {
  id: number;
  dueDate: string | null;
  /** The invoice's job's claim number (Ascora's client order number); '' when none or no job here. */
  claimNumber: string;
  /** The invoice's job's insurer (its description's "Insurer: …" line); '' when none. */
  insurer: string;
}

/** A change of a record on its way to Ascora (its newest open queued item), in the person's terms. */
export interface OpenChange {
  outboxId: number;
  kind: 'create' | 'update';
  /**
   * waiting: queued, not sent yet; sending: on the wire now; refused: Ascora said no (`error` says
   * why); check: sent, but the answer was lost: a person looks in Ascora.
   */
  state: 'waiting' | 'sending' | 'refused' | 'check';
  error: string | null;
  /** A person may still change it or take it back here: it has not reached Ascora. */
  repairable: boolean;
}

export interface JobNote {
  id: number;
  text: string;
  /** Who wrote it: the name in Settings when it was written (the OS user name if none was set). */
  author: string;
  createdAt: string;
  /** When it was last changed, if ever. */
  editedAt: string | null;
  /** A person entered it in Ascora by hand ("Done in Ascora"): when, and their name. */
  enteredInAscora: EnteredInAscora | null;
}

export interface EnteredInAscora {
  at: string;
  by: string;
}

export interface JobAttachment {
  id: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: string;
  /** A person entered it in Ascora by hand ("Done in Ascora"); absent where not read. */
  enteredInAscora?: EnteredInAscora | null;
}

export interface JobDetail extends JobRow {
  topLevelJobNumber: string | null;
  jobDescription: string;
  workUndertaken: string;
  completedDate: string | null;
  pricingMethod: string | null;
  totalExTaxCents: number | null;
  purchaseOrderNumber: string;
  clientOrderNumber: string;
  addressLine1: string;
  addressLine2: string;
  postcode: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  jobType: IdName | null;
  siteCustomer: IdName | null;
  billingCustomer: IdName | null;
  siteCustomerLocalId: number | null;
  reportId: string | null;
  /** Why the job or parts of it are not in Ascora, in words for the user. */
  localOnlyReasons: string[];
  /** The status set here was entered in Ascora by hand ("Done in Ascora"): when, and by whom. */
  statusEnteredInAscora: EnteredInAscora | null;
  lastError: string | null;
  /** The job's create, while it has not reached Ascora. */
  change: OpenChange | null;
  notes: JobNote[];
  attachments: JobAttachment[];
  /** The site customer's ways to be reached, as the mirror has them (null: no customer in the mirror). */
  contact: CustomerContact | null;
  /** Ascora's site contact on the job ({id, name} only: Ascora sends no phone or email for it). */
  siteContactName: string | null;
  /** The job's invoices in the mirror, with the payments recorded here. */
  invoices: JobInvoice[];
  /** Where "Open in Ascora" goes (https, ascora.com.au only; ascora-api.md section 6), or null. */
  ascoraUrl: string | null;
}

export interface CustomerContact {
  customerId: number;
  name: string;
  phoneNumber: string;
  mobileNumber: string;
  emailAddress: string;
}

export interface JobInvoice {
  id: number;
  invoiceNumber: string;
  invoiceDate: string | null;
  /** With GST (shared/invoice-figures.ts); `gstFromAscora` false when the app added it. */
  totalCents: number;
  remainingCents: number;
  gstFromAscora: boolean;
  payments: Payment[];
}

/** A customer's jobs and invoices, for the customer panel (newest first, at most RELATED_LIMIT each). */
export interface CustomerRelated {
  jobs: { id: number; jobNumber: string | null; jobName: string; status: string; dateCreated: string | null }[];
  jobCount: number;
  invoices: {
    id: number;
    invoiceNumber: string;
    invoiceDate: string | null;
    totalCents: number;
    remainingCents: number;
    gstFromAscora: boolean;
  }[];
  invoiceCount: number;
}
export const RELATED_LIMIT = 20;

export interface CustomerRow {
  id: number;
  ascoraCustomerId: string | null;
  customerName: string;
  companyName: string;
  emailAddress: string;
  phoneNumber: string;
  mobileNumber: string;
  streetSuburb: string;
  streetState: string | null;
  /** The contact's first and last names ("Sam Lee"). */
  contactName: string;
  /**
   * How many other customers of the connection have the same name: beside a shared name, lists and
   * pickers show what tells them apart (namesakeDetail in shared/customer-names.ts).
   */
  namesakes: number;
  syncState: SyncState;
  /** Ascora no longer lists it (deleted or merged there): kept here, never offered for a new job. */
  remoteMissing: boolean;
  /** Ascora no longer has it and a person chose to keep it on this computer. */
  keptLocally: boolean;
  /** Its create was sent, the answer lost, and only look-alikes found: a person checks Ascora. */
  needsCheck: boolean;
}

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

export interface CustomerDetail extends CustomerRow {
  customerNumber: string;
  contactFirstName: string;
  contactLastName: string;
  streetLine1: string;
  streetLine2: string;
  streetPostcode: string;
  streetCountry: string;
  onHold: boolean;
  lastError: string | null;
  conflictId: number | null;
  /** The customer's create or edit, while it has not reached Ascora. */
  change: OpenChange | null;
  /** An edit not yet in Ascora: each field changed here, with the value Ascora has (what discarding restores). */
  unsentFields: { field: string; label: string; mine: string; ascora: string }[];
}

export interface InvoiceLine {
  itemCode: string;
  description: string;
  quantity: number;
  unitAmountExTaxCents: number;
  amountExTaxCents: number;
  invoiceLineType: string;
}

export type PaymentState = 'pending' | 'synced' | 'failed' | 'needs_check';

export interface Payment {
  id: number;
  amountCents: number;
  paymentDate: string;
  paymentMethod: string;
  receiptNumber: string;
  comment: string;
  state: PaymentState;
  lastError: string | null;
}

export interface InvoiceRow {
  id: number;
  ascoraInvoiceId: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  jobNumber: string | null;
  customerName: string | null;
  totalExTaxCents: number;
  /** Only when Ascora gave a tax figure. */
  taxCents: number | null;
  /** Ascora's GST, or 10% added when it sent none (shared/invoice-figures.ts). */
  gstCents: number;
  /** False when the app added the GST: the screens say so beside the total. */
  gstFromAscora: boolean;
  /** The total with GST. */
  totalCents: number;
  paidInAppCents: number;
  /** The total less what was paid in this app; negative for a credit note or an overpaid invoice. */
  remainingCents: number;
  /** True once the invoice left Ascora's export list (exported to accounting or removed). */
  noLongerPending: boolean;
}

export interface InvoiceDetail extends InvoiceRow {
  dueDate: string | null;
  ascoraJobId: string | null;
  lines: InvoiceLine[];
  payments: Payment[];
}

export interface EstimateLine {
  description: string;
  quantity: number;
  unit: string;
  unitCost: number;
  totalCost: number;
  category: string;
  notes?: string;
}

/** A RestoreAssist damage report (ascora-api.md section 5). Costs are AUD as in the report. */
export interface Report {
  report_id: string;
  property_address: string;
  damage_type: DamageType;
  state: AuState;
  damage_description: string;
  summary: string;
  authority_to_proceed: string;
  client_name: string;
  insurance_company: string;
  claim_number: string;
  scope_of_work: string[];
  compliance_notes: string[];
  itemized_estimate: EstimateLine[];
  total_cost: number;
  severity: Severity;
  urgent: boolean;
  client_email: string;
  client_phone: string;
  assessor_name: string;
  /** When the report was made (RestoreAssist's, or when it was created in the app). */
  created_at?: string;
  /** When RestoreAssist last changed it. */
  updated_at?: string;
}

export interface ReportRow {
  reportId: string;
  clientName: string;
  propertyAddress: string;
  damageType: DamageType;
  severity: Severity;
  urgent: boolean;
  totalCostCents: number;
  /** The report's own date (made, else last changed in RestoreAssist), never when it was imported; null when it has none. */
  reportDate: string | null;
  insurer: string;
  claimNumber: string;
  /** Local id of the job made from this report, if any. */
  jobId: number | null;
  /** That job's number in Ascora, once Ascora has it. */
  jobNumber: string | null;
  /** Where that job stands with Ascora (shared/record-state.ts), if there is one. */
  jobState: RecordState | null;
}

export interface ReportImportResult {
  fileName: string;
  /** Nothing was wrong with the file (imported, or the report was already here). */
  ok: boolean;
  /**
   * imported: a new report; updated: a report already here, taken again from a changed file;
   * already_here: the same report was already here (nothing changed; `problems` says why when the
   * file differs but could not be taken); refused: the file could not be imported (`problems`).
   */
  outcome: 'imported' | 'updated' | 'already_here' | 'refused';
  reportId: string | null;
  problems: string[];
}

/** An existing customer like a report's client, and how it differs from the report. */
export interface CustomerMatch extends CustomerRow {
  /** The report's name and its email or phone (in any format): the same person, as an office would accept. */
  sameCustomer: boolean;
  /** What is the same as in the report, of its name, email, phone and suburb. */
  same: ('name' | 'email' | 'phone' | 'suburb')[];
  /** What differs from the report, in words ("Different email: …"); empty when nothing does. */
  differences: string[];
}

/** What "create job from report" would send, for the preview. */
export interface JobPreview {
  job: {
    jobName: string;
    jobDescription: string;
    pricingMethod: PricingMethod;
    totalExTaxCents: number;
    totalIncTaxCents: number;
    addressLine1: string;
    suburb: string;
    state: string;
    postcode: string;
    country: string;
    clientOrderNumber: string;
    addressNeedsReview: boolean;
  };
  /** Existing customers like the report's: ones an office would accept first, then look-alikes. */
  customerMatches: CustomerMatch[];
  /**
   * The one customer chosen for the person: only when exactly one has the report's name and its
   * email or phone. Otherwise null, and "New customer" is chosen until the person picks another.
   */
  preselectedCustomerId: number | null;
  newCustomer: {
    contactFirstName: string;
    contactLastName: string;
    companyName: string;
    emailAddress: string;
    phoneNumber: string;
    streetLine1: string;
    streetSuburb: string;
    streetState: string;
    streetPostcode: string;
  };
  warnings: string[];
}

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

/** The record a queued change or a log line is about, in the person's words, and where to open it. */
export interface RecordRef {
  /** What kind of change: "New customer", "Customer change", "New job", "Payment". */
  what: string;
  /** Which record: the customer's name, the job's number or name (and its report's client), the payment's receipt and invoice. */
  name: string;
  /** Where it is shown; null when it is no longer in the app (taken back). */
  open: { entity: 'customer' | 'job' | 'invoice'; id: number } | null;
}

/** Changes made here that Ascora does not have yet: what a wipe would lose (the disconnect dialog). */
export interface UnsentChanges {
  count: number;
  /** The first few, named in words (oldest first). */
  first: RecordRef[];
}

/**
 * Work kept only on this computer, because Ascora's API has no place for it (a job's status set
 * here, its notes, its attachments): nothing sends it anywhere, so a wipe loses it for good.
 */
export interface LocalOnlyWork {
  /** The jobs holding some. */
  jobCount: number;
  statusCount: number;
  noteCount: number;
  attachmentCount: number;
  /** The first few jobs, named ("Job J10234: Water damage – …") with what each holds, in words. */
  first: { job: string; holds: string }[];
}

export const TO_ENTER_KINDS = ['status', 'note', 'attachment'] as const;
export type ToEnterKind = (typeof TO_ENTER_KINDS)[number];

/**
 * One thing kept only on this computer that the technicians cannot see until a person enters it
 * in Ascora by hand: a job's status set here, a note, an attachment.
 */
export interface ToEnterItem {
  kind: ToEnterKind;
  /** The note's or attachment's id; for a status, the job's. */
  id: number;
  jobId: number;
  /** "Job J10234: Water damage – …", as the disconnect dialog names it. */
  job: string;
  /** The status, the note's text or the file's name. */
  text: string;
  /** Who wrote a note (empty otherwise). */
  by: string;
  /** When it was set, written or attached (UTC ISO). */
  at: string;
}

/** Where an export of the local-only work was written, and what it holds. */
export interface LocalOnlyExport {
  /** The folder, in full, for the person to find it. */
  path: string;
  /** The CSV of statuses and notes, and one file per attachment copied. */
  files: number;
  /** Attachments whose copy was missing from the data folder: named in the CSV, not copied. */
  missing: number;
  /** The host can open a folder in the file manager (Electron); a browser can only show the path. */
  canOpen: boolean;
  /** It was opened by this call. */
  opened: boolean;
}

/**
 * A wipe of a connection's local copy needs its name, typed: the dialog enables the button with
 * this, and main refuses a mismatch with it too (a renderer bug cannot wipe).
 */
export function wipeNameMatches(displayName: string, typed: string): boolean {
  return typed.trim() === displayName.trim();
}

/** What the machine told the app (syncs it starts by itself when the schedule is on). */
export const SYNC_SIGNALS = ['startup', 'online', 'resume'] as const;
export type SyncSignal = (typeof SYNC_SIGNALS)[number];

/** One connection's answer to a machine signal. */
export interface SyncSignalOutcome {
  integrationId: number;
  /** started a run, joined the one going, or not (the reason says why). */
  outcome: 'started' | 'joined' | 'skipped';
  reason: string | null;
}

/**
 * A change that needs a person (the Sync centre's to-do list): refused by Ascora, or sent with its
 * answer lost. The list is exactly what the Dashboard counts as needing attention.
 */
export interface SyncProblem extends RecordRef {
  /** The queued change; null for a report made into two jobs in Ascora (nothing queued to act on). */
  outboxId: number | null;
  /**
   * `duplicate`: two desktops made one report into a job at the same moment, and both are in
   * Ascora; a person cancels one there (Ascora's API cannot delete a job).
   */
  state: 'refused' | 'check' | 'duplicate';
  /** Ascora's message, or what happened. */
  reason: string | null;
  since: string;
  /** For a payment to check: confirmed found or not found in Ascora, here. */
  paymentId: number | null;
}

/**
 * A customer in Ascora that may be the one a held create carried (its answer was lost, and another
 * user may have changed it since): what a person compares before "this is ours: link it".
 */
export interface HeldCustomerCandidate {
  ascoraCustomerId: string;
  name: string;
  companyName: string;
  emailAddress: string;
  phoneNumber: string;
  street: string;
  /** Exactly as the create carried it (only possible if it was changed back). */
  exact: boolean;
}

export interface SyncLogRow {
  id: number;
  runId: string | null;
  kind: string;
  /** A run's kind; null for an item entry. */
  runKind: SyncRunKind | null;
  /** A run, or the record an item line is about, in the person's words. */
  subject: RecordRef;
  direction: 'pull' | 'push' | 'none';
  entity: string | null;
  status: LogStatus;
  /** The queued change an item entry is about (for a person's action on it). */
  outboxId: number | null;
  message: string | null;
  error: string | null;
  recordsProcessed: number;
  recordsWritten: number;
  retryCount: number;
  durationMs: number | null;
  createdAt: string;
}

export interface ConflictField {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface Conflict {
  id: number;
  entity: 'customer' | 'job';
  recordId: number;
  recordLabel: string;
  fields: ConflictField[];
  createdAt: string;
}

export interface Schedule {
  integrationId: number;
  active: boolean;
  intervalMinutes: number;
  lastRunAt: string | null;
  nextRunAt: string | null;
  consecutiveFailures: number;
}

/**
 * Records this computer has that Ascora no longer has (another user deleted or merged them), and no
 * one has kept or removed here yet: found by a full check, counted as the lists' "No longer in
 * Ascora" filter counts them.
 */
export interface NoLongerInAscora {
  jobs: number;
  customers: number;
}

export interface SyncStatus {
  integrationId: number;
  running: boolean;
  state: IntegrationState;
  lastSuccessAt: string | null;
  lastError: string | null;
  pendingCount: number;
  failedCount: number;
  conflictCount: number;
  /** When every list last had a full pass (the older of customers' and jobs'); null: never. */
  lastFullPassAt: string | null;
  /** When the next full pass is due (a run then is full); null: due now. */
  fullPassDueAt: string | null;
  noLongerInAscora: NoLongerInAscora;
}

export interface SyncRunSummary {
  runId: string;
  kind: SyncRunKind;
  status: 'success' | 'failed' | 'partial';
  pushed: number;
  pulled: number;
  written: number;
  failed: number;
  conflicts: number;
  /** Records a full check found Ascora no longer has (looked up, not found) in this run. */
  noLongerInAscora?: number;
  durationMs: number;
  message: string;
}

/** The folder of the log files people send to support. */
/** Whether the local copy (database and backups) is encrypted at rest, and if not, why and what to do. */
export interface LocalCopyProtection {
  encrypted: boolean;
  /** Null when encrypted; otherwise the reason and the remedy, in a person's words. */
  note: string | null;
}

export interface LogFolder {
  path: string;
  /** The host can open a folder in the file manager (Electron); a browser can only show the path. */
  canOpen: boolean;
  /** It was opened by this call. */
  opened: boolean;
}

export interface Settings {
  /** Payment method names configured in the Ascora tenant (no endpoint lists them). */
  paymentMethods: string[];
  /** When true, a report's total_cost includes GST and ex-tax = round(total / 1.1). */
  reportTotalsIncludeGst: boolean;
  closeToTray: boolean;
  /** The window's colours: follow the OS (light or dark), or always one of them. */
  theme: ThemeChoice;
  /** The name notes are signed with; empty: the computer's user name (`defaultName`). */
  yourName: string;
  /** The computer's user name, read by the core: what notes are signed with when `yourName` is empty. */
  defaultName: string;
  /**
   * The office's IANA time zone (e.g. `Australia/Perth`): every date shown, "today", date filters,
   * invoice ageing and the dates sent to Ascora. Defaults to the computer's zone.
   */
  timeZone: string;
  /**
   * The first start's "Your name" and time zone were answered (saved or skipped): not asked again.
   * Both stay in Settings either way.
   */
  firstStartAnswered: boolean;
}

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Which jobs the last sync brought: new to the app, or changed in Ascora. */
export const LAST_SYNC_CHANGES = ['new', 'updated'] as const;
export type LastSyncChange = (typeof LAST_SYNC_CHANGES)[number];

/** The Today screen: each figure with what is needed to open the list behind it. */
export interface TodaySummary {
  /** The office's date (YYYY-MM-DD) the figures are for. */
  today: string;
  /** No sync has finished yet: the screen shows the first sync's progress, not zeros. */
  firstSyncPending: boolean;
  /** Jobs the last finished sync wrote: new ones and ones Ascora changed (a few of each, newest first). */
  lastSync: {
    finishedAt: string | null;
    newJobs: number;
    updatedJobs: number;
    jobs: { id: number; jobNumber: string | null; jobName: string; change: LastSyncChange }[];
  };
  needsPerson: {
    /** Changes Ascora refused (outbox failed). */
    refused: number;
    /** Changes sent whose answer was lost, payments aside (outbox needs_check). */
    toCheck: number;
    /** Payments to look up in Ascora (needs_check payments). */
    paymentsToCheck: number;
    conflicts: number;
    /** Reports no job was made from yet. */
    reportsWithoutJob: number;
    /** Reports made into more than one job in Ascora (two desktops at the same moment), none cancelled. */
    duplicateJobs: number;
  };
  noLongerInAscora: NoLongerInAscora;
  /** Jobs created on the office's today, by status. */
  todaysJobs: { status: string; count: number }[];
  /**
   * Open invoices (still waiting to be exported, with something left to pay) in Xero's ageing
   * buckets (shared/invoice-figures.ts), each counted once: the buckets add up to `outstanding`.
   */
  ageing: { bucket: AgeingBucket; count: number; remainingCents: number }[];
  outstanding: { count: number; remainingCents: number };
}
