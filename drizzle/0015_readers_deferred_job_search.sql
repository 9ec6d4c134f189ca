-- The first sync's cost (issue 21): each job a pull wrote was indexed for search by its own trigger,
-- row by row, in the page's transaction (about a third of writing a job). Inside a pull's page the
-- index is now filled later: the page's transaction sets jobs_fts_deferred (a row it inserts first
-- and deletes last, so no other transaction ever sees it, and a crash rolls it back), the triggers
-- then only note the job in jobs_fts_pending, and after the pull's pages main/core/db/job-search.ts
-- indexes what is noted, in transactions of its own. Every other write (a person's edit, a note, a
-- push's answer) indexes its job at once, as before. A job deleted while pending leaves the list.
CREATE TABLE jobs_fts_deferred (id INTEGER PRIMARY KEY CHECK (id = 1));
--> statement-breakpoint
CREATE TABLE jobs_fts_pending (job_id INTEGER PRIMARY KEY);
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_insert;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_insert AFTER INSERT ON ascora_jobs WHEN NOT EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_pending_after_insert AFTER INSERT ON ascora_jobs WHEN EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR IGNORE INTO jobs_fts_pending(job_id) VALUES (new.id);
END;
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_update;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_update AFTER UPDATE OF job_number, top_level_job_number, client_order_number, purchase_order_number, job_name, site_customer_id, site_customer_local_id, site_customer_name, billing_customer_name, site_contact_name, billing_contact_name, address_line1, address_line2, suburb, state, postcode, job_description, work_undertaken, custom_fields_json ON ascora_jobs WHEN NOT EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_pending_after_update AFTER UPDATE OF job_number, top_level_job_number, client_order_number, purchase_order_number, job_name, site_customer_id, site_customer_local_id, site_customer_name, billing_customer_name, site_contact_name, billing_contact_name, address_line1, address_line2, suburb, state, postcode, job_description, work_undertaken, custom_fields_json ON ascora_jobs WHEN EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR IGNORE INTO jobs_fts_pending(job_id) VALUES (new.id);
END;
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_delete;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_delete AFTER DELETE ON ascora_jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.id;
  DELETE FROM jobs_fts_pending WHERE job_id = old.id;
END;
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_customer_insert;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_customer_insert AFTER INSERT ON ascora_customers WHEN NOT EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id = new.ascora_customer_id UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_pending_after_customer_insert AFTER INSERT ON ascora_customers WHEN EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR IGNORE INTO jobs_fts_pending(job_id) SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id = new.ascora_customer_id UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER jobs_fts_after_customer_update;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_customer_update AFTER UPDATE OF customer_name, ascora_customer_id, email_address, phone_number, mobile_number ON ascora_customers WHEN (new.customer_name IS NOT old.customer_name OR new.ascora_customer_id IS NOT old.ascora_customer_id OR new.email_address IS NOT old.email_address OR new.phone_number IS NOT old.phone_number OR new.mobile_number IS NOT old.mobile_number) AND NOT EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id IN (new.ascora_customer_id, old.ascora_customer_id) UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_pending_after_customer_update AFTER UPDATE OF customer_name, ascora_customer_id, email_address, phone_number, mobile_number ON ascora_customers WHEN (new.customer_name IS NOT old.customer_name OR new.ascora_customer_id IS NOT old.ascora_customer_id OR new.email_address IS NOT old.email_address OR new.phone_number IS NOT old.phone_number OR new.mobile_number IS NOT old.mobile_number) AND EXISTS (SELECT 1 FROM jobs_fts_deferred) BEGIN
  INSERT OR IGNORE INTO jobs_fts_pending(job_id) SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id IN (new.ascora_customer_id, old.ascora_customer_id) UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id;
END;
