/**
 * The SQLite mirror. Six tables of the integration summary (fixed: no UNIQUE api_url, one schedule
 * per integration, never an API key) plus the local tables the app needs beside them.
 * Money is integer cents; instants are ISO-8601 UTC text; booleans are 0/1 integers.
 * `drizzle-kit generate` turns this file into the migrations in `drizzle/`.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const timestamps = {
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
};

/** Bookkeeping every mirrored row carries (design.md, "The SQLite mirror"). */
const mirrorBookkeeping = {
  /** The last remote version as Ascora sent it, unknown fields included. */
  rawJson: text('raw_json'),
  /** SHA-256 of the canonical raw JSON (sorted keys): a pull writes only when this changes. */
  contentHash: text('content_hash'),
  /** The remote version local edits were made against, for the three-way merge. */
  baseJson: text('base_json'),
  syncState: text('sync_state', { enum: ['synced', 'pending', 'conflict', 'failed', 'local_only'] })
    .notNull()
    .default('synced'),
  /**
   * Raised by every local edit (sync/queue.ts). An outbox item remembers the version it sent, and
   * Ascora's answer replaces local fields only if the version has not moved since.
   */
  localVersion: integer('local_version').notNull().default(0),
  lastError: text('last_error'),
  /** The reconcile pass in which the row was last seen remotely. */
  lastSeenPass: integer('last_seen_pass'),
  /**
   * Consecutive counted full passes that did not see the row; at 2 the record is looked up by its
   * id (its number, for a job), and remote_missing is set only when Ascora answers that it has none.
   */
  missingPasses: integer('missing_passes').notNull().default(0),
  remoteMissing: integer('remote_missing', { mode: 'boolean' }).notNull().default(false),
  /** A person chose to keep a record Ascora no longer has: it stays here, said to be kept only on this computer. */
  keptLocally: integer('kept_locally', { mode: 'boolean' }).notNull().default(false),
  pulledAt: text('pulled_at'),
  ...timestamps,
};

export const ascoraIntegrations = sqliteTable('ascora_integrations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  displayName: text('display_name').notNull(),
  baseUrl: text('base_url').notNull().default('https://api.ascora.com.au'),
  /** Where the API key lives in the OS keychain. The key itself is never stored here. */
  keychainRef: text('keychain_ref').notNull().unique(),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  state: text('state', { enum: ['idle', 'syncing', 'ok', 'error', 'needs_reauth', 'disconnected'] })
    .notNull()
    .default('idle'),
  online: integer('online', { mode: 'boolean' }).notNull().default(true),
  lastSyncAt: text('last_sync_at'),
  lastSuccessAt: text('last_success_at'),
  lastError: text('last_error'),
  settingsJson: text('settings_json').notNull().default('{}'),
  /**
   * Ascora's clock minus this computer's (ms), as the last sync's answers showed it (sync/ascora-clock.ts):
   * the created-date windows are on Ascora's clock, even in a run that has not heard from it yet.
   */
  ascoraClockOffsetMs: integer('ascora_clock_offset_ms'),
  ...timestamps,
});

export const reports = sqliteTable(
  'reports',
  {
    reportId: text('report_id').primaryKey(),
    clientName: text('client_name').notNull(),
    propertyAddress: text('property_address').notNull(),
    damageType: text('damage_type').notNull(),
    severity: text('severity').notNull(),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    totalCostCents: integer('total_cost_cents').notNull(),
    /** The whole report as validated by the contract's report schema. */
    dataJson: text('data_json').notNull(),
    ...timestamps,
  },
  (t) => [index('reports_updated_idx').on(t.updatedAt)],
);

