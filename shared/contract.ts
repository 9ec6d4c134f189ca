/**
 * The IPC contract: every channel between renderer and main, with its kind (query or command), a
 * zod schema for its input and a zod schema for its output. The main-side registry, the renderer's
 * client and both transports (Electron preload, browser host) are all derived from this one table.
 */
import { z } from 'zod';
import {
  AU_STATES,
  conflictSchema,
  connectionTestResultSchema,
  customerDetailSchema,
  customerExportDetailsSchema,
  customerRelatedSchema,
  customerRowSchema,
  DAMAGE_TYPES,
  heldCustomerCandidateSchema,
  integrationStatusSchema,
  invoiceDetailSchema,
  invoiceExportDetailsSchema,
  invoiceRowSchema,
  jobAttachmentSchema,
  jobDetailSchema,
  jobExportDetailsSchema,
  jobNoteSchema,
  jobPreviewSchema,
  jobRowSchema,
  jobStatusBeforeSchema,
  LAST_SYNC_CHANGES,
  localOnlyExportSchema,
  localOnlyWorkSchema,
  LOG_KINDS,
  LOG_STATUSES,
  localCopyProtectionSchema,
  recoveredWorkSchema,
  recoveryBackupSchema,
  recoveryOutcomeSchema,
  recoveryStatusSchema,
  logFolderSchema,
  pageOf,
  paymentSchema,
  PRICING_METHODS,
  type Report,
  reportImportResultSchema,
  reportOutputSchema,
  reportRowSchema,
  scheduleSchema,
  settingsSchema,
  SEVERITIES,
  SYNC_ENTITIES,
  SYNC_RUN_KINDS,
  syncLogRowSchema,
  syncProblemSchema,
  syncRunSummarySchema,
  syncSignalOutcomeSchema,
  syncStatusSchema,
  THEME_CHOICES,
  TO_ENTER_KINDS,
  todaySummarySchema,
  toEnterItemSchema,
  unsentChangesSchema,
} from './domain';
import { AGEING_BUCKETS } from './invoice-figures';
import { RECORD_FILTERS } from './record-state';
import { isTimeZone } from './time';
import { restartAnswerSchema, updateStatusSchema } from './updates';

// ---- building blocks -------------------------------------------------------------------------

const localId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().nonnegative();
const integrationId = localId;
const shortText = (max = 200) => z.string().trim().max(max);
const isoDate = z.iso.date(); // YYYY-MM-DD
const pageLimit = z.number().int().min(1).max(500).default(100);
const cursor = z.string().max(500).nullable().default(null);
const uuid = z.uuid();

/** Australian phone: 10 digits starting 0 (landline or mobile), or +61 and 9 digits. */
export const AU_PHONE = /^(?:\+61 ?[2-478](?:[ -]?\d){8}|\(?0[2-478]\)?(?:[ -]?\d){8})$/;
const auPhone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => v === '' || AU_PHONE.test(v), 'Enter an Australian phone number, e.g. 02 9876 5432 or 0412 345 678.');
const email = z
  .string()
  .trim()
  .max(254)
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid email address.');

/** The URL of an Ascora API; https only, except loopback (the simulator). */
export const baseUrlSchema = z
  .url()
  .max(500)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      if (url.protocol === 'https:') return true;
      return url.protocol === 'http:' && isLoopbackHost(url.hostname);
    } catch {
      return false;
    }
  }, 'The Ascora address must start with https:// (plain http is allowed only for 127.0.0.1 or localhost).');

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const apiKey = z.string().trim().min(8, 'The API key looks too short.').max(512);

/** Each field of a customer as a person may type it (a new customer; a field changed on an edit). */
export const customerFieldShape = {
  customerNumber: shortText(50).default(''),
  companyName: shortText(200).default(''),
  contactFirstName: shortText(100).default(''),
  contactLastName: shortText(100).default(''),
  emailAddress: email.default(''),
  phoneNumber: auPhone.default(''),
  mobileNumber: auPhone.default(''),
  streetLine1: shortText(200).default(''),
  streetLine2: shortText(200).default(''),
  streetSuburb: shortText(100).default(''),
  streetState: z.enum(AU_STATES).nullable().default(null),
  streetPostcode: z
    .string()
    .trim()
    .regex(/^(\d{4})?$/, 'A postcode has four digits.')
    .default(''),
  streetCountry: shortText(100).default('Australia'),
};

