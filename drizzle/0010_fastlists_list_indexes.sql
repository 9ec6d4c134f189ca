-- The Jobs list's job-number sort and the Invoices list's date sort read COALESCE(column, ''), so
-- the plain-column indexes were never used for them and every page sorted all rows. Each index is
-- now on the list's exact expression (written out by hand: drizzle-kit 0.31 splits expression
-- columns at their commas; the snapshot beside this file is as generated). No query looked rows up
-- by the plain columns.
DROP INDEX `invoices_date_idx`;--> statement-breakpoint
CREATE INDEX `invoices_date_sort_idx` ON `ascora_invoices` (`integration_id`, COALESCE(`invoice_date`, ''), `id`);--> statement-breakpoint
DROP INDEX `jobs_number_idx`;--> statement-breakpoint
CREATE INDEX `jobs_number_sort_idx` ON `ascora_jobs` (`integration_id`, COALESCE(`job_number`, ''), `id`);
