-- Finding people (issue 20, point 8). A job is found by its customer's email and phones, and a
-- phone however it is written on either side: the index holds each phone as written and as its
-- national digits ("+61 8 7979 6849" and "08 7979 6849" are both "0879796849"), and the query asks
-- for a typed number in that form too (main/core/db/phone.ts nationalPhoneDigits, whose SQL twin
-- this view is, written out by hand; tests/search/phone-digits.test.ts holds the three together).
CREATE VIEW customer_phone_digits AS SELECT
  c.id AS id,
  CASE
    WHEN replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '') LIKE '61%'
      AND (ltrim(c.phone_number, ' ') LIKE '+%' OR length(replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')) >= 11)
      THEN '0' || ltrim(substr(replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', ''), 3), '0')
    WHEN length(replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')) = 9
      AND substr(replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', ''), 1, 1) IN ('2', '3', '4', '7', '8')
      THEN '0' || replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')
    ELSE replace(replace(replace(replace(replace(replace(c.phone_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')
  END AS phone,
  CASE
    WHEN replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '') LIKE '61%'
      AND (ltrim(c.mobile_number, ' ') LIKE '+%' OR length(replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')) >= 11)
      THEN '0' || ltrim(substr(replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', ''), 3), '0')
    WHEN length(replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')) = 9
      AND substr(replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', ''), 1, 1) IN ('2', '3', '4', '7', '8')
      THEN '0' || replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')
    ELSE replace(replace(replace(replace(replace(replace(c.mobile_number, ' ', ''), '(', ''), ')', ''), '-', ''), '+', ''), '.', '')
  END AS mobile
FROM ascora_customers c;
--> statement-breakpoint
-- A customer's contact words: email (split into words by the index, so part of it finds it),
-- phones as written and as national digits.
CREATE VIEW customer_contact_text AS SELECT
  c.id AS id,
  concat_ws(' ', c.email_address, c.phone_number, c.mobile_number, nullif(d.phone, ''), nullif(d.mobile, '')) AS contact
FROM ascora_customers c JOIN customer_phone_digits d ON d.id = c.id;
--> statement-breakpoint
DROP VIEW customers_search_text;
--> statement-breakpoint
CREATE VIEW customers_search_text AS SELECT
  c.id AS id,
  concat_ws(' ', c.customer_name, c.company_name, c.contact_first_name, c.contact_last_name, c.customer_number) AS names,
  t.contact AS contact,
  concat_ws(' ', c.street_line1, c.street_line2, c.street_suburb, c.street_state, c.street_postcode) AS address,
  concat_ws(' ', c.postal_line1, c.postal_line2, c.postal_suburb, c.postal_state, c.postal_postcode) AS postal_address
FROM ascora_customers c JOIN customer_contact_text t ON t.id = c.id;
--> statement-breakpoint
DROP VIEW jobs_search_text;
--> statement-breakpoint
-- As drizzle/0011's, with the site customer's contact words among the people: the customer a job
-- made here names (its local id), else the one Ascora names.
CREATE VIEW jobs_search_text AS SELECT
  j.id AS id,
  -- "J10273" is one word to the index: the number alone is indexed too, so "10273" finds it.
  concat_ws(' ', j.job_number, ltrim(j.job_number, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#'), j.top_level_job_number) AS job_number,
  concat_ws(' ', j.client_order_number, j.purchase_order_number) AS order_numbers,
  j.job_name AS job_name,
  concat_ws(' ',
    (SELECT c.customer_name FROM ascora_customers c WHERE c.id = j.site_customer_local_id),
    (SELECT c.customer_name FROM ascora_customers c WHERE c.integration_id = j.integration_id AND c.ascora_customer_id = j.site_customer_id),
    j.site_customer_name, j.billing_customer_name, j.site_contact_name, j.billing_contact_name,
    coalesce(
      (SELECT t.contact FROM customer_contact_text t WHERE t.id = j.site_customer_local_id),
      (SELECT t.contact FROM ascora_customers c JOIN customer_contact_text t ON t.id = c.id WHERE c.integration_id = j.integration_id AND c.ascora_customer_id = j.site_customer_id))) AS people,
  concat_ws(' ', j.address_line1, j.address_line2, j.suburb, j.state, j.postcode) AS address,
  concat_ws(' ', j.job_description, j.work_undertaken,
    CASE WHEN json_valid(j.custom_fields_json) AND json_type(j.custom_fields_json) = 'array' THEN
      (SELECT group_concat(json_extract(f.value, '$.fieldValue'), ' ') FROM json_each(j.custom_fields_json) f WHERE json_type(f.value) = 'object')
    END) AS ascora_text,
  (SELECT group_concat(n.text, ' ') FROM job_notes n WHERE n.job_id = j.id) AS notes
FROM ascora_jobs j;
--> statement-breakpoint
-- A customer's new email or phone re-indexes the jobs naming it, as a new name does (drizzle/0011).
DROP TRIGGER jobs_fts_after_customer_update;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_customer_update AFTER UPDATE OF customer_name, ascora_customer_id, email_address, phone_number, mobile_number ON ascora_customers WHEN new.customer_name IS NOT old.customer_name OR new.ascora_customer_id IS NOT old.ascora_customer_id OR new.email_address IS NOT old.email_address OR new.phone_number IS NOT old.phone_number OR new.mobile_number IS NOT old.mobile_number BEGIN
  INSERT OR REPLACE INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text WHERE id IN (SELECT id FROM ascora_jobs WHERE integration_id = new.integration_id AND site_customer_id IN (new.ascora_customer_id, old.ascora_customer_id) UNION SELECT id FROM ascora_jobs WHERE site_customer_local_id = new.id);
END;
--> statement-breakpoint
-- Both indexes built afresh and merged into one segment (as drizzle/0011 explains).
DELETE FROM jobs_fts;
--> statement-breakpoint
INSERT INTO jobs_fts(rowid, job_number, order_numbers, job_name, people, address, ascora_text, notes) SELECT id, job_number, order_numbers, job_name, people, address, ascora_text, notes FROM jobs_search_text;
--> statement-breakpoint
INSERT INTO jobs_fts(jobs_fts) VALUES ('optimize');
--> statement-breakpoint
DELETE FROM customers_fts;
--> statement-breakpoint
INSERT INTO customers_fts(rowid, names, contact, address, postal_address) SELECT id, names, contact, address, postal_address FROM customers_search_text;
--> statement-breakpoint
INSERT INTO customers_fts(customers_fts) VALUES ('optimize');