const hasAName = (c: { companyName: string; contactFirstName: string; contactLastName: string }) =>
  c.companyName.trim() !== '' || c.contactFirstName.trim() !== '' || c.contactLastName.trim() !== '';

export const customerFieldsSchema = z
  .strictObject(customerFieldShape)
  .refine(hasAName, 'A customer needs a name or a company name.');
export type CustomerFields = z.output<typeof customerFieldsSchema>;

/**
 * An edit carries every field, as the form shows it; what came from Ascora may not match the app's
 * patterns (a phone number a digit short, an old postcode), and must not block an edit of another
 * field. So here each field is only bounded; the service checks a field against its pattern
 * (customerFieldShape) only when the person changed it, and sends the others back unchanged.
 */
const asStored = (max: number) => z.string().max(max).default('');
export const customerEditFieldsSchema = z
  .strictObject({
    customerNumber: asStored(200),
    companyName: asStored(500),
    contactFirstName: asStored(500),
    contactLastName: asStored(500),
    emailAddress: asStored(500),
    phoneNumber: asStored(100),
    mobileNumber: asStored(100),
    streetLine1: asStored(500),
    streetLine2: asStored(500),
    streetSuburb: asStored(200),
    streetState: z.string().max(100).nullable().default(null),
    streetPostcode: asStored(50),
    streetCountry: asStored(200),
  })
  .refine(hasAName, 'A customer needs a name or a company name.');
export type CustomerEditFields = z.output<typeof customerEditFieldsSchema>;

const estimateLineSchema = z.strictObject({
  description: z.string().trim().min(1, 'Each estimate line needs a description.').max(500),
  quantity: z.number().finite().nonnegative(),
  unit: shortText(30),
  unitCost: z.number().finite().nonnegative(),
  totalCost: z.number().finite().nonnegative(),
  category: shortText(60),
  notes: shortText(500).optional(),
});

/** A RestoreAssist report as the app stores and edits it (ascora-api.md section 5). */
export const reportSchema = z.object({
  report_id: uuid,
  property_address: z.string().trim().min(1, 'The property address is required.').max(300),
  damage_type: z.enum(DAMAGE_TYPES),
  state: z.enum(AU_STATES),
  damage_description: shortText(5000).default(''),
  summary: shortText(5000).default(''),
  authority_to_proceed: z
    .union([z.string().max(2000), z.boolean()])
    .transform((v) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : v))
    .default(''),
  client_name: z.string().trim().min(1, 'The client name is required.').max(200),
  insurance_company: shortText(200).default(''),
  claim_number: shortText(100).default(''),
  scope_of_work: z.array(shortText(500)).max(200).default([]),
  compliance_notes: z.array(shortText(500)).max(200).default([]),
  itemized_estimate: z.array(estimateLineSchema).max(500).default([]),
  total_cost: z.number().finite().nonnegative().max(100_000_000),
  severity: z.enum(SEVERITIES),
  urgent: z.boolean().default(false),
  client_email: email.default(''),
  client_phone: auPhone.default(''),
  assessor_name: shortText(200).default(''),
  // RestoreAssist's own dates for the report: kept for the Reports list's "Report date". Only a
  // date-time is kept; anything else there is left out rather than refusing the whole report.
  created_at: z.iso.datetime({ offset: true }).optional().catch(undefined),
  updated_at: z.iso.datetime({ offset: true }).optional().catch(undefined),
}) satisfies z.ZodType<Report, unknown>;

