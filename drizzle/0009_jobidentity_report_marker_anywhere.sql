-- Written by hand (as 0003). A job's report marker `[RA:<report_id>]` is found anywhere in its
-- description, not only at its end: another Ascora user may add a line after it. The marker is
-- the first `[RA:` and the 41 characters from it, as mapping.ts jobMarkerIn reads it; push's
-- look-up for another desktop's job and the duplicate check (problems.ts) read it this way too.
DROP INDEX IF EXISTS `jobs_report_marker_idx`;--> statement-breakpoint
CREATE INDEX `jobs_report_marker_idx` ON `ascora_jobs` (`integration_id`, substr(`job_description`, instr(`job_description`, '[RA:'), 41)) WHERE instr(`job_description`, '[RA:') > 0;
