/**
 * Which cached answers a change in the core makes stale. The core's `record.changed` names the
 * entity and its records, and, when it knows them to be fewer, the queries it touched (a note
 * names its job's `jobs.get` only). A query of one record is narrowed to the records named; a
 * list is not (any of its rows may be one of them).
 */
import type { ChannelName } from '../../../shared/contract';
import type { AppEvents } from '../../../shared/events';

export type Change = AppEvents['record.changed'];
type Entity = Change['entity'];

/** Every query that shows something of the entity: what a change of it makes stale unless it names fewer. */
export const QUERIES_ABOUT: Record<Entity, ChannelName[]> = {
  job: [
    'reports.list',
    'jobs.list',
    'jobs.get',
    'jobs.statuses',
    'customers.related',
    'dashboard.summary',
    'sync.status',
    'sync.unsent',
    'sync.localOnly',
    'sync.toEnter',
    'sync.problems',
  ],
  customer: [
    'customers.list',
    'customers.get',
    'customers.related',
    'jobs.list',
    'jobs.get',
    'invoices.list',
    'invoices.get',
    'conflicts.list',
    'dashboard.summary',
    'sync.status',
    'sync.unsent',
    'sync.localOnly',
    'sync.problems',
    'sync.heldCandidates',
  ],
  invoice: [
    'invoices.list',
    'invoices.get',
    'jobs.get',
    'customers.related',
    'dashboard.summary',
    'sync.status',
    'sync.unsent',
    'sync.problems',
  ],
  report: ['reports.list', 'reports.get', 'jobs.previewFromReport', 'dashboard.summary'],
  // A sync run's end is logged: what Today says of the last sync moves with it.
  log: ['logs.list', 'sync.problems', 'dashboard.summary'],
  conflict: ['conflicts.list', 'customers.list', 'customers.get', 'dashboard.summary', 'sync.status', 'sync.problems'],
  integration: ['integration.status', 'schedule.get', 'sync.status', 'dashboard.summary'],
  settings: ['settings.get', 'settings.logFolder'],
};

/** Queries of one record: the entity and the input field that names it. */
const RECORD_QUERIES: Partial<Record<ChannelName, { entity: Entity; field: string }>> = {
  'jobs.get': { entity: 'job', field: 'jobId' },
  'customers.get': { entity: 'customer', field: 'customerId' },
  'customers.related': { entity: 'customer', field: 'customerId' },
  'invoices.get': { entity: 'invoice', field: 'invoiceId' },
};

/** Whether a cached answer, by its key [channel, input], is one the change made stale. */
export function isTouchedBy(change: Change, key: readonly unknown[]): boolean {
  const [channel, input] = key as [ChannelName, Record<string, unknown> | undefined];
  if (!(change.queries ?? QUERIES_ABOUT[change.entity]).includes(channel)) return false;
  const record = RECORD_QUERIES[channel];
  if (!record || record.entity !== change.entity || change.ids === 'many') return true;
  return change.ids.includes(input?.[record.field] as number);
}
