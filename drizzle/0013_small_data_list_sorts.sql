-- The Jobs list's Customer and Suburb columns sort (issue 20, point 10).
--
-- Suburb: on the list's exact expression, COALESCE(suburb, '') (services/jobs.ts), written out by
-- hand (drizzle-kit 0.31 splits expression columns at their commas; the snapshot beside this file
-- is as generated).
--
-- Customer: the list shows the customer as the mirror names it (JOB_CUSTOMER_NAME in
-- main/core/services/rows.ts: the local customer a job made here names, else Ascora's by id, else
-- the name on the job), and an index cannot hold that lookup: each job keeps the name, lower-cased,
-- in customer_sort_key, set by these triggers as jobs and the customers they name change, so a page
-- of the sorted list is read in index order (jobs_customer_sort_idx). The expression is the same in every trigger; keep them in step with
-- JOB_CUSTOMER_NAME.
ALTER TABLE `ascora_jobs` ADD `customer_sort_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_customer_sort_idx` ON `ascora_jobs` (`integration_id`,`customer_sort_key`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_suburb_sort_idx` ON `ascora_jobs` (`integration_id`, COALESCE(`suburb`, ''), `id`);--> statement-breakpoint
UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''));
--> statement-breakpoint
CREATE TRIGGER jobs_customer_sort_after_insert AFTER INSERT ON ascora_jobs BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_customer_sort_after_update AFTER UPDATE OF integration_id, site_customer_id, site_customer_local_id, site_customer_name ON ascora_jobs BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id = new.id;
END;
--> statement-breakpoint
-- Only the jobs naming the customer: two index lookups (jobs_site_customer_idx, jobs_site_customer_local_idx).
CREATE TRIGGER jobs_customer_sort_after_customer_insert AFTER INSERT ON ascora_customers BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id = new.ascora_customer_id UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_customer_sort_after_customer_update AFTER UPDATE OF customer_name, ascora_customer_id ON ascora_customers WHEN new.customer_name IS NOT old.customer_name OR new.ascora_customer_id IS NOT old.ascora_customer_id BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id IN (new.ascora_customer_id, old.ascora_customer_id) UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_customer_sort_after_customer_delete AFTER DELETE ON ascora_customers BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = old.integration_id AND site_customer_id = old.ascora_customer_id UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = old.id);
END;
