/**
 * Pull (design.md rule 5, ascora-api.md section 4). A full pass pages through each list, compares
 * content hashes and writes only what changed, one transaction per page with its checkpoint. A full
 * pass that completes in one go, and saw as many unique ids as Ascora counted, looks up each row it
 * did not see; Ascora's "not found" makes it remote_missing in that run. Nothing is ever hard-deleted.
 * An incremental run reads only what the API lets it find cheaply: jobs in a recent created-date
 * window, and the customers those jobs name that the mirror lacks. It never counts deletions.
 * Pages are fetched ahead while the one before is written (pipelinePages).
 */
// The steps live in sync/pull/: what every pull takes (options), a paged full pass (paged), and
// each list's own reading and writing (jobs, customers, invoices).
export {
  PULL_CONCURRENCY,
  PULL_MAX_IN_FLIGHT,
  PULL_PAGE_SIZE,
  RECENT_DAYS,
  type PullOptions,
  type PullResult,
} from './pull/options';
export { pullJobs, recentWindow } from './pull/jobs';
export { pullCustomers } from './pull/customers';
export { pullInvoices, priorToDateFor } from './pull/invoices';
