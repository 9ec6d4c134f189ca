-- Search that finds what people type (issue 14): the job number without its prefix, claim and
-- purchase order numbers, insurer, customer and contact names, the whole address, Ascora's own text
-- (description, work undertaken, custom fields such as "Insurer") and the office's notes.
-- Each index now reads a view that puts together what a record is found by, and is contentless
-- (contentless_delete: it holds only the index, replaced by rowid), because a job's notes live in
-- another table and an external-content index cannot be kept in step with that. Abbreviations
-- (St/Street...) are matched both ways by the query (main/core/db/fts.ts), so the index holds words
-- as written. The triggers are plain SQL, so the file opens and stays in step in any SQLite.
DROP TRIGGER IF EXISTS jobs_fts_after_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS jobs_fts_after_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS jobs_fts_after_update;
--> statement-breakpoint
DROP TABLE IF EXISTS jobs_fts;
--> statement-breakpoint
DROP TRIGGER IF EXISTS customers_fts_after_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS customers_fts_after_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS customers_fts_after_update;
--> statement-breakpoint
DROP TABLE IF EXISTS customers_fts;
--> statement-breakpoint
CREATE VIEW jobs_search_text AS SELECT
  j.id AS id,
  -- "J10273" is one word to the index: the number alone is indexed too, so "10273" finds it.
  concat_ws(' ', j.job_number, ltrim(j.job_number, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#'), j.top_level_job_number) AS job_number,
  concat_ws(' ', j.client_order_number, j.purchase_order_number) AS order_numbers,
  j.job_name AS job_name,
  concat_ws(' ', j.site_customer_name, j.billing_customer_name, j.site_contact_name, j.billing_contact_name) AS people,
  concat_ws(' ', j.address_line1, j.address_line2, j.suburb, j.state, j.postcode) AS address,
  concat_ws(' ', j.job_description, j.work_undertaken,
    CASE WHEN json_valid(j.custom_fields_json) AND json_type(j.custom_fields_json) = 'array' THEN
      (SELECT group_concat(json_extract(f.value, '$.fieldValue'), ' ') FROM json_each(j.custom_fields_json) f WHERE json_type(f.value) = 'object')
    END) AS ascora_text,
  (SELECT group_concat(n.text, ' ') FROM job_notes n WHERE n.job_id = j.id) AS notes
FROM ascora_jobs j;
--> statement-breakpoint
CREATE VIRTUAL TABLE jobs_fts USING fts5(job_number, order_numbers, job_name, people, address, ascora_text, notes, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_insert AFTER INSERT ON ascora_jobs BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_update AFTER UPDATE OF job_number, top_level_job_number, client_order_number, purchase_order_number, job_name, site_customer_name, billing_customer_name, site_contact_name, billing_contact_name, address_line1, address_line2, suburb, state, postcode, job_description, work_undertaken, custom_fields_json ON ascora_jobs BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_delete AFTER DELETE ON ascora_jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_note_insert AFTER INSERT ON job_notes BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = new.job_id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_note_update AFTER UPDATE ON job_notes BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (old.job_id, new.job_id);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_note_delete AFTER DELETE ON job_notes BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id = old.job_id;
END;
--> statement-breakpoint
INSERT INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text;
--> statement-breakpoint
CREATE VIEW customers_search_text AS SELECT
  c.id AS id,
  concat_ws(' ', c.customer_name, c.company_name, c.contact_first_name, c.contact_last_name, c.customer_number) AS names,
  concat_ws(' ', c.email_address, c.phone_number, c.mobile_number,
    -- "0412345678" finds "0412 345 678": the numbers are indexed without their spaces too.
    replace(replace(replace(replace(c.phone_number, ' ', ''), '-', ''), '(', ''), ')', ''),
    replace(replace(replace(replace(c.mobile_number, ' ', ''), '-', ''), '(', ''), ')', '')) AS contact,
  concat_ws(' ', c.street_line1, c.street_line2, c.street_suburb, c.street_state, c.street_postcode) AS address,
  concat_ws(' ', c.postal_line1, c.postal_line2, c.postal_suburb, c.postal_state, c.postal_postcode) AS postal_address
FROM ascora_customers c;
--> statement-breakpoint
CREATE VIRTUAL TABLE customers_fts USING fts5(names, contact, address, postal_address, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_insert AFTER INSERT ON ascora_customers BEGIN
  INSERT OR REPLACE INTO customers_fts(rowid, names, contact, address, postal_address) SELECT id, names, contact, address, postal_address FROM customers_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_update AFTER UPDATE OF customer_name, company_name, contact_first_name, contact_last_name, customer_number, email_address, phone_number, mobile_number, street_line1, street_line2, street_suburb, street_state, street_postcode, postal_line1, postal_line2, postal_suburb, postal_state, postal_postcode ON ascora_customers BEGIN
  INSERT OR REPLACE INTO customers_fts(rowid, names, contact, address, postal_address) SELECT id, names, contact, address, postal_address FROM customers_search_text WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_delete AFTER DELETE ON ascora_customers BEGIN
  DELETE FROM customers_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO customers_fts(rowid, names, contact, address, postal_address) SELECT id, names, contact, address, postal_address FROM customers_search_text;
