ALTER TABLE `ascora_customers` ADD `local_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ascora_jobs` ADD `local_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sent_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sent_version` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `local_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Written by hand (drizzle-kit splits expression columns at their commas, see 0002): before the
-- first send of a job made from a report, push looks for a job already in the mirror that carries
-- the report's marker `[RA:<report_id>]` at the end of its description (another desktop made it).
-- Partial: only descriptions with a marker are indexed.
CREATE INDEX `jobs_report_marker_idx` ON `ascora_jobs` (`integration_id`, rtrim(substr(`job_description`, instr(`job_description`, '[RA:')), char(10, 13, 32))) WHERE instr(`job_description`, '[RA:') > 0;
