CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value_json` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ascora_customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`ascora_customer_id` text,
	`customer_number` text DEFAULT '' NOT NULL,
	`customer_name` text DEFAULT '' NOT NULL,
	`company_name` text DEFAULT '' NOT NULL,
	`contact_first_name` text DEFAULT '' NOT NULL,
	`contact_last_name` text DEFAULT '' NOT NULL,
	`email_address` text DEFAULT '' NOT NULL,
	`phone_number` text DEFAULT '' NOT NULL,
	`mobile_number` text DEFAULT '' NOT NULL,
	`on_hold` integer DEFAULT false NOT NULL,
	`billing_customer_on_hold` integer DEFAULT false NOT NULL,
	`street_line1` text DEFAULT '' NOT NULL,
	`street_line2` text DEFAULT '' NOT NULL,
	`street_suburb` text DEFAULT '' NOT NULL,
	`street_state` text,
	`street_postcode` text DEFAULT '' NOT NULL,
	`street_country` text DEFAULT '' NOT NULL,
	`street_latitude` real,
	`street_longitude` real,
	`postal_line1` text DEFAULT '' NOT NULL,
	`postal_line2` text DEFAULT '' NOT NULL,
	`postal_suburb` text DEFAULT '' NOT NULL,
	`postal_state` text,
	`postal_postcode` text DEFAULT '' NOT NULL,
	`postal_country` text DEFAULT '' NOT NULL,
	`customer_type_json` text,
	`lead_source_json` text,
	`billing_customer_json` text,
	`assigned_user_json` text,
	`custom_fields_json` text,
	`raw_json` text,
	`content_hash` text,
	`base_json` text,
	`sync_state` text DEFAULT 'synced' NOT NULL,
	`last_error` text,
	`last_seen_pass` integer,
	`missing_passes` integer DEFAULT 0 NOT NULL,
	`remote_missing` integer DEFAULT false NOT NULL,
	`pulled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_ascora_id_uq` ON `ascora_customers` (`integration_id`,`ascora_customer_id`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `ascora_customers` (`integration_id`,`customer_name`,`id`);--> statement-breakpoint
CREATE INDEX `customers_suburb_idx` ON `ascora_customers` (`integration_id`,`street_suburb`,`id`);--> statement-breakpoint
CREATE INDEX `customers_sync_state_idx` ON `ascora_customers` (`integration_id`,`sync_state`);--> statement-breakpoint
CREATE INDEX `customers_email_idx` ON `ascora_customers` (`integration_id`,`email_address`);--> statement-breakpoint
CREATE TABLE `ascora_integrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`display_name` text NOT NULL,
	`base_url` text DEFAULT 'https://api.ascora.com.au' NOT NULL,
	`keychain_ref` text NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'idle' NOT NULL,
	`online` integer DEFAULT true NOT NULL,
	`last_sync_at` text,
	`last_success_at` text,
	`last_error` text,
	`settings_json` text DEFAULT '{}' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ascora_integrations_keychain_ref_unique` ON `ascora_integrations` (`keychain_ref`);--> statement-breakpoint
CREATE TABLE `ascora_invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`ascora_invoice_id` text NOT NULL,
	`invoice_number` text DEFAULT '' NOT NULL,
	`invoice_date` text,
	`due_date` text,
	`ascora_job_id` text,
	`total_ex_tax_cents` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer,
	`adjusted_amount_ex_tax_cents` integer,
	`lines_json` text DEFAULT '[]' NOT NULL,
	`no_longer_pending` integer DEFAULT false NOT NULL,
	`raw_json` text,
	`content_hash` text,
	`last_seen_pass` integer,
	`pulled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_ascora_id_uq` ON `ascora_invoices` (`integration_id`,`ascora_invoice_id`);--> statement-breakpoint
