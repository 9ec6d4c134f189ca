ALTER TABLE `ascora_customers` ADD `kept_locally` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `ascora_jobs` ADD `kept_locally` integer DEFAULT false NOT NULL;