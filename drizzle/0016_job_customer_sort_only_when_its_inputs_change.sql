-- A pull's update of a job sets every Ascora field, its customer columns too, even when they are
-- unchanged, and "AFTER UPDATE OF" fires on the columns named in the SET, not on changed values: the
-- customer sort trigger of drizzle/0013 then wrote the job a second time (bench case 4: one job
-- edited in Ascora, two row writes). The key is recomputed only when one of its inputs on the job
-- changed (a customer's own changes have their triggers in 0013). Same expression as in 0013.
DROP TRIGGER jobs_customer_sort_after_update;
--> statement-breakpoint
CREATE TRIGGER jobs_customer_sort_after_update AFTER UPDATE OF integration_id, site_customer_id, site_customer_local_id, site_customer_name ON ascora_jobs
WHEN new.integration_id IS NOT old.integration_id OR new.site_customer_id IS NOT old.site_customer_id OR new.site_customer_local_id IS NOT old.site_customer_local_id OR new.site_customer_name IS NOT old.site_customer_name BEGIN
  UPDATE ascora_jobs SET customer_sort_key = lower(COALESCE(
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.id = ascora_jobs.site_customer_local_id),
    (SELECT NULLIF(c.customer_name, '') FROM ascora_customers c WHERE c.integration_id = ascora_jobs.integration_id AND c.ascora_customer_id = ascora_jobs.site_customer_id),
    ascora_jobs.site_customer_name, ''))
  WHERE id = new.id;
END;