CREATE INDEX `invoices_date_idx` ON `ascora_invoices` (`integration_id`,`invoice_date`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_number_idx` ON `ascora_invoices` (`integration_id`,`invoice_number`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_job_idx` ON `ascora_invoices` (`integration_id`,`ascora_job_id`);--> statement-breakpoint
CREATE TABLE `ascora_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`ascora_job_id` text,
	`job_number` text,
	`top_level_job_number` text,
	`job_name` text DEFAULT '' NOT NULL,
	`job_description` text DEFAULT '' NOT NULL,
	`work_undertaken` text DEFAULT '' NOT NULL,
	`job_status` integer,
	`job_status_text` text,
	`date_created` text,
	`completed_date` text,
	`pricing_method` text,
	`total_ex_tax_cents` integer,
	`total_inc_tax_cents` integer,
	`purchase_order_number` text DEFAULT '' NOT NULL,
	`client_order_number` text DEFAULT '' NOT NULL,
	`address_line1` text DEFAULT '' NOT NULL,
	`address_line2` text DEFAULT '' NOT NULL,
	`suburb` text,
	`state` text,
	`postcode` text,
	`country` text,
	`latitude` real,
	`longitude` real,
	`job_type_id` text,
	`job_type_name` text,
	`site_customer_id` text,
	`site_customer_name` text,
	`site_contact_id` text,
	`site_contact_name` text,
	`billing_customer_id` text,
	`billing_customer_name` text,
	`billing_contact_id` text,
	`billing_contact_name` text,
	`display_order` integer,
	`custom_fields_json` text,
	`site_customer_local_id` integer,
	`report_id` text,
	`local_status_text` text,
	`needs_review` integer DEFAULT false NOT NULL,
	`raw_json` text,
	`content_hash` text,
	`base_json` text,
	`sync_state` text DEFAULT 'synced' NOT NULL,
	`last_error` text,
	`last_seen_pass` integer,
	`missing_passes` integer DEFAULT 0 NOT NULL,
	`remote_missing` integer DEFAULT false NOT NULL,
	`pulled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`site_customer_local_id`) REFERENCES `ascora_customers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`report_id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_ascora_id_uq` ON `ascora_jobs` (`integration_id`,`ascora_job_id`);--> statement-breakpoint
CREATE INDEX `jobs_created_idx` ON `ascora_jobs` (`integration_id`,`date_created`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_status_created_idx` ON `ascora_jobs` (`integration_id`,`job_status_text`,`date_created`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_number_idx` ON `ascora_jobs` (`integration_id`,`job_number`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_name_idx` ON `ascora_jobs` (`integration_id`,`job_name`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_site_customer_idx` ON `ascora_jobs` (`integration_id`,`site_customer_id`);--> statement-breakpoint
CREATE INDEX `jobs_sync_state_idx` ON `ascora_jobs` (`integration_id`,`sync_state`);--> statement-breakpoint
CREATE INDEX `jobs_report_idx` ON `ascora_jobs` (`report_id`);--> statement-breakpoint
CREATE TABLE `ascora_sync_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`run_id` text,
	`kind` text NOT NULL,
	`direction` text DEFAULT 'none' NOT NULL,
	`entity` text,
	`record_ref` text,
	`outbox_id` integer,
	`status` text NOT NULL,
	`message` text,
	`error` text,
	`records_processed` integer DEFAULT 0 NOT NULL,
	`records_written` integer DEFAULT 0 NOT NULL,
	`retry_count` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_logs_recent_idx` ON `ascora_sync_logs` (`integration_id`,`id`);--> statement-breakpoint
CREATE INDEX `sync_logs_status_idx` ON `ascora_sync_logs` (`integration_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `sync_logs_run_idx` ON `ascora_sync_logs` (`run_id`);--> statement-breakpoint
CREATE TABLE `ascora_sync_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`interval_minutes` integer DEFAULT 30 NOT NULL,
	`last_run_at` text,
	`next_run_at` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ascora_sync_schedules_integration_id_unique` ON `ascora_sync_schedules` (`integration_id`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`entity` text NOT NULL,
	`record_id` integer NOT NULL,
	`fields_json` text NOT NULL,
	`theirs_json` text NOT NULL,
	`resolved_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conflicts_open_idx` ON `conflicts` (`integration_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `job_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `ascora_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_attachments_job_idx` ON `job_attachments` (`job_id`);--> statement-breakpoint
CREATE TABLE `job_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `ascora_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_notes_job_idx` ON `job_notes` (`job_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`depends_on` integer,
	`marker` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`outcome_unknown` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_attempt_at` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`depends_on`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_state_idx` ON `outbox` (`integration_id`,`state`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_record_idx` ON `outbox` (`kind`,`record_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`payment_date` text NOT NULL,
	`payment_method` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`receipt_number` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invoice_id`) REFERENCES `ascora_invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`report_id` text PRIMARY KEY NOT NULL,
	`client_name` text NOT NULL,
	`property_address` text NOT NULL,
	`damage_type` text NOT NULL,
	`severity` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`total_cost_cents` integer NOT NULL,
	`data_json` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reports_updated_idx` ON `reports` (`updated_at`);--> statement-breakpoint
CREATE TABLE `sync_checkpoints` (
	`integration_id` integer NOT NULL,
	`entity` text NOT NULL,
	`pass` integer DEFAULT 1 NOT NULL,
	`next_page` integer DEFAULT 1 NOT NULL,
	`total_pages` integer,
	`total_records` integer,
	`pass_started_at` text,
	`last_completed_pass_at` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `ascora_integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_checkpoints_pk` ON `sync_checkpoints` (`integration_id`,`entity`);