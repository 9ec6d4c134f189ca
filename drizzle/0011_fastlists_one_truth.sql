-- One truth on screen (issue 21).
-- A job Ascora has not got yet has the status its list row and panel show ("Waiting to send", or
-- "Refused by Ascora"), never "Unknown": the status filter and sort read this index, so its
-- expression is the one in main/core/services/jobs.ts (EFFECTIVE_STATUS), written out by hand
-- (drizzle-kit 0.31 splits expression columns at their commas; the snapshot beside this file is as
-- generated). Nothing stored changes: the words are computed from the row.
DROP INDEX `jobs_status_sort_idx`;--> statement-breakpoint
CREATE INDEX `jobs_status_sort_idx` ON `ascora_jobs` (`integration_id`, COALESCE(`local_status_text`, `job_status_text`, 'Status #' || `job_status`, CASE WHEN `ascora_job_id` IS NOT NULL THEN 'Unknown' WHEN `sync_state` = 'failed' THEN 'Refused by Ascora' ELSE 'Waiting to send' END), COALESCE(`date_created`, ''), `id`);
--> statement-breakpoint
-- A job's customer is named by the mirror's customer where it is known (JOB_CUSTOMER_NAME in
-- main/core/services/rows.ts), so the name the Jobs list shows must find the job: the search text
-- holds the mirror's name beside the one on the job, and a customer's new name or Ascora id
-- re-indexes the jobs naming it.
DROP VIEW jobs_search_text;
--> statement-breakpoint
CREATE VIEW jobs_search_text AS SELECT
  j.id AS id,
  -- "J10273" is one word to the index: the number alone is indexed too, so "10273" finds it.
  concat_ws(' ', j.job_number, ltrim(j.job_number, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#'), j.top_level_job_number) AS job_number,
  concat_ws(' ', j.client_order_number, j.purchase_order_number) AS order_numbers,
  j.job_name AS job_name,
  concat_ws(' ',
    (SELECT c.customer_name FROM ascora_customers c WHERE c.id = j.site_customer_local_id),
    (SELECT c.customer_name FROM ascora_customers c WHERE c.integration_id = j.integration_id AND c.ascora_customer_id = j.site_customer_id),
    j.site_customer_name, j.billing_customer_name, j.site_contact_name, j.billing_contact_name) AS people,
  concat_ws(' ', j.address_line1, j.address_line2, j.suburb, j.state, j.postcode) AS address,
  concat_ws(' ', j.job_description, j.work_undertaken,
    CASE WHEN json_valid(j.custom_fields_json) AND json_type(j.custom_fields_json) = 'array' THEN
      (SELECT group_concat(json_extract(f.value, '$.fieldValue'), ' ') FROM json_each(j.custom_fields_json) f WHERE json_type(f.value) = 'object')
    END) AS ascora_text,
  (SELECT group_concat(n.text, ' ') FROM job_notes n WHERE n.job_id = j.id) AS notes
FROM ascora_jobs j;
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_update;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_update AFTER UPDATE OF job_number, top_level_job_number, client_order_number, purchase_order_number, job_name, site_customer_id, site_customer_local_id, site_customer_name, billing_customer_name, site_contact_name, billing_contact_name, address_line1, address_line2, suburb, state, postcode, job_description, work_undertaken, custom_fields_json ON ascora_jobs BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.id;
END;
--> statement-breakpoint
-- Only the jobs naming the customer: two index lookups (jobs_site_customer_idx,
-- jobs_site_customer_local_idx), nothing during a first sync's customer pass with no jobs yet.
CREATE TRIGGER jobs_fts_after_customer_insert AFTER INSERT ON ascora_customers BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id = new.ascora_customer_id UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_customer_update AFTER UPDATE OF customer_name, ascora_customer_id ON ascora_customers WHEN new.customer_name IS NOT old.customer_name OR new.ascora_customer_id IS NOT old.ascora_customer_id BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id IN (new.ascora_customer_id, old.ascora_customer_id) UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
-- Built afresh and merged into one segment: replacing every row in place leaves the index in many
-- segments full of deletions, and every search after reads through them.
DELETE FROM jobs_fts;
--> statement-breakpoint
INSERT INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text;
--> statement-breakpoint
INSERT INTO jobs_fts(jobs_fts) VALUES ('optimize');
