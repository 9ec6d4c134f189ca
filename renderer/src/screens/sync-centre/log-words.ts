import type { LogKind, LogStatus, SyncLogRow } from '../../../../shared/domain';

/** A log line's status in words: a run that finished with refused changes is not called a success. */
export const LOG_STATUS_WORDS: Record<LogStatus, string> = {
  success: 'Finished',
  partial: 'Finished with failures',
  failed: 'Failed',
  pending: 'Waiting for a person',
  skipped: 'Skipped',
  running: 'Running',
  interrupted: 'Interrupted',
  discarded: 'Taken back',
};

/** The log's "About" filter in words. */
export const LOG_KIND_WORDS: Record<LogKind, string> = {
  run: 'Sync runs',
  customer: 'Customers',
  job: 'Jobs',
  payment: 'Payments',
  invoice: 'Invoices',
};

/** Log entries per page: the log is keyset-paged like the other lists. */
export const LOG_PAGE = 100;

/** What a log row is about: a run says which kind it was (design.md, sync rule 5). */
export function runKindLabel(r: Pick<SyncLogRow, 'runKind' | 'subject'>): string {
  if (r.runKind === 'full') return 'Sync run: full check';
  if (r.runKind === 'incremental') return 'Sync run: quick (new and recent jobs)';
  return r.subject.what;
}
