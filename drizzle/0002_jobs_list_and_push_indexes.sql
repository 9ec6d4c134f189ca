-- The Jobs list sorts and filters by these expressions (main/core/services/jobs.ts); SQLite uses an
-- index for an expression only when the expression is the same. drizzle-kit 0.31 splits expression
-- columns at their commas, so the two CREATE INDEX lines for them are written out by hand (the
-- snapshot beside this file is as generated). jobs_status_created_idx served no query.
DROP INDEX `jobs_status_created_idx`;--> statement-breakpoint
CREATE INDEX `jobs_created_sort_idx` ON `ascora_jobs` (`integration_id`, COALESCE(`date_created`, ''), `id`);--> statement-breakpoint
CREATE INDEX `jobs_status_sort_idx` ON `ascora_jobs` (`integration_id`, COALESCE(`local_status_text`, `job_status_text`, 'Status #' || `job_status`, 'Unknown'), COALESCE(`date_created`, ''), `id`);--> statement-breakpoint
CREATE INDEX `jobs_site_customer_local_idx` ON `ascora_jobs` (`site_customer_local_id`);
