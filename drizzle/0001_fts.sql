-- Full-text search for the search boxes (external content: the FTS tables hold only the index).
-- Triggers keep them in step with the mirror; 'rebuild' indexes rows that existed before.
CREATE VIRTUAL TABLE jobs_fts USING fts5(job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode, content='ascora_jobs', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_insert AFTER INSERT ON ascora_jobs BEGIN
  INSERT INTO jobs_fts(rowid, job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode) VALUES (new.id, new.job_number, new.job_name, new.client_order_number, new.site_customer_name, new.billing_customer_name, new.address_line1, new.suburb, new.postcode);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_delete AFTER DELETE ON ascora_jobs BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode) VALUES ('delete', old.id, old.job_number, old.job_name, old.client_order_number, old.site_customer_name, old.billing_customer_name, old.address_line1, old.suburb, old.postcode);
END;
--> statement-breakpoint
CREATE TRIGGER jobs_fts_after_update AFTER UPDATE OF job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode ON ascora_jobs BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode) VALUES ('delete', old.id, old.job_number, old.job_name, old.client_order_number, old.site_customer_name, old.billing_customer_name, old.address_line1, old.suburb, old.postcode);
  INSERT INTO jobs_fts(rowid, job_number, job_name, client_order_number, site_customer_name, billing_customer_name, address_line1, suburb, postcode) VALUES (new.id, new.job_number, new.job_name, new.client_order_number, new.site_customer_name, new.billing_customer_name, new.address_line1, new.suburb, new.postcode);
END;
--> statement-breakpoint
INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE customers_fts USING fts5(customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode, content='ascora_customers', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_insert AFTER INSERT ON ascora_customers BEGIN
  INSERT INTO customers_fts(rowid, customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode) VALUES (new.id, new.customer_name, new.company_name, new.email_address, new.phone_number, new.mobile_number, new.street_line1, new.street_suburb, new.street_postcode);
END;
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_delete AFTER DELETE ON ascora_customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode) VALUES ('delete', old.id, old.customer_name, old.company_name, old.email_address, old.phone_number, old.mobile_number, old.street_line1, old.street_suburb, old.street_postcode);
END;
--> statement-breakpoint
CREATE TRIGGER customers_fts_after_update AFTER UPDATE OF customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode ON ascora_customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode) VALUES ('delete', old.id, old.customer_name, old.company_name, old.email_address, old.phone_number, old.mobile_number, old.street_line1, old.street_suburb, old.street_postcode);
  INSERT INTO customers_fts(rowid, customer_name, company_name, email_address, phone_number, mobile_number, street_line1, street_suburb, street_postcode) VALUES (new.id, new.customer_name, new.company_name, new.email_address, new.phone_number, new.mobile_number, new.street_line1, new.street_suburb, new.street_postcode);
END;
--> statement-breakpoint
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