export const ascoraCustomers = sqliteTable(
  'ascora_customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    /** Null until a customer created in the app is pushed. */
    ascoraCustomerId: text('ascora_customer_id'),
    customerNumber: text('customer_number').notNull().default(''),
    customerName: text('customer_name').notNull().default(''),
    companyName: text('company_name').notNull().default(''),
    contactFirstName: text('contact_first_name').notNull().default(''),
    contactLastName: text('contact_last_name').notNull().default(''),
    emailAddress: text('email_address').notNull().default(''),
    phoneNumber: text('phone_number').notNull().default(''),
    mobileNumber: text('mobile_number').notNull().default(''),
    onHold: integer('on_hold', { mode: 'boolean' }).notNull().default(false),
    billingCustomerOnHold: integer('billing_customer_on_hold', { mode: 'boolean' }).notNull().default(false),
    streetLine1: text('street_line1').notNull().default(''),
    streetLine2: text('street_line2').notNull().default(''),
    streetSuburb: text('street_suburb').notNull().default(''),
    streetState: text('street_state'),
    streetPostcode: text('street_postcode').notNull().default(''),
    streetCountry: text('street_country').notNull().default(''),
    streetLatitude: real('street_latitude'),
    streetLongitude: real('street_longitude'),
    postalLine1: text('postal_line1').notNull().default(''),
    postalLine2: text('postal_line2').notNull().default(''),
    postalSuburb: text('postal_suburb').notNull().default(''),
    postalState: text('postal_state'),
    postalPostcode: text('postal_postcode').notNull().default(''),
    postalCountry: text('postal_country').notNull().default(''),
    /** Shapes Ascora has only ever sent as null: kept as JSON, never interpreted. */
    customerTypeJson: text('customer_type_json'),
    leadSourceJson: text('lead_source_json'),
    billingCustomerJson: text('billing_customer_json'),
    assignedUserJson: text('assigned_user_json'),
    customFieldsJson: text('custom_fields_json'),
    ...mirrorBookkeeping,
  },
  (t) => [
    uniqueIndex('customers_ascora_id_uq').on(t.integrationId, t.ascoraCustomerId),
    index('customers_name_idx').on(t.integrationId, t.customerName, t.id),
    index('customers_suburb_idx').on(t.integrationId, t.streetSuburb, t.id),
    index('customers_sync_state_idx').on(t.integrationId, t.syncState),
    index('customers_email_idx').on(t.integrationId, t.emailAddress),
  ],
);

