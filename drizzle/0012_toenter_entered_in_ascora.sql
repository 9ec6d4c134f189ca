ALTER TABLE `ascora_jobs` ADD `local_status_entered_at` text;--> statement-breakpoint
ALTER TABLE `ascora_jobs` ADD `local_status_entered_by` text;--> statement-breakpoint
ALTER TABLE `job_attachments` ADD `entered_at` text;--> statement-breakpoint
ALTER TABLE `job_attachments` ADD `entered_by` text;--> statement-breakpoint
ALTER TABLE `job_notes` ADD `entered_at` text;--> statement-breakpoint
ALTER TABLE `job_notes` ADD `entered_by` text;--> statement-breakpoint
-- A job in Ascora with notes or attachments here holds work only on this computer, as one with a status set here does.
UPDATE `ascora_jobs` SET `sync_state` = 'local_only' WHERE `sync_state` = 'synced' AND (EXISTS (SELECT 1 FROM `job_notes` WHERE `job_notes`.`job_id` = `ascora_jobs`.`id`) OR EXISTS (SELECT 1 FROM `job_attachments` WHERE `job_attachments`.`job_id` = `ascora_jobs`.`id`));