const jobListQuery = z.strictObject({
  integrationId,
  search: shortText(200).default(''),
  statusText: shortText(100).nullable().default(null),
  customerId: localId.nullable().default(null),
  createdFrom: isoDate.nullable().default(null),
  createdTo: isoDate.nullable().default(null),
  /** The state a person picks in the list's filter, in the app's words (shared/record-state.ts). */
  recordState: z.enum(RECORD_FILTERS).nullable().default(null),
  /** Only the jobs the last finished sync brought, new or changed (the Today screen's figures). */
  lastSync: z.enum(LAST_SYNC_CHANGES).nullable().default(null),
  sort: z.enum(['dateCreated', 'jobNumber', 'jobName', 'status', 'customerName', 'suburb']).default('dateCreated'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor,
  limit: pageLimit,
});

const customerListQuery = z.strictObject({
  integrationId,
  search: shortText(200).default(''),
  state: z.enum(AU_STATES).nullable().default(null),
  /** The state a person picks in the list's filter, in the app's words (shared/record-state.ts). */
  recordState: z.enum(RECORD_FILTERS).nullable().default(null),
  sort: z.enum(['customerName', 'streetSuburb']).default('customerName'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  cursor,
  limit: pageLimit,
});

/** The records of one page of a list being exported (a page is at most 500 rows). */
const exportIds = z.strictObject({ ids: z.array(localId).min(1).max(500) });

const invoiceListQuery = z.strictObject({
  integrationId,
  search: shortText(200).default(''),
  outstandingOnly: z.boolean().default(false),
  includeExported: z.boolean().default(true),
  /** Only invoices in this ageing bucket on the office's today (the Today screen's bars; shared/invoice-figures.ts). */
  ageing: z.enum(AGEING_BUCKETS).nullable().default(null),
  sort: z.enum(['invoiceDate', 'invoiceNumber', 'remaining']).default('invoiceDate'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor,
  limit: pageLimit,
});

const logListQuery = z.strictObject({
  integrationId,
  /** Words in the line's message or error, or in the name of the record it is about (customer, job, payment, invoice). */
  search: shortText(200).default(''),
  kind: z.enum(LOG_KINDS).nullable().default(null),
  status: z.enum(LOG_STATUSES).nullable().default(null),
  entity: shortText(40).nullable().default(null),
  runId: shortText(64).nullable().default(null),
  cursor,
  limit: pageLimit,
});

/** Attachments travel as base64 so both transports carry them the same way. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** One report file at most (a RestoreAssist report is a few KB); checked per file by the import. */
export const MAX_REPORT_FILE_BYTES = 5 * 1024 * 1024;
/** One import call at most, all files together. */
export const MAX_REPORT_BATCH_BYTES = 48 * 1024 * 1024;
/**
 * What one `reports.import` call carries at most: the browser host takes request bodies up to
 * 16 MB, so a larger selection is sent in several calls (renderer/src/components/import-batches.ts).
 * One file (at most 5 MB, about 6.7 MB in base64) always fits in one call.
 */
export const MAX_REPORT_CALL_BASE64_CHARS = 12 * 1024 * 1024;
const MAX_REPORT_BATCH_BASE64_CHARS = Math.ceil(MAX_REPORT_BATCH_BYTES / 3) * 4;
export const ALLOWED_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/heic',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

/** The allowed kinds in a person's words, for the attach hint and messages. */
export const ATTACHMENT_TYPE_NAMES = 'PDF, JPEG, PNG, HEIC, text, CSV, Word or Excel';

/** A payment as a person enters it (record, or change one not yet in Ascora). */
const paymentFields = {
  amountCents: z.number().int().positive('A payment must be above zero.').max(1_000_000_000),
  paymentDate: isoDate,
  paymentMethod: z.string().trim().min(1).max(100),
  comment: shortText(500).default(''),
  /**
   * The person saw the warnings (a date in the future or before the invoice date, more than the
   * ex-GST total Ascora sent) and said to go on. Without it such a payment is not saved and the
   * call answers NEEDS_CONFIRMATION with the warnings.
   */
  confirmWarnings: z.boolean().default(false),
};

// ---- the channel table -----------------------------------------------------------------------

/**
 * A query reads this computer's data and nothing else: no writes, no events, no network, no file
 * or window opened. It is safe to repeat, to cache, and to run on a read-only connection away from
 * the writer. A command is everything else (a change, a call to Ascora, a file written or opened).
 */
export const CHANNEL_KINDS = ['query', 'command'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface Channel<K extends ChannelKind, I extends z.ZodType, O extends z.ZodType> {
  readonly kind: K;
  readonly input: I;
  /** Every answer of the channel; the core checks answers against it outside production (ipc/registry.ts). */
  readonly output: O;
  readonly summary: string;
}

const channelOf =
  <K extends ChannelKind>(kind: K) =>
  <O extends z.ZodType>(output: O) =>
  <I extends z.ZodType>(input: I, summary: string): Channel<K, I, O> => ({ kind, input, output, summary });
const query = channelOf('query');
const command = channelOf('command');

const none = z.strictObject({});
const byIntegration = z.strictObject({ integrationId });

export const contract = {
  // connection
  'integration.list': query(z.array(integrationStatusSchema))(none, 'Connected Ascora accounts and their state'),
  'integration.status': query(integrationStatusSchema)(byIntegration, 'State of one connection'),
  'integration.test': command(connectionTestResultSchema)(
    z.strictObject({ apiKey, baseUrl: baseUrlSchema.optional() }),
    'Try an API key with a real call; nothing is saved',
  ),
  'integration.connect': command(integrationStatusSchema)(
    z.strictObject({ apiKey, baseUrl: baseUrlSchema.optional(), displayName: shortText(100).optional() }),
    'Test the key, save it to the OS keychain and add the connection',
  ),
  'integration.replaceKey': command(integrationStatusSchema)(
    z.strictObject({ integrationId, apiKey }),
    'Test a new API key for an existing connection (after a disconnect that kept the local copy, or a refused key) and save it to the OS keychain',
  ),
  'integration.openDemo': command(integrationStatusSchema)(none, 'Start the built-in demo Ascora and connect to it'),
  'integration.disconnect': command(z.strictObject({ wiped: z.boolean() }))(
    // A wipe carries the connection's name as the person typed it; main refuses a mismatch, so a
    // renderer bug (or one stray click) cannot wipe.
    z.discriminatedUnion('wipeMirror', [
      z.strictObject({ integrationId, wipeMirror: z.literal(false) }),
      z.strictObject({ integrationId, wipeMirror: z.literal(true), confirmName: z.string().max(200) }),
    ]),
    'Forget the key; keep the local mirror, or wipe it (confirmName: the connection name, typed)',
  ),
  // sync
  'sync.now': command(syncRunSummarySchema)(
    z.strictObject({
      integrationId,
      entities: z.array(z.enum(SYNC_ENTITIES)).min(1).max(3).optional(),
      kind: z.enum(SYNC_RUN_KINDS).optional(),
    }),
    'Sync at once, skipping any backoff wait; joins a running sync. kind full: the Sync centre\'s "Full check now"; without kind, a full pass only when one is due',
  ),
  // A query that also reads the engine's memory (`running`): a reader thread away from the writer
  // asks the writer for that field, or leaves this channel on the writer.
  'sync.status': query(syncStatusSchema)(byIntegration, 'Pending, failed and conflict counts'),
  'sync.signal': command(z.array(syncSignalOutcomeSchema))(
    z.strictObject({ reason: z.enum(['online', 'resume']) }),
    'The machine is back online or awake: every connection whose schedule is on syncs (joins a running sync; none again within a minute of the last); answers at once',
  ),
  'sync.unsent': query(unsentChangesSchema)(
    byIntegration,
    'Changes made here that Ascora does not have yet (waiting, sending, refused, to check): the count and the first few in words',
  ),
  'sync.localOnly': query(localOnlyWorkSchema)(
    byIntegration,
    'Work kept only on this computer (job statuses set here, notes, attachments): what a wipe loses for good, counted and the first few named',
  ),
  'sync.exportLocalOnly': command(localOnlyExportSchema)(
    z.strictObject({ integrationId, open: z.boolean().default(false) }),
    "Write the local-only work to a new folder under the data folder's exports/ (a CSV of statuses and notes, the attachment files); open: true also opens it where the host can",
  ),
  'sync.toEnter': query(z.array(toEnterItemSchema))(
    byIntegration,
    'To enter in Ascora: each job status, note and attachment kept only here and not yet entered in Ascora by hand',
  ),
  'sync.markEntered': command(z.array(toEnterItemSchema))(
    z.strictObject({ kind: z.enum(TO_ENTER_KINDS), id: localId }),
    'Done in Ascora: a person entered this status, note or attachment in Ascora by hand; it stays here, marked entered (who, when), and leaves the list. Answers the list as it is now',
  ),
  'sync.retryFailed': command(z.strictObject({ requeued: count }))(
    z.strictObject({ integrationId, outboxIds: z.array(localId).max(10_000).optional() }),
    'Queue failed items again',
  ),
  'sync.sendParked': command(z.strictObject({ requeued: count }))(
    z.strictObject({ integrationId, outboxId: localId }),
    'A person checked Ascora for a change parked for a check and it is not there: send it once',
  ),
  'sync.heldCandidates': command(z.array(heldCustomerCandidateSchema))(
    z.strictObject({ integrationId, outboxId: localId }),
    'A customer create held for a check (its answer lost, only look-alikes in Ascora): the customers in Ascora that may be it, read from Ascora now',
  ),
  'sync.linkHeld': command(z.strictObject({ linked: z.literal(true), customerId: localId }))(
    z.strictObject({ integrationId, outboxId: localId, ascoraCustomerId: z.string().trim().min(1).max(100) }),
    'A person says a held customer create is this customer in Ascora: the local customer takes its Ascora id, edits made here since are kept and sent, and a job waiting on it goes',
  ),
  'sync.problems': query(z.array(syncProblemSchema))(
    byIntegration,
    'Changes that need a person (refused by Ascora, or answer lost), named in words, with where to open each: what the Dashboard counts as needing attention',
  ),
  'schedule.get': query(scheduleSchema)(byIntegration, 'The sync schedule'),
  'schedule.start': command(scheduleSchema)(
    z.strictObject({
      integrationId,
      intervalMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60),
    }),
    'Turn scheduled sync on',
  ),
  'schedule.stop': command(scheduleSchema)(byIntegration, 'Turn scheduled sync off'),
  'dashboard.summary': query(todaySummarySchema)(
    byIntegration,
    "The Today screen: what the last sync brought, what needs a person, the day's jobs by status, open invoices by age",
  ),
  // jobs
  'jobs.list': query(pageOf(jobRowSchema))(jobListQuery, 'A page of jobs (keyset)'),
  'jobs.statuses': query(z.array(z.string()))(byIntegration, 'Status texts present in the mirror, for filters'),
  'jobs.get': query(jobDetailSchema)(z.strictObject({ jobId: localId }), 'One job with notes and attachments'),
  'jobs.updateStatus': command(jobDetailSchema)(
    z.strictObject({ jobId: localId, statusText: z.string().trim().min(1).max(100) }),
    'Set a local-only status (Ascora has no job update)',
  ),
  'jobs.addNote': command(jobNoteSchema)(
    z.strictObject({ jobId: localId, text: z.string().trim().min(1, 'A note cannot be empty.').max(10_000) }),
    'Add a local-only note',
  ),
  'jobs.editNote': command(jobNoteSchema)(
    z.strictObject({
      noteId: localId,
      text: z.string().trim().min(1, 'A note cannot be empty.').max(10_000),
    }),
    'Change a note (notes stay in the app: Ascora has none, so every note may be changed)',
  ),
  'jobs.deleteNote': command(z.strictObject({ deleted: z.literal(true) }))(
    z.strictObject({ noteId: localId }),
    'Delete a note',
  ),
  'jobs.addAttachment': command(jobAttachmentSchema)(
    z.strictObject({
      jobId: localId,
      fileName: z.string().trim().min(1).max(255),
      /** What the browser said; the type is decided from the content (magic bytes) whatever this says. */
      mimeType: z.string().max(200).optional(),
      contentBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
    }),
    'Copy a file into the app data folder as a local-only attachment; its type is read from its content',
  ),
  'jobs.readAttachment': query(
    z.strictObject({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string() }),
  )(
    z.strictObject({ attachmentId: localId }),
    "An attachment's bytes, to save it elsewhere (download) or open it where the host cannot",
  ),
  'jobs.openAttachment': command(z.strictObject({ opened: z.boolean(), canOpen: z.boolean() }))(
    z.strictObject({ attachmentId: localId }),
    "Open an attachment's copy in the OS viewer (Electron); canOpen false where the host cannot (browser host: download it)",
  ),
  'jobs.removeAttachment': command(z.strictObject({ removed: z.literal(true) }))(
    z.strictObject({ attachmentId: localId }),
    'Remove an attachment and its copy (attachments stay in the app: Ascora has none)',
  ),
  'jobs.previewFromReport': query(jobPreviewSchema)(
    z.strictObject({ integrationId, reportId: uuid }),
    'What creating a job from this report would send',
  ),
  'jobs.createFromReport': command(jobDetailSchema)(
    z.strictObject({
      integrationId,
      reportId: uuid,
      customer: z.discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('existing'), customerId: localId }),
        z.strictObject({ mode: z.literal('new'), fields: customerFieldsSchema }),
      ]),
      overrides: z
        .strictObject({
          jobName: z.string().trim().min(1).max(200).optional(),
          pricingMethod: z.enum(PRICING_METHODS).optional(),
        })
        .default({}),
    }),
    'Create the job (and customer) offline; pushed on the next sync',
  ),
  'jobs.editUnsent': command(jobDetailSchema)(
    z.strictObject({
      jobId: localId,
      customerId: localId,
      jobName: z.string().trim().min(1, 'A job needs a name.').max(200),
      pricingMethod: z.enum(PRICING_METHODS),
      addressLine1: shortText(200),
      suburb: shortText(100),
      state: z.enum(AU_STATES).nullable(),
      postcode: z
        .string()
        .trim()
        .regex(/^(\d{4})?$/, 'A postcode has four digits.'),
      clientOrderNumber: shortText(100),
    }),
    'Change a job that has not reached Ascora (waiting, or refused by Ascora): its site customer and fields; it is sent again',
  ),
  'jobs.discardUnsent': command(z.strictObject({ discarded: z.literal(true), reportId: z.string().nullable() }))(
    z.strictObject({ jobId: localId }),
    'Discard a job that has not reached Ascora, with its notes and attachments here; its report can make a job again (the log keeps a line)',
  ),
  'jobs.batchUpdateStatus': command(z.strictObject({ updated: count, previous: z.array(jobStatusBeforeSchema) }))(
    z.strictObject({ jobIds: z.array(localId).min(1).max(10_000), statusText: z.string().trim().min(1).max(100) }),
    'Set a local-only status on many jobs; answers what each had before, for an Undo',
  ),
  'jobs.restoreStatuses': command(z.strictObject({ restored: count }))(
    z.strictObject({
      jobs: z
        .array(z.strictObject({ jobId: localId, statusText: z.string().trim().min(1).max(100).nullable() }))
        .min(1)
        .max(10_000),
    }),
    "Undo a batch status change: each job gets back the status set here before it (none: Ascora's again)",
  ),
  'jobs.exportDetails': query(z.array(jobExportDetailsSchema))(
    exportIds,
    'The columns a CSV of jobs has beyond the list: address, claim and order numbers, insurer, contact and phone, completed date',
  ),
  // customers
  'customers.list': query(pageOf(customerRowSchema))(customerListQuery, 'A page of customers (keyset)'),
  'customers.get': query(customerDetailSchema)(z.strictObject({ customerId: localId }), 'One customer'),
  'customers.related': query(customerRelatedSchema)(
    z.strictObject({ customerId: localId }),
    "A customer's jobs and invoices, newest first, for the customer panel",
  ),
  'customers.create': command(customerDetailSchema)(
    z.strictObject({ integrationId, fields: customerFieldsSchema }),
    'Create a customer offline; pushed on the next sync',
  ),
  'customers.update': command(customerDetailSchema)(
    z.strictObject({ customerId: localId, fields: customerEditFieldsSchema }),
    'Edit a customer; pushed on the next sync',
  ),
  'customers.discardChange': command(
    z.strictObject({ discarded: z.boolean(), removed: z.boolean(), message: z.string().optional() }),
  )(
    z.strictObject({ customerId: localId, mayBeInAscora: z.boolean().optional() }),
    'Discard a customer change that has not reached Ascora: an edit (the customer goes back to how Ascora has it) or a customer created here (removed). An edit whose answer was lost is read from Ascora first (message says what was found); a customer created here held for a check is withdrawn only with mayBeInAscora (the person confirmed)',
  ),
  'customers.exportDetails': query(z.array(customerExportDetailsSchema))(
    exportIds,
    'The columns a CSV of customers has beyond the list: contact and address',
  ),
  'customers.recreateInAscora': command(customerDetailSchema)(
    z.strictObject({ customerId: localId }),
    'Create again in Ascora a customer Ascora no longer has (deleted or merged there): queued as a new customer, sent on the next sync',
  ),
  // records Ascora no longer has
  'records.keepLocalCopy': command(z.strictObject({ kept: z.literal(true) }))(
    z.strictObject({ entity: z.enum(['customer', 'job']), id: localId }),
    'Keep a record Ascora no longer has on this computer: shown as kept only here, left out of counts and customer choices',
  ),
  'records.removeLocalCopy': command(z.strictObject({ removed: z.literal(true) }))(
    z.strictObject({ entity: z.enum(['customer', 'job']), id: localId }),
    'Remove a record Ascora no longer has from this computer (a job with its notes and attachments here); the log keeps a line',
  ),
  // invoices
  'invoices.list': query(pageOf(invoiceRowSchema))(invoiceListQuery, 'A page of invoices'),
  'invoices.exportDetails': query(z.array(invoiceExportDetailsSchema))(
    exportIds,
    "The columns a CSV of invoices has beyond the list: the due date, the job's claim number and insurer",
  ),
  'invoices.get': query(invoiceDetailSchema)(
    z.strictObject({ invoiceId: localId }),
    'One invoice with lines and payments',
  ),
  'invoices.recordPayment': command(paymentSchema)(
    z.strictObject({ invoiceId: localId, ...paymentFields }),
    'Record a payment; pushed once, never re-sent when its outcome is unknown',
  ),
  'invoices.editPayment': command(paymentSchema)(
    z.strictObject({ paymentId: localId, ...paymentFields }),
    'Change a payment that has not reached Ascora (waiting to be sent, or refused by Ascora); it is sent again',
  ),
  'invoices.withdrawPayment': command(z.strictObject({ withdrawn: z.literal(true) }))(
    z.strictObject({ paymentId: localId }),
    'Withdraw a payment that has not reached Ascora: the payment and its queued send are removed (the log keeps a line)',
  ),
  'invoices.confirmPayment': command(paymentSchema)(
    z.strictObject({ paymentId: localId, foundInAscora: z.boolean() }),
    'Settle a payment marked "check in Ascora"',
  ),
  // logs
  'logs.list': query(pageOf(syncLogRowSchema))(logListQuery, 'Sync log entries, newest first'),
  // reports
  'reports.list': query(z.array(reportRowSchema))(
    z.strictObject({ search: shortText(200).default('') }),
    'Local damage reports',
  ),
  'reports.get': query(reportOutputSchema)(z.strictObject({ reportId: uuid }), 'One report'),
  'reports.create': command(reportOutputSchema)(z.strictObject({ report: reportSchema }), 'Save a new report'),
  'reports.update': command(reportOutputSchema)(z.strictObject({ report: reportSchema }), 'Save changes to a report'),
  'reports.import': command(z.array(reportImportResultSchema))(
    z.strictObject({
      // The bytes, not text: the service tells UTF-8 (with or without a BOM) from UTF-16 and
      // names a file it cannot read. Each file's size is checked there too, so one file too large
      // gets its own result; only the batch as a whole is bounded here.
      files: z
        .array(z.strictObject({ fileName: z.string().trim().min(1).max(255), contentBase64: z.string() }))
        .min(1)
        .max(200)
        .refine((files) => files.reduce((sum, f) => sum + f.contentBase64.length, 0) <= MAX_REPORT_BATCH_BASE64_CHARS, {
          message: `Import fewer files at a time: together they are larger than ${MAX_REPORT_BATCH_BYTES / 1024 / 1024} MB.`,
        }),
    }),
    'Import RestoreAssist report JSON files, each all or nothing',
  ),
  // conflicts
  'conflicts.list': query(z.array(conflictSchema))(byIntegration, 'Fields changed on both sides'),
  'conflicts.resolve': command(z.strictObject({ resolved: z.boolean() }))(
    z.strictObject({
      conflictId: localId,
      choices: z.record(z.string().max(100), z.enum(['mine', 'theirs'])),
    }),
    'Keep mine or take theirs, per field',
  ),
  // settings
  'settings.get': query(settingsSchema)(none, 'App settings'),
  'settings.update': command(settingsSchema)(
    z.strictObject({
      paymentMethods: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
      reportTotalsIncludeGst: z.boolean().optional(),
      closeToTray: z.boolean().optional(),
      theme: z.enum(THEME_CHOICES).optional(),
      yourName: shortText(100).optional(),
      timeZone: z
        .string()
        .max(64)
        .refine(isTimeZone, { message: 'Pick a time zone from the list, such as Australia/Perth.' })
        .optional(),
      firstStartAnswered: z.boolean().optional(),
    }),
    'Change settings',
  ),
  'settings.logFolder': command(logFolderSchema)(
    z.strictObject({ open: z.boolean().default(false) }),
    "Where the app's log files are; open: true also opens the folder where the host can (Electron)",
  ),
  'settings.localCopy': query(localCopyProtectionSchema)(
    none,
    'Whether the local copy (database and backups) is encrypted with a key kept in the system keychain',
  ),
  // updates (answered by the desktop app's main process, where the updater runs: main/shell/updates.ts)
  'updates.status': query(updateStatusSchema)(
    none,
    "The app's updater: checking, an update downloading or downloaded and verified, or why not; the browser host answers that updates come with the desktop app",
  ),
  'updates.check': command(updateStatusSchema)(
    none,
    'Ask the update feed now for a newer version (downloaded in the background when there is one); answers the state at once',
  ),
  'updates.restart': command(restartAnswerSchema)(
    z.strictObject({ unsentConfirmed: count.optional(), whenSyncEnds: z.boolean().optional() }),
    'Restart into the downloaded update: not while a sync runs (named; whenSyncEnds: restart when it has finished), and not while changes are unsent unless the person confirmed that many (unsentConfirmed)',
  ),

  // ---- recovery (issue 22): answered by the recovery core when the local copy would not open ----
  'recovery.status': query(recoveryStatusSchema)(
    none,
    'Whether the app opened normally or is in recovery (the local copy would not open), and why; the window asks first',
  ),
  'recovery.recoveredWork': query(recoveredWorkSchema)(
    none,
    'In recovery: the unsent changes and local-only work still readable in the damaged file, read row by row',
  ),
  'recovery.exportRecoveredWork': command(localOnlyExportSchema)(
    z.strictObject({ open: z.boolean().default(false) }),
    "In recovery: write what could be read of the unsent changes and local-only work to a new folder under the data folder's exports/",
  ),
  'recovery.backups': query(z.array(recoveryBackupSchema))(
    none,
    "In recovery: the copies in backups/ that open with this computer's key, newest first, with their connections and job counts",
  ),
  'recovery.restoreBackup': command(recoveryOutcomeSchema)(
    z.strictObject({ name: z.string().min(1).max(200) }),
    'In recovery: move the damaged file aside into damaged/<time>/, put a copy of this backup in its place, and open the app',
  ),
  'recovery.startAgain': command(recoveryOutcomeSchema)(
    none,
    'In recovery: move the damaged file aside into damaged/<time>/ and open the app with an empty local copy (connect to Ascora again)',
  ),
  'recovery.tryAgain': command(recoveryOutcomeSchema)(
    none,
    'In recovery: try to open the local copy again (after the keychain was unlocked or its key restored); nothing is moved',
  ),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

/** What a caller passes (defaults optional). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What a handler receives after validation (defaults filled). */
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
/** What a channel answers: inferred from its output schema, so the renderer's types are the checked ones. */
export type OutputOf<C extends ChannelName> = z.output<Contract[C]['output']>;
export type KindOf<C extends ChannelName> = Contract[C]['kind'];
/** The channels that only read (see ChannelKind): the ones a reader thread or a cache may take. */
export type QueryChannel = { [C in ChannelName]: KindOf<C> extends 'query' ? C : never }[ChannelName];
export type CommandChannel = Exclude<ChannelName, QueryChannel>;

export const QUERY_CHANNELS = CHANNEL_NAMES.filter((name) => contract[name].kind === 'query') as QueryChannel[];

export function isQueryChannel(name: string): name is QueryChannel {
  return isChannelName(name) && contract[name].kind === 'query';
}

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