export const ascoraJobs = sqliteTable(
  'ascora_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    /** Ascora's GUID; null until a job created in the app is pushed. */
    ascoraJobId: text('ascora_job_id'),
    jobNumber: text('job_number'),
    topLevelJobNumber: text('top_level_job_number'),
    jobName: text('job_name').notNull().default(''),
    jobDescription: text('job_description').notNull().default(''),
    workUndertaken: text('work_undertaken').notNull().default(''),
    /** Raw code, never mapped to text: codes vary per tenant (ascora-api.md section 3). */
    jobStatus: integer('job_status'),
    jobStatusText: text('job_status_text'),
    dateCreated: text('date_created'),
    completedDate: text('completed_date'),
    pricingMethod: text('pricing_method'),
    totalExTaxCents: integer('total_ex_tax_cents'),
    totalIncTaxCents: integer('total_inc_tax_cents'),
    purchaseOrderNumber: text('purchase_order_number').notNull().default(''),
    clientOrderNumber: text('client_order_number').notNull().default(''),
    addressLine1: text('address_line1').notNull().default(''),
    addressLine2: text('address_line2').notNull().default(''),
    suburb: text('suburb'),
    state: text('state'),
    postcode: text('postcode'),
    country: text('country'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    jobTypeId: text('job_type_id'),
    jobTypeName: text('job_type_name'),
    siteCustomerId: text('site_customer_id'),
    siteCustomerName: text('site_customer_name'),
    siteContactId: text('site_contact_id'),
    siteContactName: text('site_contact_name'),
    billingCustomerId: text('billing_customer_id'),
    billingCustomerName: text('billing_customer_name'),
    billingContactId: text('billing_contact_id'),
    billingContactName: text('billing_contact_name'),
    displayOrder: integer('display_order'),
    customFieldsJson: text('custom_fields_json'),
    /** The local customer a job created offline names, until both are pushed. */
    siteCustomerLocalId: integer('site_customer_local_id').references((): AnySQLiteColumn => ascoraCustomers.id, {
      onDelete: 'set null',
    }),
    reportId: text('report_id').references(() => reports.reportId, { onDelete: 'set null' }),
    /** A status set in the app. Ascora has no job update, so it stays local only. */
    localStatusText: text('local_status_text'),
    /** When and by whom that status was entered in Ascora by hand ("Done in Ascora"); reset when it changes. */
    localStatusEnteredAt: text('local_status_entered_at'),
    localStatusEnteredBy: text('local_status_entered_by'),
    /** The address could not be parsed from the report: a person should check it. */
    needsReview: integer('needs_review', { mode: 'boolean' }).notNull().default(false),
    /**
     * The customer name the Jobs list shows (JOB_CUSTOMER_NAME: the mirror's customer, else the
     * name on the job), lower-cased, for its Customer sort. Kept by triggers (drizzle/0013) as jobs
     * and customers change: an index cannot hold the lookup of the customer itself.
     */
    customerSortKey: text('customer_sort_key').notNull().default(''),
    ...mirrorBookkeeping,
  },
  (t) => [
    uniqueIndex('jobs_ascora_id_uq').on(t.integrationId, t.ascoraJobId),
    index('jobs_created_idx').on(t.integrationId, t.dateCreated, t.id),
    // The Jobs list sorts by these exact expressions (services/jobs.ts): SQLite uses an index for
    // an expression only when it is the same expression, so the page of 100 is read in index order
    // instead of sorting every row (bench case 6).
    index('jobs_created_sort_idx').on(t.integrationId, sql`COALESCE(date_created, '')`, t.id),
    index('jobs_status_sort_idx').on(
      t.integrationId,
      sql`COALESCE(local_status_text, job_status_text, 'Status #' || job_status, CASE WHEN ascora_job_id IS NOT NULL THEN 'Unknown' WHEN sync_state = 'failed' THEN 'Refused by Ascora' ELSE 'Waiting to send' END)`,
      sql`COALESCE(date_created, '')`,
      t.id,
    ),
    index('jobs_number_sort_idx').on(t.integrationId, sql`COALESCE(job_number, '')`, t.id),
    index('jobs_name_idx').on(t.integrationId, t.jobName, t.id),
    index('jobs_customer_sort_idx').on(t.integrationId, t.customerSortKey, t.id),
    index('jobs_suburb_sort_idx').on(t.integrationId, sql`COALESCE(suburb, '')`, t.id),
    index('jobs_site_customer_idx').on(t.integrationId, t.siteCustomerId),
    index('jobs_sync_state_idx').on(t.integrationId, t.syncState),
    index('jobs_report_idx').on(t.reportId),
    // A customer pushed gives its Ascora id to the offline jobs naming it (and a deleted one
    // clears them): without this index each is a scan of every job (bench case 5).
    index('jobs_site_customer_local_idx').on(t.siteCustomerLocalId),
  ],
);

