ALTER TABLE `job_notes` ADD `author` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `job_notes` ADD `edited_at` text;