export const ascoraInvoices = sqliteTable(
  'ascora_invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    ascoraInvoiceId: text('ascora_invoice_id').notNull(),
    invoiceNumber: text('invoice_number').notNull().default(''),
    invoiceDate: text('invoice_date'),
    dueDate: text('due_date'),
    ascoraJobId: text('ascora_job_id'),
    totalExTaxCents: integer('total_ex_tax_cents').notNull().default(0),
    /** Only when Ascora sent a tax figure; GST is never guessed. */
    taxCents: integer('tax_cents'),
    adjustedAmountExTaxCents: integer('adjusted_amount_ex_tax_cents'),
    linesJson: text('lines_json').notNull().default('[]'),
    /** The invoice left GetInvoicesToSend: exported to accounting or removed. Never deleted. */
    noLongerPending: integer('no_longer_pending', { mode: 'boolean' }).notNull().default(false),
    rawJson: text('raw_json'),
    contentHash: text('content_hash'),
    lastSeenPass: integer('last_seen_pass'),
    pulledAt: text('pulled_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('invoices_ascora_id_uq').on(t.integrationId, t.ascoraInvoiceId),
    // The Invoices list sorts by this exact expression (services/invoices.ts), as the Jobs list does.
    index('invoices_date_sort_idx').on(t.integrationId, sql`COALESCE(invoice_date, '')`, t.id),
    index('invoices_number_idx').on(t.integrationId, t.invoiceNumber, t.id),
    index('invoices_job_idx').on(t.integrationId, t.ascoraJobId),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => ascoraInvoices.id, { onDelete: 'cascade' }),
    amountCents: integer('amount_cents').notNull(),
    paymentDate: text('payment_date').notNull(),
    paymentMethod: text('payment_method').notNull(),
    comment: text('comment').notNull().default(''),
    /**
     * `RA-PAY-<data folder id>-<id>` (`RA-PAY-<id>` before issue 19): how a person finds the payment
     * in Ascora when its outcome is unknown; unique across the office's desktops.
     */
    receiptNumber: text('receipt_number').notNull().default(''),
    state: text('state', { enum: ['pending', 'synced', 'failed', 'needs_check'] })
      .notNull()
      .default('pending'),
    lastError: text('last_error'),
    /** Raised by every local edit, as for customers and jobs (sync/queue.ts). */
    localVersion: integer('local_version').notNull().default(0),
    ...timestamps,
  },
  (t) => [index('payments_invoice_idx').on(t.invoiceId)],
);

export const jobNotes = sqliteTable(
  'job_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => ascoraJobs.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** Who wrote it (Settings' name, else the computer's user name); empty for notes written before 0007. */
    author: text('author').notNull().default(''),
    createdAt: text('created_at').notNull().default(now),
    editedAt: text('edited_at'),
    /** Entered in Ascora by hand ("Done in Ascora"): when and by whom; reset when the note is edited. */
    enteredAt: text('entered_at'),
    enteredBy: text('entered_by'),
  },
  (t) => [index('job_notes_job_idx').on(t.jobId)],
);

export const jobAttachments = sqliteTable(
  'job_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => ascoraJobs.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** Relative to the app's attachments folder; never an absolute or user-given path. */
    storedName: text('stored_name').notNull(),
    createdAt: text('created_at').notNull().default(now),
    /** Entered in Ascora by hand ("Done in Ascora"): when and by whom. */
    enteredAt: text('entered_at'),
    enteredBy: text('entered_by'),
  },
  (t) => [index('job_attachments_job_idx').on(t.jobId)],
);

/**
 * Pending changes for Ascora, written in the same transaction as the change they carry.
 * `dependsOn` orders a job after the customer created offline that it names.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['create_customer', 'update_customer', 'create_job', 'create_payment'] }).notNull(),
    /** Local id of the row the change is about (customer, job or payment). */
    recordId: integer('record_id').notNull(),
    dependsOn: integer('depends_on').references((): AnySQLiteColumn => outbox.id, { onDelete: 'set null' }),
    /** Marker for de-duplicating creates (`[RA:<report_id>]`, a customer key, a payment's receipt number). */
    marker: text('marker'),
    /** pending -> sending -> done; failed (rejected, with message); needs_check (payment, outcome unknown). */
    state: text('state', { enum: ['pending', 'sending', 'done', 'failed', 'needs_check'] })
      .notNull()
      .default('pending'),
    /** The outcome of the last send is unknown: look the marker up before sending again. */
    outcomeUnknown: integer('outcome_unknown', { mode: 'boolean' }).notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    lastError: text('last_error'),
    /**
     * When a create's request first left, on Ascora's clock (sync/queue.ts noteSending; for an older
     * item, when its outcome first became unknown); set once, never moved, so a look-up days later
     * still searches the day Ascora stamped on what it created.
     */
    sentAt: text('sent_at'),
    /** The record's local version this item last sent (sync/queue.ts noteSending). */
    sentVersion: integer('sent_version'),
    ...timestamps,
  },
  (t) => [
    index('outbox_state_idx').on(t.integrationId, t.state, t.id),
    index('outbox_record_idx').on(t.kind, t.recordId),
  ],
);

export const conflicts = sqliteTable(
  'conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    entity: text('entity', { enum: ['customer', 'job'] }).notNull(),
    recordId: integer('record_id').notNull(),
    /** [{field, base, mine, theirs}] */
    fieldsJson: text('fields_json').notNull(),
    /** The remote version the conflict was found against (becomes the base once resolved). */
    theirsJson: text('theirs_json').notNull(),
    resolvedAt: text('resolved_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('conflicts_open_idx').on(t.integrationId, t.resolvedAt)],
);

export const ascoraSyncLogs = sqliteTable(
  'ascora_sync_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    runId: text('run_id'),
    /** `run` for a whole sync, `item` for one failed or notable record. */
    kind: text('kind', { enum: ['run', 'item'] }).notNull(),
    /** A run's kind (incremental or full, design.md sync rule 5); null for items and runs before 0004. */
    runKind: text('run_kind', { enum: ['incremental', 'full'] }),
    direction: text('direction', { enum: ['pull', 'push', 'none'] })
      .notNull()
      .default('none'),
    entity: text('entity'),
    recordRef: text('record_ref'),
    outboxId: integer('outbox_id'),
    /**
     * A run's row is written `running` when it starts; start-up recovery marks one left so `interrupted`;
     * `partial`: a run that finished with items Ascora refused. `discarded`: a change a person took back.
     */
    status: text('status', {
      enum: ['success', 'partial', 'failed', 'pending', 'skipped', 'running', 'interrupted', 'discarded'],
    }).notNull(),
    message: text('message'),
    error: text('error'),
    recordsProcessed: integer('records_processed').notNull().default(0),
    recordsWritten: integer('records_written').notNull().default(0),
    retryCount: integer('retry_count').notNull().default(0),
    durationMs: integer('duration_ms'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('sync_logs_recent_idx').on(t.integrationId, t.id),
    index('sync_logs_status_idx').on(t.integrationId, t.status, t.id),
    index('sync_logs_run_idx').on(t.runId),
  ],
);

export const ascoraSyncSchedules = sqliteTable('ascora_sync_schedules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** One schedule per integration: the unique index the summary's ON CONFLICT lacked. */
  integrationId: integer('integration_id')
    .notNull()
    .unique()
    .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  intervalMinutes: integer('interval_minutes').notNull().default(30),
  lastRunAt: text('last_run_at'),
  nextRunAt: text('next_run_at'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  ...timestamps,
});

/**
 * Where each entity's pull stands. Updated in the same transaction as the page it follows, so a
 * killed sync resumes at the first page whose data did not commit.
 */
export const syncCheckpoints = sqliteTable(
  'sync_checkpoints',
  {
    integrationId: integer('integration_id')
      .notNull()
      .references(() => ascoraIntegrations.id, { onDelete: 'cascade' }),
    entity: text('entity', { enum: ['customers', 'jobs', 'invoices'] }).notNull(),
    /** Number of the full pass in progress (rows seen in it carry it in last_seen_pass). */
    pass: integer('pass').notNull().default(1),
    nextPage: integer('next_page').notNull().default(1),
    totalPages: integer('total_pages'),
    totalRecords: integer('total_records'),
    passStartedAt: text('pass_started_at'),
    /** The last full pass of this list: only a full pass completes a checkpoint (incremental runs leave it). */
    lastCompletedPassAt: text('last_completed_pass_at'),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('sync_checkpoints_pk').on(t.integrationId, t.entity)],
);

export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  valueJson: text('value_json').notNull(),
  updatedAt: text('updated_at').notNull().default(now),
});